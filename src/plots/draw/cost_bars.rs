//! Side by side: the compute cost (MACs or FLOPs) and the parameters of the four
//! kinds at the current setting, each bar labelled with its exact value and its
//! share of standard. Separable is stacked: its depthwise part, then its pointwise
//! part. The numbers are `crate::plots::model::cost`'s; this only draws them.

use conv_core::ConvKind;
use plotters::prelude::*;

use super::palette::{self, Look};
use super::{
    bar_chart, bar_shapes, centred, centred_above, legend, narrow, panels, DrawError, PixelToData,
    ValueAxis,
};
use crate::format::thousands;
use crate::plots::model::cost::{KindBar, Part, SideBySide};
use crate::plots::text::PlotsText as Messages;

/// The colour of a bar's part.
fn part_color(kind: ConvKind, part: Part) -> RGBColor {
    match part {
        Part::Whole => palette::kind_color(kind),
        Part::Depthwise => palette::DEPTHWISE,
        Part::Pointwise => palette::POINTWISE,
    }
}

/// Draws both panels and a legend; returns the compute panel's coordinate transform.
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    s: &SideBySide,
    look: &Look,
    t: &dyn Messages,
) -> Result<impl PixelToData, DrawError<DB>> {
    let root = backend.into_drawing_area();
    root.fill(&look.background())?;
    let short = narrow(&root, 0.5, ConvKind::ALL.len(), look);
    let name = |k: ConvKind| {
        if short {
            t.kind_short(k)
        } else {
            t.kind_title(k)
        }
    };
    let mut items: Vec<(RGBColor, String)> = ConvKind::ALL[..3]
        .iter()
        .map(|k| (palette::kind_color(*k), name(*k).to_string()))
        .collect();
    let separable = if short {
        name(ConvKind::Separable)
    } else {
        t.cost_legend_separable()
    };
    items.push((palette::POINTWISE, separable.into()));
    let body = legend(&root, &items, &t.cost_legend_note(s.unit, s.bias), look)?;
    let (left, right) = panels(&body, (0.5, 0.5));
    let caption = t.cost_compute_caption(s.unit, s.bias);
    let modes = (s.log, short);
    let trans = panel(&left, &caption, s.unit.label(), &s.compute, modes, look, t)?;
    let params_caption = t.cost_params_caption(s.bias);
    let _ = panel(
        &right,
        params_caption,
        t.params_axis(),
        &s.params,
        modes,
        look,
        t,
    )?;
    root.present()?;
    Ok(trans)
}

fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    caption: &str,
    y_desc: &str,
    bars: &[KindBar],
    (log, short): (bool, bool),
    look: &Look,
    t: &dyn Messages,
) -> Result<impl PixelToData, DrawError<DB>> {
    let axis = ValueAxis::fit(bars.iter().map(|b| b.total() as f64), log);
    let name = |k| {
        if short {
            t.kind_short(k)
        } else {
            t.kind_title(k)
        }
    };
    let labels: Vec<String> = bars.iter().map(|b| name(b.kind).to_string()).collect();
    let mut chart = bar_chart(area, caption, y_desc, &labels, axis, look)?;
    for (i, b) in bars.iter().enumerate() {
        stacked_bar(&mut chart, i as f64, b, axis, look, t)?;
        let top = axis.at(b.total() as f64);
        let ratio = SideBySide::ratio(bars, b.kind);
        let gap = look.px(3.0) as i32;
        let line = look.px(14.0) as i32;
        chart.draw_series(std::iter::once(
            EmptyElement::at((i as f64, top))
                + Text::new(
                    if short {
                        format!("{:.1}%", ratio * 100.0)
                    } else {
                        t.share_of_standard(ratio)
                    },
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

/// One kind's bar at `x`, its parts stacked bottom first and named inside when
/// there is room.
fn stacked_bar<DB: DrawingBackend>(
    chart: &mut super::Chart<'_, DB>,
    x: f64,
    b: &KindBar,
    axis: ValueAxis,
    look: &Look,
    t: &dyn Messages,
) -> Result<(), DrawError<DB>> {
    let half = 0.34;
    let mut below = 0u64;
    for seg in &b.segments {
        let y0 = if below == 0 {
            axis.base()
        } else {
            axis.at(below as f64)
        };
        let y1 = axis.at((below + seg.value) as f64);
        let fill = part_color(b.kind, seg.part);
        chart.draw_series(bar_shapes([(x - half, y0), (x + half, y1)], fill, look))?;
        let (_, py0) = chart.backend_coord(&(x, y0));
        let (_, py1) = chart.backend_coord(&(x, y1));
        if b.segments.len() > 1 && (py0 - py1).unsigned_abs() > look.px(14.0) {
            chart.draw_series(std::iter::once(Text::new(
                t.part_short(seg.part),
                (x, (y0 + y1) / 2.0),
                centred(look.font_on(11.0, fill)),
            )))?;
        }
        below += seg.value;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plots::model::cost::{series, tests::default_comparison};
    use crate::plots::text::plots_text;
    use crate::state::lang::Lang;
    use crate::state::plot_settings::Unit;

    #[test]
    fn svg_has_every_bar_and_exact_labels() {
        let s = series(&default_comparison(false), Unit::Macs, false);
        let mut svg = String::new();
        {
            let backend = SVGBackend::with_string(&mut svg, (900, 360));
            let trans = draw(backend, &s, &Look::default(), plots_text(Lang::En)).unwrap();
            // The transform maps back into the compute panel's data space.
            assert!(trans((200, 200)).is_some());
        }
        assert!(
            crate::plots::draw::svg_has_text(&svg, "1,179,648"),
            "standard MACs label"
        );
        assert!(
            crate::plots::draw::svg_has_text(&svg, "204,800"),
            "separable MACs label"
        );
        assert!(crate::plots::draw::svg_has_text(&svg, "17.4% of std"));
        assert!(crate::plots::draw::svg_has_text(
            &svg,
            "MACs (multiply-adds)"
        ));
        assert!(crate::plots::draw::svg_has_text(
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
            plots_text(Lang::En),
        )
        .unwrap();
        assert!(svg.contains("FLOPs (2·MACs + bias adds)"));
        assert!(
            crate::plots::draw::svg_has_text(&svg, "1M"),
            "a decade tick"
        );
    }
}
