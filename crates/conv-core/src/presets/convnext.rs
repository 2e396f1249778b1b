//! ConvNeXt-T (Liu et al. 2022, "A ConvNet for the 2020s"), as torchvision's
//! `convnext_tiny` builds it.

use super::torchvision::{biased, check_resolution, image, OUTPUT_STRIDE};
use super::{conv, Builder, Network};
use crate::error::Result;
use crate::tensor::Nchw;

/// Per stage: channels and blocks (`CNBlockConfig`); each stage but the last ends
/// with a downsampling to the next stage's channels.
const STAGES: [(usize, usize); 4] = [(96, 3), (192, 3), (384, 9), (768, 3)];
/// The inverted bottleneck's expansion in each block's MLP.
const EXPANSION: usize = 4;
const CLASSES: usize = 1000;

/// ConvNeXt-T on a `resolution`² input: the "patchify" stem (4x4 conv, stride 4,
/// no padding), four stages of blocks (`features.1`, `.3`, `.5`, `.7`) with a 2x2/2
/// conv between them (`features.2.1`, `.4.1`, `.6.1`), the classifier
/// `Linear(768, 1000)`. Every conv and linear layer has a bias. Its unpadded
/// stride-4 and stride-2 convs need a 32x32 input at least (torchvision's
/// `min_size`).
pub fn convnext_tiny(resolution: usize) -> Result<Network> {
    check_resolution(
        resolution,
        OUTPUT_STRIDE,
        "the unpadded 4x4 stride-4 stem and three 2x2 stride-2 downsamplings must leave at least 1x1",
    )?;
    let mut b = Builder::new(
        "convnext-tiny",
        format!("ConvNeXt-T, {resolution}x{resolution} (torchvision convnext_tiny)"),
    );
    let (dim, _) = STAGES[0];
    let mut x = b.conv(
        "features.0.0",
        biased(conv(3, dim, 4, 4, 0, 1)),
        image(resolution),
    )?;
    for (s, &(dim, blocks)) in STAGES.iter().enumerate() {
        let stage = 2 * s + 1;
        for i in 0..blocks {
            x = block(&mut b, &format!("features.{stage}.{i}.block"), x)?;
        }
        if let Some(&(next, _)) = STAGES.get(s + 1) {
            let down = biased(conv(dim, next, 2, 2, 0, 1));
            x = b.conv(&format!("features.{}.1", stage + 1), down, x)?;
        }
    }
    b.fc("classifier.2", x.c, CLASSES)?;
    Ok(b.finish())
}

/// `CNBlock`: 7x7 depthwise conv (`block.0`), then, on the NHWC map after a
/// permute and layer norm, `Linear(C, 4C)` (`block.3`) and `Linear(4C, C)`
/// (`block.5`) at every position. Layer scale and the residual are not counted.
fn block(b: &mut Builder, prefix: &str, x: Nchw) -> Result<Nchw> {
    let c = x.c;
    let y = b.conv(&format!("{prefix}.0"), biased(conv(c, c, 7, 1, 3, c)), x)?;
    let y = b.fc_per_position(&format!("{prefix}.3"), EXPANSION * c, y)?;
    b.fc_per_position(&format!("{prefix}.5"), c, y)
}
