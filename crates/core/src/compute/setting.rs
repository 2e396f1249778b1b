//! [`Setting`]: the layer a job computes, as the form parsed it (not yet
//! validated). It travels to the workers inside a job request.

use conv_core::{ConvKind, Nchw};

/// A parsed, not yet validated, setting: what conv-core needs. Serde lets it
/// travel to the compute worker inside a job request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Setting {
    pub base: conv_core::Conv2dSpec,
    pub input: Nchw,
    pub multiplier: usize,
    pub mode: ConvKind,
}

/// Settings for tests, as the page's form makes them: its default layer
/// (8→16 channels, 32², 3x3, padding 1, groups 2, bias) with some fields changed.
#[cfg(test)]
pub(crate) mod test_setting {
    use super::Setting;
    use conv_core::{ConvKind, Nchw, Padding};

    /// The page's default setting with `edits`, each a URL key and its value
    /// (`("groups", "4")`), as a link would change the form.
    pub(crate) fn setting(mode: ConvKind, edits: &[(&str, &str)]) -> Setting {
        let text = |f: &str| edits.iter().rfind(|(e, _)| *e == f).map(|(_, v)| *v);
        let get =
            |f: &str, default: usize| text(f).map_or(default, |v| v.parse().expect("a number"));
        let in_channels = get("in_channels", 8);
        let mut base =
            conv_core::Conv2dSpec::new(in_channels, get("out_channels", 16), get("kernel_size", 3));
        base.stride = get("stride", 1).into();
        base.padding = match text("padding") {
            Some("same") => Padding::Same,
            Some("valid") => Padding::Valid,
            _ => {
                let p = get("padding", 1);
                Padding::Explicit([p, p])
            }
        };
        base.dilation = get("dilation", 1).into();
        base.groups = get("groups", 2);
        base.bias = true;
        Setting {
            base,
            input: Nchw::new(1, in_channels, get("h", 32), get("w", 32)),
            multiplier: get("multiplier", 1),
            mode,
        }
    }
}
