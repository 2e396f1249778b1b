//! The charts, drawn with plotters. Each module only draws: its numbers come
//! from `crate::plots::model` (pure data, natively tested) and its words from
//! `crate::plots::text`, and it draws them on any `DrawingBackend`: the page uses a
//! canvas, the tests an SVG string. `draw` returns the chart's coordinate
//! transform so a click on the canvas maps back to data.

pub mod cost_bars;
pub mod measured;
pub mod network;
pub mod networks;
pub mod palette;
pub mod sweep;
pub mod web_canvas;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub use palette::Look;

/// The error every `draw` can return.
pub type DrawError<DB> = DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>;

/// What every `draw` returns: the chart's coordinate transform from a backend
/// pixel back to data coordinates (None outside the plotting area).
pub trait PixelToData: Fn((i32, i32)) -> Option<(f64, f64)> {}
impl<F: Fn((i32, i32)) -> Option<(f64, f64)>> PixelToData for F {}

/// Maps a value to where it sits on a linear or log10 axis. Bars on a log axis
/// start from the decade below the smallest positive value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueAxis {
    pub log: bool,
    /// Plot-space range (after the log, if any).
    pub lo: f64,
    pub hi: f64,
}

impl ValueAxis {
    /// An axis that fits `values`, with headroom for the labels above the bars.
    pub fn fit(values: impl IntoIterator<Item = f64>, log: bool) -> ValueAxis {
        let vals: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
        let max = vals.iter().copied().fold(0.0, f64::max);
        if log {
            let min_pos = vals
                .iter()
                .copied()
                .filter(|v| *v > 0.0)
                .fold(f64::INFINITY, f64::min);
            let (lo, hi) = if min_pos.is_finite() {
                (min_pos.log10().floor(), max.log10())
            } else {
                (0.0, 1.0)
            };
            let span = (hi - lo).max(1.0);
            ValueAxis {
                log,
                lo,
                hi: hi + 0.18 * span,
            }
        } else {
            ValueAxis {
                log,
                lo: 0.0,
                hi: if max > 0.0 { max * 1.2 } else { 1.0 },
            }
        }
    }

    /// Plot-space position of `v` (values ≤ 0 sit on the floor of a log axis).
    pub fn at(&self, v: f64) -> f64 {
        if self.log {
            if v > 0.0 {
                v.log10().max(self.lo)
            } else {
                self.lo
            }
        } else {
            v
        }
    }

    /// Where bars start.
    pub fn base(&self) -> f64 {
        self.lo
    }

    /// Tick label for a plot-space position: `1M`, `10K`… on a log axis (decades
    /// only), a short number on a linear one.
    pub fn label(&self, y: f64) -> String {
        if self.log {
            if (y - y.round()).abs() > 1e-6 {
                return String::new();
            }
            short_f64(10f64.powf(y.round()))
        } else {
            short_f64(y)
        }
    }
}

/// `1234567.0` → `"1.2M"`, `0.25` → `"0.25"`: tick labels.
pub fn short_f64(v: f64) -> String {
    conv_core::format::compact(v, 2)
}

/// Three significant figures with a unit prefix: `568_740_352` → `"568.7M"`,
/// `4_210_088` → `"4.21M"`, `29_300_000` → `"29.3M"`. Totals as the papers print them.
pub fn short_sig(v: u64) -> String {
    conv_core::format::compact(v as f64, 3)
}

/// A bar from `corners`: filled, and outlined where the fill alone has under
/// 3:1 against the panel ([`Look::edge`]).
pub(crate) fn bar_shapes(
    corners: [(f64, f64); 2],
    fill: RGBColor,
    look: &Look,
) -> Vec<Rectangle<(f64, f64)>> {
    let mut shapes = vec![Rectangle::new(corners, fill.filled())];
    let edge = look.edge(fill);
    if edge != fill {
        shapes.push(Rectangle::new(corners, edge.stroke_width(1)));
    }
    shapes
}

