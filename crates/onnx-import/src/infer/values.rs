//! The ops that make values rather than move them: elementwise ops of one
//! input (folded where a shape subgraph needs them), constants, Shape, Size, Range.

use super::fold;
use crate::error::Unknown;
use crate::known::{Inputs, Known, Outs};
use crate::ops::Op;
use crate::value::{numel, Data, FLOAT, INT64, MAX_FOLD};

/// Unary ops, Identity, Dropout and the casts: the shape of input 0.
pub fn elementwise(x: &Inputs) -> Outs {
    let k = x.req(0)?;
    let data = k.data.as_ref();
    let out = |data: Option<Data>| Ok(vec![x.known(k.dims.clone(), data)]);
    match &x.node.op {
        Op::Unary(u) => out(data.and_then(|d| fold::unary(*u, d))),
        Op::Cast { to } => out(data.and_then(|d| d.cast(*to))),
        Op::CastLike => {
            let like_int = x.req(1)?.data.as_ref().is_some_and(|d| d.ints().is_some());
            let to = if like_int { INT64 } else { FLOAT };
            out(data.and_then(|d| d.cast(to)))
        }
        // Dropout's second output is its mask.
        Op::Dropout => Ok(vec![
            x.known(k.dims.clone(), k.data.clone()),
            x.known(k.dims.clone(), None),
        ]),
        _ => out(k.data.clone()),
    }
}

/// Constant, ConstantOfShape, Shape, Size and Range: values known at import time.
pub fn constant(x: &Inputs) -> Outs {
    match &x.node.op {
        Op::Constant { dims, data } => {
            let dims = dims.clone().ok_or(Unknown::UnknownOp)?;
            Ok(vec![Known {
                data: data.clone().filter(|d| Some(d.len()) == numel(&dims)),
                dims,
                constant: true,
            }])
        }
        Op::ConstantOfShape { value } => {
            let dims = x.ints(0)?.ok_or(Unknown::Inconsistent)?;
            let dims: Vec<usize> = dims
                .iter()
                .map(|&d| usize::try_from(d).map_err(|_| Unknown::Inconsistent))
                .collect::<Result<_, _>>()?;
            let n = numel(&dims).ok_or(Unknown::Inconsistent)?;
            let data = (n <= MAX_FOLD)
                .then(|| value.pick(std::iter::repeat_n(0, n)))
                .flatten();
            Ok(vec![x.known(dims, data)])
        }
        Op::Shape { start, end } => shape_of(x, *start, *end),
        Op::Size => {
            let n = numel(&x.req(0)?.dims).ok_or(Unknown::Inconsistent)?;
            Ok(vec![shape_value(vec![], vec![n as i64])])
        }
        _ => range(x),
    }
}

/// A small int64 tensor of shape `dims`, known and constant.
fn shape_value(dims: Vec<usize>, v: Vec<i64>) -> Known {
    Known {
        dims,
        data: Some(Data::Int(v)),
        constant: true,
    }
}

fn shape_of(x: &Inputs, start: i64, end: Option<i64>) -> Outs {
    let dims = &x.req(0)?.dims;
    let r = dims.len() as i64;
    let clamp = |v: i64| (if v < 0 { v + r } else { v }).clamp(0, r) as usize;
    let (s, e) = (clamp(start), clamp(end.unwrap_or(r)));
    let v: Vec<i64> = dims[s..e.max(s)].iter().map(|&d| d as i64).collect();
    Ok(vec![shape_value(vec![v.len()], v)])
}

fn range(x: &Inputs) -> Outs {
    let scalar = |i| -> Result<Data, Unknown> {
        let k = x.req(i)?;
        k.data
            .clone()
            .filter(|d| d.len() == 1)
            .ok_or_else(|| Unknown::ValuesUnknown {
                input: x.node.inputs[i].clone(),
            })
    };
    let (s, l, d) = (scalar(0)?, scalar(1)?, scalar(2)?);
    let (sf, lf, df) = (s.floats()[0], l.floats()[0], d.floats()[0]);
    if df == 0.0 {
        return Err(Unknown::Inconsistent);
    }
    let n = ((lf - sf) / df).ceil().max(0.0);
    if !n.is_finite() || n > 1e12 {
        return Err(Unknown::Inconsistent);
    }
    let n = n as usize;
    let data = (n <= MAX_FOLD).then(|| match (s.ints(), d.ints()) {
        (Some(s), Some(d)) => Data::Int((0..n as i64).map(|i| s[0] + i * d[0]).collect()),
        _ => Data::Float((0..n).map(|i| sf + i as f64 * df).collect()),
    });
    Ok(vec![x.known(vec![n], data)])
}
