//! The form's fields as the user typed them, and their parsing into a conv-core
//! setting. Raw text is kept so that an invalid entry is never lost or rewritten.

use conv_core::{ConvKind, IntOrPair, Nchw, Padding};

/// Every editable setting. The names double as URL query keys and `data-testid`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
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

impl Field {
    pub const ALL: [Field; 10] = [
        Field::InChannels,
        Field::OutChannels,
        Field::H,
        Field::W,
        Field::KernelSize,
        Field::Stride,
        Field::Padding,
        Field::Dilation,
        Field::Groups,
        Field::Multiplier,
    ];

    /// PyTorch-style parameter name, used in messages, URLs and test ids.
    pub fn key(self) -> &'static str {
        match self {
            Field::InChannels => "in_channels",
            Field::OutChannels => "out_channels",
            Field::H => "h",
            Field::W => "w",
            Field::KernelSize => "kernel_size",
            Field::Stride => "stride",
            Field::Padding => "padding",
            Field::Dilation => "dilation",
            Field::Groups => "groups",
            Field::Multiplier => "multiplier",
        }
    }

    /// Parses [`Field::key`].
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The field that sets a conv-core parameter, if one does.
    pub fn of_param(p: conv_core::Param) -> Option<Field> {
        use conv_core::Param as P;
        Some(match p {
            P::InChannels => Field::InChannels,
            P::OutChannels => Field::OutChannels,
            P::KernelSize => Field::KernelSize,
            P::Stride => Field::Stride,
            P::Padding => Field::Padding,
            P::Dilation => Field::Dilation,
            P::Groups => Field::Groups,
            P::Multiplier => Field::Multiplier,
            P::InputHeight => Field::H,
            P::InputWidth => Field::W,
            P::Channels | P::BatchSize => return None,
        })
    }

    /// Whether `kind`'s layer reads this field. Standard ignores groups and the
    /// multiplier, grouped the multiplier, depthwise groups and out_channels (its
    /// out is in_channels·multiplier), separable groups.
    pub fn used_by(self, kind: ConvKind) -> bool {
        !matches!(
            (self, kind),
            (Field::Groups | Field::Multiplier, ConvKind::Standard)
                | (Field::Multiplier, ConvKind::Grouped)
                | (Field::Groups | Field::OutChannels, ConvKind::Depthwise)
                | (Field::Groups, ConvKind::Separable)
        )
    }
}

/// The four views of the layer the page can centre on.
pub type Mode = ConvKind;

pub use groupwise_core::compute::Setting;

/// The text of every field plus the switches, exactly as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    text: [String; 10],
    pub bias: bool,
    pub mode: Mode,
}

impl Default for Fields {
    /// A small grouped layer that shows every effect at a glance.
    fn default() -> Self {
        let mut f = Fields {
            text: Default::default(),
            bias: true,
            mode: ConvKind::Grouped,
        };
        for (field, v) in [
            (Field::InChannels, "8"),
            (Field::OutChannels, "16"),
            (Field::H, "32"),
            (Field::W, "32"),
            (Field::KernelSize, "3"),
            (Field::Stride, "1"),
            (Field::Padding, "1"),
            (Field::Dilation, "1"),
            (Field::Groups, "2"),
            (Field::Multiplier, "1"),
        ] {
            f.set(field, v.to_string());
        }
        f
    }
}

/// A field's text could not be read, or the setting breaks a convolution rule.
/// Typed: the text layer words it (`ErrorText::field_error`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field to show the message next to (None: the setting as a whole).
    pub field: Option<Field>,
    pub problem: Problem,
}

#[cfg(test)]
impl FieldError {
    /// The English message (what the tests compare).
    pub fn message(&self) -> String {
        crate::text::text(crate::state::lang::Lang::En).problem(&self.problem)
    }
}

/// What is wrong, with the facts a message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `field` is not a whole number (`text` as typed, trimmed).
    NotInteger { field: Field, text: String },
    /// `field` is negative.
    Negative { field: Field, text: String },
    /// `field` is neither `n` nor `h,w`.
    NotIntOrPair { field: Field, text: String },
    /// `padding` is negative.
    NegativePadding { text: String },
    /// `padding` is none of `n`, `h,w`, `same`, `valid`.
    BadPadding { text: String },
    /// The setting breaks a rule of the convolution itself.
    Conv(conv_core::ConvError),
}

