//! A network preset: per-layer bars, totals, MobileNet's paper figures, and a
//! per-layer table. Clicking a bar, choosing it from the keyboard (arrow keys
//! on the focused chart, then Enter or Space) or a row's button loads that
//! layer into the form.

use std::cell::RefCell;
use std::rc::Rc;

use conv_core::presets::{names, LayerKind, Network};
use conv_core::{Conv2dSpec, Nchw};
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::layer_table::LayerTable;
use super::{two_panels, use_chart, view_csv_button, view_png_button, ChartRefs};
use crate::format::thousands;
use crate::plots::draw::network;
use crate::plots::draw::short_sig;
use crate::plots::model::network::{
    conv_only, is_full_conv, name_of, series, NetTotal, NetworkSeries,
};
use crate::plots::text::Chart;
use crate::plots::text::PlotsText;
use crate::plots::view::use_plots_text;
use crate::state::plot_settings::{
    format_alpha, parse_alpha, PlotAction, PlotSettings, PresetError, Scale, Unit,
};
use groupwise_core::worker::model::ImportedModel;

#[derive(Properties, PartialEq)]
pub struct NetworkViewProps {
    pub settings: PlotSettings,
    pub on_plot: Callback<PlotAction>,
    pub on_load_layer: Callback<(Conv2dSpec, Nchw)>,
    /// The learner's own model, once opened: its layers can be listed too.
    #[prop_or_default]
    pub model: Option<Rc<ImportedModel>>,
}

/// The layer menu's value for the learner's own model.
const MODEL_OPTION: &str = "model";

type Transform = Rc<RefCell<Option<Box<dyn Fn((i32, i32)) -> Option<(f64, f64)>>>>>;

/// `4_866_000_000` → `"4,866M"`: millions, as the MobileNet paper prints totals.
fn millions(v: u64) -> String {
    format!("{}M", thousands((v as f64 / 1e6).round() as u64))
}

/// The next loadable bar from `from` in direction `step` (the first or last when none is chosen).
fn next_bar(s: &NetworkSeries, from: Option<usize>, step: isize) -> Option<usize> {
    let loadable: Vec<usize> = s
        .layers
        .iter()
        .filter(|l| l.loadable)
        .map(|l| l.index)
        .collect();
    let pos = match from.and_then(|i| loadable.iter().position(|&j| j == i)) {
        Some(p) => (p as isize + step).clamp(0, loadable.len() as isize - 1) as usize,
        None if step < 0 => loadable.len().checked_sub(1)?,
        None => 0,
    };
    loadable.get(pos).copied()
}

#[function_component(NetworkView)]
pub fn network_view(props: &NetworkViewProps) -> Html {
    let t = use_plots_text();
    let s = &props.settings;
    let key = (
        s.preset.clone(),
        s.alpha.to_bits(),
        s.resolution,
        s.full_conv,
    );
    let presets = {
        let s = s.clone();
        use_memo(key, move |_| s.networks())
    };
    // A new model is shown at once; the menu goes back to the presets.
    let show_model = use_state_eq(|| false);
    {
        let show = show_model.clone();
        use_effect_with(props.model.as_ref().map(Rc::as_ptr), move |m| {
            show.set(m.is_some())
        });
    }
    let model = props.model.clone().filter(|_| *show_model);
    let nets: Rc<Result<(Network, Option<Network>), PresetError>> = match &model {
        Some(m) => Rc::new(Ok((m.network.clone(), None))),
        None => presets.clone(),
    };
    let series = match &*nets {
        Ok((net, twin)) => Some(series(net, twin.as_ref(), s.unit, s.scale == Scale::Log)),
        Err(_) => None,
    };
    let selected = use_state_eq(|| None::<usize>);
    let transform: Transform = use_mut_ref(|| None);
    let refs = {
        let transform = transform.clone();
        let (aspect, heights) = two_panels(0.36, (260.0, 400.0));
        use_chart(
            (series.clone(), *selected),
            aspect,
            heights,
            move |(s, selected), backend, look, t| {
                if let Some(s) = s {
                    let tr = network::draw(backend, s, *selected, look, t).ok();
                    *transform.borrow_mut() =
                        tr.map(|f| Box::new(f) as Box<dyn Fn((i32, i32)) -> Option<(f64, f64)>>);
                }
            },
        )
    };
    let load = {
        let nets = nets.clone();
        let on_load = props.on_load_layer.clone();
        move |index: usize| {
            let Ok((net, _)) = &*nets else { return };
            let Some(l) = net.layers.get(index).filter(|l| !l.kind.is_marker()) else {
                return;
            };
            if let Some(spec) = l.spec.clone() {
                on_load.emit((spec, l.input));
                // Show the form the layer went into.
                if let Ok(Some(form)) = gloo::utils::document().query_selector(".settings") {
                    form.scroll_into_view();
                }
            }
        }
    };
    let body = match (&*nets, &series) {
        (Ok((net, twin)), Some(series)) => {
            let own = model.is_some();
            let name = |n: &Network| {
                if own {
                    t.your_model().to_string()
                } else {
                    t.network_name(&name_of(n, s))
                }
            };
            let chart = (&refs, &transform, &selected);
            let canvas = view_network_canvas(t, series, &name(net), chart, load.clone());
            view_network(
                t,
                (net, twin.as_ref()),
                &name,
                series,
                (canvas, &refs.canvas),
                (load, own),
                s.chart_bias,
            )
        }
        (Err(e), _) => html! { <p class="alert" role="alert">{ t.preset_error(e) }</p> },
        _ => html! {},
    };
    let on_show = {
        let show = show_model.clone();
        Callback::from(move |own: bool| show.set(own))
    };
    let has_model = props.model.is_some();
    html! {
        <div class="network-view" data-testid="network-view">
            <NetControls settings={s.clone()} on_plot={props.on_plot.clone()} {has_model} showing_model={*show_model} {on_show} />
            { body }
        </div>
    }
}

