//! The depthwise kernel: one input channel per group, any depth multiplier.
//!
//! Per input channel the plane is first copied, padded, into a scratch buffer,
//! split by stride phase ("polyphase"): padded row `py` goes to row phase
//! `py % sh`, row `py / sh`, and likewise for columns. Every tap `(ky, kx)` then
//! reads one contiguous run of that buffer at a fixed offset, whatever the
//! padding mode, stride or dilation, so the whole output plane is one flat loop
//! (`acc[i] += w · src[base + i]`, with `i = oy · row_len + ox`) with no border
//! logic. The few columns past the output width are computed and dropped when
//! the plane is copied out; that keeps the loop long even for 14x14 planes,
//! which short per-row loops left to scalar code.
//!
//! Padded taps are summed as `0 · w` exactly as the reference does, and every
//! output sums its taps in `(ky, kx)` order from zero, then adds the bias, so
//! the result is bit-identical to `conv2d_reference`.

use super::{interior, source};
use crate::spec::{Conv2dLayer, Geometry};
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
    let ihw = i.h * i.w;
    let Some(plan) = Plan::new(layer, geo) else {
        let mut out = Tensor::zeros(o);
        direct(layer, geo, input, weight, bias, &mut out);
        return out;
    };
    let mult = layer.out_per_group();
    let taps = layer.kernel[0] * layer.kernel[1];
    // Zero once: the zero-padded positions are never written afterwards.
    let mut padded = vec![0.0f32; plan.padded_len];
    let mut acc = vec![0.0f32; plan.acc_len];
    // The output is appended plane by plane, row by row, in NCHW order, so it
    // is written once (no zero fill first).
    let mut data = Vec::with_capacity(o.len() + PIECE);
    for in_item in input.data.chunks_exact(i.c * ihw) {
        for (c, plane) in in_item.chunks_exact(ihw).enumerate() {
            plan.fill(&mut padded, plane);
            for oc in c * mult..(c + 1) * mult {
                let w = &weight.data[oc * taps..(oc + 1) * taps];
                plan.convolve(&padded, w, &mut acc);
                let b = bias.map(|b| b[oc]);
                for oy in 0..o.h {
                    append_row(&mut data, &acc[oy * plan.row_len..], o.w, b);
                }
            }
        }
    }
    debug_assert_eq!(data.len(), o.len());
    Tensor { shape: o, data }
}

/// The per-layer constants: scratch layout and tap offsets.
struct Plan {
    kh: usize,
    kw: usize,
    sw: usize,
    /// Columns per scratch row (one column phase).
    row_len: usize,
    padded_len: usize,
    /// `(oh - 1) · row_len + ow` rounded up to a multiple of `BLOCK`: the flat
    /// output range, row stride `row_len`.
    acc_len: usize,
    /// Per tap, in `(ky, kx)` order: offset of its run in the scratch.
    bases: Vec<usize>,
    /// How to fill the scratch from one input plane, worked out once:
    /// `(scratch offset, input offset, n)` copies `n` input values `sw` apart
    /// (the interior of a scratch row) ...
    runs: Vec<(usize, usize, usize)>,
    /// ... and `(scratch index, input index)` single values (borders in
    /// padding modes other than zeros). Zero padding is never written.
    singles: Vec<(usize, usize)>,
}

