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

/// An index `[n, c, y, x]` (or any four sizes), written as a shape is.
impl From<[usize; 4]> for Nchw {
    fn from([n, c, h, w]: [usize; 4]) -> Self {
        Nchw { n, c, h, w }
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

    /// Min, max and sum of each plane, in memory order (`(n, c)`, n-major).
    pub fn plane_stats(&self) -> Vec<PlaneStats> {
        let hw = self.shape.h * self.shape.w;
        self.data
            .chunks(hw.max(1))
            .map(|p| {
                let mut s = PlaneStats {
                    min: f32::INFINITY,
                    max: f32::NEG_INFINITY,
                    sum: 0.0,
                    len: p.len(),
                };
                for &v in p {
                    s.min = s.min.min(v);
                    s.max = s.max.max(v);
                    s.sum += v as f64;
                }
                s
            })
            .collect()
    }

    /// Min, max, mean and sum of all elements: [`Stats::of_planes`] of
    /// [`Tensor::plane_stats`] (sums in f64, plane by plane). A tensor made of
    /// channel blocks computed apart gets the same statistics, bit for bit,
    /// from its blocks' plane statistics.
    pub fn stats(&self) -> Stats {
        Stats::of_planes(&self.plane_stats())
    }
}

/// One plane's share of [`Stats`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlaneStats {
    pub min: f32,
    pub max: f32,
    pub sum: f64,
    pub len: usize,
}

impl Stats {
    /// The statistics of a tensor from its planes' ([`Tensor::plane_stats`]), in order.
    pub fn of_planes(planes: &[PlaneStats]) -> Stats {
        let mut st = Stats {
            min: f32::INFINITY,
            max: f32::NEG_INFINITY,
            mean: 0.0,
            sum: 0.0,
        };
        let mut len = 0;
        for p in planes {
            st.min = st.min.min(p.min);
            st.max = st.max.max(p.max);
            st.sum += p.sum;
            len += p.len;
        }
        if len > 0 {
            st.mean = st.sum / len as f64;
        }
        st
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of channels, as workers compute them apart: their planes'
    /// statistics, interleaved as the blocks are concatenated, give the
    /// whole tensor's statistics bit for bit.
    #[test]
    fn stats_from_channel_blocks_equal_the_whole() {
        let shape = Nchw::new(2, 5, 3, 4);
        let data = (0..shape.n * shape.c * 12)
            .map(|i| ((i * 7919) % 201) as f32 / 37.0 - 2.7)
            .collect();
        let whole = Tensor::new(shape, data).unwrap();
        let blocks = [whole.channels(0..2), whole.channels(2..5)];
        assert_eq!(Tensor::concat_channels(&blocks).unwrap(), whole);
        let mut planes = Vec::new();
        for n in 0..shape.n {
            for b in &blocks {
                let c = b.shape.c;
                planes.extend_from_slice(&b.plane_stats()[n * c..(n + 1) * c]);
            }
        }
        assert_eq!(planes, whole.plane_stats());
        assert_eq!(Stats::of_planes(&planes), whole.stats());
        let st = whole.stats();
        assert_eq!(
            st.min,
            whole.data.iter().copied().fold(f32::INFINITY, f32::min)
        );
        assert!((st.mean - st.sum / 120.0).abs() < 1e-12);
        let empty = Tensor::zeros(Nchw::new(0, 0, 0, 0)).stats();
        assert_eq!(
            (empty.mean, empty.sum, empty.min),
            (0.0, 0.0, f32::INFINITY)
        );
    }
}
