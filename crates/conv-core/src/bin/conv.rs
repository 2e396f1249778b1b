//! `conv`: the command-line face of conv-core. One function per subcommand; each
//! returns the text to print or a [`CliError`], and `main` turns that into exactly
//! one line on stderr and an exit code (2 for usage, 1 for anything else).

// The binary is a crate root in src/bin/, so its submodules need explicit paths.
#[path = "conv/args.rs"]
mod args;
#[path = "conv/report.rs"]
mod report;

use args::{parse_num, parse_shape, Args};
use conv_core::presets::{self, PresetArgs};
use conv_core::{npy, Conv2dLayer, Conv2dSpec, LayerKind, Limits, Nchw, Network, PlannedLayer};
use report::{both, table, thousands, torch_repr};
use std::io::Write;

const HELP: &str = "\
conv: cost and structure of grouped, depthwise and separable convolutions,
with PyTorch nn.Conv2d semantics.

Usage:
  conv cost --spec SPEC.json --input-shape N,C,H,W [--json]
  conv net PRESET [--alpha A] [--resolution R] [--full-conv] [--json]
  conv run --spec SPEC.json --input X.npy --weight W.npy [--bias B.npy] --output Y.npy
  conv run --spec SPEC.json --seed K --input-shape N,C,H,W --output Y.npy
  conv bench [--only PREFIX] [--runs N] [--repeat R] [--json]
  conv help | --help

Subcommands:
  cost   MACs, FLOPs, parameters, bytes moved, arithmetic intensity and output
         shape of one layer on one input shape.
  net    Per-layer table and totals of a preset network (--json: machine form).
         Presets: mobilenet-v1, resnext-block, resnet-bottleneck, shufflenet-unit,
         alexnet-conv2, xception-block.
         --alpha A        MobileNet width multiplier, > 0 (default 1.0)
         --resolution R   MobileNet input size, >= 32 (default 224)
         --full-conv      MobileNet with standard 3x3 convs instead of separable
  run    Run one layer on .npy float32 tensors (NCHW, C order), or on seeded
         random ones, and write the output as .npy.
  bench  Time the kernels on the built-in shapes (crates/conv-core/src/bench_suite.rs),
         one thread, as scripts/bench_onnxruntime.py times onnxruntime: 10
         warm-up runs, then R blocks of N timed runs; the lowest block median.
         --only PREFIX    only the shapes whose name starts with PREFIX
         --runs N         timed runs per block (default 100)
         --repeat R       blocks (default 3)

SPEC.json uses PyTorch's nn.Conv2d argument names; omitted ones take PyTorch's
defaults (stride 1, padding 0, dilation 1, groups 1, bias true), e.g.
  {\"in_channels\": 32, \"out_channels\": 64, \"kernel_size\": 3, \"padding\": 1,
   \"groups\": 32, \"bias\": false}

Counting: MACs = N*C_out*(C_in/groups)*kH*kW*H_out*W_out; FLOPs = 2*MACs, plus
one add per output with bias; bytes = 4*(input + weights + bias + output).
See docs/CONVENTIONS.md.

Exit status: 0 on success, 1 on failure (bad spec, unreadable file, ...),
2 on a usage error.
";

/// A failure to report: one line of text and the exit code.
#[derive(Debug)]
pub struct CliError {
    pub code: i32,
    pub message: String,
}

impl CliError {
    /// A mistake in how the command was written (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            code: 2,
            message: message.into(),
        }
    }

    /// Anything else: bad file contents, invalid layer, I/O (exit code 1).
    pub fn failure(message: impl Into<String>) -> Self {
        CliError {
            code: 1,
            message: message.into(),
        }
    }
}

type CliResult<T> = Result<T, CliError>;

