//! Network presets: real architectures (or single blocks of them) built layer by
//! layer with the same cost model as everything else ([`PlannedLayer::plan`]), so
//! the figures students see can be checked against the papers.
//!
//! Common rules (see `docs/CONVENTIONS.md`): batch 1; batch norm, activations,
//! residual additions and average pools are left out; max pools, channel splits,
//! concatenations and channel shuffles appear as zero-cost markers so the
//! structure stays visible; conv layers have no bias unless the preset says so; a
//! fully connected layer is a 1x1 convolution with bias on a 1x1 input (or, for a
//! `Linear` on every position of an NHWC map, on that map).
//!
//! The whole networks after MobileNet v1 are torchvision's models, built from their
//! definitions (config tables and rounding rules) with torchvision's module names;
//! `tests/torchvision.rs` checks every layer against what PyTorch runs.

mod blocks;
mod convnext;
mod efficientnet;
mod mobilenet;
mod mobilenet_v2;
mod mobilenet_v3;
mod regnet;
mod resnet;
mod shufflenet_v2;
mod torchvision;

pub use blocks::{
    alexnet_conv2, resnet_bottleneck, resnext_block, shufflenet_comparison, shufflenet_resnet_unit,
    shufflenet_resnext_unit, shufflenet_unit, xception_entry_block,
};
pub use convnext::convnext_tiny;
pub use efficientnet::efficientnet_b0;
pub use mobilenet::mobilenet_v1;
pub use mobilenet_v2::mobilenet_v2;
pub use mobilenet_v3::{mobilenet_v3_large, mobilenet_v3_small};
pub use regnet::{regnet_x_400mf, regnet_y_400mf};
pub use resnet::{resnet50, resnext50_32x4d};
pub use shufflenet_v2::shufflenet_v2_x1_0;

use crate::cost::{Cost, PlannedLayer};
use crate::error::{ConvError, Result};
use crate::limits::Limits;
use crate::spec::{Conv2dLayer, Conv2dSpec, Padding};
use crate::tensor::Nchw;
use serde::ser::{Serialize, Serializer};

/// What a layer of a preset is, for tables, colours and the per-kind split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayerKind {
    /// groups = 1 with a kernel larger than 1x1.
    Standard,
    /// 1 < groups < C_in (including grouped 1x1 layers).
    Grouped,
    /// groups = C_in.
    Depthwise,
    /// A 1x1 kernel with groups = 1 (any stride).
    Pointwise,
    /// A linear layer, modelled as a 1x1 conv with bias: on a 1x1 input for a
    /// classifier, on an H×W input for a `Linear` applied at every position.
    FullyConnected,
    /// ShuffleNet's channel shuffle: moves data, costs nothing in this model.
    ChannelShuffle { groups: usize },
    /// A max pool: compares rather than multiplies, so zero cost in this model.
    MaxPool,
    /// A split of the channels into equal parts (ShuffleNet v2's `chunk(2)`):
    /// `input` is the whole tensor, `output` one part. Zero cost.
    ChannelSplit,
    /// A concatenation along channels: `input` is the part computed last,
    /// `output` the concatenated tensor. Zero cost.
    Concat,
}

impl LayerKind {
    /// The kind of a convolution, from its groups and kernel.
    pub fn of(layer: &Conv2dLayer) -> LayerKind {
        if layer.groups == 1 {
            if layer.kernel == [1, 1] {
                LayerKind::Pointwise
            } else {
                LayerKind::Standard
            }
        } else if layer.groups == layer.in_channels {
            LayerKind::Depthwise
        } else {
            LayerKind::Grouped
        }
    }

    /// Lower-case name, as in the JSON form.
    pub fn name(self) -> &'static str {
        match self {
            LayerKind::Standard => "standard",
            LayerKind::Grouped => "grouped",
            LayerKind::Depthwise => "depthwise",
            LayerKind::Pointwise => "pointwise",
            LayerKind::FullyConnected => "fully_connected",
            LayerKind::ChannelShuffle { .. } => "channel_shuffle",
            LayerKind::MaxPool => "max_pool",
            LayerKind::ChannelSplit => "channel_split",
            LayerKind::Concat => "concat",
        }
    }

    /// True for zero-cost structural markers (shuffle, pool, split, concat).
    pub fn is_marker(self) -> bool {
        matches!(
            self,
            LayerKind::ChannelShuffle { .. }
                | LayerKind::MaxPool
                | LayerKind::ChannelSplit
                | LayerKind::Concat
        )
    }
}

