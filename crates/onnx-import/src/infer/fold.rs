//! Constant folding of small tensors: broadcasting arithmetic and the data
//! movement (gather, slice, concat, transpose, expand) of shape subgraphs.
//! Integer arithmetic is checked: an overflow or a division by zero leaves the
//! values unknown (`None`), never panics.

use crate::ops::{Broadcast, Unary};
use crate::value::{numel, Data, MAX_FOLD};

/// numpy's multidirectional broadcast of `shapes`, or `None` if they do not broadcast.
pub fn broadcast_dims(shapes: &[&[usize]]) -> Option<Vec<usize>> {
    let rank = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; rank];
    for s in shapes {
        for (i, &d) in s.iter().enumerate() {
            let o = &mut out[rank - s.len() + i];
            match (*o, d) {
                (a, b) if a == b => {}
                (1, b) => *o = b,
                (_, 1) => {}
                _ => return None,
            }
        }
    }
    Some(out)
}

/// Row-major strides of `dims` (saturating: a tensor with a zero dimension may
/// have huge others).
fn strides(dims: &[usize]) -> Vec<usize> {
    let mut s = vec![1usize; dims.len()];
    for i in (0..dims.len().saturating_sub(1)).rev() {
        s[i] = s[i + 1].saturating_mul(dims[i + 1]);
    }
    s
}

/// Product of `dims`, saturating.
fn prod(dims: &[usize]) -> usize {
    dims.iter().fold(1usize, |a, &d| a.saturating_mul(d))
}

/// For each element of a tensor of shape `out`, the index of the element of
/// `inp` that broadcasts to it. `out` must be small (≤ [`MAX_FOLD`]).
fn broadcast_map(inp: &[usize], out: &[usize]) -> Vec<usize> {
    let n = numel(out).unwrap_or(0);
    let in_strides = strides(inp);
    let offset = out.len() - inp.len();
    (0..n)
        .map(|flat| {
            let mut rest = flat;
            let mut src = 0;
            for (axis, &d) in out.iter().enumerate().rev() {
                let i = rest % d.max(1);
                rest /= d.max(1);
                if axis >= offset && inp[axis - offset] != 1 {
                    src += i * in_strides[axis - offset];
                }
            }
            src
        })
        .collect()
}

/// `data` (of shape `inp`) broadcast to `out`.
pub fn expand(data: &Data, inp: &[usize], out: &[usize]) -> Option<Data> {
    if numel(out)? > MAX_FOLD || data.len() != numel(inp)? {
        return None;
    }
    data.pick(broadcast_map(inp, out).into_iter())
}

fn int_op(b: Broadcast, x: i64, y: i64) -> Option<i64> {
    use Broadcast::*;
    Some(match b {
        Add | Sum => x.checked_add(y)?,
        Sub => x.checked_sub(y)?,
        Mul => x.checked_mul(y)?,
        Div => x.checked_div(y)?,
        Mod => {
            // fmod = 0: the result takes the divisor's sign, as in Python.
            let r = x.checked_rem(y)?;
            if r != 0 && (r < 0) != (y < 0) {
                r + y
            } else {
                r
            }
        }
        Pow => x.checked_pow(u32::try_from(y).ok()?)?,
        Max => x.max(y),
        Min => x.min(y),
        Equal => i64::from(x == y),
        Less => i64::from(x < y),
        Greater => i64::from(x > y),
        LessOrEqual => i64::from(x <= y),
        GreaterOrEqual => i64::from(x >= y),
        And => i64::from(x != 0 && y != 0),
        Or => i64::from(x != 0 || y != 0),
        Xor => i64::from((x != 0) != (y != 0)),
        Mean | PRelu => return None,
    })
}

fn float_op(b: Broadcast, x: f64, y: f64) -> Option<f64> {
    use Broadcast::*;
    let flag = |c: bool| if c { 1.0 } else { 0.0 };
    Some(match b {
        Add | Sum => x + y,
        Sub => x - y,
        Mul => x * y,
        Div => x / y,
        Mod => x % y,
        Pow => x.powf(y),
        Max => x.max(y),
        Min => x.min(y),
        Mean => (x + y) / 2.0,
        PRelu => {
            if x < 0.0 {
                x * y
            } else {
                x
            }
        }
        Equal => flag(x == y),
        Less => flag(x < y),
        Greater => flag(x > y),
        LessOrEqual => flag(x <= y),
        GreaterOrEqual => flag(x >= y),
        And | Or | Xor => return None,
    })
}

