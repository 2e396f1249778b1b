//! The animated picture: input, weights and outputs of the real job, driven by
//! the timeline. Progress within a step is this component's own state (ticked by
//! `use_animation_frame`); only a change of step goes up to the root reducer.

use std::ops::Range;
use std::rc::Rc;

use conv_core::receptive_field;
use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::plane_canvas::{Mark, MarkKind, Plane, ResultRef, TensorId};
use super::pointwise_matrix::PointwiseMatrix;
use super::tensor_view::{TensorView, TileProps};
use super::trace_panel::trace_of;
use super::transport::Transport;
use super::weights_view::WeightsView;
use crate::format::shape as fmt_shape;
use crate::hooks::use_animation_frame::use_animation_frame;
use crate::state::colors::{group_color, symmetric_scale};
use crate::state::lod::{shown_channels, MAX_SHOWN};
use crate::state::timeline::{describe, Stage, StageFacts, Timeline, TimelineShape};
use crate::state::{Traced, TracedTensor};

#[derive(Properties, PartialEq)]
pub struct StageViewProps {
    pub result: ResultRef,
    pub stage: Stage,
    pub on_stage: Callback<Stage>,
    pub traced: Option<Traced>,
    pub on_trace: Callback<Option<Traced>>,
    pub selected: Option<usize>,
    pub on_select: Callback<Option<usize>>,
}

/// Timeline shape of a result: the first layer's groups, and whether a pointwise follows.
fn shape_of(r: &crate::compute::JobResult) -> TimelineShape {
    TimelineShape {
        groups: r.layer.groups,
        separable: r.pw_layer.is_some(),
    }
}

fn facts(r: &crate::compute::JobResult) -> StageFacts {
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

fn media(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Per-channel min/max/mean of a plane, for the output tiles.
fn channel_note(t: &conv_core::Tensor, c: usize) -> String {
    let p = t.plane(0, c);
    let (mut lo, mut hi, mut sum) = (f32::INFINITY, f32::NEG_INFINITY, 0.0f64);
    for &v in p {
        lo = lo.min(v);
        hi = hi.max(v);
        sum += v as f64;
    }
    let mean = if p.is_empty() {
        0.0
    } else {
        sum / p.len() as f64
    };
    format!("min {lo:.3} max {hi:.3} mean {mean:.3}")
}

/// Is the keyboard event aimed at a form field (where Space and arrows type)?
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(
                el.tag_name().as_str(),
                "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON"
            ) || el.has_attribute("contenteditable")
        })
}

/// Partial sums of the pointwise stage with the first `k` depthwise channels added.
/// `None` when it would cost too much per frame (the fill sweep is shown instead).
fn partial_sums(
    r: &crate::compute::JobResult,
    shown: &[usize],
    k: usize,
) -> Option<Vec<Rc<Vec<f32>>>> {
    let mid = r.intermediate.as_ref()?;
    let w = r.pw_weight.as_ref()?;
    let hw = mid.shape.h * mid.shape.w;
    let cmid = mid.shape.c;
    if cmid.saturating_mul(hw).saturating_mul(shown.len()) > 8_000_000 {
        return None;
    }
    Some(
        shown
            .iter()
            .map(|&o| {
                let mut acc = vec![0.0f32; hw];
                for m in 0..k.min(cmid) {
                    let wv = w.data[o * cmid + m];
                    for (a, v) in acc.iter_mut().zip(mid.plane(0, m)) {
                        *a += wv * v;
                    }
                }
                Rc::new(acc)
            })
            .collect(),
    )
}

