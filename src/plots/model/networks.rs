//! Whole networks side by side, by kind of convolution: each network's cost
//! (MACs or FLOPs) and parameters split into standard, grouped, depthwise,
//! pointwise and fully connected layers, and one network's layers as a table
//! that sorts and filters. The bias toggle applies here as in every chart:
//! `None` keeps each layer's own bias, `Some(b)` costs every layer as if it
//! had (or had not) one. The charts (`crate::plots::draw::networks`) and the
//! view only show these numbers.

use conv_core::presets::{LayerKind, NetLayer, Network};
use conv_core::{Conv2dSpec, Cost, Limits, PlannedLayer};

use crate::state::plot_settings::Unit;

/// The kinds a network's cost is split into, in the order the bars stack.
pub const KINDS: [LayerKind; 5] = [
    LayerKind::Standard,
    LayerKind::Grouped,
    LayerKind::Depthwise,
    LayerKind::Pointwise,
    LayerKind::FullyConnected,
];

/// A layer's cost with the charts' bias: its own, or every layer with (or
/// without) one. Markers cost nothing.
pub fn cost_with_bias(l: &NetLayer, bias: Option<bool>) -> Cost {
    let (Some(b), Some(spec)) = (bias, &l.spec) else {
        return l.cost;
    };
    if l.kind.is_marker() || spec.bias == b {
        return l.cost;
    }
    let spec = Conv2dSpec {
        bias: b,
        ..spec.clone()
    };
    PlannedLayer::plan(&spec, l.input, &Limits::unlimited()).map_or(l.cost, |p| p.cost)
}

/// One network's totals, by kind in [`KINDS`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct ByKind {
    /// The network's name as shown (a preset's description, or the file's).
    pub label: String,
    /// The learner's own model (drawn apart from the presets).
    pub own: bool,
    /// Cost in the chosen unit, per kind.
    pub cost: [u64; 5],
    pub params: [u64; 5],
    /// Layers per kind.
    pub layers: [usize; 5],
}

impl ByKind {
    pub fn of(label: String, own: bool, net: &Network, unit: Unit, bias: Option<bool>) -> ByKind {
        let mut b = ByKind {
            label,
            own,
            cost: [0; 5],
            params: [0; 5],
            layers: [0; 5],
        };
        for l in &net.layers {
            let Some(k) = KINDS.iter().position(|k| *k == l.kind) else {
                continue;
            };
            let c = cost_with_bias(l, bias);
            b.cost[k] += unit.of(&c);
            b.params[k] += c.params;
            b.layers[k] += 1;
        }
        b
    }

    pub fn total_cost(&self) -> u64 {
        self.cost.iter().sum()
    }

    pub fn total_params(&self) -> u64 {
        self.params.iter().sum()
    }

    /// Kind `k`'s share of the cost, in [0, 1].
    pub fn cost_share(&self, k: usize) -> f64 {
        share(self.cost[k], self.total_cost())
    }

    pub fn params_share(&self, k: usize) -> f64 {
        share(self.params[k], self.total_params())
    }
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A network's short name: a preset's description up to its first comma
/// ("MobileNet v2 1.0"), or the file's name.
pub fn short_name(description: &str) -> String {
    description
        .split(',')
        .next()
        .unwrap_or(description)
        .trim()
        .to_string()
}

/// What the layer table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Graph order.
    #[default]
    Index,
    Name,
    Kind,
    Cost,
    Params,
}

/// A layer as the table shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerRow {
    /// Its place in the network, from 0.
    pub index: usize,
    pub name: String,
    pub kind: LayerKind,
    pub input: conv_core::Nchw,
    pub output: conv_core::Nchw,
    /// `None` for a marker without a convolution.
    pub groups: Option<usize>,
    /// Cost in the chosen unit.
    pub cost: u64,
    pub params: u64,
    /// Of the network's cost, in [0, 1].
    pub share: f64,
    /// A convolution the picture can open.
    pub loadable: bool,
}

/// How the table is ordered and which kind it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TableView {
    pub sort: SortKey,
    /// Largest first (for numbers) or Z to A.
    pub descending: bool,
    /// Only this kind (markers count as their own kinds).
    pub kind: Option<LayerKind>,
}

/// The rows of `net`'s table.
pub fn rows(net: &Network, unit: Unit, bias: Option<bool>, view: TableView) -> Vec<LayerRow> {
    let costs: Vec<Cost> = net.layers.iter().map(|l| cost_with_bias(l, bias)).collect();
    let total: u64 = costs.iter().map(|c| unit.of(c)).sum();
    let mut rows: Vec<LayerRow> = net
        .layers
        .iter()
        .zip(&costs)
        .enumerate()
        .filter(|(_, (l, _))| view.kind.is_none_or(|k| same_kind(k, l.kind)))
        .map(|(index, (l, c))| LayerRow {
            index,
            name: l.name.clone(),
            kind: l.kind,
            input: l.input,
            output: l.output,
            groups: groups_of(l),
            cost: unit.of(c),
            params: c.params,
            share: share(unit.of(c), total),
            loadable: !l.kind.is_marker() && l.spec.is_some(),
        })
        .collect();
    sort(&mut rows, view);
    rows
}

