//! The cost table: MACs, FLOPs and parameters of the four kinds side by side.

use yew::prelude::*;

use crate::format::{short, thousands};
use conv_core::{Comparison, ConvKind};

#[derive(Properties, PartialEq)]
pub struct CostTableProps {
    pub comparison: Comparison,
    pub focus: ConvKind,
    /// True while the form is invalid and these are the last valid numbers.
    pub stale: bool,
}

#[function_component(CostTable)]
pub fn cost_table(props: &CostTableProps) -> Html {
    let standard = props.comparison.standard.cost();
    html! {
        <table class={classes!("costs", props.stale.then_some("stale"))} data-testid="cost-table">
            <caption>{"Cost of one forward pass"}{ if props.stale { " (last valid setting)" } else { "" } }</caption>
            <thead>
                <tr><th scope="col">{"kind"}</th><th scope="col">{"layers"}</th><th scope="col">{"MACs"}</th>
                    <th scope="col">{"FLOPs"}</th><th scope="col">{"params"}</th><th scope="col">{"MACs vs standard"}</th></tr>
            </thead>
            <tbody>
            { for ConvKind::ALL.into_iter().map(|kind| {
                let plan = props.comparison.get(kind);
                let c = plan.cost();
                let ratio = if standard.macs == 0 { 0.0 } else { c.macs as f64 / standard.macs as f64 };
                let layers: Vec<String> = plan.stages.iter().map(|s| {
                    let l = &s.layer;
                    format!("{}→{} {}x{} g={}", l.in_channels, l.out_channels, l.kernel[0], l.kernel[1], l.groups)
                }).collect();
                html! {
                    <tr data-testid={format!("cost-{}", kind.name())}
                        class={classes!((kind == props.focus).then_some("focus"))}
                        data-macs={c.macs.to_string()} data-flops={c.flops.to_string()} data-params={c.params.to_string()}>
                        <th scope="row">{ kind.name() }</th>
                        <td class="layers">{ layers.join(" then ") }</td>
                        <td title={thousands(c.macs)}>{ thousands(c.macs) }<small>{ format!(" ({})", short(c.macs)) }</small></td>
                        <td title={thousands(c.flops)}>{ thousands(c.flops) }</td>
                        <td title={thousands(c.params)}>{ thousands(c.params) }</td>
                        <td>{ format!("{:.1}%", ratio * 100.0) }</td>
                    </tr>
                }
            }) }
            </tbody>
        </table>
    }
}
