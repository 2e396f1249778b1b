//! Hand-checked cases, burn-style: named cases with `arange` data so the expected
//! values are easy to regenerate. They were produced by this NumPy script (NumPy's
//! `np.pad` modes `constant`/`reflect`/`edge`/`wrap` are PyTorch's
//! `zeros`/`reflect`/`replicate`/`circular`; no PyTorch on the build machine):
//!
//! ```python
//! import numpy as np
//! def conv(x, w, b, stride=(1,1), pad=(0,0,0,0), dil=(1,1), groups=1, mode="zeros"):
//!     # x: (n,c,h,w), w: (co, ci/g, kh, kw); pad = (top,bottom,left,right)
//!     npmode = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}[mode]
//!     t, bo, l, r = pad
//!     xp = np.pad(x, ((0,0),(0,0),(t,bo),(l,r)), mode=npmode)
//!     n, c, h, ww = xp.shape
//!     co, cig, kh, kw = w.shape
//!     oh = (h - dil[0]*(kh-1) - 1)//stride[0] + 1
//!     ow = (ww - dil[1]*(kw-1) - 1)//stride[1] + 1
//!     cog = co // groups
//!     out = np.zeros((n, co, oh, ow), dtype=np.float64)
//!     for o in range(co):
//!         g = o // cog
//!         for y in range(oh):
//!             for xx in range(ow):
//!                 patch = xp[:, g*cig:(g+1)*cig, y*stride[0]:y*stride[0]+dil[0]*(kh-1)+1:dil[0], xx*stride[1]:xx*stride[1]+dil[1]*(kw-1)+1:dil[1]]
//!                 out[:, o, y, xx] = (patch * w[o]).sum(axis=(1,2,3)) + (b[o] if b is not None else 0)
//!     return out
//! def ar(*s): return np.arange(np.prod(s), dtype=np.float64).reshape(s)
//! x = ar(1,1,3,3); w = np.ones((1,1,3,3))
//! for m in ["zeros","reflect","replicate","circular"]:
//!     print(m, conv(x, w, None, pad=(1,1,1,1), mode=m).astype(int).ravel().tolist())
//! # burn-style grouped: C_in 4, C_out 6, groups 2, k 2x3, stride (2,1), pad (1,0), dil (1,2), batch 2, input 2x4x4x5 arange, weight arange, bias arange
//! x = ar(2,4,4,5); w = ar(6,2,2,3); b = np.arange(6.0)
//! o = conv(x, w, b, stride=(2,1), pad=(1,1,0,0), dil=(1,2), groups=2)
//! print("grouped", o.shape, o.astype(int).ravel().tolist())
//! # depthwise multiplier 2: C 2 -> 4, k3, pad 1 replicate, stride 2, input 1x2x4x4 arange, weight arange - 8
//! x = ar(1,2,4,4); w = ar(4,1,3,3) - 8; b = np.array([1.0,-1.0,2.0,-2.0])
//! o = conv(x, w, b, stride=(2,2), pad=(1,1,1,1), groups=2, mode="replicate")
//! print("dw_mult2", o.shape, o.astype(int).ravel().tolist())
//! ```

use super::*;
use crate::limits::Limits;
use crate::spec::{Conv2dSpec, Padding, PaddingMode};
use crate::tensor::Nchw;

fn arange(shape: Nchw, offset: f32) -> Tensor {
    Tensor::new(shape, (0..shape.len()).map(|v| v as f32 + offset).collect()).unwrap()
}

/// A named case: the spec, an input shape, and arange data.
struct Conv2dTestCase {
    spec: Conv2dSpec,
    input: Nchw,
    weight_offset: f32,
    bias: Option<Vec<f32>>,
}

impl Conv2dTestCase {
    fn assert_output(&self, shape: Nchw, expected: &[f32]) {
        let layer = self.spec.validate().unwrap();
        let x = arange(self.input, 0.0);
        let w = arange(layer.weight_shape(), self.weight_offset);
        let b = self.bias.as_deref();
        let lim = Limits::default();
        let p = ConvProblem::new(&layer, &x, &w, b, &lim).unwrap();
        let mut outs = vec![
            ("reference", p.reference()),
            ("general", p.general()),
            ("run", p.run()),
            (
                "conv2d",
                ConvProblem::new(&layer, &x, &w, b, &lim)
                    .map(|p| p.run())
                    .unwrap(),
            ),
        ];
        if layer.is_depthwise() {
            outs.push(("depthwise", p.depthwise().unwrap()));
        }
        if layer.is_pointwise() {
            outs.push(("pointwise", p.pointwise().unwrap()));
        }
        for (name, out) in outs {
            assert_eq!(out.shape, shape, "{name}");
            assert_eq!(out.data, expected, "{name}");
        }
    }
}

