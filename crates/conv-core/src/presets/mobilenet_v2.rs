//! MobileNet v2 (Sandler et al. 2018, "MobileNetV2: Inverted Residuals and Linear
//! Bottlenecks"), as torchvision's `mobilenet_v2` builds it (width 1.0).

use super::torchvision::{check_stride_32, conv_norm, image, make_divisible};
use super::{conv, Builder, Network};
use crate::error::Result;
use crate::tensor::Nchw;

/// Table 2 of the paper: expansion t, output channels c, repeats n, first stride s.
const SETTING: [(usize, usize, usize, usize); 7] = [
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
];
const STEM: usize = 32;
const LAST: usize = 1280;
const WIDTH: f64 = 1.0;
/// torchvision's `round_nearest`: every channel count is a multiple of 8.
const ROUND: usize = 8;
const CLASSES: usize = 1000;

/// MobileNet v2 on a `resolution`² input. Each inverted residual block is a 1x1
/// expansion to t·C_in (left out when t = 1), a 3x3 depthwise conv and a 1x1
/// linear projection; the stem is a 3x3/2 conv, the head a 1x1 conv to 1280 and
/// the classifier `Linear(1280, 1000)`.
pub fn mobilenet_v2(resolution: usize) -> Result<Network> {
    check_stride_32(resolution)?;
    let mut b = Builder::new(
        "mobilenet-v2",
        format!("MobileNet v2 1.0, {resolution}x{resolution} (torchvision mobilenet_v2)"),
    );
    let mut c = make_divisible(STEM as f64 * WIDTH, ROUND);
    let mut x = b.conv("features.0.0", conv_norm(3, c, 3, 2, 1), image(resolution))?;
    let mut index = 1;
    for &(t, channels, n, s) in &SETTING {
        let out = make_divisible(channels as f64 * WIDTH, ROUND);
        for i in 0..n {
            let stride = if i == 0 { s } else { 1 };
            x = inverted_residual(&mut b, &format!("features.{index}"), (c, out, t), stride, x)?;
            c = out;
            index += 1;
        }
    }
    let last = make_divisible(LAST as f64 * WIDTH.max(1.0), ROUND);
    b.conv(
        &format!("features.{index}.0"),
        conv_norm(c, last, 1, 1, 1),
        x,
    )?;
    b.fc("classifier.1", last, CLASSES)?;
    Ok(b.finish())
}

/// torchvision's `InvertedResidual(inp, oup, stride, expand_ratio)`, named
/// `{prefix}.conv.{i}`: the projection is a bare `nn.Conv2d` (`conv.{i}`), the
/// others are `Conv2dNormActivation`s (`conv.{i}.0`).
fn inverted_residual(
    b: &mut Builder,
    prefix: &str,
    (inp, oup, expand_ratio): (usize, usize, usize),
    stride: usize,
    x: Nchw,
) -> Result<Nchw> {
    // int(round(inp * expand_ratio)): exact for whole-number ratios.
    let hidden = inp * expand_ratio;
    let mut i = 0;
    let mut x = x;
    if expand_ratio != 1 {
        x = b.conv(
            &format!("{prefix}.conv.0.0"),
            conv_norm(inp, hidden, 1, 1, 1),
            x,
        )?;
        i += 1;
    }
    let dw = conv_norm(hidden, hidden, 3, stride, hidden);
    x = b.conv(&format!("{prefix}.conv.{i}.0"), dw, x)?;
    b.conv(
        &format!("{prefix}.conv.{}", i + 1),
        conv(hidden, oup, 1, 1, 0, 1),
        x,
    )
}
