//! The settings form, the data controls, the cost table, the shape line, the
//! output statistics and the groups slider.

use conv_core::weights::WeightPreset;
use conv_core::{Nchw, Stats};

use crate::state::{Field, InputKind};

pub trait FormText {
    fn kinds_legend(&self) -> &'static str;
    /// A field's label (PyTorch's parameter names stay as they are).
    fn field_label(&self, field: Field) -> &'static str;
    /// What a field accepts.
    fn field_hint(&self, field: Field) -> &'static str;
    /// The title of a field the focused kind does not use.
    fn field_unused(&self) -> &'static str;
    fn bias_label(&self) -> &'static str;
    fn suggest_label(&self) -> &'static str;
    fn suggest_title(&self) -> &'static str;
    fn seed_label(&self) -> &'static str;
    fn seed_hint(&self) -> &'static str;
    fn input_label(&self) -> &'static str;
    fn input_source(&self, kind: InputKind) -> &'static str;
    fn weights_label(&self) -> &'static str;
    fn weight_preset(&self, preset: WeightPreset) -> &'static str;
    fn image_picker(&self) -> &'static str;
    fn cost_caption(&self) -> &'static str;
    /// kind, layers, MACs, FLOPs, params, MACs vs standard.
    fn cost_headings(&self) -> [&'static str; 6];
    /// Between the two layers of a separable kind: `8→8 3x3 g=8 then 8→16 1x1 g=1`.
    fn then(&self) -> &'static str;
    /// The shape line: before the input's shape.
    fn shape_input(&self) -> &'static str;
    /// The arrow into stage `i` of `n` (separable: depthwise, then pointwise).
    fn shape_arrow(&self, i: usize, n: usize) -> &'static str;
    fn output_stats(&self, shape: Nchw, s: &Stats, compute_ms: f64, kernel_ms: f64) -> String;
    fn slider_label(&self) -> &'static str;
    /// `= standard` at 1 group, `= 1/g of standard` otherwise.
    fn slider_ratio(&self, groups: usize) -> String;
    fn slider_options(&self, list: &str) -> String;
    fn slider_readout(&self, macs: &str, ratio: &str, params: &str) -> String;
}
