//! Split and Slice: the ops that cut a tensor along axes (ShuffleNetV2's channel
//! split is one or the other, depending on the exporter).

use super::fold;
use crate::error::Unknown;
use crate::known::{axis, Inputs, Outs};
use crate::value::Data;

/// The part sizes along the split axis of length `dim`, into `outputs` parts.
fn split_sizes(
    x: &Inputs,
    split: &Option<Vec<i64>>,
    num_outputs: Option<i64>,
    dim: usize,
    outputs: usize,
) -> Result<Vec<usize>, Unknown> {
    let given = match split {
        Some(s) => Some(s.clone()),
        None => x.ints(1)?,
    };
    let sizes: Vec<usize> = match (given, num_outputs) {
        (Some(s), _) => s
            .iter()
            .map(|&v| usize::try_from(v).map_err(|_| Unknown::Inconsistent))
            .collect::<Result<_, _>>()?,
        // Opset 18: chunks of ceil(dim / n), the last one smaller.
        (None, Some(n)) => {
            let n = usize::try_from(n)
                .ok()
                .filter(|&n| n > 0)
                .ok_or(Unknown::Inconsistent)?;
            let chunk = dim.div_ceil(n);
            let last = dim
                .checked_sub(chunk * (n - 1))
                .ok_or(Unknown::Inconsistent)?;
            let mut v = vec![chunk; n - 1];
            v.push(last);
            v
        }
        (None, None) => {
            if outputs == 0 || dim % outputs != 0 {
                return Err(Unknown::Inconsistent);
            }
            vec![dim / outputs; outputs]
        }
    };
    if sizes.len() != outputs
        || sizes.iter().try_fold(0usize, |a, &s| a.checked_add(s)) != Some(dim)
    {
        return Err(Unknown::Inconsistent);
    }
    Ok(sizes)
}

pub fn split(x: &Inputs, a: i64, split: &Option<Vec<i64>>, num_outputs: Option<i64>) -> Outs {
    let k = x.req(0)?;
    let a = axis(a, k.dims.len(), false)?;
    let sizes = split_sizes(x, split, num_outputs, k.dims[a], x.node.outputs.len())?;
    let mut at = 0i64;
    let mut outs = Vec::with_capacity(sizes.len());
    for size in sizes {
        let mut dims = k.dims.clone();
        dims[a] = size;
        let data = k.data.as_ref().and_then(|d| {
            let mut start = vec![0i64; dims.len()];
            start[a] = at;
            fold::slice(d, &k.dims, &dims, &start, &vec![1; dims.len()])
        });
        outs.push(x.known(dims, data));
        at += size as i64;
    }
    Ok(outs)
}

/// One axis of a Slice: ONNX's clamping of start and end for the step's sign;
/// returns (first index, length).
fn slice_axis(dim: usize, start: i64, end: i64, step: i64) -> (i64, usize) {
    let d = dim as i64;
    let norm = |v: i64| if v < 0 { v.saturating_add(d) } else { v };
    let (s, e) = (norm(start), norm(end));
    let (s, e) = if step > 0 {
        (s.clamp(0, d), e.clamp(0, d))
    } else {
        (s.clamp(0, (d - 1).max(0)), e.clamp(-1, d - 1))
    };
    let span = i128::from(if step > 0 { e - s } else { s - e });
    let step_abs = i128::from(step.unsigned_abs());
    let len = if span <= 0 || dim == 0 {
        0
    } else {
        (span + step_abs - 1) / step_abs
    };
    (s, len as usize)
}

pub fn slice(
    x: &Inputs,
    starts: &Option<Vec<i64>>,
    ends: &Option<Vec<i64>>,
    axes: &Option<Vec<i64>>,
) -> Outs {
    let k = x.req(0)?;
    let r = k.dims.len();
    let (starts, ends, axes, steps) = match starts {
        Some(s) => (
            s.clone(),
            ends.clone().unwrap_or_default(),
            axes.clone(),
            None,
        ),
        None => (
            x.ints(1)?.ok_or(Unknown::Inconsistent)?,
            x.ints(2)?.ok_or(Unknown::Inconsistent)?,
            x.ints(3)?,
            x.ints(4)?,
        ),
    };
    let axes: Vec<usize> = match axes {
        Some(a) => a
            .iter()
            .map(|&v| axis(v, r, false))
            .collect::<Result<_, _>>()?,
        None => (0..starts.len()).collect(),
    };
    let steps = steps.unwrap_or_else(|| vec![1; starts.len()]);
    let n = starts.len();
    if ends.len() != n || axes.len() != n || steps.len() != n || steps.contains(&0) {
        return Err(Unknown::Inconsistent);
    }
    let mut dims = k.dims.clone();
    let mut first = vec![0i64; r];
    let mut step_of = vec![1i64; r];
    for i in 0..n {
        let a = axes[i];
        if axes[..i].contains(&a) || a >= r {
            return Err(Unknown::Inconsistent);
        }
        let (s, len) = slice_axis(k.dims[a], starts[i], ends[i], steps[i]);
        dims[a] = len;
        first[a] = s;
        step_of[a] = steps[i];
    }
    let data: Option<Data> = k
        .data
        .as_ref()
        .and_then(|d| fold::slice(d, &k.dims, &dims, &first, &step_of));
    Ok(vec![x.known(dims, data)])
}

#[cfg(test)]
mod tests {
    use super::slice_axis;

    #[test]
    fn slice_bounds_as_onnx_clamps_them() {
        assert_eq!(slice_axis(116, 0, 58, 1), (0, 58));
        assert_eq!(slice_axis(116, 58, i64::MAX, 1), (58, 58));
        assert_eq!(slice_axis(4, -1, i64::MIN, -1), (3, 4));
        assert_eq!(slice_axis(4, 10, 0, 1), (4, 0));
        assert_eq!(slice_axis(5, 0, 5, 2), (0, 3));
        assert_eq!(slice_axis(0, 0, 1, 1), (0, 0));
        assert_eq!(slice_axis(3, 0, 3, i64::MIN), (0, 0));
    }
}
