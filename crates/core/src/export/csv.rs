//! The cost and preset tables as CSV: plain text, one row per layer, every
//! number exact.

use conv_core::presets::Network;
use conv_core::{Comparison, ConvKind};

/// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn row(fields: &[String]) -> String {
    let mut line = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// The four kinds, one row per layer (separable has two), with exact costs.
pub fn cost_csv(c: &Comparison) -> String {
    let mut out = row(&[
        "kind",
        "stage",
        "in_channels",
        "out_channels",
        "kernel",
        "stride",
        "groups",
        "bias",
        "input",
        "output",
        "macs",
        "flops",
        "params",
        "bytes",
        "intensity_flop_per_byte",
    ]
    .map(String::from));
    for kind in ConvKind::ALL {
        for (i, s) in c.get(kind).stages.iter().enumerate() {
            let l = &s.layer;
            let stage = match (kind, i) {
                (ConvKind::Separable, 0) => "depthwise",
                (ConvKind::Separable, _) => "pointwise",
                _ => kind.name(),
            };
            out.push_str(&row(&[
                kind.name().into(),
                stage.into(),
                l.in_channels.to_string(),
                l.out_channels.to_string(),
                format!("{}x{}", l.kernel[0], l.kernel[1]),
                format!("{}x{}", l.stride[0], l.stride[1]),
                l.groups.to_string(),
                l.bias.to_string(),
                s.geometry.input.to_string(),
                s.geometry.output.to_string(),
                s.cost.macs.to_string(),
                s.cost.flops.to_string(),
                s.cost.params.to_string(),
                s.cost.bytes.to_string(),
                format!("{:.4}", s.cost.intensity()),
            ]));
        }
    }
    out
}

/// A preset, one row per layer, then its total.
pub fn preset_csv(net: &Network) -> String {
    let mut out = row(&[
        "index", "name", "kind", "input", "output", "macs", "flops", "params", "bytes",
    ]
    .map(String::from));
    for (i, l) in net.layers.iter().enumerate() {
        out.push_str(&row(&[
            (i + 1).to_string(),
            l.name.clone(),
            l.kind.name().into(),
            l.input.to_string(),
            l.output.to_string(),
            l.cost.macs.to_string(),
            l.cost.flops.to_string(),
            l.cost.params.to_string(),
            l.cost.bytes.to_string(),
        ]));
    }
    let t = net.total();
    out.push_str(&row(&[
        String::new(),
        format!("total: {}", net.description),
        String::new(),
        String::new(),
        String::new(),
        t.macs.to_string(),
        t.flops.to_string(),
        t.params.to_string(),
        t.bytes.to_string(),
    ]));
    out
}

/// A file name from a description: `"1.0 MobileNet-224"` → `"1.0-mobilenet-224"`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() || ch == '.' {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use conv_core::{Conv2dSpec, Limits, Nchw};

    #[test]
    fn cost_csv_has_a_row_per_layer_with_exact_values() {
        let base = Conv2dSpec {
            padding: conv_core::Padding::Explicit([1, 1]),
            groups: 2,
            ..Conv2dSpec::new(8, 16, 3)
        };
        let c = Comparison::build(&base, Nchw::new(1, 8, 32, 32), 1, &Limits::default()).unwrap();
        let csv = cost_csv(&c);
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 1 + 5);
        assert!(lines[0].starts_with("kind,stage,in_channels"));
        assert_eq!(
            lines[1],
            "standard,standard,8,16,3x3,1x1,1,true,\"[1, 8, 32, 32]\",\"[1, 16, 32, 32]\",1179648,2375680,1168,102976,23.0702"
        );
        assert!(lines[4].starts_with("separable,depthwise,8,8,3x3,1x1,8,true,"));
        assert!(lines[5]
            .starts_with("separable,pointwise,8,16,1x1,1x1,1,true,\"[1, 8, 32, 32]\",\"[1, 16, 32, 32]\",131072,"));
    }

    #[test]
    fn preset_csv_ends_with_the_total_and_quotes_when_needed() {
        let net = conv_core::presets::mobilenet_v1(1.0, 224, false).unwrap();
        let csv = preset_csv(&net);
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 1 + 28 + 1);
        assert_eq!(
            *lines.last().unwrap(),
            ",total: 1.0 MobileNet-224,,,,568740352,1137481704,4210088,".to_string()
                + &net.total().bytes.to_string()
        );
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(slug("1.0 MobileNet-224"), "1.0-mobilenet-224");
    }
}
