//! `Conv2dSpec`: a convolution layer described with PyTorch `nn.Conv2d` names and
//! semantics, its JSON form, and validation into a normalised [`Conv2dLayer`].

use crate::error::{ConvError, Param, Quantity, Result};
use crate::limits::Limits;
use crate::tensor::Nchw;
use serde::{Deserialize, Serialize};

/// An int or an `[h, w]` pair, as PyTorch accepts for kernel_size, stride and dilation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrPair {
    Int(usize),
    Pair([usize; 2]),
}

impl IntOrPair {
    /// The `[h, w]` pair this stands for.
    pub fn pair(self) -> [usize; 2] {
        match self {
            IntOrPair::Int(v) => [v, v],
            IntOrPair::Pair(p) => p,
        }
    }
}

impl From<usize> for IntOrPair {
    fn from(v: usize) -> Self {
        IntOrPair::Int(v)
    }
}

impl From<[usize; 2]> for IntOrPair {
    fn from(p: [usize; 2]) -> Self {
        IntOrPair::Pair(p)
    }
}

/// PyTorch's `padding` argument: an int, an `[h, w]` pair, `"same"` or `"valid"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Padding {
    /// Explicit symmetric padding `[h, w]` (an int `p` is `[p, p]`).
    Explicit([usize; 2]),
    /// Output size equals input size (stride 1 only); an odd total goes to bottom/right.
    Same,
    /// No padding (the same as `0`).
    Valid,
}

impl Default for Padding {
    fn default() -> Self {
        Padding::Explicit([0, 0])
    }
}

impl Serialize for Padding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Padding::Explicit([h, w]) if h == w => s.serialize_u64(*h as u64),
            Padding::Explicit(p) => p.serialize(s),
            Padding::Same => s.serialize_str("same"),
            Padding::Valid => s.serialize_str("valid"),
        }
    }
}

impl<'de> Deserialize<'de> for Padding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(usize),
            Pair([usize; 2]),
            Str(String),
        }
        match Raw::deserialize(d)? {
            Raw::Int(v) => Ok(Padding::Explicit([v, v])),
            Raw::Pair(p) => Ok(Padding::Explicit(p)),
            Raw::Str(s) => match s.as_str() {
                "same" => Ok(Padding::Same),
                "valid" => Ok(Padding::Valid),
                other => Err(serde::de::Error::custom(invalid_padding_string(other))),
            },
        }
    }
}

/// PyTorch's message for a padding string other than "same" and "valid".
pub(crate) fn invalid_padding_string(s: &str) -> String {
    format!("Invalid padding string '{s}', should be one of ['same', 'valid']")
}

/// How the border is filled, as PyTorch's `padding_mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaddingMode {
    #[default]
    Zeros,
    Reflect,
    Replicate,
    Circular,
}

impl PaddingMode {
    /// All modes, in PyTorch's order.
    pub const ALL: [PaddingMode; 4] = [
        PaddingMode::Zeros,
        PaddingMode::Reflect,
        PaddingMode::Replicate,
        PaddingMode::Circular,
    ];

    /// PyTorch's name for this mode.
    pub fn name(self) -> &'static str {
        match self {
            PaddingMode::Zeros => "zeros",
            PaddingMode::Reflect => "reflect",
            PaddingMode::Replicate => "replicate",
            PaddingMode::Circular => "circular",
        }
    }
}

fn one() -> IntOrPair {
    IntOrPair::Int(1)
}
fn one_usize() -> usize {
    1
}
fn yes() -> bool {
    true
}

/// A 2-D convolution layer as the user wrote it, with PyTorch `nn.Conv2d` names.
///
/// JSON example: `{"in_channels": 32, "out_channels": 64, "kernel_size": 3,
/// "padding": "same", "groups": 32}`; omitted fields take PyTorch's defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conv2dSpec {
    pub in_channels: usize,
    pub out_channels: usize,
    pub kernel_size: IntOrPair,
    #[serde(default = "one")]
    pub stride: IntOrPair,
    #[serde(default)]
    pub padding: Padding,
    #[serde(default = "one")]
    pub dilation: IntOrPair,
    #[serde(default = "one_usize")]
    pub groups: usize,
    #[serde(default = "yes")]
    pub bias: bool,
    #[serde(default)]
    pub padding_mode: PaddingMode,
}

