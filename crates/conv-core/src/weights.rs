//! Weight presets: hand-made filters (identity, box blur, Sobel, Laplacian) that
//! make a convolution's effect visible on an image, beside the seeded random ones.
//!
//! # How a preset fills a weight tensor `[C_out, C_in/groups, kH, kW]`
//!
//! **Kernel sizes.** Each preset is a `kH x kW` pattern, centred on the tap
//! `(kH/2, kW/2)` (for an even size that is the lower/right of the two middle taps):
//! - identity: 1 at the centre tap, 0 elsewhere;
//! - box blur: `1/(kH·kW)` on every tap;
//! - Sobel x `[[-1,0,1],[-2,0,2],[-1,0,1]]`, Sobel y (its transpose) and Laplacian
//!   `[[0,1,0],[1,-4,1],[0,1,0]]`: the 3x3 pattern placed on the centre 3x3 taps, 0
//!   elsewhere. They need `kH, kW ≥ 3` and are refused otherwise.
//!
//! Weights are applied as PyTorch does (cross-correlation, no kernel flip), so
//! Sobel x is positive where values grow to the right. Dilation spreads the taps.
//!
//! **Input channels of a filter.** Filter `o` sees the `C_in/groups` input
//! channels of its group. Let `j = o mod (C_out/groups)` be its index inside the group:
//! - identity puts its pattern on input channel `j mod (C_in/groups)` of the group
//!   and zeros on the others, so a grouped (or standard) identity with
//!   `C_in == C_out` passes every channel through unchanged, and a depthwise one
//!   with a multiplier repeats each channel;
//! - every other preset puts `pattern / (C_in/groups)` on each input channel of
//!   the group: it filters the average of the group's channels.
//!
//! **Bias.** Zero for every hand-made preset (present when the layer has one);
//! the random preset draws it from the seeded generator like the weights.

use crate::error::{ConvError, Quantity, Result};
use crate::limits::Limits;
use crate::ops::check_layer;
use crate::rng::{seeded_tensor, STREAM_BIAS, STREAM_WEIGHT};
use crate::spec::Conv2dLayer;
use crate::tensor::{Nchw, Tensor};
pub use crate::weight_preset::WeightPreset;

const SOBEL_X: [[f32; 3]; 3] = [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]];
const SOBEL_Y: [[f32; 3]; 3] = [[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]];
const LAPLACIAN: [[f32; 3]; 3] = [[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]];

impl WeightPreset {
    /// The `kh x kw` spatial pattern (row-major), before spreading over input channels.
    pub fn kernel(self, kh: usize, kw: usize) -> Result<Vec<f32>> {
        let mut k = vec![0.0f32; kh * kw];
        let (cy, cx) = (kh / 2, kw / 2);
        let three = |p: &[[f32; 3]; 3], k: &mut Vec<f32>| {
            for (dy, row) in p.iter().enumerate() {
                for (dx, &v) in row.iter().enumerate() {
                    k[(cy + dy - 1) * kw + (cx + dx - 1)] = v;
                }
            }
        };
        match self {
            WeightPreset::Random => {
                return Err(ConvError::InvalidSpec(
                    "the random preset has no fixed kernel".into(),
                ))
            }
            WeightPreset::Identity => k[cy * kw + cx] = 1.0,
            WeightPreset::BoxBlur => k.fill(1.0 / (kh * kw) as f32),
            p @ (WeightPreset::SobelX | WeightPreset::SobelY | WeightPreset::Laplacian) => {
                if kh < 3 || kw < 3 {
                    return Err(ConvError::PresetNeedsKernel {
                        preset: p,
                        kernel: [kh, kw],
                    });
                }
                let pattern = match p {
                    WeightPreset::SobelX => &SOBEL_X,
                    WeightPreset::SobelY => &SOBEL_Y,
                    _ => &LAPLACIAN,
                };
                three(pattern, &mut k);
            }
        }
        Ok(k)
    }
}

