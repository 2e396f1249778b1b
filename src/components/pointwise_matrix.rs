//! Separable mode: the pointwise 1x1 weights as a `C_out × C_mid` matrix heatmap.
//! Row `o` holds the weights that mix every depthwise output into output channel
//! `o`; the selected channel's row and the column being added are outlined.

use yew::prelude::*;

use super::plane_canvas::{Mark, MarkKind, Plane, PlaneCanvas, ResultRef, TensorId};
use crate::state::colors::symmetric_scale;

#[derive(Properties, PartialEq)]
pub struct PointwiseMatrixProps {
    pub result: ResultRef,
    /// Output channel whose row is highlighted.
    pub row: Option<usize>,
    /// Depthwise channel currently being added in (pointwise stage).
    pub column: Option<usize>,
    pub on_select: Callback<Option<usize>>,
}

#[function_component(PointwiseMatrix)]
pub fn pointwise_matrix(props: &PointwiseMatrixProps) -> Html {
    let scale = use_memo(props.result.clone(), |r| {
        r.pw_weight
            .as_ref()
            .map_or(1.0, |w| symmetric_scale(&w.data))
    });
    let Some(w) = props.result.pw_weight.as_ref() else {
        return html! {};
    };
    let (rows, cols) = (w.shape.n, w.shape.c);
    // The weight tensor [C_out, C_mid, 1, 1] is, in memory, exactly the matrix;
    // viewed as one plane of a [1, 1, C_out, C_mid] tensor it draws as such.
    let mut marks = Vec::new();
    if let Some(r) = props.row.filter(|&r| r < rows) {
        marks.extend((0..cols).map(|x| Mark {
            y: r as isize,
            x: x as isize,
            kind: MarkKind::Target,
        }));
    }
    if let Some(c) = props.column.filter(|&c| c < cols) {
        marks.extend((0..rows).map(|y| Mark {
            y: y as isize,
            x: c as isize,
            kind: MarkKind::Window,
        }));
    }
    let on_select = props.on_select.clone();
    let onhover = Callback::from(move |at: Option<(usize, usize)>| {
        if let Some((y, _)) = at {
            on_select.emit(Some(y));
        }
    });
    let width = (cols * 10).clamp(120, 320) as u32;
    html! {
        <figure class="tensor-col matrix" data-testid="pointwise-matrix" data-rows={rows.to_string()} data-cols={cols.to_string()}
            data-row={props.row.map(|r| r.to_string())}>
            <figcaption>{"Pointwise weights"}<code>{ format!("{rows} out × {cols} in") }</code></figcaption>
            <PlaneCanvas plane={Plane { result: props.result.clone(), tensor: TensorId::PointwiseWeight, n: 0, c: 0 }}
                scale={*scale} css_width={width} marks={std::rc::Rc::new(marks)} onhover={Some(onhover)}
                label={AttrValue::from("pointwise weight matrix: row = output channel, column = depthwise channel")} />
            <p class="hint">{ match props.row {
                Some(r) => format!("Row {r}: the {cols} weights that mix the depthwise outputs into output channel {r}."),
                None => "Point at a row (or an output channel) to see the weights that mix it.".to_string(),
            } }</p>
        </figure>
    }
}
