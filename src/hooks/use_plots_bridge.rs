//! `use_plots_bridge`, the page's side of the cost plots: on the host element's
//! first render it starts the plots module on it (`plots.js`, a second wasm
//! module, so the page's own stays small: docs/PERFORMANCE.md, "Bundle"), and
//! turns the plots' requests into a callback. The host's attribute carries the
//! page's state the other way (`state::bridge`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::bridge::{PlotsRequest, CLOSE_EVENT, REQUEST_EVENT};

/// The plots module, from beside the page: `plots.js` and `plots_bg.wasm`
/// (trunk's build of `src/bin/plots.rs`, as a classic script: trunk builds one
/// ES module per page). The test builds mount the same
/// app from this module instead, as wasm-bindgen-test serves no `plots.js`.
#[cfg(not(feature = "inline-compute"))]
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
let loading;
export function start_plots(host) {
    const at = (f) => new URL(f, document.baseURI).href;
    // trunk builds it as a classic script (one global, `wasm_bindgen`), loaded once.
    loading ??= new Promise((ok, fail) => {
        const s = document.createElement('script');
        s.src = at('./plots.js');
        s.onload = ok;
        s.onerror = () => fail(new Error('plots.js could not be loaded'));
        document.head.append(s);
    }).then(() => wasm_bindgen({ module_or_path: at('./plots_bg.wasm') }));
    return loading.then(() => wasm_bindgen.mount_plots(host));
}
"#)]
extern "C" {
    fn start_plots(host: &web_sys::Element) -> js_sys::Promise;
}

/// Starts the plots app on `host`; `Err` when its module could not be loaded.
async fn start(host: web_sys::Element) -> Result<(), ()> {
    #[cfg(not(feature = "inline-compute"))]
    return wasm_bindgen_futures::JsFuture::from(start_plots(&host))
        .await
        .map(drop)
        .map_err(drop);
    #[cfg(feature = "inline-compute")]
    {
        crate::start_plots(host);
        Ok(())
    }
}

/// Starts the plots on the element `host` refers to and sends their requests to
/// `on_request` (the latest one given). Returns whether they failed to load.
#[hook]
pub fn use_plots_bridge(host: NodeRef, on_request: Callback<PlotsRequest>) -> bool {
    let failed = use_state(|| false);
    let latest = use_mut_ref(|| on_request.clone());
    *latest.borrow_mut() = on_request;
    {
        let failed = failed.setter();
        use_effect_with((), move |_| {
            let el = host.cast::<web_sys::Element>();
            let listener = el.as_ref().map(|el| listen(el, latest));
            if let Some(el) = el.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    if start(el).await.is_err() {
                        failed.set(true);
                    }
                });
            }
            move || {
                drop(listener);
                if let Some(el) = el {
                    if let Ok(e) = web_sys::Event::new(CLOSE_EVENT) {
                        let _ = el.dispatch_event(&e);
                    }
                }
            }
        });
    }
    *failed
}

fn listen(el: &web_sys::Element, to: Rc<RefCell<Callback<PlotsRequest>>>) -> EventListener {
    EventListener::new(el, REQUEST_EVENT, move |e| {
        let detail = e
            .dyn_ref::<web_sys::CustomEvent>()
            .and_then(|c| c.detail().as_string());
        if let Some(r) = detail.as_deref().and_then(PlotsRequest::decode) {
            let cb = to.borrow().clone();
            cb.emit(r);
        }
    })
}
