//! Each node as a typed op, read once (onnx-ir style): its attributes with ONNX's
//! defaults, so shape inference and the layers never look at an AttributeProto.
//! Attributes whose length depends on the input's rank (strides, pads, ...) stay
//! `None` when absent and get their default once the rank is known.

mod parse;

use crate::error::NodeRef;
use crate::value::Data;

/// ONNX's `auto_pad`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AutoPad {
    /// Use `pads` (the default).
    #[default]
    NotSet,
    /// Output size ceil(in / stride); an odd total padding puts the extra at the end.
    SameUpper,
    /// As SameUpper, with the extra at the beginning.
    SameLower,
    /// No padding.
    Valid,
}

/// A Conv's attributes. `kernel_shape` may be left out (it is the weight's).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Conv {
    pub kernel_shape: Option<Vec<i64>>,
    pub strides: Option<Vec<i64>>,
    /// `[x1_begin, x2_begin, ..., x1_end, x2_end, ...]`.
    pub pads: Option<Vec<i64>>,
    pub dilations: Option<Vec<i64>>,
    pub group: i64,
    pub auto_pad: AutoPad,
}

/// A MaxPool's or AveragePool's attributes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pool {
    pub kernel_shape: Vec<i64>,
    pub strides: Option<Vec<i64>>,
    pub pads: Option<Vec<i64>>,
    pub dilations: Option<Vec<i64>>,
    pub auto_pad: AutoPad,
    pub ceil_mode: bool,
}

/// Ops whose output has the shape of their first input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unary {
    Relu,
    LeakyRelu,
    Sigmoid,
    HardSigmoid,
    HardSwish,
    Tanh,
    Clip,
    Erf,
    Sqrt,
    Exp,
    Log,
    Neg,
    Abs,
    Reciprocal,
    Floor,
    Ceil,
    Round,
    Sign,
    Not,
    Gelu,
    Elu,
    Selu,
    Celu,
    Softplus,
    Softsign,
    Mish,
    Sin,
    Cos,
    Softmax,
    LogSoftmax,
    Hardmax,
    Lrn,
    InstanceNormalization,
    IsNaN,
    IsInf,
}

/// Elementwise ops over any number of inputs, with numpy broadcasting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Broadcast {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Mod,
    Max,
    Min,
    Sum,
    Mean,
    Equal,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
    And,
    Or,
    Xor,
    PRelu,
}

/// A node's op. Inputs that ONNX moved from attributes to inputs over the
/// opsets (Split's `split`, Squeeze's `axes`, Slice's bounds, Pad's `pads`,
/// Reduce's `axes`) are read from whichever the file uses.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Conv(Conv),
    Gemm {
        trans_a: bool,
        trans_b: bool,
    },
    MatMul,
    MaxPool(Pool),
    AveragePool(Pool),
    GlobalAveragePool,
    GlobalMaxPool,
    Reshape {
        allowzero: bool,
    },
    Transpose {
        perm: Option<Vec<i64>>,
    },
    Flatten {
        axis: i64,
    },
    Concat {
        axis: i64,
    },
    Split {
        axis: i64,
        split: Option<Vec<i64>>,
        num_outputs: Option<i64>,
    },
    /// Opset 10+ reads starts, ends, axes and steps from inputs; before, from these.
    Slice {
        starts: Option<Vec<i64>>,
        ends: Option<Vec<i64>>,
        axes: Option<Vec<i64>>,
    },
    Squeeze {
        axes: Option<Vec<i64>>,
    },
    Unsqueeze {
        axes: Option<Vec<i64>>,
    },
    Shape {
        start: i64,
        end: Option<i64>,
    },
    Size,
    Gather {
        axis: i64,
    },
    /// `dims` is `None` for a constant this reader cannot size (a sparse or string value).
    Constant {
        dims: Option<Vec<usize>>,
        data: Option<Data>,
    },
    ConstantOfShape {
        value: Data,
    },
    Cast {
        to: i32,
    },
    CastLike,
    Identity,
    Dropout,
    Unary(Unary),
    Broadcast(Broadcast),
    Where,
    Expand,
    Tile,
    Range,
    BatchNormalization,
    LayerNormalization {
        axis: i64,
    },
    /// ReduceMean, ReduceSum, ..., and ArgMax/ArgMin (one axis).
    Reduce {
        axes: Option<Vec<i64>>,
        keepdims: bool,
        noop_with_empty_axes: bool,
    },
    Pad {
        pads: Option<Vec<i64>>,
    },
    Resize,
    Upsample {
        scales: Option<Vec<f32>>,
    },
    /// Any other op (or an op of another domain), kept by name.
    Other(String),
}

/// A node with its typed op.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub index: usize,
    pub name: String,
    pub op_type: String,
    /// Input names; an empty name is an omitted optional input.
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
    pub op: Op,
}

impl Node {
    /// Reads a node (see [`parse::node`]).
    pub fn parse(proto: &crate::proto::NodeProto, index: usize) -> crate::error::Result<Node> {
        parse::node(proto, index)
    }

    /// The node as errors name it.
    pub fn node_ref(&self) -> Box<NodeRef> {
        Box::new(NodeRef {
            index: self.index,
            name: self.name.clone(),
            op: self.op_type.clone(),
            outputs: self.outputs.clone(),
        })
    }

    /// Input `i`, unless absent or omitted (empty name).
    pub fn input(&self, i: usize) -> Option<&str> {
        self.inputs
            .get(i)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    /// The layer name: the node's name, else op and index ("Conv_12").
    pub fn layer_name(&self) -> String {
        if self.name.is_empty() {
            format!("{}_{}", self.op_type, self.index)
        } else {
            self.name.clone()
        }
    }
}
