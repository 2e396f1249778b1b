//! The plots' app root: the section on the page's host element, and how the
//! plots module mounts it there.

use std::rc::Rc;

use yew::prelude::*;

use crate::plots::bridge::use_plots_host::use_plots_host;
use crate::plots::bridge::{PlotsRequest, PlotsView};
use crate::plots::view::plots_section::PlotsSection;
use crate::state::lang::Lang;
use crate::state::view::Theme;

#[derive(Properties, PartialEq)]
pub struct PlotsAppProps {
    /// The page's `PlotsHost` element.
    pub host: web_sys::Element,
}

#[function_component(PlotsApp)]
pub fn plots_app(props: &PlotsAppProps) -> Html {
    let (text, send) = use_plots_host(props.host.clone());
    let view = use_memo(text, |t| PlotsView::decode(t));
    // Recomputed only when the layer changes, not with the charts' settings.
    let computed = use_memo(view.fields.clone(), |_| view.computed().map(Rc::new));
    let on_plot = send.reform(PlotsRequest::Plot);
    let on_load_layer = send.reform(|(spec, input)| PlotsRequest::LoadLayer { spec, input });
    html! {
        <ContextProvider<Lang> context={view.lang}>
        <ContextProvider<Theme> context={view.theme}>
            <PlotsSection computed={(*computed).clone()} plots={view.plots.clone()} {on_plot} {on_load_layer} />
        </ContextProvider<Theme>>
        </ContextProvider<Lang>>
    }
}

/// Mounts the cost plots on the page's host element (`components::plots_host`):
/// what the plots module (`src/bin/plots.rs`) runs. It ends when the page sends
/// the host `bridge::CLOSE_EVENT`.
pub fn start_plots(host: web_sys::Element) {
    let Some(root) = gloo::utils::document().create_element("div").ok() else {
        return;
    };
    root.set_class_name("plots-root");
    if host.append_child(&root).is_err() {
        return;
    }
    take_a_tree_id();
    let app =
        yew::Renderer::<PlotsApp>::with_root_and_props(root, PlotsAppProps { host: host.clone() })
            .render();
    gloo::events::EventListener::once(&host, crate::plots::bridge::CLOSE_EVENT, move |_| {
        app.destroy()
    })
    .forget();
}

#[function_component(Spare)]
fn spare() -> Html {
    html! {}
}

/// Yew tells its apps' trees apart by a number it brands their roots with,
/// counting from 1 in each wasm module. The page is another module's app, so
/// its tree and the plots' were both 1, and the page took the plots' events for
/// its own (the file picker's `C:\fakepath\…` landed in out_channels). The
/// page mounts one tree; a spare tree here takes the plots' module's first
/// number, so the plots' root is branded 2.
fn take_a_tree_id() {
    if let Ok(spare) = gloo::utils::document().create_element("div") {
        yew::Renderer::<Spare>::with_root(spare).render().destroy();
    }
}
