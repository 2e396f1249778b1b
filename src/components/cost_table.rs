//! The cost table: MACs, FLOPs and parameters of the four kinds side by side.
//! Each row is the current form's: a kind that is not valid shows why in its row.

use yew::prelude::*;

use crate::format::{short, thousands};
use crate::state::{KindResult, KindResults};
use conv_core::{ConvKind, Cost, KindPlan};

/// The table's words, in one place.
const CAPTION: &str = "Cost of one forward pass";
const HEADINGS: [&str; 6] = [
    "kind",
    "layers",
    "MACs",
    "FLOPs",
    "params",
    "MACs vs standard",
];
/// The ratio column when standard itself is not valid.
const NO_RATIO: &str = "—";

#[derive(Properties, PartialEq)]
pub struct CostTableProps {
    /// Every kind at the current form, each valid or not on its own.
    pub kinds: KindResults,
    pub focus: ConvKind,
}

#[function_component(CostTable)]
pub fn cost_table(props: &CostTableProps) -> Html {
    let standard = props.kinds.standard.as_ref().ok().map(KindPlan::cost);
    html! {
        <table class="costs" data-testid="cost-table">
            <caption>{ CAPTION }</caption>
            <thead>
                <tr>{ for HEADINGS.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr>
            </thead>
            <tbody>
            { for ConvKind::ALL.into_iter().map(|kind| {
                view_row(kind, props.kinds.get(kind), kind == props.focus, standard)
            }) }
            </tbody>
        </table>
    }
}

fn view_row(kind: ConvKind, result: &KindResult, focus: bool, standard: Option<Cost>) -> Html {
    let id = format!("cost-{}", kind.name());
    let plan = match result {
        Ok(plan) => plan,
        Err(e) => {
            return html! {
                <tr data-testid={id} data-invalid="true"
                    class={classes!("invalid", focus.then_some("focus"))}>
                    <th scope="row">{ kind.name() }</th>
                    <td class="row-error" colspan="5" data-testid={format!("cost-{}-error", kind.name())}>
                        { e.message.clone() }
                    </td>
                </tr>
            };
        }
    };
    let c = plan.cost();
    let ratio = match standard {
        Some(s) if s.macs > 0 => format!("{:.1}%", c.macs as f64 / s.macs as f64 * 100.0),
        Some(_) => "0.0%".into(),
        None => NO_RATIO.into(),
    };
    let layers = crate::format::layers(plan);
    html! {
        <tr data-testid={id} class={classes!(focus.then_some("focus"))}
            data-macs={c.macs.to_string()} data-flops={c.flops.to_string()} data-params={c.params.to_string()}>
            <th scope="row">{ kind.name() }</th>
            <td class="layers">{ layers }</td>
            <td title={thousands(c.macs)}>{ thousands(c.macs) }<small>{ format!(" ({})", short(c.macs)) }</small></td>
            <td title={thousands(c.flops)}>{ thousands(c.flops) }</td>
            <td title={thousands(c.params)}>{ thousands(c.params) }</td>
            <td>{ ratio }</td>
        </tr>
    }
}