impl Fields {
    /// The text of one field.
    pub fn get(&self, field: Field) -> &str {
        &self.text[field as usize]
    }

    /// Replaces the text of one field.
    pub fn set(&mut self, field: Field, value: String) {
        self.text[field as usize] = value;
    }

    /// The fields that describe `spec` on `input`. The mode follows groups: 1 is
    /// standard, C_in (with C_out a multiple of it) is depthwise, anything else grouped.
    pub fn from_layer(spec: &conv_core::Conv2dSpec, input: Nchw, multiplier: &str) -> Fields {
        let pair = |p: IntOrPair| match p {
            IntOrPair::Int(v) => v.to_string(),
            IntOrPair::Pair([h, w]) if h == w => h.to_string(),
            IntOrPair::Pair([h, w]) => format!("{h},{w}"),
        };
        let mode = if spec.groups == 1 {
            ConvKind::Standard
        } else if spec.groups == spec.in_channels && spec.out_channels % spec.in_channels == 0 {
            ConvKind::Depthwise
        } else {
            ConvKind::Grouped
        };
        let mut f = Fields {
            text: Default::default(),
            bias: spec.bias,
            mode,
        };
        f.set(Field::InChannels, spec.in_channels.to_string());
        f.set(Field::OutChannels, spec.out_channels.to_string());
        f.set(Field::H, input.h.to_string());
        f.set(Field::W, input.w.to_string());
        f.set(Field::KernelSize, pair(spec.kernel_size));
        f.set(Field::Stride, pair(spec.stride));
        f.set(
            Field::Padding,
            match spec.padding {
                Padding::Same => "same".into(),
                Padding::Valid => "valid".into(),
                Padding::Explicit(p) => pair(IntOrPair::Pair(p)),
            },
        );
        f.set(Field::Dilation, pair(spec.dilation));
        f.set(Field::Groups, spec.groups.to_string());
        let multiplier = if mode == ConvKind::Depthwise {
            (spec.out_channels / spec.in_channels).to_string()
        } else {
            multiplier.to_string()
        };
        f.set(Field::Multiplier, multiplier);
        f
    }

    /// Reads every field. The first unreadable one gives the error.
    pub fn parse(&self) -> Result<Setting, FieldError> {
        self.read(|_| true, self.mode)
    }

    /// Reads the fields `kind` uses; the first unreadable one gives the error. A
    /// field it ignores never fails: unreadable, it gets a stand-in value (groups 1,
    /// multiplier 1, out_channels = in_channels) that `kind`'s layer does not read.
    /// The setting's mode is `kind`.
    pub fn parse_for(&self, kind: Mode) -> Result<Setting, FieldError> {
        self.read(|f| f.used_by(kind), kind)
    }

    fn read(&self, strict: impl Fn(Field) -> bool, mode: Mode) -> Result<Setting, FieldError> {
        let int = |f: Field| parse_int(f, self.get(f));
        let lenient = |f: Field, stand_in: usize| match int(f) {
            Err(_) if !strict(f) => Ok(stand_in),
            r => r,
        };
        let pair = |f: Field| parse_pair(f, self.get(f));
        let in_channels = int(Field::InChannels)?;
        let mut base = conv_core::Conv2dSpec::new(
            in_channels,
            lenient(Field::OutChannels, in_channels)?,
            pair(Field::KernelSize)?,
        );
        base.stride = pair(Field::Stride)?;
        base.padding = parse_padding(self.get(Field::Padding))?;
        base.dilation = pair(Field::Dilation)?;
        base.groups = lenient(Field::Groups, 1)?;
        base.bias = self.bias;
        let input = Nchw::new(1, base.in_channels, int(Field::H)?, int(Field::W)?);
        Ok(Setting {
            base,
            input,
            multiplier: lenient(Field::Multiplier, 1)?,
            mode,
        })
    }
}

fn parse_int(field: Field, text: &str) -> Result<usize, FieldError> {
    let t = text.trim();
    let text = t.to_string();
    t.parse::<usize>().map_err(|_| FieldError {
        field: Some(field),
        problem: if t.starts_with('-') {
            Problem::Negative { field, text }
        } else {
            Problem::NotInteger { field, text }
        },
    })
}

