//! The reducer's state: the form, the charts' settings, the view, the last valid
//! result and the current error, changed only through [`Action`]s. No DOM in
//! here, so it is tested natively.

pub mod fields;
pub mod groups;
pub mod kinds;
pub mod lang;
pub mod plot_settings;
pub mod stale;
pub mod url;
pub mod view;

use std::rc::Rc;

use conv_core::weights::WeightPreset;
use conv_core::{Comparison, KindPlan};
use yew::Reducible;

pub use fields::{Field, FieldError, Fields, Mode, Problem, Setting};
pub use groups::{nearest_valid_groups, valid_groups};
pub use groupwise_core::picture::timeline::Stage;
pub use kinds::{field_of, KindResult, KindResults};
pub use stale::{stale_setting, StaleSetting};

/// Where the input tensor comes from. The user's pixels themselves are held by
/// the app (they are large and never go in the URL); the reducer only records the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum InputKind {
    Random,
    /// The built-in sample picture: a fresh page teaches with real edges.
    #[default]
    Sample,
    Image,
}

impl InputKind {
    pub const ALL: [InputKind; 3] = [InputKind::Random, InputKind::Sample, InputKind::Image];

    /// URL and `<option>` value.
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Random => "random",
            InputKind::Sample => "sample",
            InputKind::Image => "image",
        }
    }

    pub fn from_name(s: &str) -> Option<InputKind> {
        InputKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

pub use groupwise_core::picture::scene::{Traced, TracedTensor};

/// A setting whose focused kind validated, with everything the page shows for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    /// The form it was computed from (the plots module computes it again from
    /// them: `bridge::PlotsView`).
    pub fields: Fields,
    /// The fields the focused kind uses (see [`Fields::parse_for`]).
    pub setting: Setting,
    /// The focused kind's layer(s).
    pub focus: KindPlan,
    /// Every kind at this setting; the others may be invalid.
    pub kinds: KindResults,
    /// All four kinds, when all four are valid (the charts need them).
    pub comparison: Option<Comparison>,
}

impl Computed {
    /// The layer(s) of the kind the page centres on.
    pub fn focus(&self) -> &KindPlan {
        &self.focus
    }

    /// The focused kind's setting and plan, if it validates; the others are kept as they are.
    pub fn new(fields: &Fields, kinds: KindResults) -> Result<Computed, FieldError> {
        let setting = fields.parse_for(fields.mode)?;
        let focus = kinds.get(fields.mode).clone()?;
        Ok(Computed {
            fields: fields.clone(),
            setting,
            focus,
            comparison: kinds.comparison(),
            kinds,
        })
    }
}

/// Whole-page state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub fields: Fields,
    /// The last setting that validated; kept on screen while the form is invalid.
    pub last_valid: Option<Rc<Computed>>,
    /// Why the current form does not validate for the focused kind, if it does not.
    pub error: Option<FieldError>,
    /// Every kind at the current form, each valid or not on its own (the cost table).
    pub kinds: KindResults,
    /// The seed as typed, and the last one that parsed (used while the text is bad).
    pub seed_text: String,
    pub seed: u64,
    pub seed_error: Option<SeedError>,
    pub input: InputKind,
    pub weights: WeightPreset,
    /// The animation step on screen (progress within it is the stage view's own).
    pub stage: Stage,
    /// The output channel picked in the picture (highlights its pointwise row).
    pub selected_channel: Option<usize>,
    pub traced: Option<Traced>,
    /// Grouped: a channel shuffle (ShuffleNet) follows the concat.
    pub shuffle: bool,
    /// Site or embed, with which sections.
    pub view: view::ViewOptions,
    /// The cost plots' own settings (units, axis, bias, sweep, preset).
    pub plots: plot_settings::PlotSettings,
}

/// The seed of a fresh page.
pub const DEFAULT_SEED: u64 = 7;

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
    SetSeed(String),
    SetInput(InputKind),
    SetWeights(WeightPreset),
    SetStage(Stage),
    SelectChannel(Option<usize>),
    Trace(Option<Traced>),
    SetShuffle(bool),
    /// Embed layout (`embed=1`), the form shown or not (`controls=0`), the sections shown.
    SetEmbed(bool),
    SetControls(bool),
    SetSections(Vec<view::Section>),
    /// The language and theme toggles (and `lang=`, `theme=`).
    SetLang(crate::state::lang::Lang),
    SetTheme(view::Theme),
    /// The groups slider: a grouped layer with this many groups and output
    /// channels (1 group is standard, C_in depthwise), so the picture slides
    /// from one kind to the other.
    SlideGroups {
        groups: usize,
        out_channels: usize,
    },
    /// A change to the cost plots' settings.
    Plot(plot_settings::PlotAction),
}

