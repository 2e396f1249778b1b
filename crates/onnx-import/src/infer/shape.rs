//! Output shapes (and folded values) of the ops that are not layers. Conv, and
//! Gemm/MatMul with a constant weight, are planned in `layers`, which gives
//! their shapes through conv-core's cost model.

use super::fold;
use crate::error::Unknown;
use crate::known::Known;
pub use crate::known::{axis, Inputs, Outs};
use crate::ops::{Broadcast, Op};
use crate::value::{numel, Data};

fn to_dims(v: &[i64]) -> Result<Vec<usize>, Unknown> {
    v.iter()
        .map(|&d| usize::try_from(d).map_err(|_| Unknown::Inconsistent))
        .collect()
}

/// The node's outputs, from its known inputs.
pub fn outputs(x: &Inputs, opset: i64) -> Outs {
    match &x.node.op {
        Op::Unary(_) | Op::Identity | Op::Dropout | Op::Cast { .. } | Op::CastLike => {
            super::values::elementwise(x)
        }
        Op::Constant { .. }
        | Op::ConstantOfShape { .. }
        | Op::Shape { .. }
        | Op::Size
        | Op::Range => super::values::constant(x),
        Op::Broadcast(b) => broadcast(x, *b),
        Op::Where => where_(x),
        Op::Gather { axis } => gather(x, *axis),
        Op::Reshape { allowzero } => reshape(x, *allowzero),
        Op::Flatten { axis } => flatten(x, *axis),
        Op::Transpose { perm } => transpose(x, perm.as_deref()),
        Op::Concat { axis } => concat(x, *axis),
        Op::Split {
            axis,
            split,
            num_outputs,
        } => super::slicing::split(x, *axis, split, *num_outputs),
        Op::Slice { starts, ends, axes } => super::slicing::slice(x, starts, ends, axes),
        Op::Squeeze { axes } => squeeze(x, axes),
        Op::Unsqueeze { axes } => unsqueeze(x, axes),
        Op::Expand => expand(x),
        Op::Tile => tile(x),
        Op::BatchNormalization | Op::LayerNormalization { .. } => normalization(x),
        Op::Reduce {
            axes,
            keepdims,
            noop_with_empty_axes,
        } => reduce(x, axes, *keepdims, *noop_with_empty_axes),
        Op::Pad { pads } => pad(x, pads),
        Op::Resize => resize(x, opset),
        Op::Upsample { scales } => {
            let s = match scales {
                Some(s) => s.iter().map(|&v| f64::from(v)).collect(),
                None => x.floats(1)?.ok_or(Unknown::Inconsistent)?,
            };
            scaled(x, &s)
        }
        Op::GlobalAveragePool | Op::GlobalMaxPool => {
            let k = x.req(0)?;
            let dims = k
                .dims
                .iter()
                .enumerate()
                .map(|(i, &d)| if i < 2 { d } else { 1 })
                .collect();
            Ok(vec![x.known(dims, None)])
        }
        Op::Gemm { trans_a, trans_b } => {
            let (m, _, n) = gemm_dims(x, *trans_a, *trans_b)?;
            Ok(vec![x.known(vec![m, n], None)])
        }
        Op::MatMul => {
            Ok(vec![x.known(
                matmul_dims(&x.req(0)?.dims, &x.req(1)?.dims)?,
                None,
            )])
        }
        // Planned in `layers` and `markers`; never asked here.
        Op::Conv(_) | Op::MaxPool(_) | Op::AveragePool(_) | Op::Other(_) => Err(Unknown::UnknownOp),
    }
}

fn flatten(x: &Inputs, a: i64) -> Outs {
    let k = x.req(0)?;
    let a = axis(a, k.dims.len(), true)?;
    let outer = numel(&k.dims[..a]).ok_or(Unknown::Inconsistent)?;
    let inner = numel(&k.dims[a..]).ok_or(Unknown::Inconsistent)?;
    Ok(vec![x.known(vec![outer, inner], k.data.clone())])
}

