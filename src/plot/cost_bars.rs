//! Side by side: the compute cost (MACs or FLOPs) and the parameters of the four
//! kinds at the current setting, each bar labelled with its exact value and its
//! share of standard. Separable is stacked: its depthwise part, then its pointwise part.

use conv_core::{Comparison, ConvKind, KindPlan};
use plotters::prelude::*;

use super::palette::{self, Look};
use super::{bar_chart, centred, centred_above, legend, DrawError, PixelToData, ValueAxis};
use crate::format::thousands;
use crate::state::plots::Unit;

/// One part of a stacked bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// "depthwise part", "pointwise part", or the kind's name for a single part.
    pub name: &'static str,
    pub value: u64,
    pub color: RGBColor,
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
                name: "depthwise part",
                value: value(&plan.stages[0].cost),
                color: palette::DEPTHWISE,
            },
            Segment {
                name: "pointwise part",
                value: value(&plan.stages[1].cost),
                color: palette::POINTWISE,
            },
        ]
    } else {
        vec![Segment {
            name: plan.kind.name(),
            value: value(&plan.cost()),
            color: palette::kind_color(plan.kind),
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

/// Draws both panels and a legend; returns the compute panel's coordinate transform.
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    s: &SideBySide,
    look: &Look,
) -> Result<impl PixelToData, DrawError<DB>> {
    let root = backend.into_drawing_area();
    root.fill(&look.background())?;
    let (top, body) = root.split_vertically(look.px(26.0));
    let bias = if s.bias { "bias on" } else { "bias off" };
    let mut items: Vec<(RGBColor, String)> = ConvKind::ALL[..3]
        .iter()
        .map(|k| (palette::kind_color(*k), k.name().to_string()))
        .collect();
    items.push((
        palette::POINTWISE,
        "separable = depthwise + pointwise part".into(),
    ));
    legend(&top, &items, &format!("· {}, {bias}", s.unit.label()), look)?;
    let width = body.dim_in_pixel().0;
    let (left, right) = body.split_horizontally(width / 2);
    let caption = match s.unit {
        Unit::Macs => "MACs (multiply-adds)".to_string(),
        Unit::Flops => format!("FLOPs (2·MACs{})", if s.bias { " + bias adds" } else { "" }),
    };
    let trans = panel(&left, &caption, s.unit.label(), &s.compute, s.log, look)?;
    let params_caption = if s.bias {
        "Parameters (weights + bias)"
    } else {
        "Parameters (weights, no bias)"
    };
    let _ = panel(&right, params_caption, "parameters", &s.params, s.log, look)?;
    root.present()?;
    Ok(trans)
}

fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    caption: &str,
    y_desc: &str,
    bars: &[KindBar],
    log: bool,
    look: &Look,
) -> Result<impl PixelToData, DrawError<DB>> {
    let axis = ValueAxis::fit(bars.iter().map(|b| b.total() as f64), log);
    let labels: Vec<String> = bars.iter().map(|b| b.kind.name().to_string()).collect();
    let mut chart = bar_chart(area, caption, y_desc, &labels, axis, look)?;
    let half = 0.34;
    for (i, b) in bars.iter().enumerate() {
        let x = i as f64;
        let mut below = 0u64;
        for seg in &b.segments {
            let y0 = if below == 0 {
                axis.base()
            } else {
                axis.at(below as f64)
            };
            let y1 = axis.at((below + seg.value) as f64);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - half, y0), (x + half, y1)],
                seg.color.filled(),
            )))?;
            // Name the parts of a stacked bar inside them when there is room.
            if b.segments.len() > 1 {
                let (_, py0) = chart.backend_coord(&(x, y0));
                let (_, py1) = chart.backend_coord(&(x, y1));
                if (py0 - py1).unsigned_abs() > look.px(14.0) {
                    let short = if seg.name.starts_with("depthwise") {
                        "dw"
                    } else {
                        "pw"
                    };
                    chart.draw_series(std::iter::once(Text::new(
                        short,
                        (x, (y0 + y1) / 2.0),
                        centred(look.font(11.0).color(&WHITE)),
                    )))?;
                }
            }
            below += seg.value;
        }
        let top = axis.at(b.total() as f64);
        let ratio = SideBySide::ratio(bars, b.kind);
        let gap = look.px(3.0) as i32;
        let line = look.px(14.0) as i32;
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, top))
                + Text::new(
                    format!("{:.1}% of std", ratio * 100.0),
                    (0, -gap - line),
                    centred_above(look.muted_font(11.0)),
                )
                + Text::new(
                    thousands(b.total()),
                    (0, -gap),
                    centred_above(look.font(12.0)),
                ),
        ))?;
    }
    Ok(chart.into_coord_trans())
}

#[cfg(test)]
mod tests {
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
        assert_eq!(sep[0].name, "depthwise part");
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

    #[test]
    fn svg_has_every_bar_and_exact_labels() {
        let s = series(&default_comparison(false), Unit::Macs, false);
        let mut svg = String::new();
        {
            let backend = SVGBackend::with_string(&mut svg, (900, 360));
            let trans = draw(backend, &s, &Look::default()).unwrap();
            // The transform maps back into the compute panel's data space.
            assert!(trans((200, 200)).is_some());
        }
        assert!(
            crate::plot::svg_has_text(&svg, "1,179,648"),
            "standard MACs label"
        );
        assert!(
            crate::plot::svg_has_text(&svg, "204,800"),
            "separable MACs label"
        );
        assert!(crate::plot::svg_has_text(&svg, "17.4% of std"));
        assert!(crate::plot::svg_has_text(&svg, "MACs (multiply-adds)"));
        assert!(crate::plot::svg_has_text(
            &svg,
            "Parameters (weights, no bias)"
        ));
        // 4 + 1 bars per panel (separable stacked) plus the legend swatches.
        let fill = |c: RGBColor| format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2);
        assert_eq!(svg.matches(&fill(palette::STANDARD)).count(), 2 + 1);
        assert_eq!(svg.matches(&fill(palette::DEPTHWISE)).count(), 4 + 1);
        assert_eq!(svg.matches(&fill(palette::POINTWISE)).count(), 2 + 1);
    }

    #[test]
    fn log_axis_draws_too() {
        let s = series(&default_comparison(true), Unit::Flops, true);
        let mut svg = String::new();
        let _ = draw(
            SVGBackend::with_string(&mut svg, (600, 300)),
            &s,
            &Look::default(),
        )
        .unwrap();
        assert!(svg.contains("FLOPs (2·MACs + bias adds)"));
        assert!(crate::plot::svg_has_text(&svg, "1M"), "a decade tick");
    }
}
