//! The page's components, one file each; each takes props and callbacks only
//! (the plots' own are in `crate::plots::view`).

pub mod code_panel;
pub mod config_form;
pub mod controls;
pub mod cost_table;
pub mod export_bar;
pub mod groups_slider;
pub mod image_picker;
pub mod output_stats;
pub mod picture;
pub mod picture_table;
pub mod plots_host;
pub mod progress;
pub mod shape_summary;
pub mod share_dialog;
pub mod trace_panel;
pub mod transport;
