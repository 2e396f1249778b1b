//! `conv run`: one layer on .npy tensors, or on the page's seeded ones; the
//! output written as .npy.

use crate::cli::RunArgs;
use crate::files::{load_spec, load_tensor, load_vec};
use crate::usage::{CliError, CliResult};
use conv_core::{npy, Conv2dLayer, ConvError, Limits, Nchw, Tensor};

/// Where `run` gets its tensors.
enum Source<'a> {
    Files {
        input: &'a str,
        weight: &'a str,
        bias: Option<&'a str>,
    },
    Seeded {
        seed: u64,
        input: Nchw,
    },
}

type Tensors = (Tensor, Tensor, Option<Vec<f32>>);

pub fn run(a: &RunArgs) -> CliResult<String> {
    let source = source(a)?;
    let (_spec, layer) = load_spec(&a.spec)?;
    let limits = Limits::default();
    let (x, w, b) = match source {
        Source::Files {
            input,
            weight,
            bias,
        } => from_files(&layer, input, weight, bias, &limits)?,
        Source::Seeded { seed, input } => {
            // The same call the app makes, so `--seed K` gives the page's numbers.
            let g = conv_core::rng::generate(&layer, input, seed, &limits).map_err(failure)?;
            (g.input, g.weight, g.bias)
        }
    };
    let y = conv_core::ConvProblem::new(&layer, &x, &w, b.as_deref(), &limits)
        .map(|p| p.run())
        .map_err(failure)?;
    let output = &a.output;
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

fn failure(e: ConvError) -> CliError {
    CliError::failure(e.to_string())
}

/// Files or a seed, and only the flags that go with the one chosen.
fn source(a: &RunArgs) -> CliResult<Source<'_>> {
    let needs = |flag: &str| CliError::usage(format!("'conv run' needs {flag}"));
    match (a.seed, a.input.as_deref()) {
        (Some(_), Some(_)) => Err(CliError::usage(
            "give either --input/--weight or --seed/--input-shape, not both",
        )),
        (Some(seed), None) => {
            for (flag, given) in [("--weight", &a.weight), ("--bias", &a.bias)] {
                if given.is_some() {
                    return Err(CliError::usage(format!(
                        "{flag} cannot be used with --seed"
                    )));
                }
            }
            Ok(Source::Seeded {
                seed,
                input: a.input_shape.ok_or_else(|| needs("--input-shape"))?,
            })
        }
        (None, Some(input)) => {
            if a.input_shape.is_some() {
                return Err(CliError::usage(
                    "--input-shape is for --seed; with --input the shape comes from the file",
                ));
            }
            Ok(Source::Files {
                input,
                weight: a.weight.as_deref().ok_or_else(|| needs("--weight"))?,
                bias: a.bias.as_deref(),
            })
        }
        (None, None) => Err(CliError::usage(
            "'conv run' needs --input and --weight, or --seed and --input-shape",
        )),
    }
}

/// Reads the tensors and checks them against the layer.
fn from_files(
    layer: &Conv2dLayer,
    input: &str,
    weight: &str,
    bias: Option<&str>,
    limits: &Limits,
) -> CliResult<Tensors> {
    let x = load_tensor("input", input)?;
    layer.geometry(x.shape, limits).map_err(failure)?;
    let w = load_tensor("weight", weight)?;
    if w.shape != layer.weight_shape() {
        return Err(CliError::failure(format!(
            "{weight}: weight must have shape {} for this spec but has {}",
            layer.weight_shape(),
            w.shape
        )));
    }
    let b =
        match (bias, layer.bias) {
            (Some(path), true) => {
                let b = load_vec("bias", path)?;
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
            (None, true) => return Err(CliError::failure(
                "the spec has bias (PyTorch's default): give --bias B.npy or set \"bias\": false",
            )),
            (None, false) => None,
        };
    Ok((x, w, b))
}
