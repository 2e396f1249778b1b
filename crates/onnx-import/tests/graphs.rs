//! Edge cases on hand-built graphs (tests/common builds and encodes them).
//! Expected figures come from the formulas in docs/CONVENTIONS.md:
//! MACs = C_out·(C_in/groups)·kH·kW·H_out·W_out, params = C_out·(C_in/groups)·kH·kW (+ C_out).

mod common;

use common::*;
use conv_core::{LayerKind, Nchw, NetLayer};
use onnx_import::{ConvRule, InputProblem, ModelError, Note, Unknown};

fn macs(out: Nchw, in_per_group: usize, k: usize) -> u64 {
    (out.n * out.c * in_per_group * k * k * out.h * out.w) as u64
}

fn layer<'a>(m: &'a onnx_import::Imported, name: &str) -> &'a NetLayer {
    m.network
        .layers
        .iter()
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("no layer {name}"))
}

/// ONNX's auto_pad at stride 2: SAME gives ceil(in / 2) on odd and even sizes
/// alike; where the padding is odd (even sizes) it is not symmetric, the spec
/// shows the symmetric padding with the same output and a note says so. VALID
/// pads nothing.
#[test]
fn auto_pad_at_stride_2() {
    for size in [7i64, 8, 15, 224] {
        for mode in ["SAME_UPPER", "SAME_LOWER", "VALID"] {
            let mut g = G::new(&fixed(&[1, 4, size, size]));
            let attrs = vec![string("auto_pad", mode), ints("strides", &[2, 2])];
            g.conv("c", "x", [6, 4, 3, 3], attrs);
            let m = g.ok();
            let l = layer(&m, "c");
            let s = size as usize;
            let want = if mode == "VALID" {
                (s - 3) / 2 + 1
            } else {
                s.div_ceil(2)
            };
            assert_eq!(l.output, Nchw::new(1, 6, want, want), "{mode} {size}");
            assert_eq!(l.cost.macs, macs(l.output, 4, 3), "{mode} {size}");
            // SAME's total padding: (out - 1)·2 + 3 - in, odd for even sizes.
            let total = ((want - 1) * 2 + 3).saturating_sub(s);
            let asymmetric = mode != "VALID" && total % 2 == 1;
            let (small, large) = (total / 2, total - total / 2);
            let (top, bottom) = if mode == "SAME_UPPER" {
                (small, large)
            } else {
                (large, small)
            };
            let note = m
                .notes
                .iter()
                .find(|n| matches!(n, Note::PaddingShown { .. }));
            if asymmetric {
                let Some(Note::PaddingShown { pads, shown, .. }) = note else {
                    panic!("{mode} {size}: {:?}", m.notes)
                };
                assert_eq!(*pads, [top, top, bottom, bottom], "{mode} {size}");
                assert_eq!(shown[0], shown[2], "{mode} {size}: shown symmetric");
            } else {
                assert!(note.is_none(), "{mode} {size}: {:?}", m.notes);
            }
        }
    }
}

/// At stride 1 an even kernel's SAME padding is odd: PyTorch's padding="same"
/// (extra at the end) stands for it.
#[test]
fn same_with_an_even_kernel_at_stride_1() {
    for mode in ["SAME_UPPER", "SAME_LOWER"] {
        let mut g = G::new(&fixed(&[1, 2, 9, 9]));
        g.conv("c", "x", [2, 2, 2, 2], vec![string("auto_pad", mode)]);
        let m = g.ok();
        assert_eq!(m.network.layers[0].output, Nchw::new(1, 2, 9, 9));
        assert_eq!(
            m.network.layers[0].spec.as_ref().unwrap().padding,
            conv_core::Padding::Same
        );
        // SAME_UPPER is what "same" means in PyTorch; SAME_LOWER is its mirror.
        assert_eq!(
            m.notes.is_empty(),
            mode == "SAME_UPPER",
            "{mode}: {:?}",
            m.notes
        );
    }
    // Explicit pads of 1 on one side only, 3x3 at stride 1: no 2-D spec has that output.
    let mut g = G::new(&fixed(&[1, 2, 9, 9]));
    g.conv("c", "x", [2, 2, 3, 3], vec![ints("pads", &[0, 0, 1, 1])]);
    match g.import().unwrap_err() {
        ModelError::Conv {
            rule: ConvRule::AsymmetricPads { pads },
            ..
        } => assert_eq!(pads, [0, 0, 1, 1]),
        e => panic!("{e}"),
    }
}