impl Conv2dSpec {
    /// A spec with PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, bias on.
    pub fn new(in_channels: usize, out_channels: usize, kernel_size: impl Into<IntOrPair>) -> Self {
        Conv2dSpec {
            in_channels,
            out_channels,
            kernel_size: kernel_size.into(),
            stride: one(),
            padding: Padding::default(),
            dilation: one(),
            groups: 1,
            bias: true,
            padding_mode: PaddingMode::Zeros,
        }
    }

    /// Parses the JSON form; errors come back as [`ConvError::InvalidSpec`], naming
    /// the field when one holds the wrong value.
    pub fn from_json(text: &str) -> Result<Self> {
        crate::spec_json::parse(text)
    }

    /// The JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks PyTorch's construction-time rules and returns the normalised layer.
    /// Rules that need the input size are checked by [`Conv2dLayer::geometry`].
    pub fn validate(&self) -> Result<Conv2dLayer> {
        positive(Param::InChannels, self.in_channels)?;
        positive(Param::OutChannels, self.out_channels)?;
        if self.groups == 0 {
            return Err(ConvError::GroupsNotPositive);
        }
        if self.in_channels % self.groups != 0 {
            return Err(ConvError::ChannelsNotDivisible {
                param: Param::InChannels,
                channels: self.in_channels,
                groups: self.groups,
            });
        }
        if self.out_channels % self.groups != 0 {
            return Err(ConvError::ChannelsNotDivisible {
                param: Param::OutChannels,
                channels: self.out_channels,
                groups: self.groups,
            });
        }
        let kernel = positive_pair(Param::KernelSize, self.kernel_size.pair())?;
        let stride = positive_pair(Param::Stride, self.stride.pair())?;
        let dilation = positive_pair(Param::Dilation, self.dilation.pair())?;
        let pads = match self.padding {
            Padding::Explicit([h, w]) => Pads {
                top: h,
                bottom: h,
                left: w,
                right: w,
            },
            Padding::Valid => Pads::default(),
            Padding::Same => {
                if stride != [1, 1] {
                    return Err(ConvError::SameWithStride { stride });
                }
                // Saturating: absurd sizes are rejected just below, and must not
                // overflow (and panic) first.
                let total_h = dilation[0].saturating_mul(kernel[0] - 1);
                let total_w = dilation[1].saturating_mul(kernel[1] - 1);
                Pads {
                    top: total_h / 2,
                    bottom: total_h - total_h / 2,
                    left: total_w / 2,
                    right: total_w - total_w / 2,
                }
            }
        };
        // Guard against absurd numbers before any arithmetic on them can overflow.
        for (what, v) in [
            (Param::InChannels, self.in_channels),
            (Param::OutChannels, self.out_channels),
            (Param::KernelSize, kernel[0].max(kernel[1])),
            (Param::Stride, stride[0].max(stride[1])),
            (Param::Dilation, dilation[0].max(dilation[1])),
            (Param::Padding, pads.top.max(pads.left)),
        ] {
            if v > MAX_DIM {
                return Err(ConvError::LimitExceeded {
                    what: Quantity::Param(what),
                    limit: MAX_DIM as u64,
                    got: v as u64,
                });
            }
        }
        Ok(Conv2dLayer {
            in_channels: self.in_channels,
            out_channels: self.out_channels,
            kernel,
            stride,
            dilation,
            pads,
            groups: self.groups,
            bias: self.bias,
            padding_mode: self.padding_mode,
        })
    }
}

/// Any single size beyond this is rejected before arithmetic, so products cannot overflow.
pub const MAX_DIM: usize = 1 << 20;

fn positive(param: Param, v: usize) -> Result<usize> {
    if v == 0 {
        Err(ConvError::NotPositive {
            param,
            value: v.to_string(),
        })
    } else {
        Ok(v)
    }
}