fn main() {
    // Last resort: a bug must still end as one line, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let what = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("unknown panic");
        let first = what.lines().next().unwrap_or_default();
        let _ = writeln!(std::io::stderr(), "conv: internal error: {first}");
        std::process::exit(1);
    }));
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let code = match dispatch(&argv) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => 0,
                // `conv net ... | head` closing the pipe early is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => {
                    eprintln!("conv: cannot write output: {e}");
                    1
                }
            }
        }
        Err(e) => {
            let first = e.message.lines().next().unwrap_or_default();
            eprintln!("conv: {first}");
            e.code
        }
    };
    std::process::exit(code);
}

fn dispatch(argv: &[String]) -> CliResult<String> {
    let Some(cmd) = argv.first() else {
        return Err(CliError::usage(
            "missing subcommand (cost, net, run, bench); try 'conv --help'",
        ));
    };
    let rest = &argv[1..];
    match cmd.as_str() {
        "-h" | "--help" | "help" => Ok(HELP.to_string()),
        "cost" => cmd_cost(rest),
        "net" => cmd_net(rest),
        "run" => cmd_run(rest),
        "bench" => cmd_bench(rest),
        other => Err(CliError::usage(format!(
            "unknown subcommand '{other}'; try 'conv --help'"
        ))),
    }
}

fn read_file(what: &str, path: &str) -> CliResult<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| CliError::failure(format!("cannot read {what} file '{path}': {e}")))
}

/// Reads and validates a spec file; errors name the file.
fn load_spec(path: &str) -> CliResult<(Conv2dSpec, Conv2dLayer)> {
    let bytes = read_file("spec", path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::failure(format!("{path}: spec is not UTF-8 text")))?;
    let spec =
        Conv2dSpec::from_json(&text).map_err(|e| CliError::failure(format!("{path}: {e}")))?;
    let layer = spec
        .validate()
        .map_err(|e| CliError::failure(format!("{path}: {e}")))?;
    Ok((spec, layer))
}

