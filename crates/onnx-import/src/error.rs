//! Typed errors. Each variant carries the facts (the node, the attribute, the
//! numbers) and only names taken from the file, never free text, so a page can
//! word it in any language; [`std::fmt::Display`] is the English for the CLI.

use std::fmt;

use conv_core::error::shape;
use conv_core::{ConvError, NetLayer};

/// A node of the graph, as an error names it: its name when it has one,
/// otherwise its index and outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NodeRef {
    /// Position in the graph's node list, from 0.
    pub index: usize,
    /// The node's name; empty when the file gives none.
    pub name: String,
    /// `op_type`, e.g. "Conv".
    pub op: String,
    /// The names of the values it produces.
    pub outputs: Vec<String>,
}

/// Why the bytes are not an ONNX model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum NotOnnx {
    /// They do not decode as a `ModelProto`.
    DoesNotDecode,
    /// They decode, but hold no graph.
    NoGraph,
}

/// What is wrong with a graph input's declared type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum InputProblem {
    /// Not a tensor (a sequence, a map, or no type at all).
    NotATensor,
    /// A tensor with no shape.
    NoShape,
    /// A dimension other than the batch is symbolic (`dim_param`, or unset).
    SymbolicDim { axis: usize, param: Option<String> },
    /// A negative dimension.
    NegativeDim { axis: usize, value: i64 },
}

/// Why a value's shape could not be known.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Unknown {
    /// The op is not one onnx-import knows, and the file stores no shape for its output.
    UnknownOp,
    /// The output's shape depends on the values of this input, which are not known
    /// (computed from the graph input, or too large to fold).
    ValuesUnknown { input: String },
    /// The inputs' shapes break the op's rule (they cannot broadcast, a reshape
    /// changes the element count, an axis is out of range, ...).
    Inconsistent,
    /// Nothing in the graph defines this input (no node output, graph input or initializer).
    Undefined { input: String },
}

/// The type an attribute has or should have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum AttrType {
    Float,
    Int,
    String,
    Tensor,
    Floats,
    Ints,
    /// Any other type (graph, sparse tensor, strings, ...).
    Other,
}

/// What is wrong with one attribute of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum AttrProblem {
    /// Required by the op and absent.
    Missing,
    WrongType {
        expected: AttrType,
        found: AttrType,
    },
    /// A string attribute with a value the op does not define (e.g. auto_pad).
    UnknownValue {
        value: String,
    },
    /// A list attribute with the wrong number of entries for the input's rank.
    WrongLength {
        expected: usize,
        found: usize,
    },
}

/// A rule of PyTorch's `conv2d` (or ONNX's Conv) that a Conv node breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ConvRule {
    /// The input is not `[N, C, H, W]`.
    InputRank {
        input: Vec<usize>,
    },
    /// The weight is not `[C_out, C_in/groups, kH, kW]`.
    WeightRank {
        weight: Vec<usize>,
    },
    /// `kernel_shape` disagrees with the weight's last two dimensions.
    KernelShape {
        kernel_shape: Vec<i64>,
        weight: Vec<usize>,
    },
    NonPositiveGroups {
        groups: i64,
    },
    /// A pool's `kernel_shape` with a zero or negative size.
    NonPositiveKernel {
        kernel_shape: Vec<i64>,
    },
    NonPositiveStride {
        stride: Vec<i64>,
    },
    NonPositiveDilation {
        dilation: Vec<i64>,
    },
    NegativePadding {
        pads: Vec<i64>,
    },
    /// `C_in` differs from `weight[1] · groups`.
    InputChannels {
        groups: usize,
        weight: Vec<usize>,
        input: Vec<usize>,
    },
    /// `weight[0]` (`C_out`) is not divisible by `groups`.
    OutChannels {
        groups: usize,
        weight: Vec<usize>,
    },
    /// Padding that differs between the two sides and that no symmetric padding
    /// can stand for (conv-core pads symmetrically): `[top, left, bottom, right]`.
    AsymmetricPads {
        pads: [usize; 4],
    },
}

