//! The compute pipeline: one [`JobRequest`] (a setting, a seed, an input source
//! and a weight preset) in, one [`JobResult`] (every tensor the page draws, and the
//! output statistics) out. Pure Rust with no DOM, so it runs the same in the page,
//! in the Web Worker and in native tests.
//!
//! # Which numbers
//!
//! - **Layer.** The focused layer follows the mode exactly as
//!   [`conv_core::KindPlan::build`] defines the kinds (validating only what that
//!   kind uses): standard is the base with
//!   groups = 1, grouped is the base as given, depthwise has groups = C_in and
//!   C_in·multiplier outputs, separable is that depthwise layer then a 1x1 layer to
//!   out_channels.
//! - **Random input, weights, bias** come from
//!   `conv_core::rng::generate(&layer, input_shape, seed, &Limits::default())`, so the
//!   page shows exactly the numbers of
//!   `conv run --spec S.json --seed K --input-shape N,C,H,W`.
//! - **Separable.** The depthwise stage's input, weights and bias come from
//!   `generate(dw, input_shape, seed)`. The pointwise stage's weights and bias come
//!   from `generate(pw, intermediate_shape, seed.wrapping_add(1))`, whose input is
//!   ignored (the pointwise input is the depthwise output). With a hand-made weight
//!   preset, the preset fills the depthwise (spatial) stage and the pointwise stage is
//!   the 1x1 identity (see [`conv_core::weights`]), so the preset's effect reaches
//!   the output unmixed.
//! - **Image input** (the sample or the user's file) replaces only the input: see
//!   [`image`]. The weights still follow the preset.

pub mod arrival;
pub mod error;
pub mod image;
mod job;
pub(crate) mod setting;
pub mod split;
pub mod timing;

pub use job::{ImagePixels, InputSource, JobRequest, JobResult, Layers, Magnitudes, ResultRef};
pub use setting::Setting;
pub use timing::now_ms;

use conv_core::weights::{preset_weights, WeightPreset};

use conv_core::{generate, Conv2dLayer, ConvProblem, KindPlan, Limits, Stats, Tensor};

pub use error::{ImageError, JobError, WorkerFailure};

/// The plan of a job for `s`: only the focused kind is validated, so a field
/// it ignores must not fail the run.
pub fn plan_of(s: &Setting) -> Result<KindPlan, JobError> {
    Ok(KindPlan::build(
        s.mode,
        &s.base,
        s.input,
        s.multiplier,
        &Limits::default(),
    )?)
}

/// The layers a job for `s` runs: the focused kind's first layer and, for
/// separable, its pointwise layer. The page reads a worker's result with the
/// layers of the setting it asked for (`wire::decode_outcome`), so they are not
/// read back from the message.
pub fn layers_of(s: &Setting) -> Layers {
    layers_in(&plan_of(s)?)
}

/// The layers of a job's plan ([`plan_of`]), as [`layers_of`].
pub fn layers_in(plan: &KindPlan) -> Layers {
    let mut layers = plan.stages.iter().map(|p| p.layer);
    let first = layers.next().ok_or(JobError::NoStages)?;
    Ok((first, layers.next()))
}

/// Runs one job. Errors are typed (conv-core's, or what is missing, such as
/// the sample image); the page words them.
pub fn run_job(req: &JobRequest) -> Result<JobResult, JobError> {
    run_job_part(req, None)
}