/// Weights and bias of `preset` for `layer` (see the module doc for the layout).
/// The random preset gives exactly `generate(layer, _, seed)`'s weight and bias,
/// which depend only on the weight shape and bias flag. The weight tensor is
/// checked against the default [`Limits`] before it is allocated.
pub fn preset_weights(
    layer: &Conv2dLayer,
    preset: WeightPreset,
    seed: u64,
) -> Result<(Tensor, Option<Vec<f32>>)> {
    check_layer(layer)?;
    let shape = layer.weight_shape();
    Limits::default().check_tensor(Quantity::Weight, shape)?;
    if preset == WeightPreset::Random {
        let bias = layer
            .bias
            .then(|| seeded_tensor(Nchw::new(1, layer.out_channels, 1, 1), seed, STREAM_BIAS).data);
        return Ok((seeded_tensor(shape, seed, STREAM_WEIGHT), bias));
    }
    let [kh, kw] = layer.kernel;
    let pattern = preset.kernel(kh, kw)?;
    let cin_g = layer.in_per_group();
    let cout_g = layer.out_per_group();
    let taps = kh * kw;
    let mut weight = Tensor::zeros(shape);
    for o in 0..layer.out_channels {
        let j = o % cout_g;
        for i in 0..cin_g {
            let scale = match preset {
                WeightPreset::Identity if i == j % cin_g => 1.0,
                WeightPreset::Identity => continue,
                _ => 1.0 / cin_g as f32,
            };
            let start = (o * cin_g + i) * taps;
            for (w, &p) in weight.data[start..start + taps].iter_mut().zip(&pattern) {
                *w = p * scale;
            }
        }
    }
    let bias = layer.bias.then(|| vec![0.0; layer.out_channels]);
    Ok((weight, bias))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::ConvProblem;
    use crate::spec::{Conv2dSpec, Padding};

    fn layer(cin: usize, cout: usize, k: usize, groups: usize, pad: Padding) -> Conv2dLayer {
        Conv2dSpec {
            groups,
            padding: pad,
            ..Conv2dSpec::new(cin, cout, k)
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn names_round_trip() {
        for p in WeightPreset::ALL {
            assert_eq!(WeightPreset::from_name(p.name()), Some(p));
        }
        assert_eq!(WeightPreset::from_name("sobel"), None);
    }

    #[test]
    fn random_preset_is_the_generator() {
        let l = layer(4, 6, 3, 2, Padding::Same);
        let g = crate::rng::generate(&l, Nchw::new(1, 4, 5, 5), 9, &Limits::default()).unwrap();
        let (w, b) = preset_weights(&l, WeightPreset::Random, 9).unwrap();
        assert_eq!(w, g.weight);
        assert_eq!(b, g.bias);
    }

    #[test]
    fn grouped_identity_with_same_padding_reproduces_the_input() {
        for groups in [1, 2, 6] {
            let l = layer(6, 6, 3, groups, Padding::Same);
            let x = crate::rng::seeded_tensor(Nchw::new(2, 6, 5, 7), 3, 0);
            let (w, b) = preset_weights(&l, WeightPreset::Identity, 0).unwrap();
            assert_eq!(b, Some(vec![0.0; 6]));
            let y = ConvProblem::new(&l, &x, &w, b.as_deref(), &Limits::default())
                .map(|p| p.run())
                .unwrap();
            assert_eq!(y, x, "groups={groups}");
        }
    }

    #[test]
    fn identity_on_an_even_kernel_uses_the_lower_right_middle_tap() {
        assert_eq!(
            WeightPreset::Identity.kernel(2, 4).unwrap(),
            vec![0., 0., 0., 0., 0., 0., 1., 0.]
        );
    }

    #[test]
    fn depthwise_identity_with_multiplier_repeats_channels() {
        let l = layer(2, 4, 3, 2, Padding::Same);
        let (w, _) = preset_weights(&l, WeightPreset::Identity, 0).unwrap();
        // every filter has its single input channel's centre tap at 1
        for o in 0..4 {
            assert_eq!(w.data[o * 9 + 4], 1.0);
        }
    }

    /// A horizontal ramp x[y][x] = x: Sobel x gives (x+1) - (x-1) = 2 per row,
    /// weighted 1 + 2 + 1, so 8 at every interior point; Sobel y and the
    /// Laplacian give 0 there.
    #[test]
    fn sobel_on_a_ramp() {
        let l = layer(1, 1, 3, 1, Padding::Explicit([0, 0]));
        let x = Tensor::new(
            Nchw::new(1, 1, 4, 5),
            (0..20).map(|i| (i % 5) as f32).collect(),
        )
        .unwrap();
        let run = |p| {
            let (w, b) = preset_weights(&l, p, 0).unwrap();
            ConvProblem::new(&l, &x, &w, b.as_deref(), &Limits::default())
                .map(|p| p.run())
                .unwrap()
        };
        assert_eq!(run(WeightPreset::SobelX).data, vec![8.0; 6]);
        assert_eq!(run(WeightPreset::SobelY).data, vec![0.0; 6]);
        assert_eq!(run(WeightPreset::Laplacian).data, vec![0.0; 6]);
    }

    /// Two input channels in one group: the preset filters their average.
    #[test]
    fn blur_averages_the_groups_inputs() {
        let l = layer(2, 1, 3, 1, Padding::Explicit([0, 0]));
        let mut data = vec![1.0; 9];
        data.extend(vec![3.0; 9]);
        let x = Tensor::new(Nchw::new(1, 2, 3, 3), data).unwrap();
        let (w, b) = preset_weights(&l, WeightPreset::BoxBlur, 0).unwrap();
        assert!(w.data.iter().all(|&v| v == 1.0 / 18.0));
        let y = ConvProblem::new(&l, &x, &w, b.as_deref(), &Limits::default())
            .map(|p| p.run())
            .unwrap();
        assert!((y.data[0] - 2.0).abs() < 1e-6, "{:?}", y.data);
    }

    #[test]
    fn five_by_five_laplacian_is_centred() {
        let k = WeightPreset::Laplacian.kernel(5, 5).unwrap();
        assert_eq!(k[12], -4.0);
        assert_eq!(k[7], 1.0);
        assert_eq!(k[0], 0.0);
        assert_eq!(k.iter().sum::<f32>(), 0.0);
    }

    #[test]
    fn sobel_needs_three_taps() {
        let l = layer(2, 2, 1, 1, Padding::Explicit([0, 0]));
        let e = preset_weights(&l, WeightPreset::SobelX, 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the sobelx weights need kernel_size ≥ 3 (got kernel_size=(1, 1))"
        );
        assert!(preset_weights(&l, WeightPreset::BoxBlur, 0).is_ok());
    }
}
