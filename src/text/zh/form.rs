use conv_core::weights::WeightPreset;
use conv_core::{Nchw, Stats};

use super::Zh;
use crate::state::{Field, InputKind};
use crate::text::form::FormText;

impl FormText for Zh {
    fn kinds_legend(&self) -> &'static str {
        "卷积类型"
    }
    fn field_label(&self, field: Field) -> &'static str {
        match field {
            Field::H => "高度 (h)",
            Field::W => "宽度 (w)",
            Field::Multiplier => "深度乘数 multiplier",
            other => other.key(),
        }
    }
    fn field_hint(&self, field: Field) -> &'static str {
        match field {
            Field::KernelSize | Field::Stride | Field::Dilation => "n 或 h,w",
            Field::Padding => "n、h,w、same 或 valid",
            _ => "≥ 1 的整数",
        }
    }
    fn field_unused(&self) -> &'static str {
        "这种卷积用不到此项，但成本表中对应的那一行仍会用到"
    }
    fn bias_label(&self) -> &'static str {
        "偏置 bias"
    }
    fn suggest_label(&self) -> &'static str {
        "附近可用的 groups:"
    }
    fn suggest_title(&self) -> &'static str {
        "能同时整除 in_channels 和 out_channels"
    }
    fn seed_label(&self) -> &'static str {
        "随机种子 seed"
    }
    fn seed_hint(&self) -> &'static str {
        "≥ 0 的整数"
    }
    fn input_label(&self) -> &'static str {
        "输入"
    }
    fn input_source(&self, kind: InputKind) -> &'static str {
        match kind {
            InputKind::Random => "随机数（按种子生成）",
            InputKind::Sample => "示例图片",
            InputKind::Image => "你的图片…",
        }
    }
    fn weights_label(&self) -> &'static str {
        "权重"
    }
    fn weight_preset(&self, preset: WeightPreset) -> &'static str {
        match preset {
            WeightPreset::Random => "随机（按种子生成）",
            WeightPreset::Identity => "恒等",
            WeightPreset::BoxBlur => "均值模糊",
            WeightPreset::SobelX => "Sobel x",
            WeightPreset::SobelY => "Sobel y",
            WeightPreset::Laplacian => "拉普拉斯",
        }
    }
    fn image_picker(&self) -> &'static str {
        "你的图片（只留在本机，不会上传）"
    }
    fn cost_caption(&self) -> &'static str {
        "一次前向计算的成本"
    }
    fn cost_headings(&self) -> [&'static str; 6] {
        [
            "类型",
            "层",
            "乘加次数",
            "FLOPs",
            "参数量",
            "乘加次数与标准卷积之比",
        ]
    }
    fn then(&self) -> &'static str {
        "，然后 "
    }
    fn shape_input(&self) -> &'static str {
        "输入 "
    }
    fn shape_arrow(&self, i: usize, n: usize) -> &'static str {
        match (n, i) {
            (1, _) => " → ",
            (_, 0) => " → 深度卷积 → ",
            _ => " → 点卷积 → ",
        }
    }
    fn output_stats(&self, shape: Nchw, s: &Stats, compute_ms: f64, kernel_ms: f64) -> String {
        format!(
            "输出 {shape}：最小 {:.4}，最大 {:.4}，均值 {:.4}，总和 {:.4}（共 {compute_ms:.0} ms，其中卷积计算 {kernel_ms:.1} ms）",
            s.min, s.max, s.mean, s.sum
        )
    }
    fn slider_label(&self) -> &'static str {
        "groups "
    }
    fn slider_ratio(&self, groups: usize) -> String {
        match groups {
            1 => "= 标准卷积".into(),
            g => format!("= 标准卷积的 1/{g}"),
        }
    }
    fn slider_options(&self, list: &str) -> String {
        format!("可用的 groups：{list}")
    }
    fn slider_readout(&self, macs: &str, ratio: &str, params: &str) -> String {
        format!("乘加 {macs} 次 {ratio} · 参数量 {params}")
    }
}
