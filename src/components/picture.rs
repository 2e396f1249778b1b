//! The picture: the caption, the transport, the scene drawn on one canvas, the
//! trace beside it and the export buttons. A thin view: the playhead lives in
//! `use_timeline`, what to draw in `groupwise_core::picture::scene`, and the
//! drawing in `use_scene_canvas`.

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::export_bar::ExportBar;
use super::picture_table::PictureTable;
use super::trace_panel::TracePanel;
use super::transport::Transport;
use crate::hooks::use_canvas_size::use_canvas_size;
use crate::hooks::use_scene_canvas::{use_scene_canvas, CanvasLook, SceneCanvas, SceneFrame};
use crate::hooks::use_text::use_text;
use crate::hooks::use_theme::use_theme;
use crate::hooks::use_timeline::use_timeline;
use crate::state::{Traced, TracedTensor};
use crate::text::{label_words, Text};
use groupwise_core::compute::{JobRequest, ResultRef};
use groupwise_core::picture::captions::{caption, Caption};
use groupwise_core::picture::scene::{build, move_traced, output_bounds, Moment};
use groupwise_core::picture::timeline::Stage;
use groupwise_core::views::{scene_facts, scene_layer, stage_facts};

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

/// The words of this moment: the caption (with its step), the narration, and
/// the canvas's name and description.
fn view_caption(
    t: &dyn Text,
    props: &PictureProps,
    tl: &groupwise_core::picture::timeline::Timeline,
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
    let scene = build(&layer, moment, width, traced);
    let output_box = output_bounds(&scene);
    let view = use_node_ref();
    let theme = use_theme();
    let drawn = use_scene_canvas(
        canvas.clone(),
        view.clone(),
        SceneFrame {
            result: r.clone(),
            scene,
            look: CanvasLook {
                theme,
                words: label_words(words.lang()),
                dpr: size.map_or(1.0, |s| s.dpr),
            },
            measured: size.is_some(),
            hold: props.hold,
            font_sample: words.scene_name(r.mode),
        },
    );
    let on_pointer = pointer_handler(
        canvas.clone(),
        drawn.clone(),
        props.on_trace.clone(),
        props.traced,
    );
    let on_key = key_handler(r, props.traced, props.on_trace.clone());
    let cap = caption(moment.stage, &shape, &stage_facts(r));
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
    drawn: SceneCanvas,
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
        let hit = drawn.hit(x, y);
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
