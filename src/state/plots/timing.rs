//! Measured against theory, the numbers: each kind's FLOPs, bytes and
//! arithmetic intensity from the cost model, and its kernel with seeded data,
//! ready to be timed ([`time_all`], which a worker of the page runs:
//! `crate::compute::timer`; `crate::plot::measured` draws the result).

use conv_core::{rng, Comparison, ConvKind, ConvProblem, Limits};

/// The most MACs one kernel run may have to be timed: at a few GFLOP/s that is
/// well under a second per run, so a timing ends within seconds.
pub const MAX_TIMED_MACS: u64 = 150_000_000;

/// Runs per kind; the median is reported.
pub const RUNS: usize = 5;

/// Theory and (once timed) measurement of one kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    pub kind: ConvKind,
    pub macs: u64,
    pub flops: u64,
    pub bytes: u64,
    /// FLOPs per byte moved, from the cost model.
    pub intensity: f64,
    /// Median seconds per call, once timed.
    pub median_s: Option<f64>,
}

impl Timing {
    /// Achieved GFLOP/s (the cost model's FLOPs over the median time).
    pub fn gflops(&self) -> Option<f64> {
        self.median_s
            .filter(|t| *t > 0.0)
            .map(|t| self.flops as f64 / t / 1e9)
    }
}

/// The theory half, before anything is timed.
pub fn theory(c: &Comparison) -> Vec<Timing> {
    ConvKind::ALL
        .iter()
        .map(|k| {
            let cost = c.get(*k).cost();
            Timing {
                kind: *k,
                macs: cost.macs,
                flops: cost.flops,
                bytes: cost.bytes,
                intensity: cost.intensity(),
                median_s: None,
            }
        })
        .collect()
}

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

/// A setting too big to time in the page: its biggest kind's MACs in one run, and the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooBig {
    pub macs: u64,
    pub cap: u64,
}

/// Why a comparison is too big to time in the page, if it is.
pub fn too_big(c: &Comparison) -> Option<TooBig> {
    let biggest = ConvKind::ALL
        .iter()
        .map(|k| c.get(*k).cost().macs)
        .max()
        .unwrap_or(0);
    (biggest > MAX_TIMED_MACS).then_some(TooBig {
        macs: biggest,
        cap: MAX_TIMED_MACS,
    })
}

/// Where a run of the timer is.
#[derive(Debug, Clone, PartialEq)]
pub enum TimingStatus {
    Running,
    /// Every kind timed: the median of `runs` runs each.
    Done {
        runs: usize,
    },
    /// A kernel failed.
    Failed(conv_core::ConvError),
    /// The worker that times the kernels could not start, or stopped.
    WorkerStopped,
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
            ConvKind::Standard | ConvKind::Grouped => Box::new(move || {
                ConvProblem::new(
                    &layer,
                    &data.input,
                    &data.weight,
                    data.bias.as_deref(),
                    &limits,
                )
                .map(|p| p.run())
                .map(drop)
            }),
            ConvKind::Depthwise => Box::new(move || {
                ConvProblem::new(
                    &layer,
                    &data.input,
                    &data.weight,
                    data.bias.as_deref(),
                    &limits,
                )?
                .depthwise()
                .map(drop)
            }),
            ConvKind::Separable => {
                let second = &plan.stages[1];
                let pw = second.layer;
                let pw_data = rng::generate(&pw, second.geometry.input, 2, &limits)?;
                Box::new(move || {
                    ConvProblem::new(
                        &layer,
                        &data.input,
                        &data.weight,
                        data.bias.as_deref(),
                        &limits,
                    )
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
pub(crate) mod tests {
    use super::*;
    use conv_core::{Conv2dSpec, Nchw};

    pub(crate) fn comparison() -> Comparison {
        let base = Conv2dSpec {
            padding: conv_core::Padding::Explicit([1, 1]),
            groups: 2,
            bias: false,
            ..Conv2dSpec::new(8, 16, 3)
        };
        Comparison::build(&base, Nchw::new(1, 8, 32, 32), 1, &Limits::default()).unwrap()
    }

    #[test]
    fn median_and_gflops() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        let t = Timing {
            kind: ConvKind::Standard,
            macs: 1_000_000,
            flops: 2_000_000,
            bytes: 1,
            intensity: 0.0,
            median_s: Some(0.001),
        };
        assert!((t.gflops().unwrap() - 2.0).abs() < 1e-12);
    }

    #[test]
    fn depthwise_has_the_lowest_intensity() {
        let th = theory(&comparison());
        let ai = |k| th.iter().find(|t| t.kind == k).unwrap().intensity;
        assert!(ai(ConvKind::Depthwise) < ai(ConvKind::Separable));
        assert!(ai(ConvKind::Separable) < ai(ConvKind::Standard));
        // FLOPs / bytes from the cost model: 2·8·9·1024 over 4·(8·1024 + 72 + 8·1024).
        let dw = th.iter().find(|t| t.kind == ConvKind::Depthwise).unwrap();
        assert_eq!(dw.flops, 2 * 8 * 9 * 1024);
        assert_eq!(dw.bytes, 4 * (8 * 1024 + 72 + 8 * 1024));
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
    fn prepared_kernels_run_and_big_settings_are_refused() {
        let c = comparison();
        let p = prepare(&c).unwrap();
        assert_eq!(p.len(), 4);
        for k in &p {
            k.run().unwrap();
        }
        assert!(too_big(&c).is_none());
        let base = Conv2dSpec {
            padding: conv_core::Padding::Explicit([1, 1]),
            ..Conv2dSpec::new(256, 256, 3)
        };
        let big =
            Comparison::build(&base, Nchw::new(1, 256, 112, 112), 1, &Limits::default()).unwrap();
        assert_eq!(too_big(&big).unwrap().cap, MAX_TIMED_MACS);
    }
}
