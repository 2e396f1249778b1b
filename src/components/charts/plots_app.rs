//! The root of the plots module (`src/bin/plots.rs`): the plots section on the
//! page's host element, in the page's language and theme, fed from what the
//! host says (`state::bridge::PlotsView`) and answering through it.

use std::rc::Rc;

use yew::prelude::*;

use super::plots_section::PlotsSection;
use crate::hooks::use_plots_host::use_plots_host;
use crate::state::bridge::{PlotsRequest, PlotsView};
use crate::state::view::Theme;
use crate::text::Lang;

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
