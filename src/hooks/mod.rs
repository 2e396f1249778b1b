//! Hooks that own browser resources (observers, frames) and clean them up.

pub mod use_canvas_size;
