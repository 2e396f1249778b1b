//! Browser tests of the visualizer: the app mounted from a URL query, the
//! animation stepped, the output statistics checked against conv-core, hover
//! tracing, and an invalid entry that must not lose the last result.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use conv_core::{conv2d, generate, Conv2dSpec, Limits, Nchw, Padding};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{find, mount_at, settle, type_into};

/// Waits (up to 5 s) for an element to appear: the job runs after a yield.
async fn wait_for(root: &Element, id: &str) -> Element {
    for _ in 0..250 {
        if let Some(e) = find(root, id) {
            return e;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no element with data-testid={id}");
}

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
    let out = conv2d(
        &layer,
        &g.input,
        &g.weight,
        g.bias.as_deref(),
        &Limits::default(),
    )
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
    let canvas = wait_for(&root, "output-5").await;
    let rect = canvas.get_bounding_client_rect();
    // Element (y=2, x=3) of a 6x6 plane: the middle of its cell.
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_client_x((rect.left() + rect.width() * 3.5 / 6.0) as i32);
    init.set_client_y((rect.top() + rect.height() * 2.5 / 6.0) as i32);
    let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("mousemove", &init).unwrap();
    canvas.dispatch_event(&ev).unwrap();
    // C_in/groups · kH · kW = 8/4 · 3 · 3.
    assert_attr_eventually(&root, "trace", "data-terms", "18").await;
    let trace = find(&root, "trace").unwrap();
    assert!(trace.text_content().unwrap().contains("[0, 5, 2, 3]"));
    assert_eq!(
        attr(&trace, "data-sum"),
        attr(&trace, "data-value"),
        "the sum is the value shown"
    );
    // The filter used is highlighted among the weights.
    assert!(find(&root, "traced-filter").is_some());
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
async fn separable_shows_the_pointwise_matrix_and_selects_a_row() {
    let root =
        mount_at("?mode=separable&in_channels=4&out_channels=6&h=5&w=5&stage=pointwise").await;
    let m = wait_for(&root, "pointwise-matrix").await;
    assert_eq!(
        (attr(&m, "data-rows"), attr(&m, "data-cols")),
        ("6".into(), "4".into())
    );
    assert_eq!(
        attr(&find(&root, "stage").unwrap(), "data-stage"),
        "pointwise"
    );
    click(&root, "step-forward").await;
    let out = find(&root, "output-2").unwrap();
    let rect = out.get_bounding_client_rect();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_client_x((rect.left() + 1.0) as i32);
    init.set_client_y((rect.top() + 1.0) as i32);
    let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("mousemove", &init).unwrap();
    out.dispatch_event(&ev).unwrap();
    // A pointwise output mixes all 4 depthwise channels: 4 multiply-adds.
    assert_attr_eventually(&root, "trace", "data-terms", "4").await;
    assert_attr_eventually(&root, "pointwise-matrix", "data-row", "2").await;
}
