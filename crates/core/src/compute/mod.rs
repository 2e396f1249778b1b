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
pub(crate) mod setting;
pub mod split;
pub mod timing;

pub use setting::Setting;

use conv_core::weights::{preset_weights, WeightPreset};

use crate::picture::colors::max_magnitude;

use conv_core::{
    generate, Conv2dLayer, ConvKind, ConvProblem, KindPlan, Limits, PlaneStats, Stats, Tensor,
};
use serde::{Deserialize, Serialize};

/// Where the input tensor comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum InputSource {
    /// Seeded uniform `[-1, 1)` from the conv-core generator.
    Random,
    /// The built-in `sample.png` (its pixels travel in [`JobRequest::sample`]).
    Sample,
    /// The user's own image, decoded in the browser; it never leaves it.
    Image(ImagePixels),
}

impl InputSource {
    /// URL/test-id name: `random`, `sample` or `image`.
    pub fn name(&self) -> &'static str {
        match self {
            InputSource::Random => "random",
            InputSource::Sample => "sample",
            InputSource::Image(_) => "image",
        }
    }
}

/// Straight (not premultiplied) RGBA pixels, row by row, as `getImageData` gives them.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct ImagePixels {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

impl std::fmt::Debug for ImagePixels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ImagePixels({}x{})", self.width, self.height)
    }
}

/// One run of the pipeline. `id` orders requests: only the newest one's result is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRequest {
    pub id: u64,
    pub setting: Setting,
    pub seed: u64,
    pub input: InputSource,
    pub weights: WeightPreset,
    /// The decoded `sample.png`, filled in by the hook when the input is the sample.
    pub sample: Option<ImagePixels>,
}

/// Every tensor of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobResult {
    pub id: u64,
    pub mode: ConvKind,
    /// The focused layer; in separable mode, the depthwise layer.
    pub layer: Conv2dLayer,
    pub input: Tensor,
    pub weight: Tensor,
    pub bias: Option<Vec<f32>>,
    /// Separable only: the depthwise output, which the pointwise layer mixes.
    pub intermediate: Option<Tensor>,
    pub pw_layer: Option<Conv2dLayer>,
    pub pw_weight: Option<Tensor>,
    pub pw_bias: Option<Vec<f32>>,
    pub output: Tensor,
    /// `output.stats()`.
    pub stats: Stats,
    /// `output.plane_stats()`: a job split across workers gets its `stats`
    /// from its parts' planes (see [`split::merge`]), not from a second sweep.
    pub planes: Vec<PlaneStats>,
    /// Each tensor's largest magnitude, which saturates the picture's colour map.
    pub magnitudes: Magnitudes,
    /// Wall time of `run_job`, in milliseconds.
    pub compute_ms: f64,
    /// Wall time of the convolution kernels alone (both stages of separable).
    pub kernel_ms: f64,
}

/// The largest finite magnitude of each tensor of a result (0 when it has
/// none), made where the tensors are made, in the worker: the page would
/// otherwise sweep every value (tens of megabytes at 224²) to colour a plane.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Magnitudes {
    pub input: f32,
    pub weight: f32,
    /// Separable: the depthwise output.
    pub intermediate: f32,
    pub pw_weight: f32,
    pub output: f32,
}

impl Magnitudes {
    pub fn of(r: &JobResult) -> Self {
        let m = |t: Option<&Tensor>| t.map_or(0.0, |t| max_magnitude(&t.data));
        Magnitudes {
            input: m(Some(&r.input)),
            weight: m(Some(&r.weight)),
            intermediate: m(r.intermediate.as_ref()),
            pw_weight: m(r.pw_weight.as_ref()),
            output: m(Some(&r.output)),
        }
    }
}

/// A job result compared by identity: comparing megabytes of tensors on every
/// render would cost more than a frame, and a new result always comes in a new `Rc`.
#[derive(Debug, Clone)]
pub struct ResultRef(pub std::rc::Rc<JobResult>);

impl PartialEq for ResultRef {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for ResultRef {
    type Target = JobResult;
    fn deref(&self) -> &JobResult {
        &self.0
    }
}

/// Milliseconds since some fixed point (`performance.now()` in the page and
/// in a worker); only differences are used.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        // performance.now() in the page and in the worker: sub-millisecond, unlike Date.now().
        let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| wasm_bindgen::JsCast::dyn_into::<web_sys::Performance>(p).ok());
        perf.map_or_else(js_sys::Date::now, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::time::{SystemTime, UNIX_EPOCH};
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    }
}

pub use error::{ImageError, JobError, WorkerFailure};

/// A job's first layer and, for separable, its pointwise layer.
pub type Layers = Result<(Conv2dLayer, Option<Conv2dLayer>), JobError>;

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
    pub(crate) use crate::compute::setting::test_setting::Field;

    pub(crate) fn request(mode: ConvKind, edits: &[(Field, &str)]) -> JobRequest {
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
        ConvProblem::new(
            layer,
            &g.input,
            &g.weight,
            g.bias.as_deref(),
            &Limits::default(),
        )
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
        let req = request(ConvKind::Separable, &[(Field::Multiplier, "2")]);
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
        let mut req = request(
            ConvKind::Grouped,
            &[(Field::OutChannels, "8"), (Field::Groups, "4")],
        );
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
            let mut req = request(
                ConvKind::Depthwise,
                &[(Field::InChannels, c), (Field::Groups, "1")],
            );
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
        let mut req = request(ConvKind::Standard, &[(Field::KernelSize, "1")]);
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
        let req = request(ConvKind::Grouped, &[(Field::Groups, "3")]);
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
                let req = request(
                    mode,
                    &[(Field::InChannels, c), (Field::H, "6"), (Field::W, "6")],
                );
                let r = run_job(&req).unwrap_or_else(|e| panic!("{mode:?} C_in={c}: {e:?}"));
                assert_eq!(r.output.shape.c, out_c, "{mode:?}");
            }
        }
    }
}
