//! Golden tests: conv-core against outputs onnxruntime computed.
//!
//! The cases, and the script that produced them (`golden/generate.py`, with its
//! seed and versions recorded at the top of `golden/cases.json`), live in
//! `tests/golden/`. Every conv case runs through `ops::conv2d`, through
//! `ConvProblem::reference`, through the im2col+GEMM `ConvProblem::general` (whatever
//! `conv2d` would dispatch to), and through `ConvProblem::depthwise` / `pointwise`
//! when the layer qualifies; separable cases check the intermediate too. All failures are
//! collected and reported together, each naming the case, the path and the worst
//! element.

use conv_core::{ops, Conv2dLayer, Conv2dSpec, ConvProblem, Limits, Nchw, PaddingMode, Tensor};
use serde::Deserialize;

/// Elementwise tolerance: `|got - expected| <= TOLERANCE * max(1, |expected|)`,
/// i.e. relative error for large values and absolute error below 1.
const TOLERANCE: f32 = 1e-4;

const CASES: &str = include_str!("golden/cases.json");

#[derive(Deserialize)]
struct File {
    generator: serde_json::Value,
    cases: Vec<Case>,
}

// Numbers are read as f64 and narrowed to f32: generate.py checks that each
// printed value reads back to the same f32 along exactly that path.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    op: String,
    #[serde(default)]
    spec: Option<serde_json::Value>,
    input_shape: Vec<usize>,
    input: Vec<f64>,
    #[serde(default)]
    weight_shape: Option<Vec<usize>>,
    #[serde(default)]
    weight: Option<Vec<f64>>,
    #[serde(default)]
    bias: Option<Vec<f64>>,
    #[serde(default)]
    pw_spec: Option<serde_json::Value>,
    #[serde(default)]
    pw_weight_shape: Option<Vec<usize>>,
    #[serde(default)]
    pw_weight: Option<Vec<f64>>,
    #[serde(default)]
    pw_bias: Option<Vec<f64>>,
    #[serde(default)]
    intermediate_shape: Option<Vec<usize>>,
    #[serde(default)]
    intermediate: Option<Vec<f64>>,
    #[serde(default)]
    groups: Option<usize>,
    output_shape: Vec<usize>,
    output: Vec<f64>,
}

fn load() -> File {
    serde_json::from_str(CASES).expect("tests/golden/cases.json is not valid golden JSON")
}

fn f32s(v: &[f64]) -> Vec<f32> {
    v.iter().map(|&x| x as f32).collect()
}

fn shape(dims: &[usize], what: &str, case: &str) -> Nchw {
    Nchw::from_slice(dims).unwrap_or_else(|| panic!("{case}: {what} shape {dims:?} is not 4-D"))
}

fn tensor(dims: &[usize], data: &[f64], what: &str, case: &str) -> Tensor {
    Tensor::new(shape(dims, what, case), f32s(data))
        .unwrap_or_else(|e| panic!("{case}: {what}: {e}"))
}

/// A tensor from an optional shape/data pair of fields, both required here.
fn tensor_field(
    dims: &Option<Vec<usize>>,
    data: &Option<Vec<f64>>,
    what: &str,
    case: &str,
) -> Tensor {
    let dims: &Vec<usize> = need(dims, &format!("{what}_shape"), case);
    let data: &Vec<f64> = need(data, what, case);
    tensor(dims, data, what, case)
}

fn layer(spec: &serde_json::Value, case: &str) -> Conv2dLayer {
    Conv2dSpec::from_json(&spec.to_string())
        .and_then(|s| s.validate())
        .unwrap_or_else(|e| panic!("{case}: spec {spec}: {e}"))
}

fn need<'a, T>(v: &'a Option<T>, field: &str, case: &str) -> &'a T {
    v.as_ref()
        .unwrap_or_else(|| panic!("{case}: missing field {field}"))
}

/// Checks shape and every element; on failure describes the worst element.
fn compare(
    case: &str,
    path: &str,
    got: &Tensor,
    want_shape: &[usize],
    want: &[f64],
    tol: f32,
) -> Result<(), String> {
    if got.shape.to_array().as_slice() != want_shape {
        return Err(format!(
            "{case} [{path}]: output shape {} but onnxruntime gives {want_shape:?}",
            got.shape
        ));
    }
    let mut worst: Option<(usize, f32, f32, f32)> = None;
    for (i, (&a, &b)) in got.data.iter().zip(want).enumerate() {
        let b = b as f32;
        let excess = (a - b).abs() / b.abs().max(1.0);
        // NaN counts as the worst possible error.
        let excess = if excess.is_nan() {
            f32::INFINITY
        } else {
            excess
        };
        if worst.is_none_or(|(_, _, _, e)| excess > e) {
            worst = Some((i, a, b, excess));
        }
    }
    match worst {
        Some((i, a, b, e)) if e > tol => {
            let s = got.shape;
            let (x, rest) = (i % s.w, i / s.w);
            let (y, rest) = (rest % s.h, rest / s.h);
            let (c, n) = (rest % s.c, rest / s.c);
            Err(format!(
                "{case} [{path}]: worst element #{i} at (n={n}, c={c}, y={y}, x={x}): \
                 expected {b}, got {a}, |diff| = {} > {tol} * max(1, |expected|)",
                (a - b).abs()
            ))
        }
        _ => Ok(()),
    }
}