/// The per-layer chart: a click on a bar loads it; from the keyboard, the arrow
/// keys (and Home, End) choose a bar, outlined on the chart and read out, and
/// Enter or Space loads it.
fn view_network_canvas(
    t: &dyn PlotsText,
    series: &NetworkSeries,
    name: &str,
    (refs, transform, selected): (&ChartRefs, &Transform, &UseStateHandle<Option<usize>>),
    load: impl Fn(usize) + Clone + 'static,
) -> Html {
    let onclick = {
        let (load, series, canvas, transform) = (
            load.clone(),
            series.clone(),
            refs.canvas.clone(),
            transform.clone(),
        );
        Callback::from(move |e: MouseEvent| {
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            // Mouse offsets are CSS pixels; the chart was drawn in device pixels.
            let ratio = c.width() as f64 / c.client_width().max(1) as f64;
            let px = (
                (e.offset_x() as f64 * ratio) as i32,
                (e.offset_y() as f64 * ratio) as i32,
            );
            let hit = transform.borrow().as_ref().and_then(|t| t(px));
            if let Some(layer) = hit.and_then(|(x, _)| series.layer_at(x)) {
                if layer.loadable {
                    load(layer.index);
                }
            }
        })
    };
    let onkeydown = {
        let (series, selected) = (series.clone(), selected.clone());
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => Some(next_bar(&series, *selected, 1)),
                "ArrowLeft" | "ArrowUp" => Some(next_bar(&series, *selected, -1)),
                "Home" => Some(next_bar(&series, None, 1)),
                "End" => Some(next_bar(&series, None, -1)),
                _ => None,
            };
            if let Some(next) = next {
                e.prevent_default();
                selected.set(next);
            } else if matches!(e.key().as_str(), "Enter" | " ") {
                if let Some(i) = *selected {
                    e.prevent_default();
                    load(i);
                }
            }
        })
    };
    let onblur = {
        let selected = selected.clone();
        Callback::from(move |_: FocusEvent| selected.set(None))
    };
    let total = short_sig(series.total.value);
    let label = t.network_alt(series.unit, name, &total);
    let current = selected.and_then(|i| series.layers.get(i)).map(|l| {
        let value = format!("{} {}", thousands(l.value), series.unit.label());
        t.bar_button(l.index + 1, &l.name, l.kind, &value)
    });
    html! {
        <div class="chart-box" ref={refs.container.clone()}>
            <canvas ref={refs.canvas.clone()} data-testid="chart-network" role="img" tabindex="0" data-own-keys="true"
                aria-label={label} aria-describedby="network-bar" {onclick} {onkeydown} {onblur}></canvas>
            <p id="network-bar" class="bar-readout" aria-live="polite" data-testid="network-bar">
                { current.unwrap_or_default() }
            </p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct NetControlsProps {
    settings: PlotSettings,
    on_plot: Callback<PlotAction>,
    /// The learner's model is open, and whether its layers are the ones shown.
    has_model: bool,
    showing_model: bool,
    on_show: Callback<bool>,
}

/// The preset menu and, for MobileNet, alpha, resolution and the twin switch.
/// A typo keeps the last valid network on screen and says why under its field.
#[function_component(NetControls)]
fn net_controls(props: &NetControlsProps) -> Html {
    let t = use_plots_text();
    let s = &props.settings;
    let alpha_text = use_state(|| format_alpha(s.alpha));
    let field_error = use_state(|| None::<PresetError>);
    let on = &props.on_plot;
    let on_preset = {
        let (on, show) = (on.clone(), props.on_show.clone());
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            show.emit(v == MODEL_OPTION);
            if v != MODEL_OPTION {
                on.emit(PlotAction::Preset(v));
            }
        })
    };
    // A field as typed: shown as it is, applied when it reads, else its alert.
    type Parse = fn(&str) -> Result<PlotAction, PresetError>;
    let typed = |text: &UseStateHandle<String>, parse: Parse| {
        let (on, text, err) = (on.clone(), text.clone(), field_error.clone());
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            text.set(v.clone());
            match parse(&v) {
                Ok(a) => {
                    err.set(None);
                    on.emit(a);
                }
                Err(e) => err.set(Some(e)),
            }
        })
    };
    let on_alpha = typed(&alpha_text, |v| parse_alpha(v).map(PlotAction::Alpha));
    let on_full_conv = on.reform(|e: Event| {
        PlotAction::FullConv(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked(),
        )
    });
    let error = (*field_error).clone();
    let alpha_error = error.clone().filter(|e| matches!(e, PresetError::Alpha(_)));
    html! {
        <div class="net-controls">
            <label class="field">{ t.layers_of() }
                <select data-testid="preset-select" onchange={on_preset}>
                    if props.has_model {
                        <option value={MODEL_OPTION} selected={props.showing_model}>{ t.your_model() }</option>
                    }
                    { for names().iter().map(|n| html! { <option value={*n} selected={!props.showing_model && *n == s.preset}>{ *n }</option> }) }
                </select>
            </label>
            if s.preset == "mobilenet-v1" && !props.showing_model {
                { view_text_field(t, "preset-alpha", t.alpha_field(), &alpha_text, on_alpha, alpha_error) }
                <label class="field check">
                    <input type="checkbox" data-testid="preset-full-conv" checked={s.full_conv} onchange={on_full_conv} />
                    { t.full_conv_switch() }
                </label>
            }
        </div>
    }
}

