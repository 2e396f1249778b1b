//! `use_scene_canvas`: draws a scene on the picture's canvas, in device pixels,
//! keeping the renderer and its images between frames (a new result or theme
//! retires them), making new images within a budget per frame, and asking for
//! another frame while some remain. It also places the output view's overlay
//! on the output deck. The scene itself is built by the component.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use super::use_animation_frame::use_redraw_while;
use groupwise_core::compute::ResultRef;
use groupwise_core::picture::render::canvas::CanvasPainter;
use groupwise_core::picture::render::{Renderer, FONT};
use groupwise_core::picture::scene::{output_bounds, LabelWords, Scene, Traced};
use groupwise_core::picture::Theme;
use groupwise_core::views::ResultPlanes;

/// New heatmap pixels per frame: a new result's images (64 planes of 112² are
/// 800k pixels) are made over a few frames, each well under 50 ms.
const IMAGE_BUDGET: usize = 120_000;

/// How the canvas is drawn: the theme's colours, the labels' words, device
/// pixels per CSS pixel.
#[derive(Clone, Copy)]
pub struct CanvasLook {
    pub theme: Theme,
    pub words: &'static dyn LabelWords,
    pub dpr: f64,
}

/// What the canvas keeps between renders: the renderer and its image cache for
/// one result, and the last scene (for hit testing).
struct Drawn {
    result: Option<ResultRef>,
    planes: Option<ResultPlanes>,
    renderer: Renderer<CanvasPainter<CanvasRenderingContext2d>>,
    scene: Option<Scene>,
    /// Whether the first frame after mounting has been waited for.
    waited: bool,
}

/// The drawn canvas, for hit testing.
#[derive(Clone)]
pub struct SceneCanvas(Rc<RefCell<Drawn>>);

impl SceneCanvas {
    /// The value under `(x, y)` (CSS pixels of the canvas) in the last scene drawn.
    pub fn hit(&self, x: f64, y: f64) -> Option<Traced> {
        self.0.borrow().scene.as_ref().and_then(|s| s.hit(x, y))
    }
}

/// What one render asks of the canvas.
pub struct SceneFrame {
    pub result: ResultRef,
    pub scene: Scene,
    pub look: CanvasLook,
    /// The container's width is known (drawn from the render after).
    pub measured: bool,
    /// A slow job computes: images still to make wait for it.
    pub hold: bool,
    /// Text to shape in the picture's fonts when the canvas mounts.
    pub font_sample: String,
}

#[hook]
pub fn use_scene_canvas(canvas: NodeRef, view: NodeRef, frame: SceneFrame) -> SceneCanvas {
    let drawn = use_mut_ref(|| Drawn {
        result: None,
        planes: None,
        renderer: Renderer::default().with_budget(IMAGE_BUDGET),
        scene: None,
        waited: false,
    });
    let more = use_redraw_while();
    let output_box = output_bounds(&frame.scene);
    {
        let drawn = drawn.clone();
        use_effect(move || {
            let mut d = drawn.borrow_mut();
            // Drawn once the container's width is known (the next render).
            if let (true, Some(c)) = (frame.measured, canvas.cast::<HtmlCanvasElement>()) {
                if d.waited {
                    // Images still to make wait too while a slow job computes
                    // (`hold`); the render that clears it draws them on.
                    let complete = draw(&c, &mut d, &frame.result, frame.scene, frame.look);
                    more.set(!complete && !frame.hold);
                } else {
                    // A new canvas is first drawn on the next frame, not in the
                    // task that mounted it (which also built the DOM): two
                    // shorter tasks. It takes its height now, so the page's
                    // height (an embed's iframe) is final at once.
                    set_css_height(&c, frame.scene.height);
                    warm_fonts(&c, &frame.font_sample);
                    d.waited = true;
                    more.set(true);
                }
            }
            // Through the CSSOM: the page's CSP forbids style attributes.
            if let (Some(el), Some(b)) = (view.cast::<web_sys::HtmlElement>(), output_box) {
                let st = el.style();
                for (k, v) in [("left", b.x), ("top", b.y), ("width", b.w), ("height", b.h)] {
                    let _ = st.set_property(k, &format!("{v}px"));
                }
            }
        });
    }
    SceneCanvas(drawn)
}

/// The canvas's 2D context (made on the first call).
fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    wasm_bindgen::JsCast::dyn_into(canvas.get_context("2d").ok()??).ok()
}

/// Makes the canvas's context and lays out `sample` in the picture's fonts, so
/// that finding the fonts (the system's, or one with Chinese glyphs) is done in
/// the task that mounts the canvas rather than in its first draw.
fn warm_fonts(canvas: &HtmlCanvasElement, sample: &str) {
    let Some(ctx) = context_2d(canvas) else {
        return;
    };
    for weight in ["", "bold "] {
        ctx.set_font(&format!("{weight}12px {FONT}"));
        // Off the canvas: nothing is drawn, but the text is shaped.
        let _ = ctx.fill_text(sample, -1000.0, -1000.0);
    }
}

/// Through the CSSOM: the page's CSP forbids style attributes.
fn set_css_height(canvas: &HtmlCanvasElement, height: f64) {
    let _ = canvas
        .style()
        .set_property("height", &format!("{height}px"));
}

/// Draws `scene`; false when images remain to be made (draw again next frame).
fn draw(
    canvas: &HtmlCanvasElement,
    drawn: &mut Drawn,
    r: &ResultRef,
    scene: Scene,
    look: CanvasLook,
) -> bool {
    if drawn.result.as_ref() != Some(r) {
        drawn.result = Some(r.clone());
        drawn.planes = Some(ResultPlanes::new(r.0.clone()));
        drawn.renderer.retire();
    }
    // A theme change redraws at once: this runs on every render, and the theme is context.
    if drawn.renderer.theme != look.theme {
        drawn.renderer.theme = look.theme;
        drawn.renderer.retire();
    }
    let dpr = look.dpr;
    let (w, h) = (
        (scene.width * dpr).round() as u32,
        (scene.height * dpr).round() as u32,
    );
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    set_css_height(canvas, scene.height);
    let Some(ctx) = context_2d(canvas) else {
        return true;
    };
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, scene.width, scene.height);
    let mut painter = CanvasPainter::new(ctx);
    // A new canvas's first draw makes one image: the frames after make the rest.
    if drawn.scene.is_none() {
        drawn.renderer.budget = Some(0);
    }
    if let Some(planes) = drawn.planes.as_ref() {
        drawn
            .renderer
            .draw(&mut painter, &scene, planes, look.words, false);
    }
    drawn.renderer.budget = Some(IMAGE_BUDGET);
    drawn.scene = Some(scene);
    drawn.renderer.complete()
}
