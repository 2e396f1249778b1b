//! Measured against theory: times the Wasm kernels of every kind in the page on
//! a button press, yielding to the browser between runs, and sets the time
//! beside the FLOPs and the arithmetic intensity from the cost model.

use std::time::Duration;

use conv_core::{Comparison, ConvKind};
use yew::prelude::*;

use super::{two_panels, use_chart, view_canvas, view_png_button, view_table};
use crate::format::thousands;
use crate::hooks::use_text::use_text;
use crate::plot::measured;
use crate::state::plots::timing::{self, median, too_big, Prepared, Timing, TimingStatus, RUNS};
use crate::text::charts::{Chart, Column};
use crate::text::Text;

#[derive(Properties, PartialEq)]
pub struct MeasuredChartProps {
    /// Built with the bias the charts use.
    pub comparison: Comparison,
}

/// One sample should take at least this long, so the timer's resolution
/// (0.1 ms in browsers without cross-origin isolation) does not dominate; small layers are called repeatedly.
const MIN_SAMPLE_MS: f64 = 20.0;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Lets the browser paint and handle input between runs.
async fn yield_now() {
    yew::platform::time::sleep(Duration::from_millis(0)).await;
}

/// What a timing run updates as it goes.
struct Handles {
    timings: UseStateHandle<Vec<Timing>>,
    status: UseStateHandle<Option<TimingStatus>>,
    running: UseStateHandle<bool>,
    /// The setting's generation: a run stops when it moves on.
    generation: std::rc::Rc<std::cell::RefCell<u64>>,
}

/// Times every prepared kernel, yielding to the browser between samples, and
/// shows each kind's median as soon as it is known.
async fn time_kernels(prepared: Vec<Prepared>, mut results: Vec<Timing>, gen: u64, h: Handles) {
    for (i, p) in prepared.iter().enumerate() {
        // Warm up once and calibrate how many calls make one sample.
        yield_now().await;
        let t0 = now_ms();
        if let Err(e) = p.run() {
            h.status.set(Some(TimingStatus::Failed(e)));
            h.running.set(false);
            return;
        }
        let once = (now_ms() - t0).max(0.01);
        let calls = ((MIN_SAMPLE_MS / once).ceil() as usize).clamp(1, 1000);
        let mut samples = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            yield_now().await;
            if *h.generation.borrow() != gen {
                return;
            }
            let t0 = now_ms();
            for _ in 0..calls {
                let _ = p.run();
            }
            samples.push((now_ms() - t0) / calls as f64 / 1000.0);
        }
        results[i].median_s = median(&samples);
        h.timings.set(results.clone());
    }
    h.status.set(Some(TimingStatus::Done { runs: RUNS }));
    h.running.set(false);
}

#[function_component(MeasuredChart)]
pub fn measured_chart(props: &MeasuredChartProps) -> Html {
    let t = use_text();
    let timings = use_state(|| timing::theory(&props.comparison));
    let status = use_state(|| None::<TimingStatus>);
    let running = use_state(|| false);
    // Bumped whenever the setting changes, so a run in flight stops and its
    // results (for the old setting) are never shown.
    let generation = use_mut_ref(|| 0u64);
    {
        let timings = timings.clone();
        let status = status.clone();
        let running = running.clone();
        let generation = generation.clone();
        use_effect_with(props.comparison.clone(), move |c| {
            *generation.borrow_mut() += 1;
            timings.set(timing::theory(c));
            status.set(None);
            running.set(false);
        });
    }
    let (aspect, heights) = two_panels(0.36, (240.0, 380.0));
    let refs = use_chart(
        (*timings).clone(),
        aspect,
        heights,
        |m, backend, look, t| {
            let _ = measured::draw(backend, m, look, t);
        },
    );

    let refusal = too_big(&props.comparison);
    let onclick = {
        let comparison = props.comparison.clone();
        let timings = timings.clone();
        let status = status.clone();
        let running = running.clone();
        let generation = generation.clone();
        Callback::from(move |_| {
            if *running {
                return;
            }
            let prepared = match timing::prepare(&comparison) {
                Ok(p) => p,
                Err(e) => {
                    status.set(Some(TimingStatus::Failed(e)));
                    return;
                }
            };
            let gen = *generation.borrow();
            let results = timing::theory(&comparison);
            running.set(true);
            status.set(Some(TimingStatus::Running));
            let (timings, status) = (timings.clone(), status.clone());
            let (running, generation) = (running.clone(), generation.clone());
            let handles = Handles {
                timings,
                status,
                running,
                generation,
            };
            yew::platform::spawn_local(time_kernels(prepared, results, gen, handles));
        })
    };

    let ai = |k: ConvKind| {
        timings
            .iter()
            .find(|t| t.kind == k)
            .map_or(0.0, |t| t.intensity)
    };
    let caption = t.measure_caption(
        ai(ConvKind::Standard),
        ai(ConvKind::Depthwise),
        ai(ConvKind::Separable),
    );
    let label = t.measure_alt(&caption);
    html! {
        <figure class="chart" data-testid="measured-chart">
            <figcaption>
                <button type="button" data-testid="measure-run" onclick={onclick}
                    disabled={*running || refusal.is_some()}>
                    { t.measure_run(*running) }
                </button>
                if let Some(r) = refusal { <span class="alert" role="alert">{ t.measure_too_big(&r) }</span> }
                if let Some(s) = &*status {
                    <span class="status" role="status" data-testid="measure-status">{ t.measure_status(s) }</span>
                }
                <p class="convention">{ caption }</p>
            </figcaption>
            { view_canvas(&refs, "chart-measured", label) }
            <div class="chart-actions">
                { view_png_button(t, &refs.canvas, Chart::Measured, "groupwise-measured.png") }
            </div>
            { view_timings(t, &timings) }
        </figure>
    }
}

/// The theory and the measurement of every kind.
fn view_timings(t: &dyn Text, timings: &[Timing]) -> Html {
    let cols = [
        Column::Kind,
        Column::Flops,
        Column::BytesMoved,
        Column::FlopPerByte,
        Column::MedianTime,
        Column::Gflops,
    ];
    let head =
        html! { <>{ for cols.iter().map(|c| html! { <th scope="col">{ t.column(*c) }</th> }) }</> };
    let rows = html! {
        <>{ for timings.iter().map(|m| html! {
            <tr data-testid={format!("measured-{}", m.kind.name())}
                data-gflops={m.gflops().map(|g| format!("{g:.3}")).unwrap_or_default()}
                data-median-ms={m.median_s.map(|s| format!("{:.4}", s * 1e3)).unwrap_or_default()}>
                <th scope="row">{ t.kind_title(m.kind) }</th>
                <td>{ thousands(m.flops) }</td>
                <td>{ thousands(m.bytes) }</td>
                <td>{ format!("{:.2}", m.intensity) }</td>
                <td>{ m.median_s.map(|s| t.milliseconds(s * 1e3)).unwrap_or_else(|| t.not_timed().into()) }</td>
                <td>{ m.gflops().map(|g| format!("{g:.2}")).unwrap_or_else(|| t.not_timed().into()) }</td>
            </tr>
        }) }</>
    };
    view_table(
        t.chart_table(Chart::Measured).into(),
        "measured-table",
        true,
        head,
        rows,
    )
}
