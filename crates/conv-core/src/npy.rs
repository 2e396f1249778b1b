//! Reading and writing NumPy `.npy` files of little-endian float32 in C order:
//! the format `np.save` writes and `np.load` reads.
//!
//! Only what conv-core needs is supported: dtype `<f4`, `fortran_order: False`,
//! header versions 1.0, 2.0 and 3.0. Everything else is refused with an error
//! that names the problem and, where there is one, the NumPy fix. Nothing here
//! touches the file system: callers pass a [`Read`] / [`Write`] (a byte slice and
//! a `Vec<u8>` both work), so the same code serves the CLI and the browser.

use crate::tensor::{Nchw, Tensor};
use std::fmt;
use std::io::{Read, Write};

const MAGIC: &[u8; 6] = b"\x93NUMPY";
/// NumPy refuses headers longer than this by default (`max_header_size`); so do we,
/// which keeps a corrupt length field from asking for gigabytes.
const MAX_HEADER_LEN: usize = 10_000;
/// The data offset is padded to a multiple of this, as NumPy does since 1.14.
const ALIGN: usize = 64;

/// Why a `.npy` file could not be read or written.
#[derive(Debug)]
pub enum NpyError {
    /// The underlying reader or writer failed.
    Io(std::io::Error),
    /// The file does not start with `\x93NUMPY`.
    BadMagic,
    /// A format version other than 1.0, 2.0 or 3.0.
    UnsupportedVersion { major: u8, minor: u8 },
    /// The header is not the Python dict literal NumPy writes.
    BadHeader(String),
    /// A dtype other than little-endian float32.
    UnsupportedDtype(String),
    /// `fortran_order: True`.
    FortranOrder,
    /// The array does not have the rank the caller needs.
    WrongRank { expected: usize, shape: Vec<usize> },
    /// The data after the header does not match the shape.
    DataLength {
        shape: Vec<usize>,
        expected: usize,
        got: usize,
    },
}

fn py_shape(shape: &[usize]) -> String {
    match shape {
        [one] => format!("({one},)"),
        _ => {
            let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
            format!("({})", dims.join(", "))
        }
    }
}

impl fmt::Display for NpyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NpyError::Io(e) => write!(f, "{e}"),
            NpyError::BadMagic => write!(f, "not a .npy file (it does not start with \\x93NUMPY)"),
            NpyError::UnsupportedVersion { major, minor } => write!(
                f,
                ".npy format version {major}.{minor} is not supported (expected 1.0, 2.0 or 3.0)"
            ),
            NpyError::BadHeader(why) => write!(f, "malformed .npy header: {why}"),
            NpyError::UnsupportedDtype(d) => write!(
                f,
                ".npy dtype '{d}' is not supported: only float32 little-endian ('<f4') is; convert with arr.astype('<f4')"
            ),
            NpyError::FortranOrder => write!(
                f,
                ".npy array is in Fortran order (fortran_order: True); only C order is supported: save np.ascontiguousarray(arr)"
            ),
            NpyError::WrongRank { expected, shape } => write!(
                f,
                ".npy array has shape {} but a {expected}-D array is needed{}",
                py_shape(shape),
                if *expected == 4 { " (N, C, H, W)" } else { "" }
            ),
            NpyError::DataLength { shape, expected, got } => write!(
                f,
                ".npy data holds {got} bytes but shape {} needs {expected}",
                py_shape(shape)
            ),
        }
    }
}

impl std::error::Error for NpyError {}

impl From<std::io::Error> for NpyError {
    fn from(e: std::io::Error) -> Self {
        NpyError::Io(e)
    }
}

/// An array read from a `.npy` file: any rank, float32, C order.
#[derive(Debug, Clone, PartialEq)]
pub struct NpyArray {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

impl NpyArray {
    /// The array as a 4-D NCHW tensor; refuses any other rank.
    pub fn into_tensor(self) -> Result<Tensor, NpyError> {
        let Some(shape) = Nchw::from_slice(&self.shape) else {
            return Err(NpyError::WrongRank {
                expected: 4,
                shape: self.shape,
            });
        };
        // Lengths were checked when reading, so this cannot fail.
        Ok(Tensor {
            shape,
            data: self.data,
        })
    }

