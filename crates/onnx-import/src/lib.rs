//! onnx-import: the learner's own ONNX model as a conv-core [`Network`], the
//! type the presets produce, so the cost model and the page see only conv-core
//! layers.
//!
//! The steps, one module each: [`decode`] the protobuf (only the fields read,
//! from a trimmed `onnx.proto` whose generated Rust is committed), turn every
//! node into a typed [`ops::Op`] once, infer shapes in one pass with constant
//! folding of the small int tensors of shape subgraphs, and plan each Conv,
//! Gemm and MatMul with a constant weight through conv-core's
//! `PlannedLayer::plan`; max pools, channel shuffles, channel splits and
//! concatenations become zero-cost markers.
//!
//! **Weights are never copied.** `raw_data` (where PyTorch's exporters put
//! every tensor) is decoded as [`bytes::Bytes`]: given a `Bytes` buffer,
//! prost slices it (a reference count, no copy), and only the dims of a weight
//! are read. The typed data fields (`float_data`, `double_data`, ...) are left
//! out of the trimmed proto, so prost skips their bytes without decoding them:
//! keeping them would have copied a float weight stored that way into a
//! `Vec<f32>`. The values of tensors up to [`value::MAX_FOLD`] elements are read
//! for folding; larger ones keep only their shape.
//!
//! PyTorch's conventions for the counts hold (docs/CONVENTIONS.md): a
//! fully connected layer counts weight and bias as parameters and
//! `out.numel() · in_features` MACs.

pub mod decode;
pub mod error;
pub mod infer;
mod known;
mod layers;
mod markers;
mod note;
pub mod ops;
pub mod proto;
pub mod value;
mod window;

pub use bytes::Bytes;
pub use error::{
    AttrProblem, AttrType, ConvRule, InputProblem, ModelError, NodeRef, NotOnnx, Result, Unknown,
};
pub use note::Note;

use conv_core::Network;

/// An imported model.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// Named after the graph; the description names the producer and opset.
    pub network: Network,
    pub notes: Vec<Note>,
    /// The `ai.onnx` opset the file imports.
    pub opset: i64,
    /// `producer_name producer_version`, e.g. "pytorch 2.15.0".
    pub producer: String,
}

impl Imported {
    /// True when a graph input's batch was symbolic and taken as 1.
    pub fn batch_taken_as_one(&self) -> bool {
        self.notes
            .iter()
            .any(|n| matches!(n, Note::BatchTakenAsOne { .. }))
    }
}

/// Reads an ONNX model. `bytes` is sliced, never copied: pass the file's
/// buffer as `Bytes::from(vec)`.
pub fn import(bytes: Bytes) -> Result<Imported> {
    let model = decode::model(bytes)?;
    let opset = decode::opset(&model)?;
    let graph = model.graph.unwrap_or_default();
    let nodes = graph
        .node
        .iter()
        .enumerate()
        .map(|(i, n)| ops::Node::parse(n, i))
        .collect::<Result<Vec<_>>>()?;
    let outcome = infer::run(&graph, &nodes, opset)?;
    let producer = format!("{} {}", model.producer_name, model.producer_version)
        .trim()
        .to_string();
    let description = if producer.is_empty() {
        format!("ONNX model, opset {opset}")
    } else {
        format!("ONNX model from {producer}, opset {opset}")
    };
    Ok(Imported {
        network: Network {
            name: graph.name.clone(),
            description,
            layers: outcome.layers,
        },
        notes: outcome.notes,
        opset,
        producer,
    })
}

/// [`import`] from a borrowed slice (copies it once).
pub fn import_slice(bytes: &[u8]) -> Result<Imported> {
    import(Bytes::copy_from_slice(bytes))
}
