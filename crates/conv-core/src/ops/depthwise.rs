//! The direct kernel: depthwise layers (one input channel per group, any depth
//! multiplier), and grouped layers with few input channels per group.
//!
//! Per group the input planes are first copied, padded, into a scratch buffer
//! (one padded plane after another),
//! split by stride phase ("polyphase"): padded row `py` goes to row phase
//! `py % sh`, row `py / sh`, and likewise for columns. Every tap `(ky, kx)` then
//! reads output row `oy` from one contiguous run of that buffer at a fixed
//! offset (`base(ky, kx) + oy · row_len`), whatever the padding mode, stride or
//! dilation, so the kernel has no border logic.
//!
//! The output plane is computed in tiles of 4 to 8 rows by 8 to 32 columns
//! whose sums stay in vector registers through all the taps, then are stored
//! once, straight into the output: the tile is the unit that keeps enough
//! independent sums in flight to hide the add latency without spilling.
//!
//! A grouped layer's filter reads `C_in/g` such planes: its taps are listed in
//! `(ci, ky, kx)` order, each with its plane's offset, and a tile runs through
//! all of them as through a depthwise filter's `(ky, kx)`.
//!
//! Padded taps are summed as `0 · w` exactly as the reference does, and every
//! output sums its taps in `(ci, ky, kx)` order from zero, then adds the bias,
//! so the result is bit-identical to `ConvProblem::reference`.

use super::{interior, madd, source, ConvProblem};
use crate::spec::{Conv2dLayer, Geometry};
use crate::tensor::{Nchw, Tensor};
use std::mem::MaybeUninit;

/// `layer.is_depthwise()`, or any grouping (best for few input channels per
/// group: see `kernel_path`).
pub(crate) fn run(problem: &ConvProblem) -> Tensor {
    run_tiled::<Target>(problem)
}

/// [`run`] with the tiles of `S`, so tests can check both targets' tilings.
pub(crate) fn run_tiled<S: Tiles>(problem: &ConvProblem) -> Tensor {
    let (layer, geo) = (problem.layer, &problem.geometry);
    let (i, o) = (geo.input, geo.output);
    let Some(plan) = Plan::new(layer, geo) else {
        return super::reference::run(problem);
    };
    let (cig, mult) = (layer.in_per_group(), layer.out_per_group());
    let taps = cig * layer.kernel[0] * layer.kernel[1];
    let out_plane = o.h * o.w;
    // Two scratch buffers in turn: the next input plane is copied into one
    // while the current plane is convolved from the other, so the kernel never
    // loads from stores still in flight (unaligned loads straddling recent
    // stores cannot be forwarded and stall). Zeroed once: zero padding is never
    // written afterwards.
    let (mut buf_a, mut buf_b) = (Vec::new(), Vec::new());
    let mut current = cache_aligned(&mut buf_a, plan.group_len());
    let mut next = cache_aligned(&mut buf_b, plan.group_len());
    let mut planes = problem.input.data.chunks_exact(cig * i.h * i.w);
    if let Some(first) = planes.next() {
        plan.fill(current, first);
    }
    // The output is written once, in place, without being zeroed first (for
    // large layers a zero fill is a whole extra pass over memory), with
    // `OVERHANG` values of room past the end for narrow tiles' stores.
    let mut data = Vec::with_capacity(o.len() + OVERHANG);
    let spare = data.spare_capacity_mut();
    // The input planes of group `p` (item `p / g`, group `p % g`) make output
    // planes `p · mult ..`, contiguous in NCHW; they are written in order
    // (narrow tiles rely on it).
    let mut start = 0;
    for p in 0..o.n * layer.groups {
        if let Some(plane) = planes.next() {
            plan.fill(next, plane);
        }
        let c = p % layer.groups;
        for oc in c * mult..(c + 1) * mult {
            let w = &problem.weight.data[oc * taps..(oc + 1) * taps];
            let bias = problem.bias.map(|b| b[oc]);
            plan.convolve::<S>(current, w, bias, &mut spare[start..]);
            start += out_plane;
        }
        std::mem::swap(&mut current, &mut next);
    }
    debug_assert_eq!(start, o.len());
    // SAFETY: the loop above convolves all `N · g · mult` output planes, in
    // order, each at its NCHW offset, and `Plan::convolve` writes every element
    // of its plane (`by_rows`'s tiles cover all rows and columns; see there),
    // so all `o.len()` values are initialised.
    unsafe { data.set_len(o.len()) };
    Tensor { shape: o, data }
}

