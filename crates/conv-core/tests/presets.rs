//! Every paper figure the presets are meant to reproduce.
//!
//! Exact integers where the paper (or the formula it prints) gives one; otherwise
//! the figure rounded to the precision the paper prints, e.g. "569" million
//! mult-adds is `(macs / 1e6).round() == 569`.

use conv_core::presets::{
    alexnet_conv2, by_name, convnext_tiny, mobilenet_v1, names, resnet50, resnet_bottleneck,
    resnext50_32x4d, resnext_block, shufflenet_comparison, shufflenet_unit, shufflenet_v2_x1_0,
    whole_networks, xception_entry_block, PresetArgs,
};
use conv_core::spec::MAX_DIM;
use conv_core::{Cost, LayerKind, Network};

fn millions(v: u64) -> f64 {
    v as f64 / 1e6
}

/// Rounds to `digits` decimals, as the paper prints.
fn round_to(v: f64, digits: i32) -> f64 {
    let p = 10f64.powi(digits);
    (v * p).round() / p
}

/// Cost of the convolution layers only (the FC classifier left out).
fn conv_only(net: &Network) -> Cost {
    net.layers
        .iter()
        .filter(|l| l.kind != LayerKind::FullyConnected)
        .map(|l| l.cost)
        .sum()
}

#[test]
fn mobilenet_224_exact() {
    let net = mobilenet_v1(1.0, 224, false).unwrap();
    let t = net.total();
    // 27 conv layers (1 stem + 13 dw + 13 pw) and the FC layer.
    assert_eq!(net.layers.len(), 28);
    assert_eq!(t.macs, 568_740_352);
    // Weights 4,209,088 plus the FC's 1,000 biases.
    assert_eq!(t.params, 4_210_088);
    assert_eq!(t.flops, 2 * 568_740_352 + 1000);
    // Shown in the UI as 568.7M MACs and 4.21M params.
    assert_eq!(round_to(millions(t.macs), 1), 568.7);
    assert_eq!(round_to(millions(t.params), 2), 4.21);
    // The last depthwise layer has stride 1 (Table 1's "s2" there is a typo): 7x7 out.
    let last_dw = net
        .layers
        .iter()
        .rfind(|l| l.kind == LayerKind::Depthwise)
        .unwrap();
    assert_eq!(last_dw.output.to_array(), [1, 1024, 7, 7]);
}

/// Table 6: width multiplier at 224.
#[test]
fn mobilenet_width_multiplier_table6() {
    for (alpha, macs_m, params_m) in [
        (1.0, 569.0, 4.2),
        (0.75, 325.0, 2.6),
        (0.5, 149.0, 1.3),
        (0.25, 41.0, 0.5),
    ] {
        let t = mobilenet_v1(alpha, 224, false).unwrap().total();
        assert_eq!(millions(t.macs).round(), macs_m, "alpha={alpha}: {t:?}");
        assert_eq!(
            round_to(millions(t.params), 1),
            params_m,
            "alpha={alpha}: {t:?}"
        );
    }
}

/// Table 7: resolution at alpha = 1. The paper's 160 figure (290) is what the conv
/// layers alone give (289.65M); with the FC layer, as for every other row, it is
/// 290.68M. The paper is not consistent here, so 160 is checked both ways.
#[test]
fn mobilenet_resolution_table7() {
    for (res, macs_m) in [(224, 569.0), (192, 418.0), (128, 186.0)] {
        let t = mobilenet_v1(1.0, res, false).unwrap().total();
        assert_eq!(millions(t.macs).round(), macs_m, "resolution={res}");
        assert_eq!(round_to(millions(t.params), 1), 4.2);
    }
    let net = mobilenet_v1(1.0, 160, false).unwrap();
    assert_eq!(net.total().macs, 290_675_200);
    assert_eq!(millions(conv_only(&net).macs).round(), 290.0);
    assert_eq!(round_to(millions(net.total().params), 1), 4.2);
}

/// Table 4: Conv MobileNet, 4866M mult-adds and 29.3M params. As at 160, the
/// paper's mult-adds match the conv layers alone (4866.27M); params include the FC.
#[test]
fn conv_mobilenet_table4() {
    let net = mobilenet_v1(1.0, 224, true).unwrap();
    assert_eq!(net.layers.len(), 15);
    assert!(net
        .layers
        .iter()
        .all(|l| matches!(l.kind, LayerKind::Standard | LayerKind::FullyConnected)));
    let t = net.total();
    assert_eq!(t.macs, 4_867_293_184);
    assert_eq!(t.params, 29_282_120);
    assert_eq!(millions(conv_only(&net).macs).round(), 4866.0);
    assert_eq!(round_to(millions(t.params), 1), 29.3);
}

