//! The cost plots section: its own settings (units, axis, bias, sweep, preset),
//! read from the URL at mount and written back with `history.replaceState`
//! (other keys are kept), and the charts fed from the app's last valid result.

use std::rc::Rc;

use conv_core::{Conv2dSpec, Nchw};
use yew::prelude::*;

use super::cost_charts::CostCharts;
use super::formula_panel::FormulaPanel;
use super::measured_chart::MeasuredChart;
use super::network_view::NetworkView;
use super::sweep_chart::SweepChart;
use crate::state::plots::{PlotSettings, Scale, SweepAxis, Unit, KEYS};
use crate::state::Computed;

#[derive(Properties, PartialEq)]
pub struct PlotsSectionProps {
    /// The app's last valid result (`State::last_valid`).
    pub computed: Option<Rc<Computed>>,
    /// Loads a preset's layer into the form (`Action::LoadLayer`).
    pub on_load_layer: Callback<(Conv2dSpec, Nchw)>,
}

/// This section's keys from the page's query string.
fn read_query() -> Vec<(String, String)> {
    let search = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    KEYS.iter()
        .filter_map(|k| params.get(k).map(|v| (k.to_string(), v)))
        .collect()
}

/// Writes this section's keys, keeping every other key and the hash.
fn write_query(settings: &PlotSettings) {
    let window = gloo::utils::window();
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return;
    };
    for k in KEYS {
        params.delete(k);
    }
    for (k, v) in settings.to_query() {
        params.append(&k, &v);
    }
    let query = String::from(params.to_string());
    let new_search = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    if new_search == search {
        return;
    }
    let url = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        new_search,
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// In place of the side-by-side charts while some kind is invalid: they compare
/// all four, and the cost table says what is wrong with each of the others.
fn view_partial(c: &Computed) -> Html {
    let names: Vec<&str> = c.kinds.invalid().iter().map(|k| k.name()).collect();
    let verb = if names.len() == 1 { "is" } else { "are" };
    html! {
        <p class="notice" data-testid="plots-partial">
            { format!(
                "These charts compare all four kinds; at this setting {} {verb} not valid (the cost table says why).",
                names.join(" and ")
            ) }
        </p>
    }
}

#[function_component(PlotsSection)]
pub fn plots_section(props: &PlotsSectionProps) -> Html {
    let initial = use_memo((), |_| PlotSettings::from_query(&read_query()));
    let settings = use_state_eq(|| initial.0.clone());
    use_effect_with((*settings).clone(), write_query);
    let on_settings = {
        let settings = settings.clone();
        Callback::from(move |s: PlotSettings| settings.set(s))
    };
    let update = |f: fn(&mut PlotSettings, &str)| {
        let settings = settings.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let mut next = (*settings).clone();
            f(&mut next, &v);
            settings.set(next);
        })
    };
    let on_unit = update(|s, v| {
        s.unit = if v == "flops" {
            Unit::Flops
        } else {
            Unit::Macs
        }
    });
    let on_scale = update(|s, v| {
        s.scale = if v == "log" {
            Scale::Log
        } else {
            Scale::Linear
        }
    });
    let on_bias = update(|s, v| {
        s.chart_bias = match v {
            "on" => Some(true),
            "off" => Some(false),
            _ => None,
        }
    });
    let on_axis = {
        let settings = settings.clone();
        Callback::from(move |a: SweepAxis| {
            let mut next = (*settings).clone();
            next.sweep = a;
            settings.set(next);
        })
    };
    let s = (*settings).clone();
    let log = s.scale == Scale::Log;
    let bias_value = match s.chart_bias {
        None => "layer",
        Some(true) => "on",
        Some(false) => "off",
    };
    let layer_charts = props.computed.as_ref().map(|c| {
        let comparison = c.comparison.as_ref().map(|all| s.comparison(&c.setting, all));
        let bias = s.bias_for(c.setting.base.bias);
        html! {
            <>
                <section class="plot-block" aria-labelledby="plots-costs">
                    <h3 id="plots-costs">{"How much cheaper, at this setting"}</h3>
                    if let Some(comparison) = comparison.clone() {
                        <CostCharts comparison={comparison.clone()} unit={s.unit} {log} />
                        <FormulaPanel {comparison} unit={s.unit} />
                    } else {
                        { view_partial(c) }
                    }
                </section>
                <section class="plot-block" aria-labelledby="plots-sweep">
                    <h3 id="plots-sweep">{"Sweeps"}</h3>
                    <SweepChart setting={c.setting.clone()} {bias} unit={s.unit} {log} axis={s.sweep} {on_axis} />
                </section>
                if let Some(comparison) = comparison {
                    <section class="plot-block" aria-labelledby="plots-measured">
                        <h3 id="plots-measured">{"Measured against theory"}</h3>
                        <MeasuredChart {comparison} />
                    </section>
                }
            </>
        }
    });
    html! {
        <section class="panel plots" aria-label="Cost plots" data-testid="plots">
            <div class="plot-toolbar">
                <h2>{"Cost plots"}</h2>
                <label>{"count "}
                    <select data-testid="plot-unit" onchange={on_unit}>
                        <option value="macs" selected={s.unit == Unit::Macs}>{"MACs"}</option>
                        <option value="flops" selected={s.unit == Unit::Flops}>{"FLOPs"}</option>
                    </select>
                </label>
                <label>{"axis "}
                    <select data-testid="plot-scale" onchange={on_scale}>
                        <option value="linear" selected={!log}>{"linear"}</option>
                        <option value="log" selected={log}>{"log"}</option>
                    </select>
                </label>
                <label>{"bias "}
                    <select data-testid="plot-bias" onchange={on_bias}>
                        <option value="layer" selected={bias_value == "layer"}>{"as the layer"}</option>
                        <option value="on" selected={bias_value == "on"}>{"on"}</option>
                        <option value="off" selected={bias_value == "off"}>{"off"}</option>
                    </select>
                </label>
                <span class="convention">{ s.unit.convention() }</span>
            </div>
            { for initial.1.iter().map(|n| html! { <p class="notice" role="status">{ n }</p> }) }
            { layer_charts.unwrap_or_default() }
            <section class="plot-block" aria-labelledby="plots-networks">
                <h3 id="plots-networks">{"Networks"}</h3>
                <NetworkView settings={s.clone()} {on_settings} on_load_layer={props.on_load_layer.clone()} />
            </section>
        </section>
    }
}
