//! The picture's data as a table, for readers who cannot see the canvas: per
//! group, the input channels it reads, its filters, the output channels it
//! makes and their range of values (and, separable, the pointwise stage). Built
//! only while open, once per result.

use std::ops::Range;

use yew::prelude::*;

use crate::hooks::use_text::use_text;
use crate::text::{label_words, Text};
use groupwise_core::compute::{JobResult, ResultRef};
use groupwise_core::picture::scene::Label;
use groupwise_core::views::channel_summary;

#[derive(Properties, PartialEq)]
pub struct PictureTableProps {
    pub result: ResultRef,
}

/// One group's row: its channels and its outputs' smallest and largest value.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    pub group: usize,
    pub inputs: Range<usize>,
    pub outputs: Range<usize>,
    pub lo: f32,
    pub hi: f32,
}

/// The smallest and largest value of channels `cs` of `t`.
fn span(t: &conv_core::Tensor, cs: Range<usize>) -> (f32, f32) {
    cs.map(|c| channel_summary(t, c))
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), (l, h, _)| {
            (lo.min(l), hi.max(h))
        })
}

/// A row per group of the (first) convolution. Its filters are its output channels.
pub fn group_rows(r: &JobResult) -> Vec<GroupRow> {
    let l = &r.layer;
    let first = r.intermediate.as_ref().unwrap_or(&r.output);
    let (ipg, opg) = (l.in_per_group(), l.out_per_group());
    (0..l.groups)
        .map(|g| {
            let outputs = g * opg..(g + 1) * opg;
            let (lo, hi) = span(first, outputs.clone());
            GroupRow {
                group: g,
                inputs: g * ipg..(g + 1) * ipg,
                outputs,
                lo,
                hi,
            }
        })
        .collect()
}

fn view_table(t: &dyn Text, r: &JobResult, rows: &[GroupRow]) -> Html {
    let pointwise = r.pw_layer.map(|p| {
        let (lo, hi) = span(&r.output, 0..r.output.shape.c);
        t.table_pointwise(p.in_channels, p.out_channels, lo, hi)
    });
    html! {
        <>
            // Scrolls sideways on a phone, so it takes focus (the keyboard can scroll it).
            <div class="table-scroll" tabindex="0" role="region" aria-label={t.table_summary()}>
                <table class="picture-data">
                    <caption>{ t.table_caption(r.mode, r.layer.groups) }</caption>
                    <thead><tr>
                        <th scope="col">{ t.col_group() }</th>
                        <th scope="col">{ t.col_inputs() }</th>
                        <th scope="col">{ t.col_filters() }</th>
                        <th scope="col">{ t.col_outputs() }</th>
                        <th scope="col">{ t.col_values() }</th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|row| html! {
                            <tr>
                                <th scope="row">{ label_words(t.lang()).label(&Label::Group(row.group)) }</th>
                                <td>{ t.channel_range(row.inputs.clone()) }</td>
                                <td>{ t.channel_range(row.outputs.clone()) }</td>
                                <td>{ t.channel_range(row.outputs.clone()) }</td>
                                <td>{ t.value_range(row.lo, row.hi) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if let Some(p) = pointwise { <p class="hint">{ p }</p> }
        </>
    }
}

#[function_component(PictureTable)]
pub fn picture_table(props: &PictureTableProps) -> Html {
    let t = use_text();
    let open = use_state(|| false);
    let rows = use_memo((props.result.clone(), *open), |(r, open)| {
        open.then(|| group_rows(r))
    });
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::Element = e.target_unchecked_into();
            open.set(details.has_attribute("open"));
        })
    };
    html! {
        <details class="picture-table" data-testid="picture-table" {ontoggle}>
            <summary>{ t.table_summary() }</summary>
            if let Some(rows) = rows.as_ref() { { view_table(t, &props.result, rows) } }
        </details>
    }
}
