//! The cost model: MACs, FLOPs, parameters, bytes moved and arithmetic intensity.
//!
//! Conventions (also in the README and `docs/CONVENTIONS.md`):
//! - MACs = N·C_out·(C_in/groups)·kH·kW·H_out·W_out (a multiply-add is one MAC);
//! - FLOPs = 2·MACs, plus N·C_out·H_out·W_out when bias is on (one add per output);
//! - params = C_out·(C_in/groups)·kH·kW, plus C_out when bias is on;
//! - bytes moved = 4·(input + weights + bias + output elements), each read or written once;
//! - arithmetic intensity = FLOPs / bytes moved.

use crate::error::{ConvError, Param, Quantity, Result};
use crate::limits::Limits;
use crate::spec::{Conv2dLayer, Conv2dSpec, Geometry};
use crate::tensor::Nchw;
use serde::{Deserialize, Serialize};

/// Cost of one layer (or a sum of layers) on one input shape.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Cost {
    pub macs: u64,
    pub flops: u64,
    pub params: u64,
    /// Bytes of input, weights, bias and output, each touched once (f32).
    pub bytes: u64,
}

impl Cost {
    /// FLOPs per byte moved; 0 when nothing moves.
    pub fn intensity(&self) -> f64 {
        if self.bytes == 0 {
            0.0
        } else {
            self.flops as f64 / self.bytes as f64
        }
    }
}

impl std::ops::Add for Cost {
    type Output = Cost;
    fn add(self, o: Cost) -> Cost {
        Cost {
            macs: self.macs + o.macs,
            flops: self.flops + o.flops,
            params: self.params + o.params,
            bytes: self.bytes + o.bytes,
        }
    }
}

impl std::iter::Sum for Cost {
    fn sum<I: Iterator<Item = Cost>>(iter: I) -> Cost {
        iter.fold(Cost::default(), |a, b| a + b)
    }
}

fn mul(what: Quantity, factors: &[usize]) -> Result<u64> {
    factors
        .iter()
        .try_fold(1u64, |acc, &f| acc.checked_mul(f as u64))
        .ok_or(ConvError::Overflow { what })
}

impl Conv2dLayer {
    /// The cost of running this layer on `geometry` (from [`Conv2dLayer::geometry`]).
    pub fn cost(&self, geometry: &Geometry) -> Result<Cost> {
        let o = geometry.output;
        let [kh, kw] = self.kernel;
        let macs = mul(
            Quantity::Macs,
            &[o.n, o.c, self.in_per_group(), kh, kw, o.h, o.w],
        )?;
        let outputs = mul(Quantity::OutputSize, &[o.n, o.c, o.h, o.w])?;
        let weights = mul(
            Quantity::Parameters,
            &[self.out_channels, self.in_per_group(), kh, kw],
        )?;
        let bias = if self.bias {
            self.out_channels as u64
        } else {
            0
        };
        let flops = macs
            .checked_mul(2)
            .and_then(|f| f.checked_add(if self.bias { outputs } else { 0 }))
            .ok_or(ConvError::Overflow {
                what: Quantity::Flops,
            })?;
        let params = weights.checked_add(bias).ok_or(ConvError::Overflow {
            what: Quantity::Parameters,
        })?;
        let inputs = mul(Quantity::InputSize, &geometry.input.to_array())?;
        let bytes = inputs
            .checked_add(params)
            .and_then(|b| b.checked_add(outputs))
            .and_then(|b| b.checked_mul(4))
            .ok_or(ConvError::Overflow {
                what: Quantity::BytesMoved,
            })?;
        Ok(Cost {
            macs,
            flops,
            params,
            bytes,
        })
    }
}

/// The four kinds of convolution the app compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConvKind {
    Standard,
    Grouped,
    Depthwise,
    Separable,
}

impl ConvKind {
    pub const ALL: [ConvKind; 4] = [
        ConvKind::Standard,
        ConvKind::Grouped,
        ConvKind::Depthwise,
        ConvKind::Separable,
    ];

    /// Lower-case name, as used in URLs and `data-testid`s.
    pub fn name(self) -> &'static str {
        match self {
            ConvKind::Standard => "standard",
            ConvKind::Grouped => "grouped",
            ConvKind::Depthwise => "depthwise",
            ConvKind::Separable => "separable",
        }
    }

    /// Parses [`ConvKind::name`].
    pub fn from_name(s: &str) -> Option<ConvKind> {
        ConvKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// One concrete layer of a comparison: the layer, its shapes and its cost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlannedLayer {
    pub layer: Conv2dLayer,
    pub geometry: Geometry,
    pub cost: Cost,
}

impl PlannedLayer {
    /// Validates `spec` on `input` and costs it.
    pub fn plan(spec: &Conv2dSpec, input: Nchw, limits: &Limits) -> Result<PlannedLayer> {
        let layer = spec.validate()?;
        let geometry = layer.geometry(input, limits)?;
        let cost = layer.cost(&geometry)?;
        Ok(PlannedLayer {
            layer,
            geometry,
            cost,
        })
    }
}