#[test]
fn symbolic_batch_is_taken_as_one() {
    for batch in [D::P("N"), D::V(0), D::Unset] {
        let mut dims = fixed(&[1, 3, 8, 8]);
        dims[0] = batch.clone();
        let mut g = G::new(&dims);
        g.conv("c", "x", [4, 3, 3, 3], vec![ints("pads", &[1, 1, 1, 1])]);
        let m = g.ok();
        assert!(m.batch_taken_as_one());
        assert_eq!(m.network.layers[0].input, Nchw::new(1, 3, 8, 8));
        let param = matches!(batch, D::P(_)).then(|| "N".to_string());
        assert_eq!(
            m.notes,
            vec![Note::BatchTakenAsOne {
                input: "x".into(),
                param
            }]
        );
    }
    let mut g = G::new(&[D::V(1), D::V(3), D::P("H"), D::V(8)]);
    g.conv("c", "x", [4, 3, 3, 3], vec![]);
    let e = g.import().unwrap_err();
    assert_eq!(
        e,
        ModelError::InputShape {
            input: "x".into(),
            problem: InputProblem::SymbolicDim {
                axis: 2,
                param: Some("H".into())
            }
        }
    );
    assert!(!G::new(&fixed(&[1, 3, 8, 8])).ok().batch_taken_as_one());
}

/// An op the reader does not know: fine while nothing needs its output's shape;
/// when a Conv does, the error names that op's node and the Conv, and carries
/// the layers known before; a stored shape for its output fills the gap.
#[test]
fn a_missing_shape() {
    let mut g = G::new(&fixed(&[1, 3, 16, 16]));
    let a = g.conv("first", "x", [8, 3, 3, 3], vec![]);
    let b = g.node("MyOp", "", &[&a], vec![]);
    let end = g.node("AlsoUnknown", "tail", &[&a], vec![]);
    g.output(&end);
    assert_eq!(
        g.ok().network.layers.len(),
        1,
        "unknown op at the end: fine"
    );
    g.conv("second", &b, [8, 8, 1, 1], vec![]);
    match g.import().unwrap_err() {
        ModelError::ShapeUnknown {
            node,
            why,
            needed_by,
            known,
        } => {
            assert_eq!(
                (node.index, node.name.as_str(), node.op.as_str()),
                (1, "", "MyOp")
            );
            assert_eq!(node.outputs, vec![b.clone()]);
            assert_eq!(why, Unknown::UnknownOp);
            assert_eq!(needed_by.name, "second");
            assert_eq!(known.len(), 1);
            assert_eq!(known[0].name, "first");
        }
        e => panic!("{e}"),
    }
    let e = g.import().unwrap_err().to_string();
    assert!(
        e.contains(&format!("node #1 (MyOp, output '{b}')"))
            && e.contains("node 'second' (Conv) needs it"),
        "{e}"
    );
    g.graph
        .value_info
        .push(value_info(&b, &fixed(&[1, 8, 14, 14])));
    let m = g.ok();
    assert_eq!(layer(&m, "second").input, Nchw::new(1, 8, 14, 14));
}

/// A stored shape that contradicts the inferred one is an error naming both.
#[test]
fn stored_shapes_are_checked() {
    let mut g = G::new(&fixed(&[1, 3, 16, 16]));
    let a = g.conv("c", "x", [8, 3, 3, 3], vec![]);
    g.graph
        .value_info
        .push(value_info(&a, &[D::P("b"), D::V(8), D::V(14), D::V(14)]));
    assert!(g.import().is_ok(), "a symbolic dim agrees with anything");
    g.graph.value_info[0] = value_info(&a, &fixed(&[1, 8, 16, 16]));
    assert_eq!(
        g.import().unwrap_err(),
        ModelError::ShapeDisagrees {
            node: g.node_ref(0),
            value: a,
            stored: vec![Some(1), Some(8), Some(16), Some(16)],
            inferred: vec![1, 8, 14, 14],
        }
    );
}

