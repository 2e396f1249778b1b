//! The GEMM-based paths: pointwise (the input planes are already the B matrix)
//! and general (B is built tile by tile by im2col, padding resolved on the fly).

use super::gemm::{block_cols, gemm_packed, pack_a, pack_b, NR};
use super::{interior, source, ConvProblem};
use crate::spec::{Conv2dLayer, Geometry, PaddingMode};
use crate::tensor::Tensor;

/// Adds each output channel's bias to its planes (bias last, as the reference).
fn add_bias(out: &mut Tensor, bias: Option<&[f32]>) {
    let Some(bias) = bias else { return };
    let hw = out.shape.h * out.shape.w;
    for (p, plane) in out.data.chunks_exact_mut(hw).enumerate() {
        let b = bias[p % out.shape.c];
        for v in plane {
            *v += b;
        }
    }
}

/// Defines `pub(crate) fn $name(problem: &ConvProblem) -> Tensor`, which runs
/// `$body`: on x86-64 CPUs with AVX2 a copy of it compiled for AVX2 (the same
/// safe code, 8-wide), elsewhere the baseline build. `madd` never fuses (see
/// the ops module doc), so both copies round alike.
macro_rules! avx2_dispatch {
    ($(#[$doc:meta])* $name:ident => $body:ident) => {
        $(#[$doc])*
        pub(crate) fn $name(problem: &ConvProblem) -> Tensor {
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                #[target_feature(enable = "avx2")]
                fn avx2(problem: &ConvProblem) -> Tensor {
                    $body(problem)
                }
                // SAFETY: the CPU was just checked to have AVX2, all `avx2` needs.
                return unsafe { avx2(problem) };
            }
            $body(problem)
        }
    };
}

avx2_dispatch!(
    /// Pointwise: per batch item and group, `C[co_g, p] = Σ_ci W[co_g, ci] · X[ci, p]`,
    /// a GEMM with M = C_out/g, K = C_in/g, N = H·W straight on the input planes.
    /// `layer.is_pointwise()`.
    pointwise => pointwise_generic
);

#[inline(always)]
fn pointwise_generic(problem: &ConvProblem) -> Tensor {
    let (layer, geo) = (problem.layer, &problem.geometry);
    let (i, o) = (geo.input, geo.output);
    let (m, k) = (layer.out_per_group(), layer.in_per_group());
    let hw = i.h * i.w;
    let mut out = Tensor::zeros(o);
    let nc_max = block_cols(k, hw);
    let mut pb = Vec::new();
    for g in 0..layer.groups {
        let pa = pack_a(&problem.weight.data[g * m * k..(g + 1) * m * k], m, k, k);
        for n in 0..o.n {
            let b = &problem.input.data[(n * i.c + g * k) * hw..(n * i.c + (g + 1) * k) * hw];
            let c = &mut out.data[(n * o.c + g * m) * hw..(n * o.c + (g + 1) * m) * hw];
            let mut c0 = 0;
            while c0 < hw {
                let nc = nc_max.min(hw - c0);
                pack_b(b, k, hw, c0, nc, &mut pb);
                gemm_packed(m, k, &pa, &pb, nc, c, hw, c0);
                c0 += nc;
            }
        }
    }
    add_bias(&mut out, problem.bias);
    out
}

avx2_dispatch!(
    /// General: per batch item and group, im2col a tile of output pixels into a
    /// `K x nc` matrix (K = C_in/g · kH · kW, rows ordered `(ci, ky, kx)` like the
    /// weight), pack it and multiply by the group's filters. Tiling bounds the
    /// im2col buffer to about 128 KiB however large the image.
    run => run_generic
);

/// At least this many output pixels per im2col tile (a whole number of
/// panels): each of the tile's K rows costs a fixed few steps besides its
/// copy, which at the 8 columns `block_cols` gives a deep layer (K = 2304)
/// outweighed the copy.
const TILE_COLS: usize = 64;

#[inline(always)]
fn run_generic(problem: &ConvProblem) -> Tensor {
    let (layer, geo) = (problem.layer, &problem.geometry);
    let (i, o) = (geo.input, geo.output);
    let (m, cig) = (layer.out_per_group(), layer.in_per_group());
    let [kh, kw] = layer.kernel;
    let k = cig * kh * kw;
    let (ihw, ohw) = (i.h * i.w, o.h * o.w);
    let mut out = Tensor::zeros(o);
    let nc_max = block_cols(k, ohw).max(TILE_COLS.min(ohw.div_ceil(NR) * NR));
    let mut tile = Vec::new();
    let mut pb = Vec::new();
    // Per kx: column offset and interior output columns, shared by every row.
    let cols: Vec<(isize, usize, usize)> = (0..kw)
        .map(|kx| {
            let off = (kx * layer.dilation[1]) as isize - layer.pads.left as isize;
            let (lo, hi) = interior(off, layer.stride[1], i.w, o.w);
            (off, lo, hi)
        })
        .collect();
    for g in 0..layer.groups {
        let pa = pack_a(&problem.weight.data[g * m * k..(g + 1) * m * k], m, k, k);
        for n in 0..o.n {
            let x = &problem.input.data[(n * i.c + g * cig) * ihw..(n * i.c + (g + 1) * cig) * ihw];
            let c = &mut out.data[(n * o.c + g * m) * ohw..(n * o.c + (g + 1) * m) * ohw];
            let mut c0 = 0;
            while c0 < ohw {
                let nc = nc_max.min(ohw - c0);
                tile.clear();
                tile.resize(k * nc, 0.0);
                for (row_idx, row) in tile.chunks_exact_mut(nc).enumerate() {
                    let ci = row_idx / (kh * kw);
                    let ky = (row_idx / kw) % kh;
                    let kx = row_idx % kw;
                    let plane = &x[ci * ihw..(ci + 1) * ihw];
                    im2col_row(layer, geo, plane, ky, cols[kx], c0, row);
                }
                pack_b(&tile, k, nc, 0, nc, &mut pb);
                gemm_packed(m, k, &pa, &pb, nc, c, ohw, c0);
                c0 += nc;
            }
        }
    }
    add_bias(&mut out, problem.bias);
    out
}

/// Fills `row[t]` with the value tap `(ky, kx)` reads for output pixel `c0 + t`
/// from one input plane. `row` starts zeroed; zero padding leaves it so.
#[inline(always)]
fn im2col_row(
    layer: &Conv2dLayer,
    geo: &Geometry,
    plane: &[f32],
    ky: usize,
    (off, lo, hi): (isize, usize, usize),
    c0: usize,
    row: &mut [f32],
) {
    let (i, o) = (geo.input, geo.output);
    let sw = layer.stride[1];
    let mode = layer.padding_mode;
    let mut j = c0;
    let end = c0 + row.len();
    while j < end {
        let (oy, ox0) = (j / o.w, j % o.w);
        let ox1 = o.w.min(ox0 + (end - j));
        let seg = &mut row[j - c0..j - c0 + (ox1 - ox0)];
        j += ox1 - ox0;
        let y = (oy * layer.stride[0] + ky * layer.dilation[0]) as isize - layer.pads.top as isize;
        let Some(sy) = source(mode, y, i.h) else {
            continue;
        };
        let srow = &plane[sy * i.w..(sy + 1) * i.w];
        // Interior columns need no padding map; for stride 1 they are one copy.
        let (a, b) = (
            lo.clamp(ox0, ox1),
            hi.clamp(ox0, ox1).max(lo.clamp(ox0, ox1)),
        );
        if a < b {
            let s = ((a * sw) as isize + off) as usize;
            let dst = &mut seg[a - ox0..b - ox0];
            if sw == 1 {
                dst.copy_from_slice(&srow[s..s + (b - a)]);
            } else {
                for (d, v) in dst.iter_mut().zip(srow[s..].iter().step_by(sw)) {
                    *d = *v;
                }
            }
        }
        if mode != PaddingMode::Zeros {
            for ox in (ox0..a).chain(b..ox1) {
                if let Some(sx) = source(mode, (ox * sw) as isize + off, i.w) {
                    seg[ox - ox0] = srow[sx];
                }
            }
        }
    }
}
