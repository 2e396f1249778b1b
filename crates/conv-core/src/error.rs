//! Typed errors. Messages follow PyTorch's wording (so a student who later meets
//! the same mistake in PyTorch recognises it) and always add the offending values.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A parameter of the layer or of its input, as PyTorch names it. Errors name
/// parameters through this, so a page can place and translate the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Param {
    InChannels,
    OutChannels,
    KernelSize,
    Stride,
    Padding,
    Dilation,
    Groups,
    /// The depth multiplier of a depthwise layer.
    Multiplier,
    /// The channels of a tensor being shuffled.
    Channels,
    BatchSize,
    InputHeight,
    InputWidth,
}

impl Param {
    /// Every parameter, in declaration order.
    pub const ALL: [Param; 12] = [
        Param::InChannels,
        Param::OutChannels,
        Param::KernelSize,
        Param::Stride,
        Param::Padding,
        Param::Dilation,
        Param::Groups,
        Param::Multiplier,
        Param::Channels,
        Param::BatchSize,
        Param::InputHeight,
        Param::InputWidth,
    ];

    /// The name in PyTorch's messages.
    pub fn name(self) -> &'static str {
        match self {
            Param::InChannels => "in_channels",
            Param::OutChannels => "out_channels",
            Param::KernelSize => "kernel_size",
            Param::Stride => "stride",
            Param::Padding => "padding",
            Param::Dilation => "dilation",
            Param::Groups => "groups",
            Param::Multiplier => "multiplier",
            Param::Channels => "channels",
            Param::BatchSize => "batch size",
            Param::InputHeight => "input height",
            Param::InputWidth => "input width",
        }
    }
}

/// What a shape, size or limit error is about, when it is not a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// A parameter's value (limits on `kernel_size`, `in_channels`, ...).
    Param(Param),
    Input,
    Weight,
    Bias,
    Output,
    Intermediate,
    Tensor,
    ConcatenatedTensor,
    InputElements,
    PaddedInputElements,
    WeightElements,
    OutputElements,
    IntermediateElements,
    MacsPerRun,
    Macs,
    Flops,
    Parameters,
    BytesMoved,
    InputSize,
    OutputSize,
    TensorSize,
    /// `in_channels·multiplier`, a depthwise layer's outputs.
    DepthwiseOutputs,
}

impl Quantity {
    /// Every quantity that is not a parameter ([`Quantity::Param`]), in declaration order.
    pub const OTHERS: [Quantity; 21] = [
        Quantity::Input,
        Quantity::Weight,
        Quantity::Bias,
        Quantity::Output,
        Quantity::Intermediate,
        Quantity::Tensor,
        Quantity::ConcatenatedTensor,
        Quantity::InputElements,
        Quantity::PaddedInputElements,
        Quantity::WeightElements,
        Quantity::OutputElements,
        Quantity::IntermediateElements,
        Quantity::MacsPerRun,
        Quantity::Macs,
        Quantity::Flops,
        Quantity::Parameters,
        Quantity::BytesMoved,
        Quantity::InputSize,
        Quantity::OutputSize,
        Quantity::TensorSize,
        Quantity::DepthwiseOutputs,
    ];

