//! The focused layer as a Keras 3 script. Keras is channels-last, so the data go
//! NCHW → NHWC and the kernels change layout (stated in the script's comments):
//! - `Conv2D` (standard, grouped): PyTorch `[out, in/g, kh, kw]` → `[kh, kw, in/g, out]`;
//! - `DepthwiseConv2D`: `[in·mult, 1, kh, kw]` → `[kh, kw, in, mult]`;
//! - `SeparableConv2D`: that depthwise kernel, plus the pointwise `[out, in·mult, 1, 1]`
//!   → `[1, 1, in·mult, out]`, and its one bias, after the pointwise step, with the
//!   depthwise bias folded in.
//!
//! Padding: PyTorch's numbers become a `ZeroPadding2D` (or `np.pad` for the other
//! padding modes) before a `'valid'` convolution, which is exact at any stride
//! (Keras' own `'same'` puts the odd pad elsewhere when stride > 1). The page's
//! `'same'` (stride 1 only, as PyTorch) stays Keras' `'same'`, which pads alike.

use conv_core::{ConvKind, Padding, PaddingMode};

use super::{data_block, header};
use crate::compute::JobResult;

fn pair(p: [usize; 2]) -> String {
    format!("({}, {})", p[0], p[1])
}

/// `(keras padding, lines that pad the NHWC input `xk` first)`.
fn padding(r: &JobResult, written: Padding) -> (&'static str, String) {
    let (p, mode) = (r.layer.pads, r.layer.padding_mode);
    let [top, bottom, left, right] = [p.top, p.bottom, p.left, p.right];
    if top + bottom + left + right == 0 {
        return ("valid", String::new());
    }
    if written == Padding::Same && mode == PaddingMode::Zeros {
        return ("same", String::new());
    }
    let pads = format!("(({top}, {bottom}), ({left}, {right}))");
    let lines = match mode {
        PaddingMode::Zeros => format!(
            "# PyTorch's padding, as zeros before a 'valid' convolution (exact at any stride).\n\
             xk = keras.layers.ZeroPadding2D(padding={pads})(xk)\n"
        ),
        other => {
            let np_mode = match other {
                PaddingMode::Reflect => "reflect",
                PaddingMode::Replicate => "edge",
                _ => "wrap",
            };
            format!(
                "# padding_mode='{}': numpy pads the same way (mode '{np_mode}'), then a 'valid' convolution.\n\
                 xk = np.pad(xk, ((0, 0), ({top}, {bottom}), ({left}, {right}), (0, 0)), mode='{np_mode}')\n",
                other.name()
            )
        }
    };
    ("valid", lines)
}

/// The line that makes the layer, and the lines that set its kernel (and bias)
/// in Keras' layout.
fn layer_and_weights(r: &JobResult, pad: &str) -> (String, String) {
    let l = &r.layer;
    let (k, st, d) = (pair(l.kernel), pair(l.stride), pair(l.dilation));
    let common = format!("kernel_size={k}, strides={st}, padding='{pad}', dilation_rate={d}");
    let bias = |on: bool| if on { "True" } else { "False" };
    let (kh, kw) = (l.kernel[0], l.kernel[1]);
    let mult = l.out_per_group();
    let b = if r.bias.is_some() { ", b" } else { "" };
    let dw_kernel = format!(
        "# Depthwise kernel: PyTorch [in*mult, 1, kh, kw] -> Keras [kh, kw, in, mult].\n\
         dw = w.reshape({}, {mult}, {kh}, {kw}).transpose(2, 3, 0, 1)\n",
        l.in_channels
    );
    match (r.mode, r.pw_layer) {
        (ConvKind::Separable, Some(pw)) => {
            let on = r.bias.is_some() || r.pw_bias.is_some();
            let layer = format!(
                "conv = keras.layers.SeparableConv2D({}, {common}, depth_multiplier={mult}, use_bias={})\n",
                pw.out_channels,
                bias(on)
            );
            let mut s = format!(
                "{dw_kernel}# Pointwise kernel: PyTorch [out, in*mult, 1, 1] -> Keras [1, 1, in*mult, out].\n\
                 pw = w_pw.transpose(2, 3, 1, 0)\n"
            );
            if on {
                let dw_b = if r.bias.is_some() { "b" } else { "np.zeros(w_pw.shape[1])" };
                let pw_b = if r.pw_bias.is_some() { "b_pw" } else { "0.0" };
                s.push_str(&format!(
                    "# SeparableConv2D has one bias, after the pointwise step: fold the depthwise\n\
                     # bias into it (w_pw @ b + b_pw, in float64; it may differ from the page in the last bit).\n\
                     bias = (w_pw[:, :, 0, 0].astype('float64') @ np.asarray({dw_b}, dtype='float64') + {pw_b}).astype('float32')\n\
                     conv.set_weights([dw, pw, bias])\n"
                ));
            } else {
                s.push_str("conv.set_weights([dw, pw])\n");
            }
            (layer, s)
        }
        (ConvKind::Depthwise, _) => (
            format!(
                "conv = keras.layers.DepthwiseConv2D({common}, depth_multiplier={mult}, use_bias={})\n",
                bias(l.bias)
            ),
            format!("{dw_kernel}conv.set_weights([dw{b}])\n"),
        ),
        _ => (
            format!(
                "conv = keras.layers.Conv2D({}, {common}, groups={}, use_bias={})\n",
                l.out_channels,
                l.groups,
                bias(l.bias)
            ),
            format!(
                "# Kernel: PyTorch [out, in/groups, kh, kw] -> Keras [kh, kw, in/groups, out].\n\
                 conv.set_weights([w.transpose(2, 3, 1, 0){b}])\n"
            ),
        ),
    }
}

