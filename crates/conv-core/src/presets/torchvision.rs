//! Rules torchvision's model code shares: `_make_divisible`, the padding and bias
//! of `Conv2dNormActivation`, squeeze-excitation, the inverted residual block of
//! MobileNet v3 and EfficientNet, and the resolution every network accepts.

use super::{conv, Builder};
use crate::error::{ConvError, Result};
use crate::spec::{Conv2dSpec, MAX_DIM};
use crate::tensor::Nchw;

/// torchvision's `_make_divisible(v, divisor)` (from the TensorFlow MobileNet code):
/// the multiple of `divisor` nearest to `v` (halves round up), at least `divisor`,
/// and never more than 10% below `v`.
pub(crate) fn make_divisible(v: f64, divisor: usize) -> usize {
    let d = divisor as f64;
    // int(v + divisor / 2) // divisor * divisor, for v > 0.
    let mut new_v = ((v + d / 2.0).trunc() as usize / divisor * divisor).max(divisor);
    if (new_v as f64) < 0.9 * v {
        new_v += divisor;
    }
    new_v
}

/// Python's `round()` of a non-negative float to an integer: halves go to the even
/// neighbour (so do `torch.round`'s).
pub(crate) fn round_half_even(v: f64) -> usize {
    v.round_ties_even() as usize
}

/// The conv of `Conv2dNormActivation(in, out, kernel, stride, groups=groups)`:
/// padding `(kernel - 1) / 2`, no bias (a norm layer follows).
pub(crate) fn conv_norm(
    in_channels: usize,
    out_channels: usize,
    kernel: usize,
    stride: usize,
    groups: usize,
) -> Conv2dSpec {
    conv(
        in_channels,
        out_channels,
        kernel,
        stride,
        (kernel - 1) / 2,
        groups,
    )
}

/// `spec` with a bias (the layers that are not followed by batch norm).
pub(crate) fn biased(spec: Conv2dSpec) -> Conv2dSpec {
    Conv2dSpec { bias: true, ..spec }
}

/// `SqueezeExcitation(channels, squeeze)` named `prefix`: after a global average
/// pool, `fc1` (1x1 conv with bias, channels → squeeze) and `fc2` (squeeze →
/// channels) on a 1x1 map. The scaling that follows is not counted.
pub(crate) fn squeeze_excitation(
    b: &mut Builder,
    prefix: &str,
    channels: usize,
    squeeze: usize,
) -> Result<()> {
    let pooled = Nchw::new(1, channels, 1, 1);
    let s = b.conv(
        &format!("{prefix}.fc1"),
        biased(conv(channels, squeeze, 1, 1, 0, 1)),
        pooled,
    )?;
    b.conv(
        &format!("{prefix}.fc2"),
        biased(conv(squeeze, channels, 1, 1, 0, 1)),
        s,
    )?;
    Ok(())
}

/// One inverted residual block of MobileNet v3 or EfficientNet (`MBConv`), with
/// its channel counts already worked out.
pub(crate) struct InvertedResidual {
    pub input: usize,
    pub expanded: usize,
    pub out: usize,
    pub kernel: usize,
    pub stride: usize,
    /// The squeeze-excitation's squeeze channels, if the block has one.
    pub squeeze: Option<usize>,
}

/// Adds the block as torchvision's `block` Sequential runs it, named
/// `{prefix}.block.{i}`: a 1x1 expansion (only if `expanded != input`), the
/// depthwise conv, the squeeze-excitation, the 1x1 projection. Returns its output.
pub(crate) fn inverted_residual(
    b: &mut Builder,
    prefix: &str,
    r: &InvertedResidual,
    x: Nchw,
) -> Result<Nchw> {
    let mut i = 0;
    let mut name = |suffix: &str| {
        let n = format!("{prefix}.block.{i}{suffix}");
        i += 1;
        n
    };
    let mut x = x;
    if r.expanded != r.input {
        x = b.conv(&name(".0"), conv_norm(r.input, r.expanded, 1, 1, 1), x)?;
    }
    let dw = conv_norm(r.expanded, r.expanded, r.kernel, r.stride, r.expanded);
    x = b.conv(&name(".0"), dw, x)?;
    if let Some(squeeze) = r.squeeze {
        squeeze_excitation(b, &name(""), r.expanded, squeeze)?;
    }
    b.conv(&name(".0"), conv_norm(r.expanded, r.out, 1, 1, 1), x)
}

/// Every network here halves its input five times (output stride 32).
pub(crate) const OUTPUT_STRIDE: usize = 32;

/// Checks a whole network's input size: at least `min` (for `why`, the end of a
/// sentence) and at most [`MAX_DIM`].
pub(crate) fn check_resolution(resolution: usize, min: usize, why: &str) -> Result<()> {
    if resolution < min {
        return Err(ConvError::InvalidSpec(format!(
            "resolution must be at least {min}, as {why} (got resolution={resolution})"
        )));
    }
    if resolution > MAX_DIM {
        return Err(ConvError::InvalidSpec(format!(
            "resolution must be at most {MAX_DIM} (got resolution={resolution})"
        )));
    }
    Ok(())
}

/// [`check_resolution`] for a network with five stride-2 stages.
pub(crate) fn check_stride_32(resolution: usize) -> Result<()> {
    check_resolution(resolution, OUTPUT_STRIDE, "five stride-2 layers halve it")
}

/// The network's input: batch 1, RGB, square.
pub(crate) fn image(resolution: usize) -> Nchw {
    Nchw::new(1, 3, resolution, resolution)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values worked by hand from torchvision's `_make_divisible`.
    #[test]
    fn make_divisible_matches_torchvision() {
        assert_eq!(make_divisible(32.0, 8), 32);
        assert_eq!(make_divisible(4.0, 8), 8); // at least the divisor
        assert_eq!(make_divisible(12.0, 8), 16); // 12 + 4 = 16: halves round up
                                                 // int(15.9) // 8 * 8 = 8, but 8 < 0.9 · 11.9, so one divisor more.
        assert_eq!(make_divisible(11.9, 8), 16);
        assert_eq!(make_divisible(240.0 / 4.0, 8), 64);
        assert_eq!(make_divisible(152.0, 16), 160);
        assert_eq!(make_divisible(392.0, 16), 400);
        // 10% rule: int(91 + 50) // 100 * 100 = 100, fine; 149 → 100 < 134.1, so 200.
        assert_eq!(make_divisible(149.0, 100), 200);
        assert_eq!(make_divisible(91.0, 100), 100);
    }

    #[test]
    fn python_rounding() {
        assert_eq!(round_half_even(2.5), 2);
        assert_eq!(round_half_even(3.5), 4);
        assert_eq!(round_half_even(2.49), 2);
        assert_eq!(round_half_even(0.5), 0);
    }
}
