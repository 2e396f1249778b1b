use onnx_import::{ModelError, Note};

use super::networks::{NetworksText, SortColumn};
use crate::state::plot_settings::Unit;
use crate::text::en::En;

impl NetworksText for En {
    fn networks_cost_caption(&self, unit: Unit) -> &'static str {
        match unit {
            Unit::Macs => "MACs by kind of layer",
            Unit::Flops => "FLOPs by kind of layer",
        }
    }
    fn networks_params_caption(&self) -> &'static str {
        "Parameters by kind of layer"
    }
    fn networks_legend_note(&self, unit: Unit) -> String {
        format!("· {} and parameters by kind", unit.label())
    }
    fn networks_alt(&self, unit: Unit, totals: &[(String, String)]) -> String {
        let each: Vec<String> = totals.iter().map(|(n, v)| format!("{n} {v}")).collect();
        format!(
            "Whole networks side by side, {} and parameters stacked by kind of layer: {}. The table below gives every share.",
            unit.label(),
            each.join(", ")
        )
    }
    fn compare_legend(&self) -> &'static str {
        "Networks compared"
    }
    fn compare_table(&self) -> &'static str {
        "The comparison as a table"
    }
    fn layers_of(&self) -> &'static str {
        "Layers of"
    }
    fn your_model(&self) -> &'static str {
        "Your model"
    }
    fn model_open(&self) -> &'static str {
        "Open your own ONNX model"
    }
    fn model_drop(&self) -> &'static str {
        "or drop the .onnx file here. It is read in this browser and never uploaded; its weights can stay in their own file."
    }
    fn model_reading(&self) -> &'static str {
        "Reading the model…"
    }
    fn model_summary(&self, name: &str, layers: usize, macs: &str, params: &str) -> String {
        format!("{name}: {layers} layers, {macs} MACs (mult-adds), {params} parameters")
    }
    fn model_origin(&self, producer: &str, opset: i64) -> String {
        if producer.is_empty() {
            format!("ONNX opset {opset}")
        } else {
            format!("exported by {producer}, ONNX opset {opset}")
        }
    }
    fn model_note(&self, note: &Note) -> String {
        match note {
            Note::BatchTakenAsOne { input, param } => match param {
                Some(p) => format!("The batch of input '{input}' is symbolic ('{p}'): costed for a batch of 1."),
                None => format!("The batch of input '{input}' is not fixed: costed for a batch of 1."),
            },
            Note::PaddingShown { layer, pads, shown } => format!(
                "{layer} pads unevenly ({}, {}, {}, {} top, left, bottom, right); shown as ({}, {}, {}, {}), which gives the same output and cost.",
                pads[0], pads[1], pads[2], pads[3], shown[0], shown[1], shown[2], shown[3]
            ),
        }
    }
    fn model_not_in_link(&self) -> &'static str {
        "Your model stays on this device: a link cannot carry it, so the share link shows the presets only."
    }
    fn model_error(&self, e: &ModelError) -> String {
        format!("This file could not be read, so the page keeps what it showed: {e}.")
    }
    fn model_known(&self, n: usize) -> String {
        format!("The {n} layers read before that:")
    }
    fn model_no_worker(&self) -> &'static str {
        "No worker could start to read the file here."
    }
    fn filter_kind(&self) -> &'static str {
        "show"
    }
    fn all_kinds(&self) -> &'static str {
        "every kind"
    }
    fn sort_by(&self, column: SortColumn, descending: bool) -> String {
        let name = match column {
            SortColumn::Index => "graph order",
            SortColumn::Name => "name",
            SortColumn::Kind => "kind",
            SortColumn::Cost => "cost",
            SortColumn::Params => "parameters",
        };
        let order = if descending {
            "descending"
        } else {
            "ascending"
        };
        format!("sort by {name}, {order}")
    }
    fn groups_column(&self) -> &'static str {
        "groups"
    }
    fn layer_count(&self, shown: usize, of: usize) -> String {
        if shown == of {
            format!("{of} layers")
        } else {
            format!("{shown} of {of} layers")
        }
    }
}
