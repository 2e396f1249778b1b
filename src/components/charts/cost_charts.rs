//! Side by side: MACs (or FLOPs) and parameters of the four kinds at the current
//! setting, with a one-line answer to "how much cheaper is separable here".

use conv_core::{Comparison, ConvKind};
use yew::prelude::*;

use super::{use_chart, view_canvas, view_csv_button, view_png_button};
use crate::plot::cost_bars::{self, SideBySide};
use crate::state::plots::Unit;

#[derive(Properties, PartialEq)]
pub struct CostChartsProps {
    /// Built with the bias the charts use.
    pub comparison: Comparison,
    pub unit: Unit,
    pub log: bool,
}

#[function_component(CostCharts)]
pub fn cost_charts(props: &CostChartsProps) -> Html {
    let series = cost_bars::series(&props.comparison, props.unit, props.log);
    let refs = use_chart(series.clone(), 0.42, (260.0, 420.0), |s, backend, look| {
        let _ = cost_bars::draw(backend, s, look);
    });
    let compute = SideBySide::ratio(&series.compute, ConvKind::Separable);
    let params = SideBySide::ratio(&series.params, ConvKind::Separable);
    let times = if compute > 0.0 { 1.0 / compute } else { 0.0 };
    let headline = format!(
        "Depthwise separable here: {:.1}% of standard's {} ({:.1}× cheaper) and {:.1}% of its parameters.",
        compute * 100.0,
        series.unit.label(),
        times,
        params * 100.0
    );
    let label = format!(
        "Bar charts of {} and parameters per kind. {headline}",
        series.unit.label()
    );
    let comparison = props.comparison.clone();
    html! {
        <figure class="chart" data-testid="cost-charts">
            <figcaption>
                <p class="headline" data-testid="cost-headline" data-ratio={format!("{compute:.6}")}>{ headline }</p>
                <p class="convention">{ series.unit.convention() }{". "}
                    { if series.bias { "Bias on: params include one bias per output channel." } else { "Bias off." } }
                    {" Exact values on the bars."}</p>
            </figcaption>
            { view_canvas(&refs, "chart-costs", label, None) }
            <div class="chart-actions">
                { view_png_button(&refs.canvas, "groupwise-costs.png") }
                { view_csv_button("groupwise-costs.csv".into(), move || crate::export::cost_csv(&comparison)) }
            </div>
        </figure>
    }
}
