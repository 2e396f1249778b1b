//! NodeProto → [`Node`]: attributes read with their types checked and ONNX's defaults.

use super::{AutoPad, Broadcast, Conv, Node, Op, Pool, Unary};
use crate::error::{AttrProblem, AttrType, ModelError, NodeRef, Result};
use crate::proto::{AttributeProto, NodeProto};
use crate::value::{self, Data};

/// A node's attributes, with typed getters whose errors name the node.
struct Attrs<'a> {
    proto: &'a NodeProto,
    index: usize,
}

fn attr_type(code: i32) -> AttrType {
    match code {
        1 => AttrType::Float,
        2 => AttrType::Int,
        3 => AttrType::String,
        4 => AttrType::Tensor,
        6 => AttrType::Floats,
        7 => AttrType::Ints,
        _ => AttrType::Other,
    }
}

impl<'a> Attrs<'a> {
    fn node_ref(&self) -> Box<NodeRef> {
        Box::new(NodeRef {
            index: self.index,
            name: self.proto.name.clone(),
            op: self.proto.op_type.clone(),
            outputs: self.proto.output.clone(),
        })
    }

    fn error(&self, name: &str, problem: AttrProblem) -> ModelError {
        ModelError::Attribute {
            node: self.node_ref(),
            attribute: name.to_string(),
            problem,
        }
    }

    /// The attribute `name` if present, checked to be of type `expected`. IR
    /// version 1 files have no type field (0): those are taken as they come.
    fn get(&self, name: &str, expected: AttrType) -> Result<Option<&'a AttributeProto>> {
        let Some(a) = self.proto.attribute.iter().find(|a| a.name == name) else {
            return Ok(None);
        };
        let found = attr_type(a.r#type);
        if a.r#type != 0 && found != expected {
            return Err(self.error(name, AttrProblem::WrongType { expected, found }));
        }
        Ok(Some(a))
    }

    fn int(&self, name: &str) -> Result<Option<i64>> {
        Ok(self.get(name, AttrType::Int)?.map(|a| a.i))
    }

    fn int_or(&self, name: &str, default: i64) -> Result<i64> {
        Ok(self.int(name)?.unwrap_or(default))
    }

    fn ints(&self, name: &str) -> Result<Option<Vec<i64>>> {
        Ok(self.get(name, AttrType::Ints)?.map(|a| a.ints.clone()))
    }

    fn floats(&self, name: &str) -> Result<Option<Vec<f32>>> {
        Ok(self.get(name, AttrType::Floats)?.map(|a| a.floats.clone()))
    }

    fn string(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .get(name, AttrType::String)?
            .map(|a| String::from_utf8_lossy(&a.s).into_owned()))
    }

    fn auto_pad(&self) -> Result<AutoPad> {
        match self.string("auto_pad")?.as_deref() {
            None | Some("NOTSET") | Some("") => Ok(AutoPad::NotSet),
            Some("SAME_UPPER") => Ok(AutoPad::SameUpper),
            Some("SAME_LOWER") => Ok(AutoPad::SameLower),
            Some("VALID") => Ok(AutoPad::Valid),
            Some(other) => Err(self.error(
                "auto_pad",
                AttrProblem::UnknownValue {
                    value: other.to_string(),
                },
            )),
        }
    }

    fn conv(&self) -> Result<Conv> {
        Ok(Conv {
            kernel_shape: self.ints("kernel_shape")?,
            strides: self.ints("strides")?,
            pads: self.ints("pads")?,
            dilations: self.ints("dilations")?,
            group: self.int_or("group", 1)?,
            auto_pad: self.auto_pad()?,
        })
    }

    fn pool(&self) -> Result<Pool> {
        let kernel_shape = self
            .ints("kernel_shape")?
            .ok_or_else(|| self.error("kernel_shape", AttrProblem::Missing))?;
        Ok(Pool {
            kernel_shape,
            strides: self.ints("strides")?,
            pads: self.ints("pads")?,
            dilations: self.ints("dilations")?,
            auto_pad: self.auto_pad()?,
            ceil_mode: self.int_or("ceil_mode", 0)? != 0,
        })
    }

    /// Constant's value: a tensor, or one of the value_* shorthands (opset 12+).
    fn constant(&self) -> Result<Op> {
        if let Some(t) = self
            .get("value", AttrType::Tensor)?
            .and_then(|a| a.t.as_ref())
        {
            return Ok(Op::Constant {
                dims: value::dims(t),
                data: value::data(t),
            });
        }
        if let Some(v) = self.int("value_int")? {
            return Ok(constant(vec![], Data::Int(vec![v])));
        }
        if let Some(v) = self.ints("value_ints")? {
            return Ok(constant(vec![v.len()], Data::Int(v)));
        }
        if let Some(a) = self.get("value_float", AttrType::Float)? {
            return Ok(constant(vec![], Data::Float(vec![f64::from(a.f)])));
        }
        if let Some(v) = self.floats("value_floats")? {
            let n = v.len();
            return Ok(constant(
                vec![n],
                Data::Float(v.into_iter().map(f64::from).collect()),
            ));
        }
        Ok(Op::Constant {
            dims: None,
            data: None,
        })
    }

    /// ConstantOfShape's fill value: one element, float 0 when absent.
    fn fill(&self) -> Result<Data> {
        let t = self
            .get("value", AttrType::Tensor)?
            .and_then(|a| a.t.as_ref());
        Ok(t.and_then(value::data)
            .filter(|d| d.len() == 1)
            .unwrap_or(Data::Float(vec![0.0])))
    }
}

