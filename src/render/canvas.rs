//! The canvas painter: the page's `<canvas>` and the worker's OffscreenCanvas
//! (GIF frames) share it. Both 2D contexts have the same methods, so one macro
//! implements [`Painter`] for each. Heatmaps are OffscreenCanvases made once.

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{
    CanvasRenderingContext2d, ImageData, OffscreenCanvas, OffscreenCanvasRenderingContext2d,
};

use super::{Painter, FONT};
use crate::state::colors::Rgb;
use crate::state::scene::{Anchor, Rect};

/// A 2D context, scaled so that one unit is one CSS pixel of the scene.
pub struct CanvasPainter<C> {
    pub ctx: C,
}

/// A CSS colour. The alpha is written in thousandths with integer formatting:
/// a frame sets hundreds of styles, and float formatting was a visible share of it.
fn rgba(c: Rgb, alpha: f64) -> String {
    let a = (alpha.clamp(0.0, 1.0) * 1000.0).round() as u32;
    if a >= 1000 {
        format!("rgb({},{},{})", c.0, c.1, c.2)
    } else {
        format!("rgba({},{},{},0.{a:03})", c.0, c.1, c.2)
    }
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
        impl Painter for CanvasPainter<$ctx> {
            type Image = OffscreenCanvas;

            fn make_image(&mut self, w: usize, h: usize, px: &[u8]) -> Option<OffscreenCanvas> {
                bitmap(w, h, px)
            }

            fn draw_image(&mut self, img: &OffscreenCanvas, s: Rect, d: Rect, alpha: f64) {
                self.ctx.set_global_alpha(alpha);
                self.ctx.set_image_smoothing_enabled(false);
                let _ = self
                    .ctx
                    .draw_image_with_offscreen_canvas_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                        img, s.x, s.y, s.w, s.h, d.x, d.y, d.w, d.h,
                    );
                self.ctx.set_global_alpha(1.0);
            }

            fn fill_rect(&mut self, r: Rect, c: Rgb, alpha: f64) {
                self.ctx.set_fill_style_str(&rgba(c, alpha));
                self.ctx.fill_rect(r.x, r.y, r.w, r.h);
            }

            fn stroke_rect(&mut self, r: Rect, c: Rgb, width: f64, alpha: f64) {
                self.ctx.set_stroke_style_str(&rgba(c, alpha));
                self.ctx.set_line_width(width);
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
                self.ctx.set_fill_style_str(&rgba(c, alpha));
                self.ctx.fill();
            }

            fn line(&mut self, from: (f64, f64), to: (f64, f64), c: Rgb, width: f64) {
                self.ctx.begin_path();
                self.ctx.move_to(from.0, from.1);
                self.ctx.line_to(to.0, to.1);
                self.ctx.set_stroke_style_str(&rgba(c, 1.0));
                self.ctx.set_line_width(width);
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
                let weight = if bold { "600 " } else { "" };
                self.ctx.set_font(&format!("{weight}{size}px {FONT}"));
                self.ctx.set_text_align(match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "center",
                    Anchor::End => "end",
                });
                self.ctx.set_text_baseline("alphabetic");
                self.ctx.set_fill_style_str(&rgba(c, 1.0));
                let _ = self.ctx.fill_text(text, at.0, at.1);
            }
        }
    };
}

canvas_painter!(CanvasRenderingContext2d);
canvas_painter!(OffscreenCanvasRenderingContext2d);