/// Kinds match as kinds: every channel shuffle is one kind, whatever its groups.
fn same_kind(a: LayerKind, b: LayerKind) -> bool {
    std::mem::discriminant(&a) == std::mem::discriminant(&b)
}

fn groups_of(l: &NetLayer) -> Option<usize> {
    match l.kind {
        LayerKind::ChannelShuffle { groups } => Some(groups),
        LayerKind::MaxPool => None,
        _ => l.spec.as_ref().map(|s| s.groups),
    }
}

fn sort(rows: &mut [LayerRow], view: TableView) {
    let kind_rank = |k: LayerKind| KINDS.iter().position(|x| *x == k).unwrap_or(KINDS.len());
    // A stable sort, so ties keep graph order.
    match view.sort {
        SortKey::Index => {}
        SortKey::Name => rows.sort_by(|a, b| a.name.cmp(&b.name)),
        SortKey::Kind => rows.sort_by_key(|r| kind_rank(r.kind)),
        SortKey::Cost => rows.sort_by_key(|r| r.cost),
        SortKey::Params => rows.sort_by_key(|r| r.params),
    }
    if view.descending {
        rows.reverse();
    }
}

/// The kinds present in `net` (for the filter), in [`KINDS`] order then markers.
pub fn kinds_in(net: &Network) -> Vec<LayerKind> {
    let mut out: Vec<LayerKind> = Vec::new();
    for k in KINDS.into_iter().chain(net.layers.iter().map(|l| l.kind)) {
        let present = net.layers.iter().any(|l| same_kind(l.kind, k));
        if present && !out.iter().any(|o| same_kind(*o, k)) {
            out.push(k);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use conv_core::presets::{by_name, PresetArgs};

    fn preset(name: &str) -> Network {
        by_name(name, &PresetArgs::default()).unwrap()
    }

    /// MobileNetV2's 300.8M MACs, split by kind, add up to the network's total;
    /// its depthwise layers are few of the MACs.
    #[test]
    fn totals_by_kind_add_up_to_the_network() {
        let net = preset("mobilenet-v2");
        let b = ByKind::of("v2".into(), false, &net, Unit::Macs, None);
        assert_eq!(b.total_cost(), 300_774_272);
        assert_eq!(b.total_params(), net.total().params);
        let dw = KINDS
            .iter()
            .position(|k| *k == LayerKind::Depthwise)
            .unwrap();
        assert!(
            b.cost_share(dw) > 0.0 && b.cost_share(dw) < 0.1,
            "{}",
            b.cost_share(dw)
        );
        assert_eq!(
            b.layers.iter().sum::<usize>(),
            net.layers.iter().filter(|l| !l.kind.is_marker()).count()
        );
        let flops = ByKind::of("v2".into(), false, &net, Unit::Flops, None);
        assert_eq!(flops.total_cost(), net.total().flops);
    }

    /// The bias toggle: off removes every bias's parameters and adds; on adds
    /// one to every layer.
    #[test]
    fn the_bias_toggle_recosts_every_layer() {
        let net = preset("resnet-50");
        let own = ByKind::of(String::new(), false, &net, Unit::Flops, None);
        let off = ByKind::of(String::new(), false, &net, Unit::Flops, Some(false));
        let on = ByKind::of(String::new(), false, &net, Unit::Flops, Some(true));
        // ResNet's convs have no bias, its classifier does (1000 of them).
        assert_eq!(own.total_params() - off.total_params(), 1000);
        assert!(on.total_params() > own.total_params());
        assert!(on.total_cost() > own.total_cost() && off.total_cost() < own.total_cost());
        let macs = |b| ByKind::of(String::new(), false, &net, Unit::Macs, b).total_cost();
        assert_eq!(macs(Some(true)), macs(Some(false)), "bias adds no MACs");
    }

    #[test]
    fn rows_sort_filter_and_keep_graph_order_for_ties() {
        let net = preset("shufflenet-v2-x1.0");
        let all = rows(&net, Unit::Macs, None, TableView::default());
        assert_eq!(all.len(), net.layers.len());
        assert!(all.windows(2).all(|w| w[0].index < w[1].index));
        let total_share: f64 = all.iter().map(|r| r.share).sum();
        assert!((total_share - 1.0).abs() < 1e-9);
        let by_cost = TableView {
            sort: SortKey::Cost,
            descending: true,
            kind: None,
        };
        let sorted = rows(&net, Unit::Macs, None, by_cost);
        assert!(sorted.windows(2).all(|w| w[0].cost >= w[1].cost));
        let shuffles = TableView {
            kind: Some(LayerKind::ChannelShuffle { groups: 0 }),
            ..Default::default()
        };
        let s = rows(&net, Unit::Macs, None, shuffles);
        assert_eq!(s.len(), 16);
        assert!(s
            .iter()
            .all(|r| !r.loadable && r.cost == 0 && r.groups == Some(2)));
        let kinds = kinds_in(&net);
        assert_eq!(
            kinds[..3],
            [
                LayerKind::Standard,
                LayerKind::Depthwise,
                LayerKind::Pointwise
            ]
        );
        assert!(kinds.iter().any(|k| matches!(k, LayerKind::Concat)));
    }
}