fn ones_3x3_padded(mode: PaddingMode) -> Conv2dTestCase {
    Conv2dTestCase {
        spec: Conv2dSpec {
            padding: Padding::Explicit([1, 1]),
            padding_mode: mode,
            bias: false,
            ..Conv2dSpec::new(1, 1, 3)
        },
        input: Nchw::new(1, 1, 3, 3),
        weight_offset: 0.0,
        bias: None,
    }
}

fn ones_case(mode: PaddingMode, expected: &[f32]) {
    // Weight of ones: arange with offset, then checked through `assert_output`
    // would not be ones, so build it here.
    let case = ones_3x3_padded(mode);
    let layer = case.spec.validate().unwrap();
    let x = arange(case.input, 0.0);
    let w = Tensor::new(layer.weight_shape(), vec![1.0; 9]).unwrap();
    let p = ConvProblem::new(&layer, &x, &w, None, &Limits::default()).unwrap();
    for out in [p.reference(), p.general(), p.depthwise().unwrap()] {
        assert_eq!(out.data, expected, "{mode:?}");
    }
}

#[test]
fn box_filter_every_padding_mode() {
    ones_case(
        PaddingMode::Zeros,
        &[8., 15., 12., 21., 36., 27., 20., 33., 24.],
    );
    ones_case(
        PaddingMode::Reflect,
        &[24., 27., 30., 33., 36., 39., 42., 45., 48.],
    );
    ones_case(
        PaddingMode::Replicate,
        &[12., 18., 24., 30., 36., 42., 48., 54., 60.],
    );
    ones_case(PaddingMode::Circular, &[36.; 9]);
}

#[test]
fn grouped_rectangular_strided_dilated_batch2() {
    // groups 2 (neither 1 nor C), C_out 6 != C_in 4, kernel 2x3, stride (2,1),
    // padding (1,0), dilation (1,2).
    Conv2dTestCase {
        spec: Conv2dSpec {
            stride: [2, 1].into(),
            padding: Padding::Explicit([1, 0]),
            dilation: [1, 2].into(),
            groups: 2,
            ..Conv2dSpec::new(4, 6, [2, 3])
        },
        input: Nchw::new(2, 4, 4, 5),
        weight_offset: 0.0,
        bias: Some(vec![0., 1., 2., 3., 4., 5.]),
    }
    .assert_output(
        Nchw::new(2, 6, 3, 1),
        &[
            692., 1708., 836., 1557., 4517., 2781., 2422., 7326., 4726., 13607., 30055., 16271.,
            17352., 38624., 21096., 21097., 47193., 25921., 4052., 6988., 2756., 10677., 21317.,
            10461., 17302., 35646., 18166., 34247., 69895., 35471., 43752., 89984., 46056., 53257.,
            110073., 56641.,
        ],
    );
}

#[test]
fn depthwise_multiplier_2_replicate_stride_2() {
    Conv2dTestCase {
        spec: Conv2dSpec {
            stride: 2.into(),
            padding: Padding::Explicit([1, 1]),
            padding_mode: PaddingMode::Replicate,
            groups: 2,
            ..Conv2dSpec::new(2, 4, 3)
        },
        input: Nchw::new(1, 2, 4, 4),
        weight_offset: -8.0,
        bias: Some(vec![1., -1., 2., -2.]),
    }
    .assert_output(
        Nchw::new(1, 4, 2, 2),
        &[
            -20., -77., -224., -281., 113., 191., 449., 527., 2267., 2480., 3143., 3356., 3694.,
            4042., 5110., 5458.,
        ],
    );
}

#[test]
fn pointwise_grouped() {
    // 1x1, groups 2: out[co] = Σ_{ci in group} w[co, ci] x[ci]. Input channels are
    // constant planes 0,1,2,3 (per pixel: arange offsets differ), so check one pixel:
    // x[:, :, 0, 0] = [0, 4, 8, 12]; w = arange(4*2) → rows [0,1],[2,3],[4,5],[6,7].
    let case = Conv2dTestCase {
        spec: Conv2dSpec {
            groups: 2,
            bias: false,
            ..Conv2dSpec::new(4, 4, 1)
        },
        input: Nchw::new(1, 4, 2, 2),
        weight_offset: 0.0,
        bias: None,
    };
    // pixel p: x = [p, 4+p, 8+p, 12+p]
    // co0 = 0*p + 1*(4+p); co1 = 2p + 3(4+p); co2 = 4(8+p) + 5(12+p); co3 = 6(8+p) + 7(12+p)
    let mut expected = vec![];
    for co in 0..4 {
        for p in 0..4 {
            let p = p as f32;
            let (a, b) = ((2 * co) as f32, (2 * co + 1) as f32);
            let (x0, x1) = if co < 2 {
                (p, 4. + p)
            } else {
                (8. + p, 12. + p)
            };
            expected.push(a * x0 + b * x1);
        }
    }
    case.assert_output(Nchw::new(1, 4, 2, 2), &expected);
}