#[function_component(StageView)]
pub fn stage_view(props: &StageViewProps) -> Html {
    let r = &props.result;
    let shape = shape_of(r);
    let timeline = use_mut_ref(|| Timeline::new(shape, props.stage));
    let last_prop_stage = use_mut_ref(|| props.stage);
    let redraw = use_force_update();
    {
        let mut t = timeline.borrow_mut();
        t.reshape(shape);
        t.set_reduced_motion(media("(prefers-reduced-motion: reduce)"));
        // Follow the root's stage only when it changed there (a link, a new layer),
        // not while our own step change is on its way up.
        if *last_prop_stage.borrow() != props.stage {
            *last_prop_stage.borrow_mut() = props.stage;
            t.go_to(props.stage);
        }
    }
    // Every change of step is reported up once.
    let act = {
        let timeline = timeline.clone();
        let on_stage = props.on_stage.clone();
        let redraw = redraw.clone();
        let last_prop_stage = last_prop_stage.clone();
        Rc::new(move |f: &dyn Fn(&mut Timeline)| {
            let before = timeline.borrow().stage();
            f(&mut timeline.borrow_mut());
            let after = timeline.borrow().stage();
            if after != before {
                *last_prop_stage.borrow_mut() = after;
                on_stage.emit(after);
            }
            redraw.force_update();
        })
    };
    let playing = timeline.borrow().playing();
    {
        let act = act.clone();
        use_animation_frame(
            playing,
            Callback::from(move |dt: f64| {
                act(&|t| {
                    t.tick(dt);
                })
            }),
        );
    }
    // Keyboard: Space plays/pauses, arrows step; never while typing in a field.
    {
        let act = act.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::document(), "keydown", move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if typing(e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                match e.key().as_str() {
                    " " => act(&|t| t.toggle_play()),
                    "ArrowRight" => act(&|t| t.step_forward()),
                    "ArrowLeft" => act(&|t| t.step_back()),
                    _ => return,
                }
                e.prevent_default();
            });
            move || drop(listener)
        });
    }
    let t = timeline.borrow().clone();
    let stage = t.stage();
    let progress = t.shown_progress();
    let facts = facts(r);
    let sentence = describe(stage, &shape, &facts);

    let layer = r.layer;
    let (ipg, opg) = (layer.in_per_group(), layer.out_per_group());
    let first_out = r.intermediate.as_ref().unwrap_or(&r.output);
    let (oh, ow) = (first_out.shape.h, first_out.shape.w);
    let positions = oh * ow;
    let active: Option<Range<usize>> = match stage {
        Stage::GroupConv(n) => Some(shape.batch_groups(n)),
        _ => None,
    };
    let sweep = ((progress * positions as f64).floor() as usize).min(positions);
    let neutral = stage == Stage::Input;
    let in_apart = !matches!(stage, Stage::Input);
    let out_apart = matches!(stage, Stage::Split | Stage::GroupConv(_));

    // Scales: each tensor on its own symmetric range, so every value is comparable within it.
    let scales = use_memo(props.result.clone(), |r| {
        (
            symmetric_scale(&r.input.data),
            symmetric_scale(&r.weight.data),
            symmetric_scale(&r.intermediate.as_ref().unwrap_or(&r.output).data),
            symmetric_scale(&r.output.data),
        )
    });
    let (in_scale, w_scale, mid_scale, out_scale) = *scales;

    let in_shown = shown_channels(layer.in_channels, layer.groups, MAX_SHOWN);
    let mid_shown = shown_channels(layer.out_channels, layer.groups, MAX_SHOWN);
    let final_shown: Vec<usize> = match &r.pw_layer {
        Some(pw) => shown_channels(pw.out_channels, 1, MAX_SHOWN),
        None => mid_shown.clone(),
    };

    // What the traced element reads: its group's input channels at its taps.
    let traced_first: Option<[usize; 4]> =
        props.traced.and_then(|t| match (t.tensor, &r.pw_layer) {
            (TracedTensor::Intermediate, _) | (TracedTensor::Output, None) => Some(t.index),
            _ => None,
        });
    let traced_field = traced_first.and_then(|i| receptive_field(&layer, r.input.shape, i).ok());
    let traced_pw = props
        .traced
        .filter(|t| t.tensor == TracedTensor::Output && r.pw_layer.is_some());
    // Tracing is only shown once the values exist (the picture is complete).
    let trace_ok = props.traced.is_some_and(|t| trace_of(r, &t).is_ok());

    // The sweep window: the taps of the element being built.
    let window: Vec<Mark> = match &active {
        Some(_) if progress < 1.0 && positions > 0 => {
            let at = sweep.min(positions - 1);
            receptive_field(&layer, r.input.shape, [0, 0, at / ow, at % ow])
                .map(|rf| {
                    rf.taps
                        .iter()
                        .map(|&(y, x)| Mark {
                            y,
                            x,
                            kind: MarkKind::Window,
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let window = Rc::new(window);
    let bands = |channels: &[usize], per: usize| -> Vec<usize> {
        let mut g: Vec<usize> = channels.iter().map(|&c| c / per.max(1)).collect();
        g.dedup();
        g
    };
    let in_bands = bands(&in_shown, ipg);
    let mid_bands = bands(&mid_shown, opg);

    let input_tiles: Vec<TileProps> = in_shown
        .iter()
        .map(|&c| {
            let g = c / ipg;
            let is_active = active.as_ref().is_some_and(|a| a.contains(&g));
            let mut marks: Vec<Mark> = Vec::new();
            if is_active {
                marks.extend(window.iter().copied());
            }
            if let Some(rf) = traced_field.as_ref().filter(|rf| rf.channels.contains(&c)) {
                if trace_ok {
                    marks.extend(rf.taps.iter().map(|&(y, x)| Mark {
                        y,
                        x,
                        kind: MarkKind::Field,
                    }));
                }
            }
            TileProps {
                plane: Plane {
                    result: r.clone(),
                    tensor: TensorId::Input,
                    n: 0,
                    c,
                },
                scale: in_scale,
                css_width: 56,
                band: in_bands.iter().position(|&b| b == g).unwrap_or(0),
                hue: (!neutral).then(|| group_color(g).css()),
                group: g,
                values: None,
                fill: None,
                marks: Rc::new(marks),
                dim: active.as_ref().is_some_and(|a| !a.contains(&g))
                    || traced_field
                        .as_ref()
                        .is_some_and(|rf| !rf.channels.contains(&c)),
                active: is_active
                    || traced_field
                        .as_ref()
                        .is_some_and(|rf| rf.channels.contains(&c)),
                note: None,
                onhover: None,
                testid: None,
                onselect: None,
            }
        })
        .collect();

    let separable = r.pw_layer.is_some();
    let first_tensor = if separable {
        TensorId::Intermediate
    } else {
        TensorId::Output
    };
    let first_traced_kind = if separable {
        TracedTensor::Intermediate
    } else {
        TracedTensor::Output
    };
    let mid_tiles: Vec<TileProps> = mid_shown
        .iter()
        .map(|&c| {
            let g = c / opg;
            let fill = match (stage, &active) {
                (Stage::Input | Stage::Split, _) => Some(0),
                (Stage::GroupConv(_), Some(a)) if g >= a.end => Some(0),
                (Stage::GroupConv(_), Some(a)) if a.contains(&g) => Some(sweep),
                _ => None,
            };
            let mut marks = Vec::new();
            if active.as_ref().is_some_and(|a| a.contains(&g)) && progress < 1.0 && positions > 0 {
                let at = sweep.min(positions - 1);
                marks.push(Mark {
                    y: (at / ow) as isize,
                    x: (at % ow) as isize,
                    kind: MarkKind::Target,
                });
            }
            if let Some([_, tc, ty, tx]) = traced_first.filter(|_| trace_ok) {
                if tc == c {
                    marks.push(Mark {
                        y: ty as isize,
                        x: tx as isize,
                        kind: MarkKind::Target,
                    });
                }
            }
            if let Some(t) = traced_pw.filter(|_| trace_ok) {
                let [_, _, ty, tx] = t.index;
                marks.push(Mark {
                    y: ty as isize,
                    x: tx as isize,
                    kind: MarkKind::Field,
                });
            }
            let on_trace = props.on_trace.clone();
            let onhover = Callback::from(move |at: Option<(usize, usize)>| {
                if let Some((y, x)) = at {
                    on_trace.emit(Some(Traced {
                        tensor: first_traced_kind,
                        index: [0, c, y, x],
                    }));
                }
            });
            let pw_active = stage == Stage::Pointwise
                && r.intermediate.as_ref().is_some_and(|m| {
                    ((progress * m.shape.c as f64).ceil() as usize).saturating_sub(1) == c
                });
            TileProps {
                plane: Plane {
                    result: r.clone(),
                    tensor: first_tensor,
                    n: 0,
                    c,
                },
                scale: mid_scale,
                css_width: 56,
                band: mid_bands.iter().position(|&b| b == g).unwrap_or(0),
                hue: (!neutral).then(|| group_color(g).css()),
                group: g,
                values: None,
                fill,
                marks: Rc::new(marks),
                dim: active.as_ref().is_some_and(|a| !a.contains(&g)),
                active: pw_active || traced_first.is_some_and(|i| i[1] == c),
                note: (!separable && fill.is_none())
                    .then(|| AttrValue::from(channel_note(first_out, c))),
                onhover: (fill.is_none() || separable).then_some(onhover),
                testid: Some(AttrValue::from(if separable {
                    format!("intermediate-{c}")
                } else {
                    format!("output-{c}")
                })),
                onselect: (!separable).then(|| {
                    let s = props.on_select.clone();
                    Callback::from(move |_| s.emit(Some(c)))
                }),
            }
        })
        .collect();

    // Separable: the pointwise stage forms each output as a growing weighted sum.
    let mixed = r.intermediate.as_ref().map_or(0, |m| match stage {
        Stage::Pointwise => ((progress * m.shape.c as f64).ceil() as usize).min(m.shape.c),
        Stage::Done => m.shape.c,
        _ => 0,
    });
    let partial = {
        let shown = final_shown.clone();
        use_memo((props.result.clone(), mixed), move |(r, k)| {
            partial_sums(r, &shown, *k)
        })
    };
    let final_tiles: Vec<TileProps> = if separable {
        let cmid = r.intermediate.as_ref().map_or(0, |m| m.shape.c);
        final_shown
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let complete = stage == Stage::Done
                    || (stage == Stage::Pointwise && mixed >= cmid && progress >= 1.0);
                let (values, fill) = match stage {
                    Stage::Done => (None, None),
                    Stage::Pointwise if complete => (None, None),
                    Stage::Pointwise => match partial.as_ref() {
                        Some(p) => (p.get(i).cloned(), None),
                        None => (None, Some((progress * (oh * ow) as f64) as usize)),
                    },
                    _ => (None, Some(0)),
                };
                let on_trace = props.on_trace.clone();
                let onhover = Callback::from(move |at: Option<(usize, usize)>| {
                    if let Some((y, x)) = at {
                        on_trace.emit(Some(Traced {
                            tensor: TracedTensor::Output,
                            index: [0, c, y, x],
                        }));
                    }
                });
                let mut marks = Vec::new();
                if let Some(t) = traced_pw.filter(|t| t.index[1] == c && trace_ok) {
                    marks.push(Mark {
                        y: t.index[2] as isize,
                        x: t.index[3] as isize,
                        kind: MarkKind::Target,
                    });
                }
                let s = props.on_select.clone();
                TileProps {
                    plane: Plane {
                        result: r.clone(),
                        tensor: TensorId::Output,
                        n: 0,
                        c,
                    },
                    scale: out_scale,
                    css_width: 56,
                    band: 0,
                    hue: None,
                    group: 0,
                    values,
                    fill,
                    marks: Rc::new(marks),
                    dim: false,
                    active: props.selected == Some(c),
                    note: complete.then(|| AttrValue::from(channel_note(&r.output, c))),
                    onhover: complete.then_some(onhover),
                    testid: Some(AttrValue::from(format!("output-{c}"))),
                    onselect: Some(Callback::from(move |_| s.emit(Some(c)))),
                }
            })
            .collect()
    } else {
        Vec::new()
    };

    let traced_filter = traced_first.filter(|_| trace_ok).map(|i| i[1]);
    let matrix_row = traced_pw.map(|t| t.index[1]).or(props.selected);
    let matrix_column = (stage == Stage::Pointwise && mixed > 0).then(|| mixed - 1);

    let transport = {
        let (a1, a2, a3, a4, a5) = (
            act.clone(),
            act.clone(),
            act.clone(),
            act.clone(),
            act.clone(),
        );
        html! {
            <Transport playing={t.playing()} position={t.position()} max={t.max_position()} speed={t.speed()}
                on_toggle={Callback::from(move |_| a1(&|t| t.toggle_play()))}
                on_back={Callback::from(move |_| a2(&|t| t.step_back()))}
                on_forward={Callback::from(move |_| a3(&|t| t.step_forward()))}
                on_scrub={Callback::from(move |p: f64| a4(&move |t| t.scrub(p)))}
                on_speed={Callback::from(move |s: f64| a5(&move |t| t.set_speed(s)))} />
        }
    };
    let step_of = format!("step {} of {}", t.index() + 1, t.steps().len());
    html! {
        <section class="panel stage-view" aria-label="Animation">
            <div class="stage-head">
                <p class="stage" data-testid="stage" data-stage={stage.name()} data-progress={format!("{progress:.3}")}
                    aria-live="polite">
                    <span class="stage-step">{ step_of }</span>{ sentence }
                </p>
                { transport }
            </div>
            <div class={classes!("flow", format!("at-{}", stage.name()))}>
                <TensorView title="Input" shape={fmt_shape(r.input.shape)} tiles={input_tiles} hidden={layer.in_channels - in_shown.len()}
                    apart={in_apart} bands={in_bands.len()} testid="input-view" />
                <WeightsView result={r.clone()} filters={mid_shown.clone()} scale={w_scale} active={active.clone()}
                    traced={traced_filter} apart={out_apart || in_apart && !matches!(stage, Stage::Concat | Stage::Pointwise | Stage::Done)} {neutral} />
                <TensorView title={if separable { "Depthwise output" } else { "Output" }} shape={fmt_shape(first_out.shape)}
                    tiles={mid_tiles} hidden={layer.out_channels - mid_shown.len()} apart={out_apart} bands={mid_bands.len()}
                    testid={if separable { "intermediate-view" } else { "output-view" }} />
                if separable {
                    <PointwiseMatrix result={r.clone()} row={matrix_row} column={matrix_column} on_select={props.on_select.clone()} />
                    <TensorView title="Output (pointwise)" shape={fmt_shape(r.output.shape)} tiles={final_tiles}
                        hidden={r.output.shape.c - final_shown.len()} apart={false} bands={1} testid="output-view" />
                }
            </div>
        </section>
    }
}