impl Plan {
    /// None when the scratch would be far larger than input and output
    /// together: padding much larger than the input (allowed for zeros) with
    /// a large stride. Such layers are rare and tiny in output, so they take
    /// the direct loop instead of allocating it.
    fn new(layer: &Conv2dLayer, geo: &Geometry) -> Option<Plan> {
        let (i, o) = (geo.input, geo.output);
        let [kh, kw] = layer.kernel;
        let [sh, sw] = layer.stride;
        let [dh, dw] = layer.dilation;
        let mode = layer.padding_mode;
        // Padded rows and columns actually read (geometry keeps these >= 1).
        let need_h = (o.h - 1) * sh + (kh - 1) * dh + 1;
        let need_w = (o.w - 1) * sw + (kw - 1) * dw + 1;
        let rows = need_h.div_ceil(sh);
        let row_len = need_w.div_ceil(sw);
        let scratch = (rows * sh) as u64 * (row_len * sw) as u64;
        if scratch > 4 * (i.h * i.w + o.h * o.w) as u64 + (1 << 16) {
            return None;
        }
        let sub = rows * row_len;
        let sub_index = |ry: usize, rx: usize| ry * sw + rx;
        let mut used = vec![false; sh * sw];
        let mut bases = Vec::with_capacity(kh * kw);
        for ky in 0..kh {
            for kx in 0..kw {
                let (ry, a) = ((ky * dh) % sh, (ky * dh) / sh);
                let (rx, b) = ((kx * dw) % sw, (kx * dw) / sw);
                used[sub_index(ry, rx)] = true;
                bases.push(sub_index(ry, rx) * sub + a * row_len + b);
            }
        }
        let top = layer.pads.top as isize;
        let left = layer.pads.left as isize;
        let mut runs = Vec::new();
        let mut singles = Vec::new();
        for rx in 0..sw {
            // Scratch columns lo..hi of this column phase read input columns
            // first, first + sw, ...; the others are border.
            let off = rx as isize - left;
            let (lo, hi) = interior(off, sw, i.w, row_len);
            // lo*sw + off >= 0 by construction of `interior` (when lo < hi).
            let first = ((lo * sw) as isize + off).max(0) as usize;
            let border: Vec<(usize, usize)> = (0..lo)
                .chain(hi..row_len)
                .filter_map(|j| source(mode, (j * sw) as isize + off, i.w).map(|s| (j, s)))
                .collect();
            for ry in (0..sh).filter(|&ry| used[sub_index(ry, rx)]) {
                for r in 0..rows {
                    let Some(sy) = source(mode, (r * sh + ry) as isize - top, i.h) else {
                        continue;
                    };
                    let dst = sub_index(ry, rx) * sub + r * row_len;
                    if lo < hi {
                        runs.push((dst + lo, sy * i.w + first, hi - lo));
                    }
                    singles.extend(border.iter().map(|&(j, sx)| (dst + j, sy * i.w + sx)));
                }
            }
        }
        Some(Plan {
            kh,
            kw,
            sw,
            row_len,
            // Slack so the last block's runs stay inside the scratch.
            padded_len: sh * sw * sub + BLOCK + PIECE,
            // The last row has room for `append_row`'s overhang.
            acc_len: ((o.h - 1) * row_len + o.w.next_multiple_of(PIECE)).next_multiple_of(BLOCK),
            bases,
            runs,
            singles,
        })
    }

    /// Copies one input plane into the scratch. Only positions that read the
    /// input are written; the rest were zeroed once and stay zero.
    fn fill(&self, padded: &mut [f32], plane: &[f32]) {
        for &(d, s, n) in &self.runs {
            let (dst, src) = (&mut padded[d..d + n], &plane[s..]);
            match self.sw {
                1 => copy_row(dst, src),
                2 => strided_copy::<2>(dst, src),
                _ => strided_copy_any(dst, src, self.sw),
            }
        }
        for &(d, s) in &self.singles {
            padded[d] = plane[s];
        }
    }

    /// `acc[i] = Σ_(ky,kx) w[ky][kx] · padded[base(ky,kx) + i]` over the flat
    /// output range, taps in `(ky, kx)` order.
    fn convolve(&self, padded: &[f32], w: &[f32], acc: &mut [f32]) {
        match (self.kh, self.kw) {
            (3, 3) => fused::<9>(padded, &self.bases, w, acc),
            (5, 5) => fused::<25>(padded, &self.bases, w, acc),
            (7, 7) => fused::<49>(padded, &self.bases, w, acc),
            _ => by_taps(padded, &self.bases, w, acc),
        }
    }
}