fn to_json(v: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

// ---------------------------------------------------------------- cost

fn cmd_cost(argv: &[String]) -> CliResult<String> {
    let a = Args::parse("cost", argv, &["--spec", "--input-shape"], &["--json"])?;
    if a.help {
        return Ok(HELP.to_string());
    }
    a.at_most_positionals("cost", 0)?;
    let spec_path = a.required("cost", "--spec")?;
    let input = parse_shape("--input-shape", a.required("cost", "--input-shape")?)?;
    let (spec, layer) = load_spec(spec_path)?;
    // Costing allocates nothing, so the browser's resource limits do not apply.
    let plan = PlannedLayer::plan(&spec, input, &Limits::unlimited())
        .map_err(|e| CliError::failure(e.to_string()))?;
    let c = plan.cost;
    let kind = LayerKind::of(&layer);
    if a.switch("--json") {
        return Ok(to_json(&serde_json::json!({
            "spec": spec,
            "kind": kind,
            "input": plan.geometry.input.to_array(),
            "weight": layer.weight_shape().to_array(),
            "output": plan.geometry.output.to_array(),
            "macs": c.macs,
            "flops": c.flops,
            "params": c.params,
            "bytes": c.bytes,
            "intensity": c.intensity(),
        })));
    }
    let rows = [
        ("layer", torch_repr(&spec)),
        ("kind", kind.name().to_string()),
        ("input", plan.geometry.input.to_string()),
        ("weight", layer.weight_shape().to_string()),
        ("output", plan.geometry.output.to_string()),
        ("MACs", both(c.macs)),
        ("FLOPs", both(c.flops)),
        ("params", both(c.params)),
        ("bytes", both(c.bytes)),
        ("intensity", format!("{:.2} FLOPs/byte", c.intensity())),
    ];
    Ok(rows.iter().map(|(k, v)| format!("{k:<10} {v}\n")).collect())
}

// ---------------------------------------------------------------- net

fn cmd_net(argv: &[String]) -> CliResult<String> {
    let a = Args::parse(
        "net",
        argv,
        &["--alpha", "--resolution"],
        &["--full-conv", "--json"],
    )?;
    if a.help {
        return Ok(HELP.to_string());
    }
    a.at_most_positionals("net", 1)?;
    let Some(name) = a.positionals.first() else {
        return Err(CliError::usage(format!(
            "'conv net' needs a preset: {}",
            presets::names().join(", ")
        )));
    };
    if !presets::names().contains(&name.as_str()) {
        return Err(CliError::usage(format!(
            "unknown preset '{name}' (expected one of: {})",
            presets::names().join(", ")
        )));
    }
    let mut args = PresetArgs::default();
    if let Some(v) = a.value("--alpha") {
        args.alpha = parse_num("--alpha", v, "a number")?;
    }
    if let Some(v) = a.value("--resolution") {
        args.resolution = parse_num("--resolution", v, "a whole number")?;
    }
    args.full_conv = a.switch("--full-conv");
    if name != "mobilenet-v1" {
        for flag in ["--alpha", "--resolution"] {
            if a.value(flag).is_some() {
                return Err(CliError::usage(format!(
                    "{flag} applies to mobilenet-v1 only"
                )));
            }
        }
        if args.full_conv {
            return Err(CliError::usage("--full-conv applies to mobilenet-v1 only"));
        }
    }
    let net = presets::by_name(name, &args).map_err(|e| CliError::failure(e.to_string()))?;
    if a.switch("--json") {
        return Ok(net.to_json() + "\n");
    }
    Ok(net_report(&net))
}

fn chw(s: Nchw) -> String {
    format!("{}x{}x{}", s.c, s.h, s.w)
}

fn net_report(net: &Network) -> String {
    let total = net.total();
    let mut out = format!("{} ({})\n\n", net.description, net.name);
    let pct = |part: u64, whole: u64| {
        if whole == 0 {
            "-".to_string()
        } else {
            format!("{:.1}%", 100.0 * part as f64 / whole as f64)
        }
    };
    let rows: Vec<Vec<String>> = net
        .layers
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let conv = l.spec.as_ref().and_then(|s| s.validate().ok());
            let kernel = conv.map_or("-".into(), |c| format!("{}x{}", c.kernel[0], c.kernel[1]));
            let stride = conv.map_or("-".into(), |c| {
                if c.stride[0] == c.stride[1] {
                    c.stride[0].to_string()
                } else {
                    format!("{}x{}", c.stride[0], c.stride[1])
                }
            });
            let groups = match l.kind {
                LayerKind::ChannelShuffle { groups } => groups.to_string(),
                LayerKind::MaxPool => "-".into(),
                _ => conv.map_or("-".into(), |c| c.groups.to_string()),
            };
            vec![
                (i + 1).to_string(),
                l.name.clone(),
                l.kind.name().to_string(),
                kernel,
                stride,
                groups,
                chw(l.input),
                chw(l.output),
                thousands(l.cost.macs),
                pct(l.cost.macs, total.macs),
                thousands(l.cost.params),
            ]
        })
        .collect();
    out += &table(
        &[
            "#", "layer", "kind", "kernel", "stride", "groups", "input", "output", "MACs", "MACs%",
            "params",
        ],
        &rows,
        &[
            true, false, false, false, true, true, false, false, true, true, true,
        ],
    );
    out += "\n";
    out += &format!("total MACs   {}\n", both(total.macs));
    out += &format!("total FLOPs  {}\n", both(total.flops));
    out += &format!("total params {}\n", both(total.params));
    out += &format!("bytes moved  {}\n", both(total.bytes));
    out += &format!("intensity    {:.2} FLOPs/byte\n", total.intensity());
    let shares = net.share_by_kind();
    if shares.len() > 1 {
        let width = shares
            .iter()
            .map(|s| s.kind.name().len())
            .max()
            .unwrap_or(0);
        for (i, s) in shares.iter().enumerate() {
            out += &format!(
                "{:<13}{:<width$}  {:>5.1}% of MACs  {:>5.1}% of params  ({} layer{})\n",
                if i == 0 { "by kind" } else { "" },
                s.kind.name(),
                100.0 * s.macs_share,
                100.0 * s.params_share,
                s.layers,
                if s.layers == 1 { "" } else { "s" }
            );
        }
    }
    // Units that keep their spatial size: the ShuffleNet paper's per-position figures.
    let (first, last) = (net.layers.first(), net.layers.last());
    if let (Some(f), Some(l)) = (first, last) {
        if (f.input.h, f.input.w) == (l.output.h, l.output.w) && net.layers.len() > 1 {
            if let Some(per) = net.macs_per_position() {
                out += &format!(
                    "per position {} MACs (per output pixel, h·w)\n",
                    thousands(per)
                );
            }
        }
    }
    if net.name == "shufflenet-unit" {
        if let Ok(units) = presets::shufflenet_comparison() {
            let cmp: Vec<String> = units
                .iter()
                .map(|u| {
                    format!(
                        "{} {}",
                        u.description.split(',').next().unwrap_or_default(),
                        u.macs_per_position().map_or("-".into(), thousands)
                    )
                })
                .collect();
            out += &format!("compare      {} MACs per position\n", cmp.join(" · "));
        }
    }
    out
}

