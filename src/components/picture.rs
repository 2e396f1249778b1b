//! The picture: the caption, the transport, the scene drawn on one canvas, the
//! trace beside it and the export buttons. A thin view: the playhead lives in
//! `use_timeline`, what to draw in `state::scene`, how to draw it in `render`.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use super::export_bar::ExportBar;
use super::picture_table::PictureTable;
use super::trace_panel::TracePanel;
use super::transport::Transport;
use crate::compute::{scene_layer, JobRequest, JobResult, ResultRef};
use crate::hooks::use_animation_frame::use_redraw_while;
use crate::hooks::use_canvas_size::use_canvas_size;
use crate::hooks::use_text::use_text;
use crate::hooks::use_theme::use_theme;
use crate::hooks::use_timeline::use_timeline;
use crate::render::canvas::CanvasPainter;
use crate::render::planes::ResultPlanes;
use crate::render::{Renderer, Theme};
use crate::state::scene::{build, move_traced, output_bounds, Moment, Scene};
use crate::state::timeline::{caption, Caption, Stage, StageFacts};
use crate::state::{Traced, TracedTensor};
use crate::text::picture::SceneFacts;
use crate::text::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct PictureProps {
    pub result: ResultRef,
    pub stage: Stage,
    /// Play through once on arrival (a fresh page whose link names no stage).
    pub autoplay: bool,
    pub shuffle: bool,
    pub on_stage: Callback<Stage>,
    pub traced: Option<Traced>,
    pub on_trace: Callback<Option<Traced>>,
    /// The job that made `result`, replayed by the GIF export.
    pub job: Option<JobRequest>,
    /// A new job has been computing long enough to show its progress: the
    /// playhead waits for it (see `use_timeline`).
    #[prop_or_default]
    pub hold: bool,
    /// Controls under the picture (the groups slider).
    #[prop_or_default]
    pub children: Html,
}

fn facts(r: &JobResult) -> StageFacts {
    let l = &r.layer;
    let mid = r.intermediate.as_ref().unwrap_or(&r.output).shape;
    StageFacts {
        in_channels: l.in_channels,
        out_channels: l.out_channels,
        groups: l.groups,
        kernel: l.kernel,
        in_hw: [r.input.shape.h, r.input.shape.w],
        out_hw: [mid.h, mid.w],
        pointwise: r.pw_layer.map(|p| (p.in_channels, p.out_channels)),
    }
}

/// The page's theme as the renderer takes it.
pub fn render_theme(theme: crate::state::view::Theme) -> Theme {
    Theme {
        dark: theme == crate::state::view::Theme::Dark,
    }
}

fn nchw(s: conv_core::Nchw) -> [usize; 4] {
    [s.n, s.c, s.h, s.w]
}

/// What the canvas shows, for its text alternative.
pub fn scene_facts(r: &JobResult, traced: Option<Traced>) -> SceneFacts {
    let l = &r.layer;
    let first = r.intermediate.as_ref().unwrap_or(&r.output).shape;
    SceneFacts {
        kind: r.mode,
        groups: l.groups,
        input: nchw(r.input.shape),
        filters: [l.out_channels, l.in_per_group(), l.kernel[0], l.kernel[1]],
        output: nchw(first),
        pointwise: r
            .pw_layer
            .map(|p| ([p.out_channels, p.in_channels, 1, 1], nchw(r.output.shape))),
        traced: traced.map(|t| t.index),
    }
}

/// The trace is drawn once its value exists on screen.
fn shown_trace(t: Option<Traced>, stage: Stage, separable: bool) -> Option<Traced> {
    let t = t?;
    let ready = match (t.tensor, stage) {
        (_, Stage::Done) => true,
        (TracedTensor::Output, Stage::Concat | Stage::Shuffle) => !separable,
        (TracedTensor::Intermediate, Stage::Concat | Stage::Pointwise) => true,
        _ => false,
    };
    ready.then_some(t)
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

/// How the canvas is drawn: the theme's colours, the labels' language, device pixels per CSS pixel.
#[derive(Clone, Copy)]
struct Look {
    theme: Theme,
    lang: Lang,
    dpr: f64,
}

/// New heatmap pixels per frame: a new result's images (64 planes of 112² are
/// 800k pixels) are made over a few frames, each well under 50 ms.
const IMAGE_BUDGET: usize = 120_000;

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
        ctx.set_font(&format!("{weight}12px {}", crate::render::FONT));
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
    look: Look,
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
    drawn.renderer.lang = look.lang;
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
        drawn.renderer.draw(&mut painter, &scene, planes, false);
    }
    drawn.renderer.budget = Some(IMAGE_BUDGET);
    drawn.scene = Some(scene);
    drawn.renderer.complete()
}

/// The words of this moment: the caption (with its step), the narration, and
/// the canvas's name and description.
fn view_caption(
    t: &dyn Text,
    props: &PictureProps,
    tl: &crate::state::timeline::Timeline,
    cap: &Caption,
) -> Html {
    let (step, steps) = (tl.index() + 1, tl.steps().len());
    let stage = tl.stage();
    html! {
        <>
            <p class="stage" data-testid="stage" data-stage={stage.name()}
                data-progress={format!("{:.3}", tl.shown_progress())}>
                <span class="stage-step">{ t.step_of(step, steps) }</span>{ t.caption(cap) }
            </p>
            // Said once per stage: its text changes only when the stage (or the language) does.
            <p class="sr-only" data-testid="narration" aria-live="polite" data-stage={stage.name()}>
                { t.narration(step, steps, cap) }
            </p>
            <p class="sr-only" id="scene-description" data-testid="scene-description">
                { t.scene_description(&scene_facts(&props.result, props.traced)) }
            </p>
        </>
    }
}

