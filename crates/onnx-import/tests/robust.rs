//! Any bytes give a network or a typed error, never a panic: random bytes, and
//! real fixtures cut short or with bytes flipped (which reach the shape pass
//! with broken attributes, dims and constants).

use onnx_import::proto::ModelProto;
use onnx_import::{import, Bytes, ModelError, NotOnnx};
use proptest::prelude::*;
use prost::Message;

/// Values that break shape rules: zero, negative, huge, and the int64 extremes.
fn wild() -> impl Strategy<Value = i64> {
    prop_oneof![
        -3i64..8,
        Just(i64::MAX),
        Just(i64::MIN),
        Just(1 << 40),
        any::<i64>(),
    ]
}

/// A random change to a decoded model: an int or ints attribute, an
/// initializer's dims, a node input rewired, or an op renamed.
#[derive(Debug, Clone)]
enum Mutation {
    Attr {
        node: usize,
        value: i64,
    },
    Dims {
        init: usize,
        dims: Vec<i64>,
    },
    Rewire {
        node: usize,
        input: usize,
        from: usize,
    },
    Rename {
        node: usize,
        op: usize,
    },
}

const OPS: [&str; 8] = [
    "Conv", "Reshape", "Split", "Gemm", "MatMul", "Slice", "Concat", "Unknown",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), wild()).prop_map(|(node, value)| Mutation::Attr { node, value }),
        (any::<usize>(), proptest::collection::vec(wild(), 0..6))
            .prop_map(|(init, dims)| Mutation::Dims { init, dims }),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(node, input, from)| Mutation::Rewire { node, input, from }),
        (any::<usize>(), 0..OPS.len()).prop_map(|(node, op)| Mutation::Rename { node, op }),
    ]
}

fn apply(m: &mut ModelProto, change: &Mutation) {
    let g = m.graph.as_mut().unwrap();
    let n = g.node.len();
    match change {
        Mutation::Attr { node, value } => {
            if let Some(a) = g.node[node % n].attribute.first_mut() {
                a.i = *value;
                if let Some(x) = a.ints.first_mut() {
                    *x = *value;
                }
            }
        }
        Mutation::Dims { init, dims } => {
            let k = g.initializer.len();
            g.initializer[init % k].dims = dims.clone();
        }
        Mutation::Rewire { node, input, from } => {
            let source = g.node[from % n].output.first().cloned().unwrap_or_default();
            let ins = &mut g.node[node % n].input;
            if !ins.is_empty() {
                let i = input % ins.len();
                ins[i] = source;
            }
        }
        Mutation::Rename { node, op } => g.node[node % n].op_type = OPS[*op].to_string(),
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/fixtures/onnx/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).unwrap()
}

/// Imports and checks the result is coherent: a network whose total is the sum
/// of its layers, or an error with an English message.
fn import_checked(bytes: Vec<u8>) -> Result<(), ModelError> {
    match import(Bytes::from(bytes)) {
        Ok(m) => {
            let sum: u64 = m.network.layers.iter().map(|l| l.cost.macs).sum();
            assert_eq!(m.network.total().macs, sum);
            Ok(())
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            Err(e)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = import_checked(bytes);
    }

    /// A cut file is cut short (or, cut before the graph, has none; or cut after
    /// it, before the opset list).
    #[test]
    fn truncated_fixtures(file in prop::sample::select(vec!["mobilenet_v2.onnx", "shufflenet_v2_x1_0.onnx"]), frac in 0.0f64..1.0) {
        let bytes = fixture(file);
        let cut = (bytes.len() as f64 * frac) as usize;
        let e = import_checked(bytes[..cut].to_vec()).unwrap_err();
        let ok = match &e {
            ModelError::Truncated { len, .. } => *len == cut,
            ModelError::Empty => cut == 0,
            ModelError::NotOnnx(NotOnnx::NoGraph) | ModelError::UnsupportedOpset { found: None, .. } => true,
            _ => false,
        };
        prop_assert!(ok, "cut at {}: {:?}", cut, e);
    }

    #[test]
    fn flipped_bytes(
        file in prop::sample::select(vec!["mobilenet_v2.onnx", "shufflenet_v2_x1_0.onnx", "convnext_tiny.onnx"]),
        flips in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 1..12),
    ) {
        let mut bytes = fixture(file);
        for (at, v) in flips {
            let i = (bytes.len() as f64 * at) as usize;
            bytes[i] ^= v | 1;
        }
        let _ = import_checked(bytes);
    }

    /// Structural changes to real graphs reach the shape pass and the layers
    /// with broken attributes, dims and wiring.
    #[test]
    fn mutated_graphs(
        file in prop::sample::select(vec!["mobilenet_v2.onnx", "shufflenet_v2_x1_0.onnx", "convnext_tiny.onnx", "shufflenet_v2_x1_0.dynamo.onnx"]),
        changes in proptest::collection::vec(mutation(), 1..6),
    ) {
        let mut m = ModelProto::decode(fixture(file).as_slice()).unwrap();
        for c in &changes {
            apply(&mut m, c);
        }
        let _ = import_checked(m.encode_to_vec());
    }
}
