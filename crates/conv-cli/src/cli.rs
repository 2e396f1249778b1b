//! The command line, declared with clap's derive API: subcommands, flags, their
//! help, and the parsers that turn a flag's text into a value.

use clap::{Args, Parser, Subcommand};
use conv_core::Nchw;

const AFTER_HELP: &str = "\
SPEC.json uses PyTorch's nn.Conv2d argument names; omitted ones take PyTorch's
defaults (stride 1, padding 0, dilation 1, groups 1, bias true), e.g.
  {\"in_channels\": 32, \"out_channels\": 64, \"kernel_size\": 3, \"padding\": 1,
   \"groups\": 32, \"bias\": false}

Counting: MACs = N*C_out*(C_in/groups)*kH*kW*H_out*W_out; FLOPs = 2*MACs, plus
one add per output with bias; bytes = 4*(input + weights + bias + output).
See docs/CONVENTIONS.md.

Exit status: 0 on success, 1 on failure (bad spec, unreadable file, ...),
2 on a usage error.";

/// conv: cost and structure of grouped, depthwise and separable convolutions,
/// with PyTorch nn.Conv2d semantics.
#[derive(Debug, Parser)]
#[command(name = "conv", after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// MACs, FLOPs, parameters, bytes and output shape of one layer.
    ///
    /// MACs, FLOPs, parameters, bytes moved, arithmetic intensity and output
    /// shape of one layer on one input shape.
    Cost(CostArgs),
    /// Per-layer table and totals of a preset network (--json: machine form).
    Net(NetArgs),
    /// Run one layer and write its output as .npy.
    ///
    /// Run one layer on .npy float32 tensors (NCHW, C order), or on seeded
    /// random ones (the page's generator), and write the output as .npy.
    Run(RunArgs),
    /// Time the kernels on the built-in shapes, on one thread.
    ///
    /// Time the kernels on the built-in shapes (crates/conv-core/src/bench_suite.rs),
    /// one thread, as scripts/bench_onnxruntime.py times onnxruntime: 10 warm-up
    /// runs, then R blocks of N timed runs; the lowest block median.
    Bench(BenchArgs),
    /// Per-layer table and totals of an ONNX model (--json: machine form).
    ///
    /// Per-layer table and totals of an ONNX model file, as `conv net` prints a
    /// preset: its convolutions and linear layers costed, shapes inferred where
    /// the file stores none, a symbolic batch taken as 1.
    Model(ModelArgs),
}

