//! The picture as files: the scene drawn on a fresh canvas as PNG, or written
//! as a standalone SVG document, at the export's own width.

use wasm_bindgen::{JsCast, JsValue};

use crate::picture::render::canvas::CanvasPainter;
use crate::picture::render::svg::SvgPainter;
use crate::picture::render::{Planes, Renderer};
use crate::picture::scene::{LabelWords, Scene};
use crate::picture::Theme;

/// How an exported picture is drawn: its theme and its labels' words.
pub struct Look<'a> {
    pub theme: Theme,
    pub words: &'a dyn LabelWords,
}

/// Width of the exported picture's layout, in CSS pixels: the laptop layout,
/// whatever the screen that asks for it.
pub const EXPORT_WIDTH: f64 = 1200.0;

/// RGBA pixels as a PNG `data:` URL, through a scratch canvas (the browser's encoder).
pub fn png_data_url(w: usize, h: usize, rgba: &[u8]) -> Option<String> {
    let canvas: web_sys::HtmlCanvasElement = super::download::document()
        .ok()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let data = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
        wasm_bindgen::Clamped(rgba),
        w as u32,
        h as u32,
    )
    .ok()?;
    ctx.put_image_data(&data, 0.0, 0.0).ok()?;
    canvas.to_data_url().ok()
}

/// The scene drawn on a fresh canvas at `scale` device pixels per CSS pixel,
/// background included, as a PNG `data:` URL.
pub fn scene_png(
    scene: &Scene,
    planes: &dyn Planes,
    look: &Look,
    scale: f64,
) -> Result<String, JsValue> {
    let canvas: web_sys::HtmlCanvasElement = super::download::document()?
        .create_element("canvas")?
        .dyn_into()?;
    canvas.set_width((scene.width * scale).round() as u32);
    canvas.set_height((scene.height * scale).round() as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or("no 2-D canvas")?
        .dyn_into()?;
    ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)?;
    let mut painter = CanvasPainter::new(ctx);
    Renderer::new(look.theme).draw(&mut painter, scene, planes, look.words, true);
    canvas.to_data_url()
}

/// The scene as a standalone SVG document in the language `lang` (its code,
/// e.g. `zh`), `title` its text alternative.
pub fn scene_svg(
    scene: &Scene,
    planes: &dyn Planes,
    look: &Look,
    lang: &str,
    title: &str,
) -> String {
    let mut painter = SvgPainter::new(Box::new(png_data_url));
    Renderer::new(look.theme).draw(&mut painter, scene, planes, look.words, true);
    painter.finish(scene.width, scene.height, title, lang)
}