fn constant(dims: Vec<usize>, data: Data) -> Op {
    Op::Constant {
        dims: Some(dims),
        data: Some(data),
    }
}

fn unary(op: &str) -> Option<Unary> {
    use Unary::*;
    Some(match op {
        "Relu" => Relu,
        "LeakyRelu" => LeakyRelu,
        "Sigmoid" => Sigmoid,
        "HardSigmoid" => HardSigmoid,
        "HardSwish" => HardSwish,
        "Tanh" => Tanh,
        "Clip" => Clip,
        "Erf" => Erf,
        "Sqrt" => Sqrt,
        "Exp" => Exp,
        "Log" => Log,
        "Neg" => Neg,
        "Abs" => Abs,
        "Reciprocal" => Reciprocal,
        "Floor" => Floor,
        "Ceil" => Ceil,
        "Round" => Round,
        "Sign" => Sign,
        "Not" => Not,
        "Gelu" => Gelu,
        "Elu" => Elu,
        "Selu" => Selu,
        "Celu" => Celu,
        "Softplus" => Softplus,
        "Softsign" => Softsign,
        "Mish" => Mish,
        "Sin" => Sin,
        "Cos" => Cos,
        "Softmax" => Softmax,
        "LogSoftmax" => LogSoftmax,
        "Hardmax" => Hardmax,
        "LRN" => Lrn,
        "InstanceNormalization" => InstanceNormalization,
        "IsNaN" => IsNaN,
        "IsInf" => IsInf,
        _ => return None,
    })
}

fn broadcast(op: &str) -> Option<Broadcast> {
    use Broadcast::*;
    Some(match op {
        "Add" => Add,
        "Sub" => Sub,
        "Mul" => Mul,
        "Div" => Div,
        "Pow" => Pow,
        "Mod" => Mod,
        "Max" => Max,
        "Min" => Min,
        "Sum" => Sum,
        "Mean" => Mean,
        "Equal" => Equal,
        "Less" => Less,
        "Greater" => Greater,
        "LessOrEqual" => LessOrEqual,
        "GreaterOrEqual" => GreaterOrEqual,
        "And" => And,
        "Or" => Or,
        "Xor" => Xor,
        "PRelu" => PRelu,
        _ => return None,
    })
}

const REDUCE: [&str; 10] = [
    "ReduceMean",
    "ReduceSum",
    "ReduceMax",
    "ReduceMin",
    "ReduceProd",
    "ReduceL1",
    "ReduceL2",
    "ReduceLogSum",
    "ReduceLogSumExp",
    "ReduceSumSquare",
];

/// Reads `proto` (the `index`-th node). Ops of domains other than ai.onnx are
/// [`Op::Other`], whatever their op_type.
pub fn node(proto: &NodeProto, index: usize) -> Result<Node> {
    let a = Attrs { proto, index };
    let op_type = proto.op_type.as_str();
    let op = if !(proto.domain.is_empty() || proto.domain == "ai.onnx") {
        Op::Other(proto.op_type.clone())
    } else {
        typed(&a, op_type)?
    };
    Ok(Node {
        index,
        name: proto.name.clone(),
        op_type: proto.op_type.clone(),
        inputs: proto.input.clone(),
        outputs: proto.output.clone(),
        op,
    })
}