/// Depthwise with a depth multiplier (group = C_in, C_out = 2·C_in) is depthwise;
/// a grouped 1x1 is grouped; bias when the node has a third input.
#[test]
fn depthwise_multiplier_and_grouped_1x1() {
    let mut g = G::new(&fixed(&[1, 8, 10, 10]));
    let dw = g.conv(
        "dw",
        "x",
        [16, 1, 3, 3],
        vec![int("group", 8), ints("strides", &[2, 2])],
    );
    let gw = g.init(weight("g.weight", &[16, 4, 1, 1]));
    let gb = g.init(weight("g.bias", &[16]));
    g.node("Conv", "g", &[&dw, &gw, &gb], vec![int("group", 4)]);
    let m = g.ok();
    let (d, p) = (layer(&m, "dw"), layer(&m, "g"));
    assert_eq!(d.kind, LayerKind::Depthwise);
    assert_eq!(d.output, Nchw::new(1, 16, 4, 4));
    assert_eq!(d.cost.macs, macs(d.output, 1, 3));
    assert_eq!(d.cost.params, 16 * 9);
    assert_eq!(p.kind, LayerKind::Grouped);
    assert_eq!(p.cost.macs, macs(p.output, 4, 1));
    assert_eq!(p.cost.params, 16 * 4 + 16);
}

/// A Conv on `input` with a weight of `weight`, its attributes, and a phrase of
/// the error it must give (PyTorch's wording where PyTorch has one).
struct Bad {
    input: [i64; 4],
    weight: [i64; 4],
    attrs: Vec<onnx_import::proto::AttributeProto>,
    says: &'static str,
}

#[test]
fn conv_attributes_that_contradict_the_weight() {
    let bad = |input, weight, attrs, says| Bad {
        input,
        weight,
        attrs,
        says,
    };
    let cases = [
        bad([1, 8, 8, 8], [4, 8, 3, 3], vec![ints("kernel_shape", &[5, 5])], "kernel_shape [5, 5] disagrees with the weight of size [4, 8, 3, 3]"),
        bad([1, 6, 8, 8], [4, 4, 3, 3], vec![], "Given groups=1, weight of size [4, 4, 3, 3], expected input[1, 6, 8, 8] to have 4 channels, but got 6 channels instead"),
        bad([1, 8, 8, 8], [6, 2, 3, 3], vec![int("group", 4)], "Given groups=4, expected weight to be divisible by 4 at dimension 0, but got weight of size [6, 2, 3, 3] instead"),
        bad([1, 8, 8, 8], [4, 8, 3, 3], vec![int("group", 0)], "non-positive groups is not supported"),
        bad([1, 8, 8, 8], [4, 8, 3, 3], vec![ints("strides", &[0, 1])], "non-positive stride is not supported"),
        bad([1, 8, 8, 8], [4, 8, 3, 3], vec![ints("pads", &[1, 1])], "attribute 'pads' of node 'c' (Conv) has 2 values, but the input needs 4"),
        bad([1, 8, 2, 2], [4, 8, 3, 3], vec![], "Kernel size can't be greater than actual input size"),
    ];
    for case in cases {
        let mut g = G::new(&fixed(&case.input));
        g.conv("c", "x", case.weight, case.attrs);
        let e = g.import().unwrap_err();
        assert!(
            matches!(
                e,
                ModelError::Conv { .. } | ModelError::Attribute { .. } | ModelError::Layer { .. }
            ),
            "{e:?}"
        );
        assert!(
            e.to_string().contains(case.says),
            "{e}\nexpected: {}",
            case.says
        );
    }
}