/// `dst.copy_from_slice(&src[..dst.len()])`. A short row goes as two
/// constant-size pieces that may overlap, instead of a `memcpy` call (a loop
/// of pieces would be turned back into one).
#[inline]
fn copy_row(dst: &mut [f32], src: &[f32]) {
    let n = dst.len();
    let src = &src[..n];
    match n {
        8..=15 => {
            dst[..8].copy_from_slice(&src[..8]);
            dst[n - 8..].copy_from_slice(&src[n - 8..]);
        }
        16..=SHORT => {
            dst[..16].copy_from_slice(&src[..16]);
            dst[n - 16..].copy_from_slice(&src[n - 16..]);
        }
        _ => dst.copy_from_slice(src),
    }
}

/// Rows up to this long are copied in constant-size pieces (see [`copy_row`]
/// and [`append_row`]); longer ones by `memcpy`, which is faster for them.
const SHORT: usize = 32;

/// Pieces in which [`append_row`] copies.
const PIECE: usize = 16;

/// Appends `src[..width]` (plus the bias, added last as the reference does) to
/// `out`. A short row goes in whole pieces of `PIECE`, then the overhang is
/// dropped: constant-size copies are plain vector moves, where a `memcpy` call
/// per row cost more than the copy for 14-wide rows. `src` holds at least
/// `width` rounded up to `PIECE` values, and `out` has room for the overhang.
#[inline]
fn append_row(out: &mut Vec<f32>, src: &[f32], width: usize, bias: Option<f32>) {
    if width > SHORT {
        let src = &src[..width];
        match bias {
            Some(b) => out.extend(src.iter().map(|&v| v + b)),
            None => out.extend_from_slice(src),
        }
        return;
    }
    let len = out.len() + width;
    for piece in src[..width.next_multiple_of(PIECE)].chunks_exact(PIECE) {
        let mut p: [f32; PIECE] = std::array::from_fn(|k| piece[k]);
        if let Some(b) = bias {
            p.iter_mut().for_each(|v| *v += b);
        }
        out.extend_from_slice(&p);
    }
    out.truncate(len);
}

/// `dst[j] = src[j * S]`. A constant stride lets LLVM vectorise the gather
/// (`step_by` did not, and made stride-2 layers spend most of their time here).
fn strided_copy<const S: usize>(dst: &mut [f32], src: &[f32]) {
    let Some((last, body)) = dst.split_last_mut() else {
        return;
    };
    for (d, c) in body.iter_mut().zip(src.chunks_exact(S)) {
        *d = c[0];
    }
    *last = src[body.len() * S];
}

/// [`strided_copy`] for any stride.
fn strided_copy_any(dst: &mut [f32], src: &[f32], stride: usize) {
    for (j, d) in dst.iter_mut().enumerate() {
        *d = src[j * stride];
    }
}

/// Outputs per block of [`fused`]: the flat output range is rounded up to a
/// multiple of this (the extra outputs are dropped), so there is no tail.
const BLOCK: usize = 128;

/// All `T` taps in one pass, `BLOCK` outputs at a time in a local array that
/// stays in vector registers: one store per output. `T` and `BLOCK` are
/// constants so LLVM unrolls the taps and vectorises the block.
#[inline]
fn fused<const T: usize>(padded: &[f32], bases: &[usize], w: &[f32], acc: &mut [f32]) {
    let (Ok(w), Ok(bases)) = (<&[f32; T]>::try_from(w), <&[usize; T]>::try_from(bases)) else {
        return by_taps(padded, bases, w, acc);
    };
    for (k, out) in acc.chunks_exact_mut(BLOCK).enumerate() {
        let i0 = k * BLOCK;
        let mut v = [0.0f32; BLOCK];
        for (&base, &wv) in bases.iter().zip(w) {
            // In bounds: `Plan::new` sizes the scratch for every tap's run.
            let s = &padded[base + i0..base + i0 + BLOCK];
            for (a, &x) in v.iter_mut().zip(s) {
                *a += wv * x;
            }
        }
        out.copy_from_slice(&v);
    }
}