fn typed(a: &Attrs, op_type: &str) -> Result<Op> {
    if let Some(u) = unary(op_type) {
        return Ok(Op::Unary(u));
    }
    if let Some(b) = broadcast(op_type) {
        return Ok(Op::Broadcast(b));
    }
    if REDUCE.contains(&op_type) {
        return Ok(Op::Reduce {
            axes: a.ints("axes")?,
            keepdims: a.int_or("keepdims", 1)? != 0,
            noop_with_empty_axes: a.int_or("noop_with_empty_axes", 0)? != 0,
        });
    }
    Ok(match op_type {
        "Conv" => Op::Conv(a.conv()?),
        "Gemm" => Op::Gemm {
            trans_a: a.int_or("transA", 0)? != 0,
            trans_b: a.int_or("transB", 0)? != 0,
        },
        "MatMul" => Op::MatMul,
        "MaxPool" => Op::MaxPool(a.pool()?),
        "AveragePool" => Op::AveragePool(a.pool()?),
        "GlobalAveragePool" => Op::GlobalAveragePool,
        "GlobalMaxPool" => Op::GlobalMaxPool,
        "Reshape" => Op::Reshape {
            allowzero: a.int_or("allowzero", 0)? != 0,
        },
        "Transpose" => Op::Transpose {
            perm: a.ints("perm")?,
        },
        "Flatten" => Op::Flatten {
            axis: a.int_or("axis", 1)?,
        },
        "Concat" => Op::Concat {
            axis: a
                .int("axis")?
                .ok_or_else(|| a.error("axis", AttrProblem::Missing))?,
        },
        "Split" => Op::Split {
            axis: a.int_or("axis", 0)?,
            split: a.ints("split")?,
            num_outputs: a.int("num_outputs")?,
        },
        "Slice" => Op::Slice {
            starts: a.ints("starts")?,
            ends: a.ints("ends")?,
            axes: a.ints("axes")?,
        },
        "Squeeze" => Op::Squeeze {
            axes: a.ints("axes")?,
        },
        "Unsqueeze" => Op::Unsqueeze {
            axes: a.ints("axes")?,
        },
        "Shape" => Op::Shape {
            start: a.int_or("start", 0)?,
            end: a.int("end")?,
        },
        "Size" => Op::Size,
        "Gather" => Op::Gather {
            axis: a.int_or("axis", 0)?,
        },
        "Constant" => a.constant()?,
        "ConstantOfShape" => Op::ConstantOfShape { value: a.fill()? },
        "Cast" => Op::Cast {
            to: a
                .int("to")?
                .and_then(|t| i32::try_from(t).ok())
                .ok_or_else(|| a.error("to", AttrProblem::Missing))?,
        },
        "CastLike" => Op::CastLike,
        "Identity" => Op::Identity,
        "Dropout" => Op::Dropout,
        "Where" => Op::Where,
        "Expand" => Op::Expand,
        "Tile" => Op::Tile,
        "Range" => Op::Range,
        "BatchNormalization" => Op::BatchNormalization,
        "LayerNormalization" => Op::LayerNormalization {
            axis: a.int_or("axis", -1)?,
        },
        "ArgMax" | "ArgMin" => Op::Reduce {
            axes: Some(vec![a.int_or("axis", 0)?]),
            keepdims: a.int_or("keepdims", 1)? != 0,
            noop_with_empty_axes: false,
        },
        "Pad" => Op::Pad {
            pads: a.ints("pads")?,
        },
        "Resize" => Op::Resize,
        "Upsample" => Op::Upsample {
            scales: a.floats("scales")?,
        },
        other => Op::Other(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_attr(name: &str, v: i64) -> AttributeProto {
        AttributeProto {
            name: name.into(),
            r#type: 2,
            i: v,
            ..Default::default()
        }
    }

    fn proto(op: &str, attribute: Vec<AttributeProto>) -> NodeProto {
        NodeProto {
            op_type: op.into(),
            name: "n".into(),
            output: vec!["y".into()],
            attribute,
            ..Default::default()
        }
    }

    #[test]
    fn defaults_and_types() {
        let n = node(&proto("Conv", vec![]), 0).unwrap();
        assert_eq!(
            n.op,
            Op::Conv(Conv {
                group: 1,
                ..Conv::default()
            })
        );
        let wrong = AttributeProto {
            name: "group".into(),
            r#type: 7,
            ints: vec![2],
            ..Default::default()
        };
        let e = node(&proto("Conv", vec![wrong]), 3).unwrap_err();
        assert_eq!(
            e,
            ModelError::Attribute {
                node: Box::new(NodeRef {
                    index: 3,
                    name: "n".into(),
                    op: "Conv".into(),
                    outputs: vec!["y".into()]
                }),
                attribute: "group".into(),
                problem: AttrProblem::WrongType {
                    expected: AttrType::Int,
                    found: AttrType::Ints
                }
            }
        );
    }

    #[test]
    fn auto_pad_values() {
        let pad = |s: &str| AttributeProto {
            name: "auto_pad".into(),
            r#type: 3,
            s: s.as_bytes().to_vec().into(),
            ..Default::default()
        };
        for (s, want) in [
            ("SAME_UPPER", AutoPad::SameUpper),
            ("SAME_LOWER", AutoPad::SameLower),
            ("VALID", AutoPad::Valid),
            ("NOTSET", AutoPad::NotSet),
        ] {
            match node(&proto("Conv", vec![pad(s)]), 0).unwrap().op {
                Op::Conv(c) => assert_eq!(c.auto_pad, want, "{s}"),
                op => panic!("{op:?}"),
            }
        }
        let e = node(&proto("Conv", vec![pad("SAME")]), 0).unwrap_err();
        assert!(e.to_string().contains("unknown value 'SAME'"), "{e}");
    }

    #[test]
    fn other_domains_and_unknown_ops_are_kept_by_name() {
        let mut p = proto("Conv", vec![int_attr("group", 2)]);
        p.domain = "com.microsoft".into();
        assert_eq!(node(&p, 0).unwrap().op, Op::Other("Conv".into()));
        assert_eq!(
            node(&proto("FancyOp", vec![]), 0).unwrap().op,
            Op::Other("FancyOp".into())
        );
        let e = node(&proto("MaxPool", vec![]), 0).unwrap_err();
        assert!(
            e.to_string().contains("needs attribute 'kernel_shape'"),
            "{e}"
        );
    }
}