/// The layers that make up one kind of convolution at a given setting.
/// Separable has two stages (depthwise, then pointwise); the others have one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindPlan {
    pub kind: ConvKind,
    pub stages: Vec<PlannedLayer>,
}

impl KindPlan {
    /// Total cost over the stages.
    pub fn cost(&self) -> Cost {
        self.stages.iter().map(|s| s.cost).sum()
    }

    /// Output shape of the last stage.
    pub fn output(&self) -> Nchw {
        self.stages
            .last()
            .map(|s| s.geometry.output)
            .unwrap_or(Nchw::new(0, 0, 0, 0))
    }
}

/// Standard, grouped, depthwise and separable convolution at one user setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub standard: KindPlan,
    pub grouped: KindPlan,
    pub depthwise: KindPlan,
    pub separable: KindPlan,
}

impl KindPlan {
    /// Builds one kind from a base spec (whose `groups` is the grouped kind's), an
    /// input shape and a depth multiplier, validating only what that kind uses:
    /// - standard: the base with groups = 1 (ignores groups and the multiplier);
    /// - grouped: the base as given (ignores the multiplier);
    /// - depthwise: groups = C_in, C_in → C_in·multiplier, same kernel/stride/padding/dilation
    ///   (ignores groups and out_channels);
    /// - separable: that depthwise layer, then a 1x1 from C_in·multiplier to out_channels
    ///   (ignores groups).
    pub fn build(
        kind: ConvKind,
        base: &Conv2dSpec,
        input: Nchw,
        multiplier: usize,
        limits: &Limits,
    ) -> Result<KindPlan> {
        let stages = match kind {
            ConvKind::Standard => {
                let standard = Conv2dSpec {
                    groups: 1,
                    ..base.clone()
                };
                vec![PlannedLayer::plan(&standard, input, limits)?]
            }
            ConvKind::Grouped => vec![PlannedLayer::plan(base, input, limits)?],
            ConvKind::Depthwise => {
                let dw = depthwise_spec(base, multiplier)?;
                vec![PlannedLayer::plan(&dw, input, limits)?]
            }
            ConvKind::Separable => {
                let dw = depthwise_spec(base, multiplier)?;
                let dw_plan = PlannedLayer::plan(&dw, input, limits)?;
                let pw = pointwise_spec(base, dw.out_channels);
                let pw_plan = PlannedLayer::plan(&pw, dw_plan.geometry.output, limits)?;
                vec![dw_plan, pw_plan]
            }
        };
        Ok(KindPlan { kind, stages })
    }
}

impl Comparison {
    /// Builds every kind with [`KindPlan::build`]; the first invalid kind's error
    /// (a bad multiplier first, then in [`ConvKind::ALL`] order) fails the whole.
    pub fn build(
        base: &Conv2dSpec,
        input: Nchw,
        multiplier: usize,
        limits: &Limits,
    ) -> Result<Comparison> {
        depthwise_spec(base, multiplier)?;
        let kind = |k| KindPlan::build(k, base, input, multiplier, limits);
        Ok(Comparison {
            standard: kind(ConvKind::Standard)?,
            grouped: kind(ConvKind::Grouped)?,
            depthwise: kind(ConvKind::Depthwise)?,
            separable: kind(ConvKind::Separable)?,
        })
    }

    /// The plan of one kind.
    pub fn get(&self, kind: ConvKind) -> &KindPlan {
        match kind {
            ConvKind::Standard => &self.standard,
            ConvKind::Grouped => &self.grouped,
            ConvKind::Depthwise => &self.depthwise,
            ConvKind::Separable => &self.separable,
        }
    }
}

/// The depthwise layer of `base`: groups = C_in, C_in → C_in·multiplier.
pub fn depthwise_spec(base: &Conv2dSpec, multiplier: usize) -> Result<Conv2dSpec> {
    if multiplier == 0 {
        return Err(ConvError::NotPositive {
            param: Param::Multiplier,
            value: "0".into(),
        });
    }
    let out_channels = base
        .in_channels
        .checked_mul(multiplier)
        .ok_or(ConvError::Overflow {
            what: Quantity::DepthwiseOutputs,
        })?;
    Ok(Conv2dSpec {
        out_channels,
        groups: base.in_channels,
        ..base.clone()
    })
}