/// Table 2: 1x1 convs carry 94.86% of mult-adds and 74.59% of params.
#[test]
fn mobilenet_table2_split() {
    let net = mobilenet_v1(1.0, 224, false).unwrap();
    let shares = net.share_by_kind();
    let get = |k: LayerKind| shares.iter().find(|s| s.kind == k).copied().unwrap();
    let pw = get(LayerKind::Pointwise);
    assert_eq!(pw.layers, 13);
    assert!((pw.macs_share * 100.0 - 95.0).abs() <= 1.0, "{pw:?}");
    assert!((pw.params_share * 100.0 - 75.0).abs() <= 1.0, "{pw:?}");
    // To the paper's two decimals for mult-adds: 1x1 94.86%, dw 3.06%, FC 0.18%.
    assert_eq!(round_to(pw.macs_share * 100.0, 2), 94.86);
    assert_eq!(
        round_to(get(LayerKind::Depthwise).macs_share * 100.0, 2),
        3.06
    );
    assert_eq!(
        round_to(get(LayerKind::FullyConnected).macs_share * 100.0, 2),
        0.18
    );
    // The paper prints 1.19% for the stem conv, but its column then sums to 99.29%;
    // 10,838,016 / 568,740,352 is 1.91%, which makes it sum to 100%.
    assert_eq!(
        round_to(get(LayerKind::Standard).macs_share * 100.0, 2),
        1.91
    );
    let total: f64 = shares.iter().map(|s| s.macs_share).sum();
    assert!((total - 1.0).abs() < 1e-12);
}

#[test]
fn mobilenet_rejects_bad_arguments() {
    let msg = |a: f64, r: usize| mobilenet_v1(a, r, false).unwrap_err().to_string();
    assert!(msg(0.0, 224).contains("alpha must be a positive number (got alpha=0)"));
    assert!(msg(-0.5, 224).contains("alpha"));
    assert!(msg(f64::NAN, 224).contains("alpha"));
    assert!(msg(0.01, 224).contains("alpha=0.01 is too small"));
    assert!(msg(1e12, 224).contains("alpha=1000000000000 is too large"));
    let e = msg(1.0, 31);
    assert!(
        e.contains("resolution must be at least 32") && e.contains("resolution=31"),
        "{e}"
    );
    // Odd sizes work: padding 1 keeps every stride-2 layer valid.
    assert!(mobilenet_v1(1.0, 33, false).is_ok());
    assert!(mobilenet_v1(1.4, 224, false).is_ok());
}

#[test]
fn resnext_vs_resnet_params() {
    let x = resnext_block().unwrap();
    let r = resnet_bottleneck().unwrap();
    // C·(256·d + 3·3·d·d + d·256) with C = 32, d = 4.
    assert_eq!(x.total().params, 32 * (256 * 4 + 9 * 4 * 4 + 4 * 256));
    assert_eq!(x.total().params, 70_144);
    // 256·64 + 3·3·64·64 + 64·256.
    assert_eq!(r.total().params, 69_632);
    assert_eq!(x.total().macs, 70_144 * 56 * 56);
    assert_eq!(r.total().macs, 69_632 * 56 * 56);
    assert_eq!(x.layers[1].kind, LayerKind::Grouped);
    assert_eq!(r.layers[1].kind, LayerKind::Standard);
    for net in [&x, &r] {
        assert_eq!(
            net.layers.last().unwrap().output.to_array(),
            [1, 256, 56, 56]
        );
    }
}

#[test]
fn shufflenet_per_position() {
    let [resnet, resnext, shuffle] = shufflenet_comparison().unwrap();
    let (c, m, g) = (240u64, 60u64, 3u64);
    assert_eq!(resnet.macs_per_position(), Some(2 * c * m + 9 * m * m));
    assert_eq!(resnet.macs_per_position(), Some(61_200));
    assert_eq!(resnext.macs_per_position(), Some(2 * c * m + 9 * m * m / g));
    assert_eq!(resnext.macs_per_position(), Some(39_600));
    assert_eq!(shuffle.macs_per_position(), Some(2 * c * m / g + 9 * m));
    assert_eq!(shuffle.macs_per_position(), Some(10_140));
    assert_eq!(shuffle.total().macs, 10_140 * 28 * 28);
    let unit = shufflenet_unit().unwrap();
    assert_eq!(unit, shuffle);
    let marker = &unit.layers[1];
    assert_eq!(marker.kind, LayerKind::ChannelShuffle { groups: 3 });
    assert_eq!(marker.cost, Cost::default());
    assert_eq!(marker.input, marker.output);
}

