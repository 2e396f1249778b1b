//! The canvas backend the page draws with: plotters-canvas, except for text
//! measurement. plotters measures text on the web by inserting a `<span>` with a
//! `style` attribute, which the page's CSP (`style-src 'self'`) blocks, so labels
//! were laid out with wrong sizes and every chart logged CSP errors. Here text is
//! measured with the canvas's own `measureText`, in the font it is drawn with.

use plotters::prelude::DrawingBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// plotters-canvas with CSP-safe text measurement.
pub struct WebCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl WebCanvas {
    pub fn new(canvas: HtmlCanvasElement) -> Option<WebCanvas> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(WebCanvas {
            inner: CanvasBackend::with_canvas_object(canvas)?,
            context,
        })
    }

    /// Width of `text` in `font` (a CSS font string), from `measureText`.
    fn measure(&self, font: &str, text: &str) -> Option<f64> {
        self.context.set_font(font);
        let f = js_sys::Reflect::get(&self.context, &JsValue::from_str("measureText")).ok()?;
        let f: js_sys::Function = f.dyn_into().ok()?;
        let metrics = f.call1(&self.context, &JsValue::from_str(text)).ok()?;
        js_sys::Reflect::get(&metrics, &JsValue::from_str("width"))
            .ok()?
            .as_f64()
    }
}

/// plotters-canvas does not export its error type; name it through the trait.
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;

impl DrawingBackend for WebCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        style: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_pixel(point, style)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_path(path, style)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        // The same font string plotters-canvas draws with.
        let font = format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        );
        let width = self
            .measure(&font, text)
            .unwrap_or(style.size() * 0.6 * text.chars().count() as f64);
        Ok((width.ceil() as u32, style.size().ceil() as u32))
    }
}
