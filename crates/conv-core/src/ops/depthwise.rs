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
    // Columns where every kx tap is interior: the fused passes run there.
    let all_lo = cols.iter().map(|c| c.1).max().unwrap_or(0);
    let all_hi = cols.iter().map(|c| c.2).min().unwrap_or(0).max(all_lo);
    let fusable = sw == 1 && dw == 1 && all_lo < all_hi;
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
                // Rows whose taps all read real input rows (no vertical padding):
                // one pass over the whole kernel for the interior columns.
                let y0 = (oy * sh) as isize - top;
                let y_last = y0 + ((kh - 1) * dh) as isize;
                if fusable && dh == 1 && y0 >= 0 && y_last < i.h as isize {
                    let y0 = y0 as usize;
                    let done = match (kh, kw) {
                        (3, 3) => fused_plane_rows::<3, 3>(
                            acc, plane, i.w, y0, w, cols[0].0, all_lo, all_hi,
                        ),
                        (5, 5) => fused_plane_rows::<5, 5>(
                            acc, plane, i.w, y0, w, cols[0].0, all_lo, all_hi,
                        ),
                        (7, 7) => fused_plane_rows::<7, 7>(
                            acc, plane, i.w, y0, w, cols[0].0, all_lo, all_hi,
                        ),
                        _ => false,
                    };
                    if done {
                        for ky in 0..kh {
                            let row = &plane[(y0 + ky) * i.w..(y0 + ky + 1) * i.w];
                            for (&wv, &(off, lo, hi)) in w[ky * kw..(ky + 1) * kw].iter().zip(&cols)
                            {
                                accumulate_tap(
                                    acc,
                                    row,
                                    wv,
                                    off,
                                    lo,
                                    all_lo.max(lo),
                                    sw,
                                    PaddingMode::Zeros,
                                );
                                accumulate_tap(
                                    acc,
                                    row,
                                    wv,
                                    off,
                                    all_hi.min(hi).max(lo),
                                    hi,
                                    sw,
                                    PaddingMode::Zeros,
                                );
                                if mode != PaddingMode::Zeros {
                                    accumulate_border(acc, row, wv, off, lo, hi, sw, mode);
                                }
                            }
                        }
                        if let Some(b) = bias {
                            let b = b[oc];
                            for a in acc.iter_mut() {
                                *a += b;
                            }
                        }
                        continue;
                    }
                }
                for ky in 0..kh {
                    let y = (oy * sh + ky * dh) as isize - top;
                    let Some(sy) = source(mode, y, i.h) else {
                        continue;
                    };
                    let row = &plane[sy * i.w..(sy + 1) * i.w];
                    let wrow = &w[ky * kw..(ky + 1) * kw];
                    // The common interior, where every kx tap is inside the row,
                    // gets one fused pass (one load/store of acc instead of kw);
                    // each tap then covers only its own columns outside it. Every
                    // element still receives its taps in kx order, so the sum is
                    // bit-identical to the reference.
                    let fused = match (sw, dw, kw) {
                        (1, 1, 3) => fused_row::<3>(acc, row, wrow, &cols),
                        (1, 1, 5) => fused_row::<5>(acc, row, wrow, &cols),
                        (1, 1, 7) => fused_row::<7>(acc, row, wrow, &cols),
                        _ => (0, 0),
                    };
                    for (&wv, &(off, lo, hi)) in wrow.iter().zip(&cols) {
                        let (a, b) = fused;
                        if a < b {
                            accumulate_tap(
                                acc,
                                row,
                                wv,
                                off,
                                lo,
                                a.max(lo),
                                sw,
                                PaddingMode::Zeros,
                            );
                            accumulate_tap(
                                acc,
                                row,
                                wv,
                                off,
                                b.min(hi).max(lo),
                                hi,
                                sw,
                                PaddingMode::Zeros,
                            );
                            if mode != PaddingMode::Zeros {
                                accumulate_border(acc, row, wv, off, lo, hi, sw, mode);
                            }
                        } else {
                            accumulate_tap(acc, row, wv, off, lo, hi, sw, mode);
                        }
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

/// Stride 1, dilation 1, a `KH x KW` kernel on rows `y0..y0+KH` that all exist:
/// `acc[ox] = Σ_ky Σ_kx w[ky][kx] · x[y0+ky][ox+off0+kx]` over `lo..hi`, one
/// load and store of `acc` for all taps, taps summed in `(ky, kx)` order as the
/// reference does. Constant sizes let LLVM unroll the taps and vectorise over
/// `ox`. Returns false (doing nothing) if a slice is not where it should be.
#[allow(clippy::too_many_arguments)]
#[inline]
fn fused_plane_rows<const KH: usize, const KW: usize>(
    acc: &mut [f32],
    plane: &[f32],
    width: usize,
    y0: usize,
    w: &[f32],
    off0: isize,
    lo: usize,
    hi: usize,
) -> bool {
    let n = hi - lo;
    let start = (lo as isize + off0).max(0) as usize;
    let mut rows: [&[f32]; KH] = [&[]; KH];
    for (ky, r) in rows.iter_mut().enumerate() {
        let base = (y0 + ky) * width + start;
        match plane.get(base..base + n + KW - 1) {
            Some(s) => *r = s,
            None => return false,
        }
    }
    if w.len() != KH * KW {
        return false;
    }
    let w: [[f32; KW]; KH] = std::array::from_fn(|ky| std::array::from_fn(|kx| w[ky * KW + kx]));
    let Some(acc) = acc.get_mut(lo..hi) else {
        return false;
    };
    for (x, a) in acc.iter_mut().enumerate() {
        let mut v = *a;
        for (wr, r) in w.iter().zip(&rows) {
            for (kx, &wv) in wr.iter().enumerate() {
                v += wv * r[x + kx];
            }
        }
        *a = v;
    }
    true
}

/// Stride 1, dilation 1, `K` taps: over the columns where all taps are interior,
/// `acc[ox] += w0*row[ox+off0] + ... ` summed left to right. Returns the range
/// done (empty if none). `K` is a constant so LLVM unrolls the taps and
/// vectorises over `ox`.
#[inline]
fn fused_row<const K: usize>(
    acc: &mut [f32],
    row: &[f32],
    wrow: &[f32],
    cols: &[(isize, usize, usize)],
) -> (usize, usize) {
    let (Ok(w), Some(&(off0, _, _))) = (<&[f32; K]>::try_from(wrow), cols.first()) else {
        return (0, 0);
    };
    let lo = cols.iter().map(|c| c.1).max().unwrap_or(0);
    let hi = cols.iter().map(|c| c.2).min().unwrap_or(0);
    if lo >= hi {
        return (0, 0);
    }
    let n = hi - lo;
    // (lo + off0) >= 0 because lo is interior for kx = 0.
    let start = (lo as isize + off0).max(0) as usize;
    let Some(src) = row.get(start..start + n + K - 1) else {
        return (0, 0);
    };
    for (x, a) in acc[lo..hi].iter_mut().enumerate() {
        let mut v = *a;
        for k in 0..K {
            v += w[k] * src[x + k];
        }
        *a = v;
    }
    (lo, hi)
}

/// Only the border part of [`accumulate_tap`]: columns outside `lo..hi`.
#[allow(clippy::too_many_arguments)]
#[inline]
fn accumulate_border(
    acc: &mut [f32],
    row: &[f32],
    wv: f32,
    off: isize,
    lo: usize,
    hi: usize,
    sw: usize,
    mode: PaddingMode,
) {
    for ox in (0..lo).chain(hi..acc.len()) {
        let x = (ox * sw) as isize + off;
        if let Some(sx) = source(mode, x, row.len()) {
            acc[ox] += wv * row[sx];
        }
    }
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
        accumulate_border(acc, row, wv, off, lo, hi, sw, mode);
    }
}
