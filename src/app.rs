//! The root component: owns the reducer and wires components together.

use yew::prelude::*;

use crate::components::charts::plots_section::PlotsSection;
use crate::components::config_form::ConfigForm;
use crate::components::cost_table::CostTable;
use crate::components::shape_summary::ShapeSummary;
use crate::state::{Action, Field, Mode, State};

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let on_field = {
        let state = state.dispatcher();
        Callback::from(move |(f, v): (Field, String)| state.dispatch(Action::SetField(f, v)))
    };
    let on_mode = {
        let state = state.dispatcher();
        Callback::from(move |m: Mode| state.dispatch(Action::SetMode(m)))
    };
    let on_bias = {
        let state = state.dispatcher();
        Callback::from(move |b: bool| state.dispatch(Action::SetBias(b)))
    };
    let on_load_layer = {
        let state = state.dispatcher();
        Callback::from(move |(spec, input)| state.dispatch(Action::LoadLayer { spec, input }))
    };
    let stale = state.error.is_some();
    html! {
        <main class="app">
            <header>
                <h1>{"Groupwise"}</h1>
                <p class="tagline">{"Grouped, depthwise and depthwise-separable convolution, computed for real."}</p>
            </header>
            <section class="panel settings" aria-label="Settings">
                <ConfigForm fields={state.fields.clone()} error={state.error.clone()} {on_field} {on_mode} {on_bias} />
            </section>
            if let Some(result) = state.last_valid.clone() {
                <section class="panel results" aria-label="Results">
                    <ShapeSummary plan={result.focus().clone()} />
                    <CostTable comparison={result.comparison.clone()} focus={result.setting.mode} {stale} />
                </section>
            }
            <PlotsSection computed={state.last_valid.clone()} {on_load_layer} />
        </main>
    }
}
