//! Timing kernels on this thread: each kind's kernel prepared with seeded data
//! (conv-core's generator), then called again and again against a millisecond
//! clock. A worker of the page runs it (`worker::timer`), so these are the
//! kernels the page really runs, built for speed with SIMD.

use conv_core::{rng, Comparison, ConvKind, Limits};

/// Milliseconds since some fixed point (`performance.now()` in the page and
/// in a worker); only differences are used.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        // performance.now() in the page and in the worker: sub-millisecond, unlike Date.now().
        let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| wasm_bindgen::JsCast::dyn_into::<web_sys::Performance>(p).ok());
        perf.map_or_else(js_sys::Date::now, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::time::{SystemTime, UNIX_EPOCH};
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    }
}

/// Runs per kind; the median is reported.
pub const RUNS: usize = 5;

/// The median of some timings (`None` when empty).
pub fn median(xs: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    })
}

/// One sample should take at least this long, so the timer's resolution
/// (0.1 ms in browsers without cross-origin isolation) does not dominate; small
/// layers are called repeatedly.
pub const MIN_SAMPLE_MS: f64 = 20.0;

/// Times every prepared kernel with the millisecond clock `now`: one warm-up
/// call calibrates how many calls make a sample of [`MIN_SAMPLE_MS`], then
/// [`RUNS`] samples are taken, and `on_kind(index, median seconds per call)`
/// is told as soon as each kind is done.
pub fn time_all(
    prepared: &[Prepared],
    now: &dyn Fn() -> f64,
    on_kind: &mut dyn FnMut(usize, Option<f64>),
) -> conv_core::Result<()> {
    for (i, p) in prepared.iter().enumerate() {
        let t0 = now();
        p.run()?;
        let once = (now() - t0).max(0.01);
        let calls = ((MIN_SAMPLE_MS / once).ceil() as usize).clamp(1, 1000);
        let mut samples = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let t0 = now();
            for _ in 0..calls {
                p.run()?;
            }
            samples.push((now() - t0) / calls as f64 / 1000.0);
        }
        on_kind(i, median(&samples));
    }
    Ok(())
}

/// Prepares and times every kind of `c` on this thread (its clock is
/// [`now_ms`]), telling `on_kind` as each is done.
pub fn time_comparison(
    c: &Comparison,
    on_kind: &mut dyn FnMut(usize, Option<f64>),
) -> conv_core::Result<()> {
    prepare(c).and_then(|p| time_all(&p, &now_ms, on_kind))
}

/// One kind's kernel with its seeded data, ready to be called again and again.
pub struct Prepared {
    pub kind: ConvKind,
    run: Box<dyn Fn() -> conv_core::Result<()>>,
}

impl Prepared {
    /// Runs the kernel once (its output is dropped).
    pub fn run(&self) -> conv_core::Result<()> {
        (self.run)()
    }
}

/// Seeded inputs and weights (conv-core's generator) for every kind, and the
/// kernel that each kind runs: the general/GEMM path for standard and grouped,
/// the depthwise kernel, and depthwise then pointwise for separable.
pub fn prepare(c: &Comparison) -> conv_core::Result<Vec<Prepared>> {
    let limits = Limits::default();
    let mut out = Vec::new();
    for kind in ConvKind::ALL {
        let plan = c.get(kind);
        let first = &plan.stages[0];
        let data = rng::generate(&first.layer, first.geometry.input, 1, &limits)?;
        let layer = first.layer;
        let run: Box<dyn Fn() -> conv_core::Result<()>> = match kind {
            ConvKind::Standard | ConvKind::Grouped => {
                Box::new(move || data.problem(&layer, &limits).map(|p| p.run()).map(drop))
            }
            ConvKind::Depthwise => {
                Box::new(move || data.problem(&layer, &limits)?.depthwise().map(drop))
            }
            ConvKind::Separable => {
                let second = &plan.stages[1];
                let pw = second.layer;
                let pw_data = rng::generate(&pw, second.geometry.input, 2, &limits)?;
                Box::new(move || {
                    data.problem(&layer, &limits)
                        .and_then(|p| {
                            p.separable(&pw, &pw_data.weight, pw_data.bias.as_deref(), &limits)
                        })
                        .map(drop)
                })
            }
        };
        out.push(Prepared { kind, run });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use conv_core::{Conv2dSpec, Nchw};

    fn comparison() -> Comparison {
        let base = Conv2dSpec {
            padding: conv_core::Padding::Explicit([1, 1]),
            groups: 2,
            bias: false,
            ..Conv2dSpec::new(8, 16, 3)
        };
        Comparison::build(&base, Nchw::new(1, 8, 32, 32), 1, &Limits::default()).unwrap()
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn time_all_calibrates_and_reports_each_kind_in_order() {
        // A fake clock, each reading 4 ms after the last: the warm-up call
        // "takes" 4 ms, so a sample is ceil(20 / 4) = 5 calls, and each sample
        // reads 4 ms (its two readings) over 5 calls.
        let clock = std::cell::Cell::new(0.0);
        let now = || {
            clock.set(clock.get() + 4.0);
            clock.get()
        };
        let p = prepare(&comparison()).unwrap();
        let mut seen = Vec::new();
        time_all(&p, &now, &mut |i, m| seen.push((i, m))).unwrap();
        assert_eq!(
            seen.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        for (_, m) in seen {
            assert!((m.unwrap() - 4.0 / 5.0 / 1000.0).abs() < 1e-12, "{m:?}");
        }
        // Readings: per kind 2 for the warm-up and 2 per sample.
        assert_eq!(clock.get(), 4.0 * 4.0 * (2 + 2 * RUNS) as f64);
    }

    #[test]
    fn prepared_kernels_run() {
        let p = prepare(&comparison()).unwrap();
        assert_eq!(p.len(), 4);
        for k in &p {
            k.run().unwrap();
        }
    }
}
