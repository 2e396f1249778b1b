//! Browser tests of the visualizer: the app mounted from a URL query, the
//! animation stepped, the output statistics checked against conv-core, hover
//! tracing, and an invalid entry that must not lose the last result.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use conv_core::{generate, Conv2dSpec, Limits, Nchw, Padding};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{canvas_ready, find, mount_at, point_at, scene_of, settle, type_into, wait_for};
use groupwise_core::picture::timeline::Stage;

/// Waits (up to 5 s) until `id`'s attribute `name` reads `expected`, then
/// asserts it: renders after an event are asynchronous, and a loaded CI machine
/// can take longer than any fixed sleep.
async fn assert_attr_eventually(root: &Element, id: &str, name: &str, expected: &str) {
    let mut last = String::new();
    for _ in 0..250 {
        if let Some(e) = find(root, id) {
            last = attr(&e, name);
            if last == expected {
                return;
            }
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(last, expected, "{id}[{name}]");
}

fn attr(e: &Element, name: &str) -> String {
    e.get_attribute(name).unwrap_or_default()
}

async fn click(root: &Element, id: &str) {
    let b: HtmlElement = find(root, id).unwrap().dyn_into().unwrap();
    b.click();
    settle().await;
}

#[wasm_bindgen_test]
async fn stage_follows_step_buttons_and_url() {
    let root = mount_at("?in_channels=8&out_channels=16&h=8&w=8&groups=4&stage=input").await;
    let stage = wait_for(&root, "stage").await;
    assert_eq!(attr(&stage, "data-stage"), "input");
    click(&root, "step-forward").await;
    let stage = find(&root, "stage").unwrap();
    assert_eq!(attr(&stage, "data-stage"), "split");
    assert!(stage
        .text_content()
        .unwrap()
        .contains("split into 4 groups of 2 channels"));
    click(&root, "step-forward").await;
    let stage = find(&root, "stage").unwrap();
    assert_eq!(attr(&stage, "data-stage"), "group-conv");
    assert!(
        stage
            .text_content()
            .unwrap()
            .contains("Group 1 of 4: 4 filters (4×2×3×3) sweep input channels 0–1 and build output channels 0–3"),
        "{}",
        stage.text_content().unwrap()
    );
    for _ in 0..4 {
        click(&root, "step-forward").await;
    }
    assert_eq!(attr(&find(&root, "stage").unwrap(), "data-stage"), "concat");
    click(&root, "step-forward").await;
    assert_eq!(attr(&find(&root, "stage").unwrap(), "data-stage"), "done");
    canvas_ready(&root).await;
    click(&root, "step-back").await;
    assert_eq!(attr(&find(&root, "stage").unwrap(), "data-stage"), "concat");
    settle().await;
    let search = gloo::utils::window().location().search().unwrap();
    assert!(search.contains("stage=concat"), "{search}");
    assert!(search.contains("groups=4"), "{search}");
}

#[wasm_bindgen_test]
async fn output_stats_equal_conv_core_for_a_seed() {
    let root = mount_at(
        "?mode=grouped&in_channels=4&out_channels=6&h=5&w=7&kernel_size=3&stride=1&padding=1&dilation=1\
         &groups=2&bias=1&seed=42&input=random&weights=random",
    )
    .await;
    let stats = wait_for(&root, "output-stats").await;
    let layer = Conv2dSpec {
        groups: 2,
        padding: Padding::Explicit([1, 1]),
        bias: true,
        ..Conv2dSpec::new(4, 6, 3)
    }
    .validate()
    .unwrap();
    let g = generate(&layer, Nchw::new(1, 4, 5, 7), 42, &Limits::default()).unwrap();
    let out = g
        .problem(&layer, &Limits::default())
        .map(|p| p.run())
        .unwrap();
    let expected = out.stats();
    assert_eq!(attr(&stats, "data-sum"), expected.sum.to_string());
    assert_eq!(attr(&stats, "data-mean"), expected.mean.to_string());
    assert_eq!(attr(&stats, "data-min"), expected.min.to_string());
    assert_eq!(attr(&stats, "data-max"), expected.max.to_string());
}

#[wasm_bindgen_test]
async fn hovering_an_output_lists_its_multiply_adds() {
    let root = mount_at("?mode=grouped&in_channels=8&out_channels=16&h=6&w=6&kernel_size=3&padding=1&groups=4&stage=done").await;
    wait_for(&root, "output-view").await;
    canvas_ready(&root).await;
    let spec = Conv2dSpec {
        groups: 4,
        padding: Padding::Explicit([1, 1]),
        ..Conv2dSpec::new(8, 16, 3)
    };
    let scene = scene_of(&root, &spec, Nchw::new(1, 8, 6, 6), None, Stage::Done);
    // Element (y=2, x=3) of output channel 15, the front slab of the deck.
    point_at(&root, &scene, 15, 2, 3);
    // C_in/groups · kH · kW = 8/4 · 3 · 3.
    assert_attr_eventually(&root, "trace", "data-terms", "18").await;
    let trace = find(&root, "trace").unwrap();
    assert!(trace.text_content().unwrap().contains("[0, 15, 2, 3]"));
    assert_eq!(
        attr(&trace, "data-sum"),
        attr(&trace, "data-value"),
        "the sum is the value shown"
    );
    // Group 4 (output channels 12-15) reads input channels 6-7 through filter 15.
    let field = attr_text(&root, "trace-field");
    assert!(
        field.contains("input channels 6–7") && field.contains("filter 15"),
        "{field}"
    );
}

fn attr_text(root: &Element, id: &str) -> String {
    find(root, id)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn invalid_entry_alerts_and_keeps_the_result() {
    let root = mount_at("?in_channels=8&out_channels=16&h=6&w=6&groups=2&seed=3").await;
    let before = attr(&wait_for(&root, "output-stats").await, "data-sum");
    type_into(&root, "field-groups", "3").await;
    let alert = root
        .query_selector("[role='alert']")
        .unwrap()
        .expect("alert");
    assert_eq!(
        alert.text_content().unwrap(),
        "in_channels must be divisible by groups (in_channels=8, groups=3)"
    );
    yew::platform::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        attr(&find(&root, "output-stats").unwrap(), "data-sum"),
        before
    );
    assert!(find(&root, "stage").is_some(), "the picture stays");
    // A bad seed too.
    type_into(&root, "field-groups", "2").await;
    type_into(&root, "field-seed", "x").await;
    assert!(root.query_selector("[role='alert']").unwrap().is_some());
    yew::platform::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        attr(&find(&root, "output-stats").unwrap(), "data-sum"),
        before
    );
}

#[wasm_bindgen_test]
async fn malformed_url_values_give_a_notice_not_a_blank_page() {
    let root = mount_at("?groups=abc&mode=fancy&foo=1").await;
    let notice = find(&root, "url-notice").expect("notice");
    assert_eq!(attr(&notice, "role"), "status");
    let text = notice.text_content().unwrap();
    assert!(text.contains("groups=abc"), "{text}");
    assert!(text.contains("default groups=2"), "{text}");
    assert!(text.contains("foo=1"), "{text}");
    wait_for(&root, "output-stats").await;
}

#[wasm_bindgen_test]
async fn separable_traces_a_pointwise_output_through_every_channel() {
    let root =
        mount_at("?mode=separable&in_channels=4&out_channels=6&h=5&w=5&stage=pointwise").await;
    wait_for(&root, "output-view").await;
    assert_eq!(
        attr(&find(&root, "stage").unwrap(), "data-stage"),
        "pointwise"
    );
    click(&root, "step-forward").await;
    assert_eq!(attr(&find(&root, "stage").unwrap(), "data-stage"), "done");
    canvas_ready(&root).await;
    let dw = Conv2dSpec {
        groups: 4,
        padding: Padding::Explicit([1, 1]),
        ..Conv2dSpec::new(4, 4, 3)
    };
    let scene = scene_of(&root, &dw, Nchw::new(1, 4, 5, 5), Some(6), Stage::Done);
    point_at(&root, &scene, 5, 4, 4);
    // A pointwise output mixes all 4 depthwise channels: 4 multiply-adds.
    assert_attr_eventually(&root, "trace", "data-terms", "4").await;
    assert!(attr_text(&root, "trace-field").contains("all 4 depthwise outputs at (4, 4)"));
}
