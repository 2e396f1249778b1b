//! Why a job produced no result, typed so it crosses the worker as data and the
//! text layer words it in the page's language (`ErrorText::job_error`).

use conv_core::ConvError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobError {
    /// The layer or its tensors break a rule (PyTorch-worded in English).
    Conv(ConvError),
    /// A plan without a layer (not produced by a valid setting).
    NoStages,
    /// "sample" was chosen but its pixels have not reached the worker.
    SampleNotLoaded,
    /// The user's picture cannot be the input.
    Image(ImageError),
    /// The built-in sample picture could not be read.
    Sample(ImageError),
    /// The worker could not take the job, or stopped during it. The detail is
    /// the browser's own message, which has no translation.
    Worker {
        failure: WorkerFailure,
        detail: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerFailure {
    /// No worker could start here (the worker script did not load).
    CannotStart,
    /// Posting the job failed.
    Send,
    /// The worker threw or was killed mid-job.
    Stopped,
    /// A message between page and worker could not be read.
    Message,
}

/// Why a picture cannot be read or used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageError {
    /// No pixels (`w`×`h`).
    Empty { w: usize, h: usize },
    /// The RGBA buffer does not match the size.
    DataLength { got: usize, expected: usize },
    /// The browser cannot decode the file.
    NotDecodable,
    /// A browser facility the decoder needs is missing (`<img>`, a 2-D canvas)
    /// or refused (drawing, reading the pixels back).
    Unsupported,
}

impl From<ConvError> for JobError {
    fn from(e: ConvError) -> Self {
        JobError::Conv(e)
    }
}

impl From<ImageError> for JobError {
    fn from(e: ImageError) -> Self {
        JobError::Image(e)
    }
}

impl JobError {
    pub fn worker(failure: WorkerFailure, detail: impl Into<String>) -> Self {
        JobError::Worker {
            failure,
            detail: detail.into(),
        }
    }
}

/// One of every error the page can show, each variant once: what the tests of
/// the codec and of both languages' words go through.
pub fn every_error() -> Vec<JobError> {
    use conv_core::{ConvError as E, Param, Quantity};
    let conv = [
        E::GroupsNotPositive,
        E::ChannelsNotDivisible {
            param: Param::InChannels,
            channels: 8,
            groups: 3,
        },
        E::NotPositive {
            param: Param::InputHeight,
            value: "0".into(),
        },
        E::SameWithStride { stride: [2, 2] },
        E::ReflectPaddingTooLarge {
            padding: [4, 4],
            dim: 2,
            input: [1, 3, 4, 4],
        },
        E::CircularPaddingTooLarge {
            padding: [5, 5],
            dim: 3,
            input: [1, 3, 4, 4],
        },
        E::KernelLargerThanInput {
            padded: [2, 2],
            kernel: [3, 3],
            dilation: [2, 2],
        },
        E::InputChannels {
            groups: 2,
            weight: [16, 4, 3, 3],
            input: [1, 6, 8, 8],
            expected: 8,
        },
        E::ShapeMismatch {
            what: Quantity::Bias,
            expected: vec![16],
            got: vec![8],
        },
        E::DataLength {
            what: Quantity::Tensor,
            expected: 9,
            got: 8,
        },
        E::LimitExceeded {
            what: Quantity::MacsPerRun,
            limit: 10,
            got: 11,
        },
        E::LimitExceeded {
            what: Quantity::Param(Param::KernelSize),
            limit: 10,
            got: 11,
        },
        E::Overflow {
            what: Quantity::Flops,
        },
        E::PresetNeedsKernel {
            preset: conv_core::weights::WeightPreset::Laplacian,
            kernel: [1, 3],
        },
        E::InvalidSpec("x".into()),
    ];
    let image = [
        ImageError::Empty { w: 0, h: 3 },
        ImageError::DataLength {
            got: 1,
            expected: 4,
        },
        ImageError::NotDecodable,
        ImageError::Unsupported,
    ];
    let mut all: Vec<JobError> = conv.into_iter().map(JobError::Conv).collect();
    all.extend(image.iter().cloned().map(JobError::Image));
    all.extend(image.into_iter().map(JobError::Sample));
    all.extend([JobError::NoStages, JobError::SampleNotLoaded]);
    for f in [
        WorkerFailure::CannotStart,
        WorkerFailure::Send,
        WorkerFailure::Stopped,
        WorkerFailure::Message,
    ] {
        all.push(JobError::worker(f, "detail"));
    }
    all
}