/// Everything that can go wrong turning a file into a network. Nothing panics on
/// any input: every bad file ends up as one of these. Nodes are boxed to keep
/// the error (and every `Result` that carries it) small.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ModelError {
    /// No bytes at all.
    Empty,
    NotOnnx(NotOnnx),
    /// The file ends inside a field: at byte `at` of `len`, while reading the
    /// fields in `reading` (outermost first, e.g. `["graph", "initializer", "raw_data"]`).
    Truncated {
        at: usize,
        len: usize,
        reading: Vec<String>,
    },
    /// The default operator set (`ai.onnx`) is missing or outside the range read here.
    UnsupportedOpset {
        domain: String,
        found: Option<i64>,
        min: i64,
        max: i64,
    },
    /// Every graph input is an initializer: nothing to feed an image to.
    NoGraphInput,
    InputShape {
        input: String,
        problem: InputProblem,
    },
    /// A shape that a layer needs cannot be known. `node` is where knowledge stopped
    /// (the node whose output is unknown), `needed_by` the layer that needed it, and
    /// `known` every layer found before it, for the page to list.
    ShapeUnknown {
        node: Box<NodeRef>,
        why: Unknown,
        needed_by: Box<NodeRef>,
        /// Not in the serde form: a page sends the layers on their own.
        #[cfg_attr(feature = "serde", serde(skip))]
        known: Vec<NetLayer>,
    },
    /// A shape stored in the file (value_info or graph output) disagrees with the
    /// one inferred. `None` in `stored` is a symbolic dimension.
    ShapeDisagrees {
        node: Box<NodeRef>,
        value: String,
        stored: Vec<Option<usize>>,
        inferred: Vec<usize>,
    },
    Attribute {
        node: Box<NodeRef>,
        attribute: String,
        problem: AttrProblem,
    },
    /// A Conv whose attributes contradict its weight or input (or a max pool
    /// whose window breaks the same rules).
    Conv {
        node: Box<NodeRef>,
        rule: ConvRule,
    },
    /// conv-core refused the layer (e.g. a kernel larger than the padded input).
    Layer {
        node: Box<NodeRef>,
        error: ConvError,
    },
}

pub type Result<T> = std::result::Result<T, ModelError>;

impl fmt::Display for NodeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.is_empty() {
            let outs: Vec<String> = self.outputs.iter().map(|o| format!("'{o}'")).collect();
            write!(
                f,
                "node #{} ({}, output {})",
                self.index,
                self.op,
                outs.join(", ")
            )
        } else {
            write!(f, "node '{}' ({})", self.name, self.op)
        }
    }
}

impl fmt::Display for AttrType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AttrType::Float => "float",
            AttrType::Int => "int",
            AttrType::String => "string",
            AttrType::Tensor => "tensor",
            AttrType::Floats => "floats",
            AttrType::Ints => "ints",
            AttrType::Other => "another type",
        })
    }
}

/// `[1, ?, 28, 28]`: a stored shape, `?` for a symbolic dimension.
fn stored_shape(dims: &[Option<usize>]) -> String {
    let d: Vec<String> = dims
        .iter()
        .map(|d| d.map_or("?".to_string(), |v| v.to_string()))
        .collect();
    format!("[{}]", d.join(", "))
}

fn ints(v: &[i64]) -> String {
    let d: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    format!("[{}]", d.join(", "))
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputProblem::NotATensor => f.write_str("is not a tensor"),
            InputProblem::NoShape => f.write_str("has no shape"),
            InputProblem::SymbolicDim { axis, param } => match param {
                Some(p) => write!(f, "has a symbolic dimension '{p}' at axis {axis} (only the batch, axis 0, may be symbolic)"),
                None => write!(f, "has no size at axis {axis} (only the batch, axis 0, may be unset)"),
            },
            InputProblem::NegativeDim { axis, value } => {
                write!(f, "has a negative size {value} at axis {axis}")
            }
        }
    }
}

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unknown::UnknownOp => f.write_str(
                "its op is not one this reader knows and the file stores no shape for its output",
            ),
            Unknown::ValuesUnknown { input } => write!(
                f,
                "its output shape depends on the values of '{input}', which are not known"
            ),
            Unknown::Inconsistent => f.write_str("its inputs' shapes break the op's rule"),
            Unknown::Undefined { input } => {
                write!(f, "its input '{input}' is defined nowhere in the graph")
            }
        }
    }
}

