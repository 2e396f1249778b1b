//! Every kind of convolution validated on its own: a field one kind ignores never
//! blocks it, and each kind's error is kept for its row of the cost table.

use conv_core::{Comparison, ConvError, ConvKind, KindPlan, Limits, Quantity};

use super::fields::{Field, FieldError, Fields, Problem};

/// One kind's plan at the current fields, or why it has none.
pub type KindResult = Result<KindPlan, FieldError>;

/// The four kinds' results at one set of fields.
#[derive(Debug, Clone, PartialEq)]
pub struct KindResults {
    pub standard: KindResult,
    pub grouped: KindResult,
    pub depthwise: KindResult,
    pub separable: KindResult,
}

impl KindResults {
    /// Parses and validates, for each kind, only the fields that kind uses.
    pub fn check(fields: &Fields) -> KindResults {
        let one = |kind| check_kind(fields, kind);
        KindResults {
            standard: one(ConvKind::Standard),
            grouped: one(ConvKind::Grouped),
            depthwise: one(ConvKind::Depthwise),
            separable: one(ConvKind::Separable),
        }
    }

    /// The result of one kind.
    pub fn get(&self, kind: ConvKind) -> &KindResult {
        match kind {
            ConvKind::Standard => &self.standard,
            ConvKind::Grouped => &self.grouped,
            ConvKind::Depthwise => &self.depthwise,
            ConvKind::Separable => &self.separable,
        }
    }

    /// All four plans, when every kind is valid (what the charts compare).
    pub fn comparison(&self) -> Option<Comparison> {
        let ok = |k| self.get(k).as_ref().ok().cloned();
        Some(Comparison {
            standard: ok(ConvKind::Standard)?,
            grouped: ok(ConvKind::Grouped)?,
            depthwise: ok(ConvKind::Depthwise)?,
            separable: ok(ConvKind::Separable)?,
        })
    }

    /// The kinds that are not valid, in [`ConvKind::ALL`] order.
    pub fn invalid(&self) -> Vec<ConvKind> {
        ConvKind::ALL
            .into_iter()
            .filter(|&k| self.get(k).is_err())
            .collect()
    }
}

fn check_kind(fields: &Fields, kind: ConvKind) -> KindResult {
    let s = fields.parse_for(kind)?;
    KindPlan::build(kind, &s.base, s.input, s.multiplier, &Limits::default()).map_err(|e| {
        FieldError {
            field: field_of(&e),
            problem: Problem::Conv(e),
        }
    })
}

/// The form field a conv-core error is about, so the message sits next to it.
pub fn field_of(e: &ConvError) -> Option<Field> {
    match e {
        ConvError::GroupsNotPositive => Some(Field::Groups),
        ConvError::ChannelsNotDivisible { .. } => Some(Field::Groups),
        ConvError::NotPositive { param, .. } => Field::of_param(*param),
        ConvError::SameWithStride { .. } => Some(Field::Padding),
        ConvError::KernelLargerThanInput { .. } => Some(Field::KernelSize),
        ConvError::LimitExceeded {
            what: Quantity::Param(p),
            ..
        } => Field::of_param(*p),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(edits: &[(Field, &str)]) -> Fields {
        let mut f = Fields::default();
        for (field, v) in edits {
            f.set(*field, v.to_string());
        }
        f
    }

    /// Odd channel counts with the default groups = 2: only grouped reads groups.
    #[test]
    fn odd_channels_fail_only_the_grouped_kind() {
        for c in ["3", "5", "7"] {
            let k = KindResults::check(&fields(&[(Field::InChannels, c)]));
            let e = k.grouped.clone().unwrap_err();
            assert_eq!(e.field, Some(Field::Groups));
            assert_eq!(
                e.message(),
                format!("in_channels must be divisible by groups (in_channels={c}, groups=2)")
            );
            assert_eq!(k.invalid(), [ConvKind::Grouped]);
            assert_eq!(k.comparison(), None);
            let n: usize = c.parse().unwrap();
            assert_eq!(k.depthwise.unwrap().output().c, n);
            assert_eq!(k.standard.unwrap().output().c, 16);
            assert_eq!(k.separable.unwrap().output().c, 16);
        }
    }

    #[test]
    fn an_unreadable_field_fails_only_the_kinds_that_read_it() {
        for groups in ["abc", ""] {
            let k = KindResults::check(&fields(&[(Field::Groups, groups)]));
            assert_eq!(k.invalid(), [ConvKind::Grouped], "groups={groups:?}");
        }
        let k = KindResults::check(&fields(&[(Field::Multiplier, "x")]));
        assert_eq!(k.invalid(), [ConvKind::Depthwise, ConvKind::Separable]);
        assert_eq!(
            k.depthwise.unwrap_err().message(),
            "multiplier must be an integer (got 'x')"
        );
        let k = KindResults::check(&fields(&[(Field::OutChannels, "-2")]));
        assert_eq!(
            k.invalid(),
            [ConvKind::Standard, ConvKind::Grouped, ConvKind::Separable]
        );
        let k = KindResults::check(&fields(&[(Field::H, "abc")]));
        assert_eq!(k.invalid(), ConvKind::ALL);
    }

    #[test]
    fn all_valid_gives_the_same_comparison_as_before() {
        let f = Fields::default();
        let s = f.parse().unwrap();
        let want = Comparison::build(&s.base, s.input, s.multiplier, &Limits::default());
        assert_eq!(KindResults::check(&f).comparison(), Some(want.unwrap()));
    }

    #[test]
    fn errors_name_their_field() {
        let k = KindResults::check(&fields(&[(Field::Multiplier, "0")]));
        assert_eq!(k.depthwise.unwrap_err().field, Some(Field::Multiplier));
        let k = KindResults::check(&fields(&[(Field::KernelSize, "64")]));
        assert_eq!(k.standard.unwrap_err().field, Some(Field::KernelSize));
        let k = KindResults::check(&fields(&[(Field::Stride, "2"), (Field::Padding, "same")]));
        assert_eq!(k.grouped.unwrap_err().field, Some(Field::Padding));
    }
}
