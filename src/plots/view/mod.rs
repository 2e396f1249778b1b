//! The cost plots section's components: one per chart, each taking props and
//! callbacks only; the drawing itself lives in `crate::plots::draw`, the numbers
//! in `crate::plots::model`, the words in `crate::plots::text`. Every chart redraws at
//! once when its data, its size, the theme or the language changes, and gives
//! its numbers as a table too.

pub mod cost_charts;
pub mod formula_panel;
pub mod layer_table;
pub mod measured_chart;
pub mod model_open;
pub mod network_view;
pub mod networks_view;
pub mod plots_section;
pub mod sweep_chart;
pub mod use_kernel_timer;
pub mod use_model_import;

use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::hooks::use_canvas_size::{use_canvas_size, CanvasSize};
use crate::hooks::use_theme::use_theme;
use crate::plots::draw::web_canvas::WebCanvas;
use crate::plots::draw::Look;
use crate::plots::text::PlotsText;
use crate::plots::text::{Chart, Download};
use crate::state::lang::Lang;
use crate::state::view::Theme;

/// The current language's messages for the cost plots (English outside a provider).
#[hook]
pub fn use_plots_text() -> &'static dyn PlotsText {
    crate::plots::text::plots_text(use_context::<Lang>().unwrap_or_default())
}

/// Sizes the canvas (backing store in device pixels, CSS size through the CSSOM,
/// which the page's CSP allows) and wraps it in a plotters backend. Resizing
/// clears the canvas, so every draw starts from a blank one.
fn backend_for(canvas: &NodeRef, size: CanvasSize, theme: Theme) -> Option<(WebCanvas, Look)> {
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
        dark: theme == Theme::Dark,
    };
    Some((WebCanvas::new(el)?, look))
}

/// The shape of a chart of two panels: `aspect` and `heights` on a wide screen;
/// on a phone the panels stack (`crate::plots::draw::panels`), so the canvas is tall.
pub(crate) fn two_panels(aspect: f64, heights: (f64, f64)) -> (f64, (f64, f64)) {
    let width = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(1024.0);
    if width < 600.0 {
        (1.2, (heights.0 * 1.3, heights.1 * 1.5))
    } else {
        (aspect, heights)
    }
}

/// The two elements a chart needs: the container that is measured and the canvas.
#[derive(Clone, PartialEq)]
pub struct ChartRefs {
    pub container: NodeRef,
    pub canvas: NodeRef,
}

/// Measures the container and redraws whenever it resizes, `data` changes, or
/// the theme or language does (both come from context, so a toggle redraws at once).
///
/// Each chart draws in a task of its own (a 0 ms timeout after the render):
/// drawn in the render's task, the four charts made one main-thread task of
/// 80–100 ms when the plots load and on every setting change. A draw still
/// pending when its inputs change again is dropped for the newer one.
#[hook]
pub fn use_chart<D, F>(data: D, aspect: f64, height_range: (f64, f64), draw: F) -> ChartRefs
where
    D: PartialEq + Clone + 'static,
    F: FnOnce(&D, WebCanvas, &Look, &'static dyn PlotsText) + 'static,
{
    let container = use_node_ref();
    let canvas = use_node_ref();
    let size = use_canvas_size(container.clone(), aspect, height_range);
    let theme = use_theme();
    let lang = use_plots_text().lang();
    {
        let canvas = canvas.clone();
        use_effect_with(
            (size, data, theme, lang),
            move |(size, data, theme, lang): &(Option<CanvasSize>, D, Theme, Lang)| {
                let (size, data, theme, lang) = (*size, data.clone(), *theme, *lang);
                let pending = gloo::timers::callback::Timeout::new(0, move || {
                    if let Some((backend, look)) = size.and_then(|s| backend_for(&canvas, s, theme))
                    {
                        draw(&data, backend, &look, crate::plots::text::plots_text(lang));
                    }
                });
                move || drop(pending)
            },
        );
    }
    ChartRefs { container, canvas }
}

/// The canvas in its measured container. `label` is its text alternative (the
/// same numbers are in the chart's table).
pub(crate) fn view_canvas(refs: &ChartRefs, testid: &str, label: String) -> Html {
    html! {
        <div class="chart-box" ref={refs.container.clone()}>
            <canvas ref={refs.canvas.clone()} data-testid={testid.to_string()} role="img"
                aria-label={label}></canvas>
        </div>
    }
}

/// A button that downloads the chart as PNG.
pub(crate) fn view_png_button(
    t: &dyn PlotsText,
    canvas: &NodeRef,
    chart: Chart,
    filename: &str,
) -> Html {
    let canvas = canvas.clone();
    let filename = filename.to_string();
    let onclick = Callback::from(move |_| {
        if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
            let _ = groupwise_core::export::download::download_png(&c, &filename);
        }
    });
    html! {
        <button type="button" class="export" aria-label={t.download_label(chart, Download::Png)} {onclick}>
            { t.download(Download::Png) }
        </button>
    }
}

/// A button that downloads `text()` as a CSV file.
pub(crate) fn view_csv_button(
    t: &dyn PlotsText,
    chart: Chart,
    filename: String,
    text: impl Fn() -> String + 'static,
) -> Html {
    let onclick = Callback::from(move |_| {
        let _ = groupwise_core::export::download::download_text(&filename, &text());
    });
    html! {
        <button type="button" class="export" aria-label={t.download_label(chart, Download::Csv)} {onclick}>
            { t.download(Download::Csv) }
        </button>
    }
}

/// A table of a chart's numbers (the canvas's data for those who cannot see
/// it) under `summary`, folded unless `open`.
pub(crate) fn view_table(
    summary: String,
    testid: &str,
    open: bool,
    head: Html,
    rows: Html,
) -> Html {
    html! {
        <details class="chart-table" {open}>
            <summary>{ summary.clone() }</summary>
            // Focusable, so a table wider than a phone scrolls from the keyboard.
            <div class="table-scroll" tabindex="0" role="region" aria-label={summary}><table class="costs compact" data-testid={testid.to_string()}>
                <thead><tr>{ head }</tr></thead>
                <tbody>{ rows }</tbody>
            </table></div>
        </details>
    }
}
