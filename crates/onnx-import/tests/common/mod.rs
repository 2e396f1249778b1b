//! Hand-built ONNX models: ModelProto values written in the test and encoded
//! with prost, for the edge cases no exporter happened to produce.

#![allow(dead_code)]

use onnx_import::proto::{
    attribute_proto::AttributeType, tensor_shape_proto::dimension, tensor_shape_proto::Dimension,
    type_proto, AttributeProto, GraphProto, ModelProto, NodeProto, OperatorSetIdProto, TensorProto,
    TensorShapeProto, TypeProto, ValueInfoProto,
};
use onnx_import::{import, Bytes, Imported, ModelError};
use prost::Message;

pub const FLOAT: i32 = 1;
pub const INT64: i32 = 7;

/// A dimension of a declared shape.
#[derive(Clone)]
pub enum D {
    V(i64),
    P(&'static str),
    Unset,
}

pub fn value_info(name: &str, dims: &[D]) -> ValueInfoProto {
    let dim = dims
        .iter()
        .map(|d| Dimension {
            value: match d {
                D::V(v) => Some(dimension::Value::DimValue(*v)),
                D::P(p) => Some(dimension::Value::DimParam(p.to_string())),
                D::Unset => None,
            },
        })
        .collect();
    ValueInfoProto {
        name: name.into(),
        r#type: Some(TypeProto {
            value: Some(type_proto::Value::TensorType(type_proto::Tensor {
                elem_type: FLOAT,
                shape: Some(TensorShapeProto { dim }),
            })),
        }),
    }
}

pub fn fixed(dims: &[i64]) -> Vec<D> {
    dims.iter().map(|&d| D::V(d)).collect()
}

pub fn ints(name: &str, v: &[i64]) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        r#type: AttributeType::Ints as i32,
        ints: v.to_vec(),
        ..Default::default()
    }
}

pub fn int(name: &str, v: i64) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        r#type: AttributeType::Int as i32,
        i: v,
        ..Default::default()
    }
}

pub fn string(name: &str, s: &str) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        r#type: AttributeType::String as i32,
        s: s.as_bytes().to_vec().into(),
        ..Default::default()
    }
}

pub fn tensor_attr(name: &str, t: TensorProto) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        r#type: AttributeType::Tensor as i32,
        t: Some(t),
        ..Default::default()
    }
}

/// An int64 tensor with its values in raw_data, as PyTorch writes them.
pub fn i64_tensor(name: &str, dims: &[i64], v: &[i64]) -> TensorProto {
    TensorProto {
        name: name.into(),
        dims: dims.to_vec(),
        data_type: INT64,
        raw_data: v
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect::<Vec<u8>>()
            .into(),
        ..Default::default()
    }
}

/// A float tensor with only its dims (its data stored elsewhere, as in the fixtures).
pub fn weight(name: &str, dims: &[i64]) -> TensorProto {
    TensorProto {
        name: name.into(),
        dims: dims.to_vec(),
        data_type: FLOAT,
        ..Default::default()
    }
}

/// A graph under construction.
pub struct G {
    pub graph: GraphProto,
    pub opset: i64,
    next: usize,
}

impl G {
    /// A graph with one float input `x` of shape `dims`, at opset 17.
    pub fn new(dims: &[D]) -> G {
        G {
            graph: GraphProto {
                name: "test".into(),
                input: vec![value_info("x", dims)],
                ..Default::default()
            },
            opset: 17,
            next: 0,
        }
    }

    pub fn init(&mut self, t: TensorProto) -> String {
        let name = t.name.clone();
        self.graph.initializer.push(t);
        name
    }

    /// Adds a node named `name` (empty for none); returns its first output,
    /// named `NAME_out` (or `t{i}` when unnamed).
    pub fn node(
        &mut self,
        op: &str,
        name: &str,
        inputs: &[&str],
        attrs: Vec<AttributeProto>,
    ) -> String {
        self.node_n(op, name, inputs, 1, attrs).remove(0)
    }

    /// As [`G::node`], with `outputs` outputs.
    pub fn node_n(
        &mut self,
        op: &str,
        name: &str,
        inputs: &[&str],
        outputs: usize,
        attribute: Vec<AttributeProto>,
    ) -> Vec<String> {
        let outs: Vec<String> = (0..outputs)
            .map(|i| {
                self.next += 1;
                if name.is_empty() {
                    format!("t{}", self.next)
                } else {
                    format!("{name}_out{i}")
                }
            })
            .collect();
        self.graph.node.push(NodeProto {
            input: inputs.iter().map(|s| s.to_string()).collect(),
            output: outs.clone(),
            name: name.into(),
            op_type: op.into(),
            attribute,
            ..Default::default()
        });
        outs
    }

    /// A Constant node holding int64 values.
    pub fn consts(&mut self, dims: &[i64], v: &[i64]) -> String {
        let t = i64_tensor("", dims, v);
        self.node("Constant", "", &[], vec![tensor_attr("value", t)])
    }

    /// A Conv of `x` with a new weight `[out, in/group, k, k]`.
    pub fn conv(&mut self, name: &str, x: &str, w: [i64; 4], attrs: Vec<AttributeProto>) -> String {
        let w = self.init(weight(&format!("{name}.weight"), &w));
        self.node("Conv", name, &[x, &w], attrs)
    }

    /// Node `i` as errors name it.
    pub fn node_ref(&self, i: usize) -> Box<onnx_import::NodeRef> {
        let n = &self.graph.node[i];
        Box::new(onnx_import::NodeRef {
            index: i,
            name: n.name.clone(),
            op: n.op_type.clone(),
            outputs: n.output.clone(),
        })
    }

    pub fn output(&mut self, name: &str) {
        self.graph.output.push(ValueInfoProto {
            name: name.into(),
            r#type: None,
        });
    }

    pub fn model(&self) -> ModelProto {
        ModelProto {
            ir_version: 8,
            opset_import: vec![OperatorSetIdProto {
                domain: String::new(),
                version: self.opset,
            }],
            producer_name: "tests".into(),
            producer_version: "1".into(),
            graph: Some(self.graph.clone()),
        }
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.model().encode_to_vec()
    }

    pub fn import(&self) -> Result<Imported, ModelError> {
        import(Bytes::from(self.bytes()))
    }

    pub fn ok(&self) -> Imported {
        self.import().unwrap_or_else(|e| panic!("{e}"))
    }
}
