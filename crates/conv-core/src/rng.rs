//! The seeded generator: the same numbers on every platform, so a shared link
//! (spec + seed) shows every student the same tensors, natively and in wasm32.
//!
//! Only integer arithmetic on `u64` (wrapping) is used, and the conversion to
//! f32 is exact, so no platform float function can change a value.
//!
//! # Algorithm (enough to reimplement it, e.g. in Python with `& (2**64 - 1)`)
//!
//! Each tensor is drawn from one SplitMix64 stream (Steele, Lea & Flood 2014):
//!
//! 1. `state = seed XOR (stream * 0xD1B54A32D192ED03)` (wrapping multiply);
//!    stream 0 is the input, 1 the weight, 2 the bias.
//! 2. For each element in NCHW C order:
//!    - `state = state + 0x9E3779B97F4A7C15` (wrapping);
//!    - `z = state`;
//!      `z = (z XOR (z >> 30)) * 0xBF58476D1CE4E5B9`;
//!      `z = (z XOR (z >> 27)) * 0x94D049BB133111EB`;
//!      `z = z XOR (z >> 31)` (wrapping multiplies);
//!    - `u = z >> 40` (the top 24 bits, `0 <= u < 2^24`);
//!    - value `= (u - 2^23) / 2^23`, which is exact in f32 and lies in `[-1, 1)`.
//!
//! ```python
//! M = 2**64 - 1
//! def seeded(n, seed, stream):
//!     s = seed ^ ((stream * 0xD1B54A32D192ED03) & M)
//!     out = []
//!     for _ in range(n):
//!         s = (s + 0x9E3779B97F4A7C15) & M
//!         z = s
//!         z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
//!         z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
//!         z ^= z >> 31
//!         out.append(((z >> 40) - 2**23) / 2**23)
//!     return out
//! ```
//!
//! [`generate`] depends only on the normalised layer (its weight shape and bias
//! flag), the input shape and the seed, so `kernel_size=3` and `[3, 3]` give
//! identical tensors.

use crate::error::Result;
use crate::limits::Limits;
use crate::ops::{check_layer, ConvProblem};
use crate::spec::Conv2dLayer;
use crate::tensor::{Nchw, Tensor};
use serde::{Deserialize, Serialize};

/// Stream of the input tensor.
pub const STREAM_INPUT: u64 = 0;
/// Stream of the weight tensor.
pub const STREAM_WEIGHT: u64 = 1;
/// Stream of the bias vector.
pub const STREAM_BIAS: u64 = 2;

/// SplitMix64: tiny, fast, full-period, and trivial to reimplement anywhere.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator for one `(seed, stream)` pair.
    pub fn new(seed: u64, stream: u64) -> Self {
        SplitMix64 {
            state: seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03),
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[-1, 1)` on the grid `k / 2^23`, converted exactly.
    pub fn next_f32(&mut self) -> f32 {
        let u = (self.next_u64() >> 40) as i32; // < 2^24, exact in f32
        (u - (1 << 23)) as f32 / (1u32 << 23) as f32
    }
}

/// A tensor of `shape` filled from stream `stream` of `seed`.
///
/// Meant for shapes already checked against [`Limits`] (as [`generate`] does);
/// a shape whose element count overflows `usize` gives empty data rather than
/// a panic.
pub fn seeded_tensor(shape: Nchw, seed: u64, stream: u64) -> Tensor {
    let len = shape.checked_len().unwrap_or(0);
    let mut rng = SplitMix64::new(seed, stream);
    let data = (0..len).map(|_| rng.next_f32()).collect();
    Tensor { shape, data }
}

/// Input, weight and (when the layer has one) bias for one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Generated {
    pub input: Tensor,
    pub weight: Tensor,
    pub bias: Option<Vec<f32>>,
}

impl Generated {
    /// The convolution of `layer` on these tensors, checked.
    pub fn problem<'a>(
        &'a self,
        layer: &'a Conv2dLayer,
        limits: &Limits,
    ) -> Result<ConvProblem<'a>> {
        ConvProblem::new(
            layer,
            &self.input,
            &self.weight,
            self.bias.as_deref(),
            limits,
        )
    }
}

/// Random input, weight and bias for `layer` on `input`, after checking the
/// shapes and sizes with [`Conv2dLayer::geometry`] (so nothing huge is allocated).
pub fn generate(layer: &Conv2dLayer, input: Nchw, seed: u64, limits: &Limits) -> Result<Generated> {
    check_layer(layer)?;
    layer.geometry(input, limits)?;
    let bias = layer
        .bias
        .then(|| seeded_tensor(Nchw::new(1, layer.out_channels, 1, 1), seed, STREAM_BIAS).data);
    Ok(Generated {
        input: seeded_tensor(input, seed, STREAM_INPUT),
        weight: seeded_tensor(layer.weight_shape(), seed, STREAM_WEIGHT),
        bias,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Conv2dSpec;

    /// Pinned values: a change here changes every shared link. Cross-checked with
    /// the Python in the module doc.
    #[test]
    fn first_values_are_pinned() {
        let t = seeded_tensor(Nchw::new(1, 1, 1, 4), 42, STREAM_INPUT);
        let bits: Vec<u32> = t.data.iter().map(|v| v.to_bits()).collect();
        assert_eq!(bits, PINNED_SEED42, "{:?}", t.data);
        let mut r = SplitMix64::new(0, 0);
        // SplitMix64's published first output for seed 0.
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    // 0.48312974, -0.68017924, -0.44279778, -0.31161869
    const PINNED_SEED42: [u32; 4] = [0x3ef7_5cc8, 0xbf2e_203a, 0xbee2_b664, 0xbe9f_8c7c];

    #[test]
    fn int_and_pair_kernel_generate_identically() {
        let a = Conv2dSpec::new(4, 6, 3).validate().unwrap();
        let b = Conv2dSpec::new(4, 6, [3, 3]).validate().unwrap();
        let shape = Nchw::new(2, 4, 5, 5);
        let ga = generate(&a, shape, 7, &Limits::default()).unwrap();
        let gb = generate(&b, shape, 7, &Limits::default()).unwrap();
        assert_eq!(ga, gb);
        assert_eq!(ga.bias.as_ref().map(Vec::len), Some(6));
        assert!(ga.input.data.iter().all(|v| (-1.0..1.0).contains(v)));
        assert_ne!(ga.input.data[..6], ga.weight.data[..6]);
    }
}
