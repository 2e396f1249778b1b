//! The output shape of the layer the page centres on, stage by stage.

use yew::prelude::*;

use crate::format::shape;
use conv_core::KindPlan;

#[derive(Properties, PartialEq)]
pub struct ShapeSummaryProps {
    pub plan: KindPlan,
}

#[function_component(ShapeSummary)]
pub fn shape_summary(props: &ShapeSummaryProps) -> Html {
    let out = props.plan.output();
    let Some(first) = props.plan.stages.first() else {
        return html! {};
    };
    html! {
        <p class="shape" data-testid="output-shape" data-shape={format!("{},{},{},{}", out.n, out.c, out.h, out.w)}>
            { "input " }<code>{ shape(first.geometry.input) }</code>
            { for props.plan.stages.iter().enumerate().map(|(i, s)| html! {
                <>
                    { if props.plan.stages.len() > 1 { if i == 0 { " → depthwise → " } else { " → pointwise → " } } else { " → " } }
                    <code>{ shape(s.geometry.output) }</code>
                </>
            }) }
        </p>
    }
}
