//! The convolution kernels, all with PyTorch `nn.Conv2d` semantics.
//!
//! Every public function checks its arguments (layer, shapes, data lengths,
//! bias presence, resource limits) and returns a typed [`ConvError`] rather than
//! panicking: the app feeds them whatever the user typed.
//!
//! There are several kernels for one operation on purpose. [`conv2d_reference`]
//! is the naive loop the others are tested against (it is the definition, so it
//! stays obvious); [`conv2d_general`], [`depthwise`] and [`pointwise`] are the
//! fast paths (the depthwise kernel also runs grouped layers with few channels
//! per group); [`conv2d`] picks the fast path that fits the layer.
//!
//! Summation order: every kernel sums the multiply-add terms in f32 (as
//! onnxruntime does) and adds the bias last. The reference and the depthwise
//! (and direct grouped) path sum in the order `(ci, ky, kx)`, so they agree bit for bit; the GEMM paths
//! also sum over `(ci, ky, kx)` in order, starting from zero, and agree too
//! except where a zero-padded tap meets a non-finite weight.
//!
//! Multiply-add rule: every `acc + w · x` of a convolution sum, in every kernel
//! and in [`crate::trace`], goes through [`madd`], never a hand-written
//! `acc += w * x` or `mul_add`. [`madd`] is a multiply then an add (two
//! roundings) on every target, never a fused multiply-add: wasm32 has no FMA,
//! and the page (wasm32) and the `conv` tool (native) must give the *same*
//! numbers for the same seed, to the last bit, so a teacher can check one
//! against the other. Within and across builds every kernel, the reference and
//! the trace agree exactly. The bias is a plain add. (A fused version was
//! measured: at most a small gain on depthwise, up to 1.4× on the GEMM paths;
//! see docs/PERFORMANCE.md.)

mod depthwise;
mod gemm;
mod general;
mod padding;
mod reference;
mod shuffle;

pub use padding::pad;
pub(crate) use padding::{interior, source};
pub(crate) use reference::tap;
pub use shuffle::channel_shuffle;

/// `acc + w · x`, the one multiply-add of every convolution sum: a multiply
/// then an add on every target, so native and wasm32 builds agree bit for bit
/// (see the module doc).
#[inline(always)]
pub(crate) fn madd(acc: f32, w: f32, x: f32) -> f32 {
    acc + w * x
}

use crate::cost::Cost;
use crate::error::{ConvError, Param, Quantity, Result};
use crate::limits::Limits;
use crate::spec::{Conv2dLayer, Geometry, MAX_DIM};
use crate::tensor::Tensor;
use serde::{Deserialize, Serialize};

/// Which kernel [`conv2d`] runs for a layer, so the app and benches can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KernelPath {
    /// groups == in_channels: the direct per-channel kernel.
    Depthwise,
    /// 1x1, stride 1, no padding: a per-group GEMM straight on the input.
    Pointwise,
    /// Groups of at most [`DIRECT_MAX_IN_PER_GROUP`] input channels: the
    /// depthwise kernel, its taps running over each group's planes.
    Grouped,
    /// Everything else: per-group im2col tiles feeding the same GEMM.
    General,
}

impl KernelPath {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            KernelPath::Depthwise => "depthwise",
            KernelPath::Pointwise => "pointwise",
            KernelPath::Grouped => "grouped",
            KernelPath::General => "general",
        }
    }
}

/// Grouped layers (not 1x1) with at most this many input channels per group
/// take the direct kernel ([`KernelPath::Grouped`]): with so few, the GEMM's
/// depth `C_in/g · kH · kW` is too short to pay for building and packing its
/// im2col tiles.
pub const DIRECT_MAX_IN_PER_GROUP: usize = 8;

/// The kernel [`conv2d`] dispatches to for `layer`.
pub fn kernel_path(layer: &Conv2dLayer) -> KernelPath {
    if layer.is_depthwise() {
        KernelPath::Depthwise
    } else if layer.is_pointwise() {
        KernelPath::Pointwise
    } else if layer.groups > 1 && layer.in_per_group() <= DIRECT_MAX_IN_PER_GROUP {
        KernelPath::Grouped
    } else {
        KernelPath::General
    }
}

