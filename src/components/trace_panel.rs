//! The trace panel: every multiply-add of one element, with real values, the
//! bias and the sum, from `conv_core::trace_output` (bit-identical to the kernels).

use conv_core::{ConvProblem, Limits};
use yew::prelude::*;

use crate::hooks::use_text::use_text;
use crate::state::{Traced, TracedTensor};
use crate::text::picture::TracedWhat;
use crate::text::Text;
use groupwise_core::compute::ResultRef;

/// Terms listed before "N more".
pub const SHOWN_TERMS: usize = 27;

#[derive(Properties, PartialEq)]
pub struct TracePanelProps {
    pub result: ResultRef,
    pub traced: Option<Traced>,
}

/// The trace of `t` in `r`: the first convolution for an intermediate element (or
/// an output of a one-layer mode), the pointwise layer for a separable output.
pub fn trace_of(
    r: &groupwise_core::compute::JobResult,
    t: &Traced,
) -> Result<conv_core::ElementTrace, conv_core::ConvError> {
    let (layer, input, weight, bias) = match (t.tensor, &r.pw_layer, &r.intermediate, &r.pw_weight)
    {
        (TracedTensor::Output, Some(pw), Some(mid), Some(w)) => (pw, mid, w, &r.pw_bias),
        _ => (&r.layer, &r.input, &r.weight, &r.bias),
    };
    ConvProblem::new(
        layer,
        input,
        weight,
        bias.as_deref(),
        &Limits::one_element(),
    )
    .and_then(|p| p.trace(t.index))
}

/// The traced value's whole channel, for scale.
fn channel_note(w: &dyn Text, r: &groupwise_core::compute::JobResult, t: &Traced) -> String {
    let c = t.index[1];
    let tensor = match t.tensor {
        TracedTensor::Intermediate => r.intermediate.as_ref().unwrap_or(&r.output),
        TracedTensor::Output => &r.output,
    };
    let (lo, hi, mean) = groupwise_core::views::channel_summary(tensor, c);
    w.trace_channel(c, lo, hi, mean)
}

/// Where the traced value reads from, as boxed in the picture.
fn field_note(w: &dyn Text, r: &groupwise_core::compute::JobResult, t: &Traced) -> String {
    let [_, c, y, x] = t.index;
    if let (TracedTensor::Output, Some(pw)) = (t.tensor, &r.pw_layer) {
        return w.trace_field_pointwise(pw.in_channels, y, x);
    }
    match conv_core::receptive_field(&r.layer, r.input.shape, t.index) {
        Ok(rf) => {
            let ys = rf.taps.iter().map(|p| p.0);
            let xs = rf.taps.iter().map(|p| p.1);
            let (y0, y1) = (ys.clone().min().unwrap_or(0), ys.max().unwrap_or(0));
            let (x0, x1) = (xs.clone().min().unwrap_or(0), xs.max().unwrap_or(0));
            w.trace_field(rf.channels, (y0, y1), (x0, x1), c)
        }
        Err(e) => w.conv_error(&e),
    }
}

/// The multiply-adds, the first [`SHOWN_TERMS`] of them; `c` is the filter.
fn view_terms(w: &dyn Text, tr: &conv_core::ElementTrace, source: &str, c: usize) -> Html {
    let total = tr.terms.len();
    html! {
        <>
            <ol class="terms">
                { for tr.terms.iter().take(SHOWN_TERMS).map(|m| {
                    let [_, ci, iy, ix] = m.input_index;
                    let [_, wi, ky, kx] = m.weight_index;
                    html! {
                        <li class={classes!(m.padded.then_some("padded"))}>
                            <code>{ if m.padded { format!("pad→{source}[{ci}] ") } else { format!("{source}[{ci},{iy},{ix}] ") } }</code>
                            { format!("{} × w[{c},{wi},{ky},{kx}] {} = {}", m.input_value, m.weight_value, m.product) }
                            if m.padded { <small>{ w.trace_padding() }</small> }
                        </li>
                    }
                }) }
            </ol>
            if total > SHOWN_TERMS { <p class="more">{ w.trace_more(total - SHOWN_TERMS) }</p> }
        </>
    }
}

#[function_component(TracePanel)]
pub fn trace_panel(props: &TracePanelProps) -> Html {
    let w = use_text();
    let Some(t) = props.traced else {
        return html! {
            <section class="panel trace empty" data-testid="trace" aria-label={w.trace_heading()}>
                <h2>{ w.trace_heading() }</h2>
                <p class="hint">{ w.trace_hint() }</p>
            </section>
        };
    };
    let trace = trace_of(&props.result, &t);
    let [n, c, y, x] = t.index;
    let separable = props.result.pw_layer.is_some();
    let what = match (t.tensor, separable) {
        (TracedTensor::Intermediate, _) => TracedWhat::DepthwiseOutput,
        (TracedTensor::Output, true) => TracedWhat::PointwiseOutput,
        (TracedTensor::Output, false) => TracedWhat::Output,
    };
    let source = if separable && t.tensor == TracedTensor::Output {
        "dw"
    } else {
        "in"
    };
    match trace {
        Err(e) => {
            html! { <section class="panel trace" data-testid="trace"><p class="alert">{ w.conv_error(&e) }</p></section> }
        }
        Ok(tr) => {
            let total = tr.terms.len();
            let displayed = match t.tensor {
                TracedTensor::Output => props.result.output.at(n, c, y, x),
                TracedTensor::Intermediate => props
                    .result
                    .intermediate
                    .as_ref()
                    .map_or(f32::NAN, |m| m.at(n, c, y, x)),
            };
            let title = w.trace_title(what, t.index);
            html! {
                <section class="panel trace" data-testid="trace" data-terms={total.to_string()}
                    data-sum={tr.sum.to_string()} data-value={displayed.to_string()} aria-label={w.trace_heading()}>
                    <h2>{ title.clone() }</h2>
                    // Heard as the traced value moves (the arrow keys), without the whole list.
                    <p class="sr-only" aria-live="polite">{ format!("{title} = {}", tr.sum) }</p>
                    <p>{ w.trace_group(tr.group, total) }</p>
                    <p class="hint" data-testid="trace-field">{ field_note(w, &props.result, &t) }</p>
                    <p class="hint">{ channel_note(w, &props.result, &t) }</p>
                    { view_terms(w, &tr, source, c) }
                    <p class="sum">
                        if let Some(b) = tr.bias { { format!("{} {b} ", w.trace_bias()) } }
                        <b>{ format!("= {}", tr.sum) }</b>
                        { if tr.sum.to_bits() == displayed.to_bits() { w.trace_matches() } else { "" } }
                    </p>
                </section>
            }
        }
    }
}
