//! The messages of the form area.

pub trait FormText {}
