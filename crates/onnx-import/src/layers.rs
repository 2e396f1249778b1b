//! The layers that cost something: Conv, and Gemm / MatMul with a constant
//! weight (fully connected), each planned by conv-core's
//! [`PlannedLayer::plan`], the cost model the presets use.

use crate::error::{ConvRule, ModelError, Result};
use crate::known::Known;
use crate::note::Note;
use crate::ops::{self, Node};
use crate::window::{self, Window, WindowError};
use conv_core::{Conv2dSpec, Cost, LayerKind, Limits, Nchw, NetLayer, Padding, PlannedLayer};

/// A planned layer and the shape it gives its output.
pub struct Planned {
    pub layer: NetLayer,
    pub output: Known,
    pub note: Option<Note>,
}

fn nchw(dims: &[usize]) -> Nchw {
    Nchw::new(dims[0], dims[1], dims[2], dims[3])
}

/// Costs only: nothing is allocated, so no resource limits apply.
pub fn plan(node: &Node, spec: &Conv2dSpec, input: Nchw) -> Result<PlannedLayer> {
    PlannedLayer::plan(spec, input, &Limits::unlimited()).map_err(|error| ModelError::Layer {
        node: node.node_ref(),
        error,
    })
}

/// A window error of `node`, as the typed error.
pub fn window_error(node: &Node, e: WindowError) -> ModelError {
    match e {
        WindowError::Rule(rule) => ModelError::Conv {
            node: node.node_ref(),
            rule,
        },
        WindowError::Length { attribute, problem } => ModelError::Attribute {
            node: node.node_ref(),
            attribute: attribute.to_string(),
            problem,
        },
    }
}

/// The padding a 2-D spec can hold for `w` on `input` (`ceil`: the pool's
/// ceil_mode): the file's when both sides agree, else a symmetric one with the
/// same output size, else PyTorch's "same" (stride 1 only) when the total
/// matches it. `None` when none of these gives the file's output size.
pub fn padding(w: &Window, input: &[usize], ceil: bool) -> Option<Padding> {
    if w.begin == w.end && !ceil {
        return Some(Padding::Explicit([w.begin[0], w.begin[1]]));
    }
    let sym = w.symmetric(input, ceil);
    if let [Some(h), Some(v)] = sym[..] {
        return Some(Padding::Explicit([h, v]));
    }
    let same = (0..2).all(|i| {
        w.strides[i] == 1
            && w.begin[i].saturating_add(w.end[i])
                == w.dilations[i].saturating_mul(w.kernel[i].saturating_sub(1))
    });
    same.then_some(Padding::Same)
}

/// A note when the spec's padding is not the file's.
pub fn padding_note(layer: &str, w: &Window, spec: &Conv2dSpec) -> Option<Note> {
    let shown = spec.validate().ok()?.pads;
    let shown = [shown.top, shown.left, shown.bottom, shown.right];
    let pads = [w.begin[0], w.begin[1], w.end[0], w.end[1]];
    (shown != pads).then(|| Note::PaddingShown {
        layer: layer.to_string(),
        pads,
        shown,
    })
}

fn conv_rule(node: &Node, rule: ConvRule) -> ModelError {
    ModelError::Conv {
        node: node.node_ref(),
        rule,
    }
}

/// Checks a Conv's attributes against its weight and input, PyTorch's rules.
fn check_conv(node: &Node, c: &ops::Conv, x: &[usize], w: &[usize]) -> Result<usize> {
    if x.len() != 4 {
        return Err(conv_rule(node, ConvRule::InputRank { input: x.to_vec() }));
    }
    if w.len() != 4 {
        return Err(conv_rule(node, ConvRule::WeightRank { weight: w.to_vec() }));
    }
    if let Some(k) = &c.kernel_shape {
        if k.len() != 2 || k.iter().zip(&w[2..]).any(|(&a, &b)| a != b as i64) {
            let rule = ConvRule::KernelShape {
                kernel_shape: k.clone(),
                weight: w.to_vec(),
            };
            return Err(conv_rule(node, rule));
        }
    }
    let groups = usize::try_from(c.group)
        .ok()
        .filter(|&g| g > 0)
        .ok_or_else(|| conv_rule(node, ConvRule::NonPositiveGroups { groups: c.group }))?;
    if w[1].checked_mul(groups) != Some(x[1]) {
        let rule = ConvRule::InputChannels {
            groups,
            weight: w.to_vec(),
            input: x.to_vec(),
        };
        return Err(conv_rule(node, rule));
    }
    if w[0] % groups != 0 {
        let rule = ConvRule::OutChannels {
            groups,
            weight: w.to_vec(),
        };
        return Err(conv_rule(node, rule));
    }
    Ok(groups)
}