/// The edge-detecting weights a fresh page starts with, on the sample picture.
pub const DEFAULT_WEIGHTS: WeightPreset = WeightPreset::Laplacian;

/// Presets that need a kernel of at least 3x3.
fn needs_3x3(w: WeightPreset) -> bool {
    matches!(
        w,
        WeightPreset::SobelX | WeightPreset::SobelY | WeightPreset::Laplacian
    )
}

/// A seed that does not read as an integer from 0 to 2^64 − 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError {
    /// The text as typed, trimmed.
    pub text: String,
}

/// Reads a seed: a non-negative integer below 2^64.
pub fn parse_seed(text: &str) -> Result<u64, SeedError> {
    let t = text.trim();
    t.parse::<u64>().map_err(|_| SeedError { text: t.into() })
}

impl State {
    /// A state for these fields, computed from scratch.
    pub fn from_fields(fields: Fields) -> Self {
        let kinds = KindResults::check(&fields);
        let mut s = State {
            fields,
            last_valid: None,
            error: None,
            kinds,
            seed_text: DEFAULT_SEED.to_string(),
            seed: DEFAULT_SEED,
            seed_error: None,
            input: InputKind::default(),
            weights: DEFAULT_WEIGHTS,
            stage: Stage::Done,
            selected_channel: None,
            traced: None,
            shuffle: false,
            view: view::ViewOptions::default(),
            plots: plot_settings::PlotSettings::default(),
        };
        s.recompute();
        s
    }