#[function_component(Picture)]
pub fn picture(props: &PictureProps) -> Html {
    let words = use_text();
    let look_theme = render_theme(use_theme());
    let r = &props.result;
    let layer = scene_layer(r, props.shuffle);
    let shape = layer.timeline_shape();
    let tl = use_timeline(
        shape,
        props.stage,
        props.autoplay,
        props.hold,
        props.on_stage.clone(),
    );
    let t = &tl.now;
    let moment = Moment {
        stage: t.stage(),
        progress: t.shown_progress(),
    };
    let separable = r.pw_layer.is_some();
    let traced = shown_trace(props.traced, moment.stage, separable);

    let container = use_node_ref();
    let canvas = use_node_ref();
    let size = use_canvas_size(container.clone(), 0.6, (100.0, 4000.0));
    let width = size.map_or(900.0, |s| s.css_width as f64);
    let look = Look {
        theme: look_theme,
        lang: words.lang(),
        dpr: size.map_or(1.0, |s| s.dpr),
    };
    let measured = size.is_some();
    let scene = build(&layer, moment, width, traced);
    let output_box = output_bounds(&scene);
    let drawn = use_mut_ref(|| Drawn {
        result: None,
        planes: None,
        renderer: Renderer::default().with_budget(IMAGE_BUDGET),
        scene: None,
        waited: false,
    });
    let more = use_redraw_while();
    let view = use_node_ref();
    {
        let (canvas, drawn, r, scene) = (canvas.clone(), drawn.clone(), r.clone(), scene.clone());
        let (view, more) = (view.clone(), more.clone());
        let (mode, hold) = (r.mode, props.hold);
        use_effect(move || {
            let mut d = drawn.borrow_mut();
            // Drawn once the container's width is known (the next render).
            if let (true, Some(c)) = (measured, canvas.cast::<HtmlCanvasElement>()) {
                if d.waited {
                    // Images still to make wait too while a slow job computes
                    // (`hold`); the render that clears it draws them on.
                    more.set(!draw(&c, &mut d, &r, scene, look) && !hold);
                } else {
                    // A new canvas is first drawn on the next frame, not in the
                    // task that mounted it (which also built the DOM): two
                    // shorter tasks. It takes its height now, so the page's
                    // height (an embed's iframe) is final at once.
                    set_css_height(&c, scene.height);
                    warm_fonts(&c, &words.scene_name(mode));
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
    let on_pointer = pointer_handler(
        canvas.clone(),
        drawn.clone(),
        props.on_trace.clone(),
        props.traced,
    );
    let on_key = key_handler(r, props.traced, props.on_trace.clone());
    let cap = caption(moment.stage, &shape, &facts(r));
    html! {
        <section class="panel picture" data-testid="picture" aria-label={words.picture_region()}>
            <div class="picture-main">
                <div class="stage-head">
                    { view_caption(words, props, t, &cap) }
                    <Transport playing={t.playing()} position={t.position()} max={t.max_position()} speed={t.speed()}
                        step={t.index() + 1} steps={t.steps().len()}
                        on_toggle={tl.callback(|t, ()| t.toggle_play())}
                        on_back={tl.callback(|t, ()| t.step_back())}
                        on_forward={tl.callback(|t, ()| t.step_forward())}
                        on_scrub={tl.callback(|t, p: f64| t.scrub(p))}
                        on_speed={tl.callback(|t, s: f64| t.set_speed(s))} />
                </div>
                <div class="scene" ref={container} onpointermove={on_pointer.clone()} onpointerdown={on_pointer}>
                    <canvas ref={canvas} data-testid="scene-canvas" role="img"
                        aria-label={words.scene_name(r.mode)} aria-describedby="scene-description" />
                    if output_box.is_some() {
                        <div class="output-view" data-testid="output-view" data-own-keys="" tabindex="0" ref={view}
                            role="group" aria-label={words.output_view_label()}
                            onkeydown={on_key} />
                    }
                </div>
                <PictureTable result={r.clone()} />
            </div>
            <aside class="picture-side">
                { props.children.clone() }
                <ExportBar result={r.clone()} layer={layer} moment={moment} traced={traced} width={width} job={props.job.clone()} />
                <TracePanel result={r.clone()} traced={props.traced} />
            </aside>
        </section>
    }
}

/// Hovering or tapping a value traces it.
fn pointer_handler(
    canvas: NodeRef,
    drawn: Rc<RefCell<Drawn>>,
    on_trace: Callback<Option<Traced>>,
    current: Option<Traced>,
) -> Callback<PointerEvent> {
    Callback::from(move |e: PointerEvent| {
        let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
            return;
        };
        let rect = c.get_bounding_client_rect();
        let (x, y) = (
            e.client_x() as f64 - rect.left(),
            e.client_y() as f64 - rect.top(),
        );
        let hit = drawn.borrow().scene.as_ref().and_then(|s| s.hit(x, y));
        if hit.is_some() && hit != current {
            on_trace.emit(hit);
        }
    })
}

/// Arrow keys on the output view move the traced value.
fn key_handler(
    r: &ResultRef,
    current: Option<Traced>,
    on_trace: Callback<Option<Traced>>,
) -> Callback<KeyboardEvent> {
    let out = r.output.shape;
    let tensor = TracedTensor::Output;
    Callback::from(move |e: KeyboardEvent| {
        if let Some(next) = move_traced(current, tensor, (out.c, out.h, out.w), &e.key()) {
            e.prevent_default();
            on_trace.emit(Some(next));
        }
    })
}
