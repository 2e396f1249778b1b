//! EfficientNet-B0 (Tan & Le 2019, "EfficientNet: Rethinking Model Scaling for
//! Convolutional Neural Networks"), as torchvision's `efficientnet_b0` builds it.

use super::torchvision::{
    check_stride_32, conv_norm, image, inverted_residual, make_divisible, InvertedResidual,
};
use super::{Builder, Network};
use crate::error::Result;

/// Table 1 of the paper (torchvision's `bneck_conf`): expansion ratio, kernel,
/// first stride, input channels, output channels, layers.
const STAGES: [(usize, usize, usize, usize, usize, usize); 7] = [
    (1, 3, 1, 32, 16, 1),
    (6, 3, 2, 16, 24, 2),
    (6, 5, 2, 24, 40, 2),
    (6, 3, 2, 40, 80, 3),
    (6, 5, 1, 80, 112, 3),
    (6, 5, 2, 112, 192, 4),
    (6, 3, 1, 192, 320, 1),
];
/// B0's width and depth coefficients (B1-B7 scale these).
const WIDTH: f64 = 1.0;
const DEPTH: f64 = 1.0;
const CLASSES: usize = 1000;

/// `MBConvConfig.adjust_channels`.
fn adjust_channels(channels: usize, width: f64) -> usize {
    make_divisible(channels as f64 * width, 8)
}

/// `MBConvConfig.adjust_depth`: ceil(layers · depth).
fn adjust_depth(layers: usize, depth: f64) -> usize {
    (layers as f64 * depth).ceil() as usize
}

/// EfficientNet-B0 on a `resolution`² input: a 3x3/2 stem, seven stages of MBConv
/// blocks (`features.1` ... `features.7`, each block `features.{s}.{j}`), a 1x1
/// conv to 4x the last stage's channels, `Linear(1280, 1000)`. Every MBConv has a
/// squeeze-excitation that squeezes to max(1, C_in // 4) (the block's input, not
/// its expansion).
pub fn efficientnet_b0(resolution: usize) -> Result<Network> {
    check_stride_32(resolution)?;
    let mut b = Builder::new(
        "efficientnet-b0",
        format!("EfficientNet-B0, {resolution}x{resolution} (torchvision efficientnet_b0)"),
    );
    let stem = adjust_channels(STAGES[0].3, WIDTH);
    let mut x = b.conv(
        "features.0.0",
        conv_norm(3, stem, 3, 2, 1),
        image(resolution),
    )?;
    for (s, &(ratio, kernel, stride, input, out, layers)) in STAGES.iter().enumerate() {
        let out = adjust_channels(out, WIDTH);
        let mut input = adjust_channels(input, WIDTH);
        for j in 0..adjust_depth(layers, DEPTH) {
            let block = InvertedResidual {
                input,
                expanded: make_divisible((input * ratio) as f64, 8),
                out,
                kernel,
                stride: if j == 0 { stride } else { 1 },
                squeeze: Some((input / 4).max(1)),
            };
            x = inverted_residual(&mut b, &format!("features.{}.{j}", s + 1), &block, x)?;
            input = out;
        }
    }
    let c = x.c;
    let name = format!("features.{}.0", STAGES.len() + 1);
    b.conv(&name, conv_norm(c, 4 * c, 1, 1, 1), x)?;
    b.fc("classifier.1", 4 * c, CLASSES)?;
    Ok(b.finish())
}
