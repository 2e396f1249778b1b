//! The charts' settings and their URL keys: the page's state of the plots
//! (the plots module draws them, `crate::plots`). Pure: parsed from and written
//! to query pairs, so a shared link shows the same charts, and tested natively.

use conv_core::presets::{by_name, names, Network, PresetArgs};
use conv_core::{Comparison, Limits};

use groupwise_core::compute::Setting;

/// Which cost the charts count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    /// Multiply-accumulates, one per weight use (the papers' "mult-adds").
    #[default]
    Macs,
    /// 2·MACs, plus one add per output when bias is on.
    Flops,
}

impl Unit {
    pub const ALL: [Unit; 2] = [Unit::Macs, Unit::Flops];

    pub fn name(self) -> &'static str {
        match self {
            Unit::Macs => "macs",
            Unit::Flops => "flops",
        }
    }

    /// Short label for axes and legends.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Macs => "MACs",
            Unit::Flops => "FLOPs",
        }
    }

    /// This unit's figure of a cost.
    pub fn of(self, cost: &conv_core::Cost) -> u64 {
        match self {
            Unit::Macs => cost.macs,
            Unit::Flops => cost.flops,
        }
    }
}

/// Linear or logarithmic value axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    #[default]
    Linear,
    Log,
}

impl Scale {
    pub const ALL: [Scale; 2] = [Scale::Linear, Scale::Log];

    pub fn name(self) -> &'static str {
        match self {
            Scale::Linear => "linear",
            Scale::Log => "log",
        }
    }
}

/// What the sweep chart varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SweepAxis {
    #[default]
    Groups,
    KernelSize,
    OutChannels,
}

impl SweepAxis {
    pub const ALL: [SweepAxis; 3] = [
        SweepAxis::Groups,
        SweepAxis::KernelSize,
        SweepAxis::OutChannels,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SweepAxis::Groups => "groups",
            SweepAxis::KernelSize => "kernel_size",
            SweepAxis::OutChannels => "out_channels",
        }
    }

    pub fn from_name(s: &str) -> Option<SweepAxis> {
        SweepAxis::ALL.into_iter().find(|a| a.name() == s)
    }
}

/// Everything the charts can be told, beyond the layer itself.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotSettings {
    pub unit: Unit,
    pub scale: Scale,
    /// Bias for the charts: `None` follows the layer's own bias checkbox.
    pub chart_bias: Option<bool>,
    pub sweep: SweepAxis,
    /// A name from [`conv_core::presets::names`].
    pub preset: String,
    /// MobileNet width multiplier.
    pub alpha: f64,
    /// MobileNet input size.
    pub resolution: usize,
    /// Chart MobileNet's full-convolution twin instead of MobileNet itself.
    pub full_conv: bool,
    /// The whole networks compared side by side (names from
    /// [`conv_core::presets::whole_networks`]), beside the learner's own model.
    pub compare: Vec<String>,
}

impl Default for PlotSettings {
    fn default() -> Self {
        let args = PresetArgs::default();
        PlotSettings {
            unit: Unit::Macs,
            scale: Scale::Linear,
            chart_bias: None,
            sweep: SweepAxis::Groups,
            preset: "mobilenet-v1".into(),
            alpha: args.alpha,
            resolution: args.resolution,
            full_conv: false,
            compare: DEFAULT_COMPARE.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// Compared by default: MobileNetV2, ShuffleNetV2 and ResNet-50 (the issue's
/// "where does the cost go" trio).
pub const DEFAULT_COMPARE: [&str; 3] = ["mobilenet-v2", "shufflenet-v2-x1.0", "resnet-50"];

/// The URL query keys of the charts' settings (`state::url::keys` reads them from here).
pub const KEYS: [&str; 9] = [
    "unit",
    "scale",
    "chart_bias",
    "sweep",
    "preset",
    "alpha",
    "resolution",
    "full_conv",
    "compare",
];

/// One change to the charts' settings: a menu or field of the plots section,
/// or a key of a link (`Action::Plot`).
#[derive(Debug, Clone, PartialEq)]
pub enum PlotAction {
    Unit(Unit),
    Scale(Scale),
    /// `None`: follow the layer's own bias.
    ChartBias(Option<bool>),
    Sweep(SweepAxis),
    /// A name from [`conv_core::presets::names`].
    Preset(String),
    Alpha(f64),
    Resolution(usize),
    FullConv(bool),
    /// The whole networks compared side by side.
    Compare(Vec<String>),
}

impl PlotAction {
    /// The one of [`KEYS`] this action sets.
    pub fn key(&self) -> &'static str {
        match self {
            PlotAction::Unit(_) => "unit",
            PlotAction::Scale(_) => "scale",
            PlotAction::ChartBias(_) => "chart_bias",
            PlotAction::Sweep(_) => "sweep",
            PlotAction::Preset(_) => "preset",
            PlotAction::Alpha(_) => "alpha",
            PlotAction::Resolution(_) => "resolution",
            PlotAction::FullConv(_) => "full_conv",
            PlotAction::Compare(_) => "compare",
        }
    }

    /// The action a link's `key=value` asks for (`key` one of [`KEYS`]);
    /// `None` when the value does not read.
    pub fn parse(key: &str, value: &str) -> Option<PlotAction> {
        let v = value.trim();
        Some(match key {
            "unit" => PlotAction::Unit(Unit::ALL.into_iter().find(|u| u.name() == v)?),
            "scale" => PlotAction::Scale(Scale::ALL.into_iter().find(|x| x.name() == v)?),
            "chart_bias" => PlotAction::ChartBias(
                [None, Some(true), Some(false)]
                    .into_iter()
                    .find(|b| bias_name(*b) == v)?,
            ),
            "sweep" => PlotAction::Sweep(SweepAxis::from_name(v)?),
            "preset" if names().contains(&v) => PlotAction::Preset(v.to_string()),
            "alpha" => PlotAction::Alpha(parse_alpha(v).ok()?),
            "resolution" => PlotAction::Resolution(parse_resolution(v).ok()?),
            "full_conv" => PlotAction::FullConv(match v {
                "1" | "true" => true,
                "0" | "false" => false,
                _ => return None,
            }),
            "compare" => PlotAction::Compare(parse_compare(v)?),
            _ => return None,
        })
    }
}

/// `mobilenet-v2,resnet-50`: whole networks, each once; `None` when a name is not one.
fn parse_compare(v: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for name in v.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if !conv_core::presets::whole_networks().contains(&name) {
            return None;
        }
        if !out.iter().any(|o| o == name) {
            out.push(name.to_string());
        }
    }
    Some(out)
}

impl PlotSettings {
    /// These settings with `action` applied.
    pub fn apply(&mut self, action: PlotAction) {
        match action {
            PlotAction::Unit(u) => self.unit = u,
            PlotAction::Scale(x) => self.scale = x,
            PlotAction::ChartBias(b) => self.chart_bias = b,
            PlotAction::Sweep(a) => self.sweep = a,
            PlotAction::Preset(p) => self.preset = p,
            PlotAction::Alpha(a) => self.alpha = a,
            PlotAction::Resolution(r) => self.resolution = r,
            PlotAction::FullConv(on) => self.full_conv = on,
            PlotAction::Compare(c) => self.compare = c,
        }
    }

