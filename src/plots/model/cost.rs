//! Side by side, the numbers: the compute cost (MACs or FLOPs) and the
//! parameters of the four kinds at the current setting, separable split into its
//! depthwise and pointwise parts. The chart (`crate::plots::draw::cost_bars`) draws them.

use conv_core::{Comparison, ConvKind, KindPlan};

use crate::state::plot_settings::Unit;

/// Which part of a kind's layer(s) a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The kind's one layer.
    Whole,
    /// Separable's depthwise layer.
    Depthwise,
    /// Separable's pointwise (1x1) layer.
    Pointwise,
}

/// One part of a stacked bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub part: Part,
    pub value: u64,
}

/// One bar: a kind and its parts, bottom first.
#[derive(Debug, Clone, PartialEq)]
pub struct KindBar {
    pub kind: ConvKind,
    pub segments: Vec<Segment>,
}

impl KindBar {
    pub fn total(&self) -> u64 {
        self.segments.iter().map(|s| s.value).sum()
    }
}

/// Both panels' data.
#[derive(Debug, Clone, PartialEq)]
pub struct SideBySide {
    pub unit: Unit,
    /// Whether the layers carry a bias (it changes FLOPs and params).
    pub bias: bool,
    pub log: bool,
    /// MACs or FLOPs per kind, in [`ConvKind::ALL`] order.
    pub compute: Vec<KindBar>,
    /// Parameters per kind, same order.
    pub params: Vec<KindBar>,
}

impl SideBySide {
    /// Share of standard of `kind` in `bars` (1.0 for standard itself).
    pub fn ratio(bars: &[KindBar], kind: ConvKind) -> f64 {
        let total = |k| bars.iter().find(|b| b.kind == k).map_or(0, KindBar::total);
        let std = total(ConvKind::Standard);
        if std == 0 {
            0.0
        } else {
            total(kind) as f64 / std as f64
        }
    }
}

fn bar(plan: &KindPlan, value: impl Fn(&conv_core::Cost) -> u64) -> KindBar {
    let segments = if plan.kind == ConvKind::Separable && plan.stages.len() == 2 {
        vec![
            Segment {
                part: Part::Depthwise,
                value: value(&plan.stages[0].cost),
            },
            Segment {
                part: Part::Pointwise,
                value: value(&plan.stages[1].cost),
            },
        ]
    } else {
        vec![Segment {
            part: Part::Whole,
            value: value(&plan.cost()),
        }]
    };
    KindBar {
        kind: plan.kind,
        segments,
    }
}

/// The data for a comparison (already built with the bias the charts use).
pub fn series(c: &Comparison, unit: Unit, log: bool) -> SideBySide {
    let plans = ConvKind::ALL.map(|k| c.get(k));
    SideBySide {
        unit,
        bias: c.standard.stages.first().is_some_and(|s| s.layer.bias),
        log,
        compute: plans.iter().map(|p| bar(p, |c| unit.of(c))).collect(),
        params: plans.iter().map(|p| bar(p, |c| c.params)).collect(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use conv_core::{Conv2dSpec, Limits, Nchw};

    /// The app's default layer: 8 → 16 channels, 3x3, padding 1, groups 2, on 32x32.
    pub(crate) fn default_comparison(bias: bool) -> Comparison {
        let base = Conv2dSpec {
            padding: conv_core::Padding::Explicit([1, 1]),
            groups: 2,
            bias,
            ..Conv2dSpec::new(8, 16, 3)
        };
        Comparison::build(&base, Nchw::new(1, 8, 32, 32), 1, &Limits::default()).unwrap()
    }

    #[test]
    fn series_values_and_order() {
        let s = series(&default_comparison(false), Unit::Macs, false);
        let kinds: Vec<ConvKind> = s.compute.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, ConvKind::ALL.to_vec());
        let totals: Vec<u64> = s.compute.iter().map(KindBar::total).collect();
        let hw = 32 * 32;
        assert_eq!(
            totals,
            vec![
                16 * 8 * 9 * hw,          // standard
                16 * 4 * 9 * hw,          // grouped, g = 2
                8 * 9 * hw,               // depthwise, 8 → 8
                8 * 9 * hw + 16 * 8 * hw, // separable = dw + 1x1
            ]
        );
        let sep = &s.compute[3].segments;
        assert_eq!(sep[0].part, Part::Depthwise);
        assert_eq!(sep[1].value, 16 * 8 * hw);
        let params: Vec<u64> = s.params.iter().map(KindBar::total).collect();
        assert_eq!(params, vec![16 * 8 * 9, 16 * 4 * 9, 8 * 9, 8 * 9 + 16 * 8]);
        // separable / standard = 1/N + 1/k² exactly here (multiplier 1, no bias).
        let r = SideBySide::ratio(&s.compute, ConvKind::Separable);
        assert!((r - (1.0 / 16.0 + 1.0 / 9.0)).abs() < 1e-12);
    }

    #[test]
    fn flops_with_bias_add_one_per_output() {
        let s = series(&default_comparison(true), Unit::Flops, false);
        assert!(s.bias);
        assert_eq!(s.compute[0].total(), 2 * 16 * 8 * 9 * 1024 + 16 * 1024);
        assert_eq!(s.params[0].total(), 16 * 8 * 9 + 16);
    }
}
