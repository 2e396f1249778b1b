//! Shape inference in one pass over the nodes (ONNX stores them in topological
//! order), with constant folding of small tensors, and the layers found on the
//! way. A value's shape is known, or unknown with the node where knowledge
//! stopped; an unknown shape fails the import only when a layer needs it.
//! Shapes the file stores (value_info, graph outputs) fill in what cannot be
//! inferred, and are checked against what can.

pub(crate) mod fold;
pub(crate) mod shape;
mod slicing;
mod values;

use std::collections::{HashMap, HashSet};

use crate::error::{InputProblem, ModelError, NodeRef, Result, Unknown};
use crate::known::Inputs;
pub use crate::known::Known;
use crate::layers;
use crate::markers;
use crate::note::Note;
use crate::ops::{Broadcast, Node, Op};
use crate::proto::{tensor_shape_proto::dimension, type_proto, GraphProto, ValueInfoProto};
use crate::value::{self, numel};
use conv_core::NetLayer;

enum Fact {
    Known(Known),
    Unknown { cause: Box<NodeRef>, why: Unknown },
}

/// The layers found, in graph order, and what the page should say about them.
pub struct Outcome {
    pub layers: Vec<NetLayer>,
    pub notes: Vec<Note>,
}

/// A stored shape: `None` for a symbolic (or unset) dimension.
type Stored = Vec<Option<usize>>;

fn stored_dims(vi: &ValueInfoProto) -> Option<Stored> {
    let Some(type_proto::Value::TensorType(t)) = vi.r#type.as_ref()?.value.as_ref() else {
        return None;
    };
    let dims = t.shape.as_ref()?.dim.iter().map(|d| match d.value {
        Some(dimension::Value::DimValue(v)) => usize::try_from(v).ok(),
        _ => None,
    });
    Some(dims.collect())
}

/// A graph input's shape; a symbolic (or 0, or unset) batch is taken as 1.
fn graph_input(vi: &ValueInfoProto) -> Result<(Known, Option<Note>)> {
    let err = |problem| ModelError::InputShape {
        input: vi.name.clone(),
        problem,
    };
    let t = match vi.r#type.as_ref().and_then(|t| t.value.as_ref()) {
        Some(type_proto::Value::TensorType(t)) => t,
        None => return Err(err(InputProblem::NotATensor)),
    };
    let shape = t.shape.as_ref().ok_or(err(InputProblem::NoShape))?;
    let mut dims = Vec::with_capacity(shape.dim.len());
    let mut note = None;
    for (axis, d) in shape.dim.iter().enumerate() {
        let (value, param) = match &d.value {
            Some(dimension::Value::DimValue(v)) => (Some(*v), None),
            Some(dimension::Value::DimParam(p)) => (None, Some(p.clone())),
            None => (None, None),
        };
        match value {
            Some(v) if v < 0 => return Err(err(InputProblem::NegativeDim { axis, value: v })),
            Some(v) if v > 0 || axis > 0 => dims.push(usize::try_from(v).unwrap_or(usize::MAX)),
            _ if axis == 0 => {
                dims.push(1);
                note = Some(Note::BatchTakenAsOne {
                    input: vi.name.clone(),
                    param,
                });
            }
            _ => return Err(err(InputProblem::SymbolicDim { axis, param })),
        }
    }
    Ok((Known::activation(dims), note))
}

/// The graph's state during the pass.
struct Pass<'a> {
    nodes: &'a [Node],
    opset: i64,
    facts: HashMap<String, Fact>,
    stored: HashMap<&'a str, Stored>,
    producer: HashMap<&'a str, usize>,
    consumers: HashMap<&'a str, usize>,
    layers: Vec<NetLayer>,
    notes: Vec<Note>,
    /// Tensors already marked as split (several Slices of one tensor are one split).
    split: HashSet<String>,
    /// MatMul outputs whose fully connected layer may get its bias from the next Add.
    pending_bias: HashMap<String, usize>,
}

/// What one node gave: its outputs (or why they are unknown), and a layer.
struct Step {
    outs: std::result::Result<Vec<Known>, Unknown>,
    layer: Option<NetLayer>,
    note: Option<Note>,
}

impl Step {
    fn shapes(outs: std::result::Result<Vec<Known>, Unknown>) -> Step {
        Step {
            outs,
            layer: None,
            note: None,
        }
    }
}

