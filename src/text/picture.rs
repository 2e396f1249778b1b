//! The messages of the picture area: the stage captions and narration (the
//! scene's labels, drawn on the canvas and into the PNG, SVG and GIF, are each
//! language's `LabelWords`), the
//! transport, the trace, the picture's table, the exports, the code panel and
//! the progress line.

use std::ops::Range;

use conv_core::ConvKind;

use groupwise_core::export::TaskFailure;
use groupwise_core::picture::captions::Caption;
use groupwise_core::views::SceneFacts;

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

pub trait PictureText {
    /// The picture section's name.
    fn picture_region(&self) -> &'static str;
    /// The stage sentence.
    fn caption(&self, c: &Caption) -> String;
    /// "step 3 of 8".
    fn step_of(&self, step: usize, steps: usize) -> String;
    /// What the live region says when a stage begins.
    fn narration(&self, step: usize, steps: usize, c: &Caption) -> String;
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
    fn gif_failed(&self, e: &TaskFailure) -> String;

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
    fn code_failed(&self, e: &TaskFailure) -> String;

    /// While a job runs: "Computing…", then the seconds so far ("1.4 s").
    fn computing(&self) -> &'static str;
    fn seconds(&self, seconds: f64) -> String;
}

#[cfg(test)]
mod tests {
    use crate::text::{label_words, text, Lang};
    use groupwise_core::compute::{run_job, InputSource, JobError, JobRequest};
    use groupwise_core::picture::captions::{caption, Caption, StageFacts};
    use groupwise_core::picture::render::{svg::SvgPainter, Renderer};
    use groupwise_core::picture::scene::{build, Moment};
    use groupwise_core::picture::timeline::{Stage, TimelineShape};
    use groupwise_core::views::{scene_layer, ResultPlanes};

    fn describe(stage: Stage, shape: &TimelineShape, f: &StageFacts) -> String {
        text(Lang::En).caption(&caption(stage, shape, f))
    }

    /// Which variant a caption is, so the test below knows it met them all.
    fn variant(c: &Caption) -> usize {
        match c {
            Caption::Input { .. } => 0,
            Caption::Whole { .. } => 1,
            Caption::Split { .. } => 2,
            Caption::ConvAll { .. } => 3,
            Caption::ConvGroup { .. } => 4,
            Caption::ConvBatch { .. } => 5,
            Caption::NoConcat { .. } => 6,
            Caption::Concat { .. } => 7,
            Caption::Shuffle { .. } => 8,
            Caption::Pointwise { .. } => 9,
            Caption::Done { .. } => 10,
        }
    }
    const VARIANTS: usize = 11;

    #[test]
    fn every_caption_reads_in_both_languages() {
        let facts = |c_in, c_out, groups, pointwise| StageFacts {
            in_channels: c_in,
            out_channels: c_out,
            groups,
            kernel: [3, 3],
            in_hw: [8, 8],
            out_hw: [8, 8],
            pointwise,
        };
        let cases = [
            (facts(3, 8, 1, None), false, false),
            (facts(8, 8, 4, None), false, true),
            (facts(64, 64, 64, Some((64, 128))), true, false),
        ];
        let mut seen = [false; VARIANTS];
        for (f, separable, shuffle) in cases {
            let shape = TimelineShape {
                groups: f.groups,
                separable,
                shuffle,
            };
            for stage in shape.steps() {
                let c = caption(stage, &shape, &f);
                seen[variant(&c)] = true;
                let (en, zh) = (text(Lang::En).caption(&c), text(Lang::Zh).caption(&c));
                assert!(!en.is_empty() && !zh.is_empty(), "{c:?}");
                assert!(
                    zh.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                    "{zh}"
                );
                assert!(!en.chars().any(|ch| ch > '\u{2fff}'), "{en}");
                for l in Lang::ALL {
                    let n = text(l).narration(2, 9, &c);
                    assert!(n.contains(&text(l).caption(&c)) && n.contains('9'));
                }
            }
        }
        assert_eq!(seen, [true; VARIANTS], "a caption variant no case reaches");
        let concat = caption(Stage::Concat, &GROUPED, &facts(8, 8, 4, None));
        assert!(text(Lang::Zh).caption(&concat).contains("拼接"));
    }

    const GROUPED: TimelineShape = TimelineShape {
        groups: 4,
        separable: false,
        shuffle: false,
    };

