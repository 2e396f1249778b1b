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
    // No AVX2 multiversioning here (unlike the GEMM): measured slower than the
    // baseline build for these short rows.
    run_generic(layer, geo, input, weight, bias)
}

/// The per-layer constants of the row loop.
struct Plan {
    kh: usize,
    kw: usize,
    sh: usize,
    sw: usize,
    dh: usize,
    top: isize,
    mode: PaddingMode,
    /// Per kx: column offset and interior output columns (same for every row).
    cols: Vec<(isize, usize, usize)>,
    /// Columns where every kx tap is interior: the fused passes run there.
    all_lo: usize,
    all_hi: usize,
    /// Stride 1 and dilation 1 with a non-empty common interior.
    fusable: bool,
}

#[inline(always)]
fn run_generic(
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
    let cols: Vec<(isize, usize, usize)> = (0..kw)
        .map(|kx| {
            let off = (kx * dw) as isize - layer.pads.left as isize;
            let (lo, hi) = interior(off, sw, i.w, o.w);
            (off, lo, hi)
        })
        .collect();
    let all_lo = cols.iter().map(|c| c.1).max().unwrap_or(0);
    let all_hi = cols.iter().map(|c| c.2).min().unwrap_or(0).max(all_lo);
    let plan = Plan {
        kh,
        kw,
        sh,
        sw,
        dh,
        top: layer.pads.top as isize,
        mode: layer.padding_mode,
        fusable: sw == 1 && dw == 1 && dh == 1 && all_lo < all_hi,
        cols,
        all_lo,
        all_hi,
    };
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
                if !fused_row(&plan, acc, plane, i.w, i.h, oy, w) {
                    row_by_taps(&plan, acc, plane, i.w, i.h, oy, w);
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

/// Output row `oy` when all its taps read real input rows and the kernel is
/// 3x3, 5x5 or 7x7 with stride and dilation 1: one fused pass over the common
/// interior columns, then the few remaining columns element by element.
/// Returns false (having done nothing) when the row does not qualify.
#[inline(always)]
fn fused_row(
    p: &Plan,
    acc: &mut [f32],
    plane: &[f32],
    width: usize,
    height: usize,
    oy: usize,
    w: &[f32],
) -> bool {
    let y0 = (oy * p.sh) as isize - p.top;
    if !p.fusable || y0 < 0 || y0 + p.kh as isize > height as isize {
        return false;
    }
    let y0 = y0 as usize;
    let off0 = p.cols[0].0;
    let done = match (p.kh, p.kw) {
        (3, 3) => fused_plane_rows::<3, 3>(acc, plane, width, y0, w, off0, p.all_lo, p.all_hi),
        (5, 5) => fused_plane_rows::<5, 5>(acc, plane, width, y0, w, off0, p.all_lo, p.all_hi),
        (7, 7) => fused_plane_rows::<7, 7>(acc, plane, width, y0, w, off0, p.all_lo, p.all_hi),
        _ => false,
    };
    if !done {
        return false;
    }
    // The columns left are as few as the horizontal padding: whole elements at
    // a time, taps in (ky, kx) order.
    let rows = &plane[y0 * width..(y0 + p.kh) * width];
    for ox in (0..p.all_lo).chain(p.all_hi..acc.len()) {
        let mut v = acc[ox];
        for (row, wr) in rows.chunks_exact(width).zip(w.chunks_exact(p.kw)) {
            for (&wv, &(off, _, _)) in wr.iter().zip(&p.cols) {
                if let Some(sx) = source(p.mode, ox as isize + off, width) {
                    v += wv * row[sx];
                }
            }
        }
        acc[ox] = v;
    }
    true
}

/// Output row `oy` in general: tap by tap, each over its interior columns
/// (contiguous for stride 1) and then its border columns. Each ky row gets one
/// pass per kx tap, fused over kx where the kernel is 3, 5 or 7 wide.
#[inline(always)]
fn row_by_taps(
    p: &Plan,
    acc: &mut [f32],
    plane: &[f32],
    width: usize,
    height: usize,
    oy: usize,
    w: &[f32],
) {
    for ky in 0..p.kh {
        let y = (oy * p.sh + ky * p.dh) as isize - p.top;
        let Some(sy) = source(p.mode, y, height) else {
            continue;
        };
        let row = &plane[sy * width..(sy + 1) * width];
        let wrow = &w[ky * p.kw..(ky + 1) * p.kw];
        // Every element still receives its taps in kx order, so the sum is
        // bit-identical to the reference.
        let (a, b) = if p.fusable {
            match p.kw {
                3 => fused_taps::<3>(acc, row, wrow, p.cols[0].0, p.all_lo, p.all_hi),
                5 => fused_taps::<5>(acc, row, wrow, p.cols[0].0, p.all_lo, p.all_hi),
                7 => fused_taps::<7>(acc, row, wrow, p.cols[0].0, p.all_lo, p.all_hi),
                _ => (0, 0),
            }
        } else {
            (0, 0)
        };
        for (&wv, &(off, lo, hi)) in wrow.iter().zip(&p.cols) {
            if a < b {
                let zeros = PaddingMode::Zeros;
                accumulate_tap(acc, row, wv, off, lo, a.max(lo), p.sw, zeros);
                accumulate_tap(acc, row, wv, off, b.min(hi).max(lo), hi, p.sw, zeros);
                if p.mode != zeros {
                    accumulate_border(acc, row, wv, off, lo, hi, p.sw, p.mode);
                }
            } else {
                accumulate_tap(acc, row, wv, off, lo, hi, p.sw, p.mode);
            }
        }
    }
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
fn fused_taps<const K: usize>(
    acc: &mut [f32],
    row: &[f32],
    wrow: &[f32],
    off0: isize,
    lo: usize,
    hi: usize,
) -> (usize, usize) {
    let Ok(w) = <&[f32; K]>::try_from(wrow) else {
        return (0, 0);
    };
    if lo >= hi {
        return (0, 0);
    }
    let n = hi - lo;
    // (lo + off0) >= 0 because lo is interior for kx = 0.
    let start = (lo as isize + off0).max(0) as usize;
    let (Some(src), Some(acc)) = (row.get(start..start + n + K - 1), acc.get_mut(lo..hi)) else {
        return (0, 0);
    };
    for (x, a) in acc.iter_mut().enumerate() {
        let mut v = *a;
        for (k, &wk) in w.iter().enumerate() {
            v += wk * src[x + k];
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
