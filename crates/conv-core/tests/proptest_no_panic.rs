//! Nothing in conv-core may panic on user input: arbitrary (mostly invalid)
//! specs, layers, shapes and data lengths must come back as `Ok` or `Err`.
//! Tight limits turn huge shapes into errors before anything is allocated.

use conv_core::ops;
use conv_core::{
    channel_shuffle, generate, receptive_field, Conv2dLayer, Conv2dSpec, ConvProblem, IntOrPair,
    Limits, Nchw, Padding, PaddingMode, Pads, Tensor,
};
use proptest::prelude::*;

const TIGHT: Limits = Limits {
    max_tensor_elements: 4096,
    max_macs: 200_000,
};

/// Mostly small sizes, sometimes zero or absurd.
fn size() -> impl Strategy<Value = usize> {
    prop_oneof![
        8 => 0usize..=6,
        1 => Just(1usize << 20),
        1 => Just((1usize << 20) + 1),
        1 => Just(usize::MAX),
        1 => any::<usize>(),
    ]
}

fn int_or_pair() -> impl Strategy<Value = IntOrPair> {
    prop_oneof![
        size().prop_map(IntOrPair::Int),
        (size(), size()).prop_map(|(a, b)| IntOrPair::Pair([a, b])),
    ]
}

fn padding() -> impl Strategy<Value = Padding> {
    prop_oneof![
        (size(), size()).prop_map(|(a, b)| Padding::Explicit([a, b])),
        Just(Padding::Same),
        Just(Padding::Valid),
    ]
}

fn spec() -> impl Strategy<Value = Conv2dSpec> {
    (
        (size(), size(), int_or_pair(), int_or_pair()),
        (padding(), int_or_pair(), size(), any::<bool>(), 0usize..4),
    )
        .prop_map(
            |((i, o, k, s), (padding, dilation, groups, bias, mode))| Conv2dSpec {
                in_channels: i,
                out_channels: o,
                kernel_size: k,
                stride: s,
                padding,
                dilation,
                groups,
                bias,
                padding_mode: PaddingMode::ALL[mode],
            },
        )
}

/// Hand-built layers that `validate` would never produce (fields are public).
fn raw_layer() -> impl Strategy<Value = Conv2dLayer> {
    (
        (size(), size(), size(), size()),
        (size(), size(), size(), size()),
        (size(), size(), size(), size()),
        (any::<bool>(), 0usize..4),
    )
        .prop_map(
            |((i, o, g, kh), (kw, sh, sw, dh), (dw, pt, pl, pb), (bias, mode))| Conv2dLayer {
                in_channels: i,
                out_channels: o,
                kernel: [kh, kw],
                stride: [sh, sw],
                dilation: [dh, dw],
                pads: Pads {
                    top: pt,
                    bottom: pb,
                    left: pl,
                    right: pt,
                },
                groups: g,
                bias,
                padding_mode: PaddingMode::ALL[mode],
            },
        )
}

fn shape() -> impl Strategy<Value = Nchw> {
    (size(), size(), size(), size()).prop_map(|(n, c, h, w)| Nchw::new(n, c, h, w))
}

/// A tensor whose data length may or may not match its shape (capped small).
fn tensor() -> impl Strategy<Value = Tensor> {
    (shape(), any::<bool>(), 0usize..64).prop_map(|(shape, exact, len)| {
        let len = match shape.checked_len() {
            Some(n) if exact && n <= 4096 => n,
            _ => len,
        };
        Tensor {
            shape,
            data: vec![1.0; len],
        }
    })
}

fn bias() -> impl Strategy<Value = Option<Vec<f32>>> {
    proptest::option::of((0usize..12).prop_map(|n| vec![0.5; n]))
}

fn index() -> impl Strategy<Value = [usize; 4]> {
    (size(), size(), size(), size()).prop_map(|(a, b, c, d)| [a, b, c, d])
}