fn check(
    failures: &mut Vec<String>,
    case: &str,
    path: &str,
    result: conv_core::Result<Tensor>,
    want_shape: &[usize],
    want: &[f64],
    tol: f32,
) {
    match result {
        Ok(t) => {
            if let Err(msg) = compare(case, path, &t, want_shape, want, tol) {
                failures.push(msg);
            }
        }
        Err(e) => failures.push(format!("{case} [{path}]: returned error: {e}")),
    }
}

type ConvFn = fn(&ConvProblem) -> conv_core::Result<Tensor>;

fn run_conv2d(c: &Case, failures: &mut Vec<String>) {
    let name = c.name.as_str();
    let layer = layer(need(&c.spec, "spec", name), name);
    let input = tensor(&c.input_shape, &c.input, "input", name);
    let weight = tensor_field(&c.weight_shape, &c.weight, "weight", name);
    let bias = c.bias.as_deref().map(f32s);
    assert_eq!(
        layer.bias,
        bias.is_some(),
        "{name}: spec bias flag vs bias data"
    );
    assert_eq!(weight.shape, layer.weight_shape(), "{name}: weight shape");
    let limits = Limits::unlimited();
    let geometry = layer
        .geometry(input.shape, &limits)
        .unwrap_or_else(|e| panic!("{name}: geometry: {e}"));
    if geometry.output.to_array().as_slice() != c.output_shape {
        failures.push(format!(
            "{name} [geometry]: output shape {} but onnxruntime gives {:?}",
            geometry.output, c.output_shape
        ));
    }

    let mut paths: Vec<(&str, ConvFn)> = vec![
        ("reference", |p| Ok(p.reference())),
        ("general", |p| Ok(p.general())),
    ];
    if layer.is_depthwise() {
        paths.push(("depthwise", |p| p.depthwise()));
    }
    if layer.is_pointwise() {
        paths.push(("pointwise", |p| p.pointwise()));
    }
    let got = ConvProblem::new(&layer, &input, &weight, bias.as_deref(), &limits).map(|p| p.run());
    check(
        failures,
        name,
        "conv2d",
        got,
        &c.output_shape,
        &c.output,
        TOLERANCE,
    );
    for (path, f) in paths {
        let got =
            ConvProblem::new(&layer, &input, &weight, bias.as_deref(), &limits).and_then(|p| f(&p));
        check(
            failures,
            name,
            path,
            got,
            &c.output_shape,
            &c.output,
            TOLERANCE,
        );
    }
}

fn run_separable(c: &Case, failures: &mut Vec<String>) {
    let name = c.name.as_str();
    let dw = layer(need(&c.spec, "spec", name), name);
    let pw = layer(need(&c.pw_spec, "pw_spec", name), name);
    let input = tensor(&c.input_shape, &c.input, "input", name);
    let dw_w = tensor_field(&c.weight_shape, &c.weight, "weight", name);
    let pw_w = tensor_field(&c.pw_weight_shape, &c.pw_weight, "pw_weight", name);
    let dw_b = c.bias.as_deref().map(f32s);
    let pw_b = c.pw_bias.as_deref().map(f32s);
    let mid_shape: &Vec<usize> = need(&c.intermediate_shape, "intermediate_shape", name);
    let mid: &Vec<f64> = need(&c.intermediate, "intermediate", name);
    let limits = Limits::unlimited();

    match ConvProblem::new(&dw, &input, &dw_w, dw_b.as_deref(), &limits)
        .and_then(|p| p.separable(&pw, &pw_w, pw_b.as_deref(), &limits))
    {
        Ok(out) => {
            for (path, got, want_shape, want) in [
                ("separable intermediate", &out.intermediate, mid_shape, mid),
                ("separable output", &out.output, &c.output_shape, &c.output),
            ] {
                if let Err(msg) = compare(name, path, got, want_shape, want, TOLERANCE) {
                    failures.push(msg);
                }
            }
        }
        Err(e) => failures.push(format!("{name} [separable]: returned error: {e}")),
    }

    // The same two layers through the reference kernel, one after the other.
    let ref_mid =
        ConvProblem::new(&dw, &input, &dw_w, dw_b.as_deref(), &limits).map(|p| p.reference());
    check(
        failures,
        name,
        "reference depthwise",
        ref_mid.clone(),
        mid_shape,
        mid,
        TOLERANCE,
    );
    if let Ok(ref_mid) = ref_mid {
        let got =
            ConvProblem::new(&pw, &ref_mid, &pw_w, pw_b.as_deref(), &limits).map(|p| p.reference());
        check(
            failures,
            name,
            "reference pointwise",
            got,
            &c.output_shape,
            &c.output,
            TOLERANCE,
        );
    }
}