/// Gemm with a constant weight is fully connected, with or without transB and
/// the bias input: PyTorch's Linear counts, out_features·in_features MACs per row.
#[test]
fn gemm_with_and_without_trans_b() {
    for (trans_b, bias) in [(true, true), (false, true), (true, false)] {
        let mut g = G::new(&fixed(&[1, 64, 1, 1]));
        let flat = g.node("Flatten", "", &["x"], vec![]);
        let dims: [i64; 2] = if trans_b { [10, 64] } else { [64, 10] };
        let w = g.init(weight("fc.weight", &dims));
        let b = g.init(weight("fc.bias", &[10]));
        let ins: Vec<&str> = if bias {
            vec![&flat, &w, &b]
        } else {
            vec![&flat, &w]
        };
        g.node("Gemm", "fc", &ins, vec![int("transB", i64::from(trans_b))]);
        let l = g.ok().network.layers[0].clone();
        assert_eq!(l.kind, LayerKind::FullyConnected);
        assert_eq!(
            (l.input, l.output),
            (Nchw::new(1, 64, 1, 1), Nchw::new(1, 10, 1, 1))
        );
        assert_eq!(l.cost.macs, 640);
        assert_eq!(l.cost.params, 640 + if bias { 10 } else { 0 });
    }
    // A Gemm of two activations (no constant weight) is not a layer.
    let mut g = G::new(&fixed(&[4, 4]));
    g.node("Gemm", "mm", &["x", "x"], vec![]);
    assert!(g.ok().network.layers.is_empty());
}

/// ConvNeXt's pointwise Linear: MatMul on an NHWC tensor and an Add of a
/// constant [C_out], one Linear at every H×W position, bias from the Add.
#[test]
fn matmul_on_nhwc_with_its_bias() {
    let build = |bias_dims: &[i64], add_first: bool| {
        let mut g = G::new(&fixed(&[1, 8, 5, 5]));
        let t = g.node("Transpose", "", &["x"], vec![ints("perm", &[0, 2, 3, 1])]);
        let w = g.init(weight("w", &[8, 16]));
        let mm = g.node("MatMul", "pw", &[&t, &w], vec![]);
        let b = g.init(weight("b", bias_dims));
        let ins = if add_first {
            [b.as_str(), &mm]
        } else {
            [mm.as_str(), &b]
        };
        let add = g.node("Add", "", &ins, vec![]);
        g.node("Transpose", "", &[&add], vec![ints("perm", &[0, 3, 1, 2])]);
        g.ok().network.layers[0].clone()
    };
    for add_first in [true, false] {
        let l = build(&[16], add_first);
        assert_eq!(l.kind, LayerKind::FullyConnected);
        assert_eq!(
            (l.input, l.output),
            (Nchw::new(1, 8, 5, 5), Nchw::new(1, 16, 5, 5))
        );
        // out.numel() · in_features, and weight + bias.
        assert_eq!(l.cost.macs, (16 * 25 * 8) as u64);
        assert_eq!(l.cost.params, 8 * 16 + 16);
    }
    // An Add of something that is not a [C_out] vector is not a bias.
    assert_eq!(build(&[5, 1], true).cost.params, 8 * 16);
}

/// torchvision's channel_shuffle as the TorchScript exporter writes it with a
/// symbolic batch: the target shapes are computed from Shape → Gather →
/// Unsqueeze → Div → Concat, folded here, then Reshape → Transpose → Reshape.
#[test]
fn the_shuffle_chain_folds() {
    let mut g = G::new(&[D::P("batch"), D::V(12), D::V(6), D::V(6)]);
    g.opset = 13;
    let shape = g.node("Shape", "", &["x"], vec![]);
    let dim = |g: &mut G, i: i64| {
        let idx = g.consts(&[], &[i]);
        let v = g.node("Gather", "", &[&shape, &idx], vec![int("axis", 0)]);
        let axes = g.consts(&[1], &[0]);
        g.node("Unsqueeze", "", &[&v, &axes], vec![])
    };
    let (n, c, h, w) = (
        dim(&mut g, 0),
        dim(&mut g, 1),
        dim(&mut g, 2),
        dim(&mut g, 3),
    );
    let groups = g.consts(&[1], &[3]);
    let per = g.node("Div", "", &[&c, &groups], vec![]);
    let split = g.node(
        "Concat",
        "",
        &[&n, &groups, &per, &h, &w],
        vec![int("axis", 0)],
    );
    let r1 = g.node("Reshape", "", &["x", &split], vec![]);
    let t = g.node(
        "Transpose",
        "/shuffle/Transpose",
        &[&r1],
        vec![ints("perm", &[0, 2, 1, 3, 4])],
    );
    let minus = g.consts(&[1], &[-1]);
    let back = g.node("Concat", "", &[&n, &minus, &h, &w], vec![int("axis", 0)]);
    let r2 = g.node("Reshape", "", &[&t, &back], vec![]);
    g.conv("after", &r2, [4, 12, 1, 1], vec![]);
    let m = g.ok();
    let kinds: Vec<LayerKind> = m.network.layers.iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds,
        vec![
            LayerKind::ChannelShuffle { groups: 3 },
            LayerKind::Pointwise
        ]
    );
    assert_eq!(m.network.layers[0].name, "/shuffle/Transpose");
    assert_eq!(m.network.layers[0].input, Nchw::new(1, 12, 6, 6));
    assert_eq!(layer(&m, "after").input, Nchw::new(1, 12, 6, 6));
}