/// Runs one job, or one part of it (see [`split`]): a part computes its block
/// of the last layer's output channels, and only part 0 returns the other
/// tensors (the rest return them empty, so they are not sent back).
pub fn run_job_part(req: &JobRequest, part: Option<split::Part>) -> Result<JobResult, JobError> {
    let start = now_ms();
    let s = &req.setting;
    let limits = Limits::default();
    let (layer, pw) = layers_of(s)?;

    let random = generate(&layer, s.input, req.seed, &limits)?;
    let input = match &req.input {
        InputSource::Random => random.input,
        InputSource::Sample => {
            let img = req.sample.as_ref().ok_or(JobError::SampleNotLoaded)?;
            image::image_input(img, s.input)?
        }
        InputSource::Image(img) => image::image_input(img, s.input)?,
    };
    let (weight, bias) = if req.weights == WeightPreset::Random {
        (random.weight, random.bias)
    } else {
        preset_weights(&layer, req.weights, req.seed)?
    };
    let t0 = now_ms();
    let last = |l: &Conv2dLayer, x: &Tensor, w: &Tensor, b: Option<&[f32]>| match part {
        Some(p) => split::run_part(l, x, w, b, p, &limits),
        None => ConvProblem::new(l, x, w, b, &limits).map(|p| p.run()),
    };
    let first = if pw.is_none() {
        last(&layer, &input, &weight, bias.as_deref())?
    } else {
        ConvProblem::new(&layer, &input, &weight, bias.as_deref(), &limits).map(|p| p.run())?
    };
    let mut kernel_ms = now_ms() - t0;

    let mut result = JobResult {
        id: req.id,
        mode: s.mode,
        layer,
        input,
        weight,
        bias,
        intermediate: None,
        pw_layer: None,
        pw_weight: None,
        pw_bias: None,
        stats: Stats::of_planes(&[]),
        planes: Vec::new(),
        magnitudes: Magnitudes::default(),
        output: first,
        compute_ms: 0.0,
        kernel_ms: 0.0,
    };
    if let Some(pw_layer) = pw {
        let intermediate = std::mem::replace(&mut result.output, arrival::empty());
        let (pw_weight, pw_bias) = if req.weights == WeightPreset::Random {
            let g = generate(
                &pw_layer,
                intermediate.shape,
                req.seed.wrapping_add(1),
                &limits,
            )?;
            (g.weight, g.bias)
        } else {
            preset_weights(&pw_layer, WeightPreset::Identity, req.seed)?
        };
        let t0 = now_ms();
        let output = last(&pw_layer, &intermediate, &pw_weight, pw_bias.as_deref())?;
        kernel_ms += now_ms() - t0;
        result.output = output;
        result.intermediate = Some(intermediate);
        result.pw_layer = Some(pw_layer);
        result.pw_weight = Some(pw_weight);
        result.pw_bias = pw_bias;
    }
    result.kernel_ms = kernel_ms;
    result.planes = result.output.plane_stats();
    result.stats = Stats::of_planes(&result.planes);
    if part.is_some_and(|p| p.index > 0) {
        split::drop_inputs(&mut result);
    }
    // After the drop: a later part sweeps only its own output block.
    result.magnitudes = Magnitudes::of(&result);
    result.compute_ms = now_ms() - start;
    Ok(result)
}