/// 2-D convolution, dispatching to the fastest kernel that fits the layer
/// (see [`kernel_path`]).
pub fn conv2d(
    layer: &Conv2dLayer,
    input: &Tensor,
    weight: &Tensor,
    bias: Option<&[f32]>,
    limits: &Limits,
) -> Result<Tensor> {
    let geo = check_args(layer, input, weight, bias, limits)?.geometry;
    Ok(match kernel_path(layer) {
        KernelPath::Depthwise | KernelPath::Grouped => {
            depthwise::run(layer, &geo, input, weight, bias)
        }
        KernelPath::Pointwise => general::pointwise(layer, &geo, input, weight, bias),
        KernelPath::General => general::run(layer, &geo, input, weight, bias),
    })
}

/// The naive definition: one loop per index, with explicit `for g in 0..groups`,
/// `ci_per_g` and `co_per_g`, as tract's `ConvProblem::reference`. Slow; it is
/// what the fast paths are tested against.
pub fn conv2d_reference(
    layer: &Conv2dLayer,
    input: &Tensor,
    weight: &Tensor,
    bias: Option<&[f32]>,
    limits: &Limits,
) -> Result<Tensor> {
    let geo = check_args(layer, input, weight, bias, limits)?.geometry;
    Ok(reference::run(layer, &geo, input, weight, bias))
}

/// The fast general path for any valid layer: per group, im2col tiles (padding
/// resolved while gathering, for every padding mode) multiplied by the group's
/// filters with a register-blocked GEMM.
pub fn conv2d_general(
    layer: &Conv2dLayer,
    input: &Tensor,
    weight: &Tensor,
    bias: Option<&[f32]>,
    limits: &Limits,
) -> Result<Tensor> {
    let geo = check_args(layer, input, weight, bias, limits)?.geometry;
    Ok(general::run(layer, &geo, input, weight, bias))
}

/// The depthwise fast path (groups == in_channels, any depth multiplier
/// `out_channels / in_channels`): a direct loop over output rows with the
/// padding-free interior separated from the border. Errors if the layer is not
/// depthwise.
pub fn depthwise(
    layer: &Conv2dLayer,
    input: &Tensor,
    weight: &Tensor,
    bias: Option<&[f32]>,
    limits: &Limits,
) -> Result<Tensor> {
    let geo = check_args(layer, input, weight, bias, limits)?.geometry;
    if !layer.is_depthwise() {
        return Err(ConvError::InvalidSpec(format!(
            "depthwise kernel needs groups == in_channels (groups={}, in_channels={})",
            layer.groups, layer.in_channels
        )));
    }
    Ok(depthwise::run(layer, &geo, input, weight, bias))
}

/// The pointwise fast path (1x1 kernel, stride 1, no padding; any groups): a
/// per-group GEMM `(C_out/g x C_in/g) · (C_in/g x H·W)`. Errors if the layer is
/// not pointwise.
pub fn pointwise(
    layer: &Conv2dLayer,
    input: &Tensor,
    weight: &Tensor,
    bias: Option<&[f32]>,
    limits: &Limits,
) -> Result<Tensor> {
    let geo = check_args(layer, input, weight, bias, limits)?.geometry;
    if !layer.is_pointwise() {
        return Err(ConvError::InvalidSpec(format!(
            "pointwise kernel needs a 1x1 kernel, stride 1 and no padding (kernel={:?}, stride={:?}, pads={:?})",
            layer.kernel, layer.stride, layer.pads
        )));
    }
    Ok(general::pointwise(layer, &geo, input, weight, bias))
}

/// Both stages of a depthwise-separable convolution. The intermediate is kept
/// because the app shows it (it is what the pointwise stage mixes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeparableOutput {
    pub intermediate: Tensor,
    pub output: Tensor,
}

/// Depthwise-separable convolution: `dw` (must be depthwise) then `pw` (must be
/// pointwise, with `pw.in_channels == dw.out_channels`). Each stage is checked
/// against `limits` on its own, as each is one layer run.
#[allow(clippy::too_many_arguments)]
pub fn separable(
    dw: &Conv2dLayer,
    dw_weight: &Tensor,
    dw_bias: Option<&[f32]>,
    pw: &Conv2dLayer,
    pw_weight: &Tensor,
    pw_bias: Option<&[f32]>,
    input: &Tensor,
    limits: &Limits,
) -> Result<SeparableOutput> {
    check_layer(dw)?;
    check_layer(pw)?;
    if !dw.is_depthwise() {
        return Err(ConvError::InvalidSpec(format!(
            "separable: the first layer must be depthwise (groups={}, in_channels={})",
            dw.groups, dw.in_channels
        )));
    }
    if !pw.is_pointwise() {
        return Err(ConvError::InvalidSpec(
            "separable: the second layer must be pointwise (1x1, stride 1, no padding)".into(),
        ));
    }
    let intermediate = depthwise(dw, input, dw_weight, dw_bias, limits)?;
    let output = pointwise(pw, &intermediate, pw_weight, pw_bias, limits)?;
    Ok(SeparableOutput {
        intermediate,
        output,
    })
}

