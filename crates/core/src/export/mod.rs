//! Everything the page hands out as a file: the cost and preset tables as CSV,
//! the picture as PNG, SVG or an animated GIF, the code panel's scripts and
//! `.npz`, and the share link's QR code. The GIF, the code and the QR code are
//! made in task workers (their encoders stay out of the page's wasm).

pub mod code;
pub mod csv;
pub mod download;
pub mod gif;
pub mod image;
pub mod npz;
pub mod qr;
pub mod snippet;

use crate::compute::JobError;

/// Why a task worker's file (a GIF, the code panel's files) was not made.
/// Worded by the text layer; it crosses from the worker as words
/// ([`crate::worker::error_codec`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskFailure {
    /// The request could not be put in a message.
    Request,
    /// No worker could start (and the page could not make the file either).
    NoWorker,
    /// The worker stopped before it answered.
    WorkerStopped,
    /// The file was made but could not be offered as a file.
    NotSaved,
    /// Replaying the job failed.
    Job(JobError),
    /// A technical detail (a message not read, a frame not drawn), not translated.
    Detail(String),
}
