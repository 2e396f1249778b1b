//! Browser tests of the cost plots: mount the real app in headless Chromium, read
//! the charts' pixels back and the preset totals from the DOM.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlInputElement, HtmlSelectElement,
};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{by_testid, mount_at, sleep, type_into};

fn attr(root: &Element, id: &str, name: &str) -> String {
    by_testid(root, id).get_attribute(name).unwrap_or_default()
}

/// A form field's text.
fn value(root: &Element, id: &str) -> String {
    by_testid(root, id)
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .value()
}

async fn mount() -> Element {
    mount_at("").await
}

async fn choose(root: &Element, id: &str, value: &str) {
    let select: HtmlSelectElement = by_testid(root, id).dyn_into().unwrap();
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    select.dispatch_event(&event).unwrap();
    sleep(120).await;
}

/// The canvas's pixels, or None while it has no backing store yet.
fn pixels(root: &Element, id: &str) -> Option<Vec<u8>> {
    let canvas: HtmlCanvasElement = by_testid(root, id).dyn_into().unwrap();
    if canvas.width() == 0 || canvas.height() == 0 {
        return None;
    }
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let data = ctx
        .get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .ok()?;
    Some(data.data().0)
}

/// Drawn: not all one colour and not all transparent.
fn is_drawn(px: &[u8]) -> bool {
    let first = &px[..4];
    px.chunks(4).any(|p| p[3] != 0) && px.chunks(4).any(|p| p != first)
}

/// Waits (up to 3 s) until the chart has been drawn; returns its pixels.
/// Waits (up to 3 s) until the query string satisfies `ok`; returns it.
async fn query_where(ok: impl Fn(&str) -> bool) -> String {
    let mut search = String::new();
    for _ in 0..60 {
        search = gloo::utils::window().location().search().unwrap();
        if ok(&search) {
            break;
        }
        sleep(50).await;
    }
    search
}

async fn drawn(root: &Element, id: &str) -> Vec<u8> {
    for _ in 0..60 {
        if let Some(px) = pixels(root, id).filter(|p| is_drawn(p)) {
            return px;
        }
        sleep(50).await;
    }
    panic!("chart {id} was never drawn");
}

#[wasm_bindgen_test]
async fn cost_chart_is_drawn_and_redrawn_when_the_setting_changes() {
    let root = mount().await;
    let before = drawn(&root, "chart-costs").await;
    // Backing store = CSS size × devicePixelRatio.
    let canvas: HtmlCanvasElement = by_testid(&root, "chart-costs").dyn_into().unwrap();
    let dpr = gloo::utils::window().device_pixel_ratio();
    assert_eq!(
        canvas.width(),
        (canvas.get_bounding_client_rect().width() * dpr).round() as u32
    );
    type_into(&root, "field-groups", "8").await;
    let mut changed = false;
    for _ in 0..60 {
        if pixels(&root, "chart-costs").is_some_and(|p| is_drawn(&p) && p != before) {
            changed = true;
            break;
        }
        sleep(50).await;
    }
    assert!(changed, "the chart was redrawn with groups = 8");
    // The sweep and measured charts are drawn too.
    drawn(&root, "chart-sweep").await;
    drawn(&root, "chart-measured").await;
    drawn(&root, "chart-network").await;
}

#[wasm_bindgen_test]
async fn headline_answers_how_much_cheaper_separable_is() {
    let root = mount().await;
    let text = by_testid(&root, "cost-headline").text_content().unwrap();
    // Default 8 → 16, 3x3: separable / standard = 1/16 + 1/9 = 17.4%.
    assert!(text.contains("17.4% of standard's MACs"), "{text}");
    assert!(text.contains("5.8× cheaper"), "{text}");
    let formula = by_testid(&root, "formula-grouped").text_content().unwrap();
    assert!(
        formula.contains("= 1·16·4·3·3·32·32 = 589,824"),
        "{formula}"
    );
}

