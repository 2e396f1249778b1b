//! What one pass knows of a value ([`Known`]: its shape, its values when small
//! and folded, whether it is constant), and a node's inputs as the shape rules
//! read them ([`Inputs`]). A leaf: the inference, the shape rules and the
//! layer planners all read these.

use crate::error::Unknown;
use crate::ops::Node;
use crate::value::{numel, Data};

/// What is known of a value: its shape, its values when small and folded, and
/// whether it is constant (computed from initializers and constants only).
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    pub dims: Vec<usize>,
    pub data: Option<Data>,
    pub constant: bool,
}

impl Known {
    /// A value computed from the graph input: a shape, no values.
    pub fn activation(dims: Vec<usize>) -> Known {
        Known {
            dims,
            data: None,
            constant: false,
        }
    }
}

pub type Outs = Result<Vec<Known>, Unknown>;

/// The inputs of one node: `None` for an omitted optional input.
pub struct Inputs<'a> {
    pub node: &'a Node,
    pub ins: &'a [Option<&'a Known>],
}

impl<'a> Inputs<'a> {
    /// Input `i`, which the op requires.
    pub fn req(&self, i: usize) -> Result<&'a Known, Unknown> {
        self.ins
            .get(i)
            .copied()
            .flatten()
            .ok_or(Unknown::Inconsistent)
    }

    pub fn get(&self, i: usize) -> Option<&'a Known> {
        self.ins.get(i).copied().flatten()
    }

    /// The integer values of input `i`: `None` if omitted, an error if present
    /// but not known.
    pub fn ints(&self, i: usize) -> Result<Option<Vec<i64>>, Unknown> {
        match self.get(i) {
            None => Ok(None),
            Some(k) => match k.data.as_ref().and_then(Data::ints) {
                Some(v) => Ok(Some(v.to_vec())),
                None => Err(Unknown::ValuesUnknown {
                    input: self.node.inputs[i].clone(),
                }),
            },
        }
    }

    /// Like [`Inputs::ints`], for float values (integers converted).
    pub(crate) fn floats(&self, i: usize) -> Result<Option<Vec<f64>>, Unknown> {
        match self.get(i) {
            None => Ok(None),
            Some(k) => match &k.data {
                Some(d) => Ok(Some(d.floats())),
                None => Err(Unknown::ValuesUnknown {
                    input: self.node.inputs[i].clone(),
                }),
            },
        }
    }

    /// True when every present input is constant (none depends on the graph input).
    pub fn constant(&self) -> bool {
        self.ins.iter().flatten().all(|k| k.constant)
    }

    pub fn known(&self, dims: Vec<usize>, data: Option<Data>) -> Known {
        let data = data.filter(|d| Some(d.len()) == numel(&dims));
        Known {
            dims,
            data,
            constant: self.constant(),
        }
    }
}

/// An axis in `-rank..rank` (or `-rank-1..=rank` with `extra`), normalised.
pub fn axis(a: i64, rank: usize, extra: bool) -> Result<usize, Unknown> {
    let r = rank as i64 + i64::from(extra);
    let v = if a < 0 { a + r } else { a };
    if (0..r).contains(&v) {
        Ok(v as usize)
    } else {
        Err(Unknown::Inconsistent)
    }
}