impl Serialize for LayerKind {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// One layer of a preset with its shapes and cost.
#[derive(Debug, Clone, PartialEq)]
pub struct NetLayer {
    pub name: String,
    pub kind: LayerKind,
    /// The convolution. For a max pool, its window written as a depthwise-shaped
    /// spec (same kernel/stride/padding names as `nn.MaxPool2d`); `None` for a
    /// shuffle, split or concat.
    pub spec: Option<Conv2dSpec>,
    pub input: Nchw,
    pub output: Nchw,
    /// Zero for markers.
    pub cost: Cost,
}

/// A named stack of layers. Layers are listed in execution order; a layer's input
/// is not always the previous output (a residual branch reads the block input).
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// The preset's id, as given to [`by_name`].
    pub name: String,
    /// A human title, e.g. "1.0 MobileNet-224".
    pub description: String,
    pub layers: Vec<NetLayer>,
}

/// One kind's part of a network's cost.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct KindShare {
    pub kind: LayerKind,
    pub layers: usize,
    pub macs: u64,
    pub params: u64,
    /// Fraction of the network's MACs, in [0, 1].
    pub macs_share: f64,
    /// Fraction of the network's parameters, in [0, 1].
    pub params_share: f64,
}

impl Network {
    /// Sum over all layers.
    pub fn total(&self) -> Cost {
        self.layers.iter().map(|l| l.cost).sum()
    }

    /// MACs and parameters per layer kind, in order of first appearance, markers
    /// left out: the MobileNet paper's Table 2.
    pub fn share_by_kind(&self) -> Vec<KindShare> {
        let total = self.total();
        let ratio = |part: u64, whole: u64| {
            if whole == 0 {
                0.0
            } else {
                part as f64 / whole as f64
            }
        };
        let mut out: Vec<KindShare> = Vec::new();
        for l in self.layers.iter().filter(|l| !l.kind.is_marker()) {
            let i = match out.iter().position(|s| s.kind == l.kind) {
                Some(i) => i,
                None => {
                    out.push(KindShare {
                        kind: l.kind,
                        layers: 0,
                        macs: 0,
                        params: 0,
                        macs_share: 0.0,
                        params_share: 0.0,
                    });
                    out.len() - 1
                }
            };
            out[i].layers += 1;
            out[i].macs += l.cost.macs;
            out[i].params += l.cost.params;
        }
        for s in &mut out {
            s.macs_share = ratio(s.macs, total.macs);
            s.params_share = ratio(s.params, total.params);
        }
        out
    }

    /// MACs per output position (total MACs over N·H·W of the last layer's output):
    /// the "per h·w" figures of the ShuffleNet paper, for units that keep their size.
    pub fn macs_per_position(&self) -> Option<u64> {
        let out = self.layers.last()?.output;
        let positions = (out.n * out.h * out.w) as u64;
        (positions > 0).then(|| self.total().macs / positions)
    }

    /// The JSON form (see [`Serialize`] below), pretty-printed.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// `{"name", "description", "layers": [{"name", "kind", "in_channels", "out_channels",
/// "kernel": [h, w], "stride": [h, w], "padding": [h, w], "groups", "bias",
/// "input": [n, c, h, w], "output": [n, c, h, w], "macs", "flops", "params", "bytes"}],
/// "total": {"macs", "flops", "params", "bytes"}}`. Markers have `null` kernel,
/// stride or padding where they have none; a shuffle's `groups` is its group count.
impl Serialize for Network {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct LayerView<'a> {
            name: &'a str,
            kind: LayerKind,
            in_channels: usize,
            out_channels: usize,
            kernel: Option<[usize; 2]>,
            stride: Option<[usize; 2]>,
            padding: Option<[usize; 2]>,
            groups: Option<usize>,
            bias: bool,
            input: [usize; 4],
            output: [usize; 4],
            macs: u64,
            flops: u64,
            params: u64,
            bytes: u64,
        }
        #[derive(serde::Serialize)]
        struct NetView<'a> {
            name: &'a str,
            description: &'a str,
            layers: Vec<LayerView<'a>>,
            total: Cost,
        }
        let layers = self
            .layers
            .iter()
            .map(|l| {
                let conv = l.spec.as_ref().and_then(|s| s.validate().ok());
                let groups = match (l.kind, conv) {
                    (LayerKind::ChannelShuffle { groups }, _) => Some(groups),
                    (LayerKind::MaxPool, _) => None,
                    (_, c) => c.map(|c| c.groups),
                };
                LayerView {
                    name: &l.name,
                    kind: l.kind,
                    in_channels: l.input.c,
                    out_channels: l.output.c,
                    kernel: conv.map(|c| c.kernel),
                    stride: conv.map(|c| c.stride),
                    padding: conv.map(|c| [c.pads.top, c.pads.left]),
                    groups,
                    bias: conv.is_some_and(|c| c.bias) && l.kind != LayerKind::MaxPool,
                    input: l.input.to_array(),
                    output: l.output.to_array(),
                    macs: l.cost.macs,
                    flops: l.cost.flops,
                    params: l.cost.params,
                    bytes: l.cost.bytes,
                }
            })
            .collect();
        NetView {
            name: &self.name,
            description: &self.description,
            layers,
            total: self.total(),
        }
        .serialize(s)
    }
}

