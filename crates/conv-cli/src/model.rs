//! `conv model`: an ONNX model's per-layer table and totals, as `conv net` prints
//! a preset, with what the import had to assume.

use crate::cli::ModelArgs;
use crate::files::read_file;
use crate::net::report;
use crate::usage::{CliError, CliResult};
use std::path::Path;

pub fn run(a: &ModelArgs) -> CliResult<String> {
    let Some(path) = a.file.as_deref() else {
        return Err(CliError::usage("'conv model' needs an ONNX file"));
    };
    let bytes = read_file("model", path)?;
    let mut model =
        onnx_import::import(bytes.into()).map_err(|e| CliError::failure(format!("{path}: {e}")))?;
    // The graph's own name is rarely telling ("main_graph"): the file's is.
    if let Some(stem) = Path::new(path).file_stem() {
        model.network.name = stem.to_string_lossy().into_owned();
    }
    if a.json {
        return Ok(model.network.to_json() + "\n");
    }
    let mut out = report(&model.network);
    for note in &model.notes {
        out += &format!("note         {note}\n");
    }
    Ok(out)
}