fn parse_pair(field: Field, text: &str) -> Result<IntOrPair, FieldError> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let bad = || FieldError {
        field: Some(field),
        problem: Problem::NotIntOrPair {
            field,
            text: text.trim().to_string(),
        },
    };
    match parts.as_slice() {
        [one] => one.parse().map(IntOrPair::Int).map_err(|_| bad()),
        [h, w] => Ok(IntOrPair::Pair([
            h.parse().map_err(|_| bad())?,
            w.parse().map_err(|_| bad())?,
        ])),
        _ => Err(bad()),
    }
}

fn parse_padding(text: &str) -> Result<Padding, FieldError> {
    match text.trim() {
        "same" => Ok(Padding::Same),
        "valid" => Ok(Padding::Valid),
        t => {
            if t.starts_with('-') || t.split(',').any(|p| p.trim().starts_with('-')) {
                return Err(FieldError {
                    field: Some(Field::Padding),
                    problem: Problem::NegativePadding { text: t.into() },
                });
            }
            parse_pair(Field::Padding, t)
                .map(|p| Padding::Explicit(p.pair()))
                .map_err(|_| FieldError {
                    field: Some(Field::Padding),
                    problem: Problem::BadPadding { text: t.into() },
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse() {
        let s = Fields::default().parse().unwrap();
        assert_eq!(s.base.groups, 2);
        assert_eq!(s.input, Nchw::new(1, 8, 32, 32));
    }

    #[test]
    fn pairs_and_padding_words() {
        let mut f = Fields::default();
        f.set(Field::KernelSize, "3, 5".into());
        f.set(Field::Padding, "same".into());
        let s = f.parse().unwrap();
        assert_eq!(s.base.kernel_size, IntOrPair::Pair([3, 5]));
        assert_eq!(s.base.padding, Padding::Same);
    }

    #[test]
    fn unreadable_text_names_the_field() {
        let mut f = Fields::default();
        f.set(Field::Groups, "two".into());
        let e = f.parse().unwrap_err();
        assert_eq!(e.field, Some(Field::Groups));
        assert_eq!(e.message(), "groups must be an integer (got 'two')");
        f.set(Field::Groups, "2".into());
        f.set(Field::Padding, "-1".into());
        assert!(f
            .parse()
            .unwrap_err()
            .message()
            .contains("negative padding is not supported"));
    }

    #[test]
    fn ignored_fields_never_fail_to_parse() {
        let mut f = Fields::default();
        f.set(Field::Groups, "abc".into());
        f.set(Field::Multiplier, "".into());
        f.set(Field::OutChannels, "x".into());
        assert!(f.parse().is_err());
        let dw = f.parse_for(ConvKind::Depthwise);
        assert_eq!(dw.unwrap_err().field, Some(Field::Multiplier));
        f.set(Field::Multiplier, "2".into());
        let dw = f.parse_for(ConvKind::Depthwise).unwrap();
        assert_eq!(
            (dw.base.groups, dw.multiplier, dw.mode),
            (1, 2, ConvKind::Depthwise)
        );
        for (kind, field) in [
            (ConvKind::Standard, Field::OutChannels),
            (ConvKind::Grouped, Field::OutChannels),
            (ConvKind::Separable, Field::OutChannels),
        ] {
            assert_eq!(
                f.parse_for(kind).unwrap_err().field,
                Some(field),
                "{kind:?}"
            );
        }
        f.set(Field::OutChannels, "16".into());
        assert!(f.parse_for(ConvKind::Standard).is_ok());
        assert_eq!(
            f.parse_for(ConvKind::Grouped).unwrap_err().message(),
            "groups must be an integer (got 'abc')"
        );
    }

    #[test]
    fn every_field_is_used_by_some_kind() {
        for f in Field::ALL {
            assert!(ConvKind::ALL.into_iter().any(|k| f.used_by(k)), "{f:?}");
        }
        assert!(!Field::Groups.used_by(ConvKind::Standard));
        assert!(Field::Groups.used_by(ConvKind::Grouped));
        assert!(!Field::OutChannels.used_by(ConvKind::Depthwise));
        assert!(Field::Multiplier.used_by(ConvKind::Separable));
    }
}
