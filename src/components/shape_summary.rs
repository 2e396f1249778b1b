//! The output shape of the layer the page centres on, stage by stage.

use yew::prelude::*;

use crate::hooks::use_text::use_text;
use conv_core::KindPlan;

#[derive(Properties, PartialEq)]
pub struct ShapeSummaryProps {
    pub plan: KindPlan,
}

#[function_component(ShapeSummary)]
pub fn shape_summary(props: &ShapeSummaryProps) -> Html {
    let t = use_text();
    let out = props.plan.output();
    let Some(first) = props.plan.stages.first() else {
        return html! {};
    };
    html! {
        <p class="shape" data-testid="output-shape" data-shape={format!("{},{},{},{}", out.n, out.c, out.h, out.w)}>
            { t.shape_input() }<code>{ first.geometry.input.to_string() }</code>
            { for props.plan.stages.iter().enumerate().map(|(i, s)| html! {
                <>
                    { t.shape_arrow(i, props.plan.stages.len()) }
                    <code>{ s.geometry.output.to_string() }</code>
                </>
            }) }
        </p>
    }
}
