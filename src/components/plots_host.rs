//! Where the cost plots go on the page. They are their own wasm module,
//! loaded once the reader nears them (`plots::use_plots_bridge`): this
//! element holds the page's state for them (`plots::bridge::PlotsView`, as its
//! attribute) and passes their requests on as the plots section's callbacks.

use conv_core::{Conv2dSpec, Nchw};
use yew::prelude::*;

use crate::hooks::use_text::use_text;
use crate::plots::bridge::{PlotsRequest, PlotsView};
use crate::plots::use_plots_bridge::use_plots_bridge;
use crate::state::plot_settings::PlotAction;

#[derive(Properties, PartialEq)]
pub struct PlotsHostProps {
    pub view: PlotsView,
    /// The plots may start loading (once near the viewport): the page has
    /// shown its first result, so the page's height no longer changes at once.
    pub begin: bool,
    /// Changes the charts' settings (`Action::Plot`).
    pub on_plot: Callback<PlotAction>,
    /// Loads a preset's layer into the form (`Action::LoadLayer`).
    pub on_load_layer: Callback<(Conv2dSpec, Nchw)>,
}

#[function_component(PlotsHost)]
pub fn plots_host(props: &PlotsHostProps) -> Html {
    let t = use_text();
    let node = use_node_ref();
    let on_request = {
        let (plot, load) = (props.on_plot.clone(), props.on_load_layer.clone());
        Callback::from(move |r| match r {
            PlotsRequest::Plot(a) => plot.emit(a),
            PlotsRequest::LoadLayer { spec, input } => load.emit((spec, input)),
        })
    };
    let failed = use_plots_bridge(node.clone(), props.begin, on_request);
    // `data-plots`: plots::bridge::VIEW_ATTR, the attribute the plots module reads.
    html! {
        <div class="plots-host" ref={node} data-testid="plots-host" data-plots={props.view.encode()}>
            if failed {
                <p class="notice" role="alert">{ t.plots_unavailable() }</p>
            } else {
                <p class="plots-loading muted">{ t.plots_loading() }</p>
            }
        </div>
    }
}
