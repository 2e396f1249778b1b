//! A job and its result, as data: what the page asks (a setting, a seed, an
//! input source and a weight preset) and every tensor the page draws, with the
//! output's statistics. Both cross to and from the workers.

use conv_core::weights::WeightPreset;
use conv_core::{Conv2dLayer, ConvKind, PlaneStats, Stats, Tensor};
use serde::{Deserialize, Serialize};

use super::error::JobError;
use super::setting::Setting;
use crate::picture::colors::max_magnitude;

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

/// A job's first layer and, for separable, its pointwise layer.
pub type Layers = Result<(Conv2dLayer, Option<Conv2dLayer>), JobError>;
