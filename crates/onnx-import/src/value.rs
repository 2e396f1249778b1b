//! The values of small tensors known at import time: the int64 shape tensors of
//! `Shape → Gather → Concat → Reshape` chains, a Slice's bounds, Resize's scales.
//! Weights are never read: a tensor with more than [`MAX_FOLD`] elements keeps
//! only its shape.

use crate::proto::TensorProto;

/// Tensors up to this many elements have their values read and folded.
pub const MAX_FOLD: usize = 4096;

// ONNX's TensorProto.DataType numbers.
pub const FLOAT: i32 = 1;
const UINT8: i32 = 2;
const INT8: i32 = 3;
const UINT16: i32 = 4;
const INT16: i32 = 5;
const INT32: i32 = 6;
pub const INT64: i32 = 7;
const BOOL: i32 = 9;
const DOUBLE: i32 = 11;
const UINT32: i32 = 12;

/// A small tensor's values, row-major: integers (and booleans) or floats.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    Int(Vec<i64>),
    Float(Vec<f64>),
}

impl Data {
    pub fn len(&self) -> usize {
        match self {
            Data::Int(v) => v.len(),
            Data::Float(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values as integers, when they are integers.
    pub fn ints(&self) -> Option<&[i64]> {
        match self {
            Data::Int(v) => Some(v),
            Data::Float(_) => None,
        }
    }

    /// The values as floats (integers converted).
    pub fn floats(&self) -> Vec<f64> {
        match self {
            Data::Int(v) => v.iter().map(|&x| x as f64).collect(),
            Data::Float(v) => v.clone(),
        }
    }

    /// The values at `idx`, in order; `None` if one is out of range.
    pub fn pick(&self, mut idx: impl Iterator<Item = usize>) -> Option<Data> {
        match self {
            Data::Int(v) => idx
                .try_fold(Vec::new(), |mut o, i| {
                    o.push(*v.get(i)?);
                    Some(o)
                })
                .map(Data::Int),
            Data::Float(v) => idx
                .try_fold(Vec::new(), |mut o, i| {
                    o.push(*v.get(i)?);
                    Some(o)
                })
                .map(Data::Float),
        }
    }

    /// Cast to ONNX data type `to`: floats truncate toward zero into integers;
    /// any other type than the integers and FLOAT/DOUBLE gives `None`.
    pub fn cast(&self, to: i32) -> Option<Data> {
        let int = matches!(
            to,
            UINT8 | INT8 | UINT16 | INT16 | INT32 | INT64 | BOOL | UINT32
        );
        match (self, int) {
            (Data::Int(v), true) if to == BOOL => {
                Some(Data::Int(v.iter().map(|&x| i64::from(x != 0)).collect()))
            }
            (Data::Int(v), true) => Some(Data::Int(v.clone())),
            (Data::Float(v), true) => {
                let ok = v.iter().all(|x| x.is_finite() && x.abs() < 9.2e18);
                ok.then(|| Data::Int(v.iter().map(|&x| x as i64).collect()))
            }
            (d, false) if to == FLOAT || to == DOUBLE => Some(Data::Float(d.floats())),
            _ => None,
        }
    }
}

/// The dims of a stored tensor, if none is negative.
pub fn dims(t: &TensorProto) -> Option<Vec<usize>> {
    t.dims.iter().map(|&d| usize::try_from(d).ok()).collect()
}

/// Product of `dims`, `None` on overflow.
pub fn numel(dims: &[usize]) -> Option<usize> {
    dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d))
}

/// The values of a stored tensor, when it is small and held in a field this reader
/// decodes (raw_data, int64_data, int32_data; never float_data, see the proto).
pub fn data(t: &TensorProto) -> Option<Data> {
    let n = numel(&dims(t)?)?;
    if n > MAX_FOLD {
        return None;
    }
    if !t.raw_data.is_empty() {
        return raw(&t.raw_data, t.data_type, n);
    }
    let data = match t.data_type {
        INT64 => Data::Int(t.int64_data.clone()),
        UINT8 | INT8 | UINT16 | INT16 | INT32 | BOOL => {
            Data::Int(t.int32_data.iter().map(|&x| i64::from(x)).collect())
        }
        _ => return None,
    };
    (data.len() == n).then_some(data)
}

fn raw(bytes: &[u8], data_type: i32, n: usize) -> Option<Data> {
    let width = match data_type {
        UINT8 | INT8 | BOOL => 1,
        UINT16 | INT16 => 2,
        INT32 | UINT32 | FLOAT => 4,
        INT64 | DOUBLE => 8,
        _ => return None,
    };
    if bytes.len() != n.checked_mul(width)? {
        return None;
    }
    let chunks = bytes.chunks_exact(width);
    let data = match data_type {
        UINT8 | BOOL => Data::Int(chunks.map(|c| i64::from(c[0])).collect()),
        INT8 => Data::Int(chunks.map(|c| i64::from(c[0] as i8)).collect()),
        UINT16 => Data::Int(
            chunks
                .map(|c| i64::from(u16::from_le_bytes([c[0], c[1]])))
                .collect(),
        ),
        INT16 => Data::Int(
            chunks
                .map(|c| i64::from(i16::from_le_bytes([c[0], c[1]])))
                .collect(),
        ),
        INT32 => Data::Int(
            chunks
                .map(|c| i64::from(i32::from_le_bytes([c[0], c[1], c[2], c[3]])))
                .collect(),
        ),
        UINT32 => Data::Int(
            chunks
                .map(|c| i64::from(u32::from_le_bytes([c[0], c[1], c[2], c[3]])))
                .collect(),
        ),
        FLOAT => Data::Float(
            chunks
                .map(|c| f64::from(f32::from_le_bytes([c[0], c[1], c[2], c[3]])))
                .collect(),
        ),
        INT64 => Data::Int(chunks.map(|c| i64::from_le_bytes(eight(c))).collect()),
        _ => Data::Float(chunks.map(|c| f64::from_le_bytes(eight(c))).collect()),
    };
    Some(data)
}

fn eight(c: &[u8]) -> [u8; 8] {
    let mut b = [0u8; 8];
    b.copy_from_slice(c);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tensor(dims: &[i64], data_type: i32, raw: &[u8]) -> TensorProto {
        TensorProto {
            dims: dims.to_vec(),
            data_type,
            raw_data: raw.to_vec().into(),
            ..Default::default()
        }
    }

    #[test]
    fn raw_int64_and_float() {
        let raw: Vec<u8> = [1i64, -1, 58]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert_eq!(
            data(&tensor(&[3], INT64, &raw)),
            Some(Data::Int(vec![1, -1, 58]))
        );
        let raw: Vec<u8> = [2.0f32, 0.5].iter().flat_map(|v| v.to_le_bytes()).collect();
        assert_eq!(
            data(&tensor(&[2], FLOAT, &raw)),
            Some(Data::Float(vec![2.0, 0.5]))
        );
        // A length that disagrees with the dims, and a negative dim: no values.
        assert_eq!(data(&tensor(&[4], INT64, &raw)), None);
        assert_eq!(data(&tensor(&[-1], INT64, &raw)), None);
    }

    #[test]
    fn big_tensors_keep_only_their_shape() {
        let t = tensor(&[MAX_FOLD as i64 + 1], 3, &vec![0; MAX_FOLD + 1]);
        assert_eq!(data(&t), None);
        assert_eq!(dims(&t), Some(vec![MAX_FOLD + 1]));
    }

    #[test]
    fn casts() {
        let f = Data::Float(vec![2.7, -2.7]);
        assert_eq!(f.cast(INT64), Some(Data::Int(vec![2, -2])));
        assert_eq!(
            Data::Int(vec![0, 3]).cast(BOOL),
            Some(Data::Int(vec![0, 1]))
        );
        assert_eq!(Data::Float(vec![f64::NAN]).cast(INT64), None);
        assert_eq!(Data::Int(vec![1]).cast(FLOAT), Some(Data::Float(vec![1.0])));
    }
}
