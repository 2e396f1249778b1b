//! `conv net`: a preset network's per-layer table and totals.

use crate::cli::NetArgs;
use crate::report::{both, table};
use crate::usage::{CliError, CliResult};
use conv_core::format::thousands;
use conv_core::presets::{self, PresetArgs};
use conv_core::{LayerKind, Nchw, NetLayer, Network};

pub fn run(a: &NetArgs) -> CliResult<String> {
    let names = presets::names();
    let Some(name) = a.preset.as_deref() else {
        return Err(CliError::usage(format!(
            "'conv net' needs a preset: {}",
            names.join(", ")
        )));
    };
    if !names.contains(&name) {
        return Err(CliError::usage(format!(
            "unknown preset '{name}' (expected one of: {})",
            names.join(", ")
        )));
    }
    if name != "mobilenet-v1" {
        for (flag, given) in [("--alpha", a.alpha.is_some()), ("--full-conv", a.full_conv)] {
            if given {
                return Err(CliError::usage(format!(
                    "{flag} applies to mobilenet-v1 only"
                )));
            }
        }
    }
    if a.resolution.is_some() && !presets::whole_networks().contains(&name) {
        return Err(CliError::usage(format!(
            "--resolution applies to whole networks only ({}); {name} is a single block at its paper's size",
            presets::whole_networks().join(", ")
        )));
    }
    let defaults = PresetArgs::default();
    let args = PresetArgs {
        alpha: a.alpha.unwrap_or(defaults.alpha),
        resolution: a.resolution.unwrap_or(defaults.resolution),
        full_conv: a.full_conv,
    };
    let net = presets::by_name(name, &args).map_err(|e| CliError::failure(e.to_string()))?;
    if a.json {
        return Ok(net.to_json() + "\n");
    }
    Ok(report(&net))
}

/// The table, the totals, the shares by kind and the per-position figures.
pub(crate) fn report(net: &Network) -> String {
    let mut out = format!("{} ({})\n\n", net.description, net.name);
    out += &layer_table(net);
    out += "\n";
    out += &totals(net);
    out += &shares(net);
    out += &per_position(net);
    out
}

fn chw(s: Nchw) -> String {
    format!("{}x{}x{}", s.c, s.h, s.w)
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".to_string()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

fn layer_table(net: &Network) -> String {
    let total = net.total();
    let rows: Vec<Vec<String>> = net
        .layers
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut row = vec![
                (i + 1).to_string(),
                l.name.clone(),
                l.kind.name().to_string(),
            ];
            row.extend(geometry(l));
            row.extend([
                chw(l.input),
                chw(l.output),
                thousands(l.cost.macs),
                percent(l.cost.macs, total.macs),
                thousands(l.cost.params),
            ]);
            row
        })
        .collect();
    table(
        &[
            "#", "layer", "kind", "kernel", "stride", "groups", "input", "output", "MACs", "MACs%",
            "params",
        ],
        &rows,
        &[
            true, false, false, false, true, true, false, false, true, true, true,
        ],
    )
}

/// A layer's kernel, stride and groups cells ("-" where it has none).
fn geometry(l: &NetLayer) -> [String; 3] {
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
    [kernel, stride, groups]
}

fn totals(net: &Network) -> String {
    let total = net.total();
    format!(
        "total MACs   {}\ntotal FLOPs  {}\ntotal params {}\nbytes moved  {}\nintensity    {:.2} FLOPs/byte\n",
        both(total.macs),
        both(total.flops),
        both(total.params),
        both(total.bytes),
        total.intensity()
    )
}

/// MACs and parameters by kind of layer, when there is more than one kind.
fn shares(net: &Network) -> String {
    let shares = net.share_by_kind();
    if shares.len() < 2 {
        return String::new();
    }
    let width = shares
        .iter()
        .map(|s| s.kind.name().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
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
    out
}

/// Units that keep their spatial size: the ShuffleNet paper's per-position figures.
fn per_position(net: &Network) -> String {
    let mut out = String::new();
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