#[test]
fn channel_shuffle_interleaves_groups() {
    // 6 channels, 2 groups: [0 1 2 | 3 4 5] → [0 3 1 4 2 5]; 3 groups → [0 2 4 1 3 5].
    let x = Tensor::new(Nchw::new(2, 6, 1, 2), (0..24).map(|v| v as f32).collect()).unwrap();
    let chans = |t: &Tensor| -> Vec<f32> { t.data.iter().step_by(2).copied().collect() };
    let s2 = channel_shuffle(&x, 2).unwrap();
    assert_eq!(
        chans(&s2),
        [0., 3., 1., 4., 2., 5., 6., 9., 7., 10., 8., 11.].map(|c| c * 2.)
    );
    let s3 = channel_shuffle(&x, 3).unwrap();
    assert_eq!(chans(&s3)[..6], [0., 2., 4., 1., 3., 5.].map(|c| c * 2.));
    // groups 1 and groups C are identities; shuffling twice with g and C/g undoes it.
    assert_eq!(channel_shuffle(&x, 1).unwrap(), x);
    assert_eq!(channel_shuffle(&x, 6).unwrap(), x);
    assert_eq!(channel_shuffle(&s2, 3).unwrap(), x);
    assert!(channel_shuffle(&x, 4).is_err());
    assert!(channel_shuffle(&x, 0).is_err());
}

#[test]
fn pad_every_mode() {
    let x = arange(Nchw::new(1, 1, 2, 3), 0.0); // [[0 1 2] [3 4 5]]
    let padded = |mode| {
        let l = Conv2dSpec {
            padding: Padding::Explicit([1, 2]),
            padding_mode: mode,
            ..Conv2dSpec::new(1, 1, 1)
        }
        .validate()
        .unwrap();
        pad(&l, &x).unwrap()
    };
    let z = padded(PaddingMode::Zeros);
    assert_eq!(z.shape, Nchw::new(1, 1, 4, 7));
    assert_eq!(
        z.data,
        [
            0., 0., 0., 0., 0., 0., 0., //
            0., 0., 0., 1., 2., 0., 0., //
            0., 0., 3., 4., 5., 0., 0., //
            0., 0., 0., 0., 0., 0., 0.,
        ]
    );
    let r = padded(PaddingMode::Reflect);
    assert_eq!(
        r.data,
        [
            5., 4., 3., 4., 5., 4., 3., //
            2., 1., 0., 1., 2., 1., 0., //
            5., 4., 3., 4., 5., 4., 3., //
            2., 1., 0., 1., 2., 1., 0.,
        ]
    );
    let e = padded(PaddingMode::Replicate);
    assert_eq!(e.data[..7], [0., 0., 0., 1., 2., 2., 2.]);
    assert_eq!(e.data[21..], [3., 3., 3., 4., 5., 5., 5.]);
    let c = padded(PaddingMode::Circular);
    assert_eq!(c.data[..7], [4., 5., 3., 4., 5., 3., 4.]);
}

