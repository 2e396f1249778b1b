//! Sweeps: cost relative to standard as one parameter of the current setting
//! varies, computed point by point by conv-core, with the closed form beside
//! each point: 1/g for grouped against groups, and 1/N + 1/k² for separable
//! against kernel size and out_channels (which holds for multiplier 1, no bias,
//! MACs: the depthwise part costs C_in·k²·HW, the pointwise C_in·N·HW, standard
//! N·C_in·k²·HW). The chart (`crate::plots::draw::sweep`) only draws these numbers.

use conv_core::{Comparison, Conv2dSpec, ConvKind, IntOrPair, Limits, PlannedLayer};

use crate::state::plot_settings::{SweepAxis, Unit};
use groupwise_core::compute::Setting;

/// One computed point.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    /// The swept parameter's value.
    pub x: usize,
    /// Cost of the swept kind (grouped or separable) in the chosen unit.
    pub value: u64,
    /// Cost of standard convolution at the same point.
    pub standard: u64,
    /// `value / standard`.
    pub ratio: f64,
    /// The closed form at this point.
    pub closed_form: f64,
}

/// A whole sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub axis: SweepAxis,
    pub unit: Unit,
    pub bias: bool,
    pub multiplier: usize,
    /// Grouped for the groups sweep, separable for the others.
    pub kind: ConvKind,
    pub points: Vec<SweepPoint>,
    /// The swept parameter's value in the current setting (if on the grid).
    pub current: Option<usize>,
    /// out_channels and kH·kW of the current setting.
    pub n: usize,
    pub k2: usize,
    /// Groups sweep only: separable/standard at the current setting, for reference.
    pub separable_ratio: Option<f64>,
    pub log_y: bool,
}

/// The closed-form separable/standard ratio, 1/N + 1/k² (k² = kH·kW).
pub fn closed_form_separable(n: usize, k2: usize) -> f64 {
    1.0 / n.max(1) as f64 + 1.0 / k2.max(1) as f64
}

impl Sweep {
    /// The closed form at any (real) x, for drawing the curve.
    pub fn closed_form_at(&self, x: f64) -> f64 {
        match self.axis {
            SweepAxis::Groups => 1.0 / x,
            SweepAxis::KernelSize => 1.0 / self.n.max(1) as f64 + 1.0 / (x * x),
            SweepAxis::OutChannels => 1.0 / x + 1.0 / self.k2.max(1) as f64,
        }
    }
}

fn divisors(n: usize) -> Vec<usize> {
    (1..=n).filter(|d| n % d == 0).collect()
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// What every axis's points are computed from.
struct Base<'a> {
    setting: &'a Setting,
    spec: Conv2dSpec,
    unit: Unit,
    limits: Limits,
}

impl Base<'_> {
    fn comparison(&self, spec: &Conv2dSpec) -> Option<Comparison> {
        let s = self.setting;
        Comparison::build(spec, s.input, s.multiplier, &self.limits).ok()
    }

    fn cost_of(&self, spec: &Conv2dSpec) -> Option<u64> {
        let p = PlannedLayer::plan(spec, self.setting.input, &self.limits).ok()?;
        Some(self.unit.of(&p.cost))
    }

    /// A separable point: separable ÷ standard for `spec` (groups 1).
    fn separable_point(&self, spec: &Conv2dSpec, x: usize, closed_form: f64) -> Option<SweepPoint> {
        let c = self.comparison(spec)?;
        let value = self.unit.of(&c.separable.cost());
        let standard = self.unit.of(&c.standard.cost());
        Some(SweepPoint {
            x,
            value,
            standard,
            ratio: ratio(value, standard),
            closed_form,
        })
    }

    /// Grouped ÷ standard for every groups that divides both channel counts.
    fn groups(&self) -> Vec<SweepPoint> {
        let b = &self.spec;
        let Some(standard) = self.cost_of(&Conv2dSpec {
            groups: 1,
            ..b.clone()
        }) else {
            return Vec::new();
        };
        divisors(gcd(b.in_channels, b.out_channels))
            .into_iter()
            .filter_map(|g| {
                let value = self.cost_of(&Conv2dSpec {
                    groups: g,
                    ..b.clone()
                })?;
                Some(SweepPoint {
                    x: g,
                    value,
                    standard,
                    ratio: ratio(value, standard),
                    closed_form: 1.0 / g as f64,
                })
            })
            .collect()
    }

    /// Separable ÷ standard for square kernels 1..11 (and the current one).
    fn kernel_sizes(&self, current: Option<usize>) -> Vec<SweepPoint> {
        let mut ks = vec![1, 3, 5, 7, 9, 11];
        ks.extend(current);
        ks.sort_unstable();
        ks.dedup();
        let n = self.spec.out_channels;
        ks.into_iter()
            .filter_map(|k| {
                let spec = Conv2dSpec {
                    kernel_size: IntOrPair::Int(k),
                    groups: 1,
                    ..self.spec.clone()
                };
                self.separable_point(&spec, k, closed_form_separable(n, k * k))
            })
            .collect()
    }

    /// Separable ÷ standard for out_channels 1, 2, 4, … 1024 (and the current one).
    fn out_channels(&self, k2: usize) -> Vec<SweepPoint> {
        let mut ns: Vec<usize> = (0..=10).map(|e| 1usize << e).collect();
        ns.push(self.spec.out_channels);
        ns.sort_unstable();
        ns.dedup();
        ns.into_iter()
            .filter_map(|out| {
                let spec = Conv2dSpec {
                    out_channels: out,
                    groups: 1,
                    ..self.spec.clone()
                };
                self.separable_point(&spec, out, closed_form_separable(out, k2))
            })
            .collect()
    }
}

