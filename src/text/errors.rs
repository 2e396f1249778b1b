//! Error messages. Errors reach this layer typed (conv-core's [`ConvError`],
//! the form's [`Problem`], a job's [`JobError`]); English keeps PyTorch's
//! wording, Chinese says the same thing naturally, with the parameter names
//! (`in_channels`, `groups`, ...) as they are in code.

use conv_core::{ConvError, Quantity};

use crate::state::fields::Problem;
use crate::state::SeedError;
use groupwise_core::compute::{ImageError, JobError};

pub trait ErrorText {
    /// A rule of the convolution broken.
    fn conv_error(&self, e: &ConvError) -> String;
    /// The name of what a size or limit message is about.
    fn quantity(&self, q: Quantity) -> String;
    /// A field that cannot be read, or a rule broken.
    fn problem(&self, p: &Problem) -> String;
    fn seed_error(&self, e: &SeedError) -> String;
    /// Why a picture cannot be used.
    fn image_error(&self, e: &ImageError) -> String;
    /// Why the newest job produced nothing.
    fn job_error(&self, e: &JobError) -> String;
}
