//! conv-core's whole-network presets against PyTorch: every conv and linear layer
//! of every preset at every resolution in `tests/torchvision/counts.json`, which
//! `tests/torchvision/count.py` recorded with forward hooks on torchvision's models
//! (see the README there). Any difference in a layer's name, kind, arguments,
//! shapes, MACs or params, or in a total by kind, fails.

use conv_core::presets::{by_name, whole_networks, PresetArgs};
use conv_core::{LayerKind, NetLayer, Network};
use serde_json::Value;
use std::collections::BTreeSet;

fn counts() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/torchvision/counts.json");
    let text = std::fs::read_to_string(path).expect("counts.json is committed");
    serde_json::from_str(&text).expect("counts.json is valid JSON")
}

fn u64_of(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn dims(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(u64_of)
        .collect()
}

/// A shape as conv-core writes it: PyTorch's conv shapes are NCHW already; a
/// `Linear` sees `[N, F]` (a 1x1 map) or, on ConvNeXt's NHWC map, `[N, H, W, F]`.
fn as_nchw(layer_type: &str, shape: &[u64]) -> Vec<u64> {
    match (layer_type, shape) {
        ("Conv2d", [_, _, _, _]) => shape.to_vec(),
        ("Linear", &[n, f]) => vec![n, f, 1, 1],
        ("Linear", &[n, h, w, f]) => vec![n, f, h, w],
        _ => panic!("unexpected {layer_type} shape {shape:?}"),
    }
}

fn array(v: [usize; 4]) -> Vec<u64> {
    v.iter().map(|&x| x as u64).collect()
}

/// Every difference between one of our layers and PyTorch's, as lines.
fn layer_differences(ours: &NetLayer, theirs: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |what: &str, a: String, b: String| {
        if a != b {
            out.push(format!("{}: {what} {a} != PyTorch {b}", ours.name));
        }
    };
    let ty = theirs["type"].as_str().unwrap();
    check(
        "name",
        ours.name.clone(),
        theirs["name"].as_str().unwrap().to_string(),
    );
    check(
        "kind",
        ours.kind.name().into(),
        theirs["kind"].as_str().unwrap().into(),
    );
    let input = as_nchw(ty, &dims(&theirs["input"]));
    let output = as_nchw(ty, &dims(&theirs["output"]));
    check(
        "input",
        format!("{:?}", array(ours.input.to_array())),
        format!("{input:?}"),
    );
    check(
        "output",
        format!("{:?}", array(ours.output.to_array())),
        format!("{output:?}"),
    );
    check(
        "macs",
        ours.cost.macs.to_string(),
        u64_of(&theirs["macs"]).to_string(),
    );
    check(
        "params",
        ours.cost.params.to_string(),
        u64_of(&theirs["params"]).to_string(),
    );
    let conv = ours
        .spec
        .as_ref()
        .expect("a conv or linear layer has a spec");
    let layer = conv.validate().expect("a preset's spec is valid");
    check(
        "in",
        layer.in_channels.to_string(),
        u64_of(&theirs["in"]).to_string(),
    );
    check(
        "out",
        layer.out_channels.to_string(),
        u64_of(&theirs["out"]).to_string(),
    );
    check("bias", layer.bias.to_string(), theirs["bias"].to_string());
    if ty == "Conv2d" {
        let pads = [layer.pads.top, layer.pads.left];
        for (what, a, b) in [
            ("kernel", layer.kernel, &theirs["kernel"]),
            ("stride", layer.stride, &theirs["stride"]),
            ("padding", pads, &theirs["padding"]),
            ("dilation", layer.dilation, &theirs["dilation"]),
        ] {
            let a: Vec<u64> = a.iter().map(|&x| x as u64).collect();
            check(what, format!("{a:?}"), format!("{:?}", dims(b)));
        }
        check(
            "groups",
            layer.groups.to_string(),
            theirs["groups"].to_string(),
        );
        let symmetric = layer.pads.top == layer.pads.bottom && layer.pads.left == layer.pads.right;
        check("symmetric padding", symmetric.to_string(), "true".into());
    } else {
        check(
            "linear as 1x1",
            format!("{:?}", layer.kernel),
            "[1, 1]".into(),
        );
    }
    out
}

/// Every difference between a preset and one model run of counts.json.
fn differences(net: &Network, run: &Value) -> Vec<String> {
    let ours: Vec<&NetLayer> = net.layers.iter().filter(|l| !l.kind.is_marker()).collect();
    let theirs = run["layers"].as_array().unwrap();
    let mut out = Vec::new();
    if ours.len() != theirs.len() {
        out.push(format!("{} layers != PyTorch {}", ours.len(), theirs.len()));
    }
    for (a, b) in ours.iter().zip(theirs) {
        out.extend(layer_differences(a, b));
    }
    let totals = &run["totals"];
    let total = net.total();
    for (what, a, b) in [
        ("layers", ours.len() as u64, &totals["layers"]),
        ("total macs", total.macs, &totals["macs"]),
        ("total params", total.params, &totals["params"]),
    ] {
        if a != u64_of(b) {
            out.push(format!("{what} {a} != PyTorch {b}"));
        }
    }
    let by_kind = totals["by_kind"].as_object().unwrap();
    let shares = net.share_by_kind();
    let kinds: BTreeSet<&str> = shares.iter().map(|s| s.kind.name()).collect();
    let theirs: BTreeSet<&str> = by_kind.keys().map(String::as_str).collect();
    if kinds != theirs {
        out.push(format!("kinds {kinds:?} != PyTorch {theirs:?}"));
    }
    for s in &shares {
        let Some(t) = by_kind.get(s.kind.name()) else {
            continue;
        };
        let ours = (s.layers as u64, s.macs, s.params);
        let pytorch = (
            u64_of(&t["layers"]),
            u64_of(&t["macs"]),
            u64_of(&t["params"]),
        );
        if ours != pytorch {
            out.push(format!(
                "{}: (layers, macs, params) {ours:?} != PyTorch {pytorch:?}",
                s.kind.name()
            ));
        }
    }
    out
}

#[test]
fn every_preset_equals_pytorch_at_every_resolution() {
    let counts = counts();
    let resolutions: Vec<u64> = dims(&counts["generator"]["resolutions"]);
    assert!(
        resolutions.contains(&224) && resolutions.len() >= 3,
        "{resolutions:?}"
    );
    let runs = counts["models"].as_array().unwrap();
    let mut seen = BTreeSet::new();
    let mut failures = Vec::new();
    for run in runs {
        let preset = run["preset"].as_str().unwrap();
        let resolution = u64_of(&run["resolution"]) as usize;
        let args = PresetArgs {
            resolution,
            ..PresetArgs::default()
        };
        let net = by_name(preset, &args).unwrap_or_else(|e| panic!("{preset}: {e}"));
        assert_eq!(net.name, preset);
        for d in differences(&net, run) {
            failures.push(format!("{preset} @{resolution}: {d}"));
        }
        seen.insert((preset.to_string(), resolution as u64));
    }
    // Every whole network but MobileNet v1 (not in torchvision) at every resolution.
    for preset in whole_networks().iter().filter(|&&n| n != "mobilenet-v1") {
        for &r in &resolutions {
            assert!(
                seen.contains(&(preset.to_string(), r)),
                "{preset} @{r} not in counts.json"
            );
        }
    }
    assert_eq!(seen.len(), runs.len(), "a model run appears twice");
    assert!(
        failures.is_empty(),
        "{} differences from PyTorch, the first:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The check itself must notice a wrong number: change one layer's MACs, one
/// layer's name and one kind, and each is reported.
#[test]
fn a_changed_number_is_reported() {
    let counts = counts();
    let run = &counts["models"][0];
    let preset = run["preset"].as_str().unwrap();
    let args = PresetArgs {
        resolution: u64_of(&run["resolution"]) as usize,
        ..PresetArgs::default()
    };
    let net = by_name(preset, &args).unwrap();
    assert!(differences(&net, run).is_empty());
    let mut wrong = net.clone();
    let first = wrong
        .layers
        .iter_mut()
        .find(|l| !l.kind.is_marker())
        .unwrap();
    first.cost.macs += 1;
    first.name.push('x');
    let last = wrong.layers.last_mut().unwrap();
    last.kind = LayerKind::Pointwise;
    let d = differences(&wrong, run);
    assert!(d.iter().any(|l| l.contains(": macs ")), "{d:?}");
    assert!(d.iter().any(|l| l.contains(": name ")), "{d:?}");
    assert!(d.iter().any(|l| l.contains(": kind ")), "{d:?}");
    assert!(d.iter().any(|l| l.starts_with("total macs")), "{d:?}");
    assert!(d.iter().any(|l| l.starts_with("kinds ")), "{d:?}");
    let mut shorter = net.clone();
    shorter.layers.pop();
    assert!(differences(&shorter, run)
        .iter()
        .any(|l| l.contains("layers !=")));
}
