//! `conv cost`: the cost and shapes of one layer on one input shape.

use crate::cli::CostArgs;
use crate::files::load_spec;
use crate::report::{both, to_json, torch_repr};
use crate::usage::{CliError, CliResult};
use conv_core::{LayerKind, Limits, PlannedLayer};

pub fn run(a: &CostArgs) -> CliResult<String> {
    let (spec, layer) = load_spec(&a.spec)?;
    // Costing allocates nothing, so the browser's resource limits do not apply.
    let plan = PlannedLayer::plan(&spec, a.input_shape, &Limits::unlimited())
        .map_err(|e| CliError::failure(e.to_string()))?;
    let c = plan.cost;
    let kind = LayerKind::of(&layer);
    if a.json {
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
