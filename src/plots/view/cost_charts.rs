//! Side by side: MACs (or FLOPs) and parameters of the four kinds at the current
//! setting, with a one-line answer to "how much cheaper is separable here", and
//! the bars' numbers as a table.

use conv_core::{Comparison, ConvKind};
use yew::prelude::*;

use super::{two_panels, use_chart, view_canvas, view_csv_button, view_png_button, view_table};
use crate::format::thousands;
use crate::plots::draw::cost_bars;
use crate::plots::model::cost::{self, SideBySide};
use crate::plots::text::PlotsText;
use crate::plots::text::{Chart, Column};
use crate::plots::view::use_plots_text;
use crate::state::plot_settings::Unit;

#[derive(Properties, PartialEq)]
pub struct CostChartsProps {
    /// Built with the bias the charts use.
    pub comparison: Comparison,
    pub unit: Unit,
    pub log: bool,
}

#[function_component(CostCharts)]
pub fn cost_charts(props: &CostChartsProps) -> Html {
    let t = use_plots_text();
    let series = cost::series(&props.comparison, props.unit, props.log);
    let (aspect, heights) = two_panels(0.42, (260.0, 420.0));
    let refs = use_chart(series.clone(), aspect, heights, |s, backend, look, t| {
        let _ = cost_bars::draw(backend, s, look, t);
    });
    let compute = SideBySide::ratio(&series.compute, ConvKind::Separable);
    let params = SideBySide::ratio(&series.params, ConvKind::Separable);
    let headline = t.cost_headline(compute, series.unit, params);
    let label = t.cost_alt(series.unit, &headline);
    let comparison = props.comparison.clone();
    html! {
        <figure class="chart" data-testid="cost-charts">
            <figcaption>
                <p class="headline" data-testid="cost-headline" data-ratio={format!("{compute:.6}")}>{ headline }</p>
                <p class="convention">{ t.cost_note(series.unit, series.bias) }</p>
            </figcaption>
            { view_canvas(&refs, "chart-costs", label) }
            <div class="chart-actions">
                { view_png_button(t, &refs.canvas, Chart::Costs, "groupwise-costs.png") }
                { view_csv_button(t, Chart::Costs, "groupwise-costs.csv".into(), move || groupwise_core::export::csv::cost_csv(&comparison)) }
            </div>
            { view_cost_table(t, &series) }
        </figure>
    }
}

/// The bars' numbers: each kind's compute and parameters, and their shares of standard.
fn view_cost_table(t: &dyn PlotsText, s: &SideBySide) -> Html {
    let head = html! {
        <>
            <th scope="col">{ t.column(Column::Kind) }</th>
            <th scope="col">{ s.unit.label() }</th>
            <th scope="col">{ t.column(Column::ShareOfStandard) }</th>
            <th scope="col">{ t.column(Column::Params) }</th>
            <th scope="col">{ t.column(Column::ShareOfStandard) }</th>
        </>
    };
    let pct = |r: f64| format!("{:.1}%", r * 100.0);
    let rows = html! {
        <>{ for s.compute.iter().zip(&s.params).map(|(c, p)| html! {
            <tr data-kind={c.kind.name()}>
                <th scope="row">{ t.kind_title(c.kind) }</th>
                <td>{ thousands(c.total()) }</td>
                <td>{ pct(SideBySide::ratio(&s.compute, c.kind)) }</td>
                <td>{ thousands(p.total()) }</td>
                <td>{ pct(SideBySide::ratio(&s.params, p.kind)) }</td>
            </tr>
        }) }</>
    };
    view_table(
        t.chart_table(Chart::Costs).into(),
        "cost-chart-table",
        false,
        head,
        rows,
    )
}