/// Text anchored at its centre-bottom, for labels above bars.
pub(crate) fn centred_above(style: TextStyle<'_>) -> TextStyle<'_> {
    style.pos(Pos::new(HPos::Center, VPos::Bottom))
}

/// Text anchored at its centre, for labels inside bars.
pub(crate) fn centred(style: TextStyle<'_>) -> TextStyle<'_> {
    style.pos(Pos::new(HPos::Center, VPos::Center))
}

/// One bar at `x` stacked by kind from the axis up, each part labelled with
/// its share (to `digits` decimals) where it is tall enough to hold it, and
/// `label` above the whole.
pub(crate) fn stacked_bar<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    x: f64,
    parts: &[(conv_core::presets::LayerKind, u64)],
    (label, digits): (String, usize),
    look: &Look,
) -> Result<(), DrawError<DB>> {
    let total: u64 = parts.iter().map(|(_, v)| v).sum();
    let mut below = 0u64;
    for (kind, v) in parts.iter().filter(|(_, v)| *v > 0) {
        let (y0, y1) = (below as f64, (below + v) as f64);
        let fill = palette::layer_color(*kind);
        chart.draw_series(bar_shapes([(x - 0.34, y0), (x + 0.34, y1)], fill, look))?;
        let (_, py0) = chart.backend_coord(&(x, y0));
        let (_, py1) = chart.backend_coord(&(x, y1));
        if (py0 - py1).unsigned_abs() > look.px(16.0) {
            let share = 100.0 * *v as f64 / total as f64;
            chart.draw_series(std::iter::once(Text::new(
                format!("{share:.digits$}%"),
                (x, (y0 + y1) / 2.0),
                centred(look.font_on(11.0, fill)),
            )))?;
        }
        below += v;
    }
    chart.draw_series(std::iter::once(
        EmptyElement::at((x, total as f64))
            + Text::new(
                label,
                (0, -(look.px(3.0) as i32)),
                centred_above(look.font(12.0)),
            ),
    ))?;
    Ok(())
}

/// A drawing area in backend pixels.
pub(crate) type Area<DB> = DrawingArea<DB, plotters::coord::Shift>;

/// A canvas taller than it is wide (a phone) stacks its panels.
fn stacked<DB: DrawingBackend>(area: &Area<DB>) -> bool {
    let (w, h) = area.dim_in_pixel();
    h as f64 > w as f64 * 0.8
}

/// Two panels: side by side with `wide` of the width to the first, or one
/// above the other (`tall` of the height) on a tall canvas.
pub(crate) fn panels<DB: DrawingBackend>(
    area: &Area<DB>,
    (wide, tall): (f64, f64),
) -> (Area<DB>, Area<DB>) {
    let (w, h) = area.dim_in_pixel();
    if stacked(area) {
        area.split_vertically((h as f64 * tall) as u32)
    } else {
        area.split_horizontally((w as f64 * wide) as u32)
    }
}

/// A chart with f64 axes: category index on x, plot-space value on y.
pub(crate) type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A bar chart frame: caption, one x label per category (bars sit at 0, 1, …;
/// every k-th only when they would overlap), a value axis, light horizontal
/// grid lines, theme colours.
pub(crate) fn bar_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, plotters::coord::Shift>,
    caption: &str,
    y_desc: &str,
    labels: &[String],
    axis: ValueAxis,
    look: &Look,
) -> Result<Chart<'a, DB>, DrawError<DB>> {
    let n = labels.len().max(1);
    let font = look.muted_font(12.0);
    let widest = labels
        .iter()
        .map(|l| area.estimate_text_size(l, &font).map_or(0, |(w, _)| w))
        .max()
        .unwrap_or(0);
    let per_bar = (area.dim_in_pixel().0.saturating_sub(look.px(60.0)) / n as u32).max(1);
    let stride = (widest + look.px(6.0)).div_ceil(per_bar).max(1) as usize;
    let mut chart = ChartBuilder::on(area)
        .caption(caption, look.font(14.0))
        .margin(look.px(6.0))
        .x_label_area_size(look.px(26.0))
        .y_label_area_size(look.px(54.0))
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), axis.lo..axis.hi)?;
    let x_fmt = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6
            && i >= 0.0
            && (i as usize) < labels.len()
            && i as usize % stride == 0
        {
            labels[i as usize].clone()
        } else {
            String::new()
        }
    };
    let y_fmt = |y: &f64| axis.label(*y);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .y_labels((area.dim_in_pixel().1 / look.px(40.0)).clamp(2, 6) as usize)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .y_desc(y_desc)
        .label_style(font.clone())
        .axis_desc_style(font)
        .axis_style(look.muted())
        .bold_line_style(look.grid())
        .light_line_style(TRANSPARENT)
        .draw()?;
    Ok(chart)
}

