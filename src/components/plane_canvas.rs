//! One `h×w` plane of a real tensor, drawn as a heatmap on a canvas sized in
//! device pixels, with optional overlays (the sweep window, a receptive field)
//! and a partial fill (an output that is still being computed).

use std::rc::Rc;

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::prelude::*;

use crate::compute::JobResult;
use crate::state::colors::plane_rgba;

/// Which tensor of a job result a plane comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TensorId {
    Input,
    Weight,
    Intermediate,
    PointwiseWeight,
    Output,
}

impl TensorId {
    /// The tensor in `r` (the output when a separable-only tensor is missing).
    pub fn of(self, r: &JobResult) -> &conv_core::Tensor {
        match self {
            TensorId::Input => &r.input,
            TensorId::Weight => &r.weight,
            TensorId::Intermediate => r.intermediate.as_ref().unwrap_or(&r.output),
            TensorId::PointwiseWeight => r.pw_weight.as_ref().unwrap_or(&r.weight),
            TensorId::Output => &r.output,
        }
    }
}

/// A job result compared by identity: comparing megabytes of tensors on every
/// render would cost more than a frame, and a new result always comes in a new `Rc`.
#[derive(Debug, Clone)]
pub struct ResultRef(pub Rc<JobResult>);

impl PartialEq for ResultRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for ResultRef {
    type Target = JobResult;
    fn deref(&self) -> &JobResult {
        &self.0
    }
}

/// Plane `(n, c)` of one tensor of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct Plane {
    pub result: ResultRef,
    pub tensor: TensorId,
    pub n: usize,
    pub c: usize,
}

impl Plane {
    /// Height and width. The pointwise weights `[C_out, C_mid, 1, 1]` are one
    /// `C_out × C_mid` matrix (that is their memory layout), whatever `n, c` say.
    pub fn hw(&self) -> (usize, usize) {
        let s = self.tensor.of(&self.result).shape;
        match self.tensor {
            TensorId::PointwiseWeight => (s.n, s.c * s.h * s.w),
            _ => (s.h, s.w),
        }
    }
    pub fn values(&self) -> &[f32] {
        let t = self.tensor.of(&self.result);
        match self.tensor {
            TensorId::PointwiseWeight => &t.data,
            _ => t.plane(self.n, self.c),
        }
    }
}

/// An overlay cell, in plane coordinates (may lie in the padding, outside the plane).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub y: isize,
    pub x: isize,
    pub kind: MarkKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// A tap of the moving kernel window.
    Window,
    /// A tap of the traced element's receptive field.
    Field,
    /// The element being built or traced.
    Target,
}

#[derive(Properties, PartialEq)]
pub struct PlaneCanvasProps {
    pub plane: Plane,
    /// Values saturate at `±scale`.
    pub scale: f32,
    /// Values to draw instead of the plane's (a partial sum being formed).
    #[prop_or_default]
    pub values: Option<Rc<Vec<f32>>>,
    /// Draw only the first `fill` elements in raster order (the rest is not computed yet).
    #[prop_or_default]
    pub fill: Option<usize>,
    #[prop_or_default]
    pub marks: Rc<Vec<Mark>>,
    /// Width in CSS pixels; the height follows the plane's aspect ratio.
    pub css_width: u32,
    /// Pointer over element `(y, x)`, or left the canvas (`None`).
    #[prop_or_default]
    pub onhover: Option<Callback<Option<(usize, usize)>>>,
    #[prop_or_default]
    pub label: AttrValue,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The plane element under a pointer at `(client_x, client_y)`.
fn element_at(
    canvas: &HtmlCanvasElement,
    h: usize,
    w: usize,
    cx: i32,
    cy: i32,
) -> Option<(usize, usize)> {
    let r = canvas.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return None;
    }
    let fx = (cx as f64 - r.left()) / r.width();
    let fy = (cy as f64 - r.top()) / r.height();
    if !(0.0..1.0).contains(&fx) || !(0.0..1.0).contains(&fy) {
        return None;
    }
    Some(((fy * h as f64) as usize, (fx * w as f64) as usize))
}

