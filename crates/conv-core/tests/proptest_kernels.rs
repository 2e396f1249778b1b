//! Property tests for the kernels, in the style of tract's conv proptests:
//! small integer-valued f32 data so every comparison is exact, arbitrary valid
//! layers (groups neither 1 nor C, C_out != C_in, multipliers > 1, strides,
//! dilations, rectangular kernels, every padding mode, "same", batches > 1,
//! 1-pixel inputs), fast paths against the naive reference, and the identities
//! that define grouped and separable convolution. As in tract, a strategy
//! (`Problem`'s `Arbitrary`) makes a problem, layer and tensors, and the
//! property is `run() == reference()`.

use conv_core::ops;
use conv_core::{Conv2dLayer, Conv2dSpec, ConvProblem, Limits, Nchw, Padding, PaddingMode, Tensor};
use proptest::prelude::*;

/// Integer values in -3..=3 from a seed (shrinking the seed is meaningless, but
/// shapes shrink, which is what matters for reading a failure).
fn ints(shape: Nchw, seed: u64) -> Tensor {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let data = (0..shape.len())
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 33) % 7) as f32 - 3.0
        })
        .collect();
    Tensor::new(shape, data).unwrap()
}

/// A valid layer, an input that fits it and integer data: the owned data of
/// a [`ConvProblem`].
#[derive(Debug, Clone)]
struct Problem {
    spec: Conv2dSpec,
    layer: Conv2dLayer,
    input: Tensor,
    weight: Tensor,
    bias: Option<Vec<f32>>,
}

impl Problem {
    fn bias(&self) -> Option<&[f32]> {
        self.bias.as_deref()
    }

    /// The checked problem (the strategy makes only valid ones).
    fn conv(&self) -> ConvProblem<'_> {
        ConvProblem::new(
            &self.layer,
            &self.input,
            &self.weight,
            self.bias(),
            &Limits::default(),
        )
        .unwrap()
    }
}

/// Any problem, general layers twice as often as depthwise or pointwise ones.
impl Arbitrary for Problem {
    type Parameters = ();
    type Strategy = BoxedStrategy<Problem>;

    fn arbitrary_with(_: ()) -> Self::Strategy {
        prop_oneof![
            2 => arb_problem(Shape::General),
            1 => arb_problem(Shape::Depthwise),
            1 => arb_problem(Shape::Pointwise),
        ]
        .boxed()
    }
}

#[derive(Debug, Clone, Copy)]
enum Shape {
    General,
    Depthwise,
    Pointwise,
}

fn arb_spec(shape: Shape) -> impl Strategy<Value = Conv2dSpec> {
    (
        (1usize..=3, 1usize..=3, 1usize..=3),
        (1usize..=3, 1usize..=3),
        (1usize..=2, 1usize..=2),
        (1usize..=2, 1usize..=2),
        (0usize..4, 0usize..=2, 0usize..=2),
        0usize..4,
        any::<bool>(),
    )
        .prop_map(
            move |((groups, ipg, opg), (kh, kw), (sh, sw), (dh, dw), (pk, ph, pw), mode, bias)| {
                let (groups, ipg) = match shape {
                    Shape::Depthwise => (groups * ipg, 1),
                    _ => (groups, ipg),
                };
                let mut spec = Conv2dSpec {
                    stride: [sh, sw].into(),
                    dilation: [dh, dw].into(),
                    groups,
                    bias,
                    padding_mode: PaddingMode::ALL[mode],
                    padding: match pk {
                        0 => Padding::Explicit([ph, pw]),
                        1 => Padding::Explicit([ph, ph]),
                        2 => Padding::Valid,
                        _ => Padding::Same,
                    },
                    ..Conv2dSpec::new(groups * ipg, groups * opg, [kh, kw])
                };
                if spec.padding == Padding::Same {
                    spec.stride = 1.into();
                }
                if let Shape::Pointwise = shape {
                    spec.kernel_size = 1.into();
                    spec.stride = 1.into();
                    spec.padding = Padding::Valid;
                }
                spec
            },
        )
}