impl Command {
    /// Every subcommand's name, for messages.
    pub const NAMES: [&'static str; 5] = ["cost", "net", "run", "bench", "model"];
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// The model, an .onnx file (its weights are not read).
    #[arg(value_name = "FILE.onnx")]
    pub file: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long, overrides_with = "json")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CostArgs {
    /// The layer: nn.Conv2d arguments as JSON.
    #[arg(long, value_name = "SPEC.json")]
    pub spec: String,
    /// The input's shape.
    #[arg(long, value_name = "N,C,H,W", value_parser = shape)]
    pub input_shape: Nchw,
    /// Print JSON instead of a table.
    #[arg(long, overrides_with = "json")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NetArgs {
    /// A whole network: mobilenet-v1, mobilenet-v2, mobilenet-v3-large,
    /// mobilenet-v3-small, shufflenet-v2-x1.0, resnet-50, resnext50-32x4d,
    /// efficientnet-b0, convnext-tiny, regnet-x-400mf, regnet-y-400mf (all but
    /// mobilenet-v1 as torchvision builds them); or a single block at its paper's
    /// size: resnext-block, resnet-bottleneck, shufflenet-unit, alexnet-conv2,
    /// xception-block.
    #[arg(value_name = "PRESET")]
    pub preset: Option<String>,
    /// MobileNet v1 width multiplier, > 0 (default 1.0).
    #[arg(long, value_name = "A", allow_negative_numbers = true, value_parser = number::<f64>("a number"))]
    pub alpha: Option<f64>,
    /// Input size of a whole network, >= 32 (default 224).
    #[arg(long, value_name = "R", allow_negative_numbers = true, value_parser = number::<usize>("a whole number"))]
    pub resolution: Option<usize>,
    /// MobileNet v1 with standard 3x3 convs instead of separable.
    #[arg(long, overrides_with = "full_conv")]
    pub full_conv: bool,
    /// Print JSON instead of a table.
    #[arg(long, overrides_with = "json")]
    pub json: bool,
}

/// `conv run` takes its tensors from files (--input, --weight, --bias) or makes
/// them from a seed (--seed, --input-shape); `run` checks which.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The layer: nn.Conv2d arguments as JSON.
    #[arg(long, value_name = "SPEC.json")]
    pub spec: String,
    /// The input tensor, float32 NCHW.
    #[arg(long, value_name = "X.npy")]
    pub input: Option<String>,
    /// The weight, float32 [C_out, C_in/groups, kH, kW].
    #[arg(long, value_name = "W.npy")]
    pub weight: Option<String>,
    /// The bias, float32 [C_out] (needed unless the spec says "bias": false).
    #[arg(long, value_name = "B.npy")]
    pub bias: Option<String>,
    /// Where to write the output.
    #[arg(long, value_name = "Y.npy")]
    pub output: String,
    /// Seed of the page's generator, instead of --input and --weight.
    #[arg(long, value_name = "K", allow_negative_numbers = true, value_parser = number::<u64>("a non-negative integer"))]
    pub seed: Option<u64>,
    /// The seeded input's shape.
    #[arg(long, value_name = "N,C,H,W", value_parser = shape)]
    pub input_shape: Option<Nchw>,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Only the shapes whose name starts with PREFIX.
    #[arg(long, value_name = "PREFIX")]
    pub only: Option<String>,
    /// Timed runs per block (default 100).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = count)]
    pub runs: Option<usize>,
    /// Blocks (default 3).
    #[arg(long, value_name = "R", allow_negative_numbers = true, value_parser = count)]
    pub repeat: Option<usize>,
    /// Print JSON instead of a table.
    #[arg(long, overrides_with = "json")]
    pub json: bool,
}

// A parser's error is the rest of a sentence that starts with the flag's name,
// which clap knows and `usage::message` puts in front.

/// Parses `N,C,H,W` (commas, `x` or spaces between the four numbers).
fn shape(text: &str) -> Result<Nchw, String> {
    let bad = || format!("must be four non-negative integers N,C,H,W (got '{text}')");
    let dims: Vec<usize> = text
        .split([',', 'x', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| s.trim().parse().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    Nchw::from_slice(&dims).ok_or_else(bad)
}

/// A parser for a number, whose error says it must be `what`.
fn number<T: std::str::FromStr>(
    what: &'static str,
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static {
    move |text| {
        text.trim()
            .parse()
            .map_err(|_| format!("must be {what} (got '{text}')"))
    }
}

/// A count of runs or blocks: a whole number, at least 1.
fn count(text: &str) -> Result<usize, String> {
    match number::<usize>("a whole number >= 1")(text)? {
        0 => Err("must be at least 1, got 0".to_string()),
        n => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("1,3,224,224").unwrap(), Nchw::new(1, 3, 224, 224));
        assert_eq!(shape("1x3x8x8").unwrap(), Nchw::new(1, 3, 8, 8));
        assert!(shape("1,3,224").is_err());
        assert!(shape("1,3,a,4").is_err());
        assert!(shape("1,-3,2,4").is_err());
    }

    #[test]
    fn counts() {
        assert_eq!(count("5"), Ok(5));
        assert_eq!(count("0").unwrap_err(), "must be at least 1, got 0");
        assert_eq!(
            count("x").unwrap_err(),
            "must be a whole number >= 1 (got 'x')"
        );
    }

    #[test]
    fn the_command_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
