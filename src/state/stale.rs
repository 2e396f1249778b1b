//! The sentence that says, while the form is invalid, which setting the page
//! still shows: the last one that validated.

use conv_core::{ConvKind, IntOrPair, Padding};

use super::fields::{Field, Setting};

/// The last valid setting, as the note names it: the kind, the parameters it
/// uses (as PyTorch spells them, which reads the same in every language) and
/// the input size. The text layer turns it into a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleSetting {
    pub kind: ConvKind,
    /// `in_channels=8`, `groups=2`, `kernel_size=(3, 5)`, ...
    pub params: Vec<String>,
    /// `[h, w]`.
    pub input: [usize; 2],
}

/// Only the fields the kind uses are named; stride and dilation only when
/// they are not 1.
pub fn stale_setting(s: &Setting) -> StaleSetting {
    let b = &s.base;
    let uses = |f: Field| f.used_by(s.mode);
    let mut parts = vec![format!("in_channels={}", b.in_channels)];
    if uses(Field::OutChannels) {
        parts.push(format!("out_channels={}", b.out_channels));
    }
    if uses(Field::Groups) {
        parts.push(format!("groups={}", b.groups));
    }
    if uses(Field::Multiplier) {
        parts.push(format!("multiplier={}", s.multiplier));
    }
    parts.push(format!("kernel_size={}", pair(b.kernel_size)));
    if b.stride.pair() != [1, 1] {
        parts.push(format!("stride={}", pair(b.stride)));
    }
    parts.push(format!("padding={}", padding(b.padding)));
    if b.dilation.pair() != [1, 1] {
        parts.push(format!("dilation={}", pair(b.dilation)));
    }
    StaleSetting {
        kind: s.mode,
        params: parts,
        input: [s.input.h, s.input.w],
    }
}

fn pair(p: IntOrPair) -> String {
    match p.pair() {
        [h, w] if h == w => h.to_string(),
        [h, w] => format!("({h}, {w})"),
    }
}

fn padding(p: Padding) -> String {
    match p {
        Padding::Same => "'same'".into(),
        Padding::Valid => "'valid'".into(),
        Padding::Explicit(p) => pair(IntOrPair::Pair(p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Fields, Mode};
    use crate::text::{text, Lang};

    fn sentence(mode: Mode, edits: &[(Field, &str)]) -> String {
        let mut f = Fields::default();
        f.mode = mode;
        for (field, v) in edits {
            f.set(*field, v.to_string());
        }
        text(Lang::En).stale_note(&stale_setting(&f.parse().unwrap()))
    }

    #[test]
    fn names_the_kind_and_the_fields_it_uses() {
        assert_eq!(
            sentence(Mode::Grouped, &[]),
            "Showing the last valid setting: grouped, in_channels=8, out_channels=16, \
             groups=2, kernel_size=3, padding=1, input 32×32. Fix the highlighted field to update."
        );
        assert_eq!(
            sentence(Mode::Depthwise, &[(Field::Multiplier, "2")]),
            "Showing the last valid setting: depthwise, in_channels=8, multiplier=2, \
             kernel_size=3, padding=1, input 32×32. Fix the highlighted field to update."
        );
        let s = sentence(Mode::Separable, &[]);
        assert!(s.contains("separable, in_channels=8, out_channels=16, multiplier=1,"));
        assert!(!sentence(Mode::Standard, &[]).contains("groups"));
        let zh = text(Lang::Zh).stale_note(&stale_setting(&Fields::default().parse().unwrap()));
        assert_eq!(
            zh,
            "当前显示的是上一个有效设置：组卷积，in_channels=8, out_channels=16, groups=2, \
             kernel_size=3, padding=1，输入 32×32。请修改标出的字段以更新。"
        );
    }

    #[test]
    fn pairs_padding_words_stride_and_dilation() {
        let s = sentence(
            Mode::Standard,
            &[
                (Field::KernelSize, "3,5"),
                (Field::Stride, "2"),
                (Field::Padding, "valid"),
                (Field::Dilation, "1,2"),
                (Field::H, "9"),
            ],
        );
        assert!(
            s.contains(
                "kernel_size=(3, 5), stride=2, padding='valid', dilation=(1, 2), input 9×32."
            ),
            "{s}"
        );
    }
}