#[test]
fn alexnet_conv2_weights() {
    let net = alexnet_conv2().unwrap();
    assert_eq!(net.layers.len(), 1);
    let l = &net.layers[0];
    let layer = l.spec.as_ref().unwrap().validate().unwrap();
    assert_eq!(layer.weight_shape().to_array(), [256, 48, 5, 5]);
    assert_eq!(l.cost.params, 307_200 + 256);
    assert_eq!(l.output.to_array(), [1, 256, 27, 27]);
    assert_eq!(l.cost.macs, 307_200 * 27 * 27);
    assert_eq!(l.cost.flops, 2 * 307_200 * 27 * 27 + 256 * 27 * 27);
    assert_eq!(l.kind, LayerKind::Grouped);
}

/// Fig. 5, entry flow, second block: 74x74x128 → 37x37x256.
#[test]
fn xception_entry_block_shapes_and_cost() {
    let net = xception_entry_block().unwrap();
    let kinds: Vec<&str> = net.layers.iter().map(|l| l.kind.name()).collect();
    assert_eq!(
        kinds,
        [
            "depthwise",
            "pointwise",
            "depthwise",
            "pointwise",
            "max_pool",
            "pointwise"
        ]
    );
    let pool = &net.layers[4];
    assert_eq!(pool.output.to_array(), [1, 256, 37, 37]);
    assert_eq!(pool.cost, Cost::default());
    let residual = &net.layers[5];
    assert_eq!(residual.input.to_array(), [1, 128, 74, 74]);
    assert_eq!(residual.output.to_array(), [1, 256, 37, 37]);
    let hw = 74 * 74;
    assert_eq!(
        net.total().macs,
        128 * 9 * hw + 128 * 256 * hw + 256 * 9 * hw + 256 * 256 * hw + 128 * 256 * 37 * 37
    );
    assert_eq!(
        net.total().params,
        128 * 9 + 128 * 256 + 256 * 9 + 256 * 256 + 128 * 256
    );
}

