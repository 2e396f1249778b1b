//! The plots' words, one module per language beside the page's (`crate::text`):
//! the cost plots section, its four charts (drawn on canvas and also given as
//! tables), the formula panel and the network presets. The plots are a wasm
//! module of their own, which links these and the page's shell and error words
//! ([`PlotsText`]) but not the rest. Ratios arrive as fractions (0.174) and
//! counts as integers; each language formats them with `crate::format`, the
//! same in both.

mod en;
mod networks;
mod networks_en;
mod networks_zh;
mod zh;

pub use networks::{NetworksText, SortColumn};

use conv_core::presets::LayerKind;
use conv_core::ConvKind;

use crate::plots::model::cost::Part;
use crate::plots::model::network::NetName;
use crate::plots::model::timing::{TimingStatus, TooBig};
use crate::state::lang::Lang;
use crate::state::plot_settings::{PresetError, Scale, SweepAxis, Unit};
use crate::text::errors::ErrorText;
use crate::text::shell::ShellText;

/// The charts, for headings, text alternatives and download buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    Costs,
    Sweep,
    Measured,
    Network,
    /// Whole networks side by side, by kind.
    Compare,
}

/// A table column (the unit columns use [`Unit::label`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Kind,
    Params,
    ShareOfStandard,
    Ratio,
    ClosedForm,
    Flops,
    BytesMoved,
    FlopPerByte,
    MedianTime,
    Gflops,
    Index,
    Layer,
    Shapes,
    Share,
    /// The column of load buttons.
    Load,
}

/// A download of a chart: its picture or its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    Png,
    Csv,
}

pub trait ChartText {
    // The section and its toolbar.
    fn plots_heading(&self) -> &'static str;
    fn chart_heading(&self, chart: Chart) -> &'static str;
    /// While some kind is invalid, in place of the side-by-side charts.
    fn plots_partial(&self, invalid: &[ConvKind]) -> String;
    fn unit_select(&self) -> &'static str;
    /// An option of the unit menu.
    fn unit_option(&self, unit: Unit) -> &'static str;
    fn scale_select(&self) -> &'static str;
    fn scale_option(&self, scale: Scale) -> &'static str;
    fn bias_select(&self) -> &'static str;
    /// `None`: the layer's own bias.
    fn bias_option(&self, bias: Option<bool>) -> &'static str;
    /// What the unit counts.
    fn unit_convention(&self, unit: Unit) -> &'static str;
    /// A download button's text ("PNG") and its accessible name.
    fn download(&self, what: Download) -> &'static str;
    fn download_label(&self, chart: Chart, what: Download) -> String;
    /// The summary of a chart's numbers shown as a table.
    fn chart_table(&self, chart: Chart) -> &'static str;
    fn column(&self, column: Column) -> &'static str;
    /// A value not measured yet.
    fn not_timed(&self) -> &'static str;

    // How much cheaper (the side-by-side bars).
    fn cost_headline(&self, compute: f64, unit: Unit, params: f64) -> String;
    fn cost_alt(&self, unit: Unit, headline: &str) -> String;
    /// Under the headline: the unit, the bias, where the exact values are.
    fn cost_note(&self, unit: Unit, bias: bool) -> String;
    fn cost_legend_separable(&self) -> &'static str;
    fn cost_legend_note(&self, unit: Unit, bias: bool) -> String;
    fn cost_compute_caption(&self, unit: Unit, bias: bool) -> String;
    fn cost_params_caption(&self, bias: bool) -> &'static str;
    fn params_axis(&self) -> &'static str;
    /// The label inside a stacked part ("dw", "pw").
    fn part_short(&self, part: Part) -> &'static str;
    /// A kind's name under a narrow bar (a phone).
    fn kind_short(&self, kind: ConvKind) -> &'static str;
    /// Above a bar: its share of standard.
    fn share_of_standard(&self, ratio: f64) -> String;

