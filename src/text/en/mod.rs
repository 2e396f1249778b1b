//! English. Errors keep PyTorch's wording.

mod errors;
mod form;
mod picture;
mod shell;

/// The English messages.
pub struct En;
