//! Bytes to a [`ModelProto`], and why not when they are not one.
//!
//! prost decodes; when it fails, a small walk over the protobuf wire format (the
//! field numbers of ONNX's messages, nothing decoded) tells a file that was cut
//! short, and where, from bytes that were never ONNX: prost's own error names
//! neither the byte nor the field in a form a program can read.

use crate::error::{ModelError, NotOnnx, Result};
use crate::proto::ModelProto;
use bytes::Bytes;
use prost::Message;

/// The `ai.onnx` operator set versions read here.
pub const OPSET_MIN: i64 = 7;
pub const OPSET_MAX: i64 = 23;

/// Decodes `bytes`; `raw_data` fields become slices of `bytes`, not copies.
pub fn model(bytes: Bytes) -> Result<ModelProto> {
    if bytes.is_empty() {
        return Err(ModelError::Empty);
    }
    match ModelProto::decode(bytes.clone()) {
        Ok(m) if m.graph.is_some() => Ok(m),
        Ok(_) => Err(ModelError::NotOnnx(NotOnnx::NoGraph)),
        Err(_) => Err(why_not(&bytes)),
    }
}

/// The `ai.onnx` opset the model imports, if in [`OPSET_MIN`]..=[`OPSET_MAX`].
pub fn opset(model: &ModelProto) -> Result<i64> {
    let found = model
        .opset_import
        .iter()
        .filter(|o| o.domain.is_empty() || o.domain == "ai.onnx")
        .map(|o| o.version)
        .max();
    match found {
        Some(v) if (OPSET_MIN..=OPSET_MAX).contains(&v) => Ok(v),
        _ => Err(ModelError::UnsupportedOpset {
            domain: "ai.onnx".to_string(),
            found,
            min: OPSET_MIN,
            max: OPSET_MAX,
        }),
    }
}

/// The messages walked into.
#[derive(Clone, Copy)]
enum Msg {
    Model,
    Graph,
    Node,
    Attribute,
    Tensor,
    ValueInfo,
}

/// One field of a message: its number, its name, and its message type if it is one.
struct Field {
    num: u64,
    name: &'static str,
    msg: Option<Msg>,
}

const fn f(num: u64, name: &'static str) -> Field {
    Field {
        num,
        name,
        msg: None,
    }
}

const fn m(num: u64, name: &'static str, msg: Msg) -> Field {
    Field {
        num,
        name,
        msg: Some(msg),
    }
}

fn fields(msg: Msg) -> &'static [Field] {
    match msg {
        Msg::Model => MODEL,
        Msg::Graph => GRAPH,
        Msg::Node => NODE,
        Msg::Attribute => ATTRIBUTE,
        Msg::Tensor => TENSOR,
        Msg::ValueInfo => VALUE_INFO,
    }
}

// Every field ONNX defines (onnx.proto), so that a real model's bytes walk
// cleanly; only the message-typed ones are walked into.
const MODEL: &[Field] = &[
    f(1, "ir_version"),
    f(2, "producer_name"),
    f(3, "producer_version"),
    f(4, "domain"),
    f(5, "model_version"),
    f(6, "doc_string"),
    m(7, "graph", Msg::Graph),
    f(8, "opset_import"),
    f(14, "metadata_props"),
    f(20, "training_info"),
    f(25, "functions"),
    f(26, "configuration"),
];
const GRAPH: &[Field] = &[
    m(1, "node", Msg::Node),
    f(2, "name"),
    m(5, "initializer", Msg::Tensor),
    f(10, "doc_string"),
    m(11, "input", Msg::ValueInfo),
    m(12, "output", Msg::ValueInfo),
    m(13, "value_info", Msg::ValueInfo),
    f(14, "quantization_annotation"),
    f(15, "sparse_initializer"),
    f(16, "metadata_props"),
];
const NODE: &[Field] = &[
    f(1, "input"),
    f(2, "output"),
    f(3, "name"),
    f(4, "op_type"),
    m(5, "attribute", Msg::Attribute),
    f(6, "doc_string"),
    f(7, "domain"),
    f(8, "overload"),
    f(9, "metadata_props"),
];
const ATTRIBUTE: &[Field] = &[
    f(1, "name"),
    f(2, "f"),
    f(3, "i"),
    f(4, "s"),
    m(5, "t", Msg::Tensor),
    m(6, "g", Msg::Graph),
    f(7, "floats"),
    f(8, "ints"),
    f(9, "strings"),
    m(10, "tensors", Msg::Tensor),
    m(11, "graphs", Msg::Graph),
    f(13, "doc_string"),
    f(20, "type"),
    f(21, "ref_attr_name"),
];
const TENSOR: &[Field] = &[
    f(1, "dims"),
    f(2, "data_type"),
    f(3, "segment"),
    f(4, "float_data"),
    f(5, "int32_data"),
    f(6, "string_data"),
    f(7, "int64_data"),
    f(8, "name"),
    f(9, "raw_data"),
    f(10, "double_data"),
    f(11, "uint64_data"),
    f(12, "doc_string"),
    f(13, "external_data"),
    f(14, "data_location"),
    f(16, "metadata_props"),
];
const VALUE_INFO: &[Field] = &[f(1, "name"), f(2, "type"), f(3, "doc_string")];

