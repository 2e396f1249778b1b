//! Helpers shared by the browser tests: mount the app from a URL, wait for Yew's
//! asynchronous renders, find elements by `data-testid`, type as a user does.
//! Each test file is its own crate and uses a subset, hence the allow.
#![allow(dead_code)]

use std::time::Duration;

use groupwise::App;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

/// Puts `query` (e.g. `"?groups=4"`, or `""`) in the address bar, then mounts a
/// fresh app in its own element. The app keeps its state in the URL, so every
/// test starts from the query it names and not from the previous test's.
pub async fn mount_at(query: &str) -> Element {
    let window = gloo::utils::window();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}")),
        )
        .unwrap();
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

/// Yew renders asynchronously, and a finished job redraws the whole picture:
/// give it a few frames.
pub async fn settle() {
    sleep(120).await;
}

pub async fn sleep(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

pub fn find(root: &Element, id: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid='{id}']"))
        .unwrap()
}

pub fn by_testid(root: &Element, id: &str) -> Element {
    find(root, id).unwrap_or_else(|| panic!("no element with data-testid={id}"))
}

/// Types into a field the way a user does: set the value, fire a bubbling `input` event.
pub async fn type_into(root: &Element, id: &str, text: &str) {
    let input: HtmlInputElement = by_testid(root, id).dyn_into().unwrap();
    input.set_value(text);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    settle().await;
}
