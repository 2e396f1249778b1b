//! Padding modes as index maps, and the explicit padded tensor.
//!
//! The kernels never build a padded copy of the whole input: they map a padded
//! coordinate to the input coordinate it reads ([`source`]), and split each row
//! into the interior, where no mapping is needed ([`interior`]), and the border.

use super::{check_data, check_layer};
use crate::error::{Quantity, Result};
use crate::limits::Limits;
use crate::spec::{Conv2dLayer, PaddingMode};
use crate::tensor::{Nchw, Tensor};

/// The input index read at padded-frame coordinate `p` (relative to the unpadded
/// input, so the padding is at `p < 0` and `p >= len`), or `None` for a zero.
///
/// PyTorch semantics: reflect mirrors without repeating the edge (`-1 → 1`),
/// replicate repeats the edge, circular wraps. Geometry checks keep padding
/// within one reflection or wrap; the general formulas below stay in range
/// even beyond that, so no caller can index out of bounds.
#[inline]
pub(crate) fn source(mode: PaddingMode, p: isize, len: usize) -> Option<usize> {
    let n = len as isize;
    if (0..n).contains(&p) {
        return Some(p as usize);
    }
    if len == 0 {
        return None;
    }
    match mode {
        PaddingMode::Zeros => None,
        PaddingMode::Replicate => Some(if p < 0 { 0 } else { len - 1 }),
        PaddingMode::Circular => Some(p.rem_euclid(n) as usize),
        PaddingMode::Reflect => {
            if len == 1 {
                return Some(0);
            }
            let period = 2 * (n - 1);
            let m = p.rem_euclid(period);
            Some(if m >= n { period - m } else { m } as usize)
        }
    }
}

/// The output columns `lo..hi` whose tap `x = ox * stride + offset` lies inside
/// `0..len`, so the kernels can run them without any padding check. The range
/// is contiguous because `x` grows with `ox`; it is clamped to `0..out_len`.
#[inline]
pub(crate) fn interior(offset: isize, stride: usize, len: usize, out_len: usize) -> (usize, usize) {
    let s = stride as isize;
    // smallest ox with ox*s + offset >= 0
    let lo = if offset >= 0 {
        0
    } else {
        ((-offset) + s - 1) / s
    };
    // smallest ox with ox*s + offset >= len
    let end = len as isize - offset;
    let hi = if end <= 0 { 0 } else { (end + s - 1) / s };
    let lo = (lo as usize).min(out_len);
    let hi = (hi as usize).min(out_len).max(lo);
    (lo, hi)
}

/// The input as the layer sees it: padded on every side by `layer.pads` with
/// `layer.padding_mode`, PyTorch semantics (reflect excludes the edge, replicate
/// copies it, circular wraps). Checks the input against the layer as
/// [`Conv2dLayer::geometry`] does, and refuses a padded tensor larger than
/// [`Limits::default`] allows (padding can make it far larger than the input).
pub fn pad(layer: &Conv2dLayer, input: &Tensor) -> Result<Tensor> {
    check_layer(layer)?;
    check_data(Quantity::Input, input)?;
    let s = input.shape;
    layer.geometry(s, &Limits::default())?;
    let p = layer.pads;
    // Sizes are at most MAX_DIM each after geometry, so these sums cannot overflow.
    let shape = Nchw::new(s.n, s.c, s.h + p.top + p.bottom, s.w + p.left + p.right);
    Limits::default().check_tensor(Quantity::PaddedInputElements, shape)?;
    let (ph, pw) = (shape.h, shape.w);
    let mut data = vec![0.0f32; shape.len()];
    let hw = s.h * s.w;
    let cols: Vec<Option<usize>> = (0..pw)
        .map(|px| source(layer.padding_mode, px as isize - p.left as isize, s.w))
        .collect();
    for (src, dst) in input
        .data
        .chunks_exact(hw)
        .zip(data.chunks_exact_mut(ph * pw))
    {
        for (py, drow) in dst.chunks_exact_mut(pw).enumerate() {
            let Some(sy) = source(layer.padding_mode, py as isize - p.top as isize, s.h) else {
                continue;
            };
            let srow = &src[sy * s.w..(sy + 1) * s.w];
            for (d, c) in drow.iter_mut().zip(&cols) {
                if let Some(sx) = c {
                    *d = srow[*sx];
                }
            }
        }
    }
    Ok(Tensor { shape, data })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_maps_like_pytorch() {
        use PaddingMode::*;
        // input indices 0..4: reflect of -2,-1 is 2,1; of 4,5 is 2,1
        let r: Vec<_> = (-2..6).map(|p| source(Reflect, p, 4).unwrap()).collect();
        assert_eq!(r, [2, 1, 0, 1, 2, 3, 2, 1]);
        let r: Vec<_> = (-2..6).map(|p| source(Replicate, p, 4).unwrap()).collect();
        assert_eq!(r, [0, 0, 0, 1, 2, 3, 3, 3]);
        let r: Vec<_> = (-2..6).map(|p| source(Circular, p, 4).unwrap()).collect();
        assert_eq!(r, [2, 3, 0, 1, 2, 3, 0, 1]);
        assert_eq!(source(Zeros, -1, 4), None);
        assert_eq!(source(Zeros, 4, 4), None);
        assert_eq!(source(Zeros, 3, 4), Some(3));
    }

    #[test]
    fn interior_ranges() {
        // w=5, stride 1, offset -1 (pad 1, kx 0): ox 1..5 read x 0..4
        assert_eq!(interior(-1, 1, 5, 5), (1, 5));
        // offset +1 (kx 2): ox 0..4 read 1..4, ox 4 reads 5 (outside)
        assert_eq!(interior(1, 1, 5, 5), (0, 4));
        // stride 2, offset -1: ox 1 -> x 1, ox 2 -> 3, ox 3 -> 5 outside
        assert_eq!(interior(-1, 2, 5, 3), (1, 3));
        // nothing inside
        assert_eq!(interior(-10, 1, 5, 3), (3, 3));
        assert_eq!(interior(10, 1, 5, 3), (0, 0));
    }
}
