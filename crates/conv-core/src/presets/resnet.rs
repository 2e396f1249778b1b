//! ResNet-50 (He et al. 2016) and ResNeXt-50 32x4d (Xie et al. 2017), as
//! torchvision's `resnet50` / `resnext50_32x4d` build them (the "v1.5" bottleneck,
//! with the stride on the 3x3 conv).

use super::torchvision::{check_stride_32, image};
use super::{conv, Builder, Network};
use crate::error::Result;
use crate::tensor::Nchw;

/// Bottleneck blocks per stage (`layer1` ... `layer4`).
const LAYERS: [usize; 4] = [3, 4, 6, 3];
/// Each stage's `planes`; the block's output is 4x that.
const PLANES: [usize; 4] = [64, 128, 256, 512];
const EXPANSION: usize = 4;
const CLASSES: usize = 1000;

/// ResNet-50 on a `resolution`² input.
pub fn resnet50(resolution: usize) -> Result<Network> {
    let description = format!("ResNet-50, {resolution}x{resolution} (torchvision resnet50)");
    resnet("resnet-50", description, 1, 64, resolution)
}

/// ResNeXt-50 32x4d on a `resolution`² input: ResNet-50 with 32 groups of width 4
/// in every 3x3 conv.
pub fn resnext50_32x4d(resolution: usize) -> Result<Network> {
    let description =
        format!("ResNeXt-50 32x4d, {resolution}x{resolution} (torchvision resnext50_32x4d)");
    resnet("resnext50-32x4d", description, 32, 4, resolution)
}

/// `conv1` 7x7/2, `maxpool` 3x3/2, then the four stages of bottlenecks, `fc`.
fn resnet(
    id: &str,
    description: String,
    groups: usize,
    width_per_group: usize,
    resolution: usize,
) -> Result<Network> {
    check_stride_32(resolution)?;
    let mut b = Builder::new(id, description);
    let mut inplanes = 64;
    let x = b.conv("conv1", conv(3, inplanes, 7, 2, 3, 1), image(resolution))?;
    let mut x = b.max_pool("maxpool", 3, 2, 1, x)?;
    for (stage, (&blocks, &planes)) in LAYERS.iter().zip(&PLANES).enumerate() {
        let stride = if stage == 0 { 1 } else { 2 };
        for i in 0..blocks {
            let block = Bottleneck {
                inplanes,
                planes,
                stride: if i == 0 { stride } else { 1 },
                groups,
                width_per_group,
            };
            x = block.add(&mut b, &format!("layer{}.{i}", stage + 1), x)?;
            inplanes = planes * EXPANSION;
        }
    }
    b.fc("fc", inplanes, CLASSES)?;
    Ok(b.finish())
}

/// torchvision's `Bottleneck`.
struct Bottleneck {
    inplanes: usize,
    planes: usize,
    stride: usize,
    groups: usize,
    width_per_group: usize,
}

impl Bottleneck {
    /// `conv1` 1x1, `conv2` 3x3 (stride, groups), `conv3` 1x1 to 4·planes, then
    /// (in `forward`, after `conv3`) the `downsample.0` 1x1 conv on the block's
    /// input, when the stride or the channel count changes.
    fn add(&self, b: &mut Builder, prefix: &str, input: Nchw) -> Result<Nchw> {
        // int(planes * (base_width / 64.0)) * groups: exact in integers here.
        let width = self.planes * self.width_per_group / 64 * self.groups;
        let out = self.planes * EXPANSION;
        let x = b.conv(
            &format!("{prefix}.conv1"),
            conv(self.inplanes, width, 1, 1, 0, 1),
            input,
        )?;
        let x = b.conv(
            &format!("{prefix}.conv2"),
            conv(width, width, 3, self.stride, 1, self.groups),
            x,
        )?;
        let x = b.conv(&format!("{prefix}.conv3"), conv(width, out, 1, 1, 0, 1), x)?;
        if self.stride != 1 || self.inplanes != out {
            b.conv(
                &format!("{prefix}.downsample.0"),
                conv(self.inplanes, out, 1, self.stride, 0, 1),
                input,
            )?;
        }
        Ok(x)
    }
}
