//! The messages of the picture area: the stage captions and narration, the
//! scene's labels (drawn on the canvas and into the PNG, SVG and GIF), the
//! transport, the trace, the picture's table, the exports, the code panel and
//! the progress line.

use std::ops::Range;

use conv_core::ConvKind;

use crate::compute::code::CodeFailure;
use crate::state::scene::Label;
use crate::state::timeline::Caption;

/// Which value the trace panel explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TracedWhat {
    /// One-layer kinds: the output.
    Output,
    /// Separable: the depthwise stage's output.
    DepthwiseOutput,
    /// Separable: the final (pointwise) output.
    PointwiseOutput,
}

/// Why a GIF export failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GifFailure {
    /// The request could not be put in a message.
    Request,
    /// No worker could start (and the page could not encode it either).
    NoWorker,
    /// The worker stopped before it answered.
    WorkerStopped,
    /// The GIF was made but could not be offered as a file.
    NotSaved,
    /// The worker's own report (a technical detail, not translated).
    Worker(String),
}

/// What the canvas shows at this moment, for its text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SceneFacts {
    pub kind: ConvKind,
    pub groups: usize,
    pub input: [usize; 4],
    pub filters: [usize; 4],
    /// The (first) convolution's output.
    pub output: [usize; 4],
    /// Separable: the 1×1 weights `[out, mid, 1, 1]` and the final output.
    pub pointwise: Option<([usize; 4], [usize; 4])>,
    /// The value traced, `[n, c, y, x]` of an output, when one is.
    pub traced: Option<[usize; 4]>,
}

/// A shape or an index, `[n, c, h, w]`: written the same in every language.
pub fn shape(s: &[usize; 4]) -> String {
    format!("[{}, {}, {}, {}]", s[0], s[1], s[2], s[3])
}

pub trait PictureText {
    /// The picture section's name.
    fn picture_region(&self) -> &'static str;
    /// The stage sentence.
    fn caption(&self, c: &Caption) -> String;
    /// "step 3 of 8".
    fn step_of(&self, step: usize, steps: usize) -> String;
    /// What the live region says when a stage begins.
    fn narration(&self, step: usize, steps: usize, c: &Caption) -> String;
    /// A text item of the scene.
    fn label(&self, l: &Label) -> String;
    /// The canvas's accessible name.
    fn scene_name(&self, kind: ConvKind) -> String;
    /// The canvas's description: what it shows at this moment.
    fn scene_description(&self, f: &SceneFacts) -> String;
    /// The output view (a focusable overlay on the output deck).
    fn output_view_label(&self) -> &'static str;

    // The transport.
    fn transport_label(&self) -> &'static str;
    fn step_back(&self) -> &'static str;
    fn step_back_hint(&self) -> &'static str;
    fn play(&self) -> &'static str;
    fn pause(&self) -> &'static str;
    fn play_hint(&self) -> &'static str;
    fn step_forward(&self) -> &'static str;
    fn step_forward_hint(&self) -> &'static str;
    fn scrub_label(&self) -> &'static str;
    fn speed(&self) -> &'static str;

    // The picture as a table.
    fn table_summary(&self) -> &'static str;
    fn table_caption(&self, kind: ConvKind, groups: usize) -> String;
    fn col_group(&self) -> &'static str;
    fn col_inputs(&self) -> &'static str;
    fn col_filters(&self) -> &'static str;
    fn col_outputs(&self) -> &'static str;
    fn col_values(&self) -> &'static str;
    /// Channels `r` (0-based, half-open) as a table cell.
    fn channel_range(&self, r: Range<usize>) -> String;
    /// The smallest and largest value.
    fn value_range(&self, lo: f32, hi: f32) -> String;
    /// Separable: the pointwise stage under the group table.
    fn table_pointwise(&self, mid: usize, out: usize, lo: f32, hi: f32) -> String;

    // The trace.
    fn trace_heading(&self) -> &'static str;
    fn trace_hint(&self) -> &'static str;
    fn trace_title(&self, what: TracedWhat, index: [usize; 4]) -> String;
    /// The traced value's group (0-based) and how many multiply-adds make it.
    fn trace_group(&self, group: usize, terms: usize) -> String;
    /// Separable output: which depthwise outputs it reads.
    fn trace_field_pointwise(&self, channels: usize, y: usize, x: usize) -> String;
    /// The receptive field on the input, and the filter.
    fn trace_field(
        &self,
        channels: Range<usize>,
        rows: (isize, isize),
        cols: (isize, isize),
        filter: usize,
    ) -> String;
    fn trace_channel(&self, c: usize, lo: f32, hi: f32, mean: f64) -> String;
    fn trace_more(&self, n: usize) -> String;
    fn trace_padding(&self) -> &'static str;
    fn trace_bias(&self) -> &'static str;
    fn trace_matches(&self) -> &'static str;

    // The exports.
    fn export_group(&self) -> &'static str;
    fn export(&self) -> &'static str;
    fn export_png_hint(&self) -> &'static str;
    fn export_svg_hint(&self) -> &'static str;
    fn export_gif_hint(&self) -> &'static str;
    fn gif_encoding(&self) -> &'static str;
    fn gif_ready(&self, frames: usize, kib: usize) -> String;
    fn gif_failed(&self, e: &GifFailure) -> String;

    // The code panel.
    fn code_summary(&self) -> &'static str;
    fn code_note(&self) -> &'static str;
    fn code_arrays(&self) -> &'static str;
    fn download_npz(&self) -> &'static str;
    fn keras_title(&self) -> &'static str;
    /// The copy button's accessible name: which script it copies.
    fn copy_script(&self, script: &str) -> String;
    fn copied(&self) -> &'static str;
    /// While the worker writes the scripts.
    fn code_writing(&self) -> &'static str;
    /// The `.npz` button while the worker writes the file.
    fn npz_preparing(&self) -> &'static str;
    fn code_failed(&self, e: &CodeFailure) -> String;

    /// While a job runs: "Computing…", then the seconds so far ("1.4 s").
    fn computing(&self) -> &'static str;
    fn seconds(&self, seconds: f64) -> String;
}