    // The formula panel.
    fn formulas_summary(&self) -> &'static str;
    /// A separable line's prefix ("depthwise part: ").
    fn formula_part(&self, part: Part) -> &'static str;
    /// The word for parameters inside a formula.
    fn params_symbol(&self) -> &'static str;
    fn formula_total(&self, dw_macs: u64, pw_macs: u64, macs: u64, params: u64) -> String;
    fn formula_share(&self, ratio: f64, unit: Unit) -> String;
    fn closed_form_note(&self, n: usize, k2: usize, ratio: f64) -> String;

    // Sweeps.
    fn sweep_select(&self) -> &'static str;
    /// What the sweep along `axis` shows, one sentence without its full stop.
    fn sweep_what(&self, axis: SweepAxis) -> &'static str;
    fn sweep_assumptions(&self, unit: Unit, bias: bool, multiplier: usize) -> String;
    fn sweep_alt(&self, axis: SweepAxis) -> String;
    fn sweep_points(&self, n: usize) -> String;
    fn sweep_value_column(&self, kind: ConvKind, unit: Unit) -> String;
    fn sweep_standard_column(&self, unit: Unit) -> String;
    fn sweep_legend_computed(&self, kind: ConvKind) -> String;
    fn sweep_legend_closed(&self, axis: SweepAxis, n: usize, k2: usize) -> String;
    fn sweep_legend_assumes(&self) -> &'static str;
    fn sweep_x_axis(&self, axis: SweepAxis) -> &'static str;
    /// The y axis: a unit ÷ standard's.
    fn ratio_axis(&self, unit: Option<Unit>) -> String;
    fn sweep_separable_here(&self, ratio: f64) -> String;
    fn sweep_current(&self, ratio: f64) -> String;

    // Measured against theory.
    fn measure_run(&self, running: bool) -> &'static str;
    fn measure_status(&self, status: &TimingStatus) -> String;
    fn measure_too_big(&self, t: &TooBig) -> String;
    /// The arithmetic intensity of standard, depthwise and separable, and what it means.
    fn measure_caption(&self, standard: f64, depthwise: f64, separable: f64) -> String;
    fn measure_alt(&self, caption: &str) -> String;
    fn measure_legend_flops(&self) -> &'static str;
    fn measure_legend_time(&self) -> &'static str;
    fn measure_share_caption(&self) -> &'static str;
    fn measure_gflops_caption(&self, timed: bool) -> &'static str;
    fn flop_per_byte(&self, intensity: f64) -> String;
    fn milliseconds(&self, ms: f64) -> String;

    // Networks.
    fn preset_select(&self) -> &'static str;
    fn alpha_field(&self) -> &'static str;
    fn resolution_field(&self) -> &'static str;
    fn full_conv_switch(&self) -> &'static str;
    fn preset_error(&self, e: &PresetError) -> String;
    fn layer_kind(&self, kind: LayerKind) -> &'static str;
    /// A network's name.
    fn network_name(&self, name: &NetName) -> String;
    /// A network's total: its name, MACs and parameters (short), then exactly.
    fn network_total(&self, name: &str, macs: &str, params: &str) -> String;
    fn network_total_exact(&self, macs: u64, params: u64) -> String;
    /// MobileNet's story: the pointwise share, the two versions, the paper's count.
    fn story_share(&self, pointwise: f64) -> String;
    fn story_versions(&self, a: (&str, &str, &str), b: (&str, &str, &str)) -> String;
    fn story_paper(&self, conv_only_millions: &str) -> String;
    fn network_alt(&self, unit: Unit, name: &str, total: &str) -> String;
    fn network_layers(&self, n: usize) -> String;
    fn network_legend_note(&self, unit: Unit) -> String;
    fn network_per_layer_caption(&self) -> &'static str;
    fn network_total_caption(&self) -> &'static str;
    /// The total bars' labels: this network, or MobileNet's full-conv twin.
    fn network_total_bar(&self, full_conv: bool) -> &'static str;
    fn load_button(&self) -> &'static str;
    fn load_layer_label(&self, number: usize, name: &str) -> String;
    /// The keyboard list of the chart's bars.
    fn bars_label(&self) -> &'static str;
    fn bar_button(&self, number: usize, name: &str, kind: LayerKind, value: &str) -> String;
}

