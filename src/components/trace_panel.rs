//! The trace panel: every multiply-add of one element, with real values, the
//! bias and the sum, from `conv_core::trace_output` (bit-identical to the kernels).

use yew::prelude::*;

use crate::compute::ResultRef;
use crate::state::{Traced, TracedTensor};

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
    r: &crate::compute::JobResult,
    t: &Traced,
) -> Result<conv_core::ElementTrace, String> {
    let e = |e: conv_core::ConvError| e.to_string();
    match (t.tensor, &r.pw_layer, &r.intermediate, &r.pw_weight) {
        (TracedTensor::Output, Some(pw), Some(mid), Some(w)) => {
            conv_core::trace_output(pw, mid, w, r.pw_bias.as_deref(), t.index).map_err(e)
        }
        _ => conv_core::trace_output(&r.layer, &r.input, &r.weight, r.bias.as_deref(), t.index)
            .map_err(e),
    }
}

/// The traced value's whole channel, for scale.
fn channel_note(r: &crate::compute::JobResult, t: &Traced) -> String {
    let c = t.index[1];
    let tensor = match t.tensor {
        TracedTensor::Intermediate => r.intermediate.as_ref().unwrap_or(&r.output),
        TracedTensor::Output => &r.output,
    };
    let (lo, hi, mean) = crate::compute::channel_summary(tensor, c);
    format!("Channel {c}: min {lo:.3}, max {hi:.3}, mean {mean:.3}")
}

/// Where the traced value reads from, as boxed in the picture.
fn field_note(r: &crate::compute::JobResult, t: &Traced) -> String {
    let [_, c, y, x] = t.index;
    if let (TracedTensor::Output, Some(pw)) = (t.tensor, &r.pw_layer) {
        return format!(
            "Reads all {} depthwise outputs at ({y}, {x}) through row {c} of the 1×1 weights (highlighted).",
            pw.in_channels
        );
    }
    match conv_core::receptive_field(&r.layer, r.input.shape, t.index) {
        Ok(rf) => {
            let ys = rf.taps.iter().map(|p| p.0);
            let xs = rf.taps.iter().map(|p| p.1);
            let (y0, y1) = (ys.clone().min().unwrap_or(0), ys.max().unwrap_or(0));
            let (x0, x1) = (xs.clone().min().unwrap_or(0), xs.max().unwrap_or(0));
            let chans = if rf.channels.len() == 1 {
                format!("input channel {}", rf.channels.start)
            } else {
                format!(
                    "input channels {}–{}",
                    rf.channels.start,
                    rf.channels.end - 1
                )
            };
            format!("Receptive field: {chans}, rows {y0}–{y1}, columns {x0}–{x1} (boxed on the input); filter {c} (outlined).")
        }
        Err(e) => e.to_string(),
    }
}

#[function_component(TracePanel)]
pub fn trace_panel(props: &TracePanelProps) -> Html {
    let Some(t) = props.traced else {
        return html! {
            <section class="panel trace empty" data-testid="trace" aria-live="polite">
                <h2>{"Trace"}</h2>
                <p class="hint">{"Point at (or tap) any output value to see the multiply-adds that make it."}</p>
            </section>
        };
    };
    let trace = trace_of(&props.result, &t);
    let [n, c, y, x] = t.index;
    let separable = props.result.pw_layer.is_some();
    let what = match (t.tensor, separable) {
        (TracedTensor::Intermediate, _) => "depthwise output",
        (TracedTensor::Output, true) => "output (pointwise)",
        (TracedTensor::Output, false) => "output",
    };
    let source = if separable && t.tensor == TracedTensor::Output {
        "dw"
    } else {
        "in"
    };
    match trace {
        Err(e) => {
            html! { <section class="panel trace" data-testid="trace"><p class="alert">{ e }</p></section> }
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
            html! {
                <section class="panel trace" data-testid="trace" data-terms={total.to_string()}
                    data-sum={tr.sum.to_string()} data-value={displayed.to_string()} aria-live="polite">
                    <h2>{ format!("Trace of {what} [{n}, {c}, {y}, {x}]") }</h2>
                    <p>{ format!("Group {} · {} multiply-adds (C_in/groups · kH · kW)", tr.group + 1, total) }</p>
                    <p class="hint" data-testid="trace-field">{ field_note(&props.result, &t) }</p>
                    <p class="hint">{ channel_note(&props.result, &t) }</p>
                    <ol class="terms">
                        { for tr.terms.iter().take(SHOWN_TERMS).map(|m| {
                            let [_, ci, iy, ix] = m.input_index;
                            let [_, wi, ky, kx] = m.weight_index;
                            html! {
                                <li class={classes!(m.padded.then_some("padded"))}>
                                    <code>{ if m.padded { format!("pad→{source}[{ci}] ") } else { format!("{source}[{ci},{iy},{ix}] ") } }</code>
                                    { format!("{} × w[{c},{wi},{ky},{kx}] {} = {}", m.input_value, m.weight_value, m.product) }
                                    if m.padded { <small>{" (padding)"}</small> }
                                </li>
                            }
                        }) }
                    </ol>
                    if total > SHOWN_TERMS { <p class="more">{ format!("… {} more terms", total - SHOWN_TERMS) }</p> }
                    <p class="sum">
                        if let Some(b) = tr.bias { { format!("+ bias {b} ") } }
                        <b>{ format!("= {}", tr.sum) }</b>
                        { if tr.sum.to_bits() == displayed.to_bits() { " ✓ equals the value shown" } else { "" } }
                    </p>
                </section>
            }
        }
    }
}