/// `b` over two inputs with their shapes, broadcast.
pub fn binary(b: Broadcast, x: (&Data, &[usize]), y: (&Data, &[usize])) -> Option<Data> {
    let out = broadcast_dims(&[x.1, y.1])?;
    let xs = expand(x.0, x.1, &out)?;
    let ys = expand(y.0, y.1, &out)?;
    let compare = matches!(
        b,
        Broadcast::Equal
            | Broadcast::Less
            | Broadcast::Greater
            | Broadcast::LessOrEqual
            | Broadcast::GreaterOrEqual
    );
    match (&xs, &ys) {
        (Data::Int(a), Data::Int(c)) if b != Broadcast::Mean => {
            let v: Option<Vec<i64>> = a.iter().zip(c).map(|(&p, &q)| int_op(b, p, q)).collect();
            v.map(Data::Int)
        }
        _ => {
            let (a, c) = (xs.floats(), ys.floats());
            let v: Option<Vec<f64>> = a.iter().zip(&c).map(|(&p, &q)| float_op(b, p, q)).collect();
            let v = v?;
            if compare {
                Some(Data::Int(v.iter().map(|&f| f as i64).collect()))
            } else {
                Some(Data::Float(v))
            }
        }
    }
}

/// `Where(cond, x, y)` over broadcast inputs.
pub fn select(c: (&Data, &[usize]), x: (&Data, &[usize]), y: (&Data, &[usize])) -> Option<Data> {
    let out = broadcast_dims(&[c.1, x.1, y.1])?;
    let cs = expand(c.0, c.1, &out)?.ints()?.to_vec();
    match (expand(x.0, x.1, &out)?, expand(y.0, y.1, &out)?) {
        (Data::Int(a), Data::Int(b)) => Some(Data::Int(
            cs.iter()
                .zip(a.iter().zip(&b))
                .map(|(&k, (&p, &q))| if k != 0 { p } else { q })
                .collect(),
        )),
        (a, b) => {
            let (a, b) = (a.floats(), b.floats());
            Some(Data::Float(
                cs.iter()
                    .zip(a.iter().zip(&b))
                    .map(|(&k, (&p, &q))| if k != 0 { p } else { q })
                    .collect(),
            ))
        }
    }
}

/// The few unary ops a shape subgraph uses; `None` for the others.
pub fn unary(u: Unary, d: &Data) -> Option<Data> {
    match (u, d) {
        (Unary::Neg, Data::Int(v)) => v
            .iter()
            .map(|x| x.checked_neg())
            .collect::<Option<_>>()
            .map(Data::Int),
        (Unary::Abs, Data::Int(v)) => v
            .iter()
            .map(|x| x.checked_abs())
            .collect::<Option<_>>()
            .map(Data::Int),
        (Unary::Relu, Data::Int(v)) => Some(Data::Int(v.iter().map(|&x| x.max(0)).collect())),
        (Unary::Sign, Data::Int(v)) => Some(Data::Int(v.iter().map(|x| x.signum()).collect())),
        (Unary::Not, Data::Int(v)) => {
            Some(Data::Int(v.iter().map(|&x| i64::from(x == 0)).collect()))
        }
        (Unary::Floor | Unary::Ceil | Unary::Round, Data::Int(v)) => Some(Data::Int(v.clone())),
        (Unary::Neg, Data::Float(v)) => Some(Data::Float(v.iter().map(|x| -x).collect())),
        (Unary::Abs, Data::Float(v)) => Some(Data::Float(v.iter().map(|x| x.abs()).collect())),
        (Unary::Floor, Data::Float(v)) => Some(Data::Float(v.iter().map(|x| x.floor()).collect())),
        (Unary::Ceil, Data::Float(v)) => Some(Data::Float(v.iter().map(|x| x.ceil()).collect())),
        (Unary::Round, Data::Float(v)) => {
            Some(Data::Float(v.iter().map(|x| x.round_ties_even()).collect()))
        }
        (Unary::Sqrt, d) => Some(Data::Float(d.floats().iter().map(|x| x.sqrt()).collect())),
        (Unary::Relu, Data::Float(v)) => Some(Data::Float(v.iter().map(|x| x.max(0.0)).collect())),
        _ => None,
    }
}

/// For each output element, its source: output multi-index → input flat index
/// through `src(axis, i)`, the input's index along `axis` for output index `i`.
fn remap(inp: &[usize], out: &[usize], src: impl Fn(usize, usize) -> usize) -> Option<Vec<usize>> {
    let n = numel(out)?;
    if n > MAX_FOLD {
        return None;
    }
    let in_strides = strides(inp);
    Some(
        (0..n)
            .map(|flat| {
                let mut rest = flat;
                let mut at = 0;
                for axis in (0..out.len()).rev() {
                    let i = rest % out[axis];
                    rest /= out[axis];
                    // Saturating: a source out of range must fail `pick`, not overflow.
                    at = src(axis, i)
                        .saturating_mul(in_strides[axis])
                        .saturating_add(at);
                }
                at
            })
            .collect(),
    )
}

/// Elements `start + i·step` along each axis (`start`, `step` per axis).
pub fn slice(
    data: &Data,
    inp: &[usize],
    out: &[usize],
    start: &[i64],
    step: &[i64],
) -> Option<Data> {
    let map = remap(inp, out, |axis, i| {
        usize::try_from(start[axis] + i as i64 * step[axis]).unwrap_or(usize::MAX)
    })?;
    data.pick(map.into_iter())
}

