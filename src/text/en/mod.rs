//! English. Errors keep PyTorch's wording.

mod charts;
mod errors;
mod form;
mod picture;
mod shell;

/// The English messages.
pub struct En;
