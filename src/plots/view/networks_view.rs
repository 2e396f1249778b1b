//! Whole networks by kind: the networks compared (presets at one resolution,
//! and the learner's own ONNX model once opened) as stacked bars of cost and
//! parameters, with the same numbers as a table; then one network's layers
//! (`network_view`), from which any convolution opens in the picture.

use std::rc::Rc;

use conv_core::presets::{by_name, whole_networks, Network, PresetArgs};
use conv_core::{Conv2dSpec, Nchw};
use yew::prelude::*;

use super::model_open::ModelOpen;
use super::network_view::NetworkView;
use super::use_model_import::use_model_import;
use super::{two_panels, use_chart, view_canvas, view_csv_button, view_png_button, view_table};
use crate::plots::draw::{networks, short_sig};
use crate::plots::model::networks::{short_name, ByKind, KINDS};
use crate::plots::text::{Chart, PlotsText};
use crate::plots::view::use_plots_text;
use crate::state::plot_settings::{parse_resolution, PlotAction, PlotSettings, PresetError};

#[derive(Properties, PartialEq)]
pub struct NetworksViewProps {
    pub settings: PlotSettings,
    pub on_plot: Callback<PlotAction>,
    pub on_load_layer: Callback<(Conv2dSpec, Nchw)>,
}

/// The compared presets at the settings' resolution (those that build).
fn compared(s: &PlotSettings) -> Vec<Rc<Network>> {
    let args = PresetArgs {
        resolution: s.resolution,
        ..PresetArgs::default()
    };
    s.compare
        .iter()
        .filter_map(|n| by_name(n, &args).ok().map(Rc::new))
        .collect()
}

#[function_component(NetworksView)]
pub fn networks_view(props: &NetworksViewProps) -> Html {
    let t = use_plots_text();
    let s = &props.settings;
    let (model, own, open) = use_model_import();
    let presets = {
        let s = s.clone();
        use_memo((s.compare.clone(), s.resolution), move |_| compared(&s))
    };
    let bias = s.chart_bias;
    let mut bars: Vec<ByKind> = presets
        .iter()
        .map(|n| ByKind::of(short_name(&n.description), false, n, s.unit, bias))
        .collect();
    if let Some((m, name)) = &own {
        let label = if name.is_empty() {
            t.your_model().to_string()
        } else {
            name.clone()
        };
        bars.push(ByKind::of(label, true, &m.network, s.unit, bias));
    }
    let (aspect, heights) = two_panels(0.36, (260.0, 380.0));
    let unit = s.unit;
    let refs = use_chart(
        (bars.clone(), unit),
        aspect,
        heights,
        |(b, u), backend, look, t| {
            if !b.is_empty() {
                let _ = networks::draw(backend, b, *u, look, t);
            }
        },
    );
    let totals: Vec<(String, String)> = bars
        .iter()
        .map(|b| (b.label.clone(), short_sig(b.total_cost())))
        .collect();
    let csv_bars = bars.clone();
    html! {
        <div class="networks-view" data-testid="networks-view">
            <CompareControls settings={s.clone()} on_plot={props.on_plot.clone()} />
            <ModelOpen status={model.clone()} kept={own.clone()} on_open={open} />
            if !bars.is_empty() {
                <figure class="chart">
                    { view_canvas(&refs, "chart-networks", t.networks_alt(unit, &totals)) }
                    <div class="chart-actions">
                        { view_png_button(t, &refs.canvas, Chart::Compare, "groupwise-networks.png") }
                        { view_csv_button(t, Chart::Compare, "groupwise-networks.csv".into(), move || compare_csv(&csv_bars)) }
                    </div>
                </figure>
                { view_compare_table(t, &bars) }
            }
            <NetworkView settings={s.clone()} on_plot={props.on_plot.clone()}
                on_load_layer={props.on_load_layer.clone()} model={own.map(|(m, _)| m)} />
        </div>
    }
}

/// Each network's share of its cost and parameters by kind.
fn view_compare_table(t: &dyn PlotsText, bars: &[ByKind]) -> Html {
    let head = html! {
        <>
            <th scope="col">{ t.column(crate::plots::text::Column::Layer) }</th>
            { for KINDS.iter().map(|k| html! { <th scope="col">{ t.layer_kind(*k) }</th> }) }
        </>
    };
    let rows = html! {
        <>{ for bars.iter().map(|b| {
            let cells = (0..KINDS.len()).map(|k| {
                let (c, p) = (100.0 * b.cost_share(k), 100.0 * b.params_share(k));
                html! { <td>{ format!("{c:.1}% · {p:.1}%") }</td> }
            });
            html! {
                <tr data-testid="compare-row" data-own={b.own.to_string()}
                    data-cost={b.total_cost().to_string()} data-params={b.total_params().to_string()}>
                    <th scope="row">{ format!("{} ({} · {})", b.label, short_sig(b.total_cost()), short_sig(b.total_params())) }</th>
                    { for cells }
                </tr>
            }
        }) }</>
    };
    view_table(
        t.compare_table().to_string(),
        "compare-table",
        false,
        head,
        rows,
    )
}

/// The comparison as CSV: a row per network and kind.
fn compare_csv(bars: &[ByKind]) -> String {
    let mut out = String::from("network,kind,layers,cost,params\r\n");
    for b in bars {
        for (k, kind) in KINDS.iter().enumerate() {
            let name = b.label.replace('"', "\"\"");
            out += &format!(
                "\"{name}\",{},{},{},{}\r\n",
                kind.name(),
                b.layers[k],
                b.cost[k],
                b.params[k]
            );
        }
    }
    out
}

#[derive(Properties, PartialEq)]
struct CompareControlsProps {
    settings: PlotSettings,
    on_plot: Callback<PlotAction>,
}

/// Which whole networks are compared, and the resolution they are costed at.
#[function_component(CompareControls)]
fn compare_controls(props: &CompareControlsProps) -> Html {
    let t = use_plots_text();
    let s = &props.settings;
    let text = use_state(|| s.resolution.to_string());
    let error = use_state(|| None::<PresetError>);
    let on_resolution = {
        let (on, text, error) = (props.on_plot.clone(), text.clone(), error.clone());
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            text.set(v.clone());
            match parse_resolution(&v) {
                Ok(r) => {
                    error.set(None);
                    on.emit(PlotAction::Resolution(r));
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    let toggle = |name: &'static str| {
        let (on, list) = (props.on_plot.clone(), s.compare.clone());
        Callback::from(move |_: Event| {
            let mut next: Vec<String> = list.iter().filter(|n| *n != name).cloned().collect();
            if next.len() == list.len() {
                next = whole_networks()
                    .iter()
                    .filter(|n| **n == name || list.iter().any(|l| l == *n))
                    .map(|n| n.to_string())
                    .collect();
            }
            on.emit(PlotAction::Compare(next));
        })
    };
    let e = (*error).clone();
    html! {
        <div class="net-controls">
            <fieldset class="compare" data-testid="compare">
                <legend>{ t.compare_legend() }</legend>
                { for whole_networks().iter().map(|n| {
                    let checked = s.compare.iter().any(|c| c == n);
                    html! {
                        <label class="check">
                            <input type="checkbox" data-testid={format!("compare-{n}")} {checked} onchange={toggle(n)} />
                            { *n }
                        </label>
                    }
                }) }
            </fieldset>
            { super::network_view::view_text_field(t, "preset-resolution", t.resolution_field(), &text, on_resolution, e) }
        </div>
    }
}
