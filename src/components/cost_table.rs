//! The cost table: MACs, FLOPs and parameters of the four kinds side by side.
//! Each row is the current form's: a kind that is not valid shows why in its row.

use yew::prelude::*;

use crate::format::{short, thousands};
use crate::hooks::use_text::use_text;
use crate::state::{KindResult, KindResults};
use crate::text::Text;
use conv_core::{ConvKind, Cost, KindPlan};

/// A ratio without a standard row to compare with (a sign, not a word).
const NO_RATIO: &str = "—";

#[derive(Properties, PartialEq)]
pub struct CostTableProps {
    /// Every kind at the current form, each valid or not on its own.
    pub kinds: KindResults,
    pub focus: ConvKind,
}

#[function_component(CostTable)]
pub fn cost_table(props: &CostTableProps) -> Html {
    let t = use_text();
    let standard = props.kinds.standard.as_ref().ok().map(KindPlan::cost);
    html! {
        <table class="costs" data-testid="cost-table">
            <caption>{ t.cost_caption() }</caption>
            <thead>
                <tr>{ for t.cost_headings().iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr>
            </thead>
            <tbody>
            { for ConvKind::ALL.into_iter().map(|kind| {
                view_row(t, kind, props.kinds.get(kind), kind == props.focus, standard)
            }) }
            </tbody>
        </table>
    }
}

fn view_row(
    t: &dyn Text,
    kind: ConvKind,
    result: &KindResult,
    focus: bool,
    standard: Option<Cost>,
) -> Html {
    let id = format!("cost-{}", kind.name());
    let plan = match result {
        Ok(plan) => plan,
        Err(e) => {
            return html! {
                <tr data-testid={id} data-invalid="true"
                    class={classes!("invalid", focus.then_some("focus"))}>
                    <th scope="row">{ t.kind_title(kind) }</th>
                    <td class="row-error" colspan="5" data-testid={format!("cost-{}-error", kind.name())}>
                        { t.problem(&e.problem) }
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
    let layers = crate::format::layers(plan, t.then());
    html! {
        <tr data-testid={id} class={classes!(focus.then_some("focus"))}
            data-macs={c.macs.to_string()} data-flops={c.flops.to_string()} data-params={c.params.to_string()}>
            <th scope="row">{ t.kind_title(kind) }</th>
            <td class="layers">{ layers }</td>
            <td title={thousands(c.macs)}>{ thousands(c.macs) }<small>{ format!(" ({})", short(c.macs)) }</small></td>
            <td title={thousands(c.flops)}>{ thousands(c.flops) }</td>
            <td title={thousands(c.params)}>{ thousands(c.params) }</td>
            <td>{ ratio }</td>
        </tr>
    }
}