/// A labelled text field with its alert, if any (tied to it by `aria-describedby`).
pub(super) fn view_text_field(
    t: &dyn PlotsText,
    id: &'static str,
    label: &'static str,
    text: &str,
    oninput: Callback<InputEvent>,
    error: Option<PresetError>,
) -> Html {
    let alert_id = format!("{id}-alert");
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <label for={id}>{ label }</label>
            <input {id} type="text" data-testid={id} value={text.to_string()} {oninput}
                aria-invalid={error.is_some().then_some("true")}
                aria-describedby={error.is_some().then(|| alert_id.clone())} />
            if let Some(e) = error { <p class="alert" role="alert" id={alert_id}>{ t.preset_error(&e) }</p> }
        </div>
    }
}

/// MobileNet's story: the pointwise share and both versions' totals against the paper's.
fn view_story(
    t: &dyn PlotsText,
    net: &Network,
    twin: &Network,
    name: &dyn Fn(&Network) -> String,
) -> Html {
    let (mobile, full) = if is_full_conv(net) {
        (twin, net)
    } else {
        (net, twin)
    };
    let (m, f) = (mobile.total(), full.total());
    let pw_share = NetTotal::of(mobile, Unit::Macs).share(LayerKind::Pointwise);
    let (m_macs, m_params) = (millions(m.macs), short_sig(m.params));
    let (f_macs, f_params) = (millions(f.macs), short_sig(f.params));
    html! {
        <p class="story" data-testid="preset-story">
            { t.story_share(pw_share) }
            <span data-testid="preset-twin-total" data-macs={f.macs.to_string()} data-params={f.params.to_string()}>
                { t.story_versions(
                    (&name(mobile), &m_macs, &m_params),
                    (&name(full), &f_macs, &f_params),
                ) }
            </span>
            { t.story_paper(&millions(conv_only(full))) }
        </p>
    }
}

fn view_network(
    t: &dyn PlotsText,
    (net, twin): (&Network, Option<&Network>),
    name: &dyn Fn(&Network) -> String,
    series: &NetworkSeries,
    (canvas, canvas_ref): (Html, &NodeRef),
    (load, own): (impl Fn(usize) + 'static, bool),
    bias: Option<bool>,
) -> Html {
    let total = net.total();
    let on_load = Callback::from(load);
    let csv_net = net.clone();
    let filename = groupwise_core::export::csv::slug(&net.description);
    html! {
        <>
            <p class="total" data-testid="preset-total" data-macs={total.macs.to_string()} data-params={total.params.to_string()}
                data-flops={total.flops.to_string()}>
                { t.network_total(&name(net), &short_sig(total.macs), &short_sig(total.params)) }
                <small>{ t.network_total_exact(total.macs, total.params) }</small>
            </p>
            { twin.map(|twin| view_story(t, net, twin, name)).unwrap_or_default() }
            <figure class="chart">
                { canvas }
                <div class="chart-actions">
                    { view_png_button(t, canvas_ref, Chart::Network, &format!("groupwise-{filename}.png")) }
                    { view_csv_button(t, Chart::Network, format!("groupwise-{filename}.csv"), move || groupwise_core::export::csv::preset_csv(&csv_net)) }
                </div>
            </figure>
            <LayerTable net={Rc::new(net.clone())} unit={series.unit} {bias} {own} {on_load} />
        </>
    }
}
