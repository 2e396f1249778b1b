//! `use_plots_bridge`, the page's side of the cost plots: once the page has
//! shown its first result and the host comes within 200 px of the viewport,
//! it starts the plots module on it (`plots.js`, a second wasm module, so the
//! page's own stays small: docs/PERFORMANCE.md, "Bundle"; and waiting keeps
//! their start out of the page's load: "Long tasks"), and turns the plots'
//! requests into a callback. The host's attribute carries the page's state
//! the other way (`plots::bridge`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::plots::bridge::{PlotsRequest, CLOSE_EVENT, REQUEST_EVENT};

/// The plots module, from beside the page: `plots.js` and `plots_bg.wasm`
/// (trunk's build of `src/bin/plots.rs`, as a classic script: trunk builds one
/// ES module per page). The test builds mount the same
/// app from this module instead, as wasm-bindgen-test serves no `plots.js`.
#[cfg(not(feature = "inline-compute"))]
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
let loading;
// Resolves once `host` is within 200 px of the viewport, or once the reader
// moves through the page with Tab (focus must find the plots there, and it
// need not scroll them near before it leaves the page). They sit below the
// picture, so loading them waits until the reader comes near, and the page's
// load (its first frames, the first result, the autoplay) is not shared with
// the plots' own start. `close` stops waiting (the host left).
function near(host, close) {
    if (!('IntersectionObserver' in window)) return Promise.resolve(true);
    return new Promise((ok) => {
        const o = new IntersectionObserver((seen) => {
            if (seen.some((e) => e.isIntersecting)) end(true);
        }, { rootMargin: '200px 0px' });
        const tab = (e) => { if (e.key === 'Tab') end(true); };
        const end = (go) => {
            o.disconnect();
            document.removeEventListener('keydown', tab);
            ok(go);
        };
        host.addEventListener(close, () => end(false), { once: true });
        document.addEventListener('keydown', tab);
        // The host is `display: contents` (no box of its own): its loading
        // note stands where the plots will be.
        o.observe(host.firstElementChild ?? host);
    });
}
export function start_plots(host, close) {
    const at = (f) => new URL(f, document.baseURI).href;
    return near(host, close).then((go) => {
        if (!go) return;
        // trunk builds it as a classic script (one global, `wasm_bindgen`), loaded once.
        loading ??= new Promise((ok, fail) => {
            const s = document.createElement('script');
            s.src = at('./plots.js');
            s.onload = ok;
            s.onerror = () => fail(new Error('plots.js could not be loaded'));
            document.head.append(s);
        }).then(() => wasm_bindgen({ module_or_path: at('./plots_bg.wasm') }));
        return loading.then(() => wasm_bindgen.mount_plots(host));
    });
}
"#)]
extern "C" {
    fn start_plots(host: &web_sys::Element, close: &str) -> js_sys::Promise;
}

/// Starts the plots app on `host`; `Err` when its module could not be loaded.
async fn start(host: web_sys::Element) -> Result<(), ()> {
    #[cfg(not(feature = "inline-compute"))]
    return wasm_bindgen_futures::JsFuture::from(start_plots(&host, CLOSE_EVENT))
        .await
        .map(drop)
        .map_err(drop);
    #[cfg(feature = "inline-compute")]
    {
        crate::plots::app::start_plots(host);
        Ok(())
    }
}

/// Starts the plots on the element `host` refers to, from the first render
/// where `begin` is set, and sends their requests to `on_request` (the latest
/// one given). Returns whether they failed to load.
#[hook]
pub fn use_plots_bridge(host: NodeRef, begin: bool, on_request: Callback<PlotsRequest>) -> bool {
    let failed = use_state(|| false);
    let latest = use_mut_ref(|| on_request.clone());
    *latest.borrow_mut() = on_request;
    // Once begun, begun for good.
    let begun = use_mut_ref(|| false);
    *begun.borrow_mut() |= begin;
    let begun = *begun.borrow();
    {
        let failed = failed.setter();
        use_effect_with(begun, move |&begun| {
            let el = host.cast::<web_sys::Element>().filter(|_| begun);
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