    /// The words in the English messages.
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Param(p) => p.name(),
            Quantity::Input => "input",
            Quantity::Weight => "weight",
            Quantity::Bias => "bias",
            Quantity::Output => "output",
            Quantity::Intermediate => "intermediate",
            Quantity::Tensor => "tensor",
            Quantity::ConcatenatedTensor => "concatenated tensor",
            Quantity::InputElements => "input elements",
            Quantity::PaddedInputElements => "padded input elements",
            Quantity::WeightElements => "weight elements",
            Quantity::OutputElements => "output elements",
            Quantity::IntermediateElements => "intermediate elements",
            Quantity::MacsPerRun => "multiply-adds per run",
            Quantity::Macs => "MACs",
            Quantity::Flops => "FLOPs",
            Quantity::Parameters => "parameters",
            Quantity::BytesMoved => "bytes moved",
            Quantity::InputSize => "input size",
            Quantity::OutputSize => "output size",
            Quantity::TensorSize => "tensor size",
            Quantity::DepthwiseOutputs => "in_channels·multiplier",
        }
    }

    /// The element count of a tensor, as a limit names it.
    pub fn elements(self) -> Quantity {
        match self {
            Quantity::Input => Quantity::InputElements,
            Quantity::Weight => Quantity::WeightElements,
            Quantity::Output => Quantity::OutputElements,
            Quantity::Intermediate => Quantity::IntermediateElements,
            other => other,
        }
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything that can go wrong in conv-core. Nothing in the crate panics on user
/// input: every bad spec, shape or size ends up as one of these. Serde carries
/// them, typed, from the page's worker to the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConvError {
    /// `groups` is zero.
    GroupsNotPositive,
    /// A channel count is not divisible by `groups`.
    ChannelsNotDivisible {
        /// `in_channels`, `out_channels` (or a shuffle's `channels`).
        param: Param,
        channels: usize,
        groups: usize,
    },
    /// A size-like parameter (`in_channels`, `kernel_size`, `stride`, `dilation`, ...) is zero.
    NotPositive { param: Param, value: String },
    /// `padding="same"` with a stride other than 1.
    SameWithStride { stride: [usize; 2] },
    /// Reflect padding must be smaller than the input in that dimension.
    ReflectPaddingTooLarge {
        padding: [usize; 2],
        dim: usize,
        input: [usize; 4],
    },
    /// Circular padding cannot wrap more than once.
    CircularPaddingTooLarge {
        padding: [usize; 2],
        dim: usize,
        input: [usize; 4],
    },
    /// The padded input is smaller than the dilated kernel, so the output would be empty.
    KernelLargerThanInput {
        padded: [usize; 2],
        kernel: [usize; 2],
        dilation: [usize; 2],
    },
    /// Input channel count disagrees with the spec.
    InputChannels {
        groups: usize,
        weight: [usize; 4],
        input: [usize; 4],
        expected: usize,
    },
    /// A tensor's shape disagrees with what the spec needs.
    ShapeMismatch {
        what: Quantity,
        expected: Vec<usize>,
        got: Vec<usize>,
    },
    /// A tensor's data length disagrees with its shape.
    DataLength {
        what: Quantity,
        expected: usize,
        got: usize,
    },
    /// A resource limit that keeps a browser tab alive was exceeded.
    LimitExceeded {
        what: Quantity,
        limit: u64,
        got: u64,
    },
    /// Arithmetic on sizes overflowed `usize`/`u64`.
    Overflow { what: Quantity },
    /// A hand-made weight preset whose pattern needs a larger kernel (Sobel
    /// and Laplacian are 3x3 patterns).
    PresetNeedsKernel {
        preset: crate::weight_preset::WeightPreset,
        kernel: [usize; 2],
    },
    /// Anything else about the spec (bad JSON, unknown padding string, ...).
    InvalidSpec(String),
}

/// `(3, 5)`, as PyTorch prints a pair in its messages.
pub fn pair(p: [usize; 2]) -> String {
    format!("({}, {})", p[0], p[1])
}

/// `[1, 8, 32, 32]`, as PyTorch prints a shape in its messages.
pub fn shape(s: &[usize]) -> String {
    let inner: Vec<String> = s.iter().map(|v| v.to_string()).collect();
    format!("[{}]", inner.join(", "))
}

/// The extent of a dilated kernel, `dilation·(kernel − 1) + 1` per axis
/// (saturating: it only words a message).
pub fn dilated_kernel(kernel: [usize; 2], dilation: [usize; 2]) -> [usize; 2] {
    [0, 1].map(|i| {
        dilation[i]
            .saturating_mul(kernel[i].saturating_sub(1))
            .saturating_add(1)
    })
}

