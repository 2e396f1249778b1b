//! The messages of the picture area.

pub trait PictureText {}