#[wasm_bindgen_test]
async fn mobilenet_total_matches_the_paper() {
    let root = mount().await;
    assert_eq!(attr(&root, "preset-total", "data-macs"), "568740352");
    assert_eq!(attr(&root, "preset-total", "data-params"), "4210088");
    let text = by_testid(&root, "preset-total").text_content().unwrap();
    assert!(text.contains("568.7M") && text.contains("4.21M"), "{text}");
    let story = by_testid(&root, "preset-story").text_content().unwrap();
    assert!(story.contains("94.9%"), "{story}");
    assert!(story.contains("4,866M in its conv layers"), "{story}");
    assert_eq!(attr(&root, "preset-twin-total", "data-macs"), "4867293184");

    // alpha 0.75 at 160: Table 6/7 territory, and the URL carries it.
    type_into(&root, "preset-alpha", "0.75").await;
    type_into(&root, "preset-resolution", "160").await;
    let search = query_where(|q| q.contains("alpha=0.75") && q.contains("resolution=160")).await;
    assert!(
        search.contains("alpha=0.75") && search.contains("resolution=160"),
        "{search}"
    );
    let text = by_testid(&root, "preset-total").text_content().unwrap();
    assert!(text.contains("0.75 MobileNet-160"), "{text}");
    // A typo keeps the last valid network and says why.
    type_into(&root, "preset-alpha", "-1").await;
    let alert = root.query_selector("[role='alert']").unwrap().unwrap();
    assert!(alert
        .text_content()
        .unwrap()
        .contains("alpha must be a positive number"));
    assert_eq!(
        by_testid(&root, "preset-alpha")
            .dyn_into::<HtmlInputElement>()
            .unwrap()
            .value(),
        "-1"
    );
    let again = by_testid(&root, "preset-total").text_content().unwrap();
    assert!(again.contains("0.75 MobileNet-160"), "{again}");
    type_into(&root, "preset-alpha", "1").await;
    type_into(&root, "preset-resolution", "224").await;
}

#[wasm_bindgen_test]
async fn loading_a_preset_layer_fills_the_form() {
    let root = mount().await;
    // Layer 2 of MobileNet v1: the first depthwise 3x3, 32 channels at 112x112.
    let button = by_testid(&root, "load-layer-1");
    button.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    sleep(50).await;
    assert_eq!(value(&root, "field-in_channels"), "32");
    assert_eq!(value(&root, "field-groups"), "32");
    assert_eq!(value(&root, "field-h"), "112");
    assert_eq!(
        attr(&root, "cost-depthwise", "data-macs"),
        (32 * 9 * 112 * 112).to_string()
    );
}

#[wasm_bindgen_test]
async fn clicking_a_bar_on_the_network_chart_loads_that_layer() {
    let root = mount().await;
    drawn(&root, "chart-network").await;
    let canvas = by_testid(&root, "chart-network");
    // The per-layer plot fills the left 70%; scan along it until a bar is hit.
    // The page may scroll between clicks (the app re-lays out), so measure each time.
    let mut loaded = false;
    for i in 1..60 {
        let rect = canvas.get_bounding_client_rect();
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        init.set_client_x((rect.left() + rect.width() * 0.7 * i as f64 / 60.0) as i32);
        init.set_client_y((rect.bottom() - 60.0) as i32);
        let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
        canvas.dispatch_event(&ev).unwrap();
        sleep(20).await;
        let c_in = by_testid(&root, "field-in_channels")
            .dyn_into::<HtmlInputElement>()
            .unwrap()
            .value();
        if c_in != "8" {
            loaded = true;
            break;
        }
    }
    assert!(loaded, "a click on a bar loads its layer into the form");
}

#[wasm_bindgen_test]
async fn units_and_sweep_axis_change_the_tables() {
    let root = mount().await;
    choose(&root, "plot-unit", "flops").await;
    let text = by_testid(&root, "cost-headline").text_content().unwrap();
    assert!(text.contains("of standard's FLOPs"), "{text}");
    choose(&root, "sweep-axis", "kernel_size").await;
    let rows = by_testid(&root, "sweep-table")
        .query_selector_all("tbody tr")
        .unwrap();
    assert_eq!(rows.length(), 6, "k = 1, 3, 5, 7, 9, 11");
    let search = query_where(|q| q.contains("unit=flops") && q.contains("sweep=kernel_size")).await;
    assert!(
        search.contains("unit=flops") && search.contains("sweep=kernel_size"),
        "{search}"
    );
    choose(&root, "plot-unit", "macs").await;
    choose(&root, "sweep-axis", "groups").await;
}

#[wasm_bindgen_test]
async fn timing_the_kernels_reports_gflops() {
    let root = mount().await;
    by_testid(&root, "measure-run")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    for _ in 0..200 {
        if !attr(&root, "measured-separable", "data-gflops").is_empty() {
            break;
        }
        sleep(50).await;
    }
    for kind in ["standard", "grouped", "depthwise", "separable"] {
        let g: f64 = attr(&root, &format!("measured-{kind}"), "data-gflops")
            .parse()
            .unwrap_or_else(|_| panic!("{kind} was timed"));
        assert!(g > 0.0, "{kind}: {g}");
    }
}

