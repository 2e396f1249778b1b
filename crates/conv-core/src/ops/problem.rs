//! [`ConvProblem`]: one convolution's arguments, checked once, with the
//! kernels as its methods.

use super::{
    check_data, check_layer, depthwise, general, kernel_path, reference, KernelPath,
    SeparableOutput,
};
use crate::error::{ConvError, Quantity, Result};
use crate::limits::Limits;
use crate::spec::{Conv2dLayer, Geometry};
use crate::tensor::Tensor;

/// One convolution to compute: a layer with its input, weight and bias, and
/// the shapes of the run. [`ConvProblem::new`] is the only way to make one and
/// checks everything a kernel needs to index without fear, so the kernels,
/// its methods, cannot fail (as tract's conv proptests' `ConvProblem`, whose
/// `reference()` the fast paths are compared with).
#[derive(Debug, Clone, Copy)]
pub struct ConvProblem<'a> {
    pub(crate) layer: &'a Conv2dLayer,
    pub(crate) geometry: Geometry,
    pub(crate) input: &'a Tensor,
    pub(crate) weight: &'a Tensor,
    pub(crate) bias: Option<&'a [f32]>,
}

impl<'a> ConvProblem<'a> {
    /// Checks the arguments: layer sanity, data lengths, input shape (via
    /// [`Conv2dLayer::geometry`]), weight shape, bias presence and length,
    /// and the MAC limit. Errors are typed, never panics: the app feeds it
    /// whatever the user typed.
    pub fn new(
        layer: &'a Conv2dLayer,
        input: &'a Tensor,
        weight: &'a Tensor,
        bias: Option<&'a [f32]>,
        limits: &Limits,
    ) -> Result<Self> {
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
        limits.check_macs(layer.cost(&geometry)?.macs)?;
        Ok(ConvProblem {
            layer,
            geometry,
            input,
            weight,
            bias,
        })
    }

    pub fn layer(&self) -> &'a Conv2dLayer {
        self.layer
    }

    /// Input and output shapes.
    pub fn geometry(&self) -> Geometry {
        self.geometry
    }

    pub fn input(&self) -> &'a Tensor {
        self.input
    }

    pub fn weight(&self) -> &'a Tensor {
        self.weight
    }

    pub fn bias(&self) -> Option<&'a [f32]> {
        self.bias
    }

    /// The convolution by the fastest kernel that fits the layer (see
    /// [`kernel_path`]).
    pub fn run(&self) -> Tensor {
        match kernel_path(self.layer) {
            KernelPath::Depthwise | KernelPath::Grouped => depthwise::run(self),
            KernelPath::Pointwise => general::pointwise(self),
            KernelPath::General => general::run(self),
        }
    }

    /// The naive definition: one loop per index, with explicit `for g in
    /// 0..groups`, `ci_per_g` and `co_per_g`, as tract's
    /// `ConvProblem::reference`. Slow; it is what the fast paths are tested
    /// against.
    pub fn reference(&self) -> Tensor {
        reference::run(self)
    }

    /// The fast general path for any valid layer: per group, im2col tiles
    /// (padding resolved while gathering, for every padding mode) multiplied
    /// by the group's filters with a register-blocked GEMM.
    pub fn general(&self) -> Tensor {
        general::run(self)
    }

    /// The depthwise fast path (groups == in_channels, any depth multiplier
    /// `out_channels / in_channels`): a direct loop over output rows with the
    /// padding-free interior separated from the border. Errors if the layer
    /// is not depthwise.
    pub fn depthwise(&self) -> Result<Tensor> {
        let layer = self.layer;
        if !layer.is_depthwise() {
            return Err(ConvError::InvalidSpec(format!(
                "depthwise kernel needs groups == in_channels (groups={}, in_channels={})",
                layer.groups, layer.in_channels
            )));
        }
        Ok(depthwise::run(self))
    }

    /// The pointwise fast path (1x1 kernel, stride 1, no padding; any
    /// groups): a per-group GEMM `(C_out/g x C_in/g) · (C_in/g x H·W)`. Errors
    /// if the layer is not pointwise.
    pub fn pointwise(&self) -> Result<Tensor> {
        let layer = self.layer;
        if !layer.is_pointwise() {
            return Err(ConvError::InvalidSpec(format!(
                "pointwise kernel needs a 1x1 kernel, stride 1 and no padding (kernel={:?}, stride={:?}, pads={:?})",
                layer.kernel, layer.stride, layer.pads
            )));
        }
        Ok(general::pointwise(self))
    }

    /// Depthwise-separable convolution: this problem (its layer must be
    /// depthwise), then `pw` (must be pointwise, with `pw.in_channels` equal to
    /// this layer's `out_channels`) on its output. The pointwise stage is
    /// checked against `limits` on its own, as each stage is one layer run; the
    /// intermediate is kept because the app shows it.
    pub fn separable(
        &self,
        pw: &Conv2dLayer,
        pw_weight: &Tensor,
        pw_bias: Option<&[f32]>,
        limits: &Limits,
    ) -> Result<SeparableOutput> {
        check_layer(pw)?;
        if !self.layer.is_depthwise() {
            return Err(ConvError::InvalidSpec(format!(
                "separable: the first layer must be depthwise (groups={}, in_channels={})",
                self.layer.groups, self.layer.in_channels
            )));
        }
        if !pw.is_pointwise() {
            return Err(ConvError::InvalidSpec(
                "separable: the second layer must be pointwise (1x1, stride 1, no padding)".into(),
            ));
        }
        let intermediate = depthwise::run(self);
        let output =
            ConvProblem::new(pw, &intermediate, pw_weight, pw_bias, limits)?.pointwise()?;
        Ok(SeparableOutput {
            intermediate,
            output,
        })
    }
}