/// What [`check_args`] learned: shapes and cost of the run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Checked {
    pub geometry: Geometry,
    #[allow(dead_code)]
    pub cost: Cost,
}

/// Rejects a hand-built [`Conv2dLayer`] that [`crate::Conv2dSpec::validate`]
/// would never produce (its fields are public), so no kernel divides by zero or
/// overflows on one.
pub(crate) fn check_layer(layer: &Conv2dLayer) -> Result<()> {
    if layer.groups == 0 {
        return Err(ConvError::GroupsNotPositive);
    }
    for (param, channels) in [
        (Param::InChannels, layer.in_channels),
        (Param::OutChannels, layer.out_channels),
    ] {
        if channels == 0 {
            return Err(ConvError::NotPositive {
                param,
                value: "0".into(),
            });
        }
        if channels % layer.groups != 0 {
            return Err(ConvError::ChannelsNotDivisible {
                param,
                channels,
                groups: layer.groups,
            });
        }
    }
    for (param, p) in [
        (Param::KernelSize, layer.kernel),
        (Param::Stride, layer.stride),
        (Param::Dilation, layer.dilation),
    ] {
        if p[0] == 0 || p[1] == 0 {
            return Err(ConvError::NotPositive {
                param,
                value: format!("({}, {})", p[0], p[1]),
            });
        }
    }
    let p = layer.pads;
    for (what, v) in [
        (Param::InChannels, layer.in_channels),
        (Param::OutChannels, layer.out_channels),
        (Param::KernelSize, layer.kernel[0].max(layer.kernel[1])),
        (Param::Stride, layer.stride[0].max(layer.stride[1])),
        (Param::Dilation, layer.dilation[0].max(layer.dilation[1])),
        (
            Param::Padding,
            p.top
                .max(p.bottom)
                .max(p.left)
                .max(p.right)
                .saturating_sub(1),
        ),
    ] {
        if v > MAX_DIM {
            return Err(ConvError::LimitExceeded {
                what: Quantity::Param(what),
                limit: MAX_DIM as u64,
                got: v as u64,
            });
        }
    }
    Ok(())
}

/// Checks that a tensor's data length matches its shape.
pub(crate) fn check_data(what: Quantity, t: &Tensor) -> Result<()> {
    let expected = t.shape.checked_len().ok_or(ConvError::Overflow { what })?;
    if t.data.len() != expected {
        return Err(ConvError::DataLength {
            what,
            expected,
            got: t.data.len(),
        });
    }
    Ok(())
}

/// Every check a kernel needs before it may index without fear: layer sanity,
/// data lengths, input shape (via [`Conv2dLayer::geometry`]), weight shape, bias
/// presence and length, and the MAC limit.
pub(crate) fn check_args(
    layer: &Conv2dLayer,
    input: &Tensor,
    weight: &Tensor,
    bias: Option<&[f32]>,
    limits: &Limits,
) -> Result<Checked> {
    check_layer(layer)?;
    check_data(Quantity::Input, input)?;
    let geometry = layer.geometry(input.shape, limits)?;
    let ws = layer.weight_shape();
    if weight.shape != ws {
        return Err(ConvError::ShapeMismatch {
            what: Quantity::Weight,
            expected: ws.to_array().to_vec(),
            got: weight.shape.to_array().to_vec(),
        });
    }
    check_data(Quantity::Weight, weight)?;
    match (layer.bias, bias) {
        (true, Some(b)) if b.len() != layer.out_channels => {
            return Err(ConvError::ShapeMismatch {
                what: Quantity::Bias,
                expected: vec![layer.out_channels],
                got: vec![b.len()],
            })
        }
        (true, None) => {
            return Err(ConvError::InvalidSpec(format!(
                "the layer has bias=True but no bias was given (expected {} values)",
                layer.out_channels
            )))
        }
        (false, Some(_)) => {
            return Err(ConvError::InvalidSpec(
                "the layer has bias=False but a bias was given".into(),
            ))
        }
        _ => {}
    }
    let cost = layer.cost(&geometry)?;
    limits.check_macs(cost.macs)?;
    Ok(Checked { geometry, cost })
}

#[cfg(test)]
mod tests;
