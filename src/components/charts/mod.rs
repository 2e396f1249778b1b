//! The cost plots section (issue 5): one component per chart, each taking props
//! and callbacks only; the drawing itself lives in `crate::plot`.

pub mod cost_charts;
pub mod formula_panel;
pub mod measured_chart;
pub mod network_view;
pub mod plots_section;
pub mod sweep_chart;

use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::hooks::use_canvas_size::{use_canvas_size, CanvasSize};
use crate::plot::web_canvas::WebCanvas;
use crate::plot::Look;

/// True when the page is in dark mode (the charts follow style.css's theme).
pub(crate) fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Sizes the canvas (backing store in device pixels, CSS size through the CSSOM,
/// which the page's CSP allows) and wraps it in a plotters backend. Resizing
/// clears the canvas, so every draw starts from a blank one.
fn backend_for(canvas: &NodeRef, size: CanvasSize) -> Option<(WebCanvas, Look)> {
    let el = canvas.cast::<HtmlCanvasElement>()?;
    let (w, h) = size.backing();
    el.set_width(w);
    el.set_height(h);
    if let Ok(style) = js_sys::Reflect::get(&el, &JsValue::from_str("style")) {
        let _ = js_sys::Reflect::set(
            &style,
            &"width".into(),
            &format!("{}px", size.css_width).into(),
        );
        let _ = js_sys::Reflect::set(
            &style,
            &"height".into(),
            &format!("{}px", size.css_height).into(),
        );
    }
    let look = Look {
        scale: size.dpr,
        dark: prefers_dark(),
    };
    Some((WebCanvas::new(el)?, look))
}

/// The two elements a chart needs: the container that is measured and the canvas.
#[derive(Clone, PartialEq)]
pub struct ChartRefs {
    pub container: NodeRef,
    pub canvas: NodeRef,
}

/// Measures the container and redraws whenever it resizes or `data` changes.
#[hook]
pub fn use_chart<D, F>(data: D, aspect: f64, height_range: (f64, f64), draw: F) -> ChartRefs
where
    D: PartialEq + 'static,
    F: FnOnce(&D, WebCanvas, &Look) + 'static,
{
    let container = use_node_ref();
    let canvas = use_node_ref();
    let size = use_canvas_size(container.clone(), aspect, height_range);
    {
        let canvas = canvas.clone();
        use_effect_with((size, data), move |(size, data)| {
            if let Some((backend, look)) = size.and_then(|s| backend_for(&canvas, s)) {
                draw(data, backend, &look);
            }
        });
    }
    ChartRefs { container, canvas }
}

/// The canvas in its measured container. `label` is the accessible description.
pub(crate) fn view_canvas(
    refs: &ChartRefs,
    testid: &str,
    label: String,
    onclick: Option<Callback<MouseEvent>>,
) -> Html {
    html! {
        <div class="chart-box" ref={refs.container.clone()}>
            <canvas ref={refs.canvas.clone()} data-testid={testid.to_string()} role="img"
                aria-label={label} {onclick}></canvas>
        </div>
    }
}

/// A button that downloads the chart as PNG.
pub(crate) fn view_png_button(canvas: &NodeRef, filename: &str) -> Html {
    let canvas = canvas.clone();
    let filename = filename.to_string();
    let onclick = Callback::from(move |_| {
        if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
            let _ = crate::export::download_png(&c, &filename);
        }
    });
    html! { <button type="button" class="export" {onclick}>{"PNG"}</button> }
}

/// A button that downloads `text()` as a CSV file.
pub(crate) fn view_csv_button(filename: String, text: impl Fn() -> String + 'static) -> Html {
    let onclick = Callback::from(move |_| {
        let _ = crate::export::download_text(&filename, &text());
    });
    html! { <button type="button" class="export" {onclick}>{"CSV"}</button> }
}