    /// The value of one of [`KEYS`], as a link writes it.
    pub fn value(&self, key: &str) -> String {
        match key {
            "unit" => self.unit.name().into(),
            "scale" => self.scale.name().into(),
            "chart_bias" => bias_name(self.chart_bias).into(),
            "sweep" => self.sweep.name().into(),
            "preset" => self.preset.clone(),
            "alpha" => format_alpha(self.alpha),
            "resolution" => self.resolution.to_string(),
            "full_conv" => if self.full_conv { "1" } else { "0" }.into(),
            "compare" => self.compare.join(","),
            _ => String::new(),
        }
    }

    /// What a link writes for `key`: its value when it is not the default
    /// (links stay short), else nothing.
    pub fn written(&self, key: &str) -> Option<String> {
        let v = self.value(key);
        (v != PlotSettings::default().value(key)).then_some(v)
    }

    /// The bias the charts use for a layer whose own checkbox says `layer_bias`.
    pub fn bias_for(&self, layer_bias: bool) -> bool {
        self.chart_bias.unwrap_or(layer_bias)
    }

    /// The comparison the charts draw: `comparison` itself, or the same setting
    /// rebuilt with the chart's bias when that differs from the form's.
    pub fn comparison(&self, setting: &Setting, comparison: &Comparison) -> Comparison {
        let bias = self.bias_for(setting.base.bias);
        if bias == setting.base.bias {
            return comparison.clone();
        }
        let base = conv_core::Conv2dSpec {
            bias,
            ..setting.base.clone()
        };
        // Bias changes neither shapes nor limits, so this cannot fail where the
        // original built; fall back to the original just in case.
        Comparison::build(&base, setting.input, setting.multiplier, &Limits::default())
            .unwrap_or_else(|_| comparison.clone())
    }

    /// The preset to chart and, for MobileNet, its other twin (full-conv when
    /// charting MobileNet, MobileNet when charting the full-conv version), so both
    /// totals can be shown.
    pub fn networks(&self) -> Result<(Network, Option<Network>), PresetError> {
        let args = PresetArgs {
            alpha: self.alpha,
            resolution: self.resolution,
            full_conv: self.full_conv,
        };
        let built = |args: &PresetArgs| by_name(&self.preset, args).map_err(PresetError::Network);
        let net = built(&args)?;
        let twin = if self.preset == "mobilenet-v1" {
            Some(built(&PresetArgs {
                full_conv: !self.full_conv,
                ..args
            })?)
        } else {
            None
        };
        Ok((net, twin))
    }
}

/// The `chart_bias=` value of a choice (`None`: the layer's own bias).
pub fn bias_name(b: Option<bool>) -> &'static str {
    match b {
        None => "layer",
        Some(true) => "on",
        Some(false) => "off",
    }
}

