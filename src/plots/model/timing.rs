//! Measured against theory, the numbers: each kind's FLOPs, bytes and
//! arithmetic intensity from the cost model, beside the time a worker measured
//! (`groupwise_core::compute::timing`); `crate::plots::draw::measured` draws them.

use conv_core::{Comparison, ConvKind};

pub use groupwise_core::compute::timing::{median, RUNS};

/// The most MACs one kernel run may have to be timed: at a few GFLOP/s that is
/// well under a second per run, so a timing ends within seconds.
pub const MAX_TIMED_MACS: u64 = 150_000_000;

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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use conv_core::{Conv2dSpec, Limits, Nchw};

    /// Every kind at the page's default form (8→16, 32², 3x3, groups 2), no bias.
    pub(crate) fn comparison() -> Comparison {
        let mut s = crate::state::Fields::default().parse().unwrap();
        s.base.bias = false;
        Comparison::build(&s.base, s.input, s.multiplier, &Limits::default()).unwrap()
    }

    #[test]
    fn median_and_gflops() {
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
    fn big_settings_are_refused() {
        assert!(too_big(&comparison()).is_none());
        let base = Conv2dSpec {
            padding: conv_core::Padding::Explicit([1, 1]),
            ..Conv2dSpec::new(256, 256, 3)
        };
        let big =
            Comparison::build(&base, Nchw::new(1, 256, 112, 112), 1, &Limits::default()).unwrap();
        assert_eq!(too_big(&big).unwrap().cap, MAX_TIMED_MACS);
    }
}