    /// The values of a 1-D array (a bias); refuses any other rank.
    pub fn into_vec1(self) -> Result<Vec<f32>, NpyError> {
        if self.shape.len() != 1 {
            return Err(NpyError::WrongRank {
                expected: 1,
                shape: self.shape,
            });
        }
        Ok(self.data)
    }
}

/// Reads one `.npy` array.
pub fn read(mut r: impl Read) -> Result<NpyArray, NpyError> {
    let mut magic = [0u8; 8];
    read_exact_or(&mut r, &mut magic, NpyError::BadMagic)?;
    if &magic[..6] != MAGIC {
        return Err(NpyError::BadMagic);
    }
    let (major, minor) = (magic[6], magic[7]);
    let header_len = match (major, minor) {
        (1, 0) => {
            let mut b = [0u8; 2];
            read_exact_or(&mut r, &mut b, truncated("header length"))?;
            u16::from_le_bytes(b) as usize
        }
        (2, 0) | (3, 0) => {
            let mut b = [0u8; 4];
            read_exact_or(&mut r, &mut b, truncated("header length"))?;
            u32::from_le_bytes(b) as usize
        }
        _ => return Err(NpyError::UnsupportedVersion { major, minor }),
    };
    if header_len > MAX_HEADER_LEN {
        return Err(NpyError::BadHeader(format!(
            "header is {header_len} bytes, over the {MAX_HEADER_LEN}-byte limit"
        )));
    }
    let mut header = vec![0u8; header_len];
    read_exact_or(&mut r, &mut header, truncated("header"))?;
    // 1.0 and 2.0 headers are latin-1, 3.0 UTF-8; the keys and values we accept are ASCII.
    let header = String::from_utf8(header)
        .map_err(|_| NpyError::BadHeader("header is not ASCII/UTF-8 text".into()))?;
    let shape = parse_header(&header)?;

    let count = shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .and_then(|n| n.checked_mul(4).map(|b| (n, b)));
    let Some((count, expected)) = count else {
        return Err(NpyError::BadHeader(format!(
            "shape {} is too large",
            py_shape(&shape)
        )));
    };
    // Read at most one byte more than needed: enough to notice trailing data without
    // trusting the header's size for an allocation.
    let mut bytes = Vec::new();
    (&mut r).take(expected as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() != expected {
        let got = if bytes.len() > expected {
            // Count the rest too, so the message says how much is there.
            let mut rest = Vec::new();
            r.read_to_end(&mut rest)?;
            bytes.len() + rest.len()
        } else {
            bytes.len()
        };
        return Err(NpyError::DataLength {
            shape,
            expected,
            got,
        });
    }
    let mut data = Vec::with_capacity(count);
    data.extend(
        bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])),
    );
    Ok(NpyArray { shape, data })
}

/// Reads a 4-D array as an NCHW tensor.
pub fn read_tensor(r: impl Read) -> Result<Tensor, NpyError> {
    read(r)?.into_tensor()
}

/// Reads a 1-D array (a bias vector).
pub fn read_vec1(r: impl Read) -> Result<Vec<f32>, NpyError> {
    read(r)?.into_vec1()
}