/// Knobs of the presets: `resolution` for every whole network
/// ([`whole_networks`]), `alpha` and `full_conv` for MobileNet v1 only.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PresetArgs {
    /// Width multiplier α: every channel count c becomes round(c·α) (MobileNet v1).
    pub alpha: f64,
    /// Input height and width (whole networks).
    pub resolution: usize,
    /// Replace each depthwise + pointwise pair by one standard 3x3 conv (MobileNet v1).
    pub full_conv: bool,
}

impl Default for PresetArgs {
    fn default() -> Self {
        PresetArgs {
            alpha: 1.0,
            resolution: 224,
            full_conv: false,
        }
    }
}

/// Whole networks first (the first [`WHOLE_NETWORKS`]), then single blocks.
const NAMES: [&str; 16] = [
    "mobilenet-v1",
    "mobilenet-v2",
    "mobilenet-v3-large",
    "mobilenet-v3-small",
    "shufflenet-v2-x1.0",
    "resnet-50",
    "resnext50-32x4d",
    "efficientnet-b0",
    "convnext-tiny",
    "regnet-x-400mf",
    "regnet-y-400mf",
    "resnext-block",
    "resnet-bottleneck",
    "shufflenet-unit",
    "alexnet-conv2",
    "xception-block",
];

/// How many of [`NAMES`] are whole networks.
const WHOLE_NETWORKS: usize = 11;

/// The ids [`by_name`] accepts: the whole networks, then the single blocks.
pub fn names() -> &'static [&'static str] {
    &NAMES
}

/// The ids of whole networks, which take `PresetArgs.resolution`; the other
/// presets are single blocks at the size their paper gives.
pub fn whole_networks() -> &'static [&'static str] {
    &NAMES[..WHOLE_NETWORKS]
}

/// Builds a preset by id. Whole networks read `args.resolution`; `mobilenet-v1`
/// also reads `alpha` and `full_conv`; single blocks read nothing.
pub fn by_name(name: &str, args: &PresetArgs) -> Result<Network> {
    let r = args.resolution;
    match name {
        "mobilenet-v1" => mobilenet_v1(args.alpha, r, args.full_conv),
        "mobilenet-v2" => mobilenet_v2(r),
        "mobilenet-v3-large" => mobilenet_v3_large(r),
        "mobilenet-v3-small" => mobilenet_v3_small(r),
        "shufflenet-v2-x1.0" => shufflenet_v2_x1_0(r),
        "resnet-50" => resnet50(r),
        "resnext50-32x4d" => resnext50_32x4d(r),
        "efficientnet-b0" => efficientnet_b0(r),
        "convnext-tiny" => convnext_tiny(r),
        "regnet-x-400mf" => regnet_x_400mf(r),
        "regnet-y-400mf" => regnet_y_400mf(r),
        "resnext-block" => resnext_block(),
        "resnet-bottleneck" => resnet_bottleneck(),
        "shufflenet-unit" => shufflenet_unit(),
        "alexnet-conv2" => alexnet_conv2(),
        "xception-block" => xception_entry_block(),
        other => Err(ConvError::InvalidSpec(format!(
            "unknown preset '{other}' (expected one of: {})",
            NAMES.join(", ")
        ))),
    }
}

/// A conv spec without bias and with symmetric padding.
pub(crate) fn conv(
    in_channels: usize,
    out_channels: usize,
    kernel: usize,
    stride: usize,
    padding: usize,
    groups: usize,
) -> Conv2dSpec {
    Conv2dSpec {
        stride: stride.into(),
        padding: Padding::Explicit([padding, padding]),
        groups,
        bias: false,
        ..Conv2dSpec::new(in_channels, out_channels, kernel)
    }
}

