use std::ops::Range;

use conv_core::{ConvKind, Nchw};

use super::En;
use crate::text::errors::ErrorText;
use crate::text::picture::PictureText;
use crate::text::picture::TracedWhat;
use crate::text::shell::ShellText;
use groupwise_core::export::TaskFailure;
use groupwise_core::picture::captions::Caption;
use groupwise_core::picture::scene::{Label, LabelWords, ShapeNote, Title};
use groupwise_core::views::SceneFacts;

fn channels(r: &Range<usize>) -> String {
    match r.len() {
        0 => "none".into(),
        1 => format!("channel {}", r.start),
        _ => format!("channels {}–{}", r.start, r.end - 1),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "sweeps" for one filter, "sweep" for several.
fn verb(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn caption_conv(c: &Caption) -> String {
    match c {
        Caption::ConvAll {
            filters,
            in_channels,
            kernel: [kh, kw],
            out_hw: [oh, ow],
        } => format!(
            "One group: each of the {} ({filters}×{in_channels}×{kh}×{kw}) sweeps all {in_channels} input channels and builds one output channel ({oh}×{ow}).",
            plural(*filters, "filter", "filters"),
        ),
        Caption::ConvGroup {
            group,
            groups,
            filters,
            per_group,
            kernel: [kh, kw],
            inputs,
            outputs,
            out_hw: [oh, ow],
        } => format!(
            "Group {} of {groups}: {} ({filters}×{per_group}×{kh}×{kw}) {} input {} and build{} output {} ({oh}×{ow} each).",
            group + 1,
            plural(*filters, "filter", "filters"),
            verb(*filters, "sweeps", "sweep"),
            channels(inputs),
            verb(*filters, "s", ""),
            channels(outputs),
        ),
        Caption::ConvBatch {
            batch,
            groups,
            filters,
            per_group,
            kernel: [kh, kw],
            inputs,
            outputs,
        } => format!(
            "Groups {}–{} of {groups} at once: each group's {} ({filters}×{per_group}×{kh}×{kw}) {} only its own {}; input {} build output {}.",
            batch.start + 1,
            batch.end,
            plural(*filters, "filter", "filters"),
            verb(*filters, "sweeps", "sweep"),
            plural(*per_group, "channel", "channels"),
            channels(inputs),
            channels(outputs),
        ),
        _ => String::new(),
    }
}

impl PictureText for En {
    fn picture_region(&self) -> &'static str {
        "Animation"
    }

    fn caption(&self, c: &Caption) -> String {
        match c {
            Caption::Input { channels, hw: [h, w] } => format!(
                "The input: {} of {h}×{w} values.",
                plural(*channels, "channel", "channels")
            ),
            Caption::Whole { channels } => format!(
                "groups = 1: all {} stay together; every filter will see every input channel.",
                plural(*channels, "channel", "channels")
            ),
            Caption::Split { channels, groups, per_group } => format!(
                "The {channels} input channels split into {groups} groups of {}: each group is convolved on its own.",
                plural(*per_group, "channel", "channels")
            ),
            Caption::ConvAll { .. } | Caption::ConvGroup { .. } | Caption::ConvBatch { .. } => {
                caption_conv(c)
            }
            Caption::NoConcat { out_channels } => format!(
                "One group, so nothing to concatenate: the {out_channels} output channels are the result."
            ),
            Caption::Concat { groups, per_group, out_channels } => format!(
                "The {groups} groups' outputs ({per_group} each) concatenate back in channel order: {out_channels} output channels."
            ),
            Caption::Shuffle { out_channels } => format!(
                "Channel shuffle (ShuffleNet): the {out_channels} output channels interleave so each next group gets one channel from every group. Without it, each group only ever sees its own channels."
            ),
            Caption::Pointwise { mid, out } => format!(
                "Pointwise 1×1: each of the {out} output channels is a weighted sum of all {mid} depthwise outputs ({mid}×{out} weights)."
            ),
            Caption::Done { out_channels } => format!(
                "Done: {} computed. Point at an output value, or Tab to the outputs and use the arrow keys, to trace it.",
                plural(*out_channels, "output channel", "output channels")
            ),
        }
    }

    fn step_of(&self, step: usize, steps: usize) -> String {
        format!("step {step} of {steps}")
    }

    fn narration(&self, step: usize, steps: usize, c: &Caption) -> String {
        format!("Step {step} of {steps}. {}", self.caption(c))
    }

    fn scene_name(&self, kind: ConvKind) -> String {
        format!("Diagram of the {} convolution", self.kind_name(kind))
    }

    fn scene_description(&self, f: &SceneFacts) -> String {
        let groups = if f.groups > 1 {
            format!(
                " in {} groups, each in its own colour and labelled g1 to g{}",
                f.groups, f.groups
            )
        } else {
            String::new()
        };
        let output = if f.pointwise.is_some() {
            "depthwise output"
        } else {
            "output"
        };
        let mut s = format!(
            "In order: the input {}{groups}; the filters {}; the {output} {}.",
            f.input, f.filters, f.output
        );
        if let Some((w, out)) = f.pointwise {
            s += &format!(
                " Then the pointwise 1×1 weights {} and the final output {}.",
                w, out
            );
        }
        if let Some(t) = f.traced {
            s += &format!(
                " The value {} is traced: what it reads is highlighted.",
                Nchw::from(t)
            );
        }
        s
    }

    fn output_view_label(&self) -> &'static str {
        "Output values: arrow keys move the traced value, Page Up/Down change channel"
    }

    fn transport_label(&self) -> &'static str {
        "Animation controls"
    }
    fn step_back(&self) -> &'static str {
        "Back"
    }
    fn step_back_hint(&self) -> &'static str {
        "Step back (←)"
    }
    fn play(&self) -> &'static str {
        "Play"
    }
    fn pause(&self) -> &'static str {
        "Pause"
    }
    fn play_hint(&self) -> &'static str {
        "Play or pause (Space)"
    }
    fn step_forward(&self) -> &'static str {
        "Next"
    }
    fn step_forward_hint(&self) -> &'static str {
        "Step forward (→)"
    }
    fn scrub_label(&self) -> &'static str {
        "Position in the animation"
    }
    fn speed(&self) -> &'static str {
        "Speed"
    }

    fn table_summary(&self) -> &'static str {
        "The picture as a table"
    }
    fn table_caption(&self, kind: ConvKind, groups: usize) -> String {
        format!(
            "{}: what each of the {} reads and makes",
            self.kind_title(kind),
            plural(groups, "group", "groups")
        )
    }
    fn col_group(&self) -> &'static str {
        "Group"
    }
    fn col_inputs(&self) -> &'static str {
        "Input channels"
    }
    fn col_filters(&self) -> &'static str {
        "Filters"
    }
    fn col_outputs(&self) -> &'static str {
        "Output channels"
    }
    fn col_values(&self) -> &'static str {
        "Output values"
    }
    fn channel_range(&self, r: Range<usize>) -> String {
        match r.len() {
            0 => "none".into(),
            1 => r.start.to_string(),
            _ => format!("{}–{}", r.start, r.end - 1),
        }
    }
    fn value_range(&self, lo: f32, hi: f32) -> String {
        format!("{lo:.3} to {hi:.3}")
    }
    fn table_pointwise(&self, mid: usize, out: usize, lo: f32, hi: f32) -> String {
        format!(
            "Then pointwise 1×1: every one of the {out} output channels mixes all {mid} depthwise outputs; values {}.",
            self.value_range(lo, hi)
        )
    }

    fn trace_heading(&self) -> &'static str {
        "Trace"
    }
    fn trace_hint(&self) -> &'static str {
        "Point at (or tap) any output value to see the multiply-adds that make it; from the keyboard, Tab to the output and use the arrow keys."
    }
    fn trace_title(&self, what: TracedWhat, index: [usize; 4]) -> String {
        let what = match what {
            TracedWhat::Output => "output",
            TracedWhat::DepthwiseOutput => "depthwise output",
            TracedWhat::PointwiseOutput => "output (pointwise)",
        };
        format!("Trace of {what} {}", Nchw::from(index))
    }
    fn trace_group(&self, group: usize, terms: usize) -> String {
        format!(
            "Group {} · {terms} multiply-adds (C_in/groups · kH · kW)",
            group + 1
        )
    }
    fn trace_field_pointwise(&self, channels: usize, y: usize, x: usize) -> String {
        format!(
            "Reads all {channels} depthwise outputs at ({y}, {x}) through one row of the 1×1 weights (highlighted)."
        )
    }
    fn trace_field(
        &self,
        chans: Range<usize>,
        (y0, y1): (isize, isize),
        (x0, x1): (isize, isize),
        filter: usize,
    ) -> String {
        format!(
            "Receptive field: input {}, rows {y0}–{y1}, columns {x0}–{x1} (boxed on the input); filter {filter} (outlined).",
            channels(&chans)
        )
    }
    fn trace_channel(&self, c: usize, lo: f32, hi: f32, mean: f64) -> String {
        format!("Channel {c}: min {lo:.3}, max {hi:.3}, mean {mean:.3}")
    }
    fn trace_more(&self, n: usize) -> String {
        format!("… {n} more terms")
    }
    fn trace_padding(&self) -> &'static str {
        " (padding)"
    }
    fn trace_bias(&self) -> &'static str {
        "+ bias"
    }
    fn trace_matches(&self) -> &'static str {
        " ✓ equals the value shown"
    }

    fn export_group(&self) -> &'static str {
        "Export the picture"
    }
    fn export(&self) -> &'static str {
        "Export"
    }
    fn export_png_hint(&self) -> &'static str {
        "The current frame as a PNG image"
    }
    fn export_svg_hint(&self) -> &'static str {
        "The current frame as an SVG drawing"
    }
    fn export_gif_hint(&self) -> &'static str {
        "The whole animation as a looping GIF, for slides and blogs"
    }
    fn gif_encoding(&self) -> &'static str {
        "Encoding GIF…"
    }
    fn gif_ready(&self, frames: usize, kib: usize) -> String {
        format!("GIF saved: {frames} frames, {kib} KB")
    }
    fn gif_failed(&self, e: &TaskFailure) -> String {
        let why = match e {
            TaskFailure::Request => "the GIF request could not be encoded".to_string(),
            TaskFailure::NoWorker => "no worker could start to encode the GIF".to_string(),
            TaskFailure::WorkerStopped => "the GIF worker stopped".to_string(),
            TaskFailure::NotSaved => "the GIF could not be saved".to_string(),
            TaskFailure::Job(e) => ErrorText::job_error(self, e),
            TaskFailure::Detail(detail) => detail.clone(),
        };
        format!("GIF export failed: {why}")
    }

    fn code_summary(&self) -> &'static str {
        "Code: run this layer in PyTorch or Keras"
    }
    fn code_note(&self) -> &'static str {
        "The same layer with the job's exact tensors; each script ends by printing the output's shape and sum as the line above does. "
    }
    fn code_arrays(&self) -> &'static str {
        "The arrays x, w, b and y (separable: also t, w_pw, b_pw) as NumPy's .npz:"
    }
    fn download_npz(&self) -> &'static str {
        "Download .npz"
    }
    fn keras_title(&self) -> &'static str {
        "Keras 3 (channels-last; any backend)"
    }
    fn copy_script(&self, script: &str) -> String {
        format!("Copy the {script} script")
    }
    fn copied(&self) -> &'static str {
        "Copied"
    }
    fn code_writing(&self) -> &'static str {
        "Writing the scripts…"
    }
    fn npz_preparing(&self) -> &'static str {
        "Preparing the .npz…"
    }
    fn code_failed(&self, e: &TaskFailure) -> String {
        let why = match e {
            TaskFailure::Request => "the request could not be encoded".to_string(),
            TaskFailure::NoWorker => "no worker could start to write it".to_string(),
            TaskFailure::WorkerStopped => "its worker stopped".to_string(),
            TaskFailure::NotSaved => "the .npz could not be saved".to_string(),
            TaskFailure::Job(e) => ErrorText::job_error(self, e),
            TaskFailure::Detail(detail) => detail.clone(),
        };
        format!("The code could not be made: {why}")
    }

    fn computing(&self) -> &'static str {
        "Computing…"
    }
    fn seconds(&self, seconds: f64) -> String {
        format!("{seconds:.1} s")
    }
}

impl LabelWords for En {
    fn label(&self, l: &Label) -> String {
        match l {
            Label::Title(t) => match t {
                Title::Input => "Input",
                Title::Filters => "Filters",
                Title::Output => "Output",
                Title::DepthwiseOutput => "Depthwise output",
                Title::Pointwise => "Pointwise 1×1",
            }
            .to_string(),
            Label::Shape(s, None) => s.to_string(),
            Label::Shape(s, Some(ShapeNote::Concat)) => format!("{} ← concat", s),
            Label::Shape(s, Some(ShapeNote::Shuffle)) => format!("{} ← shuffle", s),
            Label::Group(g) => format!("g{}", g + 1),
            Label::HiddenChannels(n) => format!("+{n} channels not drawn"),
            Label::KernelSlices { shown, of } => {
                format!("{shown} of {of} kernel slices per filter drawn")
            }
        }
    }
}
