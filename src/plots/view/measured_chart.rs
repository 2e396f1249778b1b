//! Measured against theory: on a button press a worker times the Wasm kernels
//! of every kind (`plots::view::use_kernel_timer`), and the chart sets each time
//! beside the FLOPs and the arithmetic intensity from the cost model.

use conv_core::{Comparison, ConvKind};
use groupwise_core::compute::Setting;
use yew::prelude::*;

use super::{two_panels, use_chart, view_canvas, view_png_button, view_table};
use crate::format::thousands;
use crate::plots::draw::measured;
use crate::plots::model::timing::{too_big, Timing};
use crate::plots::text::PlotsText;
use crate::plots::text::{Chart, Column};
use crate::plots::view::use_kernel_timer::use_kernel_timer;
use crate::plots::view::use_plots_text;

#[derive(Properties, PartialEq)]
pub struct MeasuredChartProps {
    /// Built with the bias the charts use.
    pub comparison: Comparison,
    /// The setting it was built from, with that bias: what the timing worker is sent.
    pub setting: Setting,
}

#[function_component(MeasuredChart)]
pub fn measured_chart(props: &MeasuredChartProps) -> Html {
    let t = use_plots_text();
    let timer = use_kernel_timer(&props.setting, &props.comparison);
    let timings = timer.timings;
    let (aspect, heights) = two_panels(0.36, (240.0, 380.0));
    let refs = use_chart(timings.clone(), aspect, heights, |m, backend, look, t| {
        let _ = measured::draw(backend, m, look, t);
    });

    let refusal = too_big(&props.comparison);
    let onclick = timer.start.reform(|_: MouseEvent| ());
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
                // Not `disabled` while timing: that would drop the keyboard's focus
                // (the timer ignores presses while it runs).
                <button type="button" data-testid="measure-run" onclick={onclick}
                    disabled={refusal.is_some()} aria-disabled={timer.running.then_some("true")}>
                    { t.measure_run(timer.running) }
                </button>
                if let Some(r) = refusal { <span class="alert" role="alert">{ t.measure_too_big(&r) }</span> }
                if let Some(s) = &timer.status {
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
fn view_timings(t: &dyn PlotsText, timings: &[Timing]) -> Html {
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
