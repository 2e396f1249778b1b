//! Browser tests: mount the real app in headless Chromium and drive it through the DOM.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{by_testid, mount_at, settle, type_into};

async fn mount() -> Element {
    mount_at("").await
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
    // The grouped row says why in the row; the page says which setting it still shows.
    assert!(!valid.is_empty());
    assert_eq!(attr(&root, "cost-grouped", "data-invalid"), "true");
    assert_eq!(attr(&root, "cost-grouped", "data-macs"), "");
    assert!(by_testid(&root, "stale-note")
        .text_content()
        .unwrap()
        .contains("groups=4"));
    assert_eq!(
        attr(&root, "output-shape", "data-shape"),
        "1,16,32,32",
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