#[test]
fn argument_errors_are_typed() {
    let l = Conv2dSpec::new(2, 4, 3).validate().unwrap();
    let x = arange(Nchw::new(1, 2, 4, 4), 0.0);
    let w = arange(l.weight_shape(), 0.0);
    let b = [0.0; 4];
    let lim = Limits::default();
    assert!(ConvProblem::new(&l, &x, &w, Some(&b), &lim)
        .map(|p| p.run())
        .is_ok());
    // missing / extra / short bias
    assert!(ConvProblem::new(&l, &x, &w, None, &lim).is_err());
    assert!(matches!(
        ConvProblem::new(&l, &x, &w, Some(&b[..3]), &lim),
        Err(ConvError::ShapeMismatch {
            what: Quantity::Bias,
            ..
        })
    ));
    let nb = Conv2dLayer { bias: false, ..l };
    assert!(ConvProblem::new(&nb, &x, &w, Some(&b), &lim).is_err());
    // wrong weight shape
    let w2 = arange(Nchw::new(4, 1, 3, 3), 0.0);
    assert!(matches!(
        ConvProblem::new(&l, &x, &w2, Some(&b), &lim),
        Err(ConvError::ShapeMismatch {
            what: Quantity::Weight,
            ..
        })
    ));
    // data length disagreeing with the shape
    let bad = Tensor {
        shape: x.shape,
        data: vec![0.0; 3],
    };
    assert!(matches!(
        ConvProblem::new(&l, &bad, &w, Some(&b), &lim),
        Err(ConvError::DataLength { .. })
    ));
    // PyTorch's channel message
    let x3 = arange(Nchw::new(1, 3, 4, 4), 0.0);
    let e = ConvProblem::new(&l, &x3, &w, Some(&b), &lim)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("expected input[1, 3, 4, 4] to have 2 channels"),
        "{e}"
    );
    // MAC limit checked before computing
    let tight = Limits {
        max_macs: 10,
        ..lim
    };
    assert!(matches!(
        ConvProblem::new(&l, &x, &w, Some(&b), &tight),
        Err(ConvError::LimitExceeded { .. })
    ));
    // the fast paths refuse layers they do not fit
    let p = ConvProblem::new(&l, &x, &w, Some(&b), &lim).unwrap();
    assert!(p.depthwise().is_err());
    assert!(p.pointwise().is_err());
}

#[test]
fn dispatch() {
    let dw = Conv2dSpec {
        groups: 8,
        ..Conv2dSpec::new(8, 16, 3)
    };
    assert_eq!(kernel_path(&dw.validate().unwrap()), KernelPath::Depthwise);
    assert_eq!(
        kernel_path(&Conv2dSpec::new(8, 16, 1).validate().unwrap()),
        KernelPath::Pointwise
    );
    assert_eq!(
        kernel_path(&Conv2dSpec::new(8, 16, 3).validate().unwrap()),
        KernelPath::General
    );
    let grouped = |c: usize, groups| {
        kernel_path(
            &Conv2dSpec {
                groups,
                ..Conv2dSpec::new(c, 16, 3)
            }
            .validate()
            .unwrap(),
        )
    };
    assert_eq!(grouped(32, 4), KernelPath::Grouped);
    assert_eq!(grouped(64, 4), KernelPath::General);
}

/// Larger shapes than the proptests use, so the GEMM's blocking (several column
/// blocks, ragged panels) and the depthwise interior are exercised; random data,
/// so compared within a relative tolerance.
#[test]
fn larger_shapes_match_reference() {
    let lim = Limits::default();
    for (spec, input) in [
        (
            Conv2dSpec {
                padding: Padding::Same,
                ..Conv2dSpec::new(16, 20, 3)
            },
            Nchw::new(1, 16, 23, 29),
        ),
        (
            Conv2dSpec {
                groups: 16,
                padding: Padding::Explicit([2, 1]),
                padding_mode: PaddingMode::Reflect,
                ..Conv2dSpec::new(16, 32, [5, 3])
            },
            Nchw::new(2, 16, 19, 37),
        ),
        (Conv2dSpec::new(40, 36, 1), Nchw::new(1, 40, 45, 47)),
        (
            Conv2dSpec {
                groups: 6,
                padding: Padding::Same,
                padding_mode: PaddingMode::Replicate,
                ..Conv2dSpec::new(6, 12, [3, 5])
            },
            Nchw::new(1, 6, 17, 21),
        ),
        (
            Conv2dSpec {
                groups: 4,
                padding: Padding::Explicit([3, 2]),
                padding_mode: PaddingMode::Circular,
                ..Conv2dSpec::new(4, 4, 7)
            },
            Nchw::new(1, 4, 9, 30),
        ),
    ] {
        let l = spec.validate().unwrap();
        let g = crate::rng::generate(&l, input, 9, &lim).unwrap();
        let b = g.bias.as_deref();
        let p = ConvProblem::new(&l, &g.input, &g.weight, b, &lim).unwrap();
        let want = p.reference();
        if l.is_depthwise() {
            // Same summation order as the reference: bit-identical.
            assert_eq!(p.depthwise().unwrap(), want);
        }
        for got in [p.run(), p.general()] {
            for (a, e) in got.data.iter().zip(&want.data) {
                assert!(
                    (a - e).abs() <= 1e-4 * e.abs().max(1.0),
                    "{spec:?}: {a} vs {e}"
                );
            }
        }
    }
}
