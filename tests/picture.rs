//! Browser tests of the picture's controls: the exports decode (the GIF here is
//! encoded on the page, the worker's fallback, since the test runner serves no
//! worker script; tests/e2e/picture.mjs checks the worker path on the release
//! build), the groups slider reloads the layer, and the shuffle adds its stage.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlImageElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{by_testid, fetch_bytes, mount_at, settle, wait_for};

fn attr(root: &Element, id: &str, name: &str) -> String {
    by_testid(root, id).get_attribute(name).unwrap_or_default()
}

async fn click(root: &Element, id: &str) {
    let b: HtmlElement = by_testid(root, id).dyn_into().unwrap();
    b.click();
    settle().await;
}

/// Waits (up to `secs`) for `id` to have attribute `name`.
async fn attr_appears(root: &Element, id: &str, name: &str, secs: u64) -> String {
    for _ in 0..secs * 20 {
        let v = attr(root, id, name);
        if !v.is_empty() {
            return v;
        }
        yew::platform::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{id} never got {name}");
}

/// Loads `url` as an image, as a browser would show the file; its size.
async fn decoded_size(url: &str) -> (u32, u32) {
    let img = HtmlImageElement::new().unwrap();
    img.set_src(url);
    JsFuture::from(img.decode())
        .await
        .expect("the export decodes as an image");
    (img.natural_width(), img.natural_height())
}

#[wasm_bindgen_test]
async fn png_and_svg_exports_decode() {
    let root = mount_at(
        "?mode=grouped&in_channels=6&out_channels=6&groups=3&h=12&w=12&stage=group-conv:2",
    )
    .await;
    wait_for(&root, "output-view").await;
    click(&root, "export-png").await;
    let png = attr(&root, "export-png", "data-href");
    assert!(
        png.starts_with("data:image/png;base64,"),
        "{}",
        &png[..30.min(png.len())]
    );
    let (w, h) = decoded_size(&png).await;
    assert!(w >= 1200 && h > 300, "{w}x{h}");
    click(&root, "export-svg").await;
    let svg = attr(&root, "export-svg", "data-href");
    assert!(svg.starts_with("blob:"));
    let text = String::from_utf8(fetch_bytes(&svg).await).unwrap();
    assert!(text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(text.contains(">Filters</text>") && text.contains("data:image/png;base64,"));
    let (w, _) = decoded_size(&svg).await;
    assert_eq!(w, 1200);
}

#[wasm_bindgen_test]
async fn gif_export_has_a_frame_per_stage() {
    let root =
        mount_at("?mode=grouped&in_channels=4&out_channels=4&groups=2&h=8&w=8&stage=done").await;
    wait_for(&root, "output-view").await;
    let steps = 6; // input, split, 2 groups, concat, done
    click(&root, "export-gif").await;
    let frames: usize = attr_appears(&root, "export-gif", "data-frames", 60)
        .await
        .parse()
        .unwrap();
    let bytes = fetch_bytes(&attr(&root, "export-gif", "data-href")).await;
    assert_eq!(&bytes[..6], b"GIF89a");
    assert_eq!(
        groupwise::compute::gif::count_frames(&bytes).unwrap(),
        frames
    );
    assert!(frames >= steps, "{frames} frames");
    let width = u16::from_le_bytes([bytes[6], bytes[7]]);
    assert!(width >= 600, "{width} px");
    assert!(bytes.len() < 5 << 20);
}

#[wasm_bindgen_test]
async fn the_groups_slider_slides_from_standard_to_depthwise() {
    let root =
        mount_at("?mode=grouped&in_channels=8&out_channels=8&groups=2&h=8&w=8&stage=done").await;
    let slider: HtmlInputElement = wait_for(&root, "groups-slider").await.dyn_into().unwrap();
    assert_eq!(slider.max(), "3", "groups 1, 2, 4, 8");
    let set = |v: &str| {
        slider.set_value(v);
        let init = web_sys::InputEventInit::new();
        init.set_bubbles(true);
        let ev = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
        slider.dispatch_event(&ev).unwrap();
    };
    set("3");
    settle().await;
    assert_eq!(
        attr(&root, "cost-grouped", "data-macs"),
        (8 * 9 * 8 * 8).to_string()
    );
    assert_eq!(
        attr(&root, "groups-readout", "data-macs"),
        (8 * 9 * 8 * 8).to_string()
    );
    let input: HtmlInputElement = by_testid(&root, "field-groups").dyn_into().unwrap();
    assert_eq!(input.value(), "8");
    set("0");
    settle().await;
    assert_eq!(
        attr(&root, "groups-readout", "data-macs"),
        (8 * 8 * 9 * 8 * 8).to_string()
    );
    assert_eq!(input.value(), "1");
}

#[wasm_bindgen_test]
async fn channel_shuffle_adds_a_stage_after_concat() {
    let root =
        mount_at("?mode=grouped&in_channels=6&out_channels=6&groups=3&h=6&w=6&stage=concat").await;
    let shuffle: HtmlInputElement = wait_for(&root, "shuffle").await.dyn_into().unwrap();
    shuffle.click();
    settle().await;
    click(&root, "step-forward").await;
    let stage = by_testid(&root, "stage");
    assert_eq!(stage.get_attribute("data-stage").unwrap(), "shuffle");
    assert!(stage
        .text_content()
        .unwrap()
        .contains("Without it, each group only ever sees its own channels."));
    assert!(gloo::utils::window()
        .location()
        .search()
        .unwrap()
        .contains("shuffle=1"));
}
