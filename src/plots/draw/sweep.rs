//! Sweeps: the computed points of `crate::plots::model::sweep` over the closed
//! form's curve, with the current setting ringed. Groups and out_channels are
//! spread on a log2 axis, kernel size on a linear one.

use std::ops::Range;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{self, Look};
use super::{legend, Area, Chart, DrawError, PixelToData};
use crate::plots::model::sweep::Sweep;
use crate::plots::text::PlotsText as Messages;
use crate::state::plot_settings::SweepAxis;

/// Where the points sit: plot-space ranges and the maps into them.
struct Frame {
    log_x: bool,
    log_y: bool,
    x: Range<f64>,
    y: Range<f64>,
}

impl Frame {
    fn fit(s: &Sweep) -> Frame {
        let log_x = s.axis != SweepAxis::KernelSize;
        let fx = |x: f64| if log_x { x.log2() } else { x };
        let xs = s.points.iter().map(|p| p.x as f64);
        let x_min = xs.clone().fold(f64::INFINITY, f64::min);
        let x_max = xs.fold(0.0, f64::max);
        let (x_min, x_max) = if x_min.is_finite() && x_max > x_min {
            (x_min, x_max)
        } else {
            (1.0, 2.0)
        };
        let pad = (fx(x_max) - fx(x_min)) * 0.04;
        let ratios = s
            .points
            .iter()
            .flat_map(|p| [p.ratio, p.closed_form])
            .chain(s.separable_ratio)
            .filter(|r| *r > 0.0);
        let r_min = ratios.clone().fold(1.0, f64::min);
        let r_max = ratios.fold(1.0, f64::max);
        let y = if s.log_y {
            r_min.log10().floor()..(r_max.log10() + 0.15)
        } else {
            0.0..(r_max * 1.08)
        };
        Frame {
            log_x,
            log_y: s.log_y,
            x: (fx(x_min) - pad)..(fx(x_max) + pad),
            y,
        }
    }

    /// A swept value's plot-space x.
    fn fx(&self, x: f64) -> f64 {
        if self.log_x {
            x.log2()
        } else {
            x
        }
    }

    /// A ratio's plot-space y.
    fn fy(&self, r: f64) -> f64 {
        if self.log_y {
            r.max(1e-9).log10()
        } else {
            r
        }
    }

    /// Tick labels: powers of two (or integers) on x; decades or percentages on y.
    fn x_label(&self, x: f64) -> String {
        if (x - x.round()).abs() >= 1e-6 {
            String::new()
        } else if self.log_x {
            format!("{}", 2f64.powf(x.round()))
        } else {
            format!("{}", x.round())
        }
    }

    fn y_label(&self, y: f64) -> String {
        if !self.log_y {
            format!("{:.0}%", y * 100.0)
        } else if (y - y.round()).abs() < 1e-6 {
            super::short_f64(10f64.powf(y.round()))
        } else {
            String::new()
        }
    }
}

/// Draws the computed points over the closed-form curve; returns the transform
/// from pixels to (plot-space x, plot-space ratio).
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    s: &Sweep,
    look: &Look,
    t: &dyn Messages,
) -> Result<impl PixelToData, DrawError<DB>> {
    let root = backend.into_drawing_area();
    root.fill(&look.background())?;
    let body = draw_legend(&root, s, look, t)?;
    let frame = Frame::fit(s);
    let mut chart = axes(&body, s, &frame, look, t)?;
    draw_closed_form(&mut chart, s, &frame, look)?;
    if let Some(r) = s.separable_ratio {
        draw_separable_line(&mut chart, r, &frame, look, t)?;
    }
    draw_points(&mut chart, s, &frame, look, t)?;
    root.present()?;
    Ok(chart.into_coord_trans())
}

fn draw_legend<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &Sweep,
    look: &Look,
    t: &dyn Messages,
) -> Result<Area<DB>, DrawError<DB>> {
    let items = vec![
        (palette::kind_color(s.kind), t.sweep_legend_computed(s.kind)),
        (palette::THEORY, t.sweep_legend_closed(s.axis, s.n, s.k2)),
    ];
    let assumptions = if s.axis == SweepAxis::Groups {
        ""
    } else {
        t.sweep_legend_assumes()
    };
    legend(area, &items, assumptions, look)
}

