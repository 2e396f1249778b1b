//! The benchmark shape suite, defined once so the criterion bench, the `conv`
//! CLI and the app time the same layers.
//!
//! Shapes (batch 1, f32, 3x3 layers padded by 1, no bias as in BN networks):
//! - MobileNet v1 depthwise 3x3: 32ch@112², 128ch@56², 512ch@14², and the
//!   stride-2 64ch@112² layer;
//! - MobileNet v1 pointwise 1x1 at the same sizes with C_out = 2·C_in;
//! - ResNeXt-50 grouped 3x3: 128ch, groups 32, @56²;
//! - ResNet standard 3x3: 64ch@56².

use crate::error::Result;
use crate::limits::Limits;
use crate::ops::{kernel_path, KernelPath};
use crate::rng::generate;
use crate::spec::{Conv2dSpec, Padding};
use crate::tensor::Nchw;
use serde::{Deserialize, Serialize};

/// One layer to time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchCase {
    pub name: String,
    pub spec: Conv2dSpec,
    pub input: Nchw,
}

/// Timing of one case. `gflops` counts FLOPs as the cost model does (2 per MAC,
/// plus bias adds) over the median time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchResult {
    pub name: String,
    pub kind: KernelPath,
    pub macs: u64,
    pub flops: u64,
    pub median_seconds: f64,
    pub gflops: f64,
}

fn conv3x3(c_in: usize, c_out: usize, groups: usize, stride: usize) -> Conv2dSpec {
    Conv2dSpec {
        stride: stride.into(),
        padding: Padding::Explicit([1, 1]),
        groups,
        bias: false,
        ..Conv2dSpec::new(c_in, c_out, 3)
    }
}

fn conv1x1(c_in: usize, c_out: usize) -> Conv2dSpec {
    Conv2dSpec {
        bias: false,
        ..Conv2dSpec::new(c_in, c_out, 1)
    }
}

/// The suite, in the order it is reported.
pub fn shapes() -> Vec<BenchCase> {
    let case = |name: &str, spec: Conv2dSpec, c: usize, hw: usize| BenchCase {
        name: name.to_string(),
        spec,
        input: Nchw::new(1, c, hw, hw),
    };
    vec![
        case("dw3x3_32ch_112", conv3x3(32, 32, 32, 1), 32, 112),
        case("dw3x3_128ch_56", conv3x3(128, 128, 128, 1), 128, 56),
        case("dw3x3_512ch_14", conv3x3(512, 512, 512, 1), 512, 14),
        case("dw3x3_s2_64ch_112", conv3x3(64, 64, 64, 2), 64, 112),
        case("pw1x1_32to64_112", conv1x1(32, 64), 32, 112),
        case("pw1x1_128to256_56", conv1x1(128, 256), 128, 56),
        case("pw1x1_512to1024_14", conv1x1(512, 1024), 512, 14),
        case("grouped3x3_128ch_g32_56", conv3x3(128, 128, 32, 1), 128, 56),
        case("standard3x3_64ch_56", conv3x3(64, 64, 1, 1), 64, 56),
    ]
}

/// How a case is timed: `warmup` untimed runs, then `repeat` blocks of `runs`
/// timed runs; the lowest block median is reported, since on a shared machine
/// other processes can only slow a block down. The default is the protocol of
/// `scripts/bench_onnxruntime.py` (10, 100, 3), so the two are timed alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Protocol {
    pub warmup: usize,
    pub runs: usize,
    pub repeat: usize,
}

impl Default for Protocol {
    fn default() -> Self {
        Protocol {
            warmup: 10,
            runs: 100,
            repeat: 3,
        }
    }
}

/// Runs `case` through [`conv2d`] on seeded data as `protocol` says (at least
/// one timed run), timing with `clock` (seconds, monotonic). On wasm32 the app
/// passes `performance.now() / 1000`; natively [`run_case`] uses
/// `std::time::Instant`.
pub fn run_case_with(
    case: &BenchCase,
    protocol: &Protocol,
    mut clock: impl FnMut() -> f64,
) -> Result<BenchResult> {
    let limits = Limits::unlimited();
    let layer = case.spec.validate()?;
    let geometry = layer.geometry(case.input, &limits)?;
    let cost = layer.cost(&geometry)?;
    let data = generate(&layer, case.input, 1, &limits)?;
    let run = || data.problem(&layer, &limits).map(|p| p.run());
    for _ in 0..protocol.warmup {
        run()?;
    }
    let mut median_seconds = f64::INFINITY;
    for _ in 0..protocol.repeat.max(1) {
        let mut times = Vec::with_capacity(protocol.runs.max(1));
        for _ in 0..protocol.runs.max(1) {
            let t0 = clock();
            let out = run()?;
            times.push(clock() - t0);
            drop(out);
        }
        times.sort_by(f64::total_cmp);
        median_seconds = median_seconds.min(times[times.len() / 2]);
    }
    Ok(BenchResult {
        name: case.name.clone(),
        kind: kernel_path(&layer),
        macs: cost.macs,
        flops: cost.flops,
        median_seconds,
        gflops: if median_seconds > 0.0 {
            cost.flops as f64 / median_seconds / 1e9
        } else {
            0.0
        },
    })
}

/// [`run_case_with`] timed by `std::time::Instant`.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_case(case: &BenchCase, protocol: &Protocol) -> Result<BenchResult> {
    let start = std::time::Instant::now();
    run_case_with(case, protocol, || start.elapsed().as_secs_f64())
}

/// On wasm32-unknown-unknown `std::time::Instant` panics, so there is no clock
/// here: this returns an error; the app calls [`run_case_with`] with
/// `performance.now()` instead. (It exists so code calling it still compiles.)
#[cfg(target_arch = "wasm32")]
pub fn run_case(_case: &BenchCase, _protocol: &Protocol) -> Result<BenchResult> {
    Err(crate::error::ConvError::InvalidSpec(
        "bench_suite::run_case has no clock on wasm32; use run_case_with(performance.now)".into(),
    ))
}
