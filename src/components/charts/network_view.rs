//! A network preset: per-layer bars, totals, MobileNet's paper figures, and a
//! per-layer table. Clicking a bar or a row's button loads that layer into the form.

use std::cell::RefCell;
use std::rc::Rc;

use conv_core::presets::{names, LayerKind, Network};
use conv_core::{Conv2dSpec, Nchw};
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::{use_chart, view_canvas, view_csv_button, view_png_button};
use crate::format::thousands;
use crate::plot::network::{self, kind_label, NetworkSeries};
use crate::plot::short_sig;
use crate::state::plots::{format_alpha, parse_alpha, parse_resolution, PlotSettings, Unit};

#[derive(Properties, PartialEq)]
pub struct NetworkViewProps {
    pub settings: PlotSettings,
    pub on_settings: Callback<PlotSettings>,
    pub on_load_layer: Callback<(Conv2dSpec, Nchw)>,
}

type Transform = Rc<RefCell<Option<Box<dyn Fn((i32, i32)) -> Option<(f64, f64)>>>>>;

/// `4_866_000_000` → `"4,866M"`: millions, as the MobileNet paper prints totals.
fn millions(v: u64) -> String {
    format!("{}M", thousands((v as f64 / 1e6).round() as u64))
}

#[function_component(NetworkView)]
pub fn network_view(props: &NetworkViewProps) -> Html {
    let s = &props.settings;
    let alpha_text = use_state(|| format_alpha(s.alpha));
    let resolution_text = use_state(|| s.resolution.to_string());
    let field_error = use_state(|| None::<(&'static str, String)>);
    let key = (
        s.preset.clone(),
        s.alpha.to_bits(),
        s.resolution,
        s.full_conv,
    );
    let nets = {
        let s = s.clone();
        use_memo(key, move |_| s.networks())
    };
    let series = match &*nets {
        Ok((net, twin)) => Some(network::series(
            net,
            twin.as_ref(),
            s.unit,
            s.scale == crate::state::plots::Scale::Log,
        )),
        Err(_) => None,
    };
    let transform: Transform = use_mut_ref(|| None);
    let refs = {
        let transform = transform.clone();
        use_chart(
            series.clone(),
            0.36,
            (260.0, 400.0),
            move |s, backend, look| {
                if let Some(s) = s {
                    let t = network::draw(backend, s, look).ok();
                    *transform.borrow_mut() =
                        t.map(|t| Box::new(t) as Box<dyn Fn((i32, i32)) -> Option<(f64, f64)>>);
                }
            },
        )
    };

    let load = {
        let nets = nets.clone();
        let on_load = props.on_load_layer.clone();
        move |index: usize| {
            if let Ok((net, _)) = &*nets {
                if let Some(l) = net.layers.get(index).filter(|l| !l.kind.is_marker()) {
                    if let Some(spec) = l.spec.clone() {
                        on_load.emit((spec, l.input));
                        // Show the form the layer went into.
                        if let Ok(Some(form)) = gloo::utils::document().query_selector(".settings")
                        {
                            form.scroll_into_view();
                        }
                    }
                }
            }
        }
    };
    let on_canvas_click = {
        let load = load.clone();
        let series = series.clone();
        let canvas = refs.canvas.clone();
        Callback::from(move |e: MouseEvent| {
            let (Some(series), Some(c)) = (&series, canvas.cast::<HtmlCanvasElement>()) else {
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

    let set = {
        let s = s.clone();
        let on = props.on_settings.clone();
        move |f: &dyn Fn(&mut PlotSettings)| {
            let mut next = s.clone();
            f(&mut next);
            on.emit(next);
        }
    };
    let on_preset = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            set(&|s: &mut PlotSettings| s.preset = v.clone());
        })
    };
    let on_alpha = {
        let set = set.clone();
        let text = alpha_text.clone();
        let err = field_error.clone();
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            text.set(v.clone());
            match parse_alpha(&v) {
                Ok(a) => {
                    err.set(None);
                    set(&|s: &mut PlotSettings| s.alpha = a);
                }
                Err(m) => err.set(Some(("alpha", m))),
            }
        })
    };
    let on_resolution = {
        let set = set.clone();
        let text = resolution_text.clone();
        let err = field_error.clone();
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            text.set(v.clone());
            match parse_resolution(&v) {
                Ok(r) => {
                    err.set(None);
                    set(&|s: &mut PlotSettings| s.resolution = r);
                }
                Err(m) => err.set(Some(("resolution", m))),
            }
        })
    };
    let on_full_conv = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let on = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked();
            set(&|s: &mut PlotSettings| s.full_conv = on);
        })
    };

    let is_mobilenet = s.preset == "mobilenet-v1";
    let alert_for = |field: &str| -> Html {
        match &*field_error {
            Some((f, m)) if *f == field => html! { <p class="alert" role="alert">{ m }</p> },
            _ => html! {},
        }
    };
    let controls = html! {
        <div class="net-controls">
            <label class="field">{"preset"}
                <select data-testid="preset-select" onchange={on_preset}>
                    { for names().iter().map(|n| html! { <option value={*n} selected={*n == s.preset}>{ *n }</option> }) }
                </select>
            </label>
            if is_mobilenet {
                <div class={classes!("field", field_error.as_ref().is_some_and(|e| e.0 == "alpha").then_some("invalid"))}>
                    <label for="preset-alpha">{"alpha (width multiplier)"}</label>
                    <input id="preset-alpha" type="text" data-testid="preset-alpha" value={(*alpha_text).clone()} oninput={on_alpha} />
                    { alert_for("alpha") }
                </div>
                <div class={classes!("field", field_error.as_ref().is_some_and(|e| e.0 == "resolution").then_some("invalid"))}>
                    <label for="preset-resolution">{"resolution"}</label>
                    <input id="preset-resolution" type="text" data-testid="preset-resolution" value={(*resolution_text).clone()} oninput={on_resolution} />
                    { alert_for("resolution") }
                </div>
                <label class="field check">
                    <input type="checkbox" data-testid="preset-full-conv" checked={s.full_conv} onchange={on_full_conv} />
                    {"chart the full-convolution twin"}
                </label>
            }
        </div>
    };

    let body = match (&*nets, &series) {
        (Ok((net, twin)), Some(series)) => view_network(
            net,
            twin.as_ref(),
            series,
            s.unit,
            &refs,
            on_canvas_click,
            load,
        ),
        (Err(m), _) => html! { <p class="alert" role="alert">{ m }</p> },
        _ => html! {},
    };
    html! {
        <div class="network-view" data-testid="network-view">
            { controls }
            { body }
        </div>
    }
}

