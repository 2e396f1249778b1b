//! The file-level errors, typed and worded; and that weights are sliced, not copied.

mod common;

use common::*;
use onnx_import::{decode, import, Bytes, ModelError, NotOnnx};
use prost::Message;

fn mobilenet() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/onnx/mobilenet_v2.onnx"
    );
    std::fs::read(path).unwrap()
}

#[test]
fn empty_and_not_onnx() {
    assert_eq!(import(Bytes::new()).unwrap_err(), ModelError::Empty);
    for bytes in [
        &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..],
        b"PK\x03\x04 a zip",
        &[0xff; 64],
    ] {
        let e = import(Bytes::copy_from_slice(bytes)).unwrap_err();
        assert_eq!(e, ModelError::NotOnnx(NotOnnx::DoesNotDecode), "{bytes:?}");
        assert_eq!(
            e.to_string(),
            "not an ONNX model: the bytes do not decode as an ONNX ModelProto"
        );
    }
    // A valid protobuf with an ir_version but no graph.
    let e = import(Bytes::from_static(&[0x08, 0x09, 0x12, 0x01, b'x'])).unwrap_err();
    assert_eq!(e, ModelError::NotOnnx(NotOnnx::NoGraph));
}

/// A real file cut short: the error says where it ends and what was being read.
#[test]
fn cut_short() {
    let bytes = mobilenet();
    let graph_start = 30; // past ir_version and the producer's name and version
    for cut in [
        graph_start,
        bytes.len() / 3,
        bytes.len() / 2,
        bytes.len() - 40,
    ] {
        match import(Bytes::copy_from_slice(&bytes[..cut])).unwrap_err() {
            ModelError::Truncated { at, len, reading } => {
                assert_eq!(len, cut);
                assert!(at < cut);
                assert_eq!(reading[0], "graph", "{reading:?}");
            }
            e => panic!("cut at {cut}: {e}"),
        }
    }
    let e = import(Bytes::copy_from_slice(&bytes[..bytes.len() / 2])).unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with("the file is cut short: it ends at byte")
            && text.contains("inside graph."),
        "{text}"
    );
}

#[test]
fn unsupported_opsets() {
    for (version, found) in [(6, Some(6)), (24, Some(24))] {
        let mut g = G::new(&fixed(&[1, 3, 8, 8]));
        g.opset = version;
        let e = g.import().unwrap_err();
        assert_eq!(
            e,
            ModelError::UnsupportedOpset {
                domain: "ai.onnx".into(),
                found,
                min: decode::OPSET_MIN,
                max: decode::OPSET_MAX
            }
        );
        assert_eq!(
            e.to_string(),
            format!("unsupported opset: ai.onnx version {version} (supported: 7–23)")
        );
    }
    let mut m = G::new(&fixed(&[1, 3, 8, 8])).model();
    m.opset_import[0].domain = "com.microsoft".into();
    let e = import(Bytes::from(m.encode_to_vec())).unwrap_err();
    assert!(
        e.to_string().contains("imports no ai.onnx operator set"),
        "{e}"
    );
}

#[test]
fn no_graph_input() {
    let mut g = G::new(&fixed(&[1, 3, 8, 8]));
    g.init(weight("x", &[1, 3, 8, 8]));
    assert_eq!(g.import().unwrap_err(), ModelError::NoGraphInput);
}

/// raw_data decodes as a slice of the buffer the model was read from.
#[test]
fn weights_are_not_copied() {
    let mut g = G::new(&fixed(&[1, 3, 8, 8]));
    let mut w = weight("w", &[64, 3, 3, 3]);
    w.raw_data = vec![7u8; 64 * 27 * 4].into();
    g.init(w);
    let bytes = Bytes::from(g.bytes());
    let model = decode::model(bytes.clone()).unwrap();
    let raw = &model.graph.unwrap().initializer[0].raw_data;
    let range = bytes.as_ptr_range();
    assert_eq!(raw.len(), 64 * 27 * 4);
    assert!(
        range.contains(&raw.as_ptr()),
        "raw_data points into the input buffer"
    );
}