fn arb_problem(shape: Shape) -> impl Strategy<Value = Problem> {
    arb_spec(shape).prop_flat_map(|spec| {
        let layer = spec.validate().expect("strategy makes valid specs");
        let p = layer.pads;
        let span = |d: usize, k: usize| d * (k - 1) + 1;
        let min = |span: usize, a: usize, b: usize| {
            let mut m = span.saturating_sub(a + b).max(1);
            match layer.padding_mode {
                PaddingMode::Reflect => m = m.max(a.max(b) + 1),
                PaddingMode::Circular => m = m.max(a.max(b)),
                _ => {}
            }
            m
        };
        let min_h = min(span(layer.dilation[0], layer.kernel[0]), p.top, p.bottom);
        let min_w = min(span(layer.dilation[1], layer.kernel[1]), p.left, p.right);
        (
            Just((spec, layer)),
            1usize..=2,
            min_h..min_h + 4,
            min_w..min_w + 4,
            any::<u64>(),
        )
            .prop_map(|((spec, layer), n, h, w, seed)| {
                let input = ints(Nchw::new(n, layer.in_channels, h, w), seed);
                let weight = ints(layer.weight_shape(), seed ^ 0x5555);
                let bias = layer
                    .bias
                    .then(|| ints(Nchw::new(1, layer.out_channels, 1, 1), seed ^ 0xAAAA).data);
                Problem {
                    spec,
                    layer,
                    input,
                    weight,
                    bias,
                }
            })
    })
}

fn reference(p: &Problem) -> Tensor {
    p.conv().reference()
}

/// `layer` on the given tensors by `kernel`, which must accept them.
fn checked(
    layer: &Conv2dLayer,
    x: &Tensor,
    w: &Tensor,
    b: Option<&[f32]>,
    kernel: fn(&ConvProblem) -> Tensor,
) -> Tensor {
    kernel(&ConvProblem::new(layer, x, w, b, &Limits::default()).unwrap())
}

/// Splits `w` (weight rows = output channels) and the layer by group, convolves
/// each with a groups=1 layer and concatenates: what grouped convolution *is*.
fn per_group_concat(p: &Problem) -> Tensor {
    let l = p.layer;
    let (ipg, opg) = (l.in_per_group(), l.out_per_group());
    let parts: Vec<Tensor> = (0..l.groups)
        .map(|g| {
            let spec = Conv2dSpec {
                in_channels: ipg,
                out_channels: opg,
                groups: 1,
                ..p.spec.clone()
            };
            let layer = spec.validate().unwrap();
            let x = p.input.channels(g * ipg..(g + 1) * ipg);
            let w = Tensor::new(
                layer.weight_shape(),
                p.weight.data[g * opg * ipg * l.kernel[0] * l.kernel[1]
                    ..(g + 1) * opg * ipg * l.kernel[0] * l.kernel[1]]
                    .to_vec(),
            )
            .unwrap();
            let b = p.bias.as_ref().map(|b| b[g * opg..(g + 1) * opg].to_vec());
            checked(&layer, &x, &w, b.as_deref(), |p| p.run())
        })
        .collect();
    Tensor::concat_channels(&parts).unwrap()
}