/// True when `n` bars in the first of [`panels`] of `area` are too narrow for
/// the kinds' full names (a phone): the charts then name them short.
pub(crate) fn narrow<DB: DrawingBackend>(
    area: &Area<DB>,
    share: f64,
    n: usize,
    look: &Look,
) -> bool {
    let w = area.dim_in_pixel().0 as f64;
    let panel = if stacked(area) { w } else { w * share };
    panel / (n.max(1) as f64) < look.px(90.0) as f64
}

/// Every chart's legend, in a strip above the chart: colour swatches with their
/// names, left to right, wrapped onto more rows where the width runs out (a
/// phone), then `note` in muted text (the convention the numbers follow; empty
/// for none). Draws it on the top of `root` and returns the area below.
pub(crate) fn legend<DB: DrawingBackend>(
    root: &Area<DB>,
    items: &[(RGBColor, String)],
    note: &str,
    look: &Look,
) -> Result<Area<DB>, DrawError<DB>> {
    let font = look.font(12.0);
    let muted = look.muted_font(12.0);
    let box_px = look.px(10.0) as i32;
    let gap = look.px(6.0) as i32;
    let (left, row) = (look.px(8.0) as i32, look.px(18.0) as i32);
    let right = root.dim_in_pixel().0 as i32 - left;
    let width = |text: &str, style: &TextStyle| {
        root.estimate_text_size(text, style)
            .map_or(0, |(w, _)| w as i32)
    };
    // Lay out first, so the strip is as tall as its rows.
    let mut placed = Vec::new();
    let (mut x, mut y) = (left, look.px(13.0) as i32);
    let entries = items
        .iter()
        .map(|(c, name)| (Some(*c), name.as_str()))
        .chain((!note.is_empty()).then_some((None, note)));
    for (color, text) in entries {
        let w = width(text, if color.is_some() { &font } else { &muted })
            + if color.is_some() { box_px + gap / 2 } else { 0 };
        if x > left && x + w > right {
            (x, y) = (left, y + row);
        }
        placed.push((color, text, x, y));
        x += w + gap * 2;
    }
    let (top, body) = root.split_vertically((y + row / 2 + look.px(4.0) as i32) as u32);
    for (color, text, x, y) in placed {
        let style = match color {
            Some(c) => {
                top.draw(&Rectangle::new(
                    [(x, y - box_px / 2), (x + box_px, y + box_px / 2)],
                    c.filled(),
                ))?;
                top.draw(&Text::new(
                    text.to_string(),
                    (x + box_px + gap / 2, y),
                    font.clone().pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
                continue;
            }
            None => muted.clone(),
        };
        top.draw(&Text::new(
            text.to_string(),
            (x, y),
            style.pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(body)
}

/// True when an SVG rendered by plotters has a text element reading exactly `text`.
#[cfg(test)]
pub(crate) fn svg_has_text(svg: &str, text: &str) -> bool {
    svg.contains(&format!(">\n{text}\n</text>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms() {
        assert_eq!(short_sig(568_740_352), "568.7M");
        assert_eq!(short_sig(4_210_088), "4.21M");
        assert_eq!(short_sig(4_866_000_000), "4.87G");
        assert_eq!(short_sig(29_300_000), "29.3M");
        assert_eq!(short_sig(999), "999");
        assert_eq!(short_f64(2_000_000.0), "2M");
        assert_eq!(short_f64(0.25), "0.25");
        assert_eq!(short_f64(1_250_000.0), "1.2M");
    }

    #[test]
    fn log_axis_floors_to_a_decade() {
        let a = ValueAxis::fit([1_500.0, 1_000_000.0], true);
        assert_eq!(a.lo, 3.0);
        assert!(a.hi > 6.0);
        assert_eq!(a.at(0.0), 3.0);
        assert_eq!(a.label(6.0), "1M");
        assert_eq!(a.label(5.5), "");
        let l = ValueAxis::fit([10.0, 50.0], false);
        assert_eq!((l.lo, l.hi), (0.0, 60.0));
    }
}