    #[test]
    fn sentences_carry_the_real_numbers() {
        let f = StageFacts {
            in_channels: 16,
            out_channels: 32,
            groups: 4,
            kernel: [3, 3],
            in_hw: [28, 28],
            out_hw: [28, 28],
            pointwise: None,
        };
        assert_eq!(
            describe(Stage::GroupConv(1), &GROUPED, &f),
            "Group 2 of 4: 8 filters (8×4×3×3) sweep input channels 4–7 and build output channels 8–15 (28×28 each)."
        );
        assert_eq!(
            describe(Stage::Split, &GROUPED, &f),
            "The 16 input channels split into 4 groups of 4 channels: each group is convolved on its own."
        );
        assert_eq!(
            describe(Stage::Concat, &GROUPED, &f),
            "The 4 groups' outputs (8 each) concatenate back in channel order: 32 output channels."
        );
        let dw = TimelineShape {
            groups: 64,
            separable: true,
            shuffle: false,
        };
        let f = StageFacts {
            in_channels: 64,
            out_channels: 64,
            groups: 64,
            pointwise: Some((64, 128)),
            ..f
        };
        assert_eq!(
            describe(Stage::GroupConv(0), &dw, &f),
            "Groups 1–4 of 64 at once: each group's 1 filter (1×1×3×3) sweeps only its own 1 channel; input channels 0–3 build output channels 0–3."
        );
        assert!(describe(Stage::Pointwise, &dw, &f)
            .contains("all 64 depthwise outputs (64×128 weights)"));
        let standard = StageFacts {
            in_channels: 3,
            out_channels: 8,
            groups: 1,
            pointwise: None,
            ..f
        };
        assert_eq!(
            describe(Stage::GroupConv(0), &GROUPED, &standard),
            "One group: each of the 8 filters (8×3×3×3) sweeps all 3 input channels and builds one output channel (28×28)."
        );
        assert_eq!(
            describe(Stage::Input, &dw, &f),
            "The input: 64 channels of 28×28 values."
        );
    }

    /// The page's job for a form (`crate::state::Fields`) as the reducer parses it.
    fn job(f: &crate::state::Fields) -> JobRequest {
        JobRequest {
            id: 1,
            setting: f.parse().unwrap(),
            seed: 42,
            input: InputSource::Random,
            weights: conv_core::weights::WeightPreset::Random,
            sample: None,
        }
    }

    /// The picture's labels in Chinese, through the renderer into an SVG.
    #[test]
    fn the_svg_export_labels_in_chinese() {
        let r = std::rc::Rc::new(run_job(&job(&crate::state::Fields::default())).unwrap());
        let layer = scene_layer(&r, false);
        let moment = Moment {
            stage: Stage::Done,
            progress: 1.0,
        };
        let scene = build(&layer, moment, 900.0, None);
        let mut p = SvgPainter::new(Box::new(|_, _, _| None));
        let planes = ResultPlanes::new(r);
        Renderer::default().draw(&mut p, &scene, &planes, label_words(Lang::Zh), true);
        let svg = p.finish(scene.width, scene.height, "组卷积", "zh");
        assert!(
            svg.contains(">输入</text>") && svg.contains(">卷积核</text>"),
            "{svg}"
        );
    }

    /// A job's errors as the page words them, in PyTorch's words and in Chinese.
    #[test]
    fn job_errors_read_as_pytorch_and_in_chinese() {
        use crate::state::{Field, Fields};
        let mut f = Fields::default();
        f.set(Field::KernelSize, "1".into());
        let mut req = job(&f);
        req.weights = conv_core::weights::WeightPreset::SobelX;
        let e = run_job(&req).unwrap_err();
        assert!(matches!(e, JobError::Conv(_)));
        assert!(text(Lang::En)
            .job_error(&e)
            .contains("Sobel x needs kernel_size ≥ 3"));
        assert_eq!(
            text(Lang::Zh).job_error(&e),
            "Sobel x \u{9700}\u{8981} kernel_size \u{2265} 3\u{ff08}\u{5f53}\u{524d} kernel_size=(1, 1)\u{ff09}"
        );
        let mut f = Fields::default();
        f.set(Field::Groups, "3".into());
        let e = run_job(&job(&f)).unwrap_err();
        assert_eq!(
            text(Lang::En).job_error(&e),
            "in_channels must be divisible by groups (in_channels=8, groups=3)"
        );
        assert_eq!(
            text(Lang::Zh).job_error(&e),
            "in_channels 必须能被 groups 整除（in_channels=8, groups=3）"
        );
    }
}
