//! MobileNet v1 (Howard et al. 2017, "MobileNets: Efficient Convolutional Neural
//! Networks for Mobile Vision Applications"), Table 1.

use super::torchvision::check_stride_32;
use super::{conv, Builder, Network};
use crate::error::{ConvError, Result};
use crate::spec::MAX_DIM;
use crate::tensor::Nchw;

/// Channels of the first (standard 3x3, stride 2) layer.
const STEM: usize = 32;

/// Output channels and stride of each depthwise-separable pair after the stem.
/// The last stride is 1: Table 1 prints "Conv dw / s2" at 7x7, a typo (a stride of 2
/// there would leave 4x4 for the 7x7 average pool, and the official code uses 1).
const BODY: [(usize, usize); 13] = [
    (64, 1),
    (128, 2),
    (128, 1),
    (256, 2),
    (256, 1),
    (512, 2),
    (512, 1),
    (512, 1),
    (512, 1),
    (512, 1),
    (512, 1),
    (1024, 2),
    (1024, 1),
];

const CLASSES: usize = 1000;

fn invalid(msg: String) -> ConvError {
    ConvError::InvalidSpec(msg)
}

/// MobileNet v1 at width multiplier `alpha` and input `resolution` (square, 3
/// channels, batch 1). Every channel count c becomes round(c·alpha); 3x3 layers pad 1.
/// With `full_conv`, each depthwise + pointwise pair becomes one standard 3x3 conv
/// with the same stride ("Conv MobileNet" of Table 4). The average pool is left out;
/// the final FC layer (round(1024·alpha) → 1000, with bias) is included.
pub fn mobilenet_v1(alpha: f64, resolution: usize, full_conv: bool) -> Result<Network> {
    if !(alpha.is_finite() && alpha > 0.0) {
        return Err(invalid(format!(
            "alpha must be a positive number (got alpha={alpha})"
        )));
    }
    check_stride_32(resolution)?;
    let scale = |c: usize| -> Result<usize> {
        let scaled = (c as f64 * alpha).round();
        if scaled < 1.0 {
            Err(invalid(format!(
                "alpha={alpha} is too small: round({c}·alpha) leaves 0 channels"
            )))
        } else if scaled > MAX_DIM as f64 {
            Err(invalid(format!(
                "alpha={alpha} is too large: round({c}·alpha) is over {MAX_DIM} channels"
            )))
        } else {
            Ok(scaled as usize)
        }
    };

    let description = if full_conv {
        format!("Conv MobileNet-{resolution} (alpha={alpha:?}, standard 3x3 convs)")
    } else {
        format!("{alpha:?} MobileNet-{resolution}")
    };
    let mut b = Builder::new("mobilenet-v1", description);
    let mut c = scale(STEM)?;
    let mut x = b.conv(
        "conv1",
        conv(3, c, 3, 2, 1, 1),
        Nchw::new(1, 3, resolution, resolution),
    )?;
    for (i, &(out, stride)) in BODY.iter().enumerate() {
        let out = scale(out)?;
        let n = i + 1;
        if full_conv {
            x = b.conv(&format!("conv_{n}"), conv(c, out, 3, stride, 1, 1), x)?;
        } else {
            x = b.conv(&format!("conv_dw_{n}"), conv(c, c, 3, stride, 1, c), x)?;
            x = b.conv(&format!("conv_pw_{n}"), conv(c, out, 1, 1, 0, 1), x)?;
        }
        c = out;
    }
    debug_assert_eq!(x.c, c);
    b.fc("fc", c, CLASSES)?;
    Ok(b.finish())
}