/// The pointwise (1x1) layer that follows a depthwise layer with `mid_channels` outputs.
pub fn pointwise_spec(base: &Conv2dSpec, mid_channels: usize) -> Conv2dSpec {
    Conv2dSpec {
        in_channels: mid_channels,
        out_channels: base.out_channels,
        kernel_size: 1.into(),
        stride: 1.into(),
        padding: crate::spec::Padding::Explicit([0, 0]),
        dilation: 1.into(),
        groups: 1,
        bias: base.bias,
        padding_mode: crate::spec::PaddingMode::Zeros,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MobileNet v1 paper, Table 3: a 14x14x512 → 14x14x512 layer, 3x3, no bias.
    #[test]
    fn mobilenet_table3_layer() {
        let mut base = Conv2dSpec::new(512, 512, 3);
        base.padding = crate::spec::Padding::Explicit([1, 1]);
        base.bias = false;
        let c = Comparison::build(&base, Nchw::new(1, 512, 14, 14), 1, &Limits::default()).unwrap();
        assert_eq!(c.standard.cost().macs, 462_422_016);
        assert_eq!(c.standard.cost().params, 2_359_296);
        assert_eq!(c.separable.cost().macs, 52_283_392);
        assert_eq!(c.separable.cost().params, 266_752);
        assert_eq!(c.depthwise.cost().macs, 903_168);
        assert_eq!(c.standard.cost().flops, 2 * 462_422_016);
    }

    #[test]
    fn bias_adds_one_flop_per_output_and_one_param_per_channel() {
        let base = Conv2dSpec {
            groups: 2,
            ..Conv2dSpec::new(4, 6, 3)
        };
        let c = Comparison::build(&base, Nchw::new(2, 4, 5, 5), 2, &Limits::default()).unwrap();
        // grouped: N=2, C_out=6, C_in/g=2, 3x3, out 3x3
        let g = c.grouped.cost();
        assert_eq!(g.macs, 2 * 6 * 2 * 9 * 9);
        assert_eq!(g.flops, 2 * g.macs + 2 * 6 * 9);
        assert_eq!(g.params, 6 * 2 * 9 + 6);
        // depthwise with multiplier 2: 4 → 8 channels, one input channel each
        let d = c.depthwise.cost();
        assert_eq!(d.macs, 2 * 8 * 9 * 9);
        assert_eq!(d.params, 8 * 9 + 8);
        assert_eq!(c.depthwise.output(), Nchw::new(2, 8, 3, 3));
        // separable = depthwise + 1x1 (8 → 6) on 3x3
        let s = c.separable.cost();
        assert_eq!(s.macs, d.macs + 2 * 6 * 8 * 9);
        assert_eq!(s.params, d.params + 6 * 8 + 6);
        assert_eq!(s.bytes, d.bytes + 4 * (2 * 8 * 9 + 6 * 8 + 6 + 2 * 6 * 9));
    }

    fn odd_channels(c: usize) -> (Conv2dSpec, Nchw) {
        let base = Conv2dSpec {
            groups: 2,
            padding: crate::spec::Padding::Explicit([1, 1]),
            ..Conv2dSpec::new(c, 16, 3)
        };
        (base, Nchw::new(1, c, 8, 8))
    }

    /// Odd C_in with groups = 2: only the grouped kind reads groups, so only it fails.
    #[test]
    fn each_kind_validates_only_what_it_uses() {
        for c in [3, 5, 7] {
            let (base, input) = odd_channels(c);
            let build = |k| KindPlan::build(k, &base, input, 1, &Limits::default());
            assert_eq!(
                build(ConvKind::Grouped).unwrap_err().to_string(),
                format!("in_channels must be divisible by groups (in_channels={c}, groups=2)")
            );
            assert_eq!(build(ConvKind::Standard).unwrap().output().c, 16);
            assert_eq!(build(ConvKind::Depthwise).unwrap().output().c, c);
            let sep = build(ConvKind::Separable).unwrap();
            assert_eq!((sep.stages.len(), sep.output().c), (2, 16));
            assert!(Comparison::build(&base, input, 1, &Limits::default()).is_err());
        }
    }

    #[test]
    fn ignored_parameters_do_not_fail_a_kind() {
        let (mut base, input) = odd_channels(4);
        base.groups = 0;
        base.out_channels = 0;
        let build = |k, m| KindPlan::build(k, &base, input, m, &Limits::default());
        // Depthwise ignores groups and out_channels; standard and grouped the multiplier.
        assert_eq!(build(ConvKind::Depthwise, 2).unwrap().output().c, 8);
        assert!(
            build(ConvKind::Standard, 0).is_err(),
            "out_channels=0 is used"
        );
        base.out_channels = 6;
        let build = |k, m| KindPlan::build(k, &base, input, m, &Limits::default());
        assert_eq!(build(ConvKind::Standard, 0).unwrap().output().c, 6);
        assert_eq!(build(ConvKind::Separable, 1).unwrap().output().c, 6);
        assert_eq!(
            build(ConvKind::Grouped, 0).unwrap_err(),
            ConvError::GroupsNotPositive
        );
        assert!(
            build(ConvKind::Depthwise, 0).is_err(),
            "the multiplier is used"
        );
    }

    #[test]
    fn comparison_is_the_four_kind_plans() {
        let (base, input) = odd_channels(8);
        let c = Comparison::build(&base, input, 2, &Limits::default()).unwrap();
        for k in ConvKind::ALL {
            let plan = KindPlan::build(k, &base, input, 2, &Limits::default()).unwrap();
            assert_eq!(c.get(k), &plan);
        }
    }
}
