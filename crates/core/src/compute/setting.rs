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

    /// The form's number fields (the page's `state::Field`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) enum Field {
        InChannels,
        OutChannels,
        H,
        W,
        KernelSize,
        Stride,
        Padding,
        Dilation,
        Groups,
        Multiplier,
    }

    pub(crate) fn setting(mode: ConvKind, edits: &[(Field, &str)]) -> Setting {
        let text = |f: Field| edits.iter().rfind(|(e, _)| *e == f).map(|(_, v)| *v);
        let get =
            |f: Field, default: usize| text(f).map_or(default, |v| v.parse().expect("a number"));
        let in_channels = get(Field::InChannels, 8);
        let mut base = conv_core::Conv2dSpec::new(
            in_channels,
            get(Field::OutChannels, 16),
            get(Field::KernelSize, 3),
        );
        base.stride = get(Field::Stride, 1).into();
        base.padding = match text(Field::Padding) {
            Some("same") => Padding::Same,
            Some("valid") => Padding::Valid,
            _ => {
                let p = get(Field::Padding, 1);
                Padding::Explicit([p, p])
            }
        };
        base.dilation = get(Field::Dilation, 1).into();
        base.groups = get(Field::Groups, 2);
        base.bias = true;
        Setting {
            base,
            input: Nchw::new(1, in_channels, get(Field::H, 32), get(Field::W, 32)),
            multiplier: get(Field::Multiplier, 1),
            mode,
        }
    }
}