/// A channel split in each of ONNX's forms (the `split` attribute before opset
/// 13, an input from 13, `num_outputs` from 18, or a pair of Slices), the two
/// halves through convs, then a Concat over the channels.
#[test]
fn split_and_concat() {
    for form in ["attribute", "input", "num_outputs", "slices"] {
        let mut g = G::new(&fixed(&[1, 8, 4, 4]));
        let parts = match form {
            "attribute" => {
                g.opset = 11;
                g.node_n(
                    "Split",
                    "split",
                    &["x"],
                    2,
                    vec![int("axis", 1), ints("split", &[4, 4])],
                )
            }
            "input" => {
                let sizes = g.consts(&[2], &[4, 4]);
                g.node_n("Split", "split", &["x", &sizes], 2, vec![int("axis", 1)])
            }
            "num_outputs" => {
                g.opset = 18;
                g.node_n(
                    "Split",
                    "split",
                    &["x"],
                    2,
                    vec![int("axis", 1), int("num_outputs", 2)],
                )
            }
            _ => {
                let axes = g.consts(&[1], &[1]);
                let (zero, half, end) = (
                    g.consts(&[1], &[0]),
                    g.consts(&[1], &[4]),
                    g.consts(&[1], &[i64::MAX]),
                );
                let a = g.node("Slice", "split", &["x", &zero, &half, &axes], vec![]);
                let b = g.node("Slice", "split_1", &["x", &half, &end, &axes], vec![]);
                vec![a, b]
            }
        };
        let a = g.conv("a", &parts[0], [4, 4, 1, 1], vec![]);
        let b = g.conv("b", &parts[1], [6, 4, 1, 1], vec![]);
        let cat = g.node("Concat", "cat", &[&a, &b], vec![int("axis", 1)]);
        g.conv("after", &cat, [2, 10, 1, 1], vec![]);
        let m = g.ok();
        let kinds: Vec<&str> = m.network.layers.iter().map(|l| l.kind.name()).collect();
        assert_eq!(
            kinds,
            [
                "channel_split",
                "pointwise",
                "pointwise",
                "concat",
                "pointwise"
            ],
            "{form}"
        );
        let split = layer(&m, "split");
        assert_eq!((split.input.c, split.output.c), (8, 4), "{form}");
        let cat = layer(&m, "cat");
        assert_eq!((cat.input.c, cat.output.c), (6, 10), "{form}");
        assert!(m
            .network
            .layers
            .iter()
            .filter(|l| l.kind.is_marker())
            .all(|l| l.cost == Default::default()));
    }
}

/// Max pool markers carry their window; ceil_mode is honoured.
#[test]
fn max_pool_marker() {
    for (ceil, want) in [(0, 55), (1, 56)] {
        let mut g = G::new(&fixed(&[1, 4, 112, 112]));
        g.node(
            "MaxPool",
            "pool",
            &["x"],
            vec![
                ints("kernel_shape", &[3, 3]),
                ints("strides", &[2, 2]),
                int("ceil_mode", ceil),
            ],
        );
        let m = g.ok();
        let l = &m.network.layers[0];
        assert_eq!(
            (l.kind, l.output),
            (LayerKind::MaxPool, Nchw::new(1, 4, want, want))
        );
        assert_eq!(l.cost, Default::default());
        let spec = l.spec.as_ref().unwrap().validate().unwrap();
        assert_eq!(
            spec.output_hw(112, 112).unwrap(),
            [want, want],
            "the spec shown gives the same size"
        );
        assert_eq!(m.notes.len(), ceil as usize, "{:?}", m.notes);
    }
}
