//! MobileNet v3 Large and Small (Howard et al. 2019, "Searching for MobileNetV3"),
//! as torchvision's `mobilenet_v3_large` / `mobilenet_v3_small` build them (width
//! 1.0, no reduced tail, no dilation).

use super::torchvision::{
    check_stride_32, conv_norm, image, inverted_residual, make_divisible, InvertedResidual,
};
use super::{Builder, Network};
use crate::error::Result;

/// One row of the paper's Tables 1 and 2 (torchvision's `bneck_conf`): input
/// channels, kernel, expanded channels, output channels, squeeze-excitation, stride.
type Bneck = (usize, usize, usize, usize, bool, usize);

const LARGE: [Bneck; 15] = [
    (16, 3, 16, 16, false, 1),
    (16, 3, 64, 24, false, 2),
    (24, 3, 72, 24, false, 1),
    (24, 5, 72, 40, true, 2),
    (40, 5, 120, 40, true, 1),
    (40, 5, 120, 40, true, 1),
    (40, 3, 240, 80, false, 2),
    (80, 3, 200, 80, false, 1),
    (80, 3, 184, 80, false, 1),
    (80, 3, 184, 80, false, 1),
    (80, 3, 480, 112, true, 1),
    (112, 3, 672, 112, true, 1),
    (112, 5, 672, 160, true, 2),
    (160, 5, 960, 160, true, 1),
    (160, 5, 960, 160, true, 1),
];
/// The classifier's hidden width ("last_channel").
const LARGE_LAST: usize = 1280;

const SMALL: [Bneck; 11] = [
    (16, 3, 16, 16, true, 2),
    (16, 3, 72, 24, false, 2),
    (24, 3, 88, 24, false, 1),
    (24, 5, 96, 40, true, 2),
    (40, 5, 240, 40, true, 1),
    (40, 5, 240, 40, true, 1),
    (40, 5, 120, 48, true, 1),
    (48, 5, 144, 48, true, 1),
    (48, 5, 288, 96, true, 2),
    (96, 5, 576, 96, true, 1),
    (96, 5, 576, 96, true, 1),
];
const SMALL_LAST: usize = 1024;

const WIDTH: f64 = 1.0;
const CLASSES: usize = 1000;

/// MobileNet v3 Large on a `resolution`² input.
pub fn mobilenet_v3_large(resolution: usize) -> Result<Network> {
    mobilenet_v3(
        "mobilenet-v3-large",
        "Large",
        &LARGE,
        LARGE_LAST,
        resolution,
    )
}

/// MobileNet v3 Small on a `resolution`² input.
pub fn mobilenet_v3_small(resolution: usize) -> Result<Network> {
    mobilenet_v3(
        "mobilenet-v3-small",
        "Small",
        &SMALL,
        SMALL_LAST,
        resolution,
    )
}

/// torchvision's `InvertedResidualConfig.adjust_channels`.
fn adjust(channels: usize) -> usize {
    make_divisible(channels as f64 * WIDTH, 8)
}

/// A 3x3/2 stem, the bneck blocks (`features.1` ...), a 1x1 conv to 6x the last
/// block's channels, then `Linear(6·c, last)` and `Linear(last, 1000)`. A block's
/// squeeze-excitation squeezes to `_make_divisible(expanded // 4, 8)`.
fn mobilenet_v3(
    id: &str,
    size: &str,
    setting: &[Bneck],
    last_channel: usize,
    resolution: usize,
) -> Result<Network> {
    check_stride_32(resolution)?;
    let mut b = Builder::new(
        id,
        format!(
            "MobileNet v3 {size} 1.0, {resolution}x{resolution} (torchvision mobilenet_v3_{})",
            size.to_lowercase()
        ),
    );
    let stem = adjust(setting[0].0);
    let mut x = b.conv(
        "features.0.0",
        conv_norm(3, stem, 3, 2, 1),
        image(resolution),
    )?;
    for (i, &(input, kernel, expanded, out, se, stride)) in setting.iter().enumerate() {
        let expanded = adjust(expanded);
        let block = InvertedResidual {
            input: adjust(input),
            expanded,
            out: adjust(out),
            kernel,
            stride,
            squeeze: se.then(|| make_divisible((expanded / 4) as f64, 8)),
        };
        x = inverted_residual(&mut b, &format!("features.{}", i + 1), &block, x)?;
    }
    let c = x.c;
    let head = 6 * c;
    let name = format!("features.{}.0", setting.len() + 1);
    b.conv(&name, conv_norm(c, head, 1, 1, 1), x)?;
    let last = adjust(last_channel);
    b.fc("classifier.0", head, last)?;
    b.fc("classifier.3", last, CLASSES)?;
    Ok(b.finish())
}