#[function_component(PlaneCanvas)]
pub fn plane_canvas(props: &PlaneCanvasProps) -> Html {
    let canvas = use_node_ref();
    // The plane at one pixel per value, made once per plane and scaled on draw.
    let image = {
        let plane = props.plane.clone();
        let scale = props.scale;
        let values = props.values.clone();
        use_memo(
            (
                plane,
                scale.to_bits(),
                values.as_ref().map(|v| Rc::as_ptr(v) as usize),
            ),
            move |(plane, _, _)| {
                let (h, w) = plane.hw();
                let vals: &[f32] = values.as_deref().map_or(plane.values(), |v| v.as_slice());
                render_offscreen(vals, h, w, scale, prefers_dark())
            },
        )
    };
    {
        let canvas = canvas.clone();
        let image = image.clone();
        let (h, w) = props.plane.hw();
        let marks = props.marks.clone();
        let fill = props.fill;
        let css_width = props.css_width;
        use_effect_with(
            (image, marks, fill, css_width),
            move |(image, marks, fill, css_width)| {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    draw(&c, image.as_ref().as_ref(), h, w, marks, *fill, *css_width);
                }
            },
        );
    }
    let (h, w) = props.plane.hw();
    let onmousemove = props.onhover.clone().map(|cb| {
        let canvas = canvas.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                cb.emit(element_at(&c, h, w, e.client_x(), e.client_y()));
            }
        })
    });
    let onmouseleave = props
        .onhover
        .clone()
        .map(|cb| Callback::from(move |_: MouseEvent| cb.emit(None)));
    // A tap (or click) traces too, for touch screens.
    let onclick = onmousemove.clone();
    html! {
        <canvas ref={canvas} class={classes!("plane", props.onhover.is_some().then_some("traceable"))}
            role="img" aria-label={props.label.clone()} title={props.label.clone()}
            data-testid={props.testid.clone()} data-h={h.to_string()} data-w={w.to_string()}
            {onmousemove} {onmouseleave} {onclick} />
    }
}

/// An unattached canvas holding the plane at one pixel per value.
fn render_offscreen(
    values: &[f32],
    h: usize,
    w: usize,
    scale: f32,
    dark: bool,
) -> Option<HtmlCanvasElement> {
    if h == 0 || w == 0 || values.len() != h * w {
        return None;
    }
    let doc = web_sys::window()?.document()?;
    let c: HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    c.set_width(w as u32);
    c.set_height(h as u32);
    let ctx = context(&c)?;
    let rgba = plane_rgba(values, scale, dark);
    let data =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w as u32, h as u32).ok()?;
    ctx.put_image_data(&data, 0.0, 0.0).ok()?;
    Some(c)
}

fn context(c: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    c.get_context("2d").ok()??.dyn_into().ok()
}

/// Draws the (partially filled) plane and its marks at device resolution.
fn draw(
    canvas: &HtmlCanvasElement,
    image: Option<&HtmlCanvasElement>,
    h: usize,
    w: usize,
    marks: &[Mark],
    fill: Option<usize>,
    css_width: u32,
) {
    let Some(image) = image else { return };
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let css_w = css_width.max(4) as f64;
    let css_h = (css_w * h as f64 / w as f64).clamp(4.0, 4.0 * css_w);
    let (pw, ph) = ((css_w * dpr).round(), (css_h * dpr).round());
    if canvas.width() != pw as u32 || canvas.height() != ph as u32 {
        canvas.set_width(pw as u32);
        canvas.set_height(ph as u32);
    }
    // Sized through the CSSOM: the page's CSP forbids inline style attributes.
    let style = canvas.style();
    let _ = style.set_property("width", &format!("{css_w}px"));
    let _ = style.set_property("height", &format!("{css_h:.2}px"));
    let Some(ctx) = context(canvas) else { return };
    ctx.set_image_smoothing_enabled(false);
    ctx.clear_rect(0.0, 0.0, pw, ph);
    let (sx, sy) = (pw / w as f64, ph / h as f64);
    let total = h * w;
    let filled = fill.unwrap_or(total).min(total);
    let rows = filled / w;
    let rest = filled % w;
    let blit = |y0: usize, rows: usize, cols: usize| {
        if rows == 0 || cols == 0 {
            return;
        }
        let _ = ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            image,
            0.0,
            y0 as f64,
            cols as f64,
            rows as f64,
            0.0,
            y0 as f64 * sy,
            cols as f64 * sx,
            rows as f64 * sy,
        );
    };
    blit(0, rows, w);
    blit(rows, 1, rest);
    if filled < total {
        // Not computed yet: a faint hatch, so "empty" never reads as "zero".
        ctx.set_fill_style_str("rgba(128,128,128,0.18)");
        if rest > 0 {
            ctx.fill_rect(
                rest as f64 * sx,
                rows as f64 * sy,
                (w - rest) as f64 * sx,
                sy,
            );
        }
        let from = rows + usize::from(rest > 0);
        ctx.fill_rect(0.0, from as f64 * sy, pw, (h - from) as f64 * sy);
    }
    let line = (1.5 * dpr).max(1.0);
    ctx.set_line_width(line);
    for m in marks {
        let (x, y) = (m.x as f64 * sx, m.y as f64 * sy);
        match m.kind {
            MarkKind::Window => ctx.set_stroke_style_str("rgba(20,20,20,0.9)"),
            MarkKind::Field => ctx.set_stroke_style_str("#ffd400"),
            MarkKind::Target => ctx.set_stroke_style_str("#111111"),
        }
        ctx.stroke_rect(
            x + line / 2.0,
            y + line / 2.0,
            (sx - line).max(1.0),
            (sy - line).max(1.0),
        );
        if m.kind == MarkKind::Target {
            ctx.set_stroke_style_str("#ffffff");
            ctx.stroke_rect(x - line / 2.0, y - line / 2.0, sx + line, sy + line);
        }
    }
}