    /// Re-validates the form, each kind on its own. When the focused kind is valid
    /// its result replaces the last one; otherwise the last one is kept.
    fn recompute(&mut self) {
        self.kinds = KindResults::check(&self.fields);
        match Computed::new(&self.fields, self.kinds.clone()) {
            Ok(c) => {
                self.last_valid = Some(Rc::new(c));
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// The valid groups nearest to the typed one, while groups makes the grouped
    /// kind invalid; empty otherwise (or when a channel count is unreadable).
    pub fn groups_suggestions(&self) -> Vec<usize> {
        // Only where groups is read: under a field the focused kind ignores
        // (and dims), suggestions would look like an error of that kind.
        if self.fields.mode != Mode::Grouped {
            return Vec::new();
        }
        let about_groups = matches!(&self.kinds.grouped, Err(e) if e.field == Some(Field::Groups));
        let n = |f| self.fields.get(f).trim().parse::<usize>().ok();
        match (about_groups, n(Field::InChannels), n(Field::OutChannels)) {
            (true, Some(i), Some(o)) => nearest_valid_groups(n(Field::Groups), i, o),
            _ => Vec::new(),
        }
    }
}

/// Parses and validates the form: the focused kind must be valid, the others
/// are each valid or not on their own.
pub fn compute(fields: &Fields) -> Result<Computed, FieldError> {
    Computed::new(fields, KindResults::check(fields))
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if let Some(next) = self.reduce_view(&action) {
            return next;
        }
        let mut fields = self.fields.clone();
        match action {
            Action::SetField(field, text) => fields.set(field, text),
            Action::SetMode(mode) => fields.mode = mode,
            Action::SetBias(bias) => fields.bias = bias,
            Action::LoadLayer { spec, input } => {
                fields = Fields::from_layer(&spec, input, fields.get(Field::Multiplier))
            }
            Action::SlideGroups {
                groups,
                out_channels,
            } => {
                fields.set(Field::Groups, groups.to_string());
                fields.set(Field::OutChannels, out_channels.to_string());
                fields.mode = Mode::Grouped;
            }
            _ => return self,
        }
        if fields == self.fields {
            return self;
        }
        let mut next = (*self).clone();
        next.fields = fields;
        next.recompute();
        // A traced element or picked channel may no longer exist; the stage
        // stays (the timeline clamps it to the new layer's steps).
        if next.last_valid != self.last_valid {
            next.traced = None;
            next.selected_channel = None;
        }
        // An edge preset cannot fill a 1x1 (or 2x2) kernel: fall back to random
        // weights rather than fail the job, and say so in the weights menu.
        let small = next
            .last_valid
            .as_ref()
            .is_some_and(|c| c.setting.base.kernel_size.pair().iter().any(|&k| k < 3));
        if small && needs_3x3(next.weights) {
            next.weights = WeightPreset::Random;
        }
        Rc::new(next)
    }
}

impl State {
    /// Actions that do not touch the layer (seed, input, weights, view). `None`
    /// for the layer actions, which `reduce` handles. A no-op returns the same `Rc`.
    fn reduce_view(self: &Rc<Self>, action: &Action) -> Option<Rc<Self>> {
        let mut next = (**self).clone();
        match action {
            Action::SetSeed(text) => {
                next.seed_text = text.clone();
                match parse_seed(text) {
                    Ok(seed) => {
                        next.seed = seed;
                        next.seed_error = None;
                    }
                    Err(e) => next.seed_error = Some(e),
                }
            }
            Action::SetInput(kind) => next.input = *kind,
            Action::SetWeights(w) => next.weights = *w,
            Action::SetStage(stage) => next.stage = *stage,
            Action::SelectChannel(c) => next.selected_channel = *c,
            Action::Trace(t) => next.traced = *t,
            Action::SetShuffle(on) => next.shuffle = *on,
            Action::SetEmbed(on) => next.view.embed = *on,
            Action::SetControls(on) => next.view.controls = *on,
            Action::SetSections(s) => next.view.sections = s.clone(),
            Action::SetLang(l) => next.view.lang = Some(*l),
            Action::SetTheme(t) => next.view.theme = Some(*t),
            Action::Plot(a) => next.plots.apply(a.clone()),
            _ => return None,
        }
        if next == **self {
            return Some(self.clone());
        }
        if next.seed != self.seed || next.input != self.input || next.weights != self.weights {
            next.traced = None;
        }
        Some(Rc::new(next))
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
            e.message(),
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
        let grouped = s.last_valid.as_ref().unwrap().focus().cost();
        assert_eq!(grouped.macs, 16 * 2 * 9 * 32 * 32);
        assert_eq!(s.kinds.grouped.as_ref().unwrap().cost(), grouped);
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
    fn seed_keeps_text_and_last_good_value() {
        let s = Rc::new(State::default());
        let s = reduce(s, Action::SetSeed("42".into()));
        assert_eq!(s.seed, 42);
        let s = reduce(s, Action::SetSeed("-1".into()));
        assert_eq!((s.seed, s.seed_text.as_str()), (42, "-1"));
        let en = crate::text::text(crate::state::lang::Lang::En);
        assert_eq!(
            en.seed_error(s.seed_error.as_ref().unwrap()),
            "seed must be an integer from 0 to 18446744073709551615 (got '-1')"
        );
        let s = reduce(s, Action::SetSeed(" 3 ".into()));
        assert_eq!((s.seed, s.seed_error.clone()), (3, None));
    }

    #[test]
    fn view_actions_and_reset_of_trace() {
        let s = Rc::new(State::default());
        let t = Traced {
            tensor: TracedTensor::Output,
            index: [0, 3, 1, 2],
        };
        let s = reduce(s, Action::Trace(Some(t)));
        assert_eq!(s.traced, Some(t));
        let same = reduce(s.clone(), Action::Trace(Some(t)));
        assert!(Rc::ptr_eq(&s, &same));
        let s = reduce(s, Action::SetStage(Stage::Concat));
        assert_eq!(s.stage, Stage::Concat);
        let s = reduce(s, Action::SetWeights(WeightPreset::SobelX));
        assert_eq!(s.traced, None, "new weights: the old trace is stale");
        let s = reduce(s, Action::Trace(Some(t)));
        let s = reduce(s, Action::SetField(Field::Groups, "4".into()));
        assert_eq!(s.traced, None);
        assert_eq!(s.stage, Stage::Concat);
        let s = reduce(s, Action::Trace(Some(t)));
        let s = reduce(s, Action::SetField(Field::Groups, "3".into()));
        assert_eq!(
            s.traced,
            Some(t),
            "an invalid entry keeps the picture and its trace"
        );
    }

    #[test]
    fn the_slider_loads_a_grouped_layer_with_the_layers_outputs() {
        let s = Rc::new(State::default());
        let s = reduce(s, Action::SetMode(Mode::Depthwise));
        let s = reduce(
            s,
            Action::SlideGroups {
                groups: 4,
                out_channels: 8,
            },
        );
        assert_eq!(s.fields.mode, Mode::Grouped);
        assert_eq!(
            (
                s.fields.get(Field::Groups),
                s.fields.get(Field::OutChannels)
            ),
            ("4", "8")
        );
        assert!(s.error.is_none());
        assert_eq!(
            s.last_valid.as_ref().unwrap().focus().cost().macs,
            8 * 2 * 9 * 32 * 32
        );
    }

    #[test]
    fn an_edge_preset_on_a_1x1_kernel_falls_back_to_random_weights() {
        let s = Rc::new(State::default());
        assert_eq!(s.weights, DEFAULT_WEIGHTS);
        let s = reduce(s, Action::SetField(Field::KernelSize, "1".into()));
        assert_eq!(s.weights, WeightPreset::Random);
    }

    #[test]
    fn odd_channels_are_valid_except_for_grouped() {
        for c in ["3", "5", "7"] {
            for mode in Mode::ALL {
                let s = Rc::new(State::default());
                let s = reduce(s, Action::SetMode(mode));
                let s = reduce(s, Action::SetField(Field::InChannels, c.into()));
                let n: usize = c.parse().unwrap();
                if mode == Mode::Grouped {
                    let e = s.error.clone().expect("groups=2 does not divide");
                    assert_eq!(e.field, Some(Field::Groups));
                    assert_eq!(s.last_valid.as_ref().unwrap().setting.base.in_channels, 8);
                    assert_eq!(s.groups_suggestions(), [1]);
                    continue;
                }
                assert_eq!(s.error, None, "{mode:?} in_channels={c}");
                let last = s.last_valid.clone().unwrap();
                assert_eq!(
                    (last.setting.mode, last.setting.base.in_channels),
                    (mode, n)
                );
                let want = if mode == Mode::Depthwise { n } else { 16 };
                assert_eq!(last.focus().output().c, want);
                assert!(s.kinds.grouped.is_err(), "its row still says why");
                assert_eq!(last.comparison, None, "not all four are valid");
                assert!(s.groups_suggestions().is_empty(), "{mode:?} ignores groups");
            }
        }
    }

    #[test]
    fn an_ignored_unreadable_field_does_not_block() {
        let s = Rc::new(State::default());
        let s = reduce(s, Action::SetMode(Mode::Depthwise));
        for groups in ["abc", ""] {
            let s = reduce(s.clone(), Action::SetField(Field::Groups, groups.into()));
            assert_eq!(s.error, None);
            assert_eq!(s.last_valid.as_ref().unwrap().focus().output().c, 8);
            assert!(
                s.groups_suggestions().is_empty(),
                "depthwise ignores groups"
            );
        }
        let s = reduce(s, Action::SetField(Field::Multiplier, "x".into()));
        assert_eq!(s.error.as_ref().unwrap().field, Some(Field::Multiplier));
        let s = reduce(s, Action::SetMode(Mode::Standard));
        assert_eq!(s.error, None, "standard ignores the multiplier");
        assert_eq!(s.last_valid.as_ref().unwrap().setting.mode, Mode::Standard);
    }

    #[test]
    fn groups_suggestions_follow_the_typed_value() {
        let s = Rc::new(State::default());
        assert!(s.groups_suggestions().is_empty(), "groups=2 is valid");
        let s = reduce(s, Action::SetField(Field::Groups, "3".into()));
        assert_eq!(s.groups_suggestions(), [2, 4]);
        let s = reduce(s, Action::SetField(Field::Groups, "0".into()));
        assert_eq!(s.groups_suggestions(), [1]);
        let s = reduce(s, Action::SetField(Field::OutChannels, "x".into()));
        assert!(s.groups_suggestions().is_empty());
    }

    #[test]
    fn no_op_returns_same_rc() {
        let s = Rc::new(State::default());
        let t = reduce(s.clone(), Action::SetField(Field::Groups, "2".into()));
        assert!(Rc::ptr_eq(&s, &t));
    }
}
