//! onnx-import: an ONNX model's graph as a conv-core [`Network`](conv_core::Network).

pub mod proto;
