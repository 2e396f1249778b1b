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

/// See [`ConvProblem::reference`].
pub(crate) fn run(problem: &ConvProblem) -> Tensor {
    let (layer, geo) = (problem.layer, &problem.geometry);
    let (i, o) = (geo.input, geo.output);
    let ci_per_g = layer.in_per_group();
    let co_per_g = layer.out_per_group();
    let [kh, kw] = layer.kernel;
    let mode = layer.padding_mode;
    let mut out = Tensor::zeros(o);
    for n in 0..o.n {
        for g in 0..layer.groups {
            for co_g in 0..co_per_g {
                let co = g * co_per_g + co_g;
                for oy in 0..o.h {
                    for ox in 0..o.w {
                        let mut acc = 0.0f32;
                        for ci_g in 0..ci_per_g {
                            let ci = g * ci_per_g + ci_g;
                            for ky in 0..kh {
                                for kx in 0..kw {
                                    let (y, x) = tap(layer, oy, ox, ky, kx);
                                    let v = match (source(mode, y, i.h), source(mode, x, i.w)) {
                                        (Some(sy), Some(sx)) => problem.input.at(n, ci, sy, sx),
                                        _ => 0.0,
                                    };
                                    acc = madd(acc, v, problem.weight.at(co, ci_g, ky, kx));
                                }
                            }
                        }
                        if let Some(b) = problem.bias {
                            acc += b[co];
                        }
                        out.data[o.offset(n, co, oy, ox)] = acc;
                    }
                }
            }
        }
    }
    out
}
