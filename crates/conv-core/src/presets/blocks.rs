//! Single blocks from the papers that made grouped and separable convolutions famous.

use super::{conv, Builder, Network};
use crate::error::Result;
use crate::spec::Conv2dSpec;
use crate::tensor::Nchw;

/// Input of the ResNet/ResNeXt conv2 stage: 256 channels at 56x56.
const RES_IN: Nchw = Nchw {
    n: 1,
    c: 256,
    h: 56,
    w: 56,
};

/// ResNeXt-50 (32x4d) block of the conv2 stage (Xie et al. 2017, Fig. 3c): 1x1
/// 256→128, 3x3 128→128 with 32 groups, 1x1 128→256, at 56x56, no bias.
/// Parameters C·(256·d + 3·3·d·d + d·256) with C = 32, d = 4: 70,144.
pub fn resnext_block() -> Result<Network> {
    bottleneck(
        "resnext-block",
        "ResNeXt-50 (32x4d) block, 256-d in, 56x56",
        128,
        32,
    )
}

/// The ResNet-50 bottleneck it replaces (Fig. 1 left): 1x1 256→64, 3x3 64→64,
/// 1x1 64→256, at 56x56, no bias. Parameters 256·64 + 3·3·64·64 + 64·256: 69,632.
pub fn resnet_bottleneck() -> Result<Network> {
    bottleneck(
        "resnet-bottleneck",
        "ResNet-50 bottleneck block, 256-d in, 56x56",
        64,
        1,
    )
}

fn bottleneck(name: &str, description: &str, width: usize, groups: usize) -> Result<Network> {
    let mut b = Builder::new(name, description);
    let x = b.conv("reduce 1x1", conv(RES_IN.c, width, 1, 1, 0, 1), RES_IN)?;
    let label = if groups > 1 {
        format!("3x3, {groups} groups")
    } else {
        "3x3".to_string()
    };
    let x = b.conv(&label, conv(width, width, 3, 1, 1, groups), x)?;
    b.conv("expand 1x1", conv(width, RES_IN.c, 1, 1, 0, 1), x)?;
    Ok(b.finish())
}

/// ShuffleNet v1 (Zhang et al. 2018), Sec. 3.2: a unit with c = 240 channels,
/// bottleneck m = 60 and g = 3 groups, at 28x28 (stage 2 of ShuffleNet 1x, g = 3).
const SHUFFLE_IN: Nchw = Nchw {
    n: 1,
    c: 240,
    h: 28,
    w: 28,
};
const SHUFFLE_M: usize = 60;
const SHUFFLE_G: usize = 3;

/// The ShuffleNet unit (Fig. 2b, stride 1): 1x1 GConv 240→60 (g = 3), channel
/// shuffle, 3x3 depthwise 60, 1x1 GConv 60→240 (g = 3). Per output position
/// hw(2cm/g + 9m) = 10,140 MACs (the paper calls them FLOPs).
pub fn shufflenet_unit() -> Result<Network> {
    let (c, m, g) = (SHUFFLE_IN.c, SHUFFLE_M, SHUFFLE_G);
    let mut b = Builder::new(
        "shufflenet-unit",
        "ShuffleNet v1 unit, c=240, m=60, g=3, 28x28",
    );
    let x = b.conv("1x1 GConv, 3 groups", conv(c, m, 1, 1, 0, g), SHUFFLE_IN)?;
    let x = b.shuffle("channel shuffle", g, x);
    let x = b.conv("3x3 DWConv", conv(m, m, 3, 1, 1, m), x)?;
    b.conv("1x1 GConv, 3 groups", conv(m, c, 1, 1, 0, g), x)?;
    Ok(b.finish())
}

/// The ResNet unit the ShuffleNet paper compares with: hw(2cm + 9m²) = 61,200 per position.
pub fn shufflenet_resnet_unit() -> Result<Network> {
    shuffle_baseline(
        "shufflenet-resnet-unit",
        "ResNet unit, c=240, m=60, 28x28",
        1,
    )
}

/// The ResNeXt unit the ShuffleNet paper compares with (3x3 in g = 3 groups):
/// hw(2cm + 9m²/g) = 39,600 per position.
pub fn shufflenet_resnext_unit() -> Result<Network> {
    shuffle_baseline(
        "shufflenet-resnext-unit",
        "ResNeXt unit, c=240, m=60, g=3, 28x28",
        SHUFFLE_G,
    )
}

/// ResNet, ResNeXt and ShuffleNet units on the same input, in that order.
pub fn shufflenet_comparison() -> Result<[Network; 3]> {
    Ok([
        shufflenet_resnet_unit()?,
        shufflenet_resnext_unit()?,
        shufflenet_unit()?,
    ])
}

fn shuffle_baseline(name: &str, description: &str, groups: usize) -> Result<Network> {
    let (c, m) = (SHUFFLE_IN.c, SHUFFLE_M);
    let mut b = Builder::new(name, description);
    let x = b.conv("1x1", conv(c, m, 1, 1, 0, 1), SHUFFLE_IN)?;
    let x = b.conv("3x3", conv(m, m, 3, 1, 1, groups), x)?;
    b.conv("1x1", conv(m, c, 1, 1, 0, 1), x)?;
    Ok(b.finish())
}

/// AlexNet conv2 (Krizhevsky et al. 2012), split across two GPUs, i.e. groups = 2:
/// 96→256, 5x5, padding 2, on 27x27, with bias. Weights 256x48x5x5.
pub fn alexnet_conv2() -> Result<Network> {
    let mut b = Builder::new("alexnet-conv2", "AlexNet conv2, groups=2, 27x27");
    let spec = Conv2dSpec {
        bias: true,
        ..conv(96, 256, 5, 1, 2, 2)
    };
    b.conv("conv2, 2 groups", spec, Nchw::new(1, 96, 27, 27))?;
    Ok(b.finish())
}

/// Xception (Chollet 2017), Fig. 5, the second entry-flow block: 74x74x128 in,
/// SeparableConv 256 3x3, ReLU, SeparableConv 256 3x3, MaxPool 3x3 stride 2 (to
/// 37x37x256), plus the residual 1x1 conv 128→256 with stride 2. Each separable
/// conv is a 3x3 depthwise (padding 1) then a 1x1 pointwise; no bias anywhere,
/// as in the reference implementation. The max pool pads 1, which matches the
/// paper's "same" padding here (74 → 37).
pub fn xception_entry_block() -> Result<Network> {
    let input = Nchw::new(1, 128, 74, 74);
    let mut b = Builder::new(
        "xception-block",
        "Xception entry-flow block 2, 128→256, 74x74",
    );
    let x = b.conv(
        "sepconv1 depthwise 3x3",
        conv(128, 128, 3, 1, 1, 128),
        input,
    )?;
    let x = b.conv("sepconv1 pointwise 1x1", conv(128, 256, 1, 1, 0, 1), x)?;
    let x = b.conv("sepconv2 depthwise 3x3", conv(256, 256, 3, 1, 1, 256), x)?;
    let x = b.conv("sepconv2 pointwise 1x1", conv(256, 256, 1, 1, 0, 1), x)?;
    b.max_pool("max pool 3x3, stride 2", 3, 2, 1, x)?;
    b.conv("residual 1x1, stride 2", conv(128, 256, 1, 2, 0, 1), input)?;
    Ok(b.finish())
}