/// Runs the pass over `nodes`, the parsed nodes of `graph`.
pub fn run(graph: &GraphProto, nodes: &[Node], opset: i64) -> Result<Outcome> {
    let mut pass = Pass {
        nodes,
        opset,
        facts: HashMap::new(),
        stored: HashMap::new(),
        producer: HashMap::new(),
        consumers: HashMap::new(),
        layers: Vec::new(),
        notes: Vec::new(),
        split: HashSet::new(),
        pending_bias: HashMap::new(),
    };
    let initializers: HashSet<&str> = graph.initializer.iter().map(|t| t.name.as_str()).collect();
    for t in &graph.initializer {
        if let Some(dims) = value::dims(t) {
            let data = value::data(t);
            let k = Known {
                dims,
                data,
                constant: true,
            };
            pass.facts.insert(t.name.clone(), Fact::Known(k));
        }
    }
    let mut inputs = 0;
    for vi in graph
        .input
        .iter()
        .filter(|vi| !initializers.contains(vi.name.as_str()))
    {
        let (k, note) = graph_input(vi)?;
        pass.notes.extend(note);
        pass.facts.insert(vi.name.clone(), Fact::Known(k));
        inputs += 1;
    }
    if inputs == 0 {
        return Err(ModelError::NoGraphInput);
    }
    for vi in graph.value_info.iter().chain(&graph.output) {
        if let Some(d) = stored_dims(vi) {
            pass.stored.insert(&vi.name, d);
        }
    }
    for n in nodes {
        for o in &n.outputs {
            pass.producer.insert(o, n.index);
        }
        for i in n.inputs.iter().filter(|i| !i.is_empty()) {
            *pass.consumers.entry(i).or_default() += 1;
        }
    }
    for n in nodes {
        pass.node(n)?;
    }
    Ok(Outcome {
        layers: pass.layers,
        notes: pass.notes,
    })
}

impl<'a> Pass<'a> {
    fn node(&mut self, node: &Node) -> Result<()> {
        let mut blocked = None;
        // Copies (shapes and at most MAX_FOLD values each), so that the pass can
        // record layers while it reads them.
        let mut owned = Vec::with_capacity(node.inputs.len());
        for name in &node.inputs {
            let fact = (!name.is_empty()).then(|| self.facts.get(name));
            owned.push(match fact {
                None => None,
                Some(Some(Fact::Known(k))) => Some(k.clone()),
                Some(Some(Fact::Unknown { cause, why })) => {
                    blocked.get_or_insert_with(|| (cause.clone(), why.clone()));
                    None
                }
                Some(None) => {
                    let why = Unknown::Undefined {
                        input: name.clone(),
                    };
                    blocked.get_or_insert_with(|| (node.node_ref(), why));
                    None
                }
            });
        }
        let ins: Vec<Option<&Known>> = owned.iter().map(Option::as_ref).collect();
        let needs = match &node.op {
            Op::Conv(_) => true,
            Op::Gemm { .. } | Op::MatMul => {
                ins.get(1).copied().flatten().is_some_and(|b| b.constant)
            }
            _ => false,
        };
        let step = match blocked {
            Some((cause, why)) if needs => {
                return Err(ModelError::ShapeUnknown {
                    node: cause,
                    why,
                    needed_by: node.node_ref(),
                    known: self.layers.clone(),
                })
            }
            Some((cause, why)) => return self.unknown(node, cause, why),
            None => self.step(node, &ins)?,
        };
        let markers = match &step.outs {
            Ok(outs) => self.markers(node, &ins, outs)?,
            Err(_) => None,
        };
        let index = self.layers.len();
        if let (Op::MatMul, Some(_), Some(out)) = (&node.op, &step.layer, node.outputs.first()) {
            self.pending_bias.insert(out.clone(), index);
        }
        self.layers.extend(step.layer);
        self.layers.extend(markers);
        self.notes.extend(step.note);
        match step.outs {
            Ok(outs) => self.store(node, outs),
            Err(why) => {
                if needs {
                    return Err(ModelError::ShapeUnknown {
                        node: node.node_ref(),
                        why,
                        needed_by: node.node_ref(),
                        known: self.layers.clone(),
                    });
                }
                self.unknown(node, node.node_ref(), why)
            }
        }
    }

    /// The node's outputs, and its layer when it is one.
    fn step(&self, node: &Node, ins: &[Option<&Known>]) -> Result<Step> {
        let x = Inputs { node, ins };
        let shapes = |x: &Inputs| Step::shapes(shape::outputs(x, self.opset));
        let planned = |p: layers::Planned| Step {
            outs: Ok(vec![p.output]),
            layer: Some(p.layer),
            note: p.note,
        };
        let (a, b) = (x.get(0), x.get(1));
        Ok(match &node.op {
            Op::Conv(c) => match (a, b) {
                (Some(a), Some(b)) => {
                    planned(layers::conv(node, c, a, b, node.input(2).is_some())?)
                }
                _ => Step::shapes(Err(Unknown::Inconsistent)),
            },
            Op::Gemm { trans_a, trans_b } if b.is_some_and(|b| b.constant) => {
                match shape::gemm_dims(&x, *trans_a, *trans_b) {
                    Ok(d) => planned(layers::gemm(node, d, node.input(2).is_some())?),
                    Err(why) => Step::shapes(Err(why)),
                }
            }
            Op::MatMul => match (a, b) {
                (Some(a), Some(b)) if b.constant && b.dims.len() == 2 => {
                    match shape::matmul_dims(&a.dims, &b.dims) {
                        Ok(out) => planned(layers::matmul(node, &a.dims, b.dims[1], out)?),
                        Err(why) => Step::shapes(Err(why)),
                    }
                }
                _ => shapes(&x),
            },
            Op::MaxPool(p) | Op::AveragePool(p) => match a {
                Some(a) => {
                    let (out, layer, note) = markers::pool(node, p, a)?;
                    Step {
                        outs: Ok(vec![out.clone(), out]),
                        layer,
                        note,
                    }
                }
                None => Step::shapes(Err(Unknown::Inconsistent)),
            },
            _ => shapes(&x),
        })
    }

