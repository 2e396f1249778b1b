//! A network preset's numbers: one bar per layer and the total split by layer
//! kind (with MobileNet's full-convolution twin beside it). The chart
//! (`crate::plots::draw::network`) only draws them.

use conv_core::presets::{LayerKind, Network};
use conv_core::Cost;

use crate::state::plot_settings::Unit;

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
    /// MobileNet's full-convolution twin ("Conv MobileNet"), not the net itself.
    pub full_conv: bool,
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
            full_conv: is_full_conv(net),
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

/// The bars and totals of `net` (and its twin) in `unit`.
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

/// A network's name as the page shows it: conv-core's description (a proper
/// name, the same in every language), except MobileNet's full-convolution
/// twin, whose description is a sentence the text layer words.
#[derive(Debug, Clone, PartialEq)]
pub enum NetName {
    Described(String),
    FullConvMobileNet { alpha: f64, resolution: usize },
}

/// The name of `net`, charted with `settings`.
pub fn name_of(net: &Network, settings: &crate::state::plot_settings::PlotSettings) -> NetName {
    if is_full_conv(net) {
        NetName::FullConvMobileNet {
            alpha: settings.alpha,
            resolution: settings.resolution,
        }
    } else {
        NetName::Described(net.description.clone())
    }
}

/// MobileNet's full-convolution version (conv-core names it "Conv MobileNet-…").
pub fn is_full_conv(net: &Network) -> bool {
    net.description.starts_with("Conv MobileNet")
}

/// MACs of the convolution layers, leaving out the classifier (the count the
/// MobileNet paper prints for its full-convolution twin).
pub fn conv_only(net: &Network) -> u64 {
    net.layers
        .iter()
        .filter(|l| l.kind != LayerKind::FullyConnected)
        .map(|l| l.cost.macs)
        .sum()
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
        let pw = s.total.share(LayerKind::Pointwise);
        assert!((pw * 100.0 - 94.86).abs() < 0.01, "{pw}");
        let twin_total = s.twin.as_ref().unwrap();
        // 4,867M with the FC layer; the paper's 4866M counts the conv layers only.
        assert_eq!(twin_total.value, 4_867_293_184);
        assert_eq!(conv_only(&twin) / 1_000_000, 4_866);
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
}