/// Why a preset's settings do not build a network.
#[derive(Debug, Clone, PartialEq)]
pub enum PresetError {
    /// The alpha field does not read as a number > 0 (the text as typed).
    Alpha(String),
    /// The resolution field does not read as an integer ≥ 32.
    Resolution(String),
    /// conv-core refused the network (alpha or resolution at an extreme).
    Network(conv_core::ConvError),
}

/// Parses a width multiplier as typed: a finite number > 0.
pub fn parse_alpha(text: &str) -> Result<f64, PresetError> {
    match text.trim().parse::<f64>() {
        Ok(a) if a.is_finite() && a > 0.0 => Ok(a),
        _ => Err(PresetError::Alpha(text.trim().to_string())),
    }
}

/// Parses a MobileNet input size as typed (conv-core checks its range).
pub fn parse_resolution(text: &str) -> Result<usize, PresetError> {
    match text.trim().parse::<usize>() {
        Ok(r) if r >= 32 => Ok(r),
        _ => Err(PresetError::Resolution(text.trim().to_string())),
    }
}

/// `1.0` → `"1"`, `0.75` → `"0.75"`: the shortest text that reads back the same.
pub fn format_alpha(a: f64) -> String {
    format!("{a}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies a link's pairs as `state::url` does: the actions of those that read.
    fn from_pairs(q: &[(&str, &str)]) -> (PlotSettings, usize) {
        let mut s = PlotSettings::default();
        let mut refused = 0;
        for (k, v) in q {
            match PlotAction::parse(k, v) {
                Some(a) => s.apply(a),
                None => refused += 1,
            }
        }
        (s, refused)
    }

    #[test]
    fn defaults_write_nothing() {
        let d = PlotSettings::default();
        assert!(KEYS.iter().all(|k| d.written(k).is_none()));
        assert_eq!(d.value("chart_bias"), "layer");
    }

    #[test]
    fn round_trip_of_every_key() {
        let s = PlotSettings {
            unit: Unit::Flops,
            scale: Scale::Log,
            chart_bias: Some(false),
            sweep: SweepAxis::OutChannels,
            preset: "mobilenet-v1".into(),
            alpha: 0.75,
            resolution: 160,
            full_conv: true,
            compare: vec!["resnet-50".into(), "convnext-tiny".into()],
        };
        let q: Vec<(&str, String)> = KEYS
            .iter()
            .filter_map(|k| Some((*k, s.written(k)?)))
            .collect();
        let expected = [
            ("unit", "flops"),
            ("scale", "log"),
            ("chart_bias", "off"),
            ("sweep", "out_channels"),
            ("alpha", "0.75"),
            ("resolution", "160"),
            ("full_conv", "1"),
            ("compare", "resnet-50,convnext-tiny"),
        ];
        assert_eq!(q, expected.map(|(k, v)| (k, v.to_string())));
        assert_eq!(from_pairs(&expected), (s, 0));
    }

    #[test]
    fn the_issue_example() {
        let (s, refused) = from_pairs(&[
            ("preset", "mobilenet-v1"),
            ("alpha", "0.75"),
            ("resolution", "160"),
        ]);
        assert_eq!(refused, 0);
        assert_eq!((s.alpha, s.resolution), (0.75, 160));
        let (net, twin) = s.networks().unwrap();
        assert_eq!(net.description, "0.75 MobileNet-160");
        assert!(twin.unwrap().description.starts_with("Conv MobileNet-160"));
    }

    /// A comparison lists whole networks, each once; a block or a typo does not read.
    #[test]
    fn compare_reads_whole_networks_only() {
        let (s, refused) = from_pairs(&[("compare", "resnet-50, resnet-50,mobilenet-v2")]);
        assert_eq!(
            (s.compare.as_slice(), refused),
            (&["resnet-50".to_string(), "mobilenet-v2".into()][..], 0)
        );
        assert_eq!(from_pairs(&[("compare", "resnext-block")]).1, 1);
        assert_eq!(from_pairs(&[("compare", "vgg")]).1, 1);
        assert!(from_pairs(&[("compare", "")]).0.compare.is_empty());
    }

    #[test]
    fn bad_values_do_not_read() {
        let (s, refused) = from_pairs(&[
            ("unit", "watts"),
            ("preset", "vgg"),
            ("alpha", "-1"),
            ("resolution", "8"),
            ("full_conv", "yes"),
        ]);
        assert_eq!((s, refused), (PlotSettings::default(), 5));
        assert_eq!(parse_alpha(" x "), Err(PresetError::Alpha("x".into())));
    }

    #[test]
    fn chart_bias_rebuilds_the_comparison() {
        let fields = crate::state::Fields::default();
        let c = crate::state::compute(&fields).unwrap();
        assert!(c.setting.base.bias);
        let s = PlotSettings {
            chart_bias: Some(false),
            ..PlotSettings::default()
        };
        let all = c.comparison.as_ref().unwrap();
        let off = s.comparison(&c.setting, all);
        assert_eq!(off.standard.cost().macs, all.standard.cost().macs);
        assert_eq!(off.standard.cost().flops, 2 * off.standard.cost().macs);
        assert_eq!(off.standard.cost().params, 16 * 8 * 9);
        let follow = PlotSettings::default().comparison(&c.setting, all);
        assert_eq!(&follow, all);
    }
}