fn expand(x: &Inputs) -> Outs {
    let k = x.req(0)?;
    let to = to_dims(&x.ints(1)?.ok_or(Unknown::Inconsistent)?)?;
    let dims = fold::broadcast_dims(&[&k.dims, &to]).ok_or(Unknown::Inconsistent)?;
    let data = k
        .data
        .as_ref()
        .and_then(|d| fold::expand(d, &k.dims, &dims));
    Ok(vec![x.known(dims, data)])
}

fn tile(x: &Inputs) -> Outs {
    let k = x.req(0)?;
    let reps = to_dims(&x.ints(1)?.ok_or(Unknown::Inconsistent)?)?;
    if reps.len() != k.dims.len() {
        return Err(Unknown::Inconsistent);
    }
    let dims = k
        .dims
        .iter()
        .zip(&reps)
        .map(|(d, r)| d.saturating_mul(*r))
        .collect();
    Ok(vec![x.known(dims, None)])
}

/// BatchNormalization's and LayerNormalization's outputs: the input's shape,
/// then (training outputs, or LayerNorm's mean and inverse deviation) the
/// statistics' shapes.
fn normalization(x: &Inputs) -> Outs {
    let k = x.req(0)?;
    let stat: Vec<usize> = match x.node.op {
        Op::LayerNormalization { axis: a } => {
            let a = axis(a, k.dims.len(), false)?;
            k.dims
                .iter()
                .enumerate()
                .map(|(i, &d)| if i < a { d } else { 1 })
                .collect()
        }
        _ => vec![k.dims.get(1).copied().unwrap_or(1)],
    };
    let mut outs = vec![x.known(k.dims.clone(), None)];
    outs.extend((1..x.node.outputs.len()).map(|_| x.known(stat.clone(), None)));
    Ok(outs)
}

fn broadcast(x: &Inputs, b: Broadcast) -> Outs {
    let ks: Vec<&Known> = x.ins.iter().flatten().copied().collect();
    let shapes: Vec<&[usize]> = ks.iter().map(|k| k.dims.as_slice()).collect();
    let dims = fold::broadcast_dims(&shapes).ok_or(Unknown::Inconsistent)?;
    let data = ks.split_first().and_then(|(head, rest)| {
        let mut acc = (head.data.clone()?, head.dims.clone());
        for k in rest {
            let d = fold::binary(b, (&acc.0, &acc.1), (k.data.as_ref()?, &k.dims))?;
            let dims = fold::broadcast_dims(&[&acc.1, &k.dims])?;
            acc = (d, dims);
        }
        Some(acc.0)
    });
    // A one-input Mean or Sum is its input; a Mean of more is not folded pairwise.
    let data = match (ks.len(), b) {
        (1, _) => ks[0].data.clone(),
        (_, Broadcast::Mean) => None,
        _ => data,
    };
    Ok(vec![x.known(dims, data)])
}

fn where_(x: &Inputs) -> Outs {
    let (c, a, b) = (x.req(0)?, x.req(1)?, x.req(2)?);
    let dims = fold::broadcast_dims(&[&c.dims, &a.dims, &b.dims]).ok_or(Unknown::Inconsistent)?;
    let data = match (&c.data, &a.data, &b.data) {
        (Some(cd), Some(ad), Some(bd)) => fold::select((cd, &c.dims), (ad, &a.dims), (bd, &b.dims)),
        _ => None,
    };
    Ok(vec![x.known(dims, data)])
}

fn gather(x: &Inputs, a: i64) -> Outs {
    let (d, ind) = (x.req(0)?, x.req(1)?);
    let a = axis(a, d.dims.len(), false)?;
    let mut dims = d.dims[..a].to_vec();
    dims.extend(&ind.dims);
    dims.extend(&d.dims[a + 1..]);
    let data = match (&d.data, ind.data.as_ref().and_then(Data::ints)) {
        (Some(data), Some(idx)) => {
            let n = d.dims[a] as i64;
            let norm: Option<Vec<usize>> = idx
                .iter()
                .map(|&i| {
                    let i = if i < 0 { i + n } else { i };
                    (0..n).contains(&i).then_some(i as usize)
                })
                .collect();
            let norm = norm.ok_or(Unknown::Inconsistent)?;
            fold::gather(data, &d.dims, a, &norm, &ind.dims)
        }
        _ => None,
    };
    Ok(vec![x.known(dims, data)])
}

