//! The messages of the errors area.

pub trait ErrorText {}
