//! The canvas painter: the page's `<canvas>` and the worker's OffscreenCanvas
//! (GIF frames) share it. Both 2D contexts have the same methods, so one macro
//! implements [`Painter`] for each. Heatmaps are OffscreenCanvases made once.
//!
//! The painter remembers the styles it set, and sets one again only when it
//! changes. A colour's CSS string is made once per thread and kept as a JS
//! string ([`css`]): formatted in wasm and decoded in JS at every change, the
//! styles were a fifth of a frame's script time in a profile (a frame at 256
//! channels sets about a thousand).

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{
    CanvasRenderingContext2d, ImageData, OffscreenCanvas, OffscreenCanvasRenderingContext2d,
};

use super::{Painter, FONT};
use crate::picture::colors::Rgb;
use crate::picture::scene::{Anchor, Rect};

/// A 2D context, scaled so that one unit is one CSS pixel of the scene. Only
/// the painter may set the context's state while it draws (see [`Last`]).
pub struct CanvasPainter<C> {
    pub ctx: C,
    last: Last,
}

impl<C> CanvasPainter<C> {
    /// A painter for a context in its default state (a new or resized canvas).
    pub fn new(ctx: C) -> Self {
        CanvasPainter {
            ctx,
            last: Last::default(),
        }
    }
}

/// The context's state as the painter last set it (`None`: not set yet).
#[derive(Default)]
struct Last {
    fill: Option<(Rgb, u32)>,
    stroke: Option<(Rgb, u32)>,
    line_width: Option<u64>,
    /// Thousandths; shapes and text are drawn at 1000, images at their own.
    alpha: Option<u32>,
    font: Option<(bool, u64)>,
    align: Option<Anchor>,
    /// The baseline and image smoothing, set once.
    fixed: bool,
}

/// Records `now` in `last` and says whether it differs from what was there:
/// whether the context's state must be set.
fn changed<T: PartialEq>(last: &mut Option<T>, now: T) -> bool {
    let differs = last.as_ref() != Some(&now);
    *last = Some(now);
    differs
}

/// An alpha in thousandths, as the painter writes and compares it.
fn milli(alpha: f64) -> u32 {
    (alpha.clamp(0.0, 1.0) * 1000.0).round() as u32
}

/// A CSS colour, its alpha in thousandths (written with integer formatting).
fn rgba(c: Rgb, a: u32) -> String {
    if a >= 1000 {
        format!("rgb({},{},{})", c.0, c.1, c.2)
    } else {
        format!("rgba({},{},{},0.{a:03})", c.0, c.1, c.2)
    }
}

/// Colours kept as JS strings at most; past it the cache starts again.
const CSS_KEPT: usize = 4096;

thread_local! {
    static CSS: RefCell<HashMap<(Rgb, u32), JsValue>> = RefCell::new(HashMap::new());
}

/// The CSS colour of `(c, milli alpha)` as a JS string, made once per thread.
fn css(c: Rgb, alpha: u32) -> JsValue {
    CSS.with_borrow_mut(|kept| {
        if kept.len() >= CSS_KEPT {
            kept.clear();
        }
        kept.entry((c, alpha))
            .or_insert_with(|| JsValue::from_str(&rgba(c, alpha)))
            .clone()
    })
}

#[wasm_bindgen]
extern "C" {
    /// Either 2D context, seen through the two style setters that take a JS
    /// value (web-sys's own take a `&str`, decoded again at every call).
    type Styled;
    #[wasm_bindgen(method, setter = fillStyle)]
    fn set_fill_style(this: &Styled, value: &JsValue);
    #[wasm_bindgen(method, setter = strokeStyle)]
    fn set_stroke_style(this: &Styled, value: &JsValue);
}

/// A plane's pixels as an OffscreenCanvas, to draw scaled and unsmoothed.
pub fn bitmap(w: usize, h: usize, rgba: &[u8]) -> Option<OffscreenCanvas> {
    let canvas = OffscreenCanvas::new(w as u32, h as u32).ok()?;
    let ctx: OffscreenCanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let data =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w as u32, h as u32).ok()?;
    ctx.put_image_data(&data, 0.0, 0.0).ok()?;
    Some(canvas)
}