/// Writes `data` with `shape` as a version 1.0 `.npy` (2.0 if the header needs it),
/// byte for byte what `np.save` writes for a `<f4` array.
pub fn write(mut w: impl Write, shape: &[usize], data: &[f32]) -> Result<(), NpyError> {
    let expected = shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
    if expected != Some(data.len()) {
        return Err(NpyError::DataLength {
            shape: shape.to_vec(),
            expected: expected.map_or(usize::MAX, |n| n.saturating_mul(4)),
            got: data.len() * 4,
        });
    }
    let dict = format!(
        "{{'descr': '<f4', 'fortran_order': False, 'shape': {}, }}",
        py_shape(shape)
    );
    // Magic (6) + version (2) + length field (2 or 4) + dict + padding + '\n'.
    let padded = |prefix: usize| {
        let unpadded = prefix + dict.len() + 1;
        dict.len() + 1 + (ALIGN - unpadded % ALIGN) % ALIGN
    };
    let (version, header_len) = if padded(10) <= u16::MAX as usize {
        (1u8, padded(10))
    } else {
        (2u8, padded(12))
    };
    let mut out = Vec::with_capacity(12 + header_len + data.len() * 4);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[version, 0]);
    if version == 1 {
        out.extend_from_slice(&(header_len as u16).to_le_bytes());
    } else {
        out.extend_from_slice(&(header_len as u32).to_le_bytes());
    }
    out.extend_from_slice(dict.as_bytes());
    out.resize(out.len() + header_len - dict.len() - 1, b' ');
    out.push(b'\n');
    for v in data {
        out.extend_from_slice(&v.to_le_bytes());
    }
    w.write_all(&out)?;
    Ok(())
}

/// Writes a tensor as a 4-D `.npy`.
pub fn write_tensor(w: impl Write, t: &Tensor) -> Result<(), NpyError> {
    write(w, &t.shape.to_array(), &t.data)
}

/// The `.npy` bytes of `data` with `shape` (for a browser download).
pub fn to_bytes(shape: &[usize], data: &[f32]) -> Result<Vec<u8>, NpyError> {
    let mut out = Vec::new();
    write(&mut out, shape, data)?;
    Ok(out)
}

fn truncated(what: &str) -> NpyError {
    NpyError::BadHeader(format!("file ends inside the {what}"))
}

fn read_exact_or(r: &mut impl Read, buf: &mut [u8], short: NpyError) -> Result<(), NpyError> {
    match r.read_exact(buf) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(short),
        Err(e) => Err(NpyError::Io(e)),
    }
}

/// Parses `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` (keys in any
/// order, any spacing) and returns the shape after checking dtype and order.
fn parse_header(text: &str) -> Result<Vec<usize>, NpyError> {
    let body = text.trim_end_matches(['\n', ' ', '\0']).trim();
    let inner = body
        .strip_prefix('{')
        .and_then(|b| b.strip_suffix('}'))
        .ok_or_else(|| NpyError::BadHeader(format!("expected a Python dict, got {body:?}")))?;
    let mut p = Parser { s: inner, pos: 0 };
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    loop {
        p.skip_ws();
        if p.done() {
            break;
        }
        let key = p.string()?;
        p.expect(':')?;
        match key.as_str() {
            "descr" => descr = Some(p.value_string()?),
            "fortran_order" => fortran = Some(p.boolean()?),
            "shape" => shape = Some(p.tuple()?),
            other => {
                return Err(NpyError::BadHeader(format!("unexpected key '{other}'")));
            }
        }
        p.skip_ws();
        if !p.eat(',') {
            p.skip_ws();
            if !p.done() {
                return Err(NpyError::BadHeader("expected ',' between entries".into()));
            }
        }
    }
    let missing = |k: &str| NpyError::BadHeader(format!("missing key '{k}'"));
    let descr = descr.ok_or_else(|| missing("descr"))?;
    let fortran = fortran.ok_or_else(|| missing("fortran_order"))?;
    let shape = shape.ok_or_else(|| missing("shape"))?;
    // '<f4' is what NumPy writes for float32 on every little-endian machine.
    if descr != "<f4" {
        return Err(NpyError::UnsupportedDtype(descr));
    }
    if fortran {
        return Err(NpyError::FortranOrder);
    }
    Ok(shape)
}