/// The grouped layer as a standard (groups=1) layer whose weight is zero outside
/// the block diagonal.
fn as_block_diagonal(p: &Problem) -> Tensor {
    let l = p.layer;
    let spec = Conv2dSpec {
        groups: 1,
        ..p.spec.clone()
    };
    let layer = spec.validate().unwrap();
    let ws = layer.weight_shape();
    let mut w = Tensor::zeros(ws);
    let (ipg, opg) = (l.in_per_group(), l.out_per_group());
    for co in 0..l.out_channels {
        let g = co / opg;
        for ci in 0..ipg {
            for ky in 0..l.kernel[0] {
                for kx in 0..l.kernel[1] {
                    w.data[ws.offset(co, g * ipg + ci, ky, kx)] = p.weight.at(co, ci, ky, kx);
                }
            }
        }
    }
    checked(&layer, &p.input, &w, p.bias(), |p| p.reference())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn fast_paths_equal_reference(p in any::<Problem>()) {
        let p = p.conv();
        let want = p.reference();
        prop_assert_eq!(&p.run(), &want);
        prop_assert_eq!(&p.general(), &want);
        let dw = p.depthwise();
        if p.layer().is_depthwise() {
            prop_assert_eq!(&dw.unwrap(), &want);
        } else {
            prop_assert!(dw.is_err());
        }
        let pw = p.pointwise();
        if p.layer().is_pointwise() {
            prop_assert_eq!(&pw.unwrap(), &want);
        } else {
            prop_assert!(pw.is_err());
        }
    }

    #[test]
    fn grouped_is_concat_of_per_group_convs(p in arb_problem(Shape::General)) {
        prop_assert_eq!(per_group_concat(&p), reference(&p));
    }

    #[test]
    fn grouped_is_standard_with_block_diagonal_weight(p in arb_problem(Shape::General)) {
        prop_assert_eq!(as_block_diagonal(&p), reference(&p));
    }

    #[test]
    fn separable_is_depthwise_then_pointwise(
        p in arb_problem(Shape::Depthwise),
        c_out in 1usize..=4,
        pw_bias in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let mid = p.layer.out_channels;
        let pw = Conv2dSpec { bias: pw_bias, ..Conv2dSpec::new(mid, c_out, 1) }.validate().unwrap();
        let pw_w = ints(pw.weight_shape(), seed);
        let pw_b = pw_bias.then(|| ints(Nchw::new(1, c_out, 1, 1), seed ^ 1).data);
        let lim = Limits::default();
        let s = ConvProblem::new(&p.layer, &p.input, &p.weight, p.bias(), &lim).and_then(|p| p.separable(&pw, &pw_w, pw_b.as_deref(), &lim)).unwrap();
        let mid_t = reference(&p);
        let out = checked(&pw, &mid_t, &pw_w, pw_b.as_deref(), |p| p.reference());
        prop_assert_eq!(&s.intermediate, &mid_t);
        prop_assert_eq!(&s.output, &out);
        // Swapped stages are refused.
        prop_assert!(ConvProblem::new(&pw, &p.input, &pw_w, pw_b.as_deref(), &lim).and_then(|q| q.separable(&p.layer, &p.weight, p.bias(), &lim)).is_err() || (pw.is_depthwise() && p.layer.is_pointwise()));
    }

    #[test]
    fn traces_count_macs_and_sum_to_outputs(p in any::<Problem>()) {
        let conv = p.conv();
        let geo = conv.geometry();
        let macs = p.layer.cost(&geo).unwrap().macs;
        let out = conv.run();
        let o = geo.output;
        let mut terms = 0u64;
        for n in 0..o.n {
            for c in 0..o.c {
                for y in 0..o.h {
                    for x in 0..o.w {
                        let t = ConvProblem::new(&p.layer, &p.input, &p.weight, p.bias(), &Limits::one_element()).and_then(|p| p.trace([n, c, y, x])).unwrap();
                        terms += t.terms.len() as u64;
                        prop_assert_eq!(t.sum, out.at(n, c, y, x));
                        prop_assert_eq!(t.group, c / p.layer.out_per_group());
                        let s: f32 = t.terms.iter().map(|m| m.product).sum::<f32>() + t.bias.unwrap_or(0.0);
                        prop_assert_eq!(s, t.sum);
                        for m in &t.terms {
                            prop_assert_eq!(m.input_index[1] / p.layer.in_per_group(), t.group);
                            if !m.padded {
                                prop_assert_eq!(m.input_value, p.input.at(m.input_index[0], m.input_index[1], m.input_index[2], m.input_index[3]));
                            }
                        }
                    }
                }
            }
        }
        prop_assert_eq!(terms, macs);
    }

    #[test]
    fn pad_matches_reference_taps(p in arb_problem(Shape::General)) {
        // Convolving the explicitly padded input with an unpadded layer equals
        // convolving the input with the padded layer.
        let padded = ops::pad(&p.layer, &p.input).unwrap();
        let spec = Conv2dSpec { padding: Padding::Valid, padding_mode: PaddingMode::Zeros, ..p.spec.clone() };
        let l = spec.validate().unwrap();
        let got = checked(&l, &padded, &p.weight, p.bias(), |p| p.reference());
        prop_assert_eq!(got, reference(&p));
    }
}