/// The canvas's top-left pixel: the chart's background.
fn corner(root: &Element, id: &str) -> Vec<u8> {
    pixels(root, id)
        .map(|p| p[..3].to_vec())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn charts_speak_chinese_and_redraw_at_once_on_a_theme_change() {
    let root = mount_at("?lang=zh&theme=light").await;
    drawn(&root, "chart-costs").await;
    let headline = by_testid(&root, "cost-headline").text_content().unwrap();
    assert!(
        headline.contains("深度可分离卷积") && headline.contains("17.4%"),
        "{headline}"
    );
    let plots = by_testid(&root, "plots").text_content().unwrap();
    assert!(
        plots.contains("计算量图表") && plots.contains("参数扫描"),
        "{plots}"
    );
    assert!(!plots.contains("Time the kernels"), "no English button");
    let label = by_testid(&root, "chart-sweep")
        .get_attribute("aria-label")
        .unwrap();
    assert!(label.starts_with("扫描图"), "{label}");
    assert_eq!(corner(&root, "chart-costs"), [0xff, 0xff, 0xff]);

    // The toggle redraws every chart in the dark panel's colour, with nothing else changed.
    by_testid(&root, "theme-toggle")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    // (The plots are their own app: the theme reaches them through their host.)
    let dark = vec![0x1e, 0x21, 0x26];
    let ids = [
        "chart-costs",
        "chart-sweep",
        "chart-measured",
        "chart-network",
    ];
    for _ in 0..80 {
        if ids.iter().all(|id| corner(&root, id) == dark) {
            break;
        }
        sleep(25).await;
    }
    for id in ids {
        assert_eq!(corner(&root, id), dark, "{id} redrawn dark");
    }
    // And the language toggle rewrites them in English.
    by_testid(&root, "lang-toggle")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    let mut headline = String::new();
    for _ in 0..80 {
        headline = by_testid(&root, "cost-headline").text_content().unwrap();
        if headline.contains("17.4% of standard's MACs") {
            break;
        }
        sleep(25).await;
    }
    assert!(headline.contains("17.4% of standard's MACs"), "{headline}");
    root.remove();
}

async fn key(target: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
    sleep(40).await;
}

#[wasm_bindgen_test]
async fn network_bars_load_from_the_keyboard() {
    let root = mount().await;
    drawn(&root, "chart-network").await;
    let canvas = by_testid(&root, "chart-network");
    assert_eq!(canvas.get_attribute("tabindex").as_deref(), Some("0"));
    canvas
        .clone()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
    let before = pixels(&root, "chart-network").unwrap();
    // Home chooses layer 1; two steps right, layer 3 (the first pointwise 1x1: 32 → 64 at 112x112).
    key(&canvas, "Home").await;
    key(&canvas, "ArrowRight").await;
    key(&canvas, "ArrowRight").await;
    let readout = by_testid(&root, "network-bar").text_content().unwrap();
    assert!(readout.starts_with("Layer 3"), "{readout}");
    assert_ne!(
        pixels(&root, "chart-network").unwrap(),
        before,
        "the chosen bar is outlined"
    );
    key(&canvas, "Enter").await;
    assert_eq!(value(&root, "field-in_channels"), "32");
    assert_eq!(value(&root, "field-out_channels"), "64");
    assert_eq!(value(&root, "field-kernel_size"), "1");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_links_chart_keys_go_through_the_one_url_table() {
    let root = mount_at("?unit=flops&sweep=kernel_size&alpha=-1&lang=zh").await;
    let headline = by_testid(&root, "cost-headline").text_content().unwrap();
    assert!(headline.contains("FLOPs"), "{headline}");
    let rows = by_testid(&root, "sweep-table")
        .query_selector_all("tbody tr")
        .unwrap();
    assert_eq!(rows.length(), 6, "k = 1, 3, 5, 7, 9, 11");
    // The bad key is told in the page's one notice, in the page's language.
    let notice = by_testid(&root, "url-notice").text_content().unwrap();
    assert!(
        notice.contains("alpha=-1") && notice.contains("alpha=1") && notice.contains("无效"),
        "{notice}"
    );
    // And the URL keeps what was set, written by the app's one effect.
    let search = query_where(|q| q.contains("unit=flops")).await;
    assert!(search.contains("sweep=kernel_size"), "{search}");
    root.remove();
}
