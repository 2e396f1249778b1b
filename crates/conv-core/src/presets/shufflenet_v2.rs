//! ShuffleNet v2 1.0x (Ma et al. 2018, "ShuffleNet V2: Practical Guidelines for
//! Efficient CNN Architecture Design"), as torchvision's `shufflenet_v2_x1_0`
//! builds it. The units read like the paper's Fig. 3 (c) and (d): channel split
//! (stride 1 only), the branches, concat, channel shuffle.

use super::torchvision::{check_stride_32, image};
use super::{conv, Builder, Network};
use crate::error::Result;
use crate::tensor::Nchw;

/// Units per stage (`stage2` ... `stage4`).
const REPEATS: [usize; 3] = [4, 8, 4];
/// Output channels of conv1, the three stages and conv5 (Table 5, 1x).
const CHANNELS: [usize; 5] = [24, 116, 232, 464, 1024];
/// The shuffle mixes the two branches.
const SHUFFLE_GROUPS: usize = 2;
const CLASSES: usize = 1000;

/// ShuffleNet v2 1.0x on a `resolution`² input: conv1 3x3/2, maxpool 3x3/2, the
/// three stages (the first unit of each with stride 2), conv5 1x1, `fc`.
pub fn shufflenet_v2_x1_0(resolution: usize) -> Result<Network> {
    check_stride_32(resolution)?;
    let mut b = Builder::new(
        "shufflenet-v2-x1.0",
        format!("ShuffleNet v2 1.0x, {resolution}x{resolution} (torchvision shufflenet_v2_x1_0)"),
    );
    let x = b.conv(
        "conv1.0",
        conv(3, CHANNELS[0], 3, 2, 1, 1),
        image(resolution),
    )?;
    let mut x = b.max_pool("maxpool", 3, 2, 1, x)?;
    for (s, (&repeats, &out)) in REPEATS.iter().zip(&CHANNELS[1..]).enumerate() {
        for i in 0..repeats {
            let prefix = format!("stage{}.{i}", s + 2);
            x = if i == 0 {
                downsampling_unit(&mut b, &prefix, out, x)?
            } else {
                basic_unit(&mut b, &prefix, x)?
            };
        }
    }
    let last = CHANNELS[4];
    let x = b.conv("conv5.0", conv(x.c, last, 1, 1, 0, 1), x)?;
    b.fc("fc", x.c, CLASSES)?;
    Ok(b.finish())
}

/// `branch2` of torchvision's `InvertedResidual`: 1x1, 3x3 depthwise (stride), 1x1,
/// named `branch2.0`, `.3`, `.5` (batch norms and ReLUs between).
fn branch2(b: &mut Builder, prefix: &str, features: usize, stride: usize, x: Nchw) -> Result<Nchw> {
    let x = b.conv(
        &format!("{prefix}.branch2.0"),
        conv(x.c, features, 1, 1, 0, 1),
        x,
    )?;
    let x = b.conv(
        &format!("{prefix}.branch2.3"),
        conv(features, features, 3, stride, 1, features),
        x,
    )?;
    b.conv(
        &format!("{prefix}.branch2.5"),
        conv(features, features, 1, 1, 0, 1),
        x,
    )
}

/// Fig. 3(c), stride 1: split the channels in halves, run `branch2` on the second,
/// concat it after the first, shuffle.
fn basic_unit(b: &mut Builder, prefix: &str, x: Nchw) -> Result<Nchw> {
    let half = b.channel_split(&format!("{prefix}.split"), x);
    let y = branch2(b, prefix, half.c, 1, half)?;
    let out = b.concat(&format!("{prefix}.concat"), &[half, y])?;
    Ok(b.shuffle(&format!("{prefix}.shuffle"), SHUFFLE_GROUPS, out))
}

/// Fig. 3(d), stride 2: no split; `branch1` (3x3/2 depthwise, 1x1) and `branch2`
/// both read the whole input, each makes half of `out`; concat, shuffle.
fn downsampling_unit(b: &mut Builder, prefix: &str, out: usize, x: Nchw) -> Result<Nchw> {
    let features = out / 2;
    let y1 = b.conv(
        &format!("{prefix}.branch1.0"),
        conv(x.c, x.c, 3, 2, 1, x.c),
        x,
    )?;
    let y1 = b.conv(
        &format!("{prefix}.branch1.2"),
        conv(x.c, features, 1, 1, 0, 1),
        y1,
    )?;
    let y2 = branch2(b, prefix, features, 2, x)?;
    let out = b.concat(&format!("{prefix}.concat"), &[y1, y2])?;
    Ok(b.shuffle(&format!("{prefix}.shuffle"), SHUFFLE_GROUPS, out))
}
