//! One file per component; each takes props and callbacks only.

pub mod charts;
pub mod config_form;
pub mod controls;
pub mod cost_table;
pub mod image_picker;
pub mod output_stats;
pub mod plane_canvas;
pub mod pointwise_matrix;
pub mod progress;
pub mod shape_summary;
pub mod stage_view;
pub mod tensor_view;
pub mod trace_panel;
pub mod transport;
pub mod weights_view;
