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
use common::{attr_appears, by_testid, fetch_bytes, mount_at, settle, wait_for};

fn attr(root: &Element, id: &str, name: &str) -> String {
    by_testid(root, id).get_attribute(name).unwrap_or_default()
}

async fn click(root: &Element, id: &str) {
    let b: HtmlElement = by_testid(root, id).dyn_into().unwrap();
    b.click();
    settle().await;
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
        groupwise_core::export::gif::count_frames(&bytes).unwrap(),
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

/// A key pressed with nothing focused (the page's transport keys).
fn press(key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let e = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    gloo::utils::body().dispatch_event(&e).unwrap();
}

fn text_of(root: &Element, id: &str) -> String {
    by_testid(root, id).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn chinese_captions_and_a_narration_per_stage() {
    let root = mount_at(
        "?mode=grouped&in_channels=8&out_channels=8&groups=2&h=8&w=8&stage=concat&lang=zh",
    )
    .await;
    let narration = wait_for(&root, "narration").await;
    assert_eq!(
        narration.get_attribute("aria-live").as_deref(),
        Some("polite")
    );
    assert!(
        text_of(&root, "stage").contains("拼接"),
        "{}",
        text_of(&root, "stage")
    );
    let said = text_of(&root, "narration");
    assert!(
        said.contains("拼接") && said.contains("第 5 步，共 6 步"),
        "{said}"
    );
    // The canvas's name and description, in Chinese.
    let canvas = by_testid(&root, "scene-canvas");
    assert_eq!(
        canvas.get_attribute("aria-label").as_deref(),
        Some("组卷积示意图")
    );
    assert!(text_of(&root, "scene-description").contains("分成 2 组"));
    assert!(attr(&root, "scrub", "aria-valuetext").contains("第 5 步"));

    // From the keyboard: the next stage is narrated once, then back again.
    press("ArrowRight");
    settle().await;
    assert_eq!(attr(&root, "narration", "data-stage"), "done");
    let done = text_of(&root, "narration");
    assert!(done.contains("完成") && done != said, "{done}");
    press("ArrowLeft");
    press("ArrowLeft");
    settle().await;
    assert_eq!(attr(&root, "stage", "data-stage"), "group-conv");
    assert!(text_of(&root, "narration").contains("第 2 组"));

    // Playing (tests/e2e/picture.mjs plays with Space): the narration changes
    // with the stage, never within one.
    // The button, not Space: every app a test mounted listens on the document,
    // and all of them animating at once would starve this one.
    click(&root, "play").await;
    assert_eq!(attr(&root, "play", "data-playing"), "true", "Play plays");
    let mut seen: Vec<(String, String)> = Vec::new();
    for _ in 0..200 {
        // The slider's spoken value names the step (two group steps share a stage name).
        let now = (
            attr(&root, "scrub", "aria-valuetext"),
            text_of(&root, "narration"),
        );
        if seen.last() != Some(&now) {
            seen.push(now);
        }
        if attr(&root, "play", "data-playing") == "false" {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(40)).await;
    }
    assert_eq!(
        attr(&root, "stage", "data-stage"),
        "done",
        "it plays to the end"
    );
    let stages: Vec<&String> = seen.iter().map(|(s, _)| s).collect();
    let mut distinct = stages.clone();
    distinct.dedup();
    assert!(seen.len() >= 2, "the animation moved on: {seen:?}");
    assert_eq!(stages, distinct, "one narration per stage: {seen:?}");
}

#[wasm_bindgen_test]
async fn the_picture_as_a_table_names_every_group() {
    let root =
        mount_at("?mode=grouped&in_channels=6&out_channels=6&groups=3&h=6&w=6&stage=done").await;
    let details = wait_for(&root, "picture-table").await;
    details.set_attribute("open", "").unwrap();
    for _ in 0..100 {
        if details.query_selector("tbody").unwrap().is_some() {
            break;
        }
        settle().await;
    }
    let rows = details.query_selector_all("tbody tr").unwrap();
    assert_eq!(rows.length(), 3);
    let first = rows.item(0).unwrap().text_content().unwrap();
    assert!(first.starts_with("g1") && first.contains("0–1"), "{first}");
}

#[wasm_bindgen_test]
async fn the_svg_export_is_in_the_page_language_with_a_chinese_font() {
    let root = mount_at(
        "?mode=grouped&in_channels=4&out_channels=4&groups=2&h=6&w=6&stage=concat&lang=zh",
    )
    .await;
    wait_for(&root, "export-svg").await;
    click(&root, "export-svg").await;
    let svg =
        String::from_utf8(fetch_bytes(&attr(&root, "export-svg", "data-href")).await).unwrap();
    assert!(svg.contains(">输入</text>") && svg.contains("← 拼接</text>"));
    assert!(svg.contains("xml:lang=\"zh\"") && svg.contains("Noto Sans CJK SC"));
    assert!(svg.contains("<title>组卷积示意图"));
}

#[wasm_bindgen_test]
async fn the_canvas_redraws_at_once_on_a_theme_change() {
    let root = mount_at(
        "?mode=grouped&in_channels=4&out_channels=4&groups=2&h=6&w=6&stage=done&theme=light",
    )
    .await;
    common::canvas_ready(&root).await;
    let canvas: web_sys::HtmlCanvasElement = by_testid(&root, "scene-canvas").dyn_into().unwrap();
    let light = canvas.to_data_url().unwrap();
    click(&root, "theme-toggle").await;
    assert_eq!(
        gloo::utils::document()
            .document_element()
            .unwrap()
            .get_attribute("data-theme")
            .as_deref(),
        Some("dark")
    );
    assert_ne!(
        canvas.to_data_url().unwrap(),
        light,
        "the canvas kept its light colours"
    );
}