/// Just enough of a Python literal parser for `.npy` headers.
struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }
    fn done(&self) -> bool {
        self.pos >= self.s.len()
    }
    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.s.len() - trimmed.len();
    }
    fn eat(&mut self, c: char) -> bool {
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn expect(&mut self, c: char) -> Result<(), NpyError> {
        self.skip_ws();
        if self.eat(c) {
            Ok(())
        } else {
            Err(NpyError::BadHeader(format!(
                "expected '{c}' at {:?}",
                self.rest()
            )))
        }
    }
    fn string(&mut self) -> Result<String, NpyError> {
        self.skip_ws();
        let quote = match self.rest().chars().next() {
            Some(q @ ('\'' | '"')) => q,
            _ => {
                return Err(NpyError::BadHeader(format!(
                    "expected a quoted string at {:?}",
                    self.rest()
                )))
            }
        };
        self.pos += 1;
        let end = self
            .rest()
            .find(quote)
            .ok_or_else(|| NpyError::BadHeader("unterminated string".into()))?;
        let out = self.rest()[..end].to_string();
        self.pos += end + 1;
        Ok(out)
    }
    /// `descr` is a string for simple dtypes; a list means a structured dtype.
    fn value_string(&mut self) -> Result<String, NpyError> {
        self.skip_ws();
        if self.rest().starts_with('[') {
            return Err(NpyError::UnsupportedDtype("structured dtype".into()));
        }
        self.string()
    }
    fn boolean(&mut self) -> Result<bool, NpyError> {
        self.skip_ws();
        for (word, v) in [("True", true), ("False", false)] {
            if self.rest().starts_with(word) {
                self.pos += word.len();
                return Ok(v);
            }
        }
        Err(NpyError::BadHeader(format!(
            "expected True or False at {:?}",
            self.rest()
        )))
    }
    fn tuple(&mut self) -> Result<Vec<usize>, NpyError> {
        self.expect('(')?;
        let mut dims = Vec::new();
        loop {
            self.skip_ws();
            if self.eat(')') {
                return Ok(dims);
            }
            let digits: usize = self
                .rest()
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(self.rest().len());
            if digits == 0 {
                return Err(NpyError::BadHeader(format!(
                    "expected a dimension at {:?}",
                    self.rest()
                )));
            }
            let d = self.rest()[..digits]
                .parse()
                .map_err(|_| NpyError::BadHeader("dimension too large".into()))?;
            dims.push(d);
            self.pos += digits;
            self.skip_ws();
            if !self.eat(',') {
                self.skip_ws();
                if !self.rest().starts_with(')') {
                    return Err(NpyError::BadHeader(format!(
                        "expected ',' or ')' in shape at {:?}",
                        self.rest()
                    )));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `np.save(buf, np.arange(6, dtype='<f4').reshape(1, 1, 2, 3))`, NumPy 2.4.6.
    const NUMPY_ARANGE_1123: &[u8] = b"\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 2, 3), }                                                    \n\x00\x00\x00\x00\x00\x00\x80?\x00\x00\x00@\x00\x00@@\x00\x00\x80@\x00\x00\xa0@";
    /// `np.save(buf, np.array([0.5, -1.0, 2.0], dtype='<f4'))`, NumPy 2.4.6.
    const NUMPY_BIAS_3: &[u8] = b"\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }                                                            \n\x00\x00\x00?\x00\x00\x80\xbf\x00\x00\x00@";

    fn header(dict: &str) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&[1, 0]);
        out.extend_from_slice(&(dict.len() as u16).to_le_bytes());
        out.extend_from_slice(dict.as_bytes());
        out
    }

    #[test]
    fn reads_what_numpy_wrote() {
        let t = read_tensor(NUMPY_ARANGE_1123).unwrap();
        assert_eq!(t.shape, Nchw::new(1, 1, 2, 3));
        assert_eq!(t.data, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(read_vec1(NUMPY_BIAS_3).unwrap(), vec![0.5, -1.0, 2.0]);
    }

    #[test]
    fn writes_what_numpy_writes() {
        let t = Tensor::new(Nchw::new(1, 1, 2, 3), (0..6).map(|v| v as f32).collect()).unwrap();
        let mut out = Vec::new();
        write_tensor(&mut out, &t).unwrap();
        assert_eq!(out, NUMPY_ARANGE_1123);
        assert_eq!(to_bytes(&[3], &[0.5, -1.0, 2.0]).unwrap(), NUMPY_BIAS_3);
    }

    #[test]
    fn round_trip_keeps_every_bit() {
        let data = vec![
            f32::MIN_POSITIVE,
            -0.0,
            1e-40,
            f32::MAX,
            -3.25,
            f32::INFINITY,
        ];
        let t = Tensor::new(Nchw::new(2, 3, 1, 1), data.clone()).unwrap();
        let bytes = to_bytes(&t.shape.to_array(), &t.data).unwrap();
        assert_eq!(bytes.len() % ALIGN, 24 % ALIGN); // 64-byte header + 24 data bytes
        let back = read_tensor(bytes.as_slice()).unwrap();
        assert_eq!(back.shape, t.shape);
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back.data), bits(&data));
        // Scalars and empty arrays survive too.
        let s = read(to_bytes(&[], &[7.0]).unwrap().as_slice()).unwrap();
        assert_eq!((s.shape, s.data), (vec![], vec![7.0]));
        let e = read(to_bytes(&[0, 4], &[]).unwrap().as_slice()).unwrap();
        assert_eq!(e.shape, vec![0, 4]);
    }

    #[test]
    fn version_2_header_and_loose_spacing() {
        let dict = "{\"shape\":(2,),\"fortran_order\":False,\"descr\":'<f4'}\n";
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&[2, 0]);
        b.extend_from_slice(&(dict.len() as u32).to_le_bytes());
        b.extend_from_slice(dict.as_bytes());
        b.extend_from_slice(&1.5f32.to_le_bytes());
        b.extend_from_slice(&2.5f32.to_le_bytes());
        assert_eq!(read_vec1(b.as_slice()).unwrap(), vec![1.5, 2.5]);
    }

    fn err(bytes: &[u8]) -> String {
        read(bytes).unwrap_err().to_string()
    }

    #[test]
    fn clear_errors() {
        assert!(err(b"PK\x03\x04 not npy").contains("not a .npy file"));
        assert!(err(b"\x93NU").contains("not a .npy file"));
        let mut v4 = NUMPY_BIAS_3.to_vec();
        v4[6] = 4;
        assert!(err(&v4).contains("version 4.0 is not supported"));

        let f8 = header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\n");
        let e = err(&f8);
        assert!(
            e.contains("dtype '<f8'") && e.contains("astype('<f4')"),
            "{e}"
        );
        let be = header("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }\n");
        assert!(err(&be).contains("dtype '>f4'"));

        let fortran = header("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n");
        assert!(err(&fortran).contains("Fortran order"));

        let mut short = NUMPY_ARANGE_1123.to_vec();
        short.truncate(short.len() - 4);
        assert_eq!(
            err(&short),
            ".npy data holds 20 bytes but shape (1, 1, 2, 3) needs 24"
        );
        let mut long = NUMPY_ARANGE_1123.to_vec();
        long.extend_from_slice(&[0; 8]);
        assert!(err(&long).contains("holds 32 bytes"));

        let e = read_tensor(NUMPY_BIAS_3).unwrap_err().to_string();
        assert_eq!(
            e,
            ".npy array has shape (3,) but a 4-D array is needed (N, C, H, W)"
        );
        assert!(read_vec1(NUMPY_ARANGE_1123)
            .unwrap_err()
            .to_string()
            .contains("1-D"));

        assert!(err(&header("{'descr': '<f4', 'shape': (1,), }\n")).contains("missing key"));
        assert!(err(&header("not a dict\n")).contains("malformed .npy header"));
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&[2, 0]);
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(err(&huge).contains("limit"));
    }

    #[test]
    fn write_checks_length() {
        assert!(to_bytes(&[2, 2], &[1.0; 3]).is_err());
    }
}
