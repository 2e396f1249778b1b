//! conv-core's benchmark shapes (`conv_core::bench_suite`) as a wasm module.
//!
//! `scripts/bench_browser.mjs` loads it into a page next to onnxruntime-web and
//! times both with the same JavaScript loop, so the two are measured alike in
//! one browser: this module only prepares a case's seeded data and runs one
//! `conv2d` per call. It is built for wasm32 with SIMD128, like the app's
//! worker, and is not part of the app.

use conv_core::bench_suite::{shapes, BenchCase};
use conv_core::{conv2d, generate, Conv2dLayer, Generated, Limits};
use wasm_bindgen::prelude::*;

/// The names of the shape suite, in its order.
#[wasm_bindgen]
pub fn names() -> Vec<String> {
    shapes().into_iter().map(|c| c.name).collect()
}

/// One shape of the suite with its seeded input and weights, ready to run.
#[wasm_bindgen]
pub struct Case {
    layer: Conv2dLayer,
    data: Generated,
    flops: u64,
}

#[wasm_bindgen]
impl Case {
    /// The suite's case `name`, on the data the native `conv bench` uses
    /// (seed 1).
    #[wasm_bindgen(constructor)]
    pub fn new(name: &str) -> Result<Case, JsError> {
        let case: BenchCase = shapes()
            .into_iter()
            .find(|c| c.name == name)
            .ok_or_else(|| JsError::new(&format!("no shape named '{name}'")))?;
        let limits = Limits::unlimited();
        let layer = case.spec.validate().map_err(to_js)?;
        let geometry = layer.geometry(case.input, &limits).map_err(to_js)?;
        let flops = layer.cost(&geometry).map_err(to_js)?.flops;
        let data = generate(&layer, case.input, 1, &limits).map_err(to_js)?;
        Ok(Case { layer, data, flops })
    }

    /// FLOPs of one run, as the cost model counts them.
    pub fn flops(&self) -> f64 {
        self.flops as f64
    }

    /// One convolution; the output is allocated and dropped, as in `conv bench`.
    /// Returns its first value, so the call cannot be optimised away.
    pub fn run(&self) -> Result<f32, JsError> {
        let d = &self.data;
        let out = conv2d(
            &self.layer,
            &d.input,
            &d.weight,
            d.bias.as_deref(),
            &Limits::unlimited(),
        );
        Ok(out.map_err(to_js)?.data.first().copied().unwrap_or(0.0))
    }
}

fn to_js(e: conv_core::ConvError) -> JsError {
    JsError::new(&e.to_string())
}
