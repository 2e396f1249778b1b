use conv_core::presets::LayerKind;
use conv_core::ConvKind;

use super::ChartText;
use crate::format::thousands;
use crate::plots::model::cost::Part;
use crate::plots::model::network::NetName;
use crate::plots::model::timing::{TimingStatus, TooBig};
use crate::plots::text::{Chart, Column, Download};
use crate::state::plot_settings::{PresetError, Scale, SweepAxis, Unit};
use crate::text::en::En;
use crate::text::errors::ErrorText;
use crate::text::shell::ShellText;

fn pct(r: f64) -> String {
    format!("{:.1}%", r * 100.0)
}

impl ChartText for En {
    fn plots_heading(&self) -> &'static str {
        "Cost plots"
    }
    fn chart_heading(&self, chart: Chart) -> &'static str {
        match chart {
            Chart::Costs => "How much cheaper, at this setting",
            Chart::Sweep => "Sweeps",
            Chart::Measured => "Measured against theory",
            Chart::Network => "Networks",
            Chart::Compare => "Whole networks by kind",
        }
    }
    fn plots_partial(&self, invalid: &[ConvKind]) -> String {
        let names: Vec<&str> = invalid.iter().map(|k| self.kind_name(*k)).collect();
        let verb = if names.len() == 1 { "is" } else { "are" };
        format!(
            "These charts compare all four kinds; at this setting {} {verb} not valid (the cost table says why).",
            names.join(" and ")
        )
    }
    fn unit_select(&self) -> &'static str {
        "count"
    }
    fn unit_option(&self, unit: Unit) -> &'static str {
        unit.label()
    }
    fn scale_select(&self) -> &'static str {
        "axis"
    }
    fn scale_option(&self, scale: Scale) -> &'static str {
        match scale {
            Scale::Linear => "linear",
            Scale::Log => "log",
        }
    }
    fn bias_select(&self) -> &'static str {
        "bias"
    }
    fn bias_option(&self, bias: Option<bool>) -> &'static str {
        match bias {
            None => "as the layer",
            Some(true) => "on",
            Some(false) => "off",
        }
    }
    fn unit_convention(&self, unit: Unit) -> &'static str {
        match unit {
            Unit::Macs => "MACs = multiply-adds (one per weight use)",
            Unit::Flops => "FLOPs = 2·MACs + one add per output when bias is on",
        }
    }
    fn download(&self, what: Download) -> &'static str {
        match what {
            Download::Png => "PNG",
            Download::Csv => "CSV",
        }
    }
    fn download_label(&self, chart: Chart, what: Download) -> String {
        let name = match chart {
            Chart::Costs => "the cost chart",
            Chart::Sweep => "the sweep chart",
            Chart::Measured => "the measured chart",
            Chart::Network => "the network chart",
            Chart::Compare => "the comparison chart",
        };
        match what {
            Download::Png => format!("Download {name} as PNG"),
            Download::Csv => format!("Download the numbers of {name} as CSV"),
        }
    }
    fn chart_table(&self, chart: Chart) -> &'static str {
        match chart {
            Chart::Costs => "The bars' numbers",
            Chart::Sweep => "The points",
            Chart::Measured => "The numbers",
            Chart::Network => "The layers",
            Chart::Compare => "The comparison",
        }
    }
    fn column(&self, column: Column) -> &'static str {
        match column {
            Column::Kind => "kind",
            Column::Params => "params",
            Column::ShareOfStandard => "of standard",
            Column::Ratio => "ratio",
            Column::ClosedForm => "closed form",
            Column::Flops => "FLOPs",
            Column::BytesMoved => "bytes moved",
            Column::FlopPerByte => "FLOP/byte",
            Column::MedianTime => "median time",
            Column::Gflops => "GFLOP/s",
            Column::Index => "#",
            Column::Layer => "layer",
            Column::Shapes => "input → output",
            Column::Share => "share",
            Column::Load => "load",
        }
    }
    fn not_timed(&self) -> &'static str {
        "–"
    }

    fn cost_headline(&self, compute: f64, unit: Unit, params: f64) -> String {
        let times = if compute > 0.0 { 1.0 / compute } else { 0.0 };
        format!(
            "Depthwise separable here: {} of standard's {} ({times:.1}× cheaper) and {} of its parameters.",
            pct(compute),
            unit.label(),
            pct(params)
        )
    }
    fn cost_alt(&self, unit: Unit, headline: &str) -> String {
        format!(
            "Bar charts of {} and parameters per kind. {headline}",
            unit.label()
        )
    }
    fn cost_note(&self, unit: Unit, bias: bool) -> String {
        let bias = if bias {
            "Bias on: params include one bias per output channel."
        } else {
            "Bias off."
        };
        format!(
            "{}. {bias} Exact values on the bars.",
            self.unit_convention(unit)
        )
    }
    fn cost_legend_separable(&self) -> &'static str {
        "separable = depthwise + pointwise part"
    }
    fn cost_legend_note(&self, unit: Unit, bias: bool) -> String {
        let bias = if bias { "bias on" } else { "bias off" };
        format!("· {}, {bias}", unit.label())
    }
    fn cost_compute_caption(&self, unit: Unit, bias: bool) -> String {
        match unit {
            Unit::Macs => "MACs (multiply-adds)".into(),
            Unit::Flops => format!("FLOPs (2·MACs{})", if bias { " + bias adds" } else { "" }),
        }
    }
    fn cost_params_caption(&self, bias: bool) -> &'static str {
        if bias {
            "Parameters (weights + bias)"
        } else {
            "Parameters (weights, no bias)"
        }
    }
    fn params_axis(&self) -> &'static str {
        "parameters"
    }
    fn part_short(&self, part: Part) -> &'static str {
        match part {
            Part::Whole => "",
            Part::Depthwise => "dw",
            Part::Pointwise => "pw",
        }
    }
    fn kind_short(&self, kind: ConvKind) -> &'static str {
        match kind {
            ConvKind::Standard => "std",
            ConvKind::Grouped => "grouped",
            ConvKind::Depthwise => "dw",
            ConvKind::Separable => "separable",
        }
    }
    fn share_of_standard(&self, ratio: f64) -> String {
        format!("{} of std", pct(ratio))
    }

    fn formulas_summary(&self) -> &'static str {
        "Formulas with your numbers"
    }
    fn formula_part(&self, part: Part) -> &'static str {
        match part {
            Part::Whole => "",
            Part::Depthwise => "depthwise part: ",
            Part::Pointwise => "pointwise part: ",
        }
    }
    fn params_symbol(&self) -> &'static str {
        "params"
    }
    fn formula_total(&self, dw_macs: u64, pw_macs: u64, macs: u64, params: u64) -> String {
        format!(
            "total: MACs = {} + {} = {}, params = {}",
            thousands(dw_macs),
            thousands(pw_macs),
            thousands(macs),
            thousands(params)
        )
    }
    fn formula_share(&self, ratio: f64, unit: Unit) -> String {
        format!(" {} of standard's {}", pct(ratio), unit.label())
    }
    fn closed_form_note(&self, n: usize, k2: usize, ratio: f64) -> String {
        format!(
            "Closed form for separable ÷ standard (multiplier 1, no bias, MACs): 1/N + 1/(kH·kW) = 1/{n} + 1/{k2} = {}",
            pct(ratio)
        )
    }

    fn sweep_select(&self) -> &'static str {
        "Sweep"
    }
    fn sweep_what(&self, axis: SweepAxis) -> &'static str {
        match axis {
            SweepAxis::Groups => "grouped convolution's cost ÷ standard as groups runs over every divisor of both channel counts (1 = standard, C_in = depthwise); the closed form is 1/g",
            SweepAxis::KernelSize => "depthwise separable ÷ standard as the kernel grows; the closed form 1/N + 1/k² falls towards 1/N",
            SweepAxis::OutChannels => "depthwise separable ÷ standard as out_channels grows; the closed form 1/N + 1/k² falls towards 1/k²",
        }
    }
    fn sweep_assumptions(&self, unit: Unit, bias: bool, multiplier: usize) -> String {
        format!(
            "Points are computed by conv-core at this setting ({}, bias {}, multiplier {multiplier}); the closed form assumes multiplier 1, no bias, MACs.",
            unit.label(),
            if bias { "on" } else { "off" },
        )
    }
    fn sweep_alt(&self, axis: SweepAxis) -> String {
        format!("Sweep chart: {}.", self.sweep_what(axis))
    }
    fn sweep_points(&self, n: usize) -> String {
        format!("The {n} points")
    }
    fn sweep_value_column(&self, kind: ConvKind, unit: Unit) -> String {
        format!("{} {}", self.kind_name(kind), unit.label())
    }
    fn sweep_standard_column(&self, unit: Unit) -> String {
        format!("standard {}", unit.label())
    }
    fn sweep_legend_computed(&self, kind: ConvKind) -> String {
        format!("{} ÷ standard, computed", self.kind_name(kind))
    }
    fn sweep_legend_closed(&self, axis: SweepAxis, n: usize, k2: usize) -> String {
        match axis {
            SweepAxis::Groups => "closed form 1/g".into(),
            SweepAxis::KernelSize => format!("closed form 1/N + 1/k², N = {n}"),
            SweepAxis::OutChannels => format!("closed form 1/N + 1/k², k² = {k2}"),
        }
    }
    fn sweep_legend_assumes(&self) -> &'static str {
        "(assumes multiplier 1, no bias)"
    }
    fn sweep_x_axis(&self, axis: SweepAxis) -> &'static str {
        match axis {
            SweepAxis::Groups => "groups (1 = standard … C_in = depthwise)",
            SweepAxis::KernelSize => "kernel_size k (square)",
            SweepAxis::OutChannels => "out_channels N",
        }
    }
    fn ratio_axis(&self, unit: Option<Unit>) -> String {
        match unit {
            Some(u) => format!("{} ÷ standard", u.label()),
            None => "÷ standard".into(),
        }
    }
    fn sweep_separable_here(&self, ratio: f64) -> String {
        format!("separable here: {}", pct(ratio))
    }
    fn sweep_current(&self, ratio: f64) -> String {
        format!("current: {}", pct(ratio))
    }

    fn measure_run(&self, running: bool) -> &'static str {
        if running {
            "Timing…"
        } else {
            "Time the kernels"
        }
    }
    fn measure_status(&self, status: &TimingStatus) -> String {
        match status {
            TimingStatus::Running => "timing…".into(),
            TimingStatus::Done { runs } => {
                format!("median of {runs} runs per kind, in a worker of this tab: the page's own WebAssembly kernels (SIMD, one thread)")
            }
            TimingStatus::Failed(e) => self.conv_error(e),
            TimingStatus::WorkerStopped => {
                "the worker that times the kernels could not start or stopped: press the button to try again".into()
            }
        }
    }
    fn measure_too_big(&self, t: &TooBig) -> String {
        format!(
            "this setting is too big to time in the page ({} MACs in one run; the cap is {}): make it smaller to measure",
            thousands(t.macs),
            thousands(t.cap)
        )
    }
    fn measure_caption(&self, standard: f64, depthwise: f64, separable: f64) -> String {
        format!(
            "Arithmetic intensity from the cost model: standard {standard:.1}, depthwise {depthwise:.1}, separable {separable:.1} FLOP/byte. \
             Depthwise does only kH·kW multiply-adds per input value it reads, so moving data, not arithmetic, \
             bounds its speed (it is memory-bound): a kind with a small share of the FLOPs can take a much \
             larger share of the time, and its GFLOP/s stay low."
        )
    }
    fn measure_alt(&self, caption: &str) -> String {
        format!("FLOPs against measured time per kind. {caption}")
    }
    fn measure_legend_flops(&self) -> &'static str {
        "FLOPs ÷ standard (cost model)"
    }
    fn measure_legend_time(&self) -> &'static str {
        "time ÷ standard (measured, median)"
    }
    fn measure_share_caption(&self) -> &'static str {
        "Share of standard: work vs time"
    }
    fn measure_gflops_caption(&self, timed: bool) -> &'static str {
        if timed {
            "Achieved GFLOP/s (and FLOP/byte)"
        } else {
            "Achieved GFLOP/s: not timed yet"
        }
    }
    fn flop_per_byte(&self, intensity: f64) -> String {
        format!("{intensity:.1} FLOP/B")
    }
    fn milliseconds(&self, ms: f64) -> String {
        format!("{ms:.3} ms")
    }

    fn preset_select(&self) -> &'static str {
        "preset"
    }
    fn alpha_field(&self) -> &'static str {
        "alpha (width multiplier)"
    }
    fn resolution_field(&self) -> &'static str {
        "resolution"
    }
    fn full_conv_switch(&self) -> &'static str {
        "chart the full-convolution twin"
    }
    fn preset_error(&self, e: &PresetError) -> String {
        match e {
            PresetError::Alpha(got) => format!("alpha must be a positive number (got '{got}')"),
            PresetError::Resolution(got) => {
                format!("resolution must be an integer of at least 32 (got '{got}')")
            }
            PresetError::Network(m) => self.conv_error(m),
        }
    }
    fn layer_kind(&self, kind: LayerKind) -> &'static str {
        match kind {
            LayerKind::Standard => "standard",
            LayerKind::Grouped => "grouped",
            LayerKind::Depthwise => "depthwise",
            LayerKind::Pointwise => "pointwise 1x1",
            LayerKind::FullyConnected => "fully connected",
            LayerKind::ChannelShuffle { .. } => "channel shuffle",
            LayerKind::MaxPool => "max pool",
            LayerKind::ChannelSplit => "channel split",
            LayerKind::Concat => "concat",
        }
    }
    fn network_name(&self, name: &NetName) -> String {
        match name {
            NetName::Described(d) => d.clone(),
            NetName::FullConvMobileNet { alpha, resolution } => {
                format!("Conv MobileNet-{resolution} (alpha={alpha:?}, standard 3x3 convs)")
            }
        }
    }
    fn network_total(&self, name: &str, macs: &str, params: &str) -> String {
        format!("{name}: {macs} MACs (mult-adds), {params} parameters")
    }
    fn network_total_exact(&self, macs: u64, params: u64) -> String {
        format!(
            " ({} MACs, {} params exactly)",
            thousands(macs),
            thousands(params)
        )
    }
    fn story_share(&self, pointwise: f64) -> String {
        format!(
            "1x1 (pointwise) convolutions carry {} of MobileNet's mult-adds (paper: 95%). ",
            pct(pointwise)
        )
    }
    fn story_versions(&self, a: (&str, &str, &str), b: (&str, &str, &str)) -> String {
        format!(
            "{}: {} mult-adds, {} params against {}: {} mult-adds, {} params",
            a.0, a.1, a.2, b.0, b.1, b.2
        )
    }
    fn story_paper(&self, conv_only_millions: &str) -> String {
        format!(
            " ({conv_only_millions} in its conv layers alone, the paper's count). Paper, at 1.0-224: 569M vs 4866M mult-adds, 4.2M vs 29.3M params."
        )
    }
    fn network_alt(&self, unit: Unit, name: &str, total: &str) -> String {
        format!(
            "Per-layer {} of {name}, coloured by layer kind, with its total {total}. Arrow keys choose a bar, Enter loads its layer.",
            unit.label()
        )
    }
    fn network_layers(&self, n: usize) -> String {
        format!("The {n} layers (load one into the visualizer)")
    }
    fn network_legend_note(&self, unit: Unit) -> String {
        format!("· {} per layer, with each layer's own bias", unit.label())
    }
    fn network_per_layer_caption(&self) -> &'static str {
        "Per layer (click a bar to load it)"
    }
    fn network_total_caption(&self) -> &'static str {
        "Total"
    }
    fn network_total_bar(&self, full_conv: bool) -> &'static str {
        if full_conv {
            "full conv"
        } else {
            "this net"
        }
    }
    fn load_button(&self) -> &'static str {
        "load"
    }
    fn load_layer_label(&self, number: usize, name: &str) -> String {
        format!("Load layer {number} ({name}) into the visualizer")
    }
    fn bars_label(&self) -> &'static str {
        "Layer bars"
    }
    fn bar_button(&self, number: usize, name: &str, kind: LayerKind, value: &str) -> String {
        format!(
            "Layer {number}, {name}: {}, {value}. Enter loads it.",
            self.layer_kind(kind)
        )
    }
}
