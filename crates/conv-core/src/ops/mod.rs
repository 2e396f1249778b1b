//! The convolution kernels, all with PyTorch `nn.Conv2d` semantics.
//!
//! [`ConvProblem::new`] checks a convolution's arguments once (layer, shapes,
//! data lengths, bias presence, resource limits) and returns a typed
//! [`ConvError`] rather than panicking: the app feeds it whatever the user
//! typed. The kernels are the checked problem's methods.
//!
//! There are several kernels for one operation on purpose.
//! [`ConvProblem::reference`] is the naive loop the others are tested against
//! (it is the definition, so it stays obvious); [`ConvProblem::general`],
//! [`ConvProblem::depthwise`] and [`ConvProblem::pointwise`] are the fast paths
//! (the depthwise kernel also runs grouped layers with few channels per
//! group); [`ConvProblem::run`] picks the fast path that fits the layer, and
//! [`ConvProblem::separable`] runs a depthwise problem then its pointwise layer.
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
mod problem;
pub(crate) mod reference;
mod shuffle;

pub use padding::pad;
pub(crate) use padding::{interior, source};
pub use problem::ConvProblem;
pub(crate) use reference::tap;
pub use shuffle::channel_shuffle;

/// `acc + w · x`, the one multiply-add of every convolution sum: a multiply
/// then an add on every target, so native and wasm32 builds agree bit for bit
/// (see the module doc).
#[inline(always)]
pub(crate) fn madd(acc: f32, w: f32, x: f32) -> f32 {
    acc + w * x
}

use crate::error::{ConvError, Param, Quantity, Result};
use crate::spec::{Conv2dLayer, MAX_DIM};
use crate::tensor::Tensor;
use serde::{Deserialize, Serialize};

/// Which kernel [`ConvProblem::run`] runs for a layer, so the app and benches
/// can say so.
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

/// The kernel [`ConvProblem::run`] dispatches to for `layer`.
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

/// Both stages of a depthwise-separable convolution. The intermediate is kept
/// because the app shows it (it is what the pointwise stage mixes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeparableOutput {
    pub intermediate: Tensor,
    pub output: Tensor,
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

#[cfg(test)]
mod tests;
