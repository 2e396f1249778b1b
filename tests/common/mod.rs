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
    // The page opens on the sample picture, which the test runner cannot serve
    // (it serves only the test's own files): tests start on seeded random input
    // and weights unless they name others.
    let query = if query.contains("input=") {
        query.to_string()
    } else {
        let sep = if query.is_empty() { "?" } else { "&" };
        format!("{query}{sep}input=random&weights=random")
    };
    let query = query.as_str();
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
    // The cost table and the plots' host come a frame after the first render.
    let main = || root.query_selector("main[data-complete]").ok().flatten();
    until("the page's later parts are rendered", 5, || {
        main().is_some()
    })
    .await;
    // The cost plots are a second app on their host (the plots module's, which
    // the test build mounts from this one): it renders after the page's.
    if find(&root, "plots-host").is_some() {
        wait_for(&root, "plots").await;
        settle().await;
    }
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

/// Waits (up to 5 s) for an element to appear: the job runs after a yield.
pub async fn wait_for(root: &Element, id: &str) -> Element {
    for _ in 0..250 {
        if let Some(e) = find(root, id) {
            return e;
        }
        sleep(20).await;
    }
    panic!("no element with data-testid={id}");
}

/// Waits (up to `secs`) until `holds()`; `what` names it if it never does.
/// For what a render after an event settles, on a machine of any speed.
pub async fn until(what: &str, secs: u64, holds: impl Fn() -> bool) {
    for _ in 0..secs * 20 {
        if holds() {
            return;
        }
        sleep(50).await;
    }
    panic!("never: {what}");
}

/// Waits (up to `secs`) for `id` to have attribute `name`, and returns it.
pub async fn attr_appears(root: &Element, id: &str, name: &str, secs: u64) -> String {
    for _ in 0..secs * 20 {
        if let Some(v) = find(root, id).and_then(|e| e.get_attribute(name)) {
            if !v.is_empty() {
                return v;
            }
        }
        sleep(50).await;
    }
    panic!("{id} never got {name}");
}

/// The bytes behind a URL the page made (an export's `blob:` URL).
pub async fn fetch_bytes(url: &str) -> Vec<u8> {
    let resp: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(gloo::utils::window().fetch_with_str(url))
            .await
            .unwrap()
            .dyn_into()
            .unwrap();
    let buf = wasm_bindgen_futures::JsFuture::from(resp.array_buffer().unwrap())
        .await
        .unwrap();
    js_sys::Uint8Array::new(&buf).to_vec()
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

/// Waits (up to 5 s) until the picture is drawn at its measured width: the
/// canvas's backing store is its CSS width × devicePixelRatio (to a pixel). Before that the
/// page's scene (and so its hit map) may still be at the fallback width.
pub async fn canvas_ready(root: &Element) {
    let dpr = gloo::utils::window().device_pixel_ratio();
    let mut last = (0, 0);
    for _ in 0..250 {
        if let Some(c) = find(root, "scene-canvas") {
            let c: web_sys::HtmlCanvasElement = c.dyn_into().unwrap();
            let want = (c.client_width() as f64 * dpr).round() as u32;
            last = (c.width(), want);
            // One device pixel of slack: CSS widths are fractional, client widths round.
            if want > 0 && c.width().abs_diff(want) <= 1 {
                settle().await;
                return;
            }
        }
        sleep(20).await;
    }
    panic!("the picture was never drawn at its measured width (backing, wanted): {last:?}");
}

/// The scene the page draws for `spec` on `input` (optionally followed by a
/// pointwise layer to `pw_out` channels), at `stage`, at the canvas's width.
pub fn scene_of(
    root: &Element,
    spec: &conv_core::Conv2dSpec,
    input: conv_core::Nchw,
    pw_out: Option<usize>,
    stage: groupwise_core::picture::timeline::Stage,
) -> groupwise_core::picture::scene::Scene {
    use groupwise_core::picture::scene::{build, Moment, SceneLayer};
    let layer = spec.validate().unwrap();
    let first_out = layer
        .geometry(input, &conv_core::Limits::default())
        .unwrap()
        .output;
    let l = SceneLayer {
        layer,
        input,
        first_out,
        pointwise: pw_out.map(|c| conv_core::Nchw { c, ..first_out }),
        shuffle: false,
    };
    let canvas = by_testid(root, "scene-canvas");
    let width = canvas.client_width() as f64;
    build(
        &l,
        Moment {
            stage,
            progress: 1.0,
        },
        width,
        None,
    )
}

/// Points the mouse at element `[0, c, y, x]` of the picture, as drawn by
/// `scene` (which must be what the page shows), through a real pointer event.
pub fn point_at(
    root: &Element,
    scene: &groupwise_core::picture::scene::Scene,
    c: usize,
    y: usize,
    x: usize,
) {
    let hit = scene
        .hits
        .iter()
        .rev()
        .find(|h| h.c == c)
        .unwrap_or_else(|| panic!("channel {c} is not traceable in the scene"));
    let f = hit.face;
    let (gh, gw) = hit.grid;
    let (px, py) = (
        f.x + (x as f64 + 0.5) * f.w / gw as f64,
        f.y + (y as f64 + 0.5) * f.h / gh as f64,
    );
    let at = scene.hit(px, py).map(|t| t.index);
    assert_eq!(
        at,
        Some([0, c, y, x]),
        "element ({y}, {x}) of channel {c} is hidden behind another slab"
    );
    let canvas = by_testid(root, "scene-canvas");
    let rect = canvas.get_bounding_client_rect();
    let init = web_sys::PointerEventInit::new();
    init.set_bubbles(true);
    init.set_client_x((rect.left() + px).round() as i32);
    init.set_client_y((rect.top() + py).round() as i32);
    let ev = web_sys::PointerEvent::new_with_event_init_dict("pointermove", &init).unwrap();
    canvas.dispatch_event(&ev).unwrap();
}
