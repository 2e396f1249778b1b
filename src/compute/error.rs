//! Why a job produced no result, typed so it crosses the worker as data and the
//! text layer words it in the page's language (`ErrorText::job_error`).

use conv_core::ConvError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