/// A Conv node on input `x` with weight `w`; `bias` when it has a third input.
pub fn conv(node: &Node, c: &ops::Conv, x: &Known, w: &Known, bias: bool) -> Result<Planned> {
    let groups = check_conv(node, c, &x.dims, &w.dims)?;
    let kernel = [w.dims[2], w.dims[3]];
    let attrs = window::Attrs {
        kernel: &kernel,
        strides: c.strides.as_deref(),
        dilations: c.dilations.as_deref(),
        pads: c.pads.as_deref(),
        auto_pad: c.auto_pad,
    };
    let win = window::resolve(&attrs, &x.dims[2..]).map_err(|e| window_error(node, e))?;
    let padding = padding(&win, &x.dims[2..], false).ok_or_else(|| {
        let pads = [win.begin[0], win.begin[1], win.end[0], win.end[1]];
        conv_rule(node, ConvRule::AsymmetricPads { pads })
    })?;
    let spec = Conv2dSpec {
        stride: [win.strides[0], win.strides[1]].into(),
        dilation: [win.dilations[0], win.dilations[1]].into(),
        padding,
        groups,
        bias,
        ..Conv2dSpec::new(x.dims[1], w.dims[0], kernel)
    };
    let input = nchw(&x.dims);
    let p = plan(node, &spec, input)?;
    let name = node.layer_name();
    let note = padding_note(&name, &win, &spec);
    Ok(Planned {
        output: Known::activation(p.geometry.output.to_array().to_vec()),
        layer: NetLayer {
            name,
            kind: LayerKind::of(&p.layer),
            spec: Some(spec),
            input,
            output: p.geometry.output,
            cost: p.cost,
        },
        note,
    })
}

/// A fully connected layer: `in_features → out_features` at every position of
/// `input` (a 1x1 convolution over it), with bias or not.
pub fn fully_connected(
    node: &Node,
    input: Nchw,
    out_features: usize,
    bias: bool,
) -> Result<NetLayer> {
    let spec = Conv2dSpec {
        bias,
        ..Conv2dSpec::new(input.c, out_features, 1)
    };
    let p = plan(node, &spec, input)?;
    Ok(NetLayer {
        name: node.layer_name(),
        kind: LayerKind::FullyConnected,
        spec: Some(spec),
        input,
        output: p.geometry.output,
        cost: p.cost,
    })
}

/// Gemm `[M, K] x [K, N]` with a constant B: `M` rows of `K → N`.
pub fn gemm(node: &Node, (m, k, n): (usize, usize, usize), bias: bool) -> Result<Planned> {
    let layer = fully_connected(node, Nchw::new(m, k, 1, 1), n, bias)?;
    Ok(Planned {
        layer,
        output: Known::activation(vec![m, n]),
        note: None,
    })
}

/// MatMul of `a` (`[..., K]`) with a constant 2-D `[K, N]`: `K → N` at every
/// position of `a`'s leading axes, as `nn.Linear` on an N-D input. The first
/// axis is the batch and the positions fill H (and W): `[K]` and `[M, K]` are
/// `M x K x 1 x 1`, `[B, T, K]` is `B x K x T x 1`, ConvNeXt's NHWC `[N, H, W, K]`
/// is `N x K x H x W`. Bias comes later, from the Add that follows (see
/// [`with_bias`]).
pub fn matmul(node: &Node, a: &[usize], n: usize, output: Vec<usize>) -> Result<Planned> {
    let k = a[a.len() - 1];
    let input = match a.len() {
        1 => Nchw::new(1, k, 1, 1),
        2 => Nchw::new(a[0], k, 1, 1),
        3 => Nchw::new(a[0], k, a[1], 1),
        r => {
            // Saturating: conv-core refuses a size this large by name.
            let rows = a[1..r - 2].iter().fold(1usize, |p, &d| p.saturating_mul(d));
            Nchw::new(a[0], k, rows, a[r - 2])
        }
    };
    Ok(Planned {
        layer: fully_connected(node, input, n, false)?,
        output: Known::activation(output),
        note: None,
    })
}

/// The same fully connected layer with a bias added.
pub fn with_bias(node: &Node, layer: &NetLayer) -> Result<NetLayer> {
    let out = layer.output.c;
    let mut l = fully_connected(node, layer.input, out, true)?;
    l.name = layer.name.clone();
    Ok(l)
}

/// A zero-cost marker.
pub fn marker(
    name: String,
    kind: LayerKind,
    spec: Option<Conv2dSpec>,
    input: Nchw,
    output: Nchw,
) -> NetLayer {
    NetLayer {
        name,
        kind,
        spec,
        input,
        output,
        cost: Cost::default(),
    }
}
