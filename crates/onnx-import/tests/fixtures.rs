//! Every ONNX file PyTorch's exporters wrote for tests/fixtures/onnx/ (see its
//! README), against the forward-hook counts in its counts.json: layer by layer
//! (kind, channels, kernel, stride, padding, groups, shapes, MACs, weight
//! params), the totals by kind, and the params as each file stores them (the
//! exporters fold batch norm into conv biases, and dynamo drops zero biases).

use onnx_import::proto::ModelProto;
use onnx_import::{import, Bytes, Imported};
use prost::Message;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/onnx")
}

fn counts() -> Value {
    let text = std::fs::read_to_string(dir().join("counts.json")).expect("counts.json");
    serde_json::from_str(&text).unwrap()
}

fn read(file: &str) -> Vec<u8> {
    std::fs::read(dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

fn dims(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| u(d) as usize)
        .collect()
}

/// One imported layer against one hook record.
fn check_layer(file: &str, l: &conv_core::NetLayer, t: &Value) {
    let at = format!("{file}: {} vs {}", l.name, t["name"]);
    assert_eq!(l.kind.name(), t["kind"], "{at}: kind");
    assert_eq!(l.input.c as u64, u(&t["in"]), "{at}: in");
    assert_eq!(l.output.c as u64, u(&t["out"]), "{at}: out");
    assert_eq!(l.cost.macs, u(&t["macs"]), "{at}: macs");
    let conv = l.spec.as_ref().unwrap().validate().unwrap();
    let bias = |has: bool, out: u64| if has { out } else { 0 };
    let weights = l.cost.params - bias(conv.bias, l.output.c as u64);
    let torch_weights = u(&t["params"]) - bias(t["bias"] == true, u(&t["out"]));
    assert_eq!(weights, torch_weights, "{at}: weight params");
    if t["type"] == "Conv2d" {
        assert_eq!(conv.kernel.to_vec(), dims(&t["kernel"]), "{at}: kernel");
        assert_eq!(conv.stride.to_vec(), dims(&t["stride"]), "{at}: stride");
        assert_eq!(
            conv.dilation.to_vec(),
            dims(&t["dilation"]),
            "{at}: dilation"
        );
        assert_eq!(
            vec![conv.pads.top, conv.pads.left],
            dims(&t["padding"]),
            "{at}: padding"
        );
        assert_eq!(conv.pads.top, conv.pads.bottom, "{at}");
        assert_eq!(conv.groups as u64, u(&t["groups"]), "{at}: groups");
        assert_eq!(
            l.input.to_array().to_vec(),
            dims(&t["input"]),
            "{at}: input"
        );
        assert_eq!(
            l.output.to_array().to_vec(),
            dims(&t["output"]),
            "{at}: output"
        );
    } else {
        // A Linear: its input is [N, ..., in], positions in the middle.
        let input = dims(&t["input"]);
        let positions: usize = input[1..input.len() - 1].iter().product();
        assert_eq!(l.input.n, input[0], "{at}: batch");
        assert_eq!(l.input.h * l.input.w, positions, "{at}: positions");
    }
}

/// The layers and totals of `m` against model `name` of counts.json; the params
/// against what `file` stores.
fn check(file: &str, m: &Imported, counts: &Value, stored_params: u64) {
    let model = &counts["models"][m.network.name.as_str()];
    let net = &m.network;
    let torch = model["layers"].as_array().unwrap();
    let costly: Vec<_> = net.layers.iter().filter(|l| !l.kind.is_marker()).collect();
    assert_eq!(costly.len(), torch.len(), "{file}: layer count");
    for (l, t) in costly.iter().zip(torch) {
        check_layer(file, l, t);
    }
    let by_kind = model["totals"]["by_kind"].as_object().unwrap();
    let shares = net.share_by_kind();
    assert_eq!(shares.len(), by_kind.len(), "{file}: kinds");
    for s in &shares {
        let t = &by_kind[s.kind.name()];
        assert_eq!(s.macs, u(&t["macs"]), "{file}: {} MACs", s.kind.name());
        assert_eq!(
            s.layers as u64,
            u(&t["layers"]),
            "{file}: {} layers",
            s.kind.name()
        );
    }
    assert_eq!(
        net.total().macs,
        u(&model["totals"]["macs"]),
        "{file}: MACs"
    );
    assert_eq!(
        net.total().params,
        stored_params,
        "{file}: params as stored"
    );
}

/// Imports `bytes`, named after the model it is (counts.json's key).
fn import_as(bytes: Vec<u8>, model: &str) -> Imported {
    let mut m = import(Bytes::from(bytes)).unwrap_or_else(|e| panic!("{model}: {e}"));
    m.network.name = model.to_string();
    m
}

#[test]
fn every_fixture_matches_pytorchs_counts() {
    let counts = counts();
    let fixtures = counts["fixtures"].as_array().unwrap();
    assert_eq!(fixtures.len(), 14);
    for f in fixtures {
        let file = f["file"].as_str().unwrap();
        let model = f["model"].as_str().unwrap();
        let m = import_as(read(file), model);
        check(file, &m, &counts, u(&f["graph"]["conv_and_linear_params"]));
        assert_eq!(m.opset, 20, "{file}");
        assert_eq!(
            m.batch_taken_as_one(),
            file.contains("dynbatch"),
            "{file}: {:?}",
            m.notes
        );
    }
}

/// The dynamo files store every intermediate shape (checked against the
/// inferred ones on import); with them removed, inference alone gives the
/// same network.
#[test]
fn dynamo_files_give_the_same_network_without_their_stored_shapes() {
    let counts = counts();
    let mut seen = 0;
    for f in counts["fixtures"].as_array().unwrap() {
        let file = f["file"].as_str().unwrap();
        if !file.contains("dynamo") {
            continue;
        }
        let model = f["model"].as_str().unwrap();
        let bytes = read(file);
        let mut proto = ModelProto::decode(bytes.as_slice()).unwrap();
        let graph = proto.graph.as_mut().unwrap();
        assert!(!graph.value_info.is_empty(), "{file} stores shapes");
        graph.value_info.clear();
        let stripped = import_as(proto.encode_to_vec(), model);
        let stored = import_as(bytes, model);
        assert_eq!(stripped, stored, "{file}");
        check(
            file,
            &stripped,
            &counts,
            u(&f["graph"]["conv_and_linear_params"]),
        );
        seen += 1;
    }
    assert_eq!(seen, 3);
}

/// Both exporters of a model give the same layers, but for the biases the
/// exporters fold in or drop.
#[test]
fn torchscript_and_dynamo_agree() {
    for model in ["mobilenet_v2", "shufflenet_v2_x1_0", "convnext_tiny"] {
        let ts = import_as(read(&format!("{model}.onnx")), model);
        let dy = import_as(read(&format!("{model}.dynamo.onnx")), model);
        assert_eq!(ts.network.layers.len(), dy.network.layers.len(), "{model}");
        for (a, b) in ts.network.layers.iter().zip(&dy.network.layers) {
            assert_eq!(
                (a.kind, a.input, a.output),
                (b.kind, b.input, b.output),
                "{model}"
            );
            assert_eq!(a.cost.macs, b.cost.macs, "{model}: {}", a.name);
        }
    }
}

/// ShuffleNet v2's structure: every unit's split (stride-1 units), concat and
/// shuffle, in the TorchScript file (Slice arithmetic) as in the dynamo one (Split).
#[test]
fn shufflenet_markers() {
    for file in ["shufflenet_v2_x1_0.onnx", "shufflenet_v2_x1_0.dynamo.onnx"] {
        let m = import_as(read(file), "shufflenet_v2_x1_0");
        let mut kinds = BTreeMap::new();
        for l in m.network.layers.iter().filter(|l| l.kind.is_marker()) {
            *kinds.entry(l.kind.name()).or_insert(0) += 1;
        }
        // 16 units (4 + 8 + 4), the first of each stage strided (no split).
        let want = BTreeMap::from([
            ("channel_shuffle", 16),
            ("channel_split", 13),
            ("concat", 16),
            ("max_pool", 1),
        ]);
        assert_eq!(kinds, want, "{file}");
        let shuffle = m
            .network
            .layers
            .iter()
            .find(|l| l.kind.name() == "channel_shuffle")
            .unwrap();
        assert_eq!(
            shuffle.kind,
            conv_core::LayerKind::ChannelShuffle { groups: 2 }
        );
        assert_eq!(shuffle.input, conv_core::Nchw::new(1, 116, 28, 28));
        let split = m
            .network
            .layers
            .iter()
            .find(|l| l.kind.name() == "channel_split")
            .unwrap();
        assert_eq!((split.input.c, split.output.c), (116, 58), "{file}");
    }
}

/// TorchScript names nodes after the module path; the layer names keep them.
#[test]
fn layer_names_are_the_node_names() {
    let m = import_as(read("mobilenet_v2.onnx"), "mobilenet_v2");
    assert_eq!(
        m.network.layers[0].name,
        "/features/features.0/features.0.0/Conv"
    );
    assert_eq!(m.network.layers[52].name, "/classifier/classifier.1/Gemm");
}