/// The benchmark's measurement (`scripts/bench_browser.mjs`, through the worker's
/// `bench` message): the kernels of a finished job run again `runs` times on its own
/// tensors, each run timed as [`run_job`] times `kernel_ms` (both stages of
/// separable). Milliseconds per run.
pub fn time_kernels(r: &JobResult, runs: usize) -> Result<Vec<f64>, JobError> {
    let limits = Limits::default();
    (0..runs)
        .map(|_| {
            let t0 = now_ms();
            let first = ConvProblem::new(&r.layer, &r.input, &r.weight, r.bias.as_deref(), &limits)
                .map(|p| p.run())?;
            if let (Some(pw), Some(w)) = (&r.pw_layer, &r.pw_weight) {
                ConvProblem::new(pw, &first, w, r.pw_bias.as_deref(), &limits).map(|p| p.run())?;
            }
            Ok(now_ms() - t0)
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use conv_core::ConvKind;

    pub(crate) fn request(mode: ConvKind, edits: &[(&str, &str)]) -> JobRequest {
        JobRequest {
            id: 1,
            setting: crate::compute::setting::test_setting::setting(mode, edits),
            seed: 42,
            input: InputSource::Random,
            weights: WeightPreset::Random,
            sample: None,
        }
    }

    /// What `conv run --seed 42` computes for the same layer, called directly.
    fn direct(layer: &Conv2dLayer, req: &JobRequest) -> Tensor {
        let g = generate(layer, req.setting.input, req.seed, &Limits::default()).unwrap();
        g.problem(layer, &Limits::default())
            .map(|p| p.run())
            .unwrap()
    }

    #[test]
    fn each_single_layer_mode_matches_the_generator_and_kernel() {
        for (mode, groups, out_c) in [
            (ConvKind::Standard, 1, 16),
            (ConvKind::Grouped, 2, 16),
            (ConvKind::Depthwise, 8, 8),
        ] {
            let req = request(mode, &[]);
            let r = run_job(&req).unwrap();
            assert_eq!(r.mode, mode);
            assert_eq!(r.layer.groups, groups, "{mode:?}");
            assert_eq!(r.output.shape.c, out_c);
            let want = direct(&r.layer, &req);
            assert_eq!(r.stats, want.stats());
            assert_eq!(r.output, want);
            assert!(r.intermediate.is_none() && r.pw_layer.is_none());
        }
    }

    #[test]
    fn separable_runs_depthwise_then_pointwise_with_seed_plus_one() {
        let req = request(ConvKind::Separable, &[("multiplier", "2")]);
        let r = run_job(&req).unwrap();
        assert_eq!(r.layer.groups, 8);
        assert_eq!(r.layer.out_channels, 16);
        let mid = r.intermediate.clone().unwrap();
        assert_eq!(mid, direct(&r.layer, &req));
        let pw = r.pw_layer.unwrap();
        assert_eq!(
            (pw.in_channels, pw.out_channels, pw.kernel),
            (16, 16, [1, 1])
        );
        let g = generate(&pw, mid.shape, 43, &Limits::default()).unwrap();
        assert_eq!(r.pw_weight.as_ref(), Some(&g.weight));
        let out = ConvProblem::new(&pw, &mid, &g.weight, g.bias.as_deref(), &Limits::default())
            .map(|p| p.run())
            .unwrap();
        assert_eq!(r.stats, out.stats());
        assert_eq!(r.output.shape.c, 16);
    }

    #[test]
    fn same_seed_same_numbers_other_seed_other_numbers() {
        let a = run_job(&request(ConvKind::Grouped, &[])).unwrap();
        let b = run_job(&request(ConvKind::Grouped, &[])).unwrap();
        assert_eq!(a.stats, b.stats);
        let mut req = request(ConvKind::Grouped, &[]);
        req.seed = 43;
        assert_ne!(run_job(&req).unwrap().stats, a.stats);
    }

    #[test]
    fn time_kernels_times_each_run_of_every_stage() {
        for mode in [ConvKind::Grouped, ConvKind::Separable] {
            let r = run_job(&request(mode, &[])).unwrap();
            let t = time_kernels(&r, 3).unwrap();
            assert_eq!(t.len(), 3);
            assert!(t.iter().all(|ms| ms.is_finite() && *ms >= 0.0), "{t:?}");
        }
    }

    #[test]
    fn grouped_identity_reproduces_the_input() {
        let mut req = request(ConvKind::Grouped, &[("out_channels", "8"), ("groups", "4")]);
        req.weights = WeightPreset::Identity;
        let r = run_job(&req).unwrap();
        assert_eq!(r.output, r.input);
        assert_eq!(r.bias, Some(vec![0.0; 8]));
    }

    #[test]
    fn image_input_has_the_layers_channel_count() {
        let img = ImagePixels {
            width: 4,
            height: 3,
            rgba: (0..48).map(|i| (i * 5) as u8).collect(),
        };
        for c in ["1", "3", "8"] {
            let mut req = request(ConvKind::Depthwise, &[("in_channels", c), ("groups", "1")]);
            req.input = InputSource::Image(img.clone());
            let r = run_job(&req).unwrap();
            assert_eq!(r.input.shape.c, c.parse::<usize>().unwrap());
            assert_eq!((r.input.shape.h, r.input.shape.w), (32, 32));
            assert!(r.input.data.iter().all(|v| (-1.0..=1.0).contains(v)));
        }
    }

    #[test]
    fn sample_without_pixels_and_sobel_on_1x1_are_errors() {
        let mut req = request(ConvKind::Standard, &[]);
        req.input = InputSource::Sample;
        assert_eq!(run_job(&req).unwrap_err(), JobError::SampleNotLoaded);
        let mut req = request(ConvKind::Standard, &[("kernel_size", "1")]);
        req.weights = WeightPreset::SobelX;
        assert_eq!(
            run_job(&req).unwrap_err(),
            JobError::Conv(conv_core::ConvError::PresetNeedsKernel {
                preset: WeightPreset::SobelX,
                kernel: [1, 1]
            })
        );
    }

    #[test]
    fn invalid_setting_gives_the_pytorch_message() {
        let req = request(ConvKind::Grouped, &[("groups", "3")]);
        let e = run_job(&req).unwrap_err();
        // The text layer words it as PyTorch does (the app's text tests).
        assert_eq!(
            e,
            JobError::Conv(conv_core::ConvError::ChannelsNotDivisible {
                param: conv_core::Param::InChannels,
                channels: 8,
                groups: 3
            })
        );
    }

    /// Odd channel counts with groups = 2: only the grouped kind reads groups.
    #[test]
    fn a_field_the_kind_ignores_does_not_fail_the_run() {
        for c in ["3", "5", "7"] {
            let n: usize = c.parse().unwrap();
            for (mode, out_c) in [
                (ConvKind::Standard, 16),
                (ConvKind::Depthwise, n),
                (ConvKind::Separable, 16),
            ] {
                let req = request(mode, &[("in_channels", c), ("h", "6"), ("w", "6")]);
                let r = run_job(&req).unwrap_or_else(|e| panic!("{mode:?} C_in={c}: {e:?}"));
                assert_eq!(r.output.shape.c, out_c, "{mode:?}");
            }
        }
    }
}
