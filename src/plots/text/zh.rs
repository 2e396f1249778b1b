use conv_core::presets::LayerKind;
use conv_core::ConvKind;

use super::ChartText;
use crate::format::thousands;
use crate::plots::model::cost::Part;
use crate::plots::model::network::NetName;
use crate::plots::model::timing::{TimingStatus, TooBig};
use crate::plots::text::{Chart, Column, Download};
use crate::state::plot_settings::{PresetError, Scale, SweepAxis, Unit};
use crate::text::errors::ErrorText;
use crate::text::shell::ShellText;
use crate::text::zh::Zh;

fn pct(r: f64) -> String {
    format!("{:.1}%", r * 100.0)
}

/// The unit as running text names it.
fn unit_word(unit: Unit) -> &'static str {
    match unit {
        Unit::Macs => "乘加次数",
        Unit::Flops => "FLOPs",
    }
}

impl ChartText for Zh {
    fn plots_heading(&self) -> &'static str {
        "计算量图表"
    }
    fn chart_heading(&self, chart: Chart) -> &'static str {
        match chart {
            Chart::Costs => "当前设置下能省多少",
            Chart::Sweep => "参数扫描",
            Chart::Measured => "实测与理论",
            Chart::Network => "网络",
            Chart::Compare => "按类型比较完整网络",
        }
    }
    fn plots_partial(&self, invalid: &[ConvKind]) -> String {
        let names: Vec<&str> = invalid.iter().map(|k| self.kind_name(*k)).collect();
        format!(
            "这些图表比较全部四种卷积；在当前设置下，{}无效（原因见计算量表）。",
            names.join("和")
        )
    }
    fn unit_select(&self) -> &'static str {
        "计数"
    }
    fn unit_option(&self, unit: Unit) -> &'static str {
        match unit {
            Unit::Macs => "乘加次数（MACs）",
            Unit::Flops => "浮点运算（FLOPs）",
        }
    }
    fn scale_select(&self) -> &'static str {
        "坐标轴"
    }
    fn scale_option(&self, scale: Scale) -> &'static str {
        match scale {
            Scale::Linear => "线性",
            Scale::Log => "对数",
        }
    }
    fn bias_select(&self) -> &'static str {
        "偏置"
    }
    fn bias_option(&self, bias: Option<bool>) -> &'static str {
        match bias {
            None => "与该层相同",
            Some(true) => "有",
            Some(false) => "无",
        }
    }
    fn unit_convention(&self, unit: Unit) -> &'static str {
        match unit {
            Unit::Macs => "MACs = 乘加次数（每用一次权重算一次）",
            Unit::Flops => "FLOPs = 2·MACs，有偏置时每个输出再加一次加法",
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
            Chart::Costs => "计算量对比图",
            Chart::Sweep => "扫描图",
            Chart::Measured => "实测图",
            Chart::Network => "网络图",
            Chart::Compare => "比较图",
        };
        match what {
            Download::Png => format!("将{name}下载为 PNG"),
            Download::Csv => format!("将{name}的数据下载为 CSV"),
        }
    }
    fn chart_table(&self, chart: Chart) -> &'static str {
        match chart {
            Chart::Costs => "柱形图的数据",
            Chart::Sweep => "各数据点",
            Chart::Measured => "数据表",
            Chart::Network => "各层",
            Chart::Compare => "比较结果",
        }
    }
    fn column(&self, column: Column) -> &'static str {
        match column {
            Column::Kind => "类型",
            Column::Params => "参数量",
            Column::ShareOfStandard => "占标准卷积",
            Column::Ratio => "比值",
            Column::ClosedForm => "闭式解",
            Column::Flops => "FLOPs",
            Column::BytesMoved => "读写字节数",
            Column::FlopPerByte => "FLOP/字节",
            Column::MedianTime => "耗时中位数",
            Column::Gflops => "GFLOP/s",
            Column::Index => "#",
            Column::Layer => "层",
            Column::Shapes => "输入 → 输出",
            Column::Share => "占比",
            Column::Load => "载入",
        }
    }
    fn not_timed(&self) -> &'static str {
        "–"
    }

    fn cost_headline(&self, compute: f64, unit: Unit, params: f64) -> String {
        let times = if compute > 0.0 { 1.0 / compute } else { 0.0 };
        format!(
            "在这里，深度可分离卷积的{}是标准卷积的 {}（约 1/{times:.1}），参数量是它的 {}。",
            unit_word(unit),
            pct(compute),
            pct(params)
        )
    }
    fn cost_alt(&self, unit: Unit, headline: &str) -> String {
        format!("各类卷积的{}与参数量柱形图。{headline}", unit_word(unit))
    }
    fn cost_note(&self, unit: Unit, bias: bool) -> String {
        let bias = if bias {
            "有偏置：参数量包含每个输出通道一个偏置。"
        } else {
            "无偏置。"
        };
        format!("{}。{bias}柱上标有精确值。", self.unit_convention(unit))
    }
    fn cost_legend_separable(&self) -> &'static str {
        "深度可分离 = 深度部分 + 逐点部分"
    }
    fn cost_legend_note(&self, unit: Unit, bias: bool) -> String {
        let bias = if bias { "有偏置" } else { "无偏置" };
        format!("· {}，{bias}", unit.label())
    }
    fn cost_compute_caption(&self, unit: Unit, bias: bool) -> String {
        match unit {
            Unit::Macs => "乘加次数（MACs）".into(),
            Unit::Flops => format!("FLOPs(2·MACs{})", if bias { " + 偏置加法" } else { "" }),
        }
    }
    fn cost_params_caption(&self, bias: bool) -> &'static str {
        if bias {
            "参数量（权重 + 偏置）"
        } else {
            "参数量（仅权重，无偏置）"
        }
    }
    fn params_axis(&self) -> &'static str {
        "参数量"
    }
    fn part_short(&self, part: Part) -> &'static str {
        match part {
            Part::Whole => "",
            Part::Depthwise => "深度",
            Part::Pointwise => "逐点",
        }
    }
    fn kind_short(&self, kind: ConvKind) -> &'static str {
        match kind {
            ConvKind::Standard => "标准",
            ConvKind::Grouped => "组",
            ConvKind::Depthwise => "深度",
            ConvKind::Separable => "可分离",
        }
    }
    fn share_of_standard(&self, ratio: f64) -> String {
        format!("标准的 {}", pct(ratio))
    }

    fn formulas_summary(&self) -> &'static str {
        "代入你的数字的公式"
    }
    fn formula_part(&self, part: Part) -> &'static str {
        match part {
            Part::Whole => "",
            Part::Depthwise => "深度部分：",
            Part::Pointwise => "逐点部分：",
        }
    }
    fn params_symbol(&self) -> &'static str {
        "参数量"
    }
    fn formula_total(&self, dw_macs: u64, pw_macs: u64, macs: u64, params: u64) -> String {
        format!(
            "合计：MACs = {} + {} = {}，参数量 = {}",
            thousands(dw_macs),
            thousands(pw_macs),
            thousands(macs),
            thousands(params)
        )
    }
    fn formula_share(&self, ratio: f64, unit: Unit) -> String {
        format!(" {}为标准卷积的 {}", unit_word(unit), pct(ratio))
    }
    fn closed_form_note(&self, n: usize, k2: usize, ratio: f64) -> String {
        format!(
            "深度可分离 ÷ 标准卷积的闭式解（深度乘数 1、无偏置、按 MACs）：1/N + 1/(kH·kW) = 1/{n} + 1/{k2} = {}",
            pct(ratio)
        )
    }

    fn sweep_select(&self) -> &'static str {
        "扫描"
    }
    fn sweep_what(&self, axis: SweepAxis) -> &'static str {
        match axis {
            SweepAxis::Groups => "组卷积与标准卷积的计算量之比：groups 取遍两个通道数的所有公约数（1 即标准卷积，C_in 即深度卷积）；闭式解为 1/g",
            SweepAxis::KernelSize => "深度可分离卷积与标准卷积之比随卷积核增大而变化；闭式解 1/N + 1/k² 逐渐趋向 1/N",
            SweepAxis::OutChannels => "深度可分离卷积与标准卷积之比随 out_channels 增大而变化；闭式解 1/N + 1/k² 逐渐趋向 1/k²",
        }
    }
    fn sweep_assumptions(&self, unit: Unit, bias: bool, multiplier: usize) -> String {
        format!(
            "数据点由 conv-core 按当前设置计算（{}，{}，深度乘数 {multiplier}）；闭式解假定深度乘数为 1、无偏置、按 MACs 计。",
            unit.label(),
            if bias { "有偏置" } else { "无偏置" },
        )
    }
    fn sweep_alt(&self, axis: SweepAxis) -> String {
        format!("扫描图：{}。", self.sweep_what(axis))
    }
    fn sweep_points(&self, n: usize) -> String {
        format!("全部 {n} 个数据点")
    }
    fn sweep_value_column(&self, kind: ConvKind, unit: Unit) -> String {
        format!("{} {}", self.kind_name(kind), unit.label())
    }
    fn sweep_standard_column(&self, unit: Unit) -> String {
        format!("标准卷积 {}", unit.label())
    }
    fn sweep_legend_computed(&self, kind: ConvKind) -> String {
        format!("{} ÷ 标准卷积（实算）", self.kind_name(kind))
    }
    fn sweep_legend_closed(&self, axis: SweepAxis, n: usize, k2: usize) -> String {
        match axis {
            SweepAxis::Groups => "闭式解 1/g".into(),
            SweepAxis::KernelSize => format!("闭式解 1/N + 1/k²，N = {n}"),
            SweepAxis::OutChannels => format!("闭式解 1/N + 1/k²，k² = {k2}"),
        }
    }
    fn sweep_legend_assumes(&self) -> &'static str {
        "（假定深度乘数 1、无偏置）"
    }
    fn sweep_x_axis(&self, axis: SweepAxis) -> &'static str {
        match axis {
            SweepAxis::Groups => "groups（1 = 标准卷积 … C_in = 深度卷积）",
            SweepAxis::KernelSize => "kernel_size k（正方形）",
            SweepAxis::OutChannels => "out_channels N（输出通道数）",
        }
    }
    fn ratio_axis(&self, unit: Option<Unit>) -> String {
        match unit {
            Some(u) => format!("{} ÷ 标准卷积", u.label()),
            None => "÷ 标准卷积".into(),
        }
    }
    fn sweep_separable_here(&self, ratio: f64) -> String {
        format!("此处深度可分离：{}", pct(ratio))
    }
    fn sweep_current(&self, ratio: f64) -> String {
        format!("当前：{}", pct(ratio))
    }

    fn measure_run(&self, running: bool) -> &'static str {
        if running {
            "计时中…"
        } else {
            "为各卷积核计时"
        }
    }
    fn measure_status(&self, status: &TimingStatus) -> String {
        match status {
            TimingStatus::Running => "计时中…".into(),
            TimingStatus::Done { runs } => {
                format!("每种卷积运行 {runs} 次取中位数，在本标签页的一个 worker 线程中运行本页自己的 WebAssembly 卷积代码（SIMD，单线程）")
            }
            TimingStatus::Failed(e) => format!("计时失败：{}", self.conv_error(e)),
            TimingStatus::WorkerStopped => {
                "负责计时的 worker 线程无法启动或已停止：请再按一次按钮重试".into()
            }
        }
    }
    fn measure_too_big(&self, t: &TooBig) -> String {
        format!(
            "这个设置太大，无法在页面中计时（一次运行 {} 次乘加，上限为 {}）：请调小后再测。",
            thousands(t.macs),
            thousands(t.cap)
        )
    }
    fn measure_caption(&self, standard: f64, depthwise: f64, separable: f64) -> String {
        format!(
            "按计算量模型得到的算术强度：标准卷积 {standard:.1}，深度卷积 {depthwise:.1}，深度可分离卷积 {separable:.1} FLOP/字节。\
             深度卷积每读入一个输入值只做 kH·kW 次乘加，限制它速度的是数据搬运而不是计算（访存受限）：\
             FLOPs 占比很小的卷积，耗时占比可能大得多，GFLOP/s 也一直偏低。"
        )
    }
    fn measure_alt(&self, caption: &str) -> String {
        format!("各类卷积的 FLOPs 与实测耗时。{caption}")
    }
    fn measure_legend_flops(&self) -> &'static str {
        "FLOPs ÷ 标准卷积（计算量模型）"
    }
    fn measure_legend_time(&self) -> &'static str {
        "耗时 ÷ 标准卷积（实测中位数）"
    }
    fn measure_share_caption(&self) -> &'static str {
        "占标准卷积的比例：计算量与耗时"
    }
    fn measure_gflops_caption(&self, timed: bool) -> &'static str {
        if timed {
            "实际 GFLOP/s（及 FLOP/字节）"
        } else {
            "实际 GFLOP/s：尚未计时"
        }
    }
    fn flop_per_byte(&self, intensity: f64) -> String {
        format!("{intensity:.1} FLOP/B")
    }
    fn milliseconds(&self, ms: f64) -> String {
        format!("{ms:.3} ms")
    }

    fn preset_select(&self) -> &'static str {
        "预设网络"
    }
    fn alpha_field(&self) -> &'static str {
        "alpha（宽度乘数）"
    }
    fn resolution_field(&self) -> &'static str {
        "分辨率"
    }
    fn full_conv_switch(&self) -> &'static str {
        "改为绘制全标准卷积的对照版本"
    }
    fn preset_error(&self, e: &PresetError) -> String {
        match e {
            PresetError::Alpha(got) => format!("alpha 必须是正数（输入为 '{got}'）"),
            PresetError::Resolution(got) => {
                format!("分辨率必须是不小于 32 的整数（输入为 '{got}'）")
            }
            PresetError::Network(m) => format!("无法构建这个网络：{}", self.conv_error(m)),
        }
    }
    fn layer_kind(&self, kind: LayerKind) -> &'static str {
        match kind {
            LayerKind::Standard => "标准卷积",
            LayerKind::Grouped => "组卷积",
            LayerKind::Depthwise => "深度卷积",
            LayerKind::Pointwise => "点卷积 1x1",
            LayerKind::FullyConnected => "全连接",
            LayerKind::ChannelShuffle { .. } => "通道混洗",
            LayerKind::MaxPool => "最大池化",
            LayerKind::ChannelSplit => "通道拆分",
            LayerKind::Concat => "拼接",
        }
    }
    fn network_name(&self, name: &NetName) -> String {
        match name {
            NetName::Described(d) => d.clone(),
            NetName::FullConvMobileNet { alpha, resolution } => {
                format!(
                    "全标准卷积版 MobileNet-{resolution}（alpha={alpha:?}，全部为 3x3 标准卷积）"
                )
            }
        }
    }
    fn network_total(&self, name: &str, macs: &str, params: &str) -> String {
        format!("{name}：{macs} 次乘加（MACs），{params} 个参数")
    }
    fn network_total_exact(&self, macs: u64, params: u64) -> String {
        format!(
            "（精确值：{} 次乘加，{} 个参数）",
            thousands(macs),
            thousands(params)
        )
    }
    fn story_share(&self, pointwise: f64) -> String {
        format!(
            "1x1（逐点）卷积占 MobileNet 乘加次数的 {}（论文：95%）。",
            pct(pointwise)
        )
    }
    fn story_versions(&self, a: (&str, &str, &str), b: (&str, &str, &str)) -> String {
        format!(
            "{}：{} 次乘加，{} 个参数；对比 {}：{} 次乘加，{} 个参数",
            a.0, a.1, a.2, b.0, b.1, b.2
        )
    }
    fn story_paper(&self, conv_only_millions: &str) -> String {
        format!(
            "（只算卷积层为 {conv_only_millions}，即论文的算法）。论文在 1.0-224 下：乘加 569M 对 4866M，参数 4.2M 对 29.3M。"
        )
    }
    fn network_alt(&self, unit: Unit, name: &str, total: &str) -> String {
        format!(
            "{name} 各层的{}，按层的类型着色，总计 {total}。用方向键选择柱子，按回车载入该层。",
            unit_word(unit)
        )
    }
    fn network_layers(&self, n: usize) -> String {
        format!("全部 {n} 层（可把任一层载入可视化）")
    }
    fn network_legend_note(&self, unit: Unit) -> String {
        format!("· 每层 {}，按各层自身的偏置计", unit.label())
    }
    fn network_per_layer_caption(&self) -> &'static str {
        "各层（点击柱子即可载入）"
    }
    fn network_total_caption(&self) -> &'static str {
        "合计"
    }
    fn network_total_bar(&self, full_conv: bool) -> &'static str {
        if full_conv {
            "全标准卷积"
        } else {
            "本网络"
        }
    }
    fn load_button(&self) -> &'static str {
        "载入"
    }
    fn load_layer_label(&self, number: usize, name: &str) -> String {
        format!("把第 {number} 层（{name}）载入可视化")
    }
    fn bars_label(&self) -> &'static str {
        "各层柱子"
    }
    fn bar_button(&self, number: usize, name: &str, kind: LayerKind, value: &str) -> String {
        format!(
            "第 {number} 层 {name}：{}，{value}。按回车载入。",
            self.layer_kind(kind)
        )
    }
}