fn positive_pair(param: Param, p: [usize; 2]) -> Result<[usize; 2]> {
    if p[0] == 0 || p[1] == 0 {
        Err(ConvError::NotPositive {
            param,
            value: format!("({}, {})", p[0], p[1]),
        })
    } else {
        Ok(p)
    }
}

/// Padding on each side, resolved from [`Padding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Pads {
    pub top: usize,
    pub bottom: usize,
    pub left: usize,
    pub right: usize,
}

/// A validated layer: every field normalised to pairs, padding resolved per side.
/// Two specs that mean the same layer (`3` and `[3, 3]`) give equal `Conv2dLayer`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conv2dLayer {
    pub in_channels: usize,
    pub out_channels: usize,
    pub kernel: [usize; 2],
    pub stride: [usize; 2],
    pub dilation: [usize; 2],
    pub pads: Pads,
    pub groups: usize,
    pub bias: bool,
    pub padding_mode: PaddingMode,
}

/// Input and output shapes of one run of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Geometry {
    pub input: Nchw,
    pub output: Nchw,
}

impl Conv2dLayer {
    /// Input channels seen by each filter: `C_in / groups`.
    pub fn in_per_group(&self) -> usize {
        self.in_channels / self.groups
    }

    /// Output channels produced by each group: `C_out / groups`.
    pub fn out_per_group(&self) -> usize {
        self.out_channels / self.groups
    }

    /// Weight shape `[C_out, C_in/groups, kH, kW]`, as PyTorch stores it.
    pub fn weight_shape(&self) -> Nchw {
        Nchw::new(
            self.out_channels,
            self.in_per_group(),
            self.kernel[0],
            self.kernel[1],
        )
    }

    /// True when every group has exactly one input channel (groups = C_in).
    pub fn is_depthwise(&self) -> bool {
        self.groups == self.in_channels
    }

    /// True for a 1x1, stride-1, unpadded kernel (any groups).
    pub fn is_pointwise(&self) -> bool {
        self.kernel == [1, 1] && self.stride == [1, 1] && self.pads == Pads::default()
    }

    /// Output spatial size for a given input spatial size, or the PyTorch error.
    pub fn output_hw(&self, h: usize, w: usize) -> Result<[usize; 2]> {
        let padded = [
            h.saturating_add(self.pads.top)
                .saturating_add(self.pads.bottom),
            w.saturating_add(self.pads.left)
                .saturating_add(self.pads.right),
        ];
        // Saturating: dilation·(kernel-1) can pass 2^32 on wasm32; a saturated
        // span is simply larger than any input.
        let span = [
            self.dilation[0]
                .saturating_mul(self.kernel[0].saturating_sub(1))
                .saturating_add(1),
            self.dilation[1]
                .saturating_mul(self.kernel[1].saturating_sub(1))
                .saturating_add(1),
        ];
        if padded[0] < span[0] || padded[1] < span[1] {
            return Err(ConvError::KernelLargerThanInput {
                padded,
                kernel: self.kernel,
                dilation: self.dilation,
            });
        }
        Ok([
            (padded[0] - span[0]) / self.stride[0] + 1,
            (padded[1] - span[1]) / self.stride[1] + 1,
        ])
    }

