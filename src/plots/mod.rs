//! The cost plots, as one feature folder with an app root of its own: they are
//! the second wasm module (`src/bin/plots.rs`), which the page loads once the
//! reader nears them. [`PlotsApp`] is the plots section on the page's host
//! element, in the page's language and theme, fed from what the host says
//! ([`bridge::PlotsView`]) and answering through it; [`use_plots_bridge`] is
//! the page's side, which starts it.
//!
//! - [`model`]: the numbers each chart draws;
//! - [`draw`]: the charts, drawn with plotters on any backend;
//! - [`view`]: the components, one per chart;
//! - [`bridge`]: the page's side and the plots' side of their messages;
//! - [`text`]: the plots' words, in both languages.

pub mod app;
pub mod bridge;
pub mod draw;
pub mod model;
pub mod text;
pub mod use_plots_bridge;
pub mod view;
