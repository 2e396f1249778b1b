//! Criterion bench over `conv_core::bench_suite::shapes()`; throughput is in
//! FLOPs (cost model: 2 per MAC), so criterion's "elem/s" reads as FLOP/s.
//! For the depthwise shapes the general (im2col + GEMM) path is timed too: it is
//! what onnxruntime does for depthwise, and the gap is why the fast path exists.
//!
//! `cargo bench -p conv-core --bench kernels`

use conv_core::bench_suite::shapes;
use conv_core::{generate, kernel_path, ConvProblem, KernelPath, Limits};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

fn kernels(c: &mut Criterion) {
    let limits = Limits::unlimited();
    let mut group = c.benchmark_group("conv2d");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    for case in shapes() {
        let layer = case.spec.validate().expect("suite specs are valid");
        let geo = layer
            .geometry(case.input, &limits)
            .expect("suite shapes fit");
        let cost = layer.cost(&geo).expect("suite costs fit");
        let data = generate(&layer, case.input, 1, &limits).expect("suite data");
        let b = data.bias.as_deref();
        group.throughput(Throughput::Elements(cost.flops));
        group.bench_function(&case.name, |bench| {
            bench.iter(|| {
                ConvProblem::new(&layer, black_box(&data.input), &data.weight, b, &limits)
                    .map(|p| p.run())
            })
        });
        if kernel_path(&layer) == KernelPath::Depthwise {
            group.bench_function(format!("{}_via_general", case.name), |bench| {
                bench.iter(|| {
                    ConvProblem::new(&layer, black_box(&data.input), &data.weight, b, &limits)
                        .map(|p| p.general())
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, kernels);
criterion_main!(benches);