    /// Checks an input shape against the layer (channels, padding-mode limits,
    /// non-empty output, resource limits) and returns input and output shapes.
    pub fn geometry(&self, input: Nchw, limits: &Limits) -> Result<Geometry> {
        positive(Param::BatchSize, input.n)?;
        positive(Param::InputHeight, input.h)?;
        positive(Param::InputWidth, input.w)?;
        if input.c != self.in_channels {
            return Err(ConvError::InputChannels {
                groups: self.groups,
                weight: self.weight_shape().to_array(),
                input: input.to_array(),
                expected: self.in_channels,
            });
        }
        for (what, v) in [
            (Param::BatchSize, input.n),
            (Param::InputHeight, input.h),
            (Param::InputWidth, input.w),
        ] {
            if v > MAX_DIM {
                return Err(ConvError::LimitExceeded {
                    what: Quantity::Param(what),
                    limit: MAX_DIM as u64,
                    got: v as u64,
                });
            }
        }
        let p = self.pads;
        match self.padding_mode {
            PaddingMode::Reflect => {
                if p.top >= input.h || p.bottom >= input.h {
                    return Err(ConvError::ReflectPaddingTooLarge {
                        padding: [p.top, p.bottom],
                        dim: 2,
                        input: input.to_array(),
                    });
                }
                if p.left >= input.w || p.right >= input.w {
                    return Err(ConvError::ReflectPaddingTooLarge {
                        padding: [p.left, p.right],
                        dim: 3,
                        input: input.to_array(),
                    });
                }
            }
            PaddingMode::Circular => {
                if p.top > input.h || p.bottom > input.h {
                    return Err(ConvError::CircularPaddingTooLarge {
                        padding: [p.top, p.bottom],
                        dim: 2,
                        input: input.to_array(),
                    });
                }
                if p.left > input.w || p.right > input.w {
                    return Err(ConvError::CircularPaddingTooLarge {
                        padding: [p.left, p.right],
                        dim: 3,
                        input: input.to_array(),
                    });
                }
            }
            PaddingMode::Zeros | PaddingMode::Replicate => {}
        }
        let [oh, ow] = self.output_hw(input.h, input.w)?;
        let output = Nchw::new(input.n, self.out_channels, oh, ow);
        limits.check_tensor(Quantity::Input, input)?;
        limits.check_tensor(Quantity::Weight, self.weight_shape())?;
        limits.check_tensor(Quantity::Output, output)?;
        Ok(Geometry { input, output })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_and_defaults() {
        let s = Conv2dSpec::from_json(
            r#"{"in_channels":4,"out_channels":8,"kernel_size":[3,5],"padding":"same"}"#,
        )
        .unwrap();
        assert_eq!(s.stride, IntOrPair::Int(1));
        assert_eq!(s.groups, 1);
        assert!(s.bias);
        assert_eq!(s.padding, Padding::Same);
        assert_eq!(Conv2dSpec::from_json(&s.to_json()).unwrap(), s);
    }

    #[test]
    fn int_and_pair_normalise_equal() {
        let a = Conv2dSpec::new(4, 4, 3).validate().unwrap();
        let b = Conv2dSpec::new(4, 4, [3, 3]).validate().unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn same_padding_puts_odd_total_bottom_right() {
        let mut s = Conv2dSpec::new(1, 1, [4, 2]);
        s.padding = Padding::Same;
        let l = s.validate().unwrap();
        assert_eq!(
            l.pads,
            Pads {
                top: 1,
                bottom: 2,
                left: 0,
                right: 1
            }
        );
        assert_eq!(l.output_hw(7, 5).unwrap(), [7, 5]);
    }

    #[test]
    fn pytorch_worded_errors() {
        let mut s = Conv2dSpec::new(6, 8, 3);
        s.groups = 4;
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "in_channels must be divisible by groups (in_channels=6, groups=4)"
        );
        s.groups = 0;
        assert!(s
            .validate()
            .unwrap_err()
            .to_string()
            .contains("groups must be a positive integer"));
        let mut s = Conv2dSpec::new(2, 2, 3);
        s.padding = Padding::Same;
        s.stride = IntOrPair::Int(2);
        assert!(s
            .validate()
            .unwrap_err()
            .to_string()
            .contains("padding='same' is not supported for strided convolutions"));
        assert!(Conv2dSpec::from_json(
            r#"{"in_channels":1,"out_channels":1,"kernel_size":1,"padding":"full"}"#
        )
        .unwrap_err()
        .to_string()
        .contains("Invalid padding string 'full'"));
    }

    #[test]
    fn kernel_larger_than_input() {
        let l = Conv2dSpec::new(1, 1, 5).validate().unwrap();
        let e = l
            .geometry(Nchw::new(1, 1, 3, 3), &Limits::default())
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("Kernel size can't be greater than actual input size"),
            "{e}"
        );
    }
}