    /// Markers that need the outputs: splits, concatenations, shuffles; and the
    /// bias of a fully connected MatMul, which comes with the Add after it.
    fn markers(
        &mut self,
        node: &Node,
        ins: &[Option<&Known>],
        outs: &[Known],
    ) -> Result<Option<NetLayer>> {
        let (Some(x), Some(first)) = (ins.first().copied().flatten(), outs.first()) else {
            return Ok(None);
        };
        Ok(match &node.op {
            Op::Split { .. } | Op::Slice { .. } => {
                markers::channel_split(node, x, first, &mut self.split)
            }
            Op::Concat { axis } => {
                let last = ins.iter().rev().find_map(|k| *k).unwrap_or(x);
                markers::concat(node, *axis, last, first)
            }
            Op::Reshape { .. } => self.shuffle(node, first),
            Op::Broadcast(Broadcast::Add) => {
                self.bias(node, ins)?;
                None
            }
            _ => None,
        })
    }

    fn known(&self, name: &str) -> Option<&Known> {
        match self.facts.get(name)? {
            Fact::Known(k) => Some(k),
            Fact::Unknown { .. } => None,
        }
    }

    /// The shuffle ending at `node` (a Reshape with output `out`), if it is one.
    fn shuffle(&self, node: &Node, out: &Known) -> Option<NetLayer> {
        let transpose = &self.nodes[*self.producer.get(node.inputs[0].as_str())?];
        let first = &self.nodes[*self.producer.get(transpose.input(0)?)?];
        let x = self.known(first.input(0)?)?;
        let grouped = self.known(transpose.input(0)?)?;
        markers::shuffle(node, out, transpose, first, x, grouped)
    }

    /// An Add of a constant `[N]` (or `[..., N]` holding N values) to the only
    /// use of a fully connected MatMul's output is that layer's bias, as
    /// PyTorch exports `nn.Linear` on an N-D input.
    fn bias(&mut self, node: &Node, ins: &[Option<&Known>]) -> Result<()> {
        for (i, j) in [(0, 1), (1, 0)] {
            let Some(&at) = self.pending_bias.get(&node.inputs[i]) else {
                continue;
            };
            self.pending_bias.remove(&node.inputs[i]);
            let n = self.layers[at].output.c;
            let only_use = self.consumers.get(node.inputs[i].as_str()) == Some(&1);
            let bias = ins.get(j).copied().flatten().is_some_and(|b| {
                b.constant && b.dims.last() == Some(&n) && numel(&b.dims) == Some(n)
            });
            if only_use && bias {
                self.layers[at] = layers::with_bias(node, &self.layers[at])?;
            }
        }
        Ok(())
    }

    /// Records the node's outputs, checked against the shapes the file stores.
    fn store(&mut self, node: &Node, outs: Vec<Known>) -> Result<()> {
        let mut outs = outs.into_iter();
        for name in &node.outputs {
            let Some(k) = outs.next() else {
                self.unknown_one(name, node.node_ref(), Unknown::Inconsistent);
                continue;
            };
            if let Some(s) = self.stored.get(name.as_str()) {
                let agree = s.len() == k.dims.len()
                    && s.iter()
                        .zip(&k.dims)
                        .all(|(s, d)| s.is_none_or(|s| s == *d));
                if !agree {
                    return Err(ModelError::ShapeDisagrees {
                        node: node.node_ref(),
                        value: name.clone(),
                        stored: s.clone(),
                        inferred: k.dims,
                    });
                }
            }
            if !name.is_empty() {
                self.facts.insert(name.clone(), Fact::Known(k));
            }
        }
        Ok(())
    }

    /// Outputs whose shape is not known: the stored shape if complete, else unknown.
    fn unknown(&mut self, node: &Node, cause: Box<NodeRef>, why: Unknown) -> Result<()> {
        for name in &node.outputs {
            self.unknown_one(name, cause.clone(), why.clone());
        }
        Ok(())
    }

    fn unknown_one(&mut self, name: &str, cause: Box<NodeRef>, why: Unknown) {
        let stored = self
            .stored
            .get(name)
            .and_then(|s| s.iter().copied().collect::<Option<Vec<usize>>>());
        let fact = match stored {
            Some(dims) => Fact::Known(Known::activation(dims)),
            None => Fact::Unknown { cause, why },
        };
        if !name.is_empty() {
            self.facts.insert(name.to_string(), fact);
        }
    }
}
