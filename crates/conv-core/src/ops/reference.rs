//! The naive reference convolution: the definition the fast paths are tested against.

use super::{madd, source, ConvProblem};
use crate::spec::Conv2dLayer;
use crate::tensor::Tensor;

/// Padded-frame coordinates `(y, x)` of tap `(ky, kx)` for output `(oy, ox)`,
/// relative to the unpadded input (negative or `>= h`/`>= w` in the padding).
/// Coordinates fit `isize` on every target because they are bounded by the
/// padded input size, which geometry keeps under `3·MAX_DIM`.
#[inline]
pub(crate) fn tap(
    layer: &Conv2dLayer,
    oy: usize,
    ox: usize,
    ky: usize,
    kx: usize,
) -> (isize, isize) {
    let y = (oy * layer.stride[0] + ky * layer.dilation[0]) as isize - layer.pads.top as isize;
    let x = (ox * layer.stride[1] + kx * layer.dilation[1]) as isize - layer.pads.left as isize;
    (y, x)
}

/// One multiply-add of output element `(n, co, oy, ox)`: which input channel
/// (`ci`, and `ci_g` within its group) and tap it reads, where that tap falls
/// (`y`, `x`, relative to the unpadded input) and, unless it is a zero, the
/// input element the padding mode reads there.
pub(crate) struct Term {
    pub(crate) ci: usize,
    pub(crate) ci_g: usize,
    pub(crate) ky: usize,
    pub(crate) kx: usize,
    pub(crate) y: isize,
    pub(crate) x: isize,
    pub(crate) source: Option<(usize, usize)>,
}

/// The terms of output channel `co` at `(oy, ox)`, in summation order
/// `(ci, ky, kx)`: the one tap loop of the reference and of the trace.
pub(crate) fn terms<'p>(
    problem: &'p ConvProblem,
    co: usize,
    oy: usize,
    ox: usize,
) -> impl Iterator<Item = Term> + 'p {
    let layer = problem.layer;
    let i = problem.geometry.input;
    let ipg = layer.in_per_group();
    let g = co / layer.out_per_group();
    let [kh, kw] = layer.kernel;
    let mode = layer.padding_mode;
    (0..ipg).flat_map(move |ci_g| {
        (0..kh).flat_map(move |ky| {
            (0..kw).map(move |kx| {
                let (y, x) = tap(layer, oy, ox, ky, kx);
                let source = match (source(mode, y, i.h), source(mode, x, i.w)) {
                    (Some(sy), Some(sx)) => Some((sy, sx)),
                    _ => None,
                };
                Term {
                    ci: g * ipg + ci_g,
                    ci_g,
                    ky,
                    kx,
                    y,
                    x,
                    source,
                }
            })
        })
    })
}

/// See [`ConvProblem::reference`].
pub(crate) fn run(problem: &ConvProblem) -> Tensor {
    let o = problem.geometry.output;
    let layer = problem.layer;
    let mut out = Tensor::zeros(o);
    for n in 0..o.n {
        for co in 0..layer.out_channels {
            for oy in 0..o.h {
                for ox in 0..o.w {
                    let mut acc = 0.0f32;
                    for t in terms(problem, co, oy, ox) {
                        let v = t
                            .source
                            .map_or(0.0, |(sy, sx)| problem.input.at(n, t.ci, sy, sx));
                        acc = madd(acc, v, problem.weight.at(co, t.ci_g, t.ky, t.kx));
                    }
                    if let Some(b) = problem.bias {
                        acc += b[co];
                    }
                    out.data[o.offset(n, co, oy, ox)] = acc;
                }
            }
        }
    }
    out
}