fn reshape(x: &Inputs, allowzero: bool) -> Outs {
    let k = x.req(0)?;
    let target = x.ints(1)?.ok_or(Unknown::Inconsistent)?;
    let total = numel(&k.dims).ok_or(Unknown::Inconsistent)?;
    let mut dims = Vec::with_capacity(target.len());
    let mut infer = None;
    for (i, &t) in target.iter().enumerate() {
        match t {
            0 if !allowzero => dims.push(*k.dims.get(i).ok_or(Unknown::Inconsistent)?),
            -1 if infer.is_none() => {
                infer = Some(i);
                dims.push(1);
            }
            t => dims.push(usize::try_from(t).map_err(|_| Unknown::Inconsistent)?),
        }
    }
    let known = numel(&dims).ok_or(Unknown::Inconsistent)?;
    if let Some(i) = infer {
        if known == 0 || total % known != 0 {
            return Err(Unknown::Inconsistent);
        }
        dims[i] = total / known;
    } else if known != total {
        return Err(Unknown::Inconsistent);
    }
    Ok(vec![x.known(dims, k.data.clone())])
}

fn transpose(x: &Inputs, perm: Option<&[i64]>) -> Outs {
    let k = x.req(0)?;
    let r = k.dims.len();
    let perm: Vec<usize> = match perm {
        Some(p) => p
            .iter()
            .map(|&a| axis(a, r, false))
            .collect::<Result<_, _>>()?,
        None => (0..r).rev().collect(),
    };
    let mut seen = vec![false; r];
    if perm.len() != r || perm.iter().any(|&p| std::mem::replace(&mut seen[p], true)) {
        return Err(Unknown::Inconsistent);
    }
    let dims = perm.iter().map(|&p| k.dims[p]).collect();
    let data = k
        .data
        .as_ref()
        .and_then(|d| fold::transpose(d, &k.dims, &perm));
    Ok(vec![x.known(dims, data)])
}

fn concat(x: &Inputs, a: i64) -> Outs {
    let ks: Vec<&Known> = x.ins.iter().flatten().copied().collect();
    let first = ks.first().ok_or(Unknown::Inconsistent)?;
    let r = first.dims.len();
    let a = axis(a, r, false)?;
    let mut dims = first.dims.clone();
    dims[a] = 0;
    for k in &ks {
        let same = k.dims.len() == r && (0..r).all(|i| i == a || k.dims[i] == first.dims[i]);
        if !same {
            return Err(Unknown::Inconsistent);
        }
        dims[a] = dims[a]
            .checked_add(k.dims[a])
            .ok_or(Unknown::Inconsistent)?;
    }
    let parts: Option<Vec<(&Data, &[usize])>> = ks
        .iter()
        .map(|k| Some((k.data.as_ref()?, k.dims.as_slice())))
        .collect();
    let data = parts.and_then(|p| fold::concat(&p, a));
    Ok(vec![x.known(dims, data)])
}

fn squeeze(x: &Inputs, axes: &Option<Vec<i64>>) -> Outs {
    let k = x.req(0)?;
    let axes = match axes {
        Some(a) => Some(a.clone()),
        None => x.ints(1)?,
    };
    let r = k.dims.len();
    let drop: Vec<usize> = match axes {
        Some(a) => a
            .iter()
            .map(|&v| axis(v, r, false))
            .collect::<Result<_, _>>()?,
        None => (0..r).filter(|&i| k.dims[i] == 1).collect(),
    };
    if drop.iter().any(|&i| k.dims[i] != 1) {
        return Err(Unknown::Inconsistent);
    }
    let dims = (0..r)
        .filter(|i| !drop.contains(i))
        .map(|i| k.dims[i])
        .collect();
    Ok(vec![x.known(dims, k.data.clone())])
}

