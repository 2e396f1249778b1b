//! `use_qr_code`: the QR code of a text (the share link) as an SVG `data:` URL,
//! an `<img>` source the CSP allows. The code is drawn in a task worker
//! (`groupwise_core::export::qr`), so the page links no QR encoder; until it answers, and where
//! no worker runs, there is no code (the link above it is what matters).

use yew::prelude::*;

use super::task_worker::{finish, Failed, Slot, TaskWorker};
use groupwise_core::worker::protocol::{Reply, Request};

/// The QR code of `text` once it is drawn (`None` for an empty text).
#[hook]
pub fn use_qr_code(text: String) -> Option<String> {
    // The text drawn, and its code.
    let drawn = use_state(|| None::<(String, String)>);
    let live: Slot = use_mut_ref(|| None);
    {
        let drawn = drawn.clone();
        use_effect_with(text.clone(), move |text| {
            if !text.is_empty() {
                *live.borrow_mut() = draw(text.clone(), drawn, live.clone());
            }
            move || drop(live.borrow_mut().take())
        });
    }
    (*drawn)
        .as_ref()
        .filter(|(t, _)| *t == text)
        .map(|(_, url)| url.clone())
}

fn draw(
    text: String,
    drawn: UseStateHandle<Option<(String, String)>>,
    live: Slot,
) -> Option<TaskWorker> {
    let on_reply = {
        let (text, drawn) = (text.clone(), drawn.clone());
        move |reply| {
            if let Reply::Qr(svg) = reply {
                drawn.set((!svg.is_empty()).then(|| (text.clone(), data_url(&svg))));
                finish(&live);
            }
        }
    };
    let on_error = {
        let text = text.clone();
        move |when: Failed| {
            // Builds for the browser tests (no worker script) draw on the page.
            #[cfg(feature = "inline-compute")]
            if when == Failed::BeforeRequest {
                if let Some(svg) = groupwise_core::export::qr::qr_svg(&text) {
                    drawn.set(Some((text.clone(), data_url(&svg))));
                }
            }
            #[cfg(not(feature = "inline-compute"))]
            let _ = (when, &text, &drawn);
        }
    };
    TaskWorker::start(Request::Qr(text), Box::new(on_reply), Box::new(on_error)).ok()
}

fn data_url(svg: &str) -> String {
    let encoded: String = js_sys::encode_uri_component(svg).into();
    format!("data:image/svg+xml;charset=utf-8,{encoded}")
}
