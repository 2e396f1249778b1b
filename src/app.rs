//! The root component: owns the reducer and wires components together.

use yew::prelude::*;

use crate::components::config_form::ConfigForm;
use crate::components::cost_table::CostTable;
use crate::components::output_stats::OutputStats;
use crate::components::shape_summary::ShapeSummary;
use crate::compute::{InputSource, JobRequest};
use crate::hooks::use_conv_job::use_conv_job;
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
    let stale = state.error.is_some();
    // Minimal compute wiring (seeded random input and weights, seed 0): a new
    // request id whenever the valid setting changes.
    let next_id = use_mut_ref(|| 0u64);
    let request = use_memo(
        state.last_valid.as_ref().map(|c| c.setting.clone()),
        move |setting| {
            *next_id.borrow_mut() += 1;
            setting.clone().map(|setting| JobRequest {
                id: *next_id.borrow(),
                setting,
                seed: 0,
                input: InputSource::Random,
                weights: Default::default(),
                sample: None,
            })
        },
    );
    let job = use_conv_job((*request).clone());
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
                    <OutputStats status={job.clone()} />
                </section>
            }
        </main>
    }
}