/// Computes the sweep for the current setting. Points that do not validate (a
/// kernel larger than the padded input, say) are left out. Only costs are
/// computed, nothing is allocated, so no resource limit applies.
pub fn series(setting: &Setting, bias: bool, axis: SweepAxis, unit: Unit, log_y: bool) -> Sweep {
    let base = Base {
        setting,
        spec: Conv2dSpec {
            bias,
            ..setting.base.clone()
        },
        unit,
        limits: Limits::unlimited(),
    };
    let [kh, kw] = base.spec.kernel_size.pair();
    let n = base.spec.out_channels;
    let (kind, current, points, separable_ratio) = match axis {
        SweepAxis::Groups => {
            let sep = base
                .comparison(&base.spec)
                .map(|c| ratio(unit.of(&c.separable.cost()), unit.of(&c.standard.cost())));
            (
                ConvKind::Grouped,
                Some(base.spec.groups),
                base.groups(),
                sep,
            )
        }
        SweepAxis::KernelSize => {
            let current = (kh == kw).then_some(kh);
            (
                ConvKind::Separable,
                current,
                base.kernel_sizes(current),
                None,
            )
        }
        SweepAxis::OutChannels => (
            ConvKind::Separable,
            Some(n),
            base.out_channels(kh * kw),
            None,
        ),
    };
    Sweep {
        axis,
        unit,
        bias,
        multiplier: setting.multiplier,
        kind,
        points,
        current,
        n,
        k2: kh * kw,
        separable_ratio,
        log_y,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::state::{compute, Field, Fields};

    pub(crate) fn setting(edits: &[(Field, &str)], bias: bool) -> Setting {
        let mut f = Fields::default();
        f.bias = bias;
        for (field, v) in edits {
            f.set(*field, v.to_string());
        }
        compute(&f).unwrap().setting
    }

    #[test]
    fn groups_sweep_runs_from_standard_to_depthwise() {
        let s = setting(&[], false);
        let sw = series(&s, false, SweepAxis::Groups, Unit::Macs, false);
        let xs: Vec<usize> = sw.points.iter().map(|p| p.x).collect();
        assert_eq!(xs, vec![1, 2, 4, 8]);
        assert_eq!(sw.points[0].value, 16 * 8 * 9 * 1024);
        assert_eq!(sw.points[3].value, 16 * 9 * 1024);
        for p in &sw.points {
            assert!((p.ratio - p.closed_form).abs() < 1e-12, "{p:?}");
        }
        assert_eq!(sw.current, Some(2));
        let sep = sw.separable_ratio.unwrap();
        assert!((sep - closed_form_separable(16, 9)).abs() < 1e-12);
    }

    #[test]
    fn groups_need_to_divide_both_channel_counts() {
        let s = setting(
            &[
                (Field::InChannels, "12"),
                (Field::OutChannels, "18"),
                (Field::Groups, "3"),
            ],
            false,
        );
        let sw = series(&s, false, SweepAxis::Groups, Unit::Macs, false);
        let xs: Vec<usize> = sw.points.iter().map(|p| p.x).collect();
        assert_eq!(xs, vec![1, 2, 3, 6]);
    }

    #[test]
    fn kernel_and_out_channel_sweeps_match_the_closed_form_without_bias() {
        let s = setting(&[], false);
        let k = series(&s, false, SweepAxis::KernelSize, Unit::Macs, false);
        let xs: Vec<usize> = k.points.iter().map(|p| p.x).collect();
        // padding 1 on 32x32: every odd kernel up to 11 fits.
        assert_eq!(xs, vec![1, 3, 5, 7, 9, 11]);
        for p in &k.points {
            assert!((p.ratio - closed_form_separable(16, p.x * p.x)).abs() < 1e-12);
        }
        let n = series(&s, false, SweepAxis::OutChannels, Unit::Macs, true);
        assert_eq!(n.points.len(), 11);
        assert_eq!(n.points[0].x, 1);
        assert_eq!(n.points.last().unwrap().x, 1024);
        for p in &n.points {
            assert!((p.ratio - p.closed_form).abs() < 1e-12, "{p:?}");
        }
    }

    #[test]
    fn with_bias_flops_leave_the_closed_form() {
        let s = setting(&[], true);
        let k = series(&s, true, SweepAxis::KernelSize, Unit::Flops, false);
        let p = k.points.iter().find(|p| p.x == 3).unwrap();
        assert!(p.ratio > p.closed_form);
    }
}
