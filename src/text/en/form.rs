use conv_core::weights::WeightPreset;
use conv_core::{Nchw, Stats};

use super::En;
use crate::state::{Field, InputKind};
use crate::text::form::FormText;

impl FormText for En {
    fn kinds_legend(&self) -> &'static str {
        "Kind of convolution"
    }
    fn field_label(&self, field: Field) -> &'static str {
        match field {
            Field::H => "height (h)",
            Field::W => "width (w)",
            Field::Multiplier => "depth multiplier",
            other => other.key(),
        }
    }
    fn field_hint(&self, field: Field) -> &'static str {
        match field {
            Field::KernelSize | Field::Stride | Field::Dilation => "n or h,w",
            Field::Padding => "n, h,w, same or valid",
            _ => "integer ≥ 1",
        }
    }
    fn field_unused(&self) -> &'static str {
        "not used by this kind of convolution, but still by its row in the cost table"
    }
    fn bias_label(&self) -> &'static str {
        "bias"
    }
    fn suggest_label(&self) -> &'static str {
        "Valid groups nearby: "
    }
    fn suggest_title(&self) -> &'static str {
        "divides both in_channels and out_channels"
    }
    fn seed_label(&self) -> &'static str {
        "seed"
    }
    fn seed_hint(&self) -> &'static str {
        "integer ≥ 0"
    }
    fn input_label(&self) -> &'static str {
        "input"
    }
    fn input_source(&self, kind: InputKind) -> &'static str {
        match kind {
            InputKind::Random => "seeded random",
            InputKind::Sample => "sample image",
            InputKind::Image => "your image…",
        }
    }
    fn weights_label(&self) -> &'static str {
        "weights"
    }
    fn weight_preset(&self, preset: WeightPreset) -> &'static str {
        match preset {
            WeightPreset::Random => "random (seeded)",
            WeightPreset::Identity => "identity",
            WeightPreset::BoxBlur => "box blur",
            WeightPreset::SobelX => "Sobel x",
            WeightPreset::SobelY => "Sobel y",
            WeightPreset::Laplacian => "Laplacian",
        }
    }
    fn image_picker(&self) -> &'static str {
        "Your image (stays on this device)"
    }
    fn cost_caption(&self) -> &'static str {
        "Cost of one forward pass"
    }
    fn cost_headings(&self) -> [&'static str; 6] {
        [
            "kind",
            "layers",
            "MACs",
            "FLOPs",
            "params",
            "MACs vs standard",
        ]
    }
    fn then(&self) -> &'static str {
        " then "
    }
    fn shape_input(&self) -> &'static str {
        "input "
    }
    fn shape_arrow(&self, i: usize, n: usize) -> &'static str {
        match (n, i) {
            (1, _) => " → ",
            (_, 0) => " → depthwise → ",
            _ => " → pointwise → ",
        }
    }
    fn output_stats(&self, shape: Nchw, s: &Stats, compute_ms: f64, kernel_ms: f64) -> String {
        format!(
            "Output {shape}: min {:.4}, max {:.4}, mean {:.4}, sum {:.4} ({compute_ms:.0} ms, kernels {kernel_ms:.1} ms)",
            s.min, s.max, s.mean, s.sum
        )
    }
    fn slider_label(&self) -> &'static str {
        "groups "
    }
    fn slider_ratio(&self, groups: usize) -> String {
        match groups {
            1 => "= standard".into(),
            g => format!("= 1/{g} of standard"),
        }
    }
    fn slider_options(&self, list: &str) -> String {
        format!("valid groups: {list}")
    }
    fn slider_readout(&self, macs: &str, ratio: &str, params: &str) -> String {
        format!("{macs} MACs {ratio} · {params} params")
    }
}
