//! Browser tests: mount the real app in headless Chromium and drive it through the DOM.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use groupwise::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh app in its own element and waits for the first render. The app
/// reads and writes its state in the URL, so each test starts from a bare one.
async fn mount() -> Element {
    let window = gloo::utils::window();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
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
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(120)).await;
}

fn by_testid(root: &Element, id: &str) -> Element {
    root.query_selector(&format!("[data-testid='{id}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={id}"))
}

/// Types into a field the way a user does: set the value, fire a bubbling `input` event.
async fn type_into(root: &Element, id: &str, text: &str) {
    let input: HtmlInputElement = by_testid(root, id).dyn_into().unwrap();
    input.set_value(text);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    settle().await;
}

fn attr(root: &Element, id: &str, name: &str) -> String {
    by_testid(root, id).get_attribute(name).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn changing_groups_updates_grouped_macs() {
    let root = mount().await;
    // Default: 8 → 16 channels, 32x32, 3x3, padding 1, groups 2.
    assert_eq!(
        attr(&root, "cost-grouped", "data-macs"),
        (16 * 4 * 9 * 32 * 32).to_string()
    );
    let standard = attr(&root, "cost-standard", "data-macs");
    assert_eq!(standard, (16 * 8 * 9 * 32 * 32).to_string());

    type_into(&root, "field-groups", "4").await;
    assert_eq!(
        attr(&root, "cost-grouped", "data-macs"),
        (16 * 2 * 9 * 32 * 32).to_string()
    );
    type_into(&root, "field-groups", "8").await;
    assert_eq!(
        attr(&root, "cost-grouped", "data-macs"),
        (16 * 9 * 32 * 32).to_string()
    );
    // FLOPs = 2·MACs + one bias add per output; params include the bias.
    assert_eq!(
        attr(&root, "cost-grouped", "data-flops"),
        (2 * 16 * 9 * 32 * 32 + 16 * 32 * 32).to_string()
    );
    assert_eq!(
        attr(&root, "cost-grouped", "data-params"),
        (16 * 9 + 16).to_string()
    );
    // Standard does not depend on groups.
    assert_eq!(attr(&root, "cost-standard", "data-macs"), standard);
}

#[wasm_bindgen_test]
async fn invalid_groups_shows_alert_and_keeps_last_result() {
    let root = mount().await;
    type_into(&root, "field-groups", "4").await;
    let valid = attr(&root, "cost-grouped", "data-macs");

    type_into(&root, "field-groups", "3").await;
    let alert = root
        .query_selector("[role='alert']")
        .unwrap()
        .expect("an alert is shown");
    assert_eq!(
        alert.text_content().unwrap(),
        "in_channels must be divisible by groups (in_channels=8, groups=3)"
    );
    assert_eq!(
        attr(&root, "cost-grouped", "data-macs"),
        valid,
        "last valid result stays"
    );
    let input: HtmlInputElement = by_testid(&root, "field-groups").dyn_into().unwrap();
    assert_eq!(input.value(), "3", "what the user typed is kept");

    type_into(&root, "field-groups", "8").await;
    assert!(
        root.query_selector("[role='alert']").unwrap().is_none(),
        "alert clears once valid"
    );
}

#[wasm_bindgen_test]
async fn unreadable_and_impossible_inputs_are_explained() {
    let root = mount().await;
    type_into(&root, "field-kernel_size", "abc").await;
    let alert = root.query_selector("[role='alert']").unwrap().unwrap();
    assert_eq!(
        alert.text_content().unwrap(),
        "kernel_size must be an integer or a pair h,w (got 'abc')"
    );

    type_into(&root, "field-kernel_size", "64").await;
    let alert = root.query_selector("[role='alert']").unwrap().unwrap();
    assert!(alert
        .text_content()
        .unwrap()
        .contains("Kernel size can't be greater than actual input size"));
}

#[wasm_bindgen_test]
async fn mode_switch_changes_output_shape() {
    let root = mount().await;
    assert_eq!(attr(&root, "output-shape", "data-shape"), "1,16,32,32");
    type_into(&root, "field-multiplier", "3").await;
    let radio: HtmlInputElement = by_testid(&root, "mode-depthwise").dyn_into().unwrap();
    radio.click();
    settle().await;
    assert_eq!(attr(&root, "output-shape", "data-shape"), "1,24,32,32");
    let radio: HtmlInputElement = by_testid(&root, "mode-separable").dyn_into().unwrap();
    radio.click();
    settle().await;
    assert_eq!(attr(&root, "output-shape", "data-shape"), "1,16,32,32");
    // separable = depthwise (8 → 24, 3x3) + pointwise (24 → 16).
    let macs = 24 * 9 * 32 * 32 + 16 * 24 * 32 * 32;
    assert_eq!(attr(&root, "cost-separable", "data-macs"), macs.to_string());
}
