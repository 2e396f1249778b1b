//! One file per component; each takes props and callbacks only.

pub mod charts;
pub mod config_form;
pub mod cost_table;
pub mod shape_summary;
