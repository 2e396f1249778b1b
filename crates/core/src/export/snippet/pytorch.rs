//! The focused layer as a PyTorch script: `nn.Conv2d` with the page's arguments
//! (separable: an `nn.Sequential` of the depthwise and the 1x1 pointwise layer),
//! the job's weights copied in, one forward pass in float32.

use conv_core::{Conv2dLayer, Padding};

use super::{data_block, header};
use crate::compute::JobResult;

/// PyTorch's `padding=` argument as the page's form wrote it.
fn padding_arg(p: Padding) -> String {
    match p {
        Padding::Same => "'same'".into(),
        Padding::Valid => "'valid'".into(),
        Padding::Explicit([h, w]) => format!("({h}, {w})"),
    }
}

fn pair(p: [usize; 2]) -> String {
    format!("({}, {})", p[0], p[1])
}

/// `nn.Conv2d(...)` with every argument spelled out.
pub(crate) fn conv2d_call(l: &Conv2dLayer, padding: Padding) -> String {
    let bias = if l.bias { "True" } else { "False" };
    format!(
        "nn.Conv2d({}, {}, kernel_size={}, stride={}, padding={}, dilation={}, groups={}, bias={bias}, padding_mode='{}')",
        l.in_channels,
        l.out_channels,
        pair(l.kernel),
        pair(l.stride),
        padding_arg(padding),
        pair(l.dilation),
        l.groups,
        l.padding_mode.name()
    )
}

/// The module, and the lines that copy the job's parameters into it.
fn module(r: &JobResult, padding: Padding) -> String {
    let first = conv2d_call(&r.layer, padding);
    let mut copies = Vec::new();
    let mut s = match r.pw_layer {
        Some(pw) => {
            let bias = if pw.bias { "True" } else { "False" };
            copies.push(("conv[0].weight", "w"));
            if r.bias.is_some() {
                copies.push(("conv[0].bias", "b"));
            }
            copies.push(("conv[1].weight", "w_pw"));
            if r.pw_bias.is_some() {
                copies.push(("conv[1].bias", "b_pw"));
            }
            format!(
                "conv = nn.Sequential(\n    {first},  # depthwise\n    \
                 nn.Conv2d({}, {}, 1, bias={bias}),  # pointwise\n)\n",
                pw.in_channels, pw.out_channels
            )
        }
        None => {
            copies.push(("conv.weight", "w"));
            if r.bias.is_some() {
                copies.push(("conv.bias", "b"));
            }
            format!("conv = {first}\n")
        }
    };
    s.push_str("with torch.no_grad():\n");
    for (param, array) in copies {
        s.push_str(&format!("    {param}.copy_(torch.from_numpy({array}))\n"));
    }
    s
}

/// A self-contained PyTorch script that runs the focused layer of `r` on the job's
/// tensors and prints `Output [N, C, H, W]: sum S` as the page does. `padding` is
/// the form's (see [`super::written_padding`]).
pub fn pytorch(r: &JobResult, padding: Padding) -> String {
    let mut s = header(r, "PyTorch");
    s.push_str("import base64\n\nimport numpy as np\nimport torch\nfrom torch import nn\n\n");
    s.push_str(&data_block(r));
    s.push('\n');
    s.push_str(&module(r, padding));
    s.push_str("    y = conv(torch.from_numpy(x))\n\n");
    s.push_str("# Summed in float64, as the page sums.\n");
    s.push_str("print(f\"Output {list(y.shape)}: sum {y.double().sum().item():.4f}\")\n");
    s
}

#[cfg(test)]
mod tests {
    use super::super::tests::job;
    use super::super::written_padding;
    use super::*;
    use conv_core::ConvKind;

    fn script(mode: ConvKind, edits: &[(&str, &str)]) -> String {
        let (req, r) = job(mode, edits);
        pytorch(&r, written_padding(Some(&req), &r))
    }

    #[test]
    fn each_kind_has_the_pages_arguments() {
        let s = script(ConvKind::Grouped, &[("groups", "4")]);
        assert!(s.contains(
            "conv = nn.Conv2d(8, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), \
             dilation=(1, 1), groups=4, bias=True, padding_mode='zeros')\n"
        ));
        assert!(s.contains("    conv.weight.copy_(torch.from_numpy(w))\n"));
        assert!(s.contains("    conv.bias.copy_(torch.from_numpy(b))\n"));
        assert!(s.contains("w = np.frombuffer(") && s.contains(".reshape(16, 2, 3, 3)"));
        assert!(s.contains("b = np.array([") && s.contains("x = np.frombuffer("));

        let s = script(ConvKind::Standard, &[("groups", "4")]);
        assert!(s.contains("nn.Conv2d(8, 16, kernel_size=(3, 3)") && s.contains("groups=1,"));

        let s = script(ConvKind::Depthwise, &[("multiplier", "2"), ("stride", "2")]);
        assert!(s.contains("nn.Conv2d(8, 16, kernel_size=(3, 3), stride=(2, 2)"));
        assert!(s.contains("groups=8,"));
    }

    #[test]
    fn separable_is_a_sequential_of_depthwise_and_pointwise() {
        let edits = [
            ("multiplier", "2"),
            ("out_channels", "24"),
            ("padding", "same"),
            ("dilation", "2"),
        ];
        let s = script(ConvKind::Separable, &edits);
        assert!(s.contains(
            "conv = nn.Sequential(\n    nn.Conv2d(8, 16, kernel_size=(3, 3), stride=(1, 1), \
             padding='same', dilation=(2, 2), groups=8, bias=True, padding_mode='zeros'),  \
             # depthwise\n    nn.Conv2d(16, 24, 1, bias=True),  # pointwise\n)\n"
        ));
        for line in [
            "conv[0].weight",
            "conv[0].bias",
            "conv[1].weight",
            "conv[1].bias",
        ] {
            assert!(s.contains(line), "{line}");
        }
        assert!(s.contains("w_pw = np.frombuffer(") && s.contains(".reshape(24, 16, 1, 1)"));
    }

    #[test]
    fn no_bias_no_bias_copies_and_valid_padding() {
        let (mut req, _) = job(ConvKind::Separable, &[]);
        req.setting.base.bias = false;
        req.setting.base.padding = Padding::Valid;
        let r = crate::compute::run_job(&req).unwrap();
        let s = pytorch(&r, written_padding(Some(&req), &r));
        assert!(s.contains("padding='valid'") && s.contains("bias=False"));
        assert!(s.contains("nn.Conv2d(8, 16, 1, bias=False)"));
        assert!(!s.contains(".bias.copy_") && !s.contains("\nb = "));
    }

    #[test]
    fn ends_by_printing_the_pages_line() {
        let (req, r) = job(ConvKind::Grouped, &[]);
        let s = pytorch(&r, written_padding(Some(&req), &r));
        assert!(s.contains(&format!(
            "# The page showed: Output [1, 16, 32, 32]: sum {:.4}\n",
            r.stats.sum
        )));
        assert!(
            s.ends_with("print(f\"Output {list(y.shape)}: sum {y.double().sum().item():.4f}\")\n")
        );
    }
}
