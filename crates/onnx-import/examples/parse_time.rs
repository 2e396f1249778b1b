//! How long a ~100 MB model takes to import (not a test; see the crate's
//! README for the figures):
//!
//!     cargo run --release -p onnx-import --example parse_time [-- OUT.onnx]
//!
//! The model is tests/fixtures/onnx/resnet50.onnx with every weight the
//! fixture keeps outside (its `.onnx.data`, not committed) put back inline as
//! zeros in raw_data, as a file saved without external data holds them:
//! 102 MB. With OUT.onnx it is also written there (for the wasm probe).

use onnx_import::proto::{tensor_proto::DataLocation, ModelProto};
use onnx_import::{import, Bytes};
use prost::Message;
use std::time::Instant;

/// resnet50 with its external weights inline.
fn big_model() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/onnx/resnet50.onnx"
    );
    let mut m = ModelProto::decode(std::fs::read(path).expect("the fixture").as_slice()).unwrap();
    for t in &mut m.graph.as_mut().unwrap().initializer {
        if t.data_location == DataLocation::External as i32 {
            let n: i64 = t.dims.iter().product();
            t.raw_data = vec![0u8; n as usize * 4].into();
            t.data_location = DataLocation::Default as i32;
        }
    }
    m.encode_to_vec()
}

fn main() {
    let bytes = big_model();
    if let Some(out) = std::env::args().nth(1) {
        std::fs::write(&out, &bytes).unwrap();
        println!("wrote {out}");
    }
    let mut times = Vec::new();
    let mut layers = 0;
    for _ in 0..20 {
        // The caller's buffer becomes a Bytes without a copy, as the CLI does.
        let buf = Bytes::from(bytes.clone());
        let start = Instant::now();
        let m = import(buf).unwrap();
        times.push(start.elapsed().as_secs_f64() * 1e3);
        layers = m.network.layers.len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{:.1} MB, {layers} layers: import min {:.2} ms, median {:.2} ms, max {:.2} ms (20 runs)",
        bytes.len() as f64 / 1e6,
        times[0],
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
