use conv_core::{ConvError, Quantity};

use super::En;
use crate::state::fields::Problem;
use crate::state::SeedError;
use crate::text::errors::ErrorText;
use groupwise_core::compute::{ImageError, JobError, WorkerFailure};

impl ErrorText for En {
    /// conv-core's own messages are English, in PyTorch's words; a preset is
    /// named as the form names it.
    fn conv_error(&self, e: &ConvError) -> String {
        match e {
            ConvError::PresetNeedsKernel { preset, kernel } => format!(
                "{} needs kernel_size ≥ 3 (got kernel_size={})",
                crate::text::form::FormText::weight_preset(self, *preset),
                conv_core::error::pair(*kernel)
            ),
            _ => e.to_string(),
        }
    }
    fn quantity(&self, q: Quantity) -> String {
        q.name().into()
    }
    fn problem(&self, p: &Problem) -> String {
        match p {
            Problem::NotInteger { field, text } => {
                format!("{} must be an integer (got '{text}')", field.key())
            }
            Problem::Negative { field, text } => {
                format!("{} must be a positive integer (got {text})", field.key())
            }
            Problem::NotIntOrPair { field, text } => {
                format!(
                    "{} must be an integer or a pair h,w (got '{text}')",
                    field.key()
                )
            }
            Problem::NegativePadding { text } => {
                format!("negative padding is not supported (got padding={text})")
            }
            Problem::BadPadding { text } => {
                format!("padding must be an integer, a pair h,w, 'same' or 'valid' (got '{text}')")
            }
            Problem::Conv(e) => self.conv_error(e),
        }
    }
    fn seed_error(&self, e: &SeedError) -> String {
        format!(
            "seed must be an integer from 0 to {} (got '{}')",
            u64::MAX,
            e.text
        )
    }
    fn image_error(&self, e: &ImageError) -> String {
        match e {
            ImageError::Empty { w, h } => format!("the image is empty ({w}x{h} pixels)"),
            ImageError::DataLength { got, expected } => {
                format!("image data has {got} bytes, expected {expected}")
            }
            ImageError::NotDecodable => {
                "could not read the image: the file is not an image this browser can decode".into()
            }
            ImageError::Unsupported => {
                "could not read the image: this browser cannot draw it on a canvas".into()
            }
        }
    }
    fn job_error(&self, e: &JobError) -> String {
        match e {
            JobError::Conv(e) => self.conv_error(e),
            JobError::NoStages => "the layer has no stages".into(),
            JobError::SampleNotLoaded => "the sample image is not loaded yet".into(),
            JobError::Image(e) => self.image_error(e),
            JobError::Sample(e) => format!("the sample image: {}", self.image_error(e)),
            JobError::Worker { failure, detail } => {
                match failure {
                    WorkerFailure::CannotStart => {
                        format!("no compute worker could start here, so nothing can be computed: {detail}")
                    }
                    WorkerFailure::Send => format!("cannot send the job to the worker: {detail}"),
                    WorkerFailure::Stopped => format!("the compute worker stopped: {detail}"),
                    WorkerFailure::Message => format!("cannot read the worker's reply: {detail}"),
                }
            }
        }
    }
}
