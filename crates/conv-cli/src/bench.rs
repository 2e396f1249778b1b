//! `conv bench`: the kernels timed on the built-in shapes.

use crate::cli::BenchArgs;
use crate::usage::{CliError, CliResult};
use conv_core::bench_suite::{self, Protocol};

pub fn run(a: &BenchArgs) -> CliResult<String> {
    let mut protocol = Protocol::default();
    protocol.runs = a.runs.unwrap_or(protocol.runs);
    protocol.repeat = a.repeat.unwrap_or(protocol.repeat);
    let only = a.only.as_deref().unwrap_or("");
    let cases: Vec<_> = bench_suite::shapes()
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
        let r = bench_suite::run_case(&case, &protocol)
            .map_err(|e| CliError::failure(e.to_string()))?;
        results.push(r);
    }
    if a.json {
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
