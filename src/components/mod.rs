//! One file per component; each takes props and callbacks only.

pub mod config_form;
pub mod cost_table;
pub mod image_picker;
pub mod output_stats;
pub mod progress;
pub mod shape_summary;
