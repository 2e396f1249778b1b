//! A small packed GEMM, `C += A · B`, in safe Rust that LLVM auto-vectorises.
//!
//! The classic structure (Goto/BLIS, as in onnxruntime's MLAS): A is packed once
//! into row panels of `MR` rows, B into column panels of `NR` columns, both
//! k-major, so the micro-kernel streams two contiguous buffers and keeps an
//! `MR x NR` block of C in registers for the whole k loop. `MR x NR = 4 x 8` is
//! 8 SSE / wasm simd128 registers of accumulators, which leaves room for the
//! operands on both x86-64's baseline and wasm32. The caller cuts B into column
//! blocks small enough (`block_cols`) that a packed block stays in L2 while every
//! A panel sweeps over it.

use super::madd;

/// Rows of C per micro-kernel call.
pub(crate) const MR: usize = 4;
/// Columns of C per micro-kernel call.
pub(crate) const NR: usize = 8;

/// Columns per packed B block for depth `k`: about 128 KiB of f32, at least one
/// panel, a whole number of panels.
pub(crate) fn block_cols(k: usize, n: usize) -> usize {
    let target = (32 * 1024 / k.max(1)) / NR * NR;
    target.max(NR).min(n.div_ceil(NR) * NR).max(NR)
}

/// Packs an `m x k` row-major A (row stride `lda`) into `MR`-row panels,
/// k-major, zero-filling rows past `m`.
pub(crate) fn pack_a(a: &[f32], m: usize, k: usize, lda: usize) -> Vec<f32> {
    let blocks = m.div_ceil(MR);
    let mut out = vec![0.0f32; blocks * k * MR];
    for (rb, panel) in out.chunks_exact_mut(k * MR).enumerate() {
        for r in 0..MR.min(m - rb * MR) {
            let row = &a[(rb * MR + r) * lda..][..k];
            for (dst, &v) in panel.iter_mut().skip(r).step_by(MR).zip(row) {
                *dst = v;
            }
        }
    }
    out
}

/// Packs columns `c0..c0+nc` of a `k x _` row-major B (row stride `ldb`) into
/// `NR`-column panels, k-major, zero-filling columns past `nc`. `out` is resized.
#[inline(always)]
pub(crate) fn pack_b(b: &[f32], k: usize, ldb: usize, c0: usize, nc: usize, out: &mut Vec<f32>) {
    let panels = nc.div_ceil(NR);
    out.clear();
    out.resize(panels * k * NR, 0.0);
    for (p, panel) in out.chunks_exact_mut(k * NR).enumerate() {
        let j = p * NR;
        let cols = NR.min(nc - j);
        for (kk, dst) in panel.chunks_exact_mut(NR).enumerate() {
            let src = &b[kk * ldb + c0 + j..][..cols];
            dst[..cols].copy_from_slice(src);
        }
    }
}

/// `C[0..m, c0..c0+nc] += A · B` for packed A (`m` rows, depth `k`) and a packed
/// B block of `nc` columns. C is row-major with row stride `ldc`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(crate) fn gemm_packed(
    m: usize,
    k: usize,
    a: &[f32],
    b: &[f32],
    nc: usize,
    c: &mut [f32],
    ldc: usize,
    c0: usize,
) {
    if k == 0 {
        return;
    }
    for (p, bp) in b.chunks_exact(k * NR).enumerate() {
        let j = p * NR;
        if j >= nc {
            break;
        }
        let cols = NR.min(nc - j);
        for (rb, ap) in a.chunks_exact(k * MR).enumerate() {
            let acc = microkernel(ap, bp);
            let rows = MR.min(m - rb * MR);
            for (r, acc_row) in acc.iter().enumerate().take(rows) {
                let crow = &mut c[(rb * MR + r) * ldc + c0 + j..][..cols];
                for (d, s) in crow.iter_mut().zip(acc_row) {
                    *d += s;
                }
            }
        }
    }
}

/// One `MR x NR` block of `A · B` over the full depth, accumulated in registers.
///
/// On wasm32 it stays a function of its own. Inlined into the GEMM paths, the
/// worker's release build (fat LTO, run at the worker crate's opt-level 3)
/// left it scalar: 32 `f32.mul` and `f32.add` per depth step instead of 8
/// `f32x4` each, and the pointwise, general and grouped paths ran 2–6× slower
/// than this (docs/PERFORMANCE.md). Natively it is inlined into the AVX2
/// copies, which must see it to compile it 8-wide.
#[cfg_attr(target_arch = "wasm32", inline(never))]
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn microkernel(a: &[f32], b: &[f32]) -> [[f32; NR]; MR] {
    let mut acc = [[0.0f32; NR]; MR];
    for (ak, bk) in a.chunks_exact(MR).zip(b.chunks_exact(NR)) {
        let (Ok(ak), Ok(bk)) = (<&[f32; MR]>::try_from(ak), <&[f32; NR]>::try_from(bk)) else {
            break;
        };
        for r in 0..MR {
            for c in 0..NR {
                acc[r][c] = madd(acc[r][c], ak[r], bk[c]);
            }
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemm_matches_naive_on_ragged_sizes() {
        for (m, k, n) in [(1, 1, 1), (5, 3, 11), (4, 8, 8), (7, 13, 19), (9, 2, 33)] {
            let a: Vec<f32> = (0..m * k).map(|v| (v % 7) as f32 - 3.0).collect();
            let b: Vec<f32> = (0..k * n).map(|v| (v % 5) as f32 - 2.0).collect();
            let pa = pack_a(&a, m, k, k);
            let mut c = vec![0.0f32; m * n];
            let nc = block_cols(k, n).min(6 * NR);
            let mut pb = Vec::new();
            let mut c0 = 0;
            while c0 < n {
                let cols = nc.min(n - c0);
                pack_b(&b, k, n, c0, cols, &mut pb);
                gemm_packed(m, k, &pa, &pb, cols, &mut c, n, c0);
                c0 += cols;
            }
            for i in 0..m {
                for j in 0..n {
                    let want: f32 = (0..k).map(|kk| a[i * k + kk] * b[kk * n + j]).sum();
                    assert_eq!(c[i * n + j], want, "m={m} k={k} n={n} at {i},{j}");
                }
            }
        }
    }
}
