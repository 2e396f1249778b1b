//! A network preset: one bar per layer, coloured by layer kind, and beside it the
//! total as one bar stacked by kind (with MobileNet's full-convolution twin next
//! to it), so "1x1 convolutions carry ~95% of the mult-adds" and "569M against
//! 4866M" are visible at a glance.

use conv_core::presets::{LayerKind, Network};
use conv_core::Cost;
use plotters::prelude::*;

use super::palette::{self, Look};
use super::{
    bar_chart, centred, centred_above, legend, short_sig, DrawError, PixelToData, ValueAxis,
};
use crate::state::plots::Unit;

/// One layer's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerBar {
    pub index: usize,
    pub name: String,
    pub kind: LayerKind,
    /// Cost in the chosen unit (0 for markers).
    pub value: u64,
    pub params: u64,
    /// A real convolution (not a pool or shuffle marker), so it can be loaded.
    pub loadable: bool,
}

/// One kind's part of a total.
#[derive(Debug, Clone, PartialEq)]
pub struct KindTotal {
    pub kind: LayerKind,
    pub value: u64,
    /// Fraction of the total, in [0, 1].
    pub share: f64,
}

/// A network's total, split by kind (markers left out), in order of first appearance.
#[derive(Debug, Clone, PartialEq)]
pub struct NetTotal {
    pub title: String,
    pub cost: Cost,
    pub value: u64,
    pub by_kind: Vec<KindTotal>,
}

impl NetTotal {
    pub fn of(net: &Network, unit: Unit) -> NetTotal {
        let cost = net.total();
        let value = unit.of(&cost);
        let mut by_kind: Vec<KindTotal> = Vec::new();
        for l in net.layers.iter().filter(|l| !l.kind.is_marker()) {
            let v = unit.of(&l.cost);
            match by_kind.iter_mut().find(|k| k.kind == l.kind) {
                Some(k) => k.value += v,
                None => by_kind.push(KindTotal {
                    kind: l.kind,
                    value: v,
                    share: 0.0,
                }),
            }
        }
        for k in &mut by_kind {
            k.share = if value == 0 {
                0.0
            } else {
                k.value as f64 / value as f64
            };
        }
        NetTotal {
            title: net.description.clone(),
            cost,
            value,
            by_kind,
        }
    }

    /// The share of one kind (0 when absent).
    pub fn share(&self, kind: LayerKind) -> f64 {
        self.by_kind
            .iter()
            .find(|k| k.kind == kind)
            .map_or(0.0, |k| k.share)
    }
}

/// Everything the network chart draws.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkSeries {
    pub unit: Unit,
    pub log: bool,
    pub layers: Vec<LayerBar>,
    pub total: NetTotal,
    /// MobileNet's other version (full-conv twin, or MobileNet when the twin is charted).
    pub twin: Option<NetTotal>,
}

impl NetworkSeries {
    /// The layer under a data-space x (bars are centred on their index).
    pub fn layer_at(&self, x: f64) -> Option<&LayerBar> {
        let i = x.round();
        if (x - i).abs() > 0.45 || i < 0.0 {
            return None;
        }
        self.layers.get(i as usize)
    }
}

pub fn series(net: &Network, twin: Option<&Network>, unit: Unit, log: bool) -> NetworkSeries {
    NetworkSeries {
        unit,
        log,
        layers: net
            .layers
            .iter()
            .enumerate()
            .map(|(index, l)| LayerBar {
                index,
                name: l.name.clone(),
                kind: l.kind,
                value: unit.of(&l.cost),
                params: l.cost.params,
                loadable: !l.kind.is_marker() && l.spec.is_some(),
            })
            .collect(),
        total: NetTotal::of(net, unit),
        twin: twin.map(|t| NetTotal::of(t, unit)),
    }
}

/// Human name of a layer kind for legends.
pub fn kind_label(kind: LayerKind) -> &'static str {
    match kind {
        LayerKind::Standard => "standard",
        LayerKind::Grouped => "grouped",
        LayerKind::Depthwise => "depthwise",
        LayerKind::Pointwise => "pointwise 1x1",
        LayerKind::FullyConnected => "fully connected",
        LayerKind::ChannelShuffle { .. } => "channel shuffle",
        LayerKind::MaxPool => "max pool",
    }
}

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

