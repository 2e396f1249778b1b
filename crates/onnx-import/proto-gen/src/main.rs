//! Writes `src/proto/onnx.rs` from `src/proto/onnx.proto` (paths relative to the
//! onnx-import crate). Every `bytes` field becomes `bytes::Bytes`, so decoding a
//! model from a `Bytes` buffer slices it instead of copying tensor data.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let krate = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let proto_dir = krate.join("src/proto");
    let fds = protox::compile(["onnx.proto"], [&proto_dir])?;
    prost_build::Config::new()
        .bytes(["."])
        .out_dir(&proto_dir)
        .compile_fds(fds)?;
    println!("wrote {}", proto_dir.join("onnx.rs").display());
    Ok(())
}