fn unsqueeze(x: &Inputs, axes: &Option<Vec<i64>>) -> Outs {
    let k = x.req(0)?;
    let axes = match axes {
        Some(a) => a.clone(),
        None => x.ints(1)?.ok_or(Unknown::Inconsistent)?,
    };
    let out_rank = k.dims.len() + axes.len();
    let mut at: Vec<usize> = axes
        .iter()
        .map(|&a| axis(a, out_rank, false))
        .collect::<Result<_, _>>()?;
    at.sort_unstable();
    if at.windows(2).any(|w| w[0] == w[1]) {
        return Err(Unknown::Inconsistent);
    }
    let mut rest = k.dims.iter();
    let dims = (0..out_rank)
        .map(|i| {
            if at.contains(&i) {
                1
            } else {
                rest.next().copied().unwrap_or(1)
            }
        })
        .collect();
    Ok(vec![x.known(dims, k.data.clone())])
}

fn reduce(x: &Inputs, axes: &Option<Vec<i64>>, keepdims: bool, noop: bool) -> Outs {
    let k = x.req(0)?;
    let r = k.dims.len();
    let axes = match axes {
        Some(a) => a.clone(),
        None => x.ints(1)?.unwrap_or_default(),
    };
    if axes.is_empty() && noop {
        return Ok(vec![x.known(k.dims.clone(), None)]);
    }
    let set: Vec<usize> = if axes.is_empty() {
        (0..r).collect()
    } else {
        axes.iter()
            .map(|&a| axis(a, r, false))
            .collect::<Result<_, _>>()?
    };
    let dims = (0..r)
        .filter_map(|i| match (set.contains(&i), keepdims) {
            (false, _) => Some(k.dims[i]),
            (true, true) => Some(1),
            (true, false) => None,
        })
        .collect();
    Ok(vec![x.known(dims, None)])
}

fn pad(x: &Inputs, pads: &Option<Vec<i64>>) -> Outs {
    let k = x.req(0)?;
    let r = k.dims.len();
    let pads = match pads {
        Some(p) => p.clone(),
        None => x.ints(1)?.ok_or(Unknown::Inconsistent)?,
    };
    let axes: Vec<usize> = match x.ints(3)? {
        Some(a) => a
            .iter()
            .map(|&v| axis(v, r, false))
            .collect::<Result<_, _>>()?,
        None => (0..r).collect(),
    };
    if pads.len() != 2 * axes.len() {
        return Err(Unknown::Inconsistent);
    }
    let mut dims: Vec<i64> = k.dims.iter().map(|&d| d as i64).collect();
    for (j, &a) in axes.iter().enumerate() {
        dims[a] = dims[a]
            .saturating_add(pads[j])
            .saturating_add(pads[j + axes.len()]);
    }
    Ok(vec![x.known(to_dims(&dims)?, None)])
}

fn resize(x: &Inputs, opset: i64) -> Outs {
    let k = x.req(0)?;
    if opset >= 11 {
        if let Some(sizes) = x.ints(3)? {
            let dims = to_dims(&sizes)?;
            if dims.len() != k.dims.len() {
                return Err(Unknown::Inconsistent);
            }
            return Ok(vec![x.known(dims, None)]);
        }
    }
    let scales_at = if opset >= 11 { 2 } else { 1 };
    let scales = x.floats(scales_at)?.ok_or(Unknown::Inconsistent)?;
    scaled(x, &scales)
}

/// Input 0's dims times `scales`, rounded down (Resize, Upsample).
fn scaled(x: &Inputs, scales: &[f64]) -> Outs {
    let k = x.req(0)?;
    if scales.len() != k.dims.len() {
        return Err(Unknown::Inconsistent);
    }
    let dims: Option<Vec<usize>> = k
        .dims
        .iter()
        .zip(scales)
        .map(|(&d, &s)| {
            let v = (d as f64 * s).floor();
            (v.is_finite() && (0.0..1e12).contains(&v)).then_some(v as usize)
        })
        .collect();
    Ok(vec![x.known(dims.ok_or(Unknown::Inconsistent)?, None)])
}