/// Draws the per-layer bars and the totals; returns the per-layer chart's transform
/// (pixel → (layer index as f64, value)), which the page uses to find a clicked layer.
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    s: &NetworkSeries,
    look: &Look,
) -> Result<impl PixelToData, DrawError<DB>> {
    let root = backend.into_drawing_area();
    root.fill(&look.background())?;
    let (top, body) = root.split_vertically(look.px(26.0));
    let mut kinds: Vec<LayerKind> = s.total.by_kind.iter().map(|k| k.kind).collect();
    if let Some(t) = &s.twin {
        for k in &t.by_kind {
            if !kinds.contains(&k.kind) {
                kinds.push(k.kind);
            }
        }
    }
    let items: Vec<(RGBColor, String)> = kinds
        .iter()
        .map(|k| (palette::layer_color(*k), kind_label(*k).to_string()))
        .collect();
    legend(
        &top,
        &items,
        &format!("· {} per layer (no bias except FC)", s.unit.label()),
        look,
    )?;

    let width = body.dim_in_pixel().0;
    let (left, right) = body.split_horizontally(width * 70 / 100);

    // Per layer.
    let axis = ValueAxis::fit(s.layers.iter().map(|l| l.value as f64), s.log);
    let labels: Vec<String> = s.layers.iter().map(|l| (l.index + 1).to_string()).collect();
    let mut chart = bar_chart(
        &left,
        "Per layer (click a bar to load it)",
        s.unit.label(),
        &labels,
        axis,
        look,
    )?;
    chart.draw_series(s.layers.iter().filter(|l| l.value > 0).map(|l| {
        let x = l.index as f64;
        Rectangle::new(
            [(x - 0.38, axis.base()), (x + 0.38, axis.at(l.value as f64))],
            palette::layer_color(l.kind).filled(),
        )
    }))?;
    let trans = chart.into_coord_trans();

    // Totals, stacked by kind, always on a linear axis (stacks on a log axis mislead).
    let mut totals = vec![&s.total];
    totals.extend(s.twin.iter());
    let t_axis = ValueAxis::fit(totals.iter().map(|t| t.value as f64), false);
    let t_labels: Vec<String> = totals
        .iter()
        .map(|t| {
            if t.title.starts_with("Conv MobileNet") {
                "full conv".to_string()
            } else {
                "this net".to_string()
            }
        })
        .collect();
    let mut tchart = bar_chart(&right, "Total", "", &t_labels, t_axis, look)?;
    for (i, t) in totals.iter().enumerate() {
        let x = i as f64;
        let mut below = 0u64;
        for k in &t.by_kind {
            let y0 = below as f64;
            let y1 = (below + k.value) as f64;
            tchart.draw_series(std::iter::once(Rectangle::new(
                [(x - 0.34, y0), (x + 0.34, y1)],
                palette::layer_color(k.kind).filled(),
            )))?;
            let (_, py0) = tchart.backend_coord(&(x, y0));
            let (_, py1) = tchart.backend_coord(&(x, y1));
            if (py0 - py1).unsigned_abs() > look.px(16.0) {
                tchart.draw_series(std::iter::once(Text::new(
                    format!("{:.1}%", k.share * 100.0),
                    (x, (y0 + y1) / 2.0),
                    centred(look.font(11.0).color(&WHITE)),
                )))?;
            }
            below += k.value;
        }
        tchart.draw_series(std::iter::once(
            EmptyElement::at((x, t.value as f64))
                + Text::new(
                    total_label(t.value, &totals),
                    (0, -(look.px(3.0) as i32)),
                    centred_above(look.font(12.0)),
                ),
        ))?;
    }
    root.present()?;
    Ok(trans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use conv_core::presets::{by_name, mobilenet_v1, PresetArgs};

    #[test]
    fn mobilenet_totals_and_the_papers_story() {
        let net = mobilenet_v1(1.0, 224, false).unwrap();
        let twin = mobilenet_v1(1.0, 224, true).unwrap();
        let s = series(&net, Some(&twin), Unit::Macs, false);
        assert_eq!(s.total.value, 568_740_352);
        assert_eq!(s.total.cost.params, 4_210_088);
        assert_eq!(short_sig(s.total.value), "568.7M");
        assert_eq!(short_sig(s.total.cost.params), "4.21M");
        let pw = s.total.share(LayerKind::Pointwise);
        assert!((pw * 100.0 - 94.86).abs() < 0.01, "{pw}");
        let twin = s.twin.as_ref().unwrap();
        // 4,867M with the FC layer; the paper's 4866M counts the conv layers only.
        assert_eq!(twin.value, 4_867_293_184);
        assert_eq!(s.layers.len(), 28);
        assert_eq!(s.layers[1].kind, LayerKind::Depthwise);
        assert!(s.layers.iter().all(|l| l.loadable));
        // Bars are centred on their index.
        assert_eq!(s.layer_at(2.2).map(|l| l.index), Some(2));
        assert_eq!(s.layer_at(2.5), None);
    }

    #[test]
    fn markers_are_not_loadable_and_flops_follow_the_unit() {
        let net = by_name("shufflenet-unit", &PresetArgs::default()).unwrap();
        let s = series(&net, None, Unit::Flops, true);
        let shuffle = s
            .layers
            .iter()
            .find(|l| matches!(l.kind, LayerKind::ChannelShuffle { .. }))
            .unwrap();
        assert!(!shuffle.loadable);
        assert_eq!(shuffle.value, 0);
        assert_eq!(s.total.value, net.total().flops);
    }

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
                &Look::default(),
            )
            .unwrap();
            // A pixel inside the per-layer plot maps to a layer.
            let (x, _) = trans((300, 200)).unwrap();
            assert!(s.layer_at(x.round()).is_some());
        }
        assert!(crate::plot::svg_has_text(&svg, "568.7M"));
        assert!(crate::plot::svg_has_text(&svg, "4,867M"));
        assert!(
            crate::plot::svg_has_text(&svg, "94.9%"),
            "pointwise share in the stacked total"
        );
        let fill = |c: RGBColor| format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2);
        // 13 depthwise bars, a legend swatch and a stacked segment.
        assert_eq!(svg.matches(&fill(palette::DEPTHWISE)).count(), 13 + 1 + 1);
        assert_eq!(svg.matches(&fill(palette::POINTWISE)).count(), 13 + 1 + 1);
    }
}