/// Collects layers, costing each with [`PlannedLayer::plan`].
pub(crate) struct Builder {
    net: Network,
}

impl Builder {
    pub(crate) fn new(name: &str, description: impl Into<String>) -> Self {
        Builder {
            net: Network {
                name: name.to_string(),
                description: description.into(),
                layers: Vec::new(),
            },
        }
    }

    /// Presets only compute costs (nothing is allocated), so no resource limits apply.
    fn plan(spec: &Conv2dSpec, input: Nchw) -> Result<PlannedLayer> {
        PlannedLayer::plan(spec, input, &Limits::unlimited())
    }

    /// Adds a convolution; returns its output shape.
    pub(crate) fn conv(&mut self, name: &str, spec: Conv2dSpec, input: Nchw) -> Result<Nchw> {
        let p = Self::plan(&spec, input)?;
        self.push(
            name,
            LayerKind::of(&p.layer),
            Some(spec),
            p.geometry.output,
            input,
            p.cost,
        );
        Ok(p.geometry.output)
    }

    /// Adds a fully connected layer (1x1 conv with bias on a 1x1 input).
    pub(crate) fn fc(
        &mut self,
        name: &str,
        in_features: usize,
        out_features: usize,
    ) -> Result<Nchw> {
        self.fc_per_position(name, out_features, Nchw::new(1, in_features, 1, 1))
    }

    /// Adds a `Linear(in, out_features)` applied at each of `input`'s H×W positions
    /// (ConvNeXt's, on an NHWC map), as a fully connected layer over those
    /// positions: a 1x1 conv with bias on `input`, so MACs are
    /// H·W·in·out, as PyTorch counts them. Returns its output shape.
    pub(crate) fn fc_per_position(
        &mut self,
        name: &str,
        out_features: usize,
        input: Nchw,
    ) -> Result<Nchw> {
        let spec = Conv2dSpec::new(input.c, out_features, 1);
        let p = Self::plan(&spec, input)?;
        self.push(
            name,
            LayerKind::FullyConnected,
            Some(spec),
            p.geometry.output,
            input,
            p.cost,
        );
        Ok(p.geometry.output)
    }

    /// Adds a zero-cost marker splitting `input`'s channels in two halves; returns
    /// the shape of one half.
    pub(crate) fn channel_split(&mut self, name: &str, input: Nchw) -> Nchw {
        let half = Nchw {
            c: input.c / 2,
            ..input
        };
        self.push(
            name,
            LayerKind::ChannelSplit,
            None,
            half,
            input,
            Cost::default(),
        );
        half
    }

    /// Adds a zero-cost marker concatenating `parts` along channels (`input` is
    /// the last part); returns the concatenated shape.
    pub(crate) fn concat(&mut self, name: &str, parts: &[Nchw]) -> Result<Nchw> {
        let Some(&last) = parts.last() else {
            return Err(ConvError::InvalidSpec(format!(
                "{name}: nothing to concatenate"
            )));
        };
        if let Some(p) = parts
            .iter()
            .find(|p| (p.n, p.h, p.w) != (last.n, last.h, last.w))
        {
            return Err(ConvError::InvalidSpec(format!(
                "{name}: cannot concatenate {:?} and {:?} along channels",
                p.to_array(),
                last.to_array()
            )));
        }
        let output = Nchw {
            c: parts.iter().map(|p| p.c).sum(),
            ..last
        };
        self.push(name, LayerKind::Concat, None, output, last, Cost::default());
        Ok(output)
    }

    /// Adds a zero-cost channel shuffle marker.
    pub(crate) fn shuffle(&mut self, name: &str, groups: usize, input: Nchw) -> Nchw {
        let kind = LayerKind::ChannelShuffle { groups };
        self.push(name, kind, None, input, input, Cost::default());
        input
    }

    /// Adds a zero-cost max-pool marker; returns its output shape.
    pub(crate) fn max_pool(
        &mut self,
        name: &str,
        kernel: usize,
        stride: usize,
        padding: usize,
        input: Nchw,
    ) -> Result<Nchw> {
        let window = conv(input.c, input.c, kernel, stride, padding, input.c);
        let output = Self::plan(&window, input)?.geometry.output;
        self.push(
            name,
            LayerKind::MaxPool,
            Some(window),
            output,
            input,
            Cost::default(),
        );
        Ok(output)
    }

    fn push(
        &mut self,
        name: &str,
        kind: LayerKind,
        spec: Option<Conv2dSpec>,
        output: Nchw,
        input: Nchw,
        cost: Cost,
    ) {
        self.net.layers.push(NetLayer {
            name: name.to_string(),
            kind,
            spec,
            input,
            output,
            cost,
        });
    }

