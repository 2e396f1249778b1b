//! Zero-cost markers that keep a network's structure visible, as the presets
//! do: max pools, channel shuffles, channel splits and concatenations.

use crate::error::{AttrProblem, ConvRule, ModelError, Result};
use crate::known::Known;
use crate::layers::{self, marker, window_error};
use crate::note::Note;
use crate::ops::{AutoPad, Node, Op, Pool};
use crate::window;
use conv_core::{Conv2dSpec, ConvError, LayerKind, Nchw, NetLayer};

fn nchw(dims: &[usize]) -> Option<Nchw> {
    (dims.len() == 4).then(|| Nchw::new(dims[0], dims[1], dims[2], dims[3]))
}

/// A pool's output; for a 2-D MaxPool also its marker, whose window is written
/// as a depthwise-shaped spec (as the presets write `nn.MaxPool2d`).
pub fn pool(node: &Node, p: &Pool, x: &Known) -> Result<(Known, Option<NetLayer>, Option<Note>)> {
    let n = p.kernel_shape.len();
    if x.dims.len() != n + 2 {
        return Err(ModelError::Attribute {
            node: node.node_ref(),
            attribute: "kernel_shape".into(),
            problem: AttrProblem::WrongLength {
                expected: x.dims.len().saturating_sub(2),
                found: n,
            },
        });
    }
    let kernel: Vec<usize> = p
        .kernel_shape
        .iter()
        .map(|&k| (k > 0).then(|| usize::try_from(k).unwrap_or(usize::MAX)))
        .collect::<Option<_>>()
        .ok_or_else(|| ModelError::Conv {
            node: node.node_ref(),
            rule: ConvRule::NonPositiveKernel {
                kernel_shape: p.kernel_shape.clone(),
            },
        })?;
    let attrs = window::Attrs {
        kernel: &kernel,
        strides: p.strides.as_deref(),
        dilations: p.dilations.as_deref(),
        pads: p.pads.as_deref(),
        auto_pad: p.auto_pad,
    };
    let spatial = &x.dims[2..];
    let w = window::resolve(&attrs, spatial).map_err(|e| window_error(node, e))?;
    let ceil = p.ceil_mode && p.auto_pad == AutoPad::NotSet;
    let out = w.output(spatial, ceil).ok_or_else(|| {
        // The window does not fit: the error conv-core gives a conv, on the first two axes.
        let two =
            |v: &[usize], f: &dyn Fn(usize) -> usize| [f(0), if v.len() > 1 { f(1) } else { 1 }];
        ModelError::Layer {
            node: node.node_ref(),
            error: ConvError::KernelLargerThanInput {
                padded: two(spatial, &|i| {
                    spatial[i]
                        .saturating_add(w.begin[i])
                        .saturating_add(w.end[i])
                }),
                kernel: two(&kernel, &|i| kernel[i]),
                dilation: two(&kernel, &|i| w.dilations[i]),
            },
        }
    })?;
    let mut dims = x.dims[..2].to_vec();
    dims.extend(&out);
    let output = Known::activation(dims);
    let (Op::MaxPool(_), Some(input), Some(o)) = (&node.op, nchw(&x.dims), nchw(&output.dims))
    else {
        return Ok((output, None, None));
    };
    let name = node.layer_name();
    let spec = layers::padding(&w, spatial, ceil).map(|padding| Conv2dSpec {
        stride: [w.strides[0], w.strides[1]].into(),
        dilation: [w.dilations[0], w.dilations[1]].into(),
        padding,
        groups: input.c,
        bias: false,
        ..Conv2dSpec::new(input.c, input.c, [kernel[0], kernel[1]])
    });
    let note = spec
        .as_ref()
        .and_then(|s| layers::padding_note(&name, &w, s));
    let m = marker(name, LayerKind::MaxPool, spec, input, o);
    Ok((output, Some(m), note))
}

/// A marker for a Split or Slice over the channels (axis 1) of an NCHW tensor;
/// its output is the first part. Several Slices of the same tensor (how the
/// TorchScript exporter writes `chunk`) are one split: `split` remembers the
/// tensors already marked.
pub fn channel_split(
    node: &Node,
    x: &Known,
    first: &Known,
    split: &mut std::collections::HashSet<String>,
) -> Option<NetLayer> {
    let (input, output) = (nchw(&x.dims)?, nchw(&first.dims)?);
    let only_channels = input.n == output.n && input.h == output.h && input.w == output.w;
    if x.constant || !only_channels || input.c == output.c {
        return None;
    }
    if !split.insert(node.inputs[0].clone()) {
        return None;
    }
    Some(marker(
        node.layer_name(),
        LayerKind::ChannelSplit,
        None,
        input,
        output,
    ))
}

/// A marker for a Concat over the channels of NCHW tensors; its input is the
/// last part (the branch computed last), as in the presets.
pub fn concat(node: &Node, axis: i64, last: &Known, out: &Known) -> Option<NetLayer> {
    let (input, output) = (nchw(&last.dims)?, nchw(&out.dims)?);
    if out.constant || !(axis == 1 || axis == -3) {
        return None;
    }
    Some(marker(
        node.layer_name(),
        LayerKind::Concat,
        None,
        input,
        output,
    ))
}

/// ShuffleNet's channel shuffle, `Reshape [n, g, c/g, h, w] → Transpose
/// [0, 2, 1, 3, 4] → Reshape [n, c, h, w]`, recognised at its last Reshape
/// (`node`, output `out`): `transpose` and `first` are the nodes before it,
/// `x` the first Reshape's input. The marker takes the Transpose's name.
pub fn shuffle(
    node: &Node,
    out: &Known,
    transpose: &Node,
    first: &Node,
    x: &Known,
    grouped: &Known,
) -> Option<NetLayer> {
    let is_perm = matches!(&transpose.op, Op::Transpose { perm: Some(p) } if p == &[0, 2, 1, 3, 4]);
    let (input, output) = (nchw(&x.dims)?, nchw(&out.dims)?);
    let g = &grouped.dims;
    let splits = g.len() == 5
        && [g[0], g[3], g[4]] == [input.n, input.h, input.w]
        && g[1] > 1
        && g[1].checked_mul(g[2]) == Some(input.c);
    let reshapes = matches!(node.op, Op::Reshape { .. }) && matches!(first.op, Op::Reshape { .. });
    (is_perm && splits && reshapes && input == output).then(|| {
        let kind = LayerKind::ChannelShuffle { groups: g[1] };
        marker(transpose.layer_name(), kind, None, input, output)
    })
}
