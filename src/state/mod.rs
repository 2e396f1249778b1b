//! App state: the form, the last valid result and the current error, changed only
//! through [`Action`]s by the reducer. No DOM in here, so it is tested natively.

pub mod fields;
pub mod plots;

use std::rc::Rc;

use conv_core::{Comparison, ConvError, KindPlan, Limits};
use yew::Reducible;

pub use fields::{Field, FieldError, Fields, Mode, Setting};

/// A setting that validated, with everything the page shows for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    pub setting: Setting,
    pub comparison: Comparison,
}

impl Computed {
    /// The layer(s) of the kind the page centres on.
    pub fn focus(&self) -> &KindPlan {
        self.comparison.get(self.setting.mode)
    }
}

/// Whole-page state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub fields: Fields,
    /// The last setting that validated; kept on screen while the form is invalid.
    pub last_valid: Option<Rc<Computed>>,
    /// Why the current form does not validate, if it does not.
    pub error: Option<FieldError>,
}

impl Default for State {
    fn default() -> Self {
        State::from_fields(Fields::default())
    }
}

/// Everything the user can do to the form.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetField(Field, String),
    SetMode(Mode),
    SetBias(bool),
    /// Replaces the whole setting with one layer (for example, a preset's layer that
    /// was clicked): every field is rewritten and the mode follows the layer's groups.
    LoadLayer {
        spec: conv_core::Conv2dSpec,
        input: conv_core::Nchw,
    },
}

impl State {
    /// A state for these fields, computed from scratch.
    pub fn from_fields(fields: Fields) -> Self {
        let mut s = State {
            fields,
            last_valid: None,
            error: None,
        };
        s.recompute();
        s
    }

    /// Re-validates the form; on success replaces the result, on failure keeps it.
    fn recompute(&mut self) {
        match compute(&self.fields) {
            Ok(c) => {
                self.last_valid = Some(Rc::new(c));
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }
}

/// Parses and validates the form into every kind's plan.
pub fn compute(fields: &Fields) -> Result<Computed, FieldError> {
    let setting = fields.parse()?;
    let comparison = Comparison::build(
        &setting.base,
        setting.input,
        setting.multiplier,
        &Limits::default(),
    )
    .map_err(|e| FieldError {
        field: field_of(&e),
        message: e.to_string(),
    })?;
    Ok(Computed {
        setting,
        comparison,
    })
}

/// The form field a conv-core error is about, so the message sits next to it.
fn field_of(e: &ConvError) -> Option<Field> {
    match e {
        ConvError::GroupsNotPositive => Some(Field::Groups),
        ConvError::ChannelsNotDivisible { .. } => Some(Field::Groups),
        ConvError::NotPositive { param, .. } => match *param {
            "input height" => Some(Field::H),
            "input width" => Some(Field::W),
            p => Field::from_key(p),
        },
        ConvError::SameWithStride { .. } => Some(Field::Padding),
        ConvError::KernelLargerThanInput { .. } => Some(Field::KernelSize),
        ConvError::LimitExceeded { what, .. } => Field::from_key(what),
        _ => None,
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut fields = self.fields.clone();
        match action {
            Action::SetField(field, text) => fields.set(field, text),
            Action::SetMode(mode) => fields.mode = mode,
            Action::SetBias(bias) => fields.bias = bias,
            Action::LoadLayer { spec, input } => {
                fields = Fields::from_layer(&spec, input, fields.get(Field::Multiplier))
            }
        }
        if fields == self.fields {
            return self;
        }
        let mut next = (*self).clone();
        next.fields = fields;
        next.recompute();
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(s: Rc<State>, a: Action) -> Rc<State> {
        s.reduce(a)
    }

    #[test]
    fn invalid_groups_keeps_last_result_and_text() {
        let s = Rc::new(State::default());
        let before = s.last_valid.clone().unwrap();
        let s = reduce(s, Action::SetField(Field::Groups, "3".into()));
        let e = s.error.clone().unwrap();
        assert_eq!(e.field, Some(Field::Groups));
        assert_eq!(
            e.message,
            "in_channels must be divisible by groups (in_channels=8, groups=3)"
        );
        assert_eq!(s.fields.get(Field::Groups), "3");
        assert_eq!(s.last_valid.as_ref().unwrap(), &before);
    }

    #[test]
    fn valid_change_updates_costs() {
        let s = Rc::new(State::default());
        let s = reduce(s, Action::SetField(Field::Groups, "4".into()));
        assert!(s.error.is_none());
        // 16 · (8/4) · 9 · 32 · 32
        assert_eq!(
            s.last_valid
                .as_ref()
                .unwrap()
                .comparison
                .grouped
                .cost()
                .macs,
            16 * 2 * 9 * 32 * 32
        );
    }

    #[test]
    fn load_layer_rewrites_fields_and_mode() {
        let s = Rc::new(State::default());
        let spec = conv_core::Conv2dSpec {
            groups: 32,
            ..conv_core::Conv2dSpec::new(32, 32, 3)
        };
        let s = reduce(
            s,
            Action::LoadLayer {
                spec,
                input: conv_core::Nchw::new(1, 32, 112, 112),
            },
        );
        assert_eq!(s.fields.mode, Mode::Depthwise);
        assert_eq!(s.fields.get(Field::H), "112");
        assert_eq!(s.fields.get(Field::Groups), "32");
        assert!(s.error.is_none());
    }

    #[test]
    fn no_op_returns_same_rc() {
        let s = Rc::new(State::default());
        let t = reduce(s.clone(), Action::SetField(Field::Groups, "2".into()));
        assert!(Rc::ptr_eq(&s, &t));
    }
}
