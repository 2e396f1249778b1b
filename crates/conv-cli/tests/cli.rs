//! Runs the built `conv` binary: output, exit codes and the one-line error contract.

use std::path::PathBuf;
use std::process::{Command, Output};

fn conv(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conv"))
        .args(args)
        .output()
        .expect("the conv binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Asserts a failure with `code` and exactly one stderr line `conv: ...` containing `needle`.
fn assert_fails(o: &Output, code: i32, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    assert!(o.stdout.is_empty(), "stdout: {}", stdout(o));
    assert_eq!(err.lines().count(), 1, "one line expected: {err:?}");
    assert!(err.starts_with("conv: "), "{err}");
    assert!(err.contains(needle), "expected {needle:?} in {err:?}");
}

/// Writes `text` to a file unique to this test and returns its path.
fn file(name: &str, text: &[u8]) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    serde_json::from_str(&stdout(o)).expect("valid JSON on stdout")
}

#[test]
fn cost_json_for_a_depthwise_layer() {
    let spec = file(
        "dw.json",
        br#"{"in_channels": 32, "out_channels": 32, "kernel_size": 3, "padding": 1, "groups": 32, "bias": false}"#,
    );
    let v = json(&conv(&[
        "cost",
        "--spec",
        &spec,
        "--input-shape",
        "1,32,112,112",
        "--json",
    ]));
    // MobileNet v1 conv_dw_1: 32·9·112·112.
    assert_eq!(v["macs"], 3_612_672);
    assert_eq!(v["flops"], 2 * 3_612_672);
    assert_eq!(v["params"], 288);
    assert_eq!(v["output"], serde_json::json!([1, 32, 112, 112]));
    assert_eq!(v["weight"], serde_json::json!([32, 1, 3, 3]));
    assert_eq!(v["kind"], "depthwise");
    assert_eq!(v["bytes"], 4 * (2 * 32 * 112 * 112 + 288));
    assert!(v["intensity"].as_f64().unwrap() > 0.0);
}

#[test]
fn cost_human_readable() {
    let spec = file(
        "alexnet2.json",
        br#"{"in_channels": 96, "out_channels": 256, "kernel_size": 5, "padding": 2, "groups": 2}"#,
    );
    let o = conv(&["cost", "--spec", &spec, "--input-shape", "1x96x27x27"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains(
            "Conv2d(96, 256, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2), groups=2)"
        ),
        "{out}"
    );
    assert!(out.contains("223,948,800 (223.9M)"), "{out}");
    assert!(out.contains("307,456"), "{out}");
    assert!(out.contains("[1, 256, 27, 27]"), "{out}");
}

#[test]
fn net_json_mobilenet() {
    let v = json(&conv(&["net", "mobilenet-v1", "--json"]));
    assert_eq!(v["name"], "mobilenet-v1");
    assert_eq!(v["total"]["macs"], 568_740_352u64);
    assert_eq!(v["total"]["params"], 4_210_088u64);
    let layers = v["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 28);
    assert_eq!(layers[1]["kind"], "depthwise");
    assert_eq!(layers[1]["groups"], 32);
    assert_eq!(layers[1]["kernel"], serde_json::json!([3, 3]));
    assert_eq!(layers[27]["kind"], "fully_connected");
    assert_eq!(layers[27]["bias"], true);

    let v = json(&conv(&[
        "net",
        "mobilenet-v1",
        "--alpha=0.5",
        "--resolution",
        "160",
        "--json",
    ]));
    let layers = v["layers"].as_array().unwrap();
    assert_eq!(layers[0]["input"], serde_json::json!([1, 3, 160, 160]));
    assert_eq!(layers[0]["out_channels"], 16);

    let v = json(&conv(&["net", "mobilenet-v1", "--full-conv", "--json"]));
    assert_eq!(v["total"]["macs"], 4_867_293_184u64);
}

/// `conv net NAME --resolution R --json` against conv-core's preset at R: the
/// totals and every layer's name, kind, shapes, MACs and params.
fn assert_net_json_matches_conv_core(name: &str, resolution: usize) {
    let r = resolution.to_string();
    let v = json(&conv(&["net", name, "--resolution", &r, "--json"]));
    let args = conv_core::PresetArgs {
        resolution,
        ..conv_core::PresetArgs::default()
    };
    let net = conv_core::presets::by_name(name, &args).unwrap();
    let total = net.total();
    assert_eq!(v["name"], name);
    assert_eq!(v["total"]["macs"], total.macs, "{name}");
    assert_eq!(v["total"]["flops"], total.flops, "{name}");
    assert_eq!(v["total"]["params"], total.params, "{name}");
    assert_eq!(v["total"]["bytes"], total.bytes, "{name}");
    let layers = v["layers"].as_array().unwrap();
    assert_eq!(layers.len(), net.layers.len(), "{name}");
    assert_eq!(
        layers[0]["input"],
        serde_json::json!([1, 3, resolution, resolution])
    );
    for (j, l) in layers.iter().zip(&net.layers) {
        assert_eq!(j["name"], l.name.as_str());
        assert_eq!(j["kind"], l.kind.name(), "{}", l.name);
        assert_eq!(
            j["input"],
            serde_json::json!(l.input.to_array()),
            "{}",
            l.name
        );
        assert_eq!(
            j["output"],
            serde_json::json!(l.output.to_array()),
            "{}",
            l.name
        );
        assert_eq!(j["macs"], l.cost.macs, "{}", l.name);
        assert_eq!(j["params"], l.cost.params, "{}", l.name);
    }
    // The resolution reached the network: its MACs differ from the default 224's.
    let default = conv_core::presets::by_name(name, &conv_core::PresetArgs::default()).unwrap();
    assert_ne!(total.macs, default.total().macs, "{name}");
}

macro_rules! net_json_at_resolution {
    ($($test:ident: $name:literal at $resolution:literal,)*) => {
        $(
            #[test]
            fn $test() {
                assert_net_json_matches_conv_core($name, $resolution);
            }
        )*
    };
}

net_json_at_resolution! {
    net_json_mobilenet_v2_at_160: "mobilenet-v2" at 160,
    net_json_mobilenet_v3_large_at_192: "mobilenet-v3-large" at 192,
    net_json_mobilenet_v3_small_at_128: "mobilenet-v3-small" at 128,
    net_json_shufflenet_v2_at_193: "shufflenet-v2-x1.0" at 193,
    net_json_resnet_50_at_320: "resnet-50" at 320,
    net_json_resnext50_at_256: "resnext50-32x4d" at 256,
    net_json_efficientnet_b0_at_240: "efficientnet-b0" at 240,
    net_json_convnext_tiny_at_288: "convnext-tiny" at 288,
    net_json_regnet_x_400mf_at_96: "regnet-x-400mf" at 96,
    net_json_regnet_y_400mf_at_33: "regnet-y-400mf" at 33,
}

#[test]
fn net_table_every_preset() {
    for (name, needle) in [
        ("mobilenet-v1", "568,740,352 (568.7M)"),
        ("resnext-block", "70,144"),
        ("resnet-bottleneck", "69,632"),
        (
            "shufflenet-unit",
            "ResNet unit 61,200 · ResNeXt unit 39,600 · ShuffleNet v1 unit 10,140",
        ),
        ("alexnet-conv2", "307,456"),
        ("xception-block", "max_pool"),
        ("mobilenet-v2", "total MACs   300,774,272"),
        ("mobilenet-v3-large", "features.4.block.2.fc1"),
        ("mobilenet-v3-small", "classifier.3"),
        ("shufflenet-v2-x1.0", "stage2.1.split"),
        ("resnet-50", "layer1.0.downsample.0"),
        ("resnext50-32x4d", "grouped"),
        ("efficientnet-b0", "features.1.0.block.1.fc2"),
        ("convnext-tiny", "total MACs   4,455,531,264"),
        ("regnet-x-400mf", "trunk_output.block4.block4-11.f.c.0"),
        ("regnet-y-400mf", "trunk_output.block1.block1-0.f.se.fc1"),
    ] {
        let o = conv(&["net", name]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(stdout(&o).contains(needle), "{name}: {}", stdout(&o));
    }
}

#[test]
fn help_goes_to_stdout() {
    for args in [
        &["--help"][..],
        &["help"],
        &["net", "--help"],
        &["cost", "-h"],
    ] {
        let o = conv(args);
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("Usage:"));
        assert!(o.stderr.is_empty());
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_fails(&conv(&[]), 2, "missing subcommand");
    assert_fails(&conv(&["frobnicate"]), 2, "unknown subcommand 'frobnicate'");
    assert_fails(
        &conv(&["cost", "--input-shape", "1,3,8,8"]),
        2,
        "needs --spec",
    );
    assert_fails(
        &conv(&["cost", "--spec", "x.json"]),
        2,
        "needs --input-shape",
    );
    assert_fails(
        &conv(&["cost", "--spec", "x.json", "--input-shape", "1,3,8"]),
        2,
        "--input-shape must be four non-negative integers",
    );
    assert_fails(&conv(&["cost", "--bogus"]), 2, "unknown option '--bogus'");
    assert_fails(&conv(&["net"]), 2, "needs a preset");
    assert_fails(&conv(&["net", "vgg16"]), 2, "unknown preset 'vgg16'");
    assert_fails(
        &conv(&["net", "mobilenet-v1", "--alpha", "big"]),
        2,
        "--alpha must be a number",
    );
    assert_fails(
        &conv(&["net", "alexnet-conv2", "--alpha", "0.5"]),
        2,
        "applies to mobilenet-v1 only",
    );
    assert_fails(
        &conv(&["net", "resnet-50", "--full-conv"]),
        2,
        "--full-conv applies to mobilenet-v1 only",
    );
    assert_fails(
        &conv(&["net", "resnext-block", "--resolution", "160"]),
        2,
        "--resolution applies to whole networks only (mobilenet-v1, mobilenet-v2,",
    );
    assert_fails(
        &conv(&["net", "xception-block", "--resolution", "160"]),
        2,
        "xception-block is a single block at its paper's size",
    );
    assert_fails(
        &conv(&["net", "mobilenet-v1", "extra"]),
        2,
        "unexpected argument 'extra'",
    );
    assert_fails(
        &conv(&["run", "--spec", "s.json", "--output", "y.npy"]),
        2,
        "needs --input and --weight",
    );
}

#[test]
fn bad_values_exit_1() {
    assert_fails(
        &conv(&["net", "mobilenet-v1", "--alpha", "0"]),
        1,
        "alpha must be a positive number",
    );
    assert_fails(
        &conv(&["net", "mobilenet-v1", "--resolution", "16"]),
        1,
        "resolution=16",
    );
    assert_fails(
        &conv(&["net", "convnext-tiny", "--resolution", "31"]),
        1,
        "resolution must be at least 32, as the unpadded 4x4 stride-4 stem",
    );
    assert_fails(
        &conv(&["net", "regnet-y-400mf", "--resolution", "2000000"]),
        1,
        "resolution must be at most 1048576 (got resolution=2000000)",
    );
}

#[test]
fn bad_spec_names_the_rule() {
    let spec = file(
        "bad_groups.json",
        br#"{"in_channels": 6, "out_channels": 8, "kernel_size": 3, "groups": 4}"#,
    );
    let o = conv(&["cost", "--spec", &spec, "--input-shape", "1,6,8,8"]);
    assert_fails(
        &o,
        1,
        "in_channels must be divisible by groups (in_channels=6, groups=4)",
    );
    assert!(stderr(&o).contains("bad_groups.json"));

    let spec = file("not_json.json", b"{in_channels: 6");
    let o = conv(&["cost", "--spec", &spec, "--input-shape", "1,6,8,8"]);
    assert_fails(&o, 1, "invalid spec JSON");

    let spec = file(
        "ok.json",
        br#"{"in_channels": 4, "out_channels": 4, "kernel_size": 5}"#,
    );
    let o = conv(&["cost", "--spec", &spec, "--input-shape", "1,3,8,8"]);
    assert_fails(&o, 1, "expected input[1, 3, 8, 8] to have 4 channels");
    let o = conv(&["cost", "--spec", &spec, "--input-shape", "1,4,2,2"]);
    assert_fails(&o, 1, "Kernel size can't be greater than actual input size");
}

/// The three specs of issue 11 that used to be reported without their field.
#[test]
fn malformed_spec_json_names_the_field() {
    for (name, json, needle) in [
        (
            "padding_negative.json",
            r#"{"in_channels": 4, "out_channels": 4, "kernel_size": 3, "padding": -1}"#,
            "padding must be a non-negative integer, a pair [h, w] of them, 'same' or 'valid' (got padding=-1)",
        ),
        (
            "padding_mode_mirror.json",
            r#"{"in_channels": 4, "out_channels": 4, "kernel_size": 3, "padding_mode": "mirror"}"#,
            "padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'] (got padding_mode='mirror')",
        ),
        (
            "in_channels_four.json",
            r#"{"in_channels": "four", "out_channels": 4, "kernel_size": 3}"#,
            "in_channels must be a positive integer (got in_channels='four')",
        ),
    ] {
        let spec = file(name, json.as_bytes());
        let o = conv(&[
            "run",
            "--spec",
            &spec,
            "--seed",
            "1",
            "--input-shape",
            "1,4,8,8",
            "--output",
            "y.npy",
        ]);
        assert_fails(&o, 1, needle);
        assert!(stderr(&o).contains(name), "{}", stderr(&o));
    }
}

#[test]
fn missing_file() {
    let o = conv(&[
        "cost",
        "--spec",
        "/definitely/not/here.json",
        "--input-shape",
        "1,3,8,8",
    ]);
    assert_fails(&o, 1, "cannot read spec file '/definitely/not/here.json'");
}

#[test]
fn run_checks_its_inputs_then_convolves() {
    let spec = file(
        "run.json",
        br#"{"in_channels": 1, "out_channels": 2, "kernel_size": 1, "bias": false}"#,
    );
    let x = file(
        "x.npy",
        &conv_core::npy::to_bytes(&[1, 1, 2, 3], &[0.0; 6]).unwrap(),
    );
    let bad_w = file(
        "w_bad.npy",
        &conv_core::npy::to_bytes(&[2, 1, 3, 3], &[0.0; 18]).unwrap(),
    );
    let o = conv(&[
        "run", "--spec", &spec, "--input", &x, "--weight", &bad_w, "--output", "y.npy",
    ]);
    assert_fails(
        &o,
        1,
        "weight must have shape [2, 1, 1, 1] for this spec but has [2, 1, 3, 3]",
    );

    let not_npy = file("x.txt", b"hello");
    let o = conv(&[
        "run", "--spec", &spec, "--input", &not_npy, "--weight", &bad_w, "--output", "y.npy",
    ]);
    assert_fails(&o, 1, "not a .npy file");

    let x = file(
        "x123.npy",
        &conv_core::npy::to_bytes(&[1, 1, 2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap(),
    );
    let w = file(
        "w.npy",
        &conv_core::npy::to_bytes(&[2, 1, 1, 1], &[1.0, -2.0]).unwrap(),
    );
    let y = file("y_files.npy", b"");
    let o = conv(&[
        "run", "--spec", &spec, "--input", &x, "--weight", &w, "--output", &y,
    ]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let out = conv_core::npy::read_tensor(std::fs::read(&y).unwrap().as_slice()).unwrap();
    assert_eq!(out.shape, conv_core::Nchw::new(1, 2, 2, 3));
    assert_eq!(
        out.data,
        vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, -2.0, -4.0, -6.0, -8.0, -10.0, -12.0]
    );

    // --seed uses the same generator as the app: the output equals generate + conv2d.
    let y = file("y_seed.npy", b"");
    let o = conv(&[
        "run",
        "--spec",
        &spec,
        "--seed",
        "7",
        "--input-shape",
        "1,1,4,4",
        "--output",
        &y,
    ]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let out = conv_core::npy::read_tensor(std::fs::read(&y).unwrap().as_slice()).unwrap();
    let layer = conv_core::Conv2dSpec::from_json(&std::fs::read_to_string(&spec).unwrap())
        .unwrap()
        .validate()
        .unwrap();
    let limits = conv_core::Limits::default();
    let g = conv_core::rng::generate(&layer, conv_core::Nchw::new(1, 1, 4, 4), 7, &limits).unwrap();
    let expected = conv_core::ConvProblem::new(&layer, &g.input, &g.weight, None, &limits)
        .map(|p| p.run())
        .unwrap();
    assert_eq!(out, expected);
    let o = conv(&[
        "run", "--spec", &spec, "--seed", "7", "--input", &x, "--output", "y.npy",
    ]);
    assert_fails(&o, 2, "not both");
}

#[test]
fn bench_one_shape_as_json() {
    let o = conv(&[
        "bench",
        "--only",
        "dw3x3_512",
        "--runs",
        "2",
        "--repeat",
        "1",
        "--json",
    ]);
    let v = json(&o);
    let rows = v.as_array().expect("an array of results");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], "dw3x3_512ch_14");
    assert_eq!(rows[0]["kind"], "depthwise");
    assert_eq!(rows[0]["flops"], 2 * 512 * 9 * 14 * 14);
    assert!(rows[0]["median_seconds"].as_f64().unwrap() > 0.0);
    assert_fails(
        &conv(&["bench", "--only", "vgg"]),
        2,
        "--only 'vgg' matches no shape",
    );
    assert_fails(
        &conv(&["bench", "--runs", "0"]),
        2,
        "--runs must be at least 1",
    );
    assert_fails(
        &conv(&["bench", "--repeat", "x"]),
        2,
        "--repeat must be a whole number",
    );
}

/// A model of tests/fixtures/onnx/ (PyTorch's exports, see its README).
fn onnx_fixture(name: &str) -> String {
    format!(
        "{}/../../tests/fixtures/onnx/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn model_table_and_json_match_pytorchs_counts() {
    let counts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(onnx_fixture("counts.json")).unwrap())
            .unwrap();
    let torch = &counts["models"]["shufflenet_v2_x1_0"]["totals"];
    let v = json(&conv(&[
        "model",
        &onnx_fixture("shufflenet_v2_x1_0.onnx"),
        "--json",
    ]));
    assert_eq!(v["name"], "shufflenet_v2_x1_0");
    assert_eq!(v["total"]["macs"], torch["macs"]);
    let layers = v["layers"].as_array().unwrap();
    let costly = layers.iter().filter(|l| l["macs"] != 0).count();
    assert_eq!(costly as u64, torch["layers"].as_u64().unwrap());
    assert!(layers
        .iter()
        .any(|l| l["kind"] == "channel_shuffle" && l["groups"] == 2));

    let o = conv(&["model", &onnx_fixture("mobilenet_v2.dynbatch.onnx")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let macs = counts["models"]["mobilenet_v2"]["totals"]["macs"]
        .as_u64()
        .unwrap();
    assert!(out.contains(&conv_core::format::thousands(macs)), "{out}");
    assert!(
        out.contains("/features/features.0/features.0.0/Conv"),
        "{out}"
    );
    assert!(
        out.contains("note         input 'x' has a symbolic batch ('batch'): taken as 1"),
        "{out}"
    );
}

#[test]
fn model_bad_files() {
    let text = file("not.onnx", b"hello, not a model");
    assert_fails(&conv(&["model", &text]), 1, "not an ONNX model");
    let full = std::fs::read(onnx_fixture("mobilenet_v2.onnx")).unwrap();
    let cut = file("cut.onnx", &full[..full.len() / 2]);
    assert_fails(&conv(&["model", &cut]), 1, "the file is cut short");
    assert_fails(
        &conv(&["model", "missing.onnx"]),
        1,
        "cannot read model file",
    );
    assert_fails(&conv(&["model"]), 2, "'conv model' needs an ONNX file");
}
