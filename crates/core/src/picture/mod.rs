//! The picture as its own subsystem, as epaint keeps shapes beside the painter:
//! the scene is plain data built from a layer and a moment of the timeline,
//! and the renderer paints it on the page's canvas, the worker's OffscreenCanvas
//! (GIF frames) or into SVG. No DOM outside `render::canvas`, so the rest is
//! tested natively.

pub mod captions;
pub mod colors;
pub mod lod;
pub mod render;
pub mod scene;
pub mod timeline;

pub use colors::Theme;
