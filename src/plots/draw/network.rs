//! A network preset: one bar per layer, coloured by layer kind, and beside it the
//! total as one bar stacked by kind (with MobileNet's full-convolution twin next
//! to it), so "1x1 convolutions carry ~95% of the mult-adds" and "569M against
//! 4866M" are visible at a glance. The numbers are `crate::plots::model::network`'s.

use conv_core::presets::LayerKind;
use plotters::prelude::*;

use super::palette::{self, Look};
use super::{
    bar_chart, bar_shapes, legend, panels, short_sig, stacked_bar, Area, Chart, DrawError,
    PixelToData, ValueAxis,
};
use crate::plots::model::network::{NetTotal, NetworkSeries};
use crate::plots::text::PlotsText as Messages;

/// A total's label. When totals straddle a billion (569M against 4866M), both are
/// written in millions, as the MobileNet paper does, so they compare at a glance.
fn total_label(v: u64, totals: &[&NetTotal]) -> String {
    let straddle = totals.iter().any(|t| t.value >= 1_000_000_000)
        && totals.iter().any(|t| t.value < 1_000_000_000);
    if straddle {
        let m = v as f64 / 1e6;
        if m >= 1000.0 {
            format!("{}M", crate::format::thousands(m.round() as u64))
        } else {
            format!("{m:.1}M")
        }
    } else {
        short_sig(v)
    }
}

/// Draws the per-layer bars and the totals, `selected` (a layer index, chosen
/// from the keyboard) outlined; returns the per-layer chart's transform
/// (pixel → (layer index as f64, value)), which the page uses to find a clicked layer.
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    s: &NetworkSeries,
    selected: Option<usize>,
    look: &Look,
    t: &dyn Messages,
) -> Result<impl PixelToData, DrawError<DB>> {
    let root = backend.into_drawing_area();
    root.fill(&look.background())?;
    let body = draw_legend(&root, s, look, t)?;
    let (left, right) = panels(&body, (0.7, 0.6));
    let trans = draw_layers(&left, s, selected, look, t)?;
    draw_totals(&right, s, look, t)?;
    root.present()?;
    Ok(trans)
}

/// The kinds of this network and its twin, in order of first appearance.
fn draw_legend<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &NetworkSeries,
    look: &Look,
    t: &dyn Messages,
) -> Result<Area<DB>, DrawError<DB>> {
    let mut kinds: Vec<LayerKind> = Vec::new();
    for k in s
        .total
        .by_kind
        .iter()
        .chain(s.twin.iter().flat_map(|t| &t.by_kind))
    {
        if !kinds.contains(&k.kind) {
            kinds.push(k.kind);
        }
    }
    let mut items: Vec<(RGBColor, String)> = kinds
        .iter()
        .map(|k| (palette::layer_color(*k), t.layer_kind(*k).to_string()))
        .collect();
    let markers: Vec<&str> = {
        let mut m: Vec<&str> = Vec::new();
        for l in s.layers.iter().filter(|l| l.kind.is_marker()) {
            let name = t.layer_kind(l.kind);
            if !m.contains(&name) {
                m.push(name);
            }
        }
        m
    };
    if !markers.is_empty() {
        items.push((palette::layer_color(LayerKind::Concat), markers.join(" · ")));
    }
    legend(area, &items, &t.network_legend_note(s.unit), look)
}

/// One bar per layer.
fn draw_layers<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, plotters::coord::Shift>,
    s: &NetworkSeries,
    selected: Option<usize>,
    look: &Look,
    t: &dyn Messages,
) -> Result<impl PixelToData, DrawError<DB>> {
    let axis = ValueAxis::fit(s.layers.iter().map(|l| l.value as f64), s.log);
    let labels: Vec<String> = s.layers.iter().map(|l| (l.index + 1).to_string()).collect();
    let mut chart: Chart<'a, DB> = bar_chart(
        area,
        t.network_per_layer_caption(),
        s.unit.label(),
        &labels,
        axis,
        look,
    )?;
    for l in s.layers.iter().filter(|l| l.value > 0) {
        let x = l.index as f64;
        let corners = [(x - 0.38, axis.base()), (x + 0.38, axis.at(l.value as f64))];
        chart.draw_series(bar_shapes(corners, palette::layer_color(l.kind), look))?;
    }
    // The structure's markers (shuffle, split, concat, pool): a short tick on
    // the axis where they stand, so a unit reads as the paper draws it.
    let tick = axis.base() + (axis.hi - axis.lo) * 0.05;
    let marker = palette::layer_color(LayerKind::Concat).stroke_width(look.px(2.0));
    for l in s.layers.iter().filter(|l| l.kind.is_marker()) {
        let x = l.index as f64;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, axis.base()), (x, tick)],
            marker,
        )))?;
    }
    if let Some(l) = selected.and_then(|i| s.layers.get(i)) {
        let x = l.index as f64;
        let top = axis
            .at(l.value as f64)
            .max(axis.base() + (axis.hi - axis.lo) * 0.02);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.5, axis.base()), (x + 0.5, top)],
            look.ink().stroke_width(look.px(2.0)),
        )))?;
    }
    Ok(chart.into_coord_trans())
}

/// The totals, stacked by kind, always on a linear axis (stacks on a log axis mislead).
fn draw_totals<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    s: &NetworkSeries,
    look: &Look,
    t: &dyn Messages,
) -> Result<(), DrawError<DB>> {
    let mut totals = vec![&s.total];
    totals.extend(s.twin.iter());
    let t_axis = ValueAxis::fit(totals.iter().map(|t| t.value as f64), false);
    let t_labels: Vec<String> = totals
        .iter()
        .map(|n| t.network_total_bar(n.full_conv).to_string())
        .collect();
    let mut chart = bar_chart(area, t.network_total_caption(), "", &t_labels, t_axis, look)?;
    for (i, total) in totals.iter().enumerate() {
        let parts: Vec<_> = total.by_kind.iter().map(|k| (k.kind, k.value)).collect();
        let label = total_label(total.value, &totals);
        stacked_bar(&mut chart, i as f64, &parts, (label, 1), look)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plots::model::network::series;
    use crate::plots::text::plots_text;
    use crate::state::lang::Lang;
    use crate::state::plot_settings::Unit;
    use conv_core::presets::mobilenet_v1;

    #[test]
    fn svg_has_a_bar_per_layer_and_both_totals() {
        let net = mobilenet_v1(1.0, 224, false).unwrap();
        let twin = mobilenet_v1(1.0, 224, true).unwrap();
        let s = series(&net, Some(&twin), Unit::Macs, false);
        let mut svg = String::new();
        {
            let trans = draw(
                SVGBackend::with_string(&mut svg, (1000, 360)),
                &s,
                None,
                &Look::default(),
                plots_text(Lang::En),
            )
            .unwrap();
            // A pixel inside the per-layer plot maps to a layer.
            let (x, _) = trans((300, 200)).unwrap();
            assert!(s.layer_at(x.round()).is_some());
        }
        assert!(crate::plots::draw::svg_has_text(&svg, "568.7M"));
        assert!(crate::plots::draw::svg_has_text(&svg, "4,867M"));
        assert!(
            crate::plots::draw::svg_has_text(&svg, "94.9%"),
            "pointwise share in the stacked total"
        );
        let fill = |c: RGBColor| format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2);
        // 13 depthwise bars, a legend swatch and a stacked segment.
        assert_eq!(svg.matches(&fill(palette::DEPTHWISE)).count(), 13 + 1 + 1);
        assert_eq!(svg.matches(&fill(palette::POINTWISE)).count(), 13 + 1 + 1);
    }
}