/// MACs of the convolution layers, leaving out the classifier.
fn conv_only(net: &Network) -> u64 {
    net.layers
        .iter()
        .filter(|l| l.kind != LayerKind::FullyConnected)
        .map(|l| l.cost.macs)
        .sum()
}

fn view_network(
    net: &Network,
    twin: Option<&Network>,
    series: &NetworkSeries,
    unit: Unit,
    refs: &super::ChartRefs,
    on_canvas_click: Callback<MouseEvent>,
    load: impl Fn(usize) + Clone + 'static,
) -> Html {
    let t = net.total();
    let story = twin.map(|twin| {
        let (mobile, full) = if net.description.starts_with("Conv MobileNet") {
            (twin, net)
        } else {
            (net, twin)
        };
        let m = mobile.total();
        let f = full.total();
        let pw_share = crate::plot::network::NetTotal::of(mobile, Unit::Macs).share(LayerKind::Pointwise);
        html! {
            <p class="story" data-testid="preset-story">
                {"1x1 (pointwise) convolutions carry "}<strong>{ format!("{:.1}%", pw_share * 100.0) }</strong>
                {" of MobileNet's mult-adds (paper: 95%). "}
                <span data-testid="preset-twin-total" data-macs={f.macs.to_string()} data-params={f.params.to_string()}>
                    { format!("{}: {} mult-adds, {} params", mobile.description, millions(m.macs), short_sig(m.params)) }
                    {" against "}
                    { format!("{}: {} mult-adds, {} params", full.description, millions(f.macs), short_sig(f.params)) }
                </span>
                { format!(" ({} in its conv layers alone, the paper's count).", millions(conv_only(full)))}
                {" Paper, at 1.0-224: 569M vs 4866M mult-adds, 4.2M vs 29.3M params."}
            </p>
        }
    });
    let label = format!(
        "Per-layer {} of {}, coloured by layer kind, with its total {}.",
        unit.label(),
        net.description,
        short_sig(unit.of(&t))
    );
    let csv_net = net.clone();
    let filename = crate::export::slug(&net.description);
    html! {
        <>
            <p class="total" data-testid="preset-total" data-macs={t.macs.to_string()} data-params={t.params.to_string()}
                data-flops={t.flops.to_string()}>
                { format!("{}: ", net.description) }
                <strong>{ short_sig(t.macs) }</strong>{" MACs (mult-adds), "}
                <strong>{ short_sig(t.params) }</strong>{" parameters"}
                <small>{ format!(" ({} MACs, {} params exactly)", thousands(t.macs), thousands(t.params)) }</small>
            </p>
            { story.unwrap_or_default() }
            <figure class="chart">
                { view_canvas(refs, "chart-network", label, Some(on_canvas_click)) }
                <div class="chart-actions">
                    { view_png_button(&refs.canvas, &format!("groupwise-{filename}.png")) }
                    { view_csv_button(format!("groupwise-{filename}.csv"), move || crate::export::preset_csv(&csv_net)) }
                </div>
            </figure>
            <details>
                <summary>{ format!("The {} layers (load one into the visualizer)", net.layers.len()) }</summary>
                <div class="table-scroll"><table class="costs compact" data-testid="preset-table">
                    <thead><tr>
                        <th scope="col">{"#"}</th><th scope="col">{"layer"}</th><th scope="col">{"kind"}</th>
                        <th scope="col">{"input → output"}</th><th scope="col">{ unit.label() }</th>
                        <th scope="col">{"params"}</th><th scope="col">{"share"}</th><th scope="col"></th>
                    </tr></thead>
                    <tbody>
                    { for net.layers.iter().zip(&series.layers).map(|(l, bar)| {
                        let share = if series.total.value == 0 { 0.0 } else { bar.value as f64 / series.total.value as f64 };
                        let load = load.clone();
                        let i = bar.index;
                        html! {
                            <tr data-testid={format!("preset-layer-{i}")} data-kind={l.kind.name()} data-macs={l.cost.macs.to_string()}>
                                <td>{ i + 1 }</td>
                                <th scope="row">{ &l.name }</th>
                                <td>{ kind_label(l.kind) }</td>
                                <td class="layers">{ format!("{} → {}", crate::format::shape(l.input), crate::format::shape(l.output)) }</td>
                                <td>{ thousands(bar.value) }</td>
                                <td>{ thousands(l.cost.params) }</td>
                                <td>{ format!("{:.1}%", share * 100.0) }</td>
                                <td>
                                    if bar.loadable {
                                        <button type="button" data-testid={format!("load-layer-{i}")}
                                            aria-label={format!("Load layer {} ({}) into the visualizer", i + 1, l.name)}
                                            onclick={Callback::from(move |_| load(i))}>{"load"}</button>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table></div>
            </details>
        </>
    }
}
