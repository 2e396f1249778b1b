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
use crate::hooks::use_text::use_text;
use crate::state::plots::{bias_name, PlotSettings, Scale, SweepAxis, Unit, KEYS};
use crate::state::Computed;
use crate::text::charts::Chart;
use crate::text::Text;

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
fn view_partial(t: &dyn Text, c: &Computed) -> Html {
    html! {
        <p class="notice" data-testid="plots-partial">{ t.plots_partial(&c.kinds.invalid()) }</p>
    }
}

/// A chart's block: its heading (which names the region) and the chart.
fn view_block(t: &dyn Text, chart: Chart, id: &'static str, body: Html) -> Html {
    html! {
        <section class="plot-block" aria-labelledby={id}>
            <h3 {id}>{ t.chart_heading(chart) }</h3>
            { body }
        </section>
    }
}

/// The charts of the current layer: how much cheaper, the sweeps, measured.
fn view_layer_charts(
    t: &dyn Text,
    s: &PlotSettings,
    c: &Computed,
    on_axis: Callback<SweepAxis>,
) -> Html {
    let comparison = c
        .comparison
        .as_ref()
        .map(|all| s.comparison(&c.setting, all));
    let bias = s.bias_for(c.setting.base.bias);
    let log = s.scale == Scale::Log;
    let costs = match comparison.clone() {
        Some(comparison) => html! {
            <>
                <CostCharts comparison={comparison.clone()} unit={s.unit} {log} />
                <FormulaPanel {comparison} unit={s.unit} />
            </>
        },
        None => view_partial(t, c),
    };
    let sweep = html! {
        <SweepChart setting={c.setting.clone()} {bias} unit={s.unit} {log} axis={s.sweep} {on_axis} />
    };
    html! {
        <>
            { view_block(t, Chart::Costs, "plots-costs", costs) }
            { view_block(t, Chart::Sweep, "plots-sweep", sweep) }
            if let Some(comparison) = comparison {
                { view_block(t, Chart::Measured, "plots-measured", html! { <MeasuredChart {comparison} /> }) }
            }
        </>
    }
}

/// A labelled menu of the toolbar.
fn view_select<V: Copy + PartialEq + 'static>(
    label: &'static str,
    testid: &'static str,
    options: &[(V, &'static str, &'static str)],
    current: V,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <label>{ label }
            <select data-testid={testid} {onchange}>
                { for options.iter().map(|(v, value, text)| html! {
                    <option value={*value} selected={*v == current}>{ *text }</option>
                }) }
            </select>
        </label>
    }
}

/// Unit, axis and bias.
fn view_toolbar(t: &dyn Text, s: &PlotSettings, on: &Callback<PlotSettings>) -> Html {
    let update = |f: fn(&mut PlotSettings, &str)| {
        let (s, on) = (s.clone(), on.clone());
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let mut next = s.clone();
            f(&mut next, &v);
            on.emit(next);
        })
    };
    let units = Unit::ALL.map(|u| (u, u.name(), t.unit_option(u)));
    let scales = Scale::ALL.map(|x| (x, x.name(), t.scale_option(x)));
    let biases = [None, Some(true), Some(false)].map(|b| (b, bias_name(b), t.bias_option(b)));
    html! {
        <div class="plot-toolbar">
            <h2 id="plots-heading">{ t.plots_heading() }</h2>
            { view_select(t.unit_select(), "plot-unit", &units, s.unit, update(|s, v| {
                let _ = s.apply("unit", v);
            })) }
            { view_select(t.scale_select(), "plot-scale", &scales, s.scale, update(|s, v| {
                let _ = s.apply("scale", v);
            })) }
            { view_select(t.bias_select(), "plot-bias", &biases, s.chart_bias, update(|s, v| {
                let _ = s.apply("chart_bias", v);
            })) }
            <span class="convention">{ t.unit_convention(s.unit) }</span>
        </div>
    }
}

#[function_component(PlotsSection)]
pub fn plots_section(props: &PlotsSectionProps) -> Html {
    let t = use_text();
    let initial = use_memo((), |_| PlotSettings::from_query(&read_query()));
    let settings = use_state_eq(|| initial.0.clone());
    use_effect_with((*settings).clone(), write_query);
    let on_settings = {
        let settings = settings.clone();
        Callback::from(move |s: PlotSettings| settings.set(s))
    };
    let on_axis = {
        let settings = settings.clone();
        Callback::from(move |a: SweepAxis| {
            let mut next = (*settings).clone();
            next.sweep = a;
            settings.set(next);
        })
    };
    let s = (*settings).clone();
    let networks = html! {
        <NetworkView settings={s.clone()} on_settings={on_settings.clone()} on_load_layer={props.on_load_layer.clone()} />
    };
    html! {
        <section class="panel plots" aria-labelledby="plots-heading" data-testid="plots">
            { view_toolbar(t, &s, &on_settings) }
            { for initial.1.iter().map(|n| html! { <p class="notice" role="status">{ t.notice(n) }</p> }) }
            { props.computed.as_ref().map(|c| view_layer_charts(t, &s, c, on_axis)).unwrap_or_default() }
            { view_block(t, Chart::Network, "plots-networks", networks) }
        </section>
    }
}
