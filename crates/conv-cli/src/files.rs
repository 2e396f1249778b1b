//! Reading what the commands are given: the spec file and .npy tensors. Errors
//! name the file.

use crate::usage::{CliError, CliResult};
use conv_core::{npy, Conv2dLayer, Conv2dSpec, Tensor};

pub fn read_file(what: &str, path: &str) -> CliResult<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| CliError::failure(format!("cannot read {what} file '{path}': {e}")))
}

/// Reads and validates a spec file.
pub fn load_spec(path: &str) -> CliResult<(Conv2dSpec, Conv2dLayer)> {
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

/// Reads an NCHW float32 tensor.
pub fn load_tensor(what: &str, path: &str) -> CliResult<Tensor> {
    npy::read_tensor(read_file(what, path)?.as_slice())
        .map_err(|e| CliError::failure(format!("{path}: {e}")))
}

/// Reads a 1-D float32 array.
pub fn load_vec(what: &str, path: &str) -> CliResult<Vec<f32>> {
    npy::read_vec1(read_file(what, path)?.as_slice())
        .map_err(|e| CliError::failure(format!("{path}: {e}")))
}