// ---------------------------------------------------------------- run

/// Where `run` gets its tensors.
enum RunSource {
    Files {
        input: String,
        weight: String,
        bias: Option<String>,
    },
    Seeded {
        seed: u64,
        input: Nchw,
    },
}

fn cmd_run(argv: &[String]) -> CliResult<String> {
    let a = Args::parse(
        "run",
        argv,
        &[
            "--spec",
            "--input",
            "--weight",
            "--bias",
            "--output",
            "--seed",
            "--input-shape",
        ],
        &[],
    )?;
    if a.help {
        return Ok(HELP.to_string());
    }
    a.at_most_positionals("run", 0)?;
    let spec_path = a.required("run", "--spec")?;
    let output = a.required("run", "--output")?;
    let source = match (a.value("--seed"), a.value("--input")) {
        (Some(_), Some(_)) => {
            return Err(CliError::usage(
                "give either --input/--weight or --seed/--input-shape, not both",
            ))
        }
        (Some(seed), None) => {
            for flag in ["--weight", "--bias"] {
                if a.value(flag).is_some() {
                    return Err(CliError::usage(format!(
                        "{flag} cannot be used with --seed"
                    )));
                }
            }
            RunSource::Seeded {
                seed: parse_num("--seed", seed, "a non-negative integer")?,
                input: parse_shape("--input-shape", a.required("run", "--input-shape")?)?,
            }
        }
        (None, Some(input)) => {
            if a.value("--input-shape").is_some() {
                return Err(CliError::usage(
                    "--input-shape is for --seed; with --input the shape comes from the file",
                ));
            }
            RunSource::Files {
                input: input.to_string(),
                weight: a.required("run", "--weight")?.to_string(),
                bias: a.value("--bias").map(String::from),
            }
        }
        (None, None) => {
            return Err(CliError::usage(
                "'conv run' needs --input and --weight, or --seed and --input-shape",
            ))
        }
    };
    let (_spec, layer) = load_spec(spec_path)?;
    let limits = Limits::default();
    let failure = |e: conv_core::ConvError| CliError::failure(e.to_string());
    let (x, w, b) = match source {
        RunSource::Files {
            input,
            weight,
            bias,
        } => {
            let x = load_tensor("input", &input)?;
            layer.geometry(x.shape, &limits).map_err(failure)?;
            let w = load_tensor("weight", &weight)?;
            if w.shape != layer.weight_shape() {
                return Err(CliError::failure(format!(
                    "{weight}: weight must have shape {} for this spec but has {}",
                    layer.weight_shape(),
                    w.shape
                )));
            }
            let b = match (&bias, layer.bias) {
                (Some(path), true) => {
                    let b = npy::read_vec1(read_file("bias", path)?.as_slice())
                        .map_err(|e| CliError::failure(format!("{path}: {e}")))?;
                    if b.len() != layer.out_channels {
                        return Err(CliError::failure(format!(
                            "{path}: bias must have {} values (out_channels) but has {}",
                            layer.out_channels,
                            b.len()
                        )));
                    }
                    Some(b)
                }
                (Some(_), false) => {
                    return Err(CliError::failure(
                        "--bias given but the spec has \"bias\": false",
                    ))
                }
                (None, true) => {
                    return Err(CliError::failure(
                        "the spec has bias (PyTorch's default): give --bias B.npy or set \"bias\": false",
                    ))
                }
                (None, false) => None,
            };
            (x, w, b)
        }
        RunSource::Seeded { seed, input } => {
            // The same call the app makes, so `--seed K` gives the page's numbers.
            let g = conv_core::rng::generate(&layer, input, seed, &limits).map_err(failure)?;
            (g.input, g.weight, g.bias)
        }
    };
    let y = conv_core::ops::conv2d(&layer, &x, &w, b.as_deref(), &limits).map_err(failure)?;
    let bytes = npy::to_bytes(&y.shape.to_array(), &y.data)
        .map_err(|e| CliError::failure(format!("{output}: {e}")))?;
    std::fs::write(output, bytes)
        .map_err(|e| CliError::failure(format!("cannot write output {output}: {e}")))?;
    let st = y.stats();
    Ok(format!(
        "wrote {output}: shape {} min {} max {} mean {} sum {}\n",
        y.shape, st.min, st.max, st.mean, st.sum
    ))
}