/// `len` zeros in `buf`, starting on a 64-byte boundary: with 16-float scratch
/// rows (14x14 planes), rows then do not straddle cache lines, and the tiles'
/// loads split less often (5-20% on such layers).
fn cache_aligned(buf: &mut Vec<f32>, len: usize) -> &mut [f32] {
    const LINE: usize = 64 / std::mem::size_of::<f32>();
    *buf = vec![0.0; len + LINE];
    // `align_offset` may decline (usize::MAX); then the rows are just unaligned.
    let start = buf.as_ptr().align_offset(64).min(LINE);
    &mut buf[start..start + len]
}

/// `(scratch offset, input offset, n)`: see [`Plan::runs`].
type Run = (usize, usize, usize);
/// `(even offset, odd offset, input offset, n)`: see [`Plan::pairs`].
type Pair = (usize, usize, usize, usize);

/// The per-layer constants: scratch layout and tap offsets.
struct Plan {
    sw: usize,
    /// Output plane size.
    oh: usize,
    ow: usize,
    /// Input planes per group.
    cig: usize,
    /// Input plane size.
    in_len: usize,
    /// Columns per scratch row (one column phase).
    row_len: usize,
    /// One padded plane in the scratch.
    padded_len: usize,
    /// Per tap, in `(ci, ky, kx)` order: offset of its run in the scratch.
    bases: Vec<usize>,
    /// The largest of `bases`.
    last_base: usize,
    /// How to fill a padded plane from one input plane, worked out once:
    /// `(scratch offset, input offset, n)` copies `n` input values `sw` apart
    /// (the interior of a scratch row) ...
    runs: Vec<Run>,
    /// ... `(even offset, odd offset, input offset, n)` copies `2n` input
    /// values, split: the even-indexed ones to one scratch row, the odd ones
    /// to another (stride 2: a padded row's two column phases, read once) ...
    pairs: Vec<Pair>,
    /// ... and `(scratch index, input index)` single values (borders in
    /// padding modes other than zeros). Zero padding is never written.
    singles: Vec<(usize, usize)>,
}

/// One column phase `rx` of the scratch: scratch columns `lo..hi` read input
/// columns `first`, `first + sw`, ...; `border` lists the other columns that
/// read an input column (padding modes other than zeros), as `(column, source)`.
struct ColumnPhase {
    lo: usize,
    hi: usize,
    first: usize,
    border: Vec<(usize, usize)>,
}

fn column_phases(layer: &Conv2dLayer, in_w: usize, row_len: usize) -> Vec<ColumnPhase> {
    let sw = layer.stride[1];
    let left = layer.pads.left as isize;
    (0..sw)
        .map(|rx| {
            let off = rx as isize - left;
            let (lo, hi) = interior(off, sw, in_w, row_len);
            // lo*sw + off >= 0 by construction of `interior` (when lo < hi).
            let first = ((lo * sw) as isize + off).max(0) as usize;
            let border = (0..lo)
                .chain(hi..row_len)
                .filter_map(|j| {
                    source(layer.padding_mode, (j * sw) as isize + off, in_w).map(|s| (j, s))
                })
                .collect();
            ColumnPhase {
                lo,
                hi,
                first,
                border,
            }
        })
        .collect()
}

/// Where a padded plane's sub-planes (one per row and column phase) sit in
/// the scratch, and which of them a tap reads.
struct ScratchLayout<'a> {
    /// Scratch rows per sub-plane.
    rows: usize,
    row_len: usize,
    /// One sub-plane's length.
    sub: usize,
    /// Per sub-plane `ry * sw + rx`: whether any tap reads it.
    used: &'a [bool],
}

