//! The sweep chart: cost relative to standard against groups, kernel size or
//! out_channels, computed points over the closed form, and the points as a table.

use yew::prelude::*;

use super::{use_chart, view_canvas, view_png_button, view_table};
use crate::format::thousands;
use crate::plots::draw::sweep;
use crate::plots::model::sweep::{series, Sweep};
use crate::plots::text::PlotsText;
use crate::plots::text::{Chart, Column};
use crate::plots::view::use_plots_text;
use crate::state::plot_settings::{SweepAxis, Unit};
use groupwise_core::compute::Setting;

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
    let t = use_plots_text();
    let s = series(
        &props.setting,
        props.bias,
        props.axis,
        props.unit,
        props.log,
    );
    let refs = use_chart(s.clone(), 0.36, (240.0, 380.0), |s, backend, look, t| {
        let _ = sweep::draw(backend, s, look, t);
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
    let x_name = s.axis.name();
    html! {
        <figure class="chart" data-testid="sweep-chart">
            <figcaption>
                <label>{ t.sweep_select() }
                    <select data-testid="sweep-axis" {onchange}>
                        { for SweepAxis::ALL.iter().map(|a| html! {
                            <option value={a.name()} selected={*a == s.axis}>{ a.name() }</option>
                        }) }
                    </select>
                </label>
                <p>{ t.sweep_what(s.axis) }</p>
                <p class="convention">{ t.sweep_assumptions(s.unit, s.bias, s.multiplier) }</p>
            </figcaption>
            { view_canvas(&refs, "chart-sweep", t.sweep_alt(s.axis)) }
            <div class="chart-actions">
                { view_png_button(t, &refs.canvas, Chart::Sweep, &format!("groupwise-sweep-{x_name}.png")) }
            </div>
            { view_points(t, &s) }
        </figure>
    }
}

/// The sweep's points, the current setting's row marked.
fn view_points(t: &dyn PlotsText, s: &Sweep) -> Html {
    let head = html! {
        <>
            <th scope="col">{ s.axis.name() }</th>
            <th scope="col">{ t.sweep_value_column(s.kind, s.unit) }</th>
            <th scope="col">{ t.sweep_standard_column(s.unit) }</th>
            <th scope="col">{ t.column(Column::Ratio) }</th>
            <th scope="col">{ t.column(Column::ClosedForm) }</th>
        </>
    };
    let rows = html! {
        <>{ for s.points.iter().map(|p| html! {
            <tr class={classes!((Some(p.x) == s.current).then_some("focus"))}
                data-x={p.x.to_string()} data-ratio={format!("{:.6}", p.ratio)}>
                <th scope="row">{ p.x }</th>
                <td>{ thousands(p.value) }</td>
                <td>{ thousands(p.standard) }</td>
                <td>{ format!("{:.2}%", p.ratio * 100.0) }</td>
                <td>{ format!("{:.2}%", p.closed_form * 100.0) }</td>
            </tr>
        }) }</>
    };
    view_table(
        t.sweep_points(s.points.len()),
        "sweep-table",
        false,
        head,
        rows,
    )
}