    pub(crate) fn finish(self) -> Network {
        self.net
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_groups_and_kernel() {
        let k = |s: Conv2dSpec| LayerKind::of(&s.validate().unwrap());
        assert_eq!(k(conv(8, 8, 3, 1, 1, 1)), LayerKind::Standard);
        assert_eq!(k(conv(8, 16, 1, 2, 0, 1)), LayerKind::Pointwise);
        assert_eq!(k(conv(8, 8, 3, 1, 1, 8)), LayerKind::Depthwise);
        assert_eq!(k(conv(8, 16, 3, 1, 1, 8)), LayerKind::Depthwise);
        assert_eq!(k(conv(8, 8, 1, 1, 0, 2)), LayerKind::Grouped);
    }

    #[test]
    fn every_name_builds_and_unknown_is_refused() {
        for name in names() {
            let net = by_name(name, &PresetArgs::default()).unwrap();
            assert_eq!(&net.name, name);
            assert!(net.total().macs > 0);
        }
        let e = by_name("vgg", &PresetArgs::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("unknown preset 'vgg'") && e.contains("mobilenet-v1"),
            "{e}"
        );
    }

    #[test]
    fn json_has_layers_and_total() {
        let net = shufflenet_unit().unwrap();
        let v: serde_json::Value = serde_json::from_str(&net.to_json()).unwrap();
        assert_eq!(v["name"], "shufflenet-unit");
        let layers = v["layers"].as_array().unwrap();
        assert_eq!(layers[0]["kind"], "grouped");
        assert_eq!(layers[0]["kernel"], serde_json::json!([1, 1]));
        assert_eq!(layers[0]["input"], serde_json::json!([1, 240, 28, 28]));
        assert_eq!(layers[1]["kind"], "channel_shuffle");
        assert_eq!(layers[1]["groups"], 3);
        assert_eq!(layers[1]["kernel"], serde_json::Value::Null);
        assert_eq!(layers[1]["macs"], 0);
        assert_eq!(v["total"]["macs"], net.total().macs);
        assert_eq!(v["total"]["params"], net.total().params);
    }

    #[test]
    fn split_and_concat_are_markers_in_json() {
        let mut b = Builder::new("t", "split, a conv, concat");
        let x = Nchw::new(1, 8, 4, 4);
        let half = b.channel_split("split", x);
        let y = b.conv("conv", conv(4, 4, 1, 1, 0, 1), half).unwrap();
        let out = b.concat("concat", &[half, y]).unwrap();
        assert_eq!(out, x);
        let e = b.concat("bad", &[half, Nchw::new(1, 4, 2, 2)]).unwrap_err();
        assert!(e.to_string().contains("cannot concatenate"), "{e}");
        let net = b.finish();
        for kind in [LayerKind::ChannelSplit, LayerKind::Concat] {
            assert!(kind.is_marker());
        }
        let v: serde_json::Value = serde_json::from_str(&net.to_json()).unwrap();
        let layers = v["layers"].as_array().unwrap();
        assert_eq!(layers[0]["kind"], "channel_split");
        assert_eq!(layers[0]["input"], serde_json::json!([1, 8, 4, 4]));
        assert_eq!(layers[0]["output"], serde_json::json!([1, 4, 4, 4]));
        assert_eq!(layers[2]["kind"], "concat");
        assert_eq!(layers[2]["output"], serde_json::json!([1, 8, 4, 4]));
        for i in [0, 2] {
            assert_eq!(layers[i]["macs"], 0);
            assert_eq!(layers[i]["groups"], serde_json::Value::Null);
            assert_eq!(layers[i]["kernel"], serde_json::Value::Null);
        }
        assert_eq!(net.share_by_kind().len(), 1);
    }

    #[test]
    fn fc_per_position_is_a_1x1_conv_with_bias_on_the_map() {
        let mut b = Builder::new("t", "a Linear on a 3x5 NHWC map");
        let out = b.fc_per_position("fc", 6, Nchw::new(1, 4, 3, 5)).unwrap();
        assert_eq!(out, Nchw::new(1, 6, 3, 5));
        let l = &b.finish().layers[0];
        assert_eq!(l.kind, LayerKind::FullyConnected);
        assert_eq!(l.cost.macs, 3 * 5 * 4 * 6);
        assert_eq!(l.cost.params, 4 * 6 + 6);
        assert!(l.spec.as_ref().unwrap().bias);
    }
}