/// The runs, pairs and single values that fill a padded plane (see [`Plan`]).
fn fill_steps(
    layer: &Conv2dLayer,
    i: Nchw,
    layout: &ScratchLayout,
    phases: &[ColumnPhase],
) -> (Vec<Run>, Vec<Pair>, Vec<(usize, usize)>) {
    let [sh, sw] = layer.stride;
    let top = layer.pads.top as isize;
    // Padded rows in order, each into every column phase that is read, so
    // the fill reads the plane front to back, each row once (for planes
    // that come from memory rather than cache, that read is most of the
    // time). At stride 2 a row's two column phases are one pass, a pair
    // (`pair_runs`); phase by phase, each row was read twice, and the
    // 64-channel 112² stride-2 layer took 0.365 ms in the page, not 0.28.
    let (mut runs, mut pairs, mut singles) = (Vec::new(), Vec::new(), Vec::new());
    for py in 0..layout.rows * sh {
        let (r, ry) = (py / sh, py % sh);
        let Some(sy) = source(layer.padding_mode, py as isize - top, i.h) else {
            continue;
        };
        let mut row_runs = Vec::with_capacity(sw);
        for (rx, ph) in phases.iter().enumerate() {
            let sub_index = ry * sw + rx;
            if !layout.used[sub_index] {
                continue;
            }
            let dst = sub_index * layout.sub + r * layout.row_len;
            if ph.lo < ph.hi {
                row_runs.push((dst + ph.lo, sy * i.w + ph.first, ph.hi - ph.lo));
            }
            singles.extend(ph.border.iter().map(|&(j, sx)| (dst + j, sy * i.w + sx)));
        }
        match pair_runs(&row_runs) {
            Some((pair, rest)) => {
                pairs.push(pair);
                runs.extend(rest);
            }
            None => runs.extend(row_runs),
        }
    }
    (runs, pairs, singles)
}

impl Plan {
    /// None when the scratch would be far larger than input and output
    /// together: padding much larger than the input (allowed for zeros) with
    /// a large stride. Such layers are rare and tiny in output, so they take
    /// the reference loop instead of allocating it.
    fn new(layer: &Conv2dLayer, geo: &Geometry) -> Option<Plan> {
        let (i, o) = (geo.input, geo.output);
        let [kh, kw] = layer.kernel;
        let [sh, sw] = layer.stride;
        let [dh, dw] = layer.dilation;
        // Padded rows and columns actually read (geometry keeps these >= 1).
        let need_h = (o.h - 1) * sh + (kh - 1) * dh + 1;
        let need_w = (o.w - 1) * sw + (kw - 1) * dw + 1;
        let rows = need_h.div_ceil(sh);
        // Whole cache lines per scratch row (the scratch starts on one, see
        // `cache_aligned`), so each row's first load is aligned: 5-20% on the
        // 56- and 112-wide layers for at most 15 columns of slack.
        let row_len = need_w.div_ceil(sw).next_multiple_of(16);
        let scratch = (rows * sh) as u64 * (row_len * sw) as u64;
        if scratch > 4 * (i.h * i.w + o.h * o.w) as u64 + (1 << 16) {
            return None;
        }
        let sub = rows * row_len;
        let sub_index = |ry: usize, rx: usize| ry * sw + rx;
        let mut used = vec![false; sh * sw];
        let mut plane_bases = Vec::with_capacity(kh * kw);
        for ky in 0..kh {
            for kx in 0..kw {
                let (ry, a) = ((ky * dh) % sh, (ky * dh) / sh);
                let (rx, b) = ((kx * dw) % sw, (kx * dw) / sw);
                used[sub_index(ry, rx)] = true;
                plane_bases.push(sub_index(ry, rx) * sub + a * row_len + b);
            }
        }
        // Slack for tiles' reads past the last output row and column: rows a
        // tile computes but does not store, and narrow tiles' columns past the
        // row's end.
        let padded_len = sh * sw * sub + MAX_TILE_ROWS * row_len + MAX_TILE_COLS;
        let cig = layer.in_per_group();
        let bases: Vec<usize> = (0..cig)
            .flat_map(|ci| plane_bases.iter().map(move |b| ci * padded_len + b))
            .collect();
        let phases = column_phases(layer, i.w, row_len);
        let layout = ScratchLayout {
            rows,
            row_len,
            sub,
            used: &used,
        };
        let (runs, pairs, singles) = fill_steps(layer, i, &layout, &phases);
        Some(Plan {
            sw,
            oh: o.h,
            ow: o.w,
            cig,
            in_len: i.h * i.w,
            row_len,
            padded_len,
            last_base: bases.iter().copied().max().unwrap_or(0),
            bases,
            runs,
            pairs,
            singles,
        })
    }

