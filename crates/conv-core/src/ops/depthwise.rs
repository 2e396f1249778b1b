//! The depthwise kernel: one input channel per group, any depth multiplier.
//!
//! onnxruntime runs depthwise as im2col + a GEMM with M = 1, which spends most
//! of its time building the im2col matrix. Here each output row is accumulated
//! tap by tap straight from the input rows: for each tap the columns split into
//! an interior range that reads a contiguous (stride 1) input slice with no
//! checks, which LLVM vectorises, and a border handled by the padding map.

use super::{interior, source};
use crate::spec::{Conv2dLayer, Geometry, PaddingMode};
use crate::tensor::Tensor;

/// Arguments already checked by `check_args`; `layer.is_depthwise()`.
pub(crate) fn run(
    layer: &Conv2dLayer,
    geo: &Geometry,
    input: &Tensor,
    weight: &Tensor,
    bias: Option<&[f32]>,
) -> Tensor {
    let (i, o) = (geo.input, geo.output);
    let mult = layer.out_per_group();
    let [kh, kw] = layer.kernel;
    let [sh, sw] = layer.stride;
    let [dh, dw] = layer.dilation;
    let mode = layer.padding_mode;
    let (top, left) = (layer.pads.top as isize, layer.pads.left as isize);
    // Per kx: the column offset and the interior output columns (same for every row).
    let cols: Vec<(isize, usize, usize)> = (0..kw)
        .map(|kx| {
            let off = (kx * dw) as isize - left;
            let (lo, hi) = interior(off, sw, i.w, o.w);
            (off, lo, hi)
        })
        .collect();
    let (ihw, ohw) = (i.h * i.w, o.h * o.w);
    let mut out = Tensor::zeros(o);
    for (in_item, out_item) in input
        .data
        .chunks_exact(i.c * ihw)
        .zip(out.data.chunks_exact_mut(o.c * ohw))
    {
        for (oc, out_plane) in out_item.chunks_exact_mut(ohw).enumerate() {
            let c = oc / mult;
            let plane = &in_item[c * ihw..(c + 1) * ihw];
            let w = &weight.data[oc * kh * kw..(oc + 1) * kh * kw];
            for (oy, acc) in out_plane.chunks_exact_mut(o.w).enumerate() {
                for ky in 0..kh {
                    let y = (oy * sh + ky * dh) as isize - top;
                    let Some(sy) = source(mode, y, i.h) else {
                        continue;
                    };
                    let row = &plane[sy * i.w..(sy + 1) * i.w];
                    let wrow = &w[ky * kw..(ky + 1) * kw];
                    for (&wv, &(off, lo, hi)) in wrow.iter().zip(&cols) {
                        accumulate_tap(acc, row, wv, off, lo, hi, sw, mode);
                    }
                }
                if let Some(b) = bias {
                    let b = b[oc];
                    for a in acc.iter_mut() {
                        *a += b;
                    }
                }
            }
        }
    }
    out
}

/// `acc[ox] += wv * row[ox*sw + off]` for every output column, padding resolved.
#[allow(clippy::too_many_arguments)]
#[inline]
fn accumulate_tap(
    acc: &mut [f32],
    row: &[f32],
    wv: f32,
    off: isize,
    lo: usize,
    hi: usize,
    sw: usize,
    mode: PaddingMode,
) {
    if lo < hi {
        // Interior: every tap is inside the row; (lo*sw + off) >= 0 by construction.
        let start = (lo * sw) as isize + off;
        let start = start.max(0) as usize;
        if sw == 1 {
            if let Some(src) = row.get(start..start + (hi - lo)) {
                for (a, &v) in acc[lo..hi].iter_mut().zip(src) {
                    *a += wv * v;
                }
            }
        } else if let Some(src) = row.get(start..) {
            for (a, &v) in acc[lo..hi].iter_mut().zip(src.iter().step_by(sw)) {
                *a += wv * v;
            }
        }
    }
    if mode != PaddingMode::Zeros {
        let border = (0..lo).chain(hi..acc.len());
        for ox in border {
            let x = (ox * sw) as isize + off;
            if let Some(sx) = source(mode, x, row.len()) {
                acc[ox] += wv * row[sx];
            }
        }
    }
}