/// `(M, K, N)` of a Gemm: A is `[M, K]` (`[K, M]` with transA), B `[K, N]` (`[N, K]` with transB).
pub fn gemm_dims(
    x: &Inputs,
    trans_a: bool,
    trans_b: bool,
) -> Result<(usize, usize, usize), Unknown> {
    let (a, b) = (&x.req(0)?.dims, &x.req(1)?.dims);
    if a.len() != 2 || b.len() != 2 {
        return Err(Unknown::Inconsistent);
    }
    let (m, k) = if trans_a { (a[1], a[0]) } else { (a[0], a[1]) };
    let (k2, n) = if trans_b { (b[1], b[0]) } else { (b[0], b[1]) };
    if k != k2 {
        return Err(Unknown::Inconsistent);
    }
    Ok((m, k, n))
}

/// numpy's matmul shape: 1-D operands promoted and the added axis removed,
/// batch axes broadcast.
pub fn matmul_dims(a: &[usize], b: &[usize]) -> Result<Vec<usize>, Unknown> {
    if a.is_empty() || b.is_empty() {
        return Err(Unknown::Inconsistent);
    }
    let a2: Vec<usize> = if a.len() == 1 {
        vec![1, a[0]]
    } else {
        a.to_vec()
    };
    let b2: Vec<usize> = if b.len() == 1 {
        vec![b[0], 1]
    } else {
        b.to_vec()
    };
    let (ra, rb) = (a2.len(), b2.len());
    if a2[ra - 1] != b2[rb - 2] {
        return Err(Unknown::Inconsistent);
    }
    let mut dims =
        fold::broadcast_dims(&[&a2[..ra - 2], &b2[..rb - 2]]).ok_or(Unknown::Inconsistent)?;
    if a.len() > 1 {
        dims.push(a2[ra - 2]);
    }
    if b.len() > 1 {
        dims.push(b2[rb - 1]);
    }
    Ok(dims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(op: Op, inputs: usize) -> crate::ops::Node {
        crate::ops::Node {
            index: 0,
            name: "n".into(),
            op_type: "T".into(),
            inputs: (0..inputs).map(|i| format!("in{i}")).collect(),
            outputs: vec!["out".into()],
            op,
        }
    }

    fn act(dims: &[usize]) -> Known {
        Known::activation(dims.to_vec())
    }

    fn ints(v: &[i64]) -> Known {
        Known {
            dims: vec![v.len()],
            data: Some(Data::Int(v.to_vec())),
            constant: true,
        }
    }

    /// Output 0's dims of `op` on `ins`.
    fn dims(op: Op, ins: &[Known]) -> Result<Vec<usize>, Unknown> {
        let n = node(op, ins.len());
        let refs: Vec<Option<&Known>> = ins.iter().map(Some).collect();
        let x = Inputs {
            node: &n,
            ins: &refs,
        };
        outputs(&x, 17).map(|o| o[0].dims.clone())
    }

    #[test]
    fn reshape_copies_zeros_and_infers_minus_one() {
        let r = |allowzero, target: &[i64]| {
            dims(Op::Reshape { allowzero }, &[act(&[2, 3, 4]), ints(target)])
        };
        assert_eq!(r(false, &[0, -1]), Ok(vec![2, 12]));
        assert_eq!(
            r(false, &[-1, 4, 0]),
            Err(Unknown::Inconsistent),
            "index 2 copies 4: 24 is not 4·4·k"
        );
        assert_eq!(r(false, &[4, -1, 3]), Ok(vec![4, 2, 3]));
        assert_eq!(
            r(true, &[0, 24]),
            Err(Unknown::Inconsistent),
            "allowzero: 0 is a real zero"
        );
        assert_eq!(r(false, &[5, -1]), Err(Unknown::Inconsistent));
        assert_eq!(r(false, &[-1, -1]), Err(Unknown::Inconsistent));
        let unknown = dims(Op::Reshape { allowzero: false }, &[act(&[2, 3]), act(&[2])]);
        assert_eq!(
            unknown,
            Err(Unknown::ValuesUnknown {
                input: "in1".into()
            })
        );
    }

    #[test]
    fn matmul_shapes_broadcast_and_promote() {
        assert_eq!(
            matmul_dims(&[1, 7, 7, 96], &[96, 384]),
            Ok(vec![1, 7, 7, 384])
        );
        assert_eq!(matmul_dims(&[5, 1, 3, 4], &[2, 4, 6]), Ok(vec![5, 2, 3, 6]));
        assert_eq!(matmul_dims(&[4], &[4, 6]), Ok(vec![6]));
        assert_eq!(matmul_dims(&[3, 4], &[4]), Ok(vec![3]));
        assert_eq!(matmul_dims(&[3, 4], &[5, 6]), Err(Unknown::Inconsistent));
    }

    #[test]
    fn squeeze_unsqueeze_and_gather() {
        let sq = dims(
            Op::Squeeze {
                axes: Some(vec![-1]),
            },
            &[act(&[1, 3, 1])],
        );
        assert_eq!(sq, Ok(vec![1, 3]));
        assert_eq!(
            dims(Op::Squeeze { axes: None }, &[act(&[1, 3, 1])]),
            Ok(vec![3])
        );
        let bad = dims(
            Op::Squeeze {
                axes: Some(vec![1]),
            },
            &[act(&[1, 3])],
        );
        assert_eq!(bad, Err(Unknown::Inconsistent));
        let un = dims(
            Op::Unsqueeze { axes: None },
            &[act(&[3, 4]), ints(&[0, -1])],
        );
        assert_eq!(un, Ok(vec![1, 3, 4, 1]));
        let n = node(Op::Gather { axis: 0 }, 2);
        let (data, idx) = (ints(&[1, 116, 28, 28]), ints(&[-3]));
        let refs = [Some(&data), Some(&idx)];
        let out = outputs(
            &Inputs {
                node: &n,
                ins: &refs,
            },
            17,
        )
        .unwrap();
        assert_eq!(out[0].data, Some(Data::Int(vec![116])));
        let far = ints(&[4]);
        let refs = [Some(&data), Some(&far)];
        assert_eq!(
            outputs(
                &Inputs {
                    node: &n,
                    ins: &refs
                },
                17
            ),
            Err(Unknown::Inconsistent)
        );
    }

    #[test]
    fn pad_resize_and_pools() {
        let p = dims(
            Op::Pad { pads: None },
            &[act(&[1, 3, 8, 8]), ints(&[0, 0, 1, 2, 0, 0, 1, 2])],
        );
        assert_eq!(p, Ok(vec![1, 3, 10, 12]));
        let empty = Known::activation(vec![0]);
        let scales = Known {
            dims: vec![4],
            data: Some(Data::Float(vec![1.0, 1.0, 2.0, 2.5])),
            constant: true,
        };
        let r = dims(Op::Resize, &[act(&[1, 3, 7, 7]), empty.clone(), scales]);
        assert_eq!(r, Ok(vec![1, 3, 14, 17]));
        let sizes = ints(&[1, 3, 5, 6]);
        let r = dims(
            Op::Resize,
            &[act(&[1, 3, 7, 7]), empty.clone(), empty, sizes],
        );
        assert_eq!(r, Ok(vec![1, 3, 5, 6]));
        assert_eq!(
            dims(Op::GlobalAveragePool, &[act(&[2, 8, 7, 7])]),
            Ok(vec![2, 8, 1, 1])
        );
        assert_eq!(
            dims(Op::Flatten { axis: 1 }, &[act(&[2, 8, 1, 1])]),
            Ok(vec![2, 8])
        );
    }
}
