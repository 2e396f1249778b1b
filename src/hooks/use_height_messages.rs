//! `use_height_messages`: when the page is framed, posts its height to the
//! parent on load and on every change of height (a ResizeObserver on `<body>`),
//! as `JSON.stringify({"context":"iframe.resize","height":H,"src":location.href})`.
//! It only ever posts: it listens to no message, so a host cannot drive it.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::view::height_message;

/// The page is inside a frame (its parent window is another window).
fn framed(w: &web_sys::Window) -> bool {
    match (w.parent(), w.self_()) {
        (Ok(Some(parent)), me) => !js_sys::Object::is(&parent, &me),
        _ => false,
    }
}

fn post_height(last: &std::cell::Cell<f64>) {
    let Some(w) = web_sys::window() else { return };
    let Some(doc) = w.document().and_then(|d| d.document_element()) else {
        return;
    };
    let h = doc.scroll_height() as f64;
    if h == last.get() {
        return;
    }
    last.set(h);
    let href = w.location().href().unwrap_or_default();
    if let Ok(Some(parent)) = w.parent() {
        // "*": the page does not know its host, and the height is not a secret.
        let _ = parent.post_message(&JsValue::from_str(&height_message(h, &href)), "*");
    }
}

#[hook]
pub fn use_height_messages() {
    use_effect_with((), |_| {
        let mut keep = None;
        if let Some(w) = web_sys::window().filter(framed) {
            let last = std::rc::Rc::new(std::cell::Cell::new(-1.0));
            post_height(&last);
            let cb = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| post_height(&last));
            if let (Ok(o), Some(body)) = (
                web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()),
                w.document().and_then(|d| d.body()),
            ) {
                o.observe(&body);
                keep = Some((o, cb));
            }
        }
        move || {
            if let Some((o, cb)) = keep {
                o.disconnect();
                drop(cb);
            }
        }
    });
}
