//! Measured against theory: times the Wasm kernels of every kind in the page on
//! a button press, yielding to the browser between runs, and sets the time
//! beside the FLOPs and the arithmetic intensity from the cost model.

use std::time::Duration;

use conv_core::{Comparison, ConvKind};
use yew::prelude::*;

use super::{use_chart, view_canvas, view_png_button};
use crate::format::thousands;
use crate::plot::measured::{self, median, too_big, Timing, RUNS};

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

#[function_component(MeasuredChart)]
pub fn measured_chart(props: &MeasuredChartProps) -> Html {
    let timings = use_state(|| measured::theory(&props.comparison));
    let status = use_state(|| None::<String>);
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
            timings.set(measured::theory(c));
            status.set(None);
            running.set(false);
        });
    }
    let refs = use_chart(
        (*timings).clone(),
        0.36,
        (240.0, 380.0),
        |t, backend, look| {
            let _ = measured::draw(backend, t, look);
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
            let prepared = match measured::prepare(&comparison) {
                Ok(p) => p,
                Err(e) => {
                    status.set(Some(e.to_string()));
                    return;
                }
            };
            let gen = *generation.borrow();
            let mut results = measured::theory(&comparison);
            let timings = timings.clone();
            let status = status.clone();
            let running = running.clone();
            let generation = generation.clone();
            running.set(true);
            status.set(Some("timing…".into()));
            yew::platform::spawn_local(async move {
                for (i, p) in prepared.iter().enumerate() {
                    // Warm up once and calibrate how many calls make one sample.
                    yield_now().await;
                    let t0 = now_ms();
                    if let Err(e) = p.run() {
                        status.set(Some(e.to_string()));
                        running.set(false);
                        return;
                    }
                    let once = (now_ms() - t0).max(0.01);
                    let calls = ((MIN_SAMPLE_MS / once).ceil() as usize).clamp(1, 1000);
                    let mut samples = Vec::with_capacity(RUNS);
                    for _ in 0..RUNS {
                        yield_now().await;
                        if *generation.borrow() != gen {
                            return;
                        }
                        let t0 = now_ms();
                        for _ in 0..calls {
                            let _ = p.run();
                        }
                        samples.push((now_ms() - t0) / calls as f64 / 1000.0);
                    }
                    results[i].median_s = median(&samples);
                    timings.set(results.clone());
                }
                status.set(Some(format!(
                    "median of {RUNS} runs per kind, in this tab's WebAssembly (single thread)"
                )));
                running.set(false);
            });
        })
    };

    let ai = |k: ConvKind| {
        timings
            .iter()
            .find(|t| t.kind == k)
            .map_or(0.0, |t| t.intensity)
    };
    let caption = format!(
        "Arithmetic intensity from the cost model: standard {:.1}, depthwise {:.1}, separable {:.1} FLOP/byte. \
         Depthwise does only kH·kW multiply-adds per input value it reads, so moving data, not arithmetic, \
         bounds its speed (it is memory-bound): a kind with a small share of the FLOPs can take a much \
         larger share of the time, and its GFLOP/s stay low.",
        ai(ConvKind::Standard),
        ai(ConvKind::Depthwise),
        ai(ConvKind::Separable)
    );
    let label = format!("FLOPs against measured time per kind. {caption}");
    html! {
        <figure class="chart" data-testid="measured-chart">
            <figcaption>
                <button type="button" data-testid="measure-run" onclick={onclick}
                    disabled={*running || refusal.is_some()}>
                    { if *running { "Timing…" } else { "Time the kernels" } }
                </button>
                if let Some(r) = refusal { <span class="alert" role="alert">{ r }</span> }
                if let Some(s) = &*status { <span class="status" role="status" data-testid="measure-status">{ s }</span> }
                <p class="convention">{ caption }</p>
            </figcaption>
            { view_canvas(&refs, "chart-measured", label, None) }
            <div class="chart-actions">{ view_png_button(&refs.canvas, "groupwise-measured.png") }</div>
            <div class="table-scroll"><table class="costs compact" data-testid="measured-table">
                <thead><tr>
                    <th scope="col">{"kind"}</th><th scope="col">{"FLOPs"}</th><th scope="col">{"bytes moved"}</th>
                    <th scope="col">{"FLOP/byte"}</th><th scope="col">{"median time"}</th><th scope="col">{"GFLOP/s"}</th>
                </tr></thead>
                <tbody>
                { for timings.iter().map(|t: &Timing| html! {
                    <tr data-testid={format!("measured-{}", t.kind.name())}
                        data-gflops={t.gflops().map(|g| format!("{g:.3}")).unwrap_or_default()}
                        data-median-ms={t.median_s.map(|s| format!("{:.4}", s * 1e3)).unwrap_or_default()}>
                        <th scope="row">{ t.kind.name() }</th>
                        <td>{ thousands(t.flops) }</td>
                        <td>{ thousands(t.bytes) }</td>
                        <td>{ format!("{:.2}", t.intensity) }</td>
                        <td>{ t.median_s.map(|s| format!("{:.3} ms", s * 1e3)).unwrap_or_else(|| "–".into()) }</td>
                        <td>{ t.gflops().map(|g| format!("{g:.2}")).unwrap_or_else(|| "–".into()) }</td>
                    </tr>
                }) }
                </tbody>
            </table></div>
        </figure>
    }
}
