//! Measured against theory: the time each kind takes (timed in the page) set
//! beside the FLOPs it does. Fewer FLOPs is not proportionally less time:
//! depthwise does few FLOPs per byte it moves (low arithmetic intensity), so
//! memory, not arithmetic, bounds it. The numbers are
//! `crate::plots::model::timing`'s; this only draws them.

use conv_core::ConvKind;
use plotters::prelude::*;

use super::palette::{self, Look};
use super::{
    bar_chart, bar_shapes, centred_above, legend, narrow, panels, Chart, DrawError, PixelToData,
    ValueAxis,
};
use crate::plots::model::timing::Timing;
use crate::plots::text::PlotsText as Messages;

/// Draws FLOPs against time (both as a share of standard) and the achieved
/// GFLOP/s with each kind's arithmetic intensity.
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    timings: &[Timing],
    look: &Look,
    t: &dyn Messages,
) -> Result<impl PixelToData, DrawError<DB>> {
    let root = backend.into_drawing_area();
    root.fill(&look.background())?;

    let items = vec![
        (palette::STANDARD, t.measure_legend_flops().to_string()),
        (look.measured(), t.measure_legend_time().to_string()),
    ];
    let short = narrow(&root, 0.5, timings.len(), look);
    let body = legend(&root, &items, "", look)?;
    let (left, right) = panels(&body, (0.5, 0.5));
    let labels: Vec<String> = timings
        .iter()
        .map(|m| {
            if short {
                t.kind_short(m.kind)
            } else {
                t.kind_title(m.kind)
            }
            .to_string()
        })
        .collect();
    let trans = draw_shares(&left, timings, &labels, look, t)?;
    draw_gflops(&right, timings, &labels, look, t)?;
    root.present()?;
    Ok(trans)
}

/// A bar from 0 to `v` between `x0` and `x1`, with `label` above it.
fn labelled_bar<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    (x0, x1): (f64, f64),
    v: f64,
    fill: RGBColor,
    label: String,
    look: &Look,
) -> Result<(), DrawError<DB>> {
    chart.draw_series(bar_shapes([(x0, 0.0), (x1, v)], fill, look))?;
    chart.draw_series(std::iter::once(
        EmptyElement::at(((x0 + x1) / 2.0, v))
            + Text::new(
                label,
                (0, -(look.px(3.0) as i32)),
                centred_above(look.muted_font(11.0)),
            ),
    ))?;
    Ok(())
}

/// Left: each kind's FLOPs and time as shares of standard's.
fn draw_shares<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    timings: &[Timing],
    labels: &[String],
    look: &Look,
    t: &dyn Messages,
) -> Result<impl PixelToData, DrawError<DB>> {
    let std = timings.iter().find(|m| m.kind == ConvKind::Standard);
    let share = |v: f64, of: f64| if of > 0.0 { v / of } else { 0.0 };
    let flops_share: Vec<f64> = timings
        .iter()
        .map(|m| share(m.flops as f64, std.map_or(0.0, |s| s.flops as f64)))
        .collect();
    let time_share: Vec<Option<f64>> = timings
        .iter()
        .map(|m| Some(share(m.median_s?, std?.median_s?)))
        .collect();
    let axis = ValueAxis::fit(
        flops_share
            .iter()
            .copied()
            .chain(time_share.iter().flatten().copied()),
        false,
    );
    let caption = t.measure_share_caption();
    let mut chart = bar_chart(area, caption, &t.ratio_axis(None), labels, axis, look)?;
    for (i, m) in timings.iter().enumerate() {
        let x = i as f64;
        let f = flops_share[i];
        let pct = |v: f64| format!("{:.0}%", v * 100.0);
        labelled_bar(
            &mut chart,
            (x - 0.38, x - 0.02),
            f,
            palette::kind_color(m.kind),
            pct(f),
            look,
        )?;
        if let Some(r) = time_share[i] {
            labelled_bar(
                &mut chart,
                (x + 0.02, x + 0.38),
                r,
                look.measured(),
                pct(r),
                look,
            )?;
        }
    }
    Ok(chart.into_coord_trans())
}

/// Right: the achieved GFLOP/s, each bar with its kind's FLOP/byte.
fn draw_gflops<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    timings: &[Timing],
    labels: &[String],
    look: &Look,
    t: &dyn Messages,
) -> Result<(), DrawError<DB>> {
    let gflops: Vec<Option<f64>> = timings.iter().map(Timing::gflops).collect();
    let g_axis = ValueAxis::fit(gflops.iter().flatten().copied(), false);
    let caption = t.measure_gflops_caption(gflops.iter().any(Option::is_some));
    let mut g = bar_chart(area, caption, "GFLOP/s", labels, g_axis, look)?;
    let line = look.px(14.0) as i32;
    let gap = look.px(3.0) as i32;
    for (i, m) in timings.iter().enumerate() {
        let x = i as f64;
        let intensity = t.flop_per_byte(m.intensity);
        match gflops[i] {
            Some(v) => {
                let fill = palette::kind_color(m.kind);
                labelled_bar(&mut g, (x - 0.34, x + 0.34), v, fill, intensity, look)?;
                g.draw_series(std::iter::once(
                    EmptyElement::at((x, v))
                        + Text::new(
                            format!("{v:.2}"),
                            (0, -gap - line),
                            centred_above(look.font(12.0)),
                        ),
                ))?;
            }
            None => {
                g.draw_series(std::iter::once(
                    EmptyElement::at((x, 0.0))
                        + Text::new(intensity, (0, -gap), centred_above(look.muted_font(11.0))),
                ))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plots::model::timing::{tests::comparison, theory};
    use crate::plots::text::plots_text;
    use crate::state::lang::Lang;

    #[test]
    fn svg_before_and_after_timing() {
        let svg_of = |th: &[Timing]| {
            let mut svg = String::new();
            let backend = SVGBackend::with_string(&mut svg, (800, 300));
            let _ = draw(backend, th, &Look::default(), plots_text(Lang::En)).unwrap();
            svg
        };
        let mut th = theory(&comparison());
        let svg = svg_of(&th);
        assert!(svg.contains("not timed yet"));
        // depthwise does 8·9 / (16·8·9) = 6% of standard's FLOPs, separable 17%.
        assert!(
            crate::plots::draw::svg_has_text(&svg, "6%")
                && crate::plots::draw::svg_has_text(&svg, "17%")
        );
        for (t, s) in th.iter_mut().zip([1.0e-3, 0.6e-3, 0.2e-3, 0.3e-3]) {
            t.median_s = Some(s);
        }
        let svg = svg_of(&th);
        assert!(
            crate::plots::draw::svg_has_text(&svg, "20%"),
            "depthwise time share"
        );
        assert!(
            crate::plots::draw::svg_has_text(&svg, "2.36"),
            "standard GFLOP/s: 2·1,179,648 / 1 ms"
        );
    }
}