/// `data` with its axes permuted (`out[k] = inp[perm[k]]`).
pub fn transpose(data: &Data, inp: &[usize], perm: &[usize]) -> Option<Data> {
    let out: Vec<usize> = perm.iter().map(|&p| inp[p]).collect();
    let n = numel(&out)?;
    if n > MAX_FOLD {
        return None;
    }
    let in_strides = strides(inp);
    let map = (0..n).map(|flat| {
        let mut rest = flat;
        let mut at = 0;
        for k in (0..out.len()).rev() {
            at += (rest % out[k]) * in_strides[perm[k]];
            rest /= out[k];
        }
        at
    });
    data.pick(map)
}

/// Gather along `axis` with normalised `indices` (of shape `ind_dims`).
pub fn gather(
    data: &Data,
    inp: &[usize],
    axis: usize,
    indices: &[usize],
    ind_dims: &[usize],
) -> Option<Data> {
    let (outer, inner) = (prod(&inp[..axis]), prod(&inp[axis + 1..]));
    let n = outer.checked_mul(indices.len())?.checked_mul(inner)?;
    if n > MAX_FOLD || prod(ind_dims) != indices.len() {
        return None;
    }
    let mut map = Vec::with_capacity(n);
    for o in 0..outer {
        for &ix in indices {
            for i in 0..inner {
                map.push((o * inp[axis] + ix) * inner + i);
            }
        }
    }
    data.pick(map.into_iter())
}

/// Parts joined along `axis`; each part is (data, dims).
pub fn concat(parts: &[(&Data, &[usize])], axis: usize) -> Option<Data> {
    let first = parts.first()?.1;
    let outer = prod(&first[..axis]);
    let ints = parts.iter().all(|(d, _)| d.ints().is_some());
    let mut iv = Vec::new();
    let mut fv = Vec::new();
    for o in 0..outer {
        for (d, dims) in parts {
            let block = prod(&dims[axis..]);
            let range = o.saturating_mul(block)..(o + 1).saturating_mul(block);
            if ints {
                iv.extend_from_slice(d.ints()?.get(range)?);
            } else {
                fv.extend_from_slice(d.floats().get(range)?);
            }
        }
    }
    Some(if ints { Data::Int(iv) } else { Data::Float(fv) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcasting() {
        assert_eq!(broadcast_dims(&[&[1, 3, 1], &[4]]), Some(vec![1, 3, 4]));
        assert_eq!(broadcast_dims(&[&[1, 3, 1], &[4, 1]]), None);
        assert_eq!(broadcast_dims(&[&[2], &[3]]), None);
        assert_eq!(broadcast_dims(&[&[], &[5]]), Some(vec![5]));
        let x = Data::Int(vec![1, 2, 3]);
        let y = Data::Int(vec![10, 20]);
        assert_eq!(
            binary(Broadcast::Add, (&x, &[3, 1]), (&y, &[2])),
            Some(Data::Int(vec![11, 21, 12, 22, 13, 23]))
        );
    }

    #[test]
    fn checked_integer_arithmetic() {
        let s = |v| Data::Int(vec![v]);
        assert_eq!(binary(Broadcast::Div, (&s(7), &[]), (&s(0), &[])), None);
        assert_eq!(
            binary(Broadcast::Mul, (&s(i64::MAX), &[]), (&s(2), &[])),
            None
        );
        assert_eq!(
            binary(Broadcast::Div, (&s(-7), &[]), (&s(2), &[])),
            Some(s(-3))
        );
        assert_eq!(
            binary(Broadcast::Mod, (&s(-7), &[]), (&s(2), &[])),
            Some(s(1))
        );
        assert_eq!(unary(Unary::Neg, &s(i64::MIN)), None);
    }

    #[test]
    fn movement() {
        let d = Data::Int((0..6).collect());
        assert_eq!(
            transpose(&d, &[2, 3], &[1, 0]),
            Some(Data::Int(vec![0, 3, 1, 4, 2, 5]))
        );
        assert_eq!(
            gather(&d, &[6], 0, &[5, 0], &[2]),
            Some(Data::Int(vec![5, 0]))
        );
        assert_eq!(
            gather(&d, &[2, 3], 1, &[2], &[]),
            Some(Data::Int(vec![2, 5]))
        );
        assert_eq!(
            slice(&d, &[6], &[2], &[4], &[-2]),
            Some(Data::Int(vec![4, 2]))
        );
        let a = Data::Int(vec![1]);
        let b = Data::Int(vec![2, 3]);
        assert_eq!(
            concat(&[(&a, &[1]), (&b, &[2])], 0),
            Some(Data::Int(vec![1, 2, 3]))
        );
        assert_eq!(expand(&a, &[1], &[3]), Some(Data::Int(vec![1, 1, 1])));
    }
}