    /// The scratch of one group: `cig` padded planes.
    fn group_len(&self) -> usize {
        self.cig * self.padded_len
    }

    /// Copies one group's input planes into the scratch. Only positions that
    /// read the input are written; the rest were zeroed once and stay zero.
    fn fill(&self, scratch: &mut [f32], planes: &[f32]) {
        let padded = scratch.chunks_exact_mut(self.padded_len);
        for (padded, plane) in padded.zip(planes.chunks_exact(self.in_len)) {
            self.fill_plane(padded, plane);
        }
    }

    fn fill_plane(&self, padded: &mut [f32], plane: &[f32]) {
        for &(d, s, n) in &self.runs {
            let (dst, src) = (&mut padded[d..d + n], &plane[s..]);
            match self.sw {
                1 => copy_row(dst, src),
                2 => strided_copy::<2>(dst, src),
                _ => strided_copy_any(dst, src, self.sw),
            }
        }
        for &(even, odd, s, n) in &self.pairs {
            let (even, odd) = two_rows(padded, even, odd, n);
            deinterleave(even, odd, &plane[s..s + 2 * n]);
        }
        for &(d, s) in &self.singles {
            padded[d] = plane[s];
        }
    }

    /// One output plane, at the start of `out` (which runs on to the end of
    /// the output buffer, past the plane): `out[oy][ox] = Σ_t w[t] ·
    /// scratch[base(t) + oy · row_len + ox]` over the taps `t = (ci, ky, kx)`
    /// in order, then `+ bias`. Values past the plane may be overwritten (see
    /// [`by_rows`]).
    fn convolve<S: Tiles>(
        &self,
        padded: &[f32],
        w: &[f32],
        bias: Option<f32>,
        out: &mut [MaybeUninit<f32>],
    ) {
        let rows = Rows {
            row_len: self.row_len,
            width: self.ow,
            height: self.oh,
            last_base: self.last_base,
            bias,
        };
        // 3x3, 5x5, 7x7 depthwise, and 3x3 on 2 or 4 channels per group.
        match self.bases.len() {
            9 => by_rows_fixed::<S, 9>(padded, &self.bases, w, &rows, out),
            18 => by_rows_fixed::<S, 18>(padded, &self.bases, w, &rows, out),
            25 => by_rows_fixed::<S, 25>(padded, &self.bases, w, &rows, out),
            36 => by_rows_fixed::<S, 36>(padded, &self.bases, w, &rows, out),
            49 => by_rows_fixed::<S, 49>(padded, &self.bases, w, &rows, out),
            _ => by_rows::<S>(padded, &self.bases, w, &rows, out),
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

/// Rows up to this long are copied in constant-size pieces (see [`copy_row`]);
/// longer ones by `memcpy`, which is faster for them.
const SHORT: usize = 32;

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

/// A padded row's two stride-2 runs, `(scratch offset, input offset, n)`, as
/// one pass over the input row when they read alternate values of it: the
/// pair `(even offset, odd offset, input offset, n)` of [`Plan::pairs`], and
/// what is left of the longer run. None for any other runs.
fn pair_runs(runs: &[Run]) -> Option<(Pair, Option<Run>)> {
    let &[a, b] = runs else {
        return None;
    };
    let (even, odd) = if a.1 < b.1 { (a, b) } else { (b, a) };
    if odd.1 != even.1 + 1 {
        return None;
    }
    let n = even.2.min(odd.2);
    let longer = if even.2 > n { even } else { odd };
    let rest = (longer.2 > n).then(|| (longer.0 + n, longer.1 + 2 * n, longer.2 - n));
    Some(((even.0, odd.0, even.1, n), rest))
}

/// `scratch[a..a + n]` and `scratch[b..b + n]`, two rows that do not overlap.
fn two_rows(scratch: &mut [f32], a: usize, b: usize, n: usize) -> (&mut [f32], &mut [f32]) {
    if a < b {
        let (lo, hi) = scratch.split_at_mut(b);
        (&mut lo[a..a + n], &mut hi[..n])
    } else {
        let (lo, hi) = scratch.split_at_mut(a);
        (&mut hi[..n], &mut lo[b..b + n])
    }
}

/// `even[j] = src[2j]`, `odd[j] = src[2j + 1]`: one read of `src` for both
/// stride-2 column phases (two [`strided_copy`]s read it twice).
fn deinterleave(even: &mut [f32], odd: &mut [f32], src: &[f32]) {
    let pairs = src.chunks_exact(2);
    for ((e, o), c) in even.iter_mut().zip(odd.iter_mut()).zip(pairs) {
        *e = c[0];
        *o = c[1];
    }
}

/// [`strided_copy`] for any stride.
fn strided_copy_any(dst: &mut [f32], src: &[f32], stride: usize) {
    for (j, d) in dst.iter_mut().enumerate() {
        *d = src[j * stride];
    }
}

/// What [`by_rows`] needs to know of the plane.
struct Rows {
    /// Scratch row stride.
    row_len: usize,
    /// Output plane size.
    width: usize,
    height: usize,
    /// The largest tap offset in the scratch.
    last_base: usize,
    bias: Option<f32>,
}

/// [`by_rows`] with the tap count a constant, so LLVM knows the tap loop's
/// length.
fn by_rows_fixed<S: Tiles, const T: usize>(
    padded: &[f32],
    bases: &[usize],
    w: &[f32],
    rows: &Rows,
    out: &mut [MaybeUninit<f32>],
) {
    let (Ok(w), Ok(bases)) = (<&[f32; T]>::try_from(w), <&[usize; T]>::try_from(bases)) else {
        return by_rows::<S>(padded, bases, w, rows, out);
    };
    by_rows::<S>(padded, bases, w, rows, out)
}

/// The output plane in tiles held in registers and stored once, straight
/// into the output.
///
/// - Narrow planes (up to `Tiling::narrow_cols` wide): one tile of 8 or 16
///   columns per group of rows (`Tiling::tall_rows`). Each row's store runs past the row's end into the
///   next row (or the next plane, or the buffer's `OVERHANG`), which is
///   stored later and so overwrites it: rows are stored in increasing order,
///   and planes too (see `run`).
/// - Wider planes: tiles of 4 rows by 32 or 16 columns (natively), then 8
///   columns by `tall_rows` rows for what is left of the width. Where the width is not a multiple
///   of 8, the last tile of a row is moved back to end at the row's end: it
///   recomputes a few outputs with the same taps in the same order, so the
///   same bits.
///
/// In both, where the height is not a multiple of the tile's, the last group
/// of rows is likewise moved back, and a plane shorter than a tile computes
/// rows past its end from the scratch's slack without storing them.
#[inline(always)]
fn by_rows<S: Tiles>(
    padded: &[f32],
    bases: &[usize],
    w: &[f32],
    rows: &Rows,
    out: &mut [MaybeUninit<f32>],
) {
    let (width, height, tiling) = (rows.width, rows.height, S::TILING);
    // 7-row tiles where 7 divides the height and 8 does not (MobileNet's 7²,
    // 14², 28², 56² planes): no rows computed twice.
    let seven = tiling.tall_rows == 8 && height % 7 == 0 && height % 8 != 0;
    let tall = if seven { 7 } else { tiling.tall_rows };
    // A tall tile of `V` columns at `[y, x]`.
    let tall_tile = |v: usize, [y, x]: [usize; 2], out: &mut [MaybeUninit<f32>]| match (tall, v) {
        (8, 16) => tile8::<16>(padded, bases, w, rows, [y, x], out),
        (8, _) => tile8::<8>(padded, bases, w, rows, [y, x], out),
        (7, 16) => tile7::<16>(padded, bases, w, rows, [y, x], out),
        (7, _) => tile7::<8>(padded, bases, w, rows, [y, x], out),
        (_, 16) => tile4::<16>(padded, bases, w, rows, [y, x], out),
        _ => tile4::<8>(padded, bases, w, rows, [y, x], out),
    };
    if width <= tiling.narrow_cols {
        for y in row_groups(height, tall) {
            tall_tile(if width <= 8 { 8 } else { 16 }, [y, 0], out);
        }
        return;
    }
    let wide = if tiling.wide { width / 16 * 16 } else { 0 };
    if wide > 0 {
        for y in row_groups(height, 4) {
            let mut x = 0;
            while wide - x >= 32 {
                tile4::<32>(padded, bases, w, rows, [y, x], out);
                x += 32;
            }
            if x < wide {
                tile4::<16>(padded, bases, w, rows, [y, x], out);
            }
        }
    }
    if wide < width {
        for y in row_groups(height, tall) {
            let mut x = wide;
            while x < width {
                let x0 = x.min(width - 8);
                tall_tile(8, [y, x0], out);
                x = x0 + 8;
            }
        }
    }
}

/// Which tiles [`by_rows`] uses. Tiles are sized so their sums fill, but do
/// not overflow, the vector registers; the wasm engine's differ from the
/// native ones. Both are tested natively (the browser tests cover wasm too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tiling {
    /// 4-row tiles of 32 and 16 columns for wide planes.
    wide: bool,
    /// Planes up to this wide take one tile per row.
    narrow_cols: usize,
    /// Rows of 8- and 16-column tiles (7 replaces 8 where it divides the
    /// height and 8 does not).
    tall_rows: usize,
}

/// A [`Tiling`] as a type, so that each build compiles only the tiles it
/// uses (a runtime value kept every tile in the wasm bundle).
pub(crate) trait Tiles {
    const TILING: Tiling;
}

/// Native (AVX2 / AVX-512VL): 4 x 4 vectors of sums in 32-column tiles, and
/// 7 or 8 sums in flight in 8-column ones.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) struct Native;
impl Tiles for Native {
    const TILING: Tiling = Tiling {
        wide: true,
        narrow_cols: 16,
        tall_rows: 8,
    };
}

/// wasm SIMD128 has 4 lanes per vector and engines give it 16 registers, so
/// tiles stay 8 columns (2 vectors) by 4 rows. Natively only in tests.
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
pub(crate) struct Simd128;
impl Tiles for Simd128 {
    const TILING: Tiling = Tiling {
        wide: false,
        narrow_cols: 8,
        tall_rows: 4,
    };
}

/// The tiles of the target being built.
#[cfg(not(target_arch = "wasm32"))]
type Target = Native;
#[cfg(target_arch = "wasm32")]
type Target = Simd128;

/// Most rows and columns a tile reads past the last output row and column,
/// for `Plan::new`'s scratch size (any [`Tiling`]).
const MAX_TILE_ROWS: usize = 8;
const MAX_TILE_COLS: usize = 32;

/// Room past the output for the last narrow tile's stores: a 16-wide tile on
/// a row at least 9 wide, or an 8-wide one on a row at least 1 wide (any
/// [`Tiling`]).
const OVERHANG: usize = 16;

/// First rows of the groups of `r` rows that cover `0..height`: `0, r, 2r, ..`,
/// the last moved back to end at the last row (or `0` when the plane has
/// fewer than `r` rows).
fn row_groups(height: usize, r: usize) -> impl Iterator<Item = usize> {
    (0..height)
        .step_by(r)
        .map(move |y| y.min(height.saturating_sub(r)))
}

/// Defines `$name::<V>(padded, bases, w, rows, [y, x], out)`: outputs
/// `[y .. y + $rows][x .. x + V]`, every tap in order, then the bias, stored
/// row by row in increasing order. Rows at or past the plane's height are
/// computed but not stored.
///
/// The rows are spelled out (one statement per index listed), not looped
/// over: LLVM does not unroll a loop over rows here, and then the sums live in
/// memory instead of registers (3-4x slower).
macro_rules! tile_fn {
    ($name:ident, $rows:literal, [$($r:literal),+]) => {
        #[inline(always)]
        fn $name<const V: usize>(
            padded: &[f32],
            bases: &[usize],
            w: &[f32],
            rows: &Rows,
            [y, x]: [usize; 2],
            out: &mut [MaybeUninit<f32>],
        ) {
            let row_len = rows.row_len;
            // Everything this tile reads: `Plan::new` sizes the scratch for
            // every tap's run plus tiles' slack, so this one check (which
            // cannot fail) covers all the loads below.
            let start = y * row_len + x;
            let src = &padded[start..start + ($rows - 1) * row_len + rows.last_base + V];
            let mut sums = [[0.0f32; V]; $rows];
            for (&base, &wv) in bases.iter().zip(w) {
                $(madd_run(&mut sums[$r], tap_run::<V>(src, $r * row_len + base), wv);)+
            }
            $(if y + $r < rows.height {
                store(&mut sums[$r], rows, [y + $r, x], out);
            })+
        }
    };
}

tile_fn!(tile4, 4, [0, 1, 2, 3]);
tile_fn!(tile7, 7, [0, 1, 2, 3, 4, 5, 6]);
tile_fn!(tile8, 8, [0, 1, 2, 3, 4, 5, 6, 7]);

/// `src[at .. at + V]` for a tile's load, with `at = r · row_len + base`.
#[inline(always)]
fn tap_run<const V: usize>(src: &[f32], at: usize) -> &[f32] {
    debug_assert!(at + V <= src.len());
    // SAFETY: the tile's rows `r` are below its row count `R` and every `base`
    // is at most `Rows::last_base` (the largest of `Plan::bases`), so
    // `at + V <= (R - 1) · row_len + last_base + V`, which is `src.len()` (the
    // tile slices `src` to exactly that). Checked indexing costs a compare per
    // row per tap, as much as the arithmetic on 8-wide tiles.
    unsafe { src.get_unchecked(at..at + V) }
}

/// Adds the bias to one row of a tile and writes it at `[y][x ..]`.
#[inline(always)]
fn store<const V: usize>(
    sum: &mut [f32; V],
    rows: &Rows,
    [y, x]: [usize; 2],
    out: &mut [MaybeUninit<f32>],
) {
    if let Some(b) = rows.bias {
        sum.iter_mut().for_each(|a| *a += b);
    }
    let dst = &mut out[y * rows.width + x..][..V];
    for (d, &v) in dst.iter_mut().zip(sum.iter()) {
        d.write(v);
    }
}

/// `sum[j] += w · src[j]`; `src` has `V` values.
#[inline(always)]
fn madd_run<const V: usize>(sum: &mut [f32; V], src: &[f32], w: f32) {
    for (a, &v) in sum.iter_mut().zip(src) {
        *a = madd(*a, w, v);
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::ops::ConvProblem;
    use crate::spec::{Conv2dSpec, Padding, PaddingMode};
    use crate::tensor::Nchw;

    /// MobileNet's downsampling layer (3x3, stride 2, padding 1): each of the
    /// 112 input rows is copied into both column phases in one pass, as a
    /// pair, and nothing else is copied (the padding stays zero).
    #[test]
    fn stride_two_reads_each_input_row_once() {
        let spec = Conv2dSpec {
            stride: 2.into(),
            padding: Padding::Explicit([1, 1]),
            groups: 64,
            ..Conv2dSpec::new(64, 64, 3)
        };
        let l = spec.validate().unwrap();
        let geo = l
            .geometry(Nchw::new(1, 64, 112, 112), &Limits::default())
            .unwrap();
        let plan = super::Plan::new(&l, &geo).unwrap();
        let rows: Vec<_> = plan
            .pairs
            .iter()
            .map(|&(_, _, s, n)| (s / 112, s % 112, n))
            .collect();
        assert_eq!(rows, (0..112).map(|r| (r, 0, 56)).collect::<Vec<_>>());
        assert!(plan.runs.is_empty() && plan.singles.is_empty());
    }

    /// Stride 2 on the smallest planes, where a row's two column phases have
    /// 0 or 1 values, or unequal counts: still the reference's bits.
    #[test]
    fn stride_two_on_tiny_planes_matches_reference() {
        let lim = Limits::default();
        let modes = [
            PaddingMode::Zeros,
            PaddingMode::Replicate,
            PaddingMode::Circular,
        ];
        let mut ran = 0;
        for mode in modes {
            for hw in [[1, 1], [1, 2], [2, 1], [2, 3], [3, 3], [5, 4]] {
                for (k, p) in [(1, 0), (2, 0), (3, 1), (3, 2)] {
                    let spec = Conv2dSpec {
                        stride: 2.into(),
                        padding: Padding::Explicit([p, p]),
                        padding_mode: mode,
                        groups: 5,
                        ..Conv2dSpec::new(5, 5, k)
                    };
                    let input = Nchw::new(1, 5, hw[0], hw[1]);
                    // Kernels larger than the padded plane are refused.
                    let fits = spec
                        .validate()
                        .is_ok_and(|l| l.geometry(input, &lim).is_ok());
                    if fits {
                        assert_matches_reference(spec, input);
                        ran += 1;
                    }
                }
            }
        }
        assert!(ran >= 50, "only {ran} layers ran");
    }

    /// Bit-identical to the reference on random data for the layouts the
    /// scratch has to get right: stride phases (2, 3, unequal), dilation,
    /// every padding mode, narrow and wide planes, depth multipliers, bias,
    /// kernels with and without a fixed tap count, every kind of row tile,
    /// 1 to 4 input channels per group, and the reference loop taken when the
    /// padding dwarfs the input.
    #[test]
    fn matches_reference_bit_for_bit() {
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
                // Row tiles: 32- and 16-wide, 8-wide, moved back at both
                // edges, 7 and 8 rows, and planes shorter than a tile.
                (3, [1, 1], [1, 1], [1, 1], 1, [16, 61]),
                (3, [1, 1], [1, 1], [1, 1], 1, [28, 28]),
                (3, [1, 1], [1, 1], [0, 1], 2, [4, 9]),
                (5, [1, 1], [1, 1], [1, 2], 1, [3, 50]),
                (3, [1, 1], [1, 1], [1, 1], 2, [7, 7]),
                (3, [1, 1], [1, 1], [1, 1], 1, [9, 3]),
                (1, [1, 1], [1, 1], [0, 0], 1, [1, 1]),
            ] {
                // Depthwise, then 2 and 4 input channels per group (grouped).
                for cig in [1, 2, 4] {
                    let (c, groups) = (3 * cig, 3);
                    let spec = Conv2dSpec {
                        stride: s.into(),
                        dilation: d.into(),
                        padding: Padding::Explicit(p),
                        padding_mode: mode,
                        groups,
                        bias: i % 2 == 0,
                        ..Conv2dSpec::new(c, groups * mult, k)
                    };
                    cases.push((spec, Nchw::new(2, c, hw[0], hw[1])));
                }
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
            assert_matches_reference(spec, input);
        }
    }

    /// `spec` on random `input` gives the reference's bits, in this target's
    /// tiling and in the wasm build's (checked natively).
    fn assert_matches_reference(spec: Conv2dSpec, input: Nchw) {
        let lim = Limits::default();
        let l = spec.validate().unwrap();
        let g = crate::rng::generate(&l, input, 5, &lim).unwrap();
        let b = g.bias.as_deref();
        let p = ConvProblem::new(&l, &g.input, &g.weight, b, &lim).unwrap();
        let want = p.reference();
        assert_eq!(p.run(), want, "{spec:?} on {input:?}");
        let got = super::run_tiled::<super::Simd128>(&p);
        assert_eq!(got, want, "SIMD128 tiling: {spec:?} on {input:?}");
    }
}
