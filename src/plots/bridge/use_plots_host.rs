//! `use_plots_host`, the plots module's side of `use_plots_bridge`: the page's
//! state as its host element's attribute says it (a MutationObserver follows
//! it), and a callback that sends the page a request as an event on the host.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::plots::bridge::{PlotsRequest, REQUEST_EVENT, VIEW_ATTR};

fn view_of(host: &web_sys::Element) -> String {
    host.get_attribute(VIEW_ATTR).unwrap_or_default()
}

/// The host's `PlotsView` text, and how to send a request.
#[hook]
pub fn use_plots_host(host: web_sys::Element) -> (String, Callback<PlotsRequest>) {
    let view = use_state(|| view_of(&host));
    {
        let (host, view) = (host.clone(), view.setter());
        use_effect_with((), move |_| {
            let watched = host.clone();
            let cb =
                Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| view.set(view_of(&watched)));
            let observer = web_sys::MutationObserver::new(cb.as_ref().unchecked_ref()).ok();
            if let Some(o) = &observer {
                let opts = web_sys::MutationObserverInit::new();
                opts.set_attributes(true);
                opts.set_attribute_filter(&js_sys::Array::of1(&VIEW_ATTR.into()));
                let _ = o.observe_with_options(&host, &opts);
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(cb);
            }
        });
    }
    let send = use_callback(host, |r: PlotsRequest, host| {
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&JsValue::from_str(&r.encode()));
        if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict(REQUEST_EVENT, &init) {
            let _ = host.dispatch_event(&e);
        }
    });
    ((*view).clone(), send)
}
