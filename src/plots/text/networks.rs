//! The words of the networks view: whole networks compared by kind, the
//! learner's own ONNX model (opening it, what it holds, why it could not be
//! read) and the layer table's controls.

use onnx_import::{ModelError, Note};

use crate::state::plot_settings::Unit;

/// A column of the layer table that sorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Index,
    Name,
    Kind,
    Cost,
    Params,
}

pub trait NetworksText {
    /// The comparison's panels: the cost, by kind, and the parameters.
    fn networks_cost_caption(&self, unit: Unit) -> &'static str;
    fn networks_params_caption(&self) -> &'static str;
    fn networks_legend_note(&self, unit: Unit) -> String;
    /// The comparison canvas's accessible name: each network's total.
    fn networks_alt(&self, unit: Unit, totals: &[(String, String)]) -> String;
    /// The checkboxes of the networks compared.
    fn compare_legend(&self) -> &'static str;
    /// The comparison's table: a network's share of one kind.
    fn compare_table(&self) -> &'static str;
    /// Which network's layers the table lists.
    fn layers_of(&self) -> &'static str;
    /// The learner's own model, as a bar's name.
    fn your_model(&self) -> &'static str;

    // Opening a model.
    fn model_open(&self) -> &'static str;
    fn model_drop(&self) -> &'static str;
    fn model_reading(&self) -> &'static str;
    /// The model's summary: its name, layers, MACs and parameters (short).
    fn model_summary(&self, name: &str, layers: usize, macs: &str, params: &str) -> String;
    /// Its producer and operator set.
    fn model_origin(&self, producer: &str, opset: i64) -> String;
    fn model_note(&self, note: &Note) -> String;
    /// A link cannot carry a file.
    fn model_not_in_link(&self) -> &'static str;
    fn model_error(&self, e: &ModelError) -> String;
    /// Above the layers read before a shape could not be known.
    fn model_known(&self, n: usize) -> String;
    /// No worker could read the file.
    fn model_no_worker(&self) -> &'static str;

    // The layer table.
    fn filter_kind(&self) -> &'static str;
    fn all_kinds(&self) -> &'static str;
    fn sort_by(&self, column: SortColumn, descending: bool) -> String;
    fn groups_column(&self) -> &'static str;
    fn layer_count(&self, shown: usize, of: usize) -> String;
}