/// Any kernel size: one pass over the output per tap, in `(ky, kx)` order.
fn by_taps(padded: &[f32], bases: &[usize], w: &[f32], acc: &mut [f32]) {
    acc.fill(0.0);
    let n = acc.len();
    for (&base, &wv) in bases.iter().zip(w) {
        for (a, &x) in acc.iter_mut().zip(&padded[base..base + n]) {
            *a += wv * x;
        }
    }
}

/// The reference loop restricted to one channel per group: for layers whose
/// padding would make the scratch too large.
fn direct(
    layer: &Conv2dLayer,
    geo: &Geometry,
    input: &Tensor,
    weight: &Tensor,
    bias: Option<&[f32]>,
    out: &mut Tensor,
) {
    let (i, o) = (geo.input, geo.output);
    let mult = layer.out_per_group();
    let [kh, kw] = layer.kernel;
    let mode = layer.padding_mode;
    for n in 0..o.n {
        for oc in 0..o.c {
            let c = oc / mult;
            for oy in 0..o.h {
                for ox in 0..o.w {
                    let mut acc = 0.0f32;
                    for ky in 0..kh {
                        for kx in 0..kw {
                            let (y, x) = super::reference::tap(layer, oy, ox, ky, kx);
                            let v = match (source(mode, y, i.h), source(mode, x, i.w)) {
                                (Some(sy), Some(sx)) => input.at(n, c, sy, sx),
                                _ => 0.0,
                            };
                            acc += v * weight.at(oc, 0, ky, kx);
                        }
                    }
                    if let Some(b) = bias {
                        acc += b[oc];
                    }
                    out.data[o.offset(n, oc, oy, ox)] = acc;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::ops::{conv2d_reference, depthwise};
    use crate::spec::{Conv2dSpec, Padding, PaddingMode};
    use crate::tensor::Nchw;

    /// Bit-identical to the reference on random data for the layouts the
    /// scratch has to get right: stride phases (2, 3, unequal), dilation,
    /// every padding mode, narrow and wide planes, depth multipliers, bias,
    /// kernels with and without a fused pass, and the direct loop taken when
    /// the padding dwarfs the input.
    #[test]
    fn matches_reference_bit_for_bit() {
        let lim = Limits::default();
        let modes = [
            PaddingMode::Zeros,
            PaddingMode::Reflect,
            PaddingMode::Replicate,
            PaddingMode::Circular,
        ];
        let mut cases = Vec::new();
        for (i, mode) in modes.into_iter().enumerate() {
            for (k, s, d, p, mult, hw) in [
                (3, [1, 1], [1, 1], [1, 1], 1, [14, 14]),
                (3, [2, 2], [1, 1], [1, 1], 2, [17, 40]),
                (3, [2, 3], [2, 1], [2, 1], 1, [19, 23]),
                (5, [1, 1], [1, 2], [2, 3], 3, [9, 37]),
                (7, [3, 2], [1, 1], [3, 3], 1, [21, 20]),
                (4, [1, 2], [1, 1], [1, 2], 2, [11, 13]),
            ] {
                let c = 3;
                let spec = Conv2dSpec {
                    stride: s.into(),
                    dilation: d.into(),
                    padding: Padding::Explicit(p),
                    padding_mode: mode,
                    groups: c,
                    bias: i % 2 == 0,
                    ..Conv2dSpec::new(c, c * mult, k)
                };
                cases.push((spec, Nchw::new(2, c, hw[0], hw[1])));
            }
        }
        // Zero padding far larger than the input: the direct loop.
        cases.push((
            Conv2dSpec {
                stride: 40.into(),
                padding: Padding::Explicit([200, 200]),
                groups: 2,
                ..Conv2dSpec::new(2, 4, 3)
            },
            Nchw::new(1, 2, 3, 4),
        ));
        for (spec, input) in cases {
            let l = spec.validate().unwrap();
            let g = crate::rng::generate(&l, input, 5, &lim).unwrap();
            let b = g.bias.as_deref();
            let want = conv2d_reference(&l, &g.input, &g.weight, b, &lim).unwrap();
            let got = depthwise(&l, &g.input, &g.weight, b, &lim).unwrap();
            assert_eq!(got, want, "{spec:?} on {input:?}");
        }
    }
}
