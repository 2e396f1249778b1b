//! The cost plots section: the charts fed from the app's last valid result, and
//! the menus of their own settings (units, axis, bias, sweep, preset). Those
//! settings live in the app's state, whose one URL table reads and writes them
//! (`state::url::keys`); a menu emits a [`PlotAction`].

use std::rc::Rc;

use conv_core::{Conv2dSpec, Nchw};
use yew::prelude::*;

use super::cost_charts::CostCharts;
use super::formula_panel::FormulaPanel;
use super::measured_chart::MeasuredChart;
use super::networks_view::NetworksView;
use super::sweep_chart::SweepChart;
use crate::plots::text::Chart;
use crate::plots::text::PlotsText;
use crate::plots::view::use_plots_text;
use crate::state::plot_settings::{bias_name, PlotAction, PlotSettings, Scale, SweepAxis, Unit};
use crate::state::Computed;

#[derive(Properties, PartialEq)]
pub struct PlotsSectionProps {
    /// The app's last valid result (`State::last_valid`).
    pub computed: Option<Rc<Computed>>,
    /// The charts' settings (`State::plots`).
    pub plots: PlotSettings,
    /// Changes them (`Action::Plot`).
    pub on_plot: Callback<PlotAction>,
    /// Loads a preset's layer into the form (`Action::LoadLayer`).
    pub on_load_layer: Callback<(Conv2dSpec, Nchw)>,
}

/// In place of the side-by-side charts while some kind is invalid: they compare
/// all four, and the cost table says what is wrong with each of the others.
fn view_partial(t: &dyn PlotsText, c: &Computed) -> Html {
    html! {
        <p class="notice" data-testid="plots-partial">{ t.plots_partial(&c.kinds.invalid()) }</p>
    }
}

/// A chart's block: its heading (which names the region) and the chart.
fn view_block(t: &dyn PlotsText, chart: Chart, id: &'static str, body: Html) -> Html {
    html! {
        <section class="plot-block" aria-labelledby={id}>
            <h3 {id}>{ t.chart_heading(chart) }</h3>
            { body }
        </section>
    }
}

/// The charts of the current layer: how much cheaper, the sweeps, measured.
fn view_layer_charts(
    t: &dyn PlotsText,
    s: &PlotSettings,
    c: &Computed,
    on_axis: Callback<SweepAxis>,
) -> Html {
    let comparison = c
        .comparison
        .as_ref()
        .map(|all| s.comparison(&c.setting, all));
    let bias = s.bias_for(c.setting.base.bias);
    // What the timing worker builds the comparison from: the setting, with the charts' bias.
    let mut setting = c.setting.clone();
    setting.base.bias = bias;
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
                { view_block(t, Chart::Measured, "plots-measured", html! { <MeasuredChart {comparison} {setting} /> }) }
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
fn view_toolbar(t: &dyn PlotsText, s: &PlotSettings, on: &Callback<PlotAction>) -> Html {
    let update = |key: &'static str| {
        let on = on.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            if let Some(a) = PlotAction::parse(key, &v) {
                on.emit(a);
            }
        })
    };
    let units = Unit::ALL.map(|u| (u, u.name(), t.unit_option(u)));
    let scales = Scale::ALL.map(|x| (x, x.name(), t.scale_option(x)));
    let biases = [None, Some(true), Some(false)].map(|b| (b, bias_name(b), t.bias_option(b)));
    html! {
        <div class="plot-toolbar">
            <h2 id="plots-heading">{ t.plots_heading() }</h2>
            { view_select(t.unit_select(), "plot-unit", &units, s.unit, update("unit")) }
            { view_select(t.scale_select(), "plot-scale", &scales, s.scale, update("scale")) }
            { view_select(t.bias_select(), "plot-bias", &biases, s.chart_bias, update("chart_bias")) }
            <span class="convention">{ t.unit_convention(s.unit) }</span>
        </div>
    }
}

#[function_component(PlotsSection)]
pub fn plots_section(props: &PlotsSectionProps) -> Html {
    let t = use_plots_text();
    let s = &props.plots;
    let on_axis = props.on_plot.reform(PlotAction::Sweep);
    let networks = html! {
        <NetworksView settings={s.clone()} on_plot={props.on_plot.clone()} on_load_layer={props.on_load_layer.clone()} />
    };
    html! {
        <section class="panel plots" aria-labelledby="plots-heading" data-testid="plots">
            { view_toolbar(t, s, &props.on_plot) }
            { props.computed.as_ref().map(|c| view_layer_charts(t, s, c, on_axis)).unwrap_or_default() }
            { view_block(t, Chart::Network, "plots-networks", networks) }
        </section>
    }
}