impl fmt::Display for ConvRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConvRule::InputRank { input } => write!(
                f,
                "Expected 4D (batched) input to conv2d, but got input of size: {}",
                shape(input)
            ),
            ConvRule::WeightRank { weight } => write!(
                f,
                "Expected 4-dimensional weight for conv2d, but got weight of size {}",
                shape(weight)
            ),
            ConvRule::KernelShape { kernel_shape, weight } => write!(
                f,
                "kernel_shape {} disagrees with the weight of size {}",
                ints(kernel_shape),
                shape(weight)
            ),
            ConvRule::NonPositiveGroups { groups } => {
                write!(f, "non-positive groups is not supported (group={groups})")
            }
            ConvRule::NonPositiveKernel { kernel_shape } => write!(
                f,
                "kernel_size must be greater than zero (kernel_shape={})",
                ints(kernel_shape)
            ),
            ConvRule::NonPositiveStride { stride } => {
                write!(f, "non-positive stride is not supported (strides={})", ints(stride))
            }
            ConvRule::NonPositiveDilation { dilation } => write!(
                f,
                "dilation should be greater than zero (dilations={})",
                ints(dilation)
            ),
            ConvRule::NegativePadding { pads } => {
                write!(f, "negative padding is not supported (pads={})", ints(pads))
            }
            ConvRule::InputChannels { groups, weight, input } => write!(
                f,
                "Given groups={groups}, weight of size {}, expected input{} to have {} channels, but got {} channels instead",
                shape(weight),
                shape(input),
                weight.get(1).copied().unwrap_or(0).saturating_mul(*groups),
                input.get(1).copied().unwrap_or(0)
            ),
            ConvRule::OutChannels { groups, weight } => write!(
                f,
                "Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but got weight of size {} instead",
                shape(weight)
            ),
            ConvRule::AsymmetricPads { pads } => write!(
                f,
                "pads {} (top, left, bottom, right) differ between sides, and no symmetric padding gives the same output size",
                shape(pads)
            ),
        }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Empty => f.write_str("the file is empty"),
            ModelError::NotOnnx(NotOnnx::DoesNotDecode) => {
                f.write_str("not an ONNX model: the bytes do not decode as an ONNX ModelProto")
            }
            ModelError::NotOnnx(NotOnnx::NoGraph) => {
                f.write_str("not an ONNX model: it decodes, but holds no graph")
            }
            ModelError::Truncated { at, len, reading } => write!(
                f,
                "the file is cut short: it ends at byte {len} inside {} (a field that starts at byte {at} needs more)",
                if reading.is_empty() { "the model".to_string() } else { reading.join(".") }
            ),
            ModelError::UnsupportedOpset { domain, found, min, max } => match found {
                Some(v) => write!(f, "unsupported opset: {domain} version {v} (supported: {min}–{max})"),
                None => write!(f, "unsupported opset: the model imports no {domain} operator set (supported: {min}–{max})"),
            },
            ModelError::NoGraphInput => {
                f.write_str("the graph has no input (every input is an initializer)")
            }
            ModelError::InputShape { input, problem } => {
                write!(f, "graph input '{input}' {problem}")
            }
            ModelError::ShapeUnknown { node, why, needed_by, known } => write!(
                f,
                "cannot know the output shape of {node}: {why}; {needed_by} needs it ({} layer{} known before it)",
                known.len(),
                if known.len() == 1 { "" } else { "s" }
            ),
            ModelError::ShapeDisagrees { node, value, stored, inferred } => write!(
                f,
                "the file stores shape {} for '{value}' (output of {node}), but it is {}",
                stored_shape(stored),
                shape(inferred)
            ),
            ModelError::Attribute { node, attribute, problem } => match problem {
                AttrProblem::Missing => write!(f, "{node} needs attribute '{attribute}'"),
                AttrProblem::WrongType { expected, found } => write!(
                    f,
                    "attribute '{attribute}' of {node} must be {expected}, not {found}"
                ),
                AttrProblem::UnknownValue { value } => {
                    write!(f, "attribute '{attribute}' of {node} has an unknown value '{value}'")
                }
                AttrProblem::WrongLength { expected, found } => write!(
                    f,
                    "attribute '{attribute}' of {node} has {found} values, but the input needs {expected}"
                ),
            },
            ModelError::Conv { node, rule } => write!(f, "{node}: {rule}"),
            ModelError::Layer { node, error } => write!(f, "{node}: {error}"),
        }
    }
}

impl std::error::Error for ModelError {}