macro_rules! canvas_painter {
    ($ctx:ty) => {
        impl CanvasPainter<$ctx> {
            fn fill_style(&mut self, c: Rgb, alpha: f64) {
                self.global_alpha(1000);
                if changed(&mut self.last.fill, (c, milli(alpha))) {
                    let ctx: &Styled = self.ctx.unchecked_ref();
                    ctx.set_fill_style(&css(c, milli(alpha)));
                }
            }

            fn stroke_style(&mut self, c: Rgb, alpha: f64, width: f64) {
                self.global_alpha(1000);
                if changed(&mut self.last.stroke, (c, milli(alpha))) {
                    let ctx: &Styled = self.ctx.unchecked_ref();
                    ctx.set_stroke_style(&css(c, milli(alpha)));
                }
                if changed(&mut self.last.line_width, width.to_bits()) {
                    self.ctx.set_line_width(width);
                }
            }

            fn global_alpha(&mut self, milli: u32) {
                if changed(&mut self.last.alpha, milli) {
                    self.ctx.set_global_alpha(milli as f64 / 1000.0);
                }
            }

            fn fix(&mut self) {
                if !self.last.fixed {
                    self.last.fixed = true;
                    self.ctx.set_image_smoothing_enabled(false);
                    self.ctx.set_text_baseline("alphabetic");
                }
            }
        }

        impl Painter for CanvasPainter<$ctx> {
            type Image = OffscreenCanvas;

            fn make_image(&mut self, w: usize, h: usize, px: &[u8]) -> Option<OffscreenCanvas> {
                bitmap(w, h, px)
            }

            fn draw_image(&mut self, img: &OffscreenCanvas, s: Rect, d: Rect, alpha: f64) {
                self.fix();
                self.global_alpha(milli(alpha));
                let _ = self
                    .ctx
                    .draw_image_with_offscreen_canvas_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                        img, s.x, s.y, s.w, s.h, d.x, d.y, d.w, d.h,
                    );
            }

            fn fill_rect(&mut self, r: Rect, c: Rgb, alpha: f64) {
                self.fill_style(c, alpha);
                self.ctx.fill_rect(r.x, r.y, r.w, r.h);
            }

            fn stroke_rect(&mut self, r: Rect, c: Rgb, width: f64, alpha: f64) {
                self.stroke_style(c, alpha, width);
                self.ctx.stroke_rect(r.x, r.y, r.w, r.h);
            }

            fn polygon(&mut self, pts: &[(f64, f64)], c: Rgb, alpha: f64) {
                let Some((first, rest)) = pts.split_first() else {
                    return;
                };
                self.ctx.begin_path();
                self.ctx.move_to(first.0, first.1);
                for p in rest {
                    self.ctx.line_to(p.0, p.1);
                }
                self.ctx.close_path();
                self.fill_style(c, alpha);
                self.ctx.fill();
            }

            fn line(&mut self, from: (f64, f64), to: (f64, f64), c: Rgb, width: f64) {
                self.ctx.begin_path();
                self.ctx.move_to(from.0, from.1);
                self.ctx.line_to(to.0, to.1);
                self.stroke_style(c, 1.0, width);
                self.ctx.stroke();
            }

            fn text(
                &mut self,
                at: (f64, f64),
                text: &str,
                size: f64,
                c: Rgb,
                anchor: Anchor,
                bold: bool,
            ) {
                self.fix();
                if changed(&mut self.last.font, (bold, size.to_bits())) {
                    let weight = if bold { "600 " } else { "" };
                    self.ctx.set_font(&format!("{weight}{size}px {FONT}"));
                }
                if changed(&mut self.last.align, anchor) {
                    self.ctx.set_text_align(match anchor {
                        Anchor::Start => "start",
                        Anchor::Middle => "center",
                        Anchor::End => "end",
                    });
                }
                self.fill_style(c, 1.0);
                let _ = self.ctx.fill_text(text, at.0, at.1);
            }
        }
    };
}

canvas_painter!(CanvasRenderingContext2d);
canvas_painter!(OffscreenCanvasRenderingContext2d);
