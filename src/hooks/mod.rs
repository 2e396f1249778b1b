//! Hooks: effects with cleanup, kept out of components.

pub mod use_animation_frame;
pub mod use_conv_job;