fn load_tensor(what: &str, path: &str) -> CliResult<conv_core::Tensor> {
    npy::read_tensor(read_file(what, path)?.as_slice())
        .map_err(|e| CliError::failure(format!("{path}: {e}")))
}

// ---------------------------------------------------------------- bench

fn cmd_bench(argv: &[String]) -> CliResult<String> {
    let a = Args::parse(
        "bench",
        argv,
        &["--only", "--runs", "--repeat"],
        &["--json"],
    )?;
    if a.help {
        return Ok(HELP.to_string());
    }
    a.at_most_positionals("bench", 0)?;
    let mut protocol = conv_core::bench_suite::Protocol::default();
    if let Some(v) = a.value("--runs") {
        protocol.runs = parse_count("--runs", v)?;
    }
    if let Some(v) = a.value("--repeat") {
        protocol.repeat = parse_count("--repeat", v)?;
    }
    let only = a.value("--only").unwrap_or("");
    let cases: Vec<_> = conv_core::bench_suite::shapes()
        .into_iter()
        .filter(|c| c.name.starts_with(only))
        .collect();
    if cases.is_empty() {
        return Err(CliError::usage(format!(
            "--only '{only}' matches no shape (names start with dw3x3, pw1x1, grouped3x3, standard3x3)"
        )));
    }
    let mut results = Vec::new();
    for case in cases {
        let r = conv_core::bench_suite::run_case(&case, &protocol)
            .map_err(|e| CliError::failure(e.to_string()))?;
        results.push(r);
    }
    if a.switch("--json") {
        return serde_json::to_string_pretty(&results)
            .map(|s| s + "\n")
            .map_err(|e| CliError::failure(e.to_string()));
    }
    let mut out = format!(
        "{:<26} {:<10} {:>14} {:>12} {:>9}\n",
        "case", "path", "FLOPs", "median ms", "GFLOP/s"
    );
    for r in &results {
        out += &format!(
            "{:<26} {:<10} {:>14} {:>12.3} {:>9.2}\n",
            r.name,
            r.kind.name(),
            r.flops,
            r.median_seconds * 1e3,
            r.gflops
        );
    }
    Ok(out)
}

/// A count of runs or blocks: a whole number, at least 1.
fn parse_count(flag: &str, text: &str) -> CliResult<usize> {
    match parse_num::<usize>(flag, text, "a whole number >= 1")? {
        0 => Err(CliError::usage(format!("{flag} must be at least 1, got 0"))),
        n => Ok(n),
    }
}