impl fmt::Display for ConvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConvError::GroupsNotPositive => {
                write!(f, "groups must be a positive integer (got groups=0)")
            }
            ConvError::ChannelsNotDivisible { param, channels, groups } => write!(
                f,
                "{param} must be divisible by groups ({param}={channels}, groups={groups})"
            ),
            ConvError::NotPositive { param, value } => {
                write!(f, "{param} must be a positive integer (got {param}={value})")
            }
            ConvError::SameWithStride { stride } => write!(
                f,
                "padding='same' is not supported for strided convolutions (stride={})",
                pair(*stride)
            ),
            ConvError::ReflectPaddingTooLarge { padding, dim, input } => write!(
                f,
                "padding_mode='reflect': Padding size should be less than the corresponding input dimension, but got: padding {} at dimension {dim} of input {}",
                pair(*padding),
                shape(input)
            ),
            ConvError::CircularPaddingTooLarge { padding, dim, input } => write!(
                f,
                "padding_mode='circular': Padding value causes wrapping around more than once, but got: padding {} at dimension {dim} of input {}",
                pair(*padding),
                shape(input)
            ),
            ConvError::KernelLargerThanInput { padded, kernel, dilation } => {
                let eff = dilated_kernel(*kernel, *dilation);
                write!(
                    f,
                    "Calculated padded input size per channel: ({} x {}). Kernel size: ({} x {}). Kernel size can't be greater than actual input size",
                    padded[0], padded[1], eff[0], eff[1]
                )
            }
            ConvError::InputChannels { groups, weight, input, expected } => write!(
                f,
                "Given groups={groups}, weight of size {}, expected input{} to have {expected} channels, but got {} channels instead",
                shape(weight),
                shape(input),
                input[1]
            ),
            ConvError::ShapeMismatch { what, expected, got } => write!(
                f,
                "{what} must have shape {} but got {}",
                shape(expected),
                shape(got)
            ),
            ConvError::DataLength { what, expected, got } => write!(
                f,
                "{what} has {got} values but its shape needs {expected}"
            ),
            ConvError::LimitExceeded { what, limit, got } => write!(
                f,
                "{what} is {got}, over the limit of {limit} that keeps the page responsive"
            ),
            ConvError::Overflow { what } => write!(f, "{what} overflows"),
            ConvError::PresetNeedsKernel { preset, kernel } => write!(
                f,
                "the {} weights need kernel_size ≥ 3 (got kernel_size={})",
                preset.name(),
                pair(*kernel)
            ),
            ConvError::InvalidSpec(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for ConvError {}

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, ConvError>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Each parameter's place in [`Param::ALL`]. The match is exhaustive, so a
    /// new variant fails to compile here, and then the test fails until it is listed.
    fn place(p: Param) -> usize {
        match p {
            Param::InChannels => 0,
            Param::OutChannels => 1,
            Param::KernelSize => 2,
            Param::Stride => 3,
            Param::Padding => 4,
            Param::Dilation => 5,
            Param::Groups => 6,
            Param::Multiplier => 7,
            Param::Channels => 8,
            Param::BatchSize => 9,
            Param::InputHeight => 10,
            Param::InputWidth => 11,
        }
    }

    /// The lists hold every parameter once and distinct names (a page reads a
    /// parameter or quantity back from its name).
    #[test]
    fn lists_are_complete_and_names_distinct() {
        for (i, p) in Param::ALL.into_iter().enumerate() {
            assert_eq!(place(p), i, "{p:?}");
        }
        let mut names: Vec<&str> = Param::ALL.iter().map(|p| p.name()).collect();
        names.extend(Quantity::OTHERS.iter().map(|q| q.name()));
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "a name is used twice");
        assert!(Quantity::OTHERS
            .iter()
            .all(|q| !matches!(q, Quantity::Param(_))));
    }
}
