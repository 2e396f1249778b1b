//! Browser tests of embedding and sharing: the compact views (`embed=1`,
//! `controls=0`, `sections=`), and the share dialog's link and iframe snippet
//! carrying the current state. (tests/e2e/embed.mjs frames the release build in
//! a host page and checks the height messages.)
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{by_testid, find, mount_at, settle, wait_for};

#[wasm_bindgen_test]
async fn embed_drops_the_site_header_and_keeps_everything_else() {
    let root = mount_at("?embed=1&groups=4&stage=done").await;
    wait_for(&root, "picture").await;
    assert!(
        root.query_selector("header").unwrap().is_none(),
        "no site header"
    );
    assert!(find(&root, "share-open").is_none());
    assert!(
        find(&root, "field-groups").is_some(),
        "the form stays unless controls=0"
    );
    assert!(find(&root, "cost-table").is_some() && find(&root, "plots").is_some());
    root.remove();
}

#[wasm_bindgen_test]
async fn controls_0_leaves_the_picture_its_transport_and_the_cost_line() {
    let root = mount_at("?embed=1&controls=0&mode=grouped&groups=4&stage=done").await;
    wait_for(&root, "picture").await;
    assert!(find(&root, "field-groups").is_none(), "no form");
    assert!(
        find(&root, "play").is_some() && find(&root, "scrub").is_some(),
        "the transport stays"
    );
    let line = by_testid(&root, "cost-line");
    assert_eq!(
        line.get_attribute("data-macs").unwrap(),
        (16 * 2 * 9 * 32 * 32).to_string()
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn sections_pick_what_shows() {
    let root = mount_at("?embed=1&sections=costs&stage=done").await;
    wait_for(&root, "cost-table").await;
    settle().await;
    assert!(find(&root, "picture").is_none());
    assert!(find(&root, "plots").is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_share_dialog_carries_the_current_state() {
    let root = mount_at("?mode=grouped&in_channels=12&out_channels=12&groups=3&stage=concat").await;
    wait_for(&root, "picture").await;
    let open: HtmlElement = by_testid(&root, "share-open").dyn_into().unwrap();
    open.focus().unwrap();
    open.click();
    settle().await;
    let dialog: web_sys::HtmlDialogElement = by_testid(&root, "share-dialog").dyn_into().unwrap();
    assert!(dialog.open());
    let link: HtmlInputElement = by_testid(&root, "share-link").dyn_into().unwrap();
    assert!(
        link.value().contains("groups=3") && link.value().contains("in_channels=12"),
        "{}",
        link.value()
    );
    let snippet: HtmlTextAreaElement = by_testid(&root, "embed-snippet").dyn_into().unwrap();
    let s = snippet.value();
    for want in [
        "<iframe src=\"",
        "?embed=1&amp;",
        "groups=3",
        "in_channels=12",
        "stage=concat",
        "loading=\"lazy\"",
        "title=\"Groupwise: grouped convolution, 12→12, groups 3\"",
    ] {
        assert!(s.contains(want), "{want} not in {s}");
    }
    // Drawn in a task worker (here, with no worker script, on the page).
    let qr = wait_for(&root, "share-qr").await;
    assert!(qr
        .get_attribute("src")
        .unwrap()
        .starts_with("data:image/svg+xml"));
    // Closing returns focus to the Share button.
    let close: HtmlElement = by_testid(&root, "share-close").dyn_into().unwrap();
    close.click();
    settle().await;
    assert!(!dialog.open());
    let active = gloo::utils::document().active_element().unwrap();
    assert_eq!(
        active.get_attribute("data-testid").as_deref(),
        Some("share-open")
    );
    root.remove();
}