/// Every kernel, on whatever [`ConvProblem::new`] accepts.
fn kernels(layer: &Conv2dLayer, x: &Tensor, w: &Tensor, b: Option<&[f32]>) {
    let _ = ConvProblem::new(layer, x, w, b, &TIGHT).map(|p| p.run());
    if let Ok(p) = ConvProblem::new(layer, x, w, b, &TIGHT) {
        let _ = (p.run(), p.reference(), p.general());
        let _ = (p.depthwise(), p.pointwise());
    }
}

fn exercise(layer: &Conv2dLayer, x: &Tensor, w: &Tensor, b: Option<&[f32]>, idx: [usize; 4]) {
    let _ = layer.geometry(x.shape, &TIGHT).map(|g| layer.cost(&g));
    kernels(layer, x, w, b);
    let _ = ops::pad(layer, x);
    let _ = ConvProblem::new(layer, x, w, b, &TIGHT).and_then(|p| p.separable(layer, w, b, &TIGHT));
    let _ = ConvProblem::new(layer, x, w, b, &Limits::one_element()).and_then(|p| p.trace(idx));
    let _ = receptive_field(layer, x.shape, idx);
    let _ = generate(layer, x.shape, 3, &TIGHT);
    for g in [0, 1, layer.groups.saturating_sub(1), layer.groups] {
        let _ = conv_core::group_view(layer, g);
        let _ = conv_core::group_of_output_channel(layer, g);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn validated_specs_never_panic(
        s in spec(), x in tensor(), w in tensor(), b in bias(), idx in index(), g in size(),
    ) {
        let _ = s.to_json();
        let _ = Conv2dSpec::from_json(&s.to_json());
        let _ = channel_shuffle(&x, g);
        if let Ok(layer) = s.validate() {
            exercise(&layer, &x, &w, b.as_deref(), idx);
            // And with tensors that do fit, so the kernels themselves run.
            if let Ok(gen) = generate(&layer, x.shape, 1, &TIGHT) {
                let out = gen.problem(&layer, &TIGHT).map(|p| p.run());
                if let Ok(out) = out {
                    let r = gen.problem(&layer, &TIGHT).unwrap().reference();
                    prop_assert_eq!(out.shape, r.shape);
                }
                exercise(&layer, &gen.input, &gen.weight, gen.bias.as_deref(), idx);
            }
        }
    }

    #[test]
    fn raw_layers_never_panic(
        layer in raw_layer(), x in tensor(), w in tensor(), b in bias(), idx in index(),
    ) {
        // `geometry`/`cost` assume a validated layer; the ops check the layer first.
        kernels(&layer, &x, &w, b.as_deref());
        let _ = ops::pad(&layer, &x);
        let _ = ConvProblem::new(&layer, &x, &w, b.as_deref(), &Limits::one_element()).and_then(|p| p.trace(idx));
        let _ = receptive_field(&layer, x.shape, idx);
        let _ = generate(&layer, x.shape, 3, &TIGHT);
        let _ = conv_core::group_view(&layer, idx[0]);
        let _ = conv_core::group_of_output_channel(&layer, idx[1]);
    }
}

/// Valid small specs with shapes that fit, so the kernels actually run on
/// odd sizes (the generator above mostly makes errors).
#[test]
fn small_valid_specs_run() {
    let mut ran = 0;
    for groups in [1, 2, 3, 6] {
        for k in [1, 2, 3] {
            for mode in PaddingMode::ALL {
                for hw in [1, 2, 5] {
                    let spec = Conv2dSpec {
                        groups,
                        padding: Padding::Same,
                        padding_mode: mode,
                        ..Conv2dSpec::new(6, 12, k)
                    };
                    let Ok(layer) = spec.validate() else { continue };
                    let Ok(gen) = generate(&layer, Nchw::new(1, 6, hw, hw), 5, &TIGHT) else {
                        continue;
                    };
                    let out = gen.problem(&layer, &TIGHT).map(|p| p.run());
                    assert!(out.is_ok(), "{spec:?} {hw}: {out:?}");
                    ran += 1;
                }
            }
        }
    }
    assert!(ran > 20, "{ran}");
}