/// A self-contained Keras 3 script (any backend) that runs the focused layer of
/// `r` on the job's tensors and prints `Output [N, C, H, W]: sum S` as the page
/// does. `padding` is the form's (see [`super::written_padding`]).
pub fn keras(r: &JobResult, written: Padding) -> String {
    let mut s = header(r, "Keras 3");
    s.push_str("# Any Keras 3 backend: choose it with KERAS_BACKEND (tensorflow, jax or torch).\n");
    s.push_str("import base64\n\nimport keras\nimport numpy as np\n\n");
    s.push_str(&data_block(r));
    s.push_str("\n# Keras is channels-last: NCHW -> NHWC.\nxk = x.transpose(0, 2, 3, 1)\n");
    let (pad, pad_lines) = padding(r, written);
    s.push_str(&pad_lines);
    let (layer, weights) = layer_and_weights(r, pad);
    s.push_str(&layer);
    s.push_str("conv.build(xk.shape)\n");
    s.push_str(&weights);
    s.push_str("# Back to NCHW to print the shape as the page does; summed in float64.\n");
    s.push_str("y = keras.ops.convert_to_numpy(conv(xk)).transpose(0, 3, 1, 2)\n");
    s.push_str("print(f\"Output {list(y.shape)}: sum {y.astype('float64').sum():.4f}\")\n");
    s
}

#[cfg(test)]
mod tests {
    use super::super::tests::job;
    use super::super::written_padding;
    use super::*;

    fn script(mode: ConvKind, edits: &[(&str, &str)]) -> String {
        let (req, r) = job(mode, edits);
        keras(&r, written_padding(Some(&req), &r))
    }

    #[test]
    fn grouped_is_conv2d_with_groups_after_zero_padding() {
        let s = script(ConvKind::Grouped, &[("groups", "4"), ("stride", "2")]);
        assert!(s.contains("xk = x.transpose(0, 2, 3, 1)\n"));
        assert!(s.contains("xk = keras.layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(xk)\n"));
        assert!(s.contains(
            "conv = keras.layers.Conv2D(16, kernel_size=(3, 3), strides=(2, 2), padding='valid', \
             dilation_rate=(1, 1), groups=4, use_bias=True)\nconv.build(xk.shape)\n"
        ));
        assert!(s.contains("conv.set_weights([w.transpose(2, 3, 1, 0), b])\n"));
        assert!(s.contains(".transpose(0, 3, 1, 2)\n"));
        let s = script(ConvKind::Standard, &[("padding", "0")]);
        assert!(s.contains("padding='valid'") && s.contains("groups=1,"));
        assert!(!s.contains("ZeroPadding2D"));
    }

    #[test]
    fn depthwise_kernel_is_reshaped_to_in_by_multiplier() {
        let edits = [("multiplier", "2"), ("padding", "same")];
        let s = script(ConvKind::Depthwise, &edits);
        assert!(s.contains(
            "conv = keras.layers.DepthwiseConv2D(kernel_size=(3, 3), strides=(1, 1), \
             padding='same', dilation_rate=(1, 1), depth_multiplier=2, use_bias=True)\n"
        ));
        assert!(s.contains("dw = w.reshape(8, 2, 3, 3).transpose(2, 3, 0, 1)\n"));
        assert!(s.contains("conv.set_weights([dw, b])\n"));
    }

    #[test]
    fn separable_folds_the_depthwise_bias_into_the_pointwise_one() {
        let edits = [("multiplier", "2"), ("kernel_size", "5"), ("padding", "2")];
        let s = script(ConvKind::Separable, &edits);
        assert!(s.contains(
            "conv = keras.layers.SeparableConv2D(16, kernel_size=(5, 5), strides=(1, 1), \
             padding='valid', dilation_rate=(1, 1), depth_multiplier=2, use_bias=True)\n"
        ));
        assert!(s.contains("ZeroPadding2D(padding=((2, 2), (2, 2)))"));
        assert!(s.contains("pw = w_pw.transpose(2, 3, 1, 0)\n"));
        assert!(s.contains("@ np.asarray(b, dtype='float64') + b_pw"));
        assert!(s.contains("conv.set_weights([dw, pw, bias])\n"));
    }

    #[test]
    fn other_padding_modes_pad_with_numpy() {
        let (req, mut r) = job(ConvKind::Grouped, &[]);
        r.layer.padding_mode = PaddingMode::Replicate;
        let s = keras(&r, written_padding(Some(&req), &r));
        assert!(s.contains("xk = np.pad(xk, ((0, 0), (1, 1), (1, 1), (0, 0)), mode='edge')\n"));
    }
}