/// Every message of the cost plots (their own module, `src/bin/plots.rs`): a
/// trait object of its own, so that neither module links the other's words.
pub trait PlotsText: ShellText + ChartText + NetworksText + ErrorText {}

impl<T: ShellText + ChartText + NetworksText + ErrorText> PlotsText for T {}

/// The cost plots' messages in `lang`.
pub fn plots_text(lang: Lang) -> &'static dyn PlotsText {
    match lang {
        Lang::En => &crate::text::en::En,
        Lang::Zh => &crate::text::zh::Zh,
    }
}

#[cfg(test)]
mod tests {
    use super::plots_text as text;
    use super::*;
    use crate::text::tests::has_cjk;

    /// The charts' words are Chinese in Chinese and English in English; their
    /// numbers read the same in both.
    #[test]
    fn chart_words_in_each_language() {
        let (en, zh) = (text(Lang::En), text(Lang::Zh));
        for chart in [Chart::Costs, Chart::Sweep, Chart::Measured, Chart::Network] {
            assert!(has_cjk(zh.chart_heading(chart)) && !has_cjk(en.chart_heading(chart)));
            assert!(has_cjk(&zh.download_label(chart, Download::Png)));
        }
        for axis in SweepAxis::ALL {
            assert!(has_cjk(zh.sweep_x_axis(axis)) && has_cjk(&zh.sweep_alt(axis)));
            assert!(!has_cjk(&en.sweep_alt(axis)));
        }
        let headline = zh.cost_headline(0.174, Unit::Macs, 0.151);
        assert!(
            headline.contains("17.4%") && headline.contains("15.1%"),
            "{headline}"
        );
        assert!(en
            .cost_headline(0.174, Unit::Macs, 0.151)
            .contains("17.4% of standard's MACs"));
        assert_eq!(zh.share_of_standard(0.174).matches("17.4%").count(), 1);
        let e = PresetError::Alpha("-1".into());
        assert!(zh.preset_error(&e).contains("alpha") && has_cjk(&zh.preset_error(&e)));
        assert_eq!(zh.layer_kind(LayerKind::Depthwise), "深度卷积");
        // Where the kernels are timed, and that the timing could not run.
        for s in [TimingStatus::Done { runs: 5 }, TimingStatus::WorkerStopped] {
            assert!(has_cjk(&zh.measure_status(&s)) && !has_cjk(&en.measure_status(&s)));
            assert!(en.measure_status(&s).contains("worker"));
        }
        let twin = NetName::FullConvMobileNet {
            alpha: 1.0,
            resolution: 224,
        };
        assert!(has_cjk(&zh.network_name(&twin)) && zh.network_name(&twin).contains("alpha=1.0"));
        assert_eq!(
            en.network_name(&twin),
            conv_core::presets::mobilenet_v1(1.0, 224, true)
                .unwrap()
                .description
        );
        assert_eq!(
            zh.plots_partial(&[ConvKind::Grouped]),
            "这些图表比较全部四种卷积；在当前设置下，组卷积无效（原因见计算量表）。"
        );
    }

    /// Chinese sentences use full-width punctuation, code and numbers half-width.
    #[test]
    fn chinese_punctuation_is_full_width() {
        let zh = text(Lang::Zh);
        let samples = [
            zh.cost_note(Unit::Macs, true),
            zh.measure_caption(1.0, 2.0, 3.0),
            zh.story_versions(("a", "1M", "2M"), ("b", "3M", "4M")),
            zh.sweep_assumptions(Unit::Macs, false, 1),
            zh.measure_status(&TimingStatus::Done { runs: 5 }),
            zh.measure_status(&TimingStatus::WorkerStopped),
        ];
        for s in samples {
            assert!(
                !s.contains(", ") && !s.contains(';') && !s.contains("):"),
                "{s}"
            );
        }
    }
}