fn run_channel_shuffle(c: &Case, failures: &mut Vec<String>) {
    let name = c.name.as_str();
    let input = tensor(&c.input_shape, &c.input, "input", name);
    let groups = *need(&c.groups, "groups", name);
    // A shuffle only moves values, so it must be exact.
    let got = ops::channel_shuffle(&input, groups);
    check(
        failures,
        name,
        "channel_shuffle",
        got,
        &c.output_shape,
        &c.output,
        0.0,
    );
}

#[test]
fn golden_cases_match_onnxruntime() {
    let file = load();
    assert!(
        file.generator.get("onnxruntime").is_some(),
        "cases.json must record the onnxruntime version it was made with"
    );
    let mut failures = Vec::new();
    for case in &file.cases {
        match case.op.as_str() {
            "conv2d" => run_conv2d(case, &mut failures),
            "separable" => run_separable(case, &mut failures),
            "channel_shuffle" => run_channel_shuffle(case, &mut failures),
            other => panic!("{}: unknown op {other:?}", case.name),
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden check(s) failed against onnxruntime ({}):\n  {}",
        failures.len(),
        file.generator,
        failures.join("\n  ")
    );
}

/// The case list keeps covering what matters, so a regenerated file cannot
/// quietly drop a feature.
#[test]
fn golden_cases_cover_the_features() {
    let file = load();
    let mut layers = Vec::new();
    for c in &file.cases {
        if let Some(spec) = &c.spec {
            let spec_text = spec.to_string();
            layers.push((c, layer(spec, &c.name), spec_text));
        }
    }
    let any = |what: &str, pred: &dyn Fn(&Case, &Conv2dLayer, &str) -> bool| {
        assert!(
            layers.iter().any(|(c, l, s)| pred(c, l, s)),
            "no golden case covers {what}"
        );
    };
    any("grouped with C_out != C_in", &|_, l, _| {
        l.groups > 1 && l.groups < l.in_channels && l.out_channels != l.in_channels
    });
    any("depthwise multiplier 1", &|_, l, _| {
        l.is_depthwise() && l.out_channels == l.in_channels
    });
    any("depthwise multiplier 2", &|_, l, _| {
        l.is_depthwise() && l.out_channels == 2 * l.in_channels
    });
    any("depthwise multiplier 3", &|_, l, _| {
        l.is_depthwise() && l.out_channels == 3 * l.in_channels
    });
    any("pointwise groups 1", &|_, l, _| {
        l.is_pointwise() && l.groups == 1
    });
    any("grouped pointwise", &|_, l, _| {
        l.is_pointwise() && l.groups > 1
    });
    any("stride", &|_, l, _| l.stride != [1, 1]);
    any("dilation", &|_, l, _| l.dilation != [1, 1]);
    any("rectangular kernel", &|_, l, _| l.kernel[0] != l.kernel[1]);
    any("asymmetric [h, w] padding", &|_, l, _| {
        l.pads.top != l.pads.left
    });
    any("padding \"same\" with an odd total", &|_, l, s| {
        s.contains("\"same\"") && l.pads.bottom > l.pads.top
    });
    any("padding \"valid\"", &|_, _, s| s.contains("\"valid\""));
    for mode in PaddingMode::ALL {
        any(mode.name(), &|_, l, _| {
            l.padding_mode == mode && l.pads.top + l.pads.left > 0
        });
    }
    any("batch > 1", &|c, _, _| c.input_shape[0] > 1);
    any("1x1 input, 1x1 kernel", &|c, l, _| {
        c.input_shape[2..] == [1, 1] && l.kernel == [1, 1]
    });
    any("1x1 input, 3x3 kernel, padding 1", &|c, l, _| {
        c.input_shape[2..] == [1, 1] && l.kernel == [3, 3] && l.pads.top == 1
    });
    any("bias on", &|_, l, _| l.bias);
    any("bias off", &|_, l, _| !l.bias);
    for op in ["separable", "channel_shuffle"] {
        assert!(
            file.cases.iter().any(|c| c.op == op),
            "no golden case covers {op}"
        );
    }
}
