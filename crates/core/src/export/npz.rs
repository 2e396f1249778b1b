//! The job's tensors as one NumPy `.npz`: what `np.savez` writes, a zip of
//! `<name>.npy` files, here with every entry STORED (uncompressed).
//!
//! The zip is written by hand (about forty lines) with the CRC-32 from `crc32fast`,
//! rather than with the `zip` crate: this runs on the page in wasm, where every
//! dependency adds to the download, and a stored zip needs no compressor, no
//! reader and no time zone. Float noise barely compresses anyway. No Zip64: the
//! page's limits (2^25 elements per tensor, at most seven tensors) keep every
//! offset and size far under 4 GiB.

use conv_core::npy;

use crate::compute::JobResult;

/// The arrays of a result, in the order they are written: `x` (input), `w`, `b`
/// (when the layer has a bias); for separable `t` (the depthwise output), `w_pw`,
/// `b_pw`; then `y` (the output). Shapes are NCHW, weights `[out, in/groups, kh, kw]`.
pub fn arrays(r: &JobResult) -> Vec<(&'static str, Vec<usize>, &[f32])> {
    let t4 = |t: &conv_core::Tensor| t.shape.to_array().to_vec();
    let mut out = vec![
        ("x", t4(&r.input), r.input.data.as_slice()),
        ("w", t4(&r.weight), r.weight.data.as_slice()),
    ];
    if let Some(b) = &r.bias {
        out.push(("b", vec![b.len()], b.as_slice()));
    }
    if let Some(t) = &r.intermediate {
        out.push(("t", t4(t), t.data.as_slice()));
    }
    if let Some(w) = &r.pw_weight {
        out.push(("w_pw", t4(w), w.data.as_slice()));
    }
    if let Some(b) = &r.pw_bias {
        out.push(("b_pw", vec![b.len()], b.as_slice()));
    }
    out.push(("y", t4(&r.output), r.output.data.as_slice()));
    out
}

/// The `.npz` bytes of [`arrays`]: `np.load(path)["w"]` is the weight.
pub fn npz(r: &JobResult) -> Result<Vec<u8>, String> {
    let mut files = Vec::new();
    for (name, shape, data) in arrays(r) {
        let bytes = npy::to_bytes(&shape, data).map_err(|e| e.to_string())?;
        files.push((format!("{name}.npy"), bytes));
    }
    Ok(stored_zip(&files))
}

const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;
/// Version 2.0: the oldest that every reader accepts for stored entries.
const VERSION: u16 = 20;
/// 1980-01-01 00:00 in MS-DOS form (date: day 1, month 1, year 0 since 1980).
const DOS_DATE: u16 = (1 << 5) | 1;

/// A zip archive of `files` (name, contents), every entry stored uncompressed.
pub fn stored_zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let size: usize = files.iter().map(|(n, d)| 76 + 2 * n.len() + d.len()).sum();
    let mut out = Vec::with_capacity(size + 22);
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32fast::hash(data);
        put32(&mut out, LOCAL);
        entry_fields(&mut out, name, data.len() as u32, crc);
        put16(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        put32(&mut central, CENTRAL);
        put16(&mut central, VERSION); // made by
        entry_fields(&mut central, name, data.len() as u32, crc);
        // Extra, comment, disk, internal and external attributes, then the offset.
        for _ in 0..4 {
            put16(&mut central, 0);
        }
        put32(&mut central, 0);
        put32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    put32(&mut out, END);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // disk of the central directory
    put16(&mut out, files.len() as u16);
    put16(&mut out, files.len() as u16);
    put32(&mut out, central.len() as u32);
    put32(&mut out, central_offset);
    put16(&mut out, 0); // comment length
    out
}

/// The fields a local header and a central entry share, from "version needed"
/// to the name's length.
fn entry_fields(out: &mut Vec<u8>, name: &str, len: u32, crc: u32) {
    put16(out, VERSION);
    put16(out, 0); // flags
    put16(out, 0); // method: stored
    put16(out, 0); // time
    put16(out, DOS_DATE);
    put32(out, crc);
    put32(out, len); // compressed size
    put32(out, len); // uncompressed size
    put16(out, name.len() as u16);
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::setting::test_setting::setting;
    use crate::compute::{run_job, InputSource, JobRequest};
    use conv_core::weights::WeightPreset;
    use conv_core::ConvKind;

    fn u16_at(b: &[u8], i: usize) -> usize {
        u16::from_le_bytes([b[i], b[i + 1]]) as usize
    }
    fn u32_at(b: &[u8], i: usize) -> usize {
        u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize
    }

    /// Reads a stored zip back through its central directory, as a zip reader
    /// does, checking each local header and CRC on the way.
    fn unzip(z: &[u8]) -> Vec<(String, Vec<u8>)> {
        let end = z.len() - 22;
        assert_eq!(u32_at(z, end), END as usize);
        let (count, mut at) = (u16_at(z, end + 10), u32_at(z, end + 16));
        assert_eq!(u32_at(z, end + 12), end - at, "central directory size");
        let mut files = Vec::new();
        for _ in 0..count {
            assert_eq!(u32_at(z, at), CENTRAL as usize);
            assert_eq!(u16_at(z, at + 10), 0, "stored");
            let (crc, len) = (u32_at(z, at + 16), u32_at(z, at + 24));
            let name_len = u16_at(z, at + 28);
            let local = u32_at(z, at + 42);
            let name = String::from_utf8(z[at + 46..at + 46 + name_len].to_vec()).unwrap();
            assert_eq!(u32_at(z, local), LOCAL as usize);
            assert_eq!(u32_at(z, local + 14), crc);
            let start = local + 30 + u16_at(z, local + 26) + u16_at(z, local + 28);
            let data = z[start..start + len].to_vec();
            assert_eq!(crc32fast::hash(&data) as usize, crc, "{name}");
            files.push((name, data));
            at += 46 + name_len;
        }
        files
    }

    fn result(mode: ConvKind, bias: bool) -> JobResult {
        let mut s = setting(mode, &[("h", "5"), ("w", "6"), ("multiplier", "2")]);
        s.base.bias = bias;
        let req = JobRequest {
            id: 1,
            setting: s,
            seed: 7,
            input: InputSource::Random,
            weights: WeightPreset::Random,
            sample: None,
        };
        run_job(&req).unwrap()
    }

    #[test]
    fn npz_round_trips_every_array_bit_for_bit() {
        for (mode, bias, names) in [
            (ConvKind::Grouped, true, "x w b y"),
            (ConvKind::Standard, false, "x w y"),
            (ConvKind::Separable, true, "x w b t w_pw b_pw y"),
            (ConvKind::Separable, false, "x w t w_pw y"),
        ] {
            let r = result(mode, bias);
            let files = unzip(&npz(&r).unwrap());
            let got: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
            let want: Vec<String> = names.split(' ').map(|n| format!("{n}.npy")).collect();
            assert_eq!(got, want, "{mode:?}");
            for ((_, bytes), (name, shape, data)) in files.iter().zip(arrays(&r)) {
                let a = npy::read(bytes.as_slice()).unwrap();
                assert_eq!(a.shape, shape, "{name}");
                let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&a.data), bits(data), "{name}");
            }
        }
    }

    #[test]
    fn empty_zip_is_just_the_end_record() {
        let z = stored_zip(&[]);
        assert_eq!(z.len(), 22);
        assert!(unzip(&z).is_empty());
    }
}