#[test]
fn by_name_matches_the_functions() {
    let args = PresetArgs {
        alpha: 0.5,
        resolution: 160,
        full_conv: false,
    };
    assert_eq!(
        by_name("mobilenet-v1", &args).unwrap(),
        mobilenet_v1(0.5, 160, false).unwrap()
    );
    assert_eq!(names().len(), 16);
    assert_eq!(whole_networks().len(), 11);
    assert_eq!(names()[..11], *whole_networks());
    for name in names() {
        let net = by_name(name, &PresetArgs::default()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&net.to_json()).unwrap();
        let sum: u64 = v["layers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["macs"].as_u64().unwrap())
            .sum();
        assert_eq!(v["total"]["macs"].as_u64(), Some(sum), "{name}");
    }
}

fn at(name: &str, resolution: usize) -> conv_core::Result<Network> {
    let args = PresetArgs {
        resolution,
        ..PresetArgs::default()
    };
    by_name(name, &args)
}

/// Every whole network runs from 32x32 (its output stride: the last map is 1x1)
/// up to MAX_DIM, and names the rule when the resolution is outside.
#[test]
fn whole_networks_take_a_resolution() {
    for name in whole_networks() {
        let net = at(name, 32).unwrap();
        let last_conv = net
            .layers
            .iter()
            .rfind(|l| !l.kind.is_marker() && l.kind != LayerKind::FullyConnected)
            .unwrap();
        assert_eq!((last_conv.output.h, last_conv.output.w), (1, 1), "{name}");
        assert!(at(name, 33).is_ok(), "{name}: odd sizes work");
        assert!(at(name, 256).unwrap().total().macs > at(name, 224).unwrap().total().macs);
        let e = at(name, 31).unwrap_err().to_string();
        assert!(
            e.contains("resolution must be at least 32") && e.contains("(got resolution=31)"),
            "{name}: {e}"
        );
        let e = at(name, MAX_DIM + 1).unwrap_err().to_string();
        assert!(
            e.contains(&format!("resolution must be at most {MAX_DIM}")),
            "{name}: {e}"
        );
    }
    let e = at("convnext-tiny", 16).unwrap_err().to_string();
    assert!(e.contains("unpadded 4x4 stride-4 stem"), "{e}");
}

/// Single blocks keep the size their paper gives, whatever the resolution.
#[test]
fn single_blocks_ignore_the_resolution() {
    for name in names().iter().filter(|n| !whole_networks().contains(n)) {
        assert_eq!(at(name, 64).unwrap(), at(name, 224).unwrap(), "{name}");
    }
}

/// ShuffleNet v2 units read like the paper's Fig. 3: (d) branch1, branch2, concat,
/// shuffle for stride 2; (c) split, branch2, concat, shuffle for stride 1.
#[test]
fn shufflenet_v2_units_read_like_fig3() {
    let net = shufflenet_v2_x1_0(224).unwrap();
    let unit = |prefix: &str| -> Vec<&conv_core::NetLayer> {
        net.layers
            .iter()
            .filter(|l| l.name.starts_with(&format!("{prefix}.")))
            .collect()
    };
    let kinds =
        |u: &[&conv_core::NetLayer]| -> Vec<&str> { u.iter().map(|l| l.kind.name()).collect() };
    let down = unit("stage2.0");
    assert_eq!(
        kinds(&down),
        [
            "depthwise",
            "pointwise",
            "pointwise",
            "depthwise",
            "pointwise",
            "concat",
            "channel_shuffle"
        ]
    );
    // Both branches read the 24x56x56 map; each makes 58 of the 116 channels at 28x28.
    assert_eq!(down[0].input.to_array(), [1, 24, 56, 56]);
    assert_eq!(down[2].input.to_array(), [1, 24, 56, 56]);
    assert_eq!(down[5].input.to_array(), [1, 58, 28, 28]);
    assert_eq!(down[5].output.to_array(), [1, 116, 28, 28]);
    let basic = unit("stage2.1");
    assert_eq!(
        kinds(&basic),
        [
            "channel_split",
            "pointwise",
            "depthwise",
            "pointwise",
            "concat",
            "channel_shuffle"
        ]
    );
    assert_eq!(basic[0].input.to_array(), [1, 116, 28, 28]);
    assert_eq!(basic[0].output.to_array(), [1, 58, 28, 28]);
    assert_eq!(basic[1].input, basic[0].output);
    assert_eq!(basic[4].output.to_array(), [1, 116, 28, 28]);
    assert_eq!(basic[5].kind, LayerKind::ChannelShuffle { groups: 2 });
    for l in net.layers.iter().filter(|l| l.kind.is_marker()) {
        assert_eq!(l.cost, Cost::default(), "{}", l.name);
    }
    // 16 units, each one concat and one shuffle; 13 of them split.
    let count = |k: LayerKind| net.layers.iter().filter(|l| l.kind == k).count();
    assert_eq!(count(LayerKind::Concat), 16);
    assert_eq!(count(LayerKind::ChannelSplit), 13);
    assert_eq!(count(LayerKind::ChannelShuffle { groups: 2 }), 16);
    assert_eq!(count(LayerKind::MaxPool), 1);
}

/// ConvNeXt's Linear layers count every position of their NHWC map.
#[test]
fn convnext_linear_layers_run_at_every_position() {
    let net = convnext_tiny(224).unwrap();
    let fc1 = net
        .layers
        .iter()
        .find(|l| l.name == "features.1.0.block.3")
        .unwrap();
    assert_eq!(fc1.kind, LayerKind::FullyConnected);
    assert_eq!(fc1.input.to_array(), [1, 96, 56, 56]);
    assert_eq!(fc1.output.to_array(), [1, 384, 56, 56]);
    assert_eq!(fc1.cost.macs, 56 * 56 * 96 * 384);
    assert_eq!(fc1.cost.params, 96 * 384 + 384);
    let head = net.layers.last().unwrap();
    assert_eq!(head.input.to_array(), [1, 768, 1, 1]);
    assert_eq!(head.cost.macs, 768 * 1000);
}

/// The whole ResNet-50 and ResNeXt-50 contain the single-block presets: their
/// layer1.1 (256-d in, 56x56 at 224) is `resnet-bottleneck` / `resnext-block`.
#[test]
fn whole_resnets_contain_the_block_presets() {
    for (net, block) in [
        (resnet50(224).unwrap(), resnet_bottleneck().unwrap()),
        (resnext50_32x4d(224).unwrap(), resnext_block().unwrap()),
    ] {
        let unit: Vec<_> = net
            .layers
            .iter()
            .filter(|l| l.name.starts_with("layer1.1."))
            .collect();
        assert_eq!(unit.len(), block.layers.len());
        for (a, b) in unit.iter().zip(&block.layers) {
            assert_eq!(
                (a.input, a.output, a.cost, a.kind),
                (b.input, b.output, b.cost, b.kind)
            );
        }
    }
}