/// Where a walk stopped.
enum Stop {
    /// A field starting at this byte runs past the end of the file.
    Cut { at: usize },
    /// Bytes that no ONNX writer produces.
    Invalid,
}

/// Truncated when the bytes are a well-formed start of a model that ends inside
/// a field; not ONNX otherwise.
fn why_not(bytes: &[u8]) -> ModelError {
    let mut path = Vec::new();
    match walk(bytes, 0, bytes.len(), Msg::Model, true, &mut path, 0) {
        Err(Stop::Cut { at }) => ModelError::Truncated {
            at,
            len: bytes.len(),
            reading: path.into_iter().map(String::from).collect(),
        },
        _ => ModelError::NotOnnx(NotOnnx::DoesNotDecode),
    }
}

fn varint(buf: &[u8], pos: &mut usize, end: usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *buf.get(*pos).filter(|_| *pos < end)?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Walks the fields of one message in `buf[start..end]`. `strict`: a field
/// number the message does not define is invalid (used for the top level, so
/// that random bytes are not taken for a cut model). On a cut, `path` holds
/// the names of the fields being read, outermost first.
fn walk(
    buf: &[u8],
    start: usize,
    end: usize,
    msg: Msg,
    strict: bool,
    path: &mut Vec<&'static str>,
    depth: usize,
) -> std::result::Result<(), Stop> {
    if depth > 64 {
        return Err(Stop::Invalid);
    }
    let mut pos = start;
    while pos < end {
        let at = pos;
        // A file whose very first tag is cut was never a model.
        let first = depth == 0 && at == start;
        let tag = varint(buf, &mut pos, end).ok_or(if end == buf.len() && !first {
            Stop::Cut { at }
        } else {
            Stop::Invalid
        })?;
        let (num, wire) = (tag >> 3, tag & 7);
        let field = fields(msg).iter().find(|f| f.num == num);
        if num == 0 || (strict && field.is_none()) {
            return Err(Stop::Invalid);
        }
        let cut = |need_end: usize| need_end > end;
        match wire {
            0 => {
                if varint(buf, &mut pos, end).is_none() {
                    return Err(cut_or_invalid(buf, end, at, field, path));
                }
            }
            1 | 5 => {
                let width = if wire == 1 { 8 } else { 4 };
                if cut(pos + width) {
                    return Err(cut_or_invalid(buf, end, at, field, path));
                }
                pos += width;
            }
            2 => {
                let Some(len) = varint(buf, &mut pos, end) else {
                    return Err(cut_or_invalid(buf, end, at, field, path));
                };
                let body_end = usize::try_from(len)
                    .ok()
                    .and_then(|l| pos.checked_add(l))
                    .unwrap_or(usize::MAX);
                let overrun = body_end > end;
                if overrun && end != buf.len() {
                    return Err(Stop::Invalid);
                }
                if let Some(inner) = field.and_then(|f| f.msg) {
                    path.extend(field.map(|f| f.name));
                    walk(buf, pos, body_end.min(end), inner, false, path, depth + 1)?;
                    path.pop();
                }
                if overrun {
                    path.extend(field.map(|f| f.name));
                    return Err(Stop::Cut { at });
                }
                pos = body_end;
            }
            _ => return Err(Stop::Invalid),
        }
    }
    Ok(())
}

/// A field whose value does not fit: cut if the message runs to the end of the
/// file, invalid if it is a nested message whose declared length is too short.
fn cut_or_invalid(
    buf: &[u8],
    end: usize,
    at: usize,
    field: Option<&Field>,
    path: &mut Vec<&'static str>,
) -> Stop {
    if end == buf.len() {
        path.extend(field.map(|f| f.name));
        Stop::Cut { at }
    } else {
        Stop::Invalid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_stop_at_the_end() {
        let mut pos = 0;
        assert_eq!(varint(&[0x96, 0x01], &mut pos, 2), Some(150));
        let mut pos = 0;
        assert_eq!(varint(&[0x96], &mut pos, 1), None);
        let mut pos = 0;
        assert_eq!(varint(&[0xff; 11], &mut pos, 11), None);
    }

    #[test]
    fn empty_and_garbage() {
        assert_eq!(model(Bytes::new()).unwrap_err(), ModelError::Empty);
        let e = model(Bytes::from_static(b"\xff\xff\xff\xff")).unwrap_err();
        assert_eq!(e, ModelError::NotOnnx(NotOnnx::DoesNotDecode));
        // Field 1 (ir_version) only: decodes, with no graph.
        let e = model(Bytes::from_static(&[0x08, 0x07])).unwrap_err();
        assert_eq!(e, ModelError::NotOnnx(NotOnnx::NoGraph));
    }

    #[test]
    fn a_cut_graph_names_the_field() {
        // ir_version 7, then graph (field 7) declaring 10 bytes: a node (field 1)
        // declaring 5, whose first input (field 1) declares 1 byte and has none.
        let bytes = [0x08, 0x07, 0x3a, 0x0a, 0x0a, 0x05, 0x0a, 0x01];
        match model(Bytes::copy_from_slice(&bytes)).unwrap_err() {
            ModelError::Truncated { at, len, reading } => {
                assert_eq!(reading, ["graph", "node", "input"]);
                assert_eq!((at, len), (6, 8));
            }
            e => panic!("{e:?}"),
        }
    }
}
