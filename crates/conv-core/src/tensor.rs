//! A dense NCHW f32 tensor: the only data layout conv-core uses.

use crate::error::{ConvError, Quantity, Result};
use serde::{Deserialize, Serialize};

/// A 4-D shape in NCHW order. Weights use the same type as `[C_out, C_in/groups, kH, kW]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Nchw {
    pub n: usize,
    pub c: usize,
    pub h: usize,
    pub w: usize,
}

impl Nchw {
    pub fn new(n: usize, c: usize, h: usize, w: usize) -> Self {
        Nchw { n, c, h, w }
    }

    /// `[n, c, h, w]`.
    pub fn to_array(self) -> [usize; 4] {
        [self.n, self.c, self.h, self.w]
    }

    /// From a 4-element slice (as read from a `.npy` header or the command line).
    pub fn from_slice(dims: &[usize]) -> Option<Self> {
        match dims {
            [n, c, h, w] => Some(Nchw::new(*n, *c, *h, *w)),
            _ => None,
        }
    }

    /// Element count, or `None` on overflow.
    pub fn checked_len(self) -> Option<usize> {
        self.n
            .checked_mul(self.c)?
            .checked_mul(self.h)?
            .checked_mul(self.w)
    }

    /// Element count. Only call on shapes already checked by [`crate::Limits`].
    pub fn len(self) -> usize {
        self.n * self.c * self.h * self.w
    }

    /// True when any dimension is zero.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Flat offset of `(n, c, y, x)` in C order.
    #[inline]
    pub fn offset(self, n: usize, c: usize, y: usize, x: usize) -> usize {
        ((n * self.c + c) * self.h + y) * self.w + x
    }
}

impl std::fmt::Display for Nchw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}, {}, {}, {}]", self.n, self.c, self.h, self.w)
    }
}

/// A dense f32 tensor in NCHW (C order) layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tensor {
    pub shape: Nchw,
    pub data: Vec<f32>,
}

impl Tensor {
    /// Wraps data, checking its length against the shape.
    pub fn new(shape: Nchw, data: Vec<f32>) -> Result<Self> {
        let expected = shape.checked_len().ok_or(ConvError::Overflow {
            what: Quantity::TensorSize,
        })?;
        if data.len() != expected {
            return Err(ConvError::DataLength {
                what: Quantity::Tensor,
                expected,
                got: data.len(),
            });
        }
        Ok(Tensor { shape, data })
    }

    /// A zero-filled tensor.
    pub fn zeros(shape: Nchw) -> Self {
        Tensor {
            shape,
            data: vec![0.0; shape.len()],
        }
    }

    /// Value at `(n, c, y, x)`.
    #[inline]
    pub fn at(&self, n: usize, c: usize, y: usize, x: usize) -> f32 {
        self.data[self.shape.offset(n, c, y, x)]
    }

    /// One `h*w` plane.
    pub fn plane(&self, n: usize, c: usize) -> &[f32] {
        let hw = self.shape.h * self.shape.w;
        let start = (n * self.shape.c + c) * hw;
        &self.data[start..start + hw]
    }

    /// Channels `range` of every batch item, as a new tensor (used for per-group views).
    pub fn channels(&self, range: std::ops::Range<usize>) -> Tensor {
        let s = self.shape;
        let hw = s.h * s.w;
        let mut data = Vec::with_capacity(s.n * range.len() * hw);
        for n in 0..s.n {
            let start = (n * s.c + range.start) * hw;
            data.extend_from_slice(&self.data[start..start + range.len() * hw]);
        }
        Tensor {
            shape: Nchw::new(s.n, range.len(), s.h, s.w),
            data,
        }
    }

    /// Concatenates tensors along channels (they must agree on n, h, w).
    pub fn concat_channels(parts: &[Tensor]) -> Result<Tensor> {
        let Some(first) = parts.first() else {
            return Err(ConvError::InvalidSpec("concat of no tensors".into()));
        };
        let (n, h, w) = (first.shape.n, first.shape.h, first.shape.w);
        let mut c = 0;
        for p in parts {
            if (p.shape.n, p.shape.h, p.shape.w) != (n, h, w) {
                return Err(ConvError::ShapeMismatch {
                    what: Quantity::ConcatenatedTensor,
                    expected: vec![n, p.shape.c, h, w],
                    got: p.shape.to_array().to_vec(),
                });
            }
            c += p.shape.c;
        }
        let mut data = Vec::with_capacity(n * c * h * w);
        for b in 0..n {
            for p in parts {
                let chw = p.shape.c * h * w;
                data.extend_from_slice(&p.data[b * chw..(b + 1) * chw]);
            }
        }
        Ok(Tensor {
            shape: Nchw::new(n, c, h, w),
            data,
        })
    }

    /// Min, max, mean and sum of all elements (sum in f64 for stability).
    pub fn stats(&self) -> Stats {
        let mut min = f32::INFINITY;
        let mut max = f32::NEG_INFINITY;
        let mut sum = 0.0f64;
        for &v in &self.data {
            min = min.min(v);
            max = max.max(v);
            sum += v as f64;
        }
        let mean = if self.data.is_empty() {
            0.0
        } else {
            sum / self.data.len() as f64
        };
        Stats {
            min,
            max,
            mean,
            sum,
        }
    }
}

/// Summary statistics of a tensor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub min: f32,
    pub max: f32,
    pub mean: f64,
    pub sum: f64,
}