/// The chart with its mesh, ticks and axis names.
fn axes<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, plotters::coord::Shift>,
    s: &Sweep,
    frame: &Frame,
    look: &Look,
    t: &dyn Messages,
) -> Result<Chart<'a, DB>, DrawError<DB>> {
    let mut chart = ChartBuilder::on(area)
        .margin(look.px(8.0))
        .x_label_area_size(look.px(40.0))
        .y_label_area_size(look.px(54.0))
        .build_cartesian_2d(frame.x.clone(), frame.y.clone())?;
    let x_fmt = |x: &f64| frame.x_label(*x);
    let y_fmt = |y: &f64| frame.y_label(*y);
    chart
        .configure_mesh()
        .x_labels(12)
        .y_labels(8)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_desc(t.sweep_x_axis(s.axis))
        .y_desc(t.ratio_axis(Some(s.unit)))
        .label_style(look.muted_font(12.0))
        .axis_desc_style(look.muted_font(12.0))
        .axis_style(look.muted())
        .bold_line_style(look.grid())
        .light_line_style(TRANSPARENT)
        .draw()?;
    Ok(chart)
}

/// The closed form as a smooth curve over the whole x range.
fn draw_closed_form<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    s: &Sweep,
    frame: &Frame,
    look: &Look,
) -> Result<(), DrawError<DB>> {
    let steps = 200;
    let (x, y) = (&frame.x, &frame.y);
    let curve = (0..=steps).map(|i| {
        let px = x.start + (x.end - x.start) * i as f64 / steps as f64;
        let value = if frame.log_x { 2f64.powf(px) } else { px };
        (px, frame.fy(s.closed_form_at(value.max(0.5))))
    });
    chart.draw_series(LineSeries::new(
        curve.filter(|(_, py)| *py >= y.start && *py <= y.end),
        palette::THEORY.stroke_width(look.px(2.0)),
    ))?;
    Ok(())
}

/// The groups sweep's reference: separable ÷ standard at this setting.
fn draw_separable_line<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    r: f64,
    frame: &Frame,
    look: &Look,
    t: &dyn Messages,
) -> Result<(), DrawError<DB>> {
    let y = frame.fy(r);
    let x = &frame.x;
    chart.draw_series(LineSeries::new(
        [(x.start, y), (x.end, y)],
        palette::POINTWISE.stroke_width(look.px(1.5)),
    ))?;
    chart.draw_series(std::iter::once(Text::new(
        t.sweep_separable_here(r),
        (x.end, y),
        look.font(11.0).pos(Pos::new(HPos::Right, VPos::Bottom)),
    )))?;
    Ok(())
}

/// The computed points, the current one ringed and labelled.
fn draw_points<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    s: &Sweep,
    frame: &Frame,
    look: &Look,
    t: &dyn Messages,
) -> Result<(), DrawError<DB>> {
    let color = palette::kind_color(s.kind);
    let at = |p: &crate::plots::model::sweep::SweepPoint| (frame.fx(p.x as f64), frame.fy(p.ratio));
    let radius = look.px(4.0);
    chart.draw_series(
        s.points
            .iter()
            .map(|p| Circle::new(at(p), radius, color.filled())),
    )?;
    if let Some(p) = s.points.iter().find(|p| Some(p.x) == s.current) {
        chart.draw_series(std::iter::once(Circle::new(
            at(p),
            look.px(8.0),
            look.ink().stroke_width(look.px(1.5)),
        )))?;
        let offset = look.px(10.0) as i32;
        chart.draw_series(std::iter::once(
            EmptyElement::at(at(p))
                + Text::new(
                    t.sweep_current(p.ratio),
                    (offset, -offset),
                    look.font(12.0).pos(Pos::new(HPos::Left, VPos::Bottom)),
                ),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plots::model::sweep::{series, tests::setting};
    use crate::plots::text::plots_text;
    use crate::state::lang::Lang;
    use crate::state::plot_settings::Unit;

    fn svg_of(s: &Sweep, lang: Lang) -> String {
        let mut svg = String::new();
        let _ = draw(
            SVGBackend::with_string(&mut svg, (800, 320)),
            s,
            &Look::default(),
            plots_text(lang),
        )
        .unwrap();
        svg
    }

    #[test]
    fn svg_shows_points_curve_and_current() {
        let s = setting(&[], false);
        let sw = series(&s, false, SweepAxis::KernelSize, Unit::Macs, false);
        let svg = svg_of(&sw, Lang::En);
        assert!(svg.contains("closed form 1/N + 1/k², N = 16"));
        assert!(svg.contains("(assumes multiplier 1, no bias)"));
        assert!(crate::plots::draw::svg_has_text(&svg, "current: 17.4%"));
        assert_eq!(svg.matches("<circle").count(), 6 + 1);
        assert!(svg.contains("<polyline"));
    }

    #[test]
    fn chinese_labels_in_the_page_font() {
        let s = setting(&[], false);
        let sw = series(&s, false, SweepAxis::Groups, Unit::Macs, false);
        let svg = svg_of(&sw, Lang::Zh);
        assert!(
            crate::plots::draw::svg_has_text(&svg, "当前：50.0%"),
            "{svg}"
        );
        assert!(svg.contains("Noto Sans CJK SC"));
        assert!(!svg.contains("computed"));
    }
}
