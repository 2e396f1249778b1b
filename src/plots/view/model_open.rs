//! Opening the learner's own ONNX model: a file picker and a drop target, and
//! then what the file holds (its summary, with the exact counts by kind as
//! attributes for tests and tools, and the notes), or why it could not be read.
//! A bad file leaves the rest of the view as it was.

use std::rc::Rc;

use conv_core::presets::{LayerKind, Network};
use yew::prelude::*;

use super::use_model_import::ModelStatus;
use crate::plots::draw::short_sig;
use crate::plots::text::PlotsText;
use crate::plots::view::use_plots_text;
use groupwise_core::worker::model::ImportedModel;

#[derive(Properties, PartialEq)]
pub struct ModelOpenProps {
    pub status: ModelStatus,
    /// The last model read, still shown when a later file fails.
    pub kept: Option<(Rc<ImportedModel>, String)>,
    pub on_open: Callback<web_sys::File>,
}

/// The first file of a file list.
fn first(files: Option<web_sys::FileList>) -> Option<web_sys::File> {
    files?.get(0)
}

#[function_component(ModelOpen)]
pub fn model_open(props: &ModelOpenProps) -> Html {
    let t = use_plots_text();
    let over = use_state_eq(|| false);
    let on_change = {
        let open = props.on_open.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            if let Some(f) = first(input.files()) {
                open.emit(f);
            }
            // The same file may be chosen again.
            input.set_value("");
        })
    };
    let on_drag = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(e.type_() != "dragleave");
        })
    };
    let on_drop = {
        let (open, over) = (props.on_open.clone(), over.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            if let Some(f) = first(e.data_transfer().and_then(|d| d.files())) {
                open.emit(f);
            }
        })
    };
    html! {
        <div class={classes!("model-open", over.then_some("over"))} data-testid="model-drop"
            ondragover={on_drag.clone()} ondragenter={on_drag.clone()} ondragleave={on_drag} ondrop={on_drop}>
            <label class="field file">
                <span>{ t.model_open() }</span>
                <input type="file" accept=".onnx" data-testid="model-open" onchange={on_change} />
            </label>
            <p class="hint">{ t.model_drop() }</p>
            { view_status(t, &props.status) }
            if let (false, Some((m, name))) = (matches!(props.status, ModelStatus::Ready(..)), &props.kept) {
                { view_summary(t, m, name) }
            }
        </div>
    }
}

fn view_status(t: &dyn PlotsText, s: &ModelStatus) -> Html {
    match s {
        ModelStatus::Idle => html! {},
        ModelStatus::Reading(_) => {
            html! { <p class="muted" role="status">{ t.model_reading() }</p> }
        }
        ModelStatus::Ready(m, name) => view_summary(t, m, name),
        ModelStatus::Failed(e, known) => html! {
            <div class="model-failed">
                <p class="alert" role="alert" data-testid="model-error">{ t.model_error(e) }</p>
                if !known.layers.is_empty() {
                    <p>{ t.model_known(known.layers.len()) }</p>
                    <ol class="known-layers" data-testid="model-known">
                        { for known.layers.iter().map(|l| html! { <li>{ format!("{} · {} · {} → {}", l.name, t.layer_kind(l.kind), l.input, l.output) }</li> }) }
                    </ol>
                }
            </div>
        },
        ModelStatus::NoWorker => {
            html! { <p class="alert" role="alert" data-testid="model-error">{ t.model_no_worker() }</p> }
        }
    }
}

/// MACs of `net`'s layers of one kind (its own bias, as the file holds it).
fn macs_of(net: &Network, kind: LayerKind) -> u64 {
    net.layers
        .iter()
        .filter(|l| l.kind == kind)
        .map(|l| l.cost.macs)
        .sum()
}

fn view_summary(t: &dyn PlotsText, m: &ImportedModel, file: &str) -> Html {
    let net = &m.network;
    let total = net.total();
    let layers = net.layers.iter().filter(|l| !l.kind.is_marker()).count();
    let name = if file.is_empty() {
        t.your_model()
    } else {
        file
    };
    let k = |kind| macs_of(net, kind).to_string();
    html! {
        <div class="model-summary">
            <p role="status" data-testid="model-summary" data-macs={total.macs.to_string()}
                data-params={total.params.to_string()} data-layers={layers.to_string()}
                data-macs-standard={k(LayerKind::Standard)} data-macs-grouped={k(LayerKind::Grouped)}
                data-macs-depthwise={k(LayerKind::Depthwise)} data-macs-pointwise={k(LayerKind::Pointwise)}
                data-macs-fully-connected={k(LayerKind::FullyConnected)}>
                { t.model_summary(name, layers, &short_sig(total.macs), &short_sig(total.params)) }
                <small>{ format!(" ({})", t.model_origin(&m.producer, m.opset)) }</small>
            </p>
            <ul class="notes">
                { for m.notes.iter().map(|n| html! { <li data-testid="model-note">{ t.model_note(n) }</li> }) }
                <li>{ t.model_not_in_link() }</li>
            </ul>
        </div>
    }
}
