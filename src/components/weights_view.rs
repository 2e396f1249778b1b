//! The weights, filter by filter, banded under their group: filter `o` is a row
//! of its `C_in/groups` kernels (one per input channel of its group).

use yew::prelude::*;

use super::plane_canvas::{Plane, PlaneCanvas, ResultRef, TensorId};
use super::tensor_view::set_css_vars;
use crate::state::colors::group_color;

/// Kernels drawn per filter before "+N".
const MAX_KERNELS: usize = 8;

#[derive(Properties, PartialEq)]
pub struct WeightsViewProps {
    pub result: ResultRef,
    /// Filters (output channels of the first convolution) drawn.
    pub filters: Vec<usize>,
    pub scale: f32,
    /// Groups whose filters are at work (the others are dimmed); all when `None`.
    pub active: Option<std::ops::Range<usize>>,
    /// The filter used by the traced element.
    pub traced: Option<usize>,
    pub apart: bool,
    pub neutral: bool,
}

#[function_component(WeightsView)]
pub fn weights_view(props: &WeightsViewProps) -> Html {
    let node = use_node_ref();
    let layer = props.result.layer;
    let opg = layer.out_per_group();
    let ipg = layer.in_per_group();
    let groups_shown: Vec<usize> = {
        let mut g: Vec<usize> = props.filters.iter().map(|&o| o / opg).collect();
        g.dedup();
        g
    };
    {
        let node = node.clone();
        use_effect_with(groups_shown.len(), move |bands| {
            let gap = if *bands <= 8 { 14 } else { 4 };
            set_css_vars(
                &node,
                &[
                    ("--gap", format!("{gap}px")),
                    ("--bands-1", bands.saturating_sub(1).to_string()),
                ],
            );
        });
    }
    let hidden = layer.out_channels - props.filters.len();
    let ws = props.result.weight.shape;
    html! {
        <figure ref={node} class={classes!("tensor-col", "weights", props.apart.then_some("apart"))} data-testid="weights">
            <figcaption>{"Weights"}<code>{ format!("[{}, {}, {}, {}]", ws.n, ws.c, ws.h, ws.w) }</code></figcaption>
            <div class="tiles">
            { for props.filters.iter().map(|&o| {
                let g = o / opg;
                let band = groups_shown.iter().position(|&x| x == g).unwrap_or(0);
                let dim = props.active.as_ref().is_some_and(|r| !r.contains(&g));
                let hue = (!props.neutral).then(|| group_color(g).css());
                html! {
                    <WeightRow result={props.result.clone()} filter={o} group={g} {band} {hue} {dim}
                        traced={props.traced == Some(o)} kernels={ipg} scale={props.scale} />
                }
            }) }
            </div>
            if hidden > 0 { <p class="more">{ format!("+{hidden} more filters") }</p> }
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct WeightRowProps {
    result: ResultRef,
    filter: usize,
    group: usize,
    band: usize,
    hue: Option<String>,
    dim: bool,
    traced: bool,
    kernels: usize,
    scale: f32,
}

#[function_component(WeightRow)]
fn weight_row(props: &WeightRowProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((props.band, props.hue.clone()), move |(band, hue)| {
            set_css_vars(
                &node,
                &[
                    ("--band", band.to_string()),
                    ("--hue", hue.clone().unwrap_or_else(|| "var(--line)".into())),
                ],
            );
        });
    }
    let shown = props.kernels.min(MAX_KERNELS);
    let ipg = props.kernels;
    let first_in = props.group * ipg;
    html! {
        <div ref={node} class={classes!("tile", "weight-row", props.dim.then_some("dim"), props.traced.then_some("traced"))}
            data-testid={props.traced.then_some("traced-filter")}>
            { for (0..shown).map(|ci| html! {
                <PlaneCanvas plane={Plane { result: props.result.clone(), tensor: TensorId::Weight, n: props.filter, c: ci }}
                    scale={props.scale} css_width={18}
                    label={AttrValue::from(format!("filter {} on input channel {}", props.filter, first_in + ci))} />
            }) }
            if ipg > shown { <small class="more">{ format!("+{}", ipg - shown) }</small> }
            <span class="tile-label"><b>{ format!("f{}", props.filter) }</b><small>{ format!(" g{}", props.group + 1) }</small></span>
        </div>
    }
}
