//! The output's min, max, mean and sum, from the job's `Stats` (conv-core's
//! `Tensor::stats`). The `data-*` attributes carry Rust's shortest round-trip
//! formatting of the exact values, so tests can compare them with conv-core's.

use conv_core::Stats;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OutputStatsProps {
    pub stats: Stats,
    pub shape: conv_core::Nchw,
    pub compute_ms: f64,
    /// True while these numbers belong to the last valid setting, not the form's.
    pub stale: bool,
}

#[function_component(OutputStats)]
pub fn output_stats(props: &OutputStatsProps) -> Html {
    let s = props.stats;
    html! {
        <p class={classes!("output-stats", props.stale.then_some("stale"))} data-testid="output-stats"
            data-min={s.min.to_string()} data-max={s.max.to_string()}
            data-mean={s.mean.to_string()} data-sum={s.sum.to_string()}>
            <b>{"Output "}</b><code>{ crate::format::shape(props.shape) }</code>
            { format!(" · min {:.4} · max {:.4} · mean {:.4} · sum {:.4}", s.min, s.max, s.mean, s.sum) }
            <small>{ format!(" · computed in {:.1} ms", props.compute_ms) }</small>
        </p>
    }
}
