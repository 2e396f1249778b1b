//! The sweep chart: cost relative to standard against groups, kernel size or
//! out_channels, computed points over the closed form, and the points as a table.

use yew::prelude::*;

use super::{use_chart, view_canvas, view_png_button};
use crate::format::thousands;
use crate::plot::sweep;
use crate::state::plots::{SweepAxis, Unit};
use crate::state::Setting;

#[derive(Properties, PartialEq)]
pub struct SweepChartProps {
    pub setting: Setting,
    pub bias: bool,
    pub unit: Unit,
    pub log: bool,
    pub axis: SweepAxis,
    pub on_axis: Callback<SweepAxis>,
}

#[function_component(SweepChart)]
pub fn sweep_chart(props: &SweepChartProps) -> Html {
    let s = sweep::series(
        &props.setting,
        props.bias,
        props.axis,
        props.unit,
        props.log,
    );
    let refs = use_chart(s.clone(), 0.36, (240.0, 380.0), |s, backend, look| {
        let _ = sweep::draw(backend, s, look);
    });
    let on_axis = props.on_axis.clone();
    let onchange = Callback::from(move |e: Event| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        if let Some(a) = SweepAxis::from_name(&v) {
            on_axis.emit(a);
        }
    });
    let what = match s.axis {
        SweepAxis::Groups => "grouped convolution's cost ÷ standard as groups runs over every divisor of both channel counts (1 = standard, C_in = depthwise); the closed form is 1/g",
        SweepAxis::KernelSize => "depthwise separable ÷ standard as the kernel grows; the closed form 1/N + 1/k² falls towards 1/N",
        SweepAxis::OutChannels => "depthwise separable ÷ standard as out_channels grows; the closed form 1/N + 1/k² falls towards 1/k²",
    };
    let assumptions = format!(
        "Points are computed by conv-core at this setting ({}, bias {}, multiplier {}); the closed form assumes multiplier 1, no bias, MACs.",
        s.unit.label(),
        if s.bias { "on" } else { "off" },
        s.multiplier
    );
    let label = format!("Sweep chart: {what}.");
    let x_name = s.axis.name();
    html! {
        <figure class="chart" data-testid="sweep-chart">
            <figcaption>
                <label>{"Sweep "}
                    <select data-testid="sweep-axis" {onchange}>
                        { for SweepAxis::ALL.iter().map(|a| html! {
                            <option value={a.name()} selected={*a == s.axis}>{ a.name() }</option>
                        }) }
                    </select>
                </label>
                <p>{ what }{"."}</p>
                <p class="convention">{ assumptions }</p>
            </figcaption>
            { view_canvas(&refs, "chart-sweep", label, None) }
            <div class="chart-actions">{ view_png_button(&refs.canvas, &format!("groupwise-sweep-{x_name}.png")) }</div>
            <details>
                <summary>{ format!("The {} points", s.points.len()) }</summary>
                <div class="table-scroll"><table class="costs compact" data-testid="sweep-table">
                    <thead><tr>
                        <th scope="col">{ x_name }</th>
                        <th scope="col">{ format!("{} {}", s.kind.name(), s.unit.label()) }</th>
                        <th scope="col">{ format!("standard {}", s.unit.label()) }</th>
                        <th scope="col">{"ratio"}</th>
                        <th scope="col">{"closed form"}</th>
                    </tr></thead>
                    <tbody>
                    { for s.points.iter().map(|p| html! {
                        <tr class={classes!((Some(p.x) == s.current).then_some("focus"))}
                            data-x={p.x.to_string()} data-ratio={format!("{:.6}", p.ratio)}>
                            <th scope="row">{ p.x }</th>
                            <td>{ thousands(p.value) }</td>
                            <td>{ thousands(p.standard) }</td>
                            <td>{ format!("{:.2}%", p.ratio * 100.0) }</td>
                            <td>{ format!("{:.2}%", p.closed_form * 100.0) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table></div>
            </details>
        </figure>
    }
}
