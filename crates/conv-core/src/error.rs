//! Typed errors. Messages follow PyTorch's wording (so a student who later meets
//! the same mistake in PyTorch recognises it) and always add the offending values.

use std::fmt;

/// Everything that can go wrong in conv-core. Nothing in the crate panics on user
/// input: every bad spec, shape or size ends up as one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConvError {
    /// `groups` is zero.
    GroupsNotPositive,
    /// A channel count is not divisible by `groups`.
    ChannelsNotDivisible {
        /// `"in_channels"` or `"out_channels"`.
        param: &'static str,
        channels: usize,
        groups: usize,
    },
    /// A size-like parameter (`in_channels`, `kernel_size`, `stride`, `dilation`, ...) is zero.
    NotPositive { param: &'static str, value: String },
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
        what: &'static str,
        expected: Vec<usize>,
        got: Vec<usize>,
    },
    /// A tensor's data length disagrees with its shape.
    DataLength {
        what: &'static str,
        expected: usize,
        got: usize,
    },
    /// A resource limit that keeps a browser tab alive was exceeded.
    LimitExceeded {
        what: &'static str,
        limit: u64,
        got: u64,
    },
    /// Arithmetic on sizes overflowed `usize`/`u64`.
    Overflow { what: &'static str },
    /// Anything else about the spec (bad JSON, unknown padding string, ...).
    InvalidSpec(String),
}

fn pair(p: [usize; 2]) -> String {
    format!("({}, {})", p[0], p[1])
}

fn shape(s: &[usize]) -> String {
    let inner: Vec<String> = s.iter().map(|v| v.to_string()).collect();
    format!("[{}]", inner.join(", "))
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
                let eff = [
                    dilation[0]
                        .saturating_mul(kernel[0].saturating_sub(1))
                        .saturating_add(1),
                    dilation[1]
                        .saturating_mul(kernel[1].saturating_sub(1))
                        .saturating_add(1),
                ];
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
            ConvError::InvalidSpec(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for ConvError {}

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, ConvError>;
