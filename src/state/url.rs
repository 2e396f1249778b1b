//! Every setting in the query string, so a link restores the exact view.
//!
//! The URL is read and written through one table, [`keys`]: a key, how to read
//! its value out of [`State`], and the [`Action`] that applies a value from a
//! link. Loading a link is replaying those actions on a fresh state, so a link
//! goes through exactly the validation typing does. A new setting (the charts'
//! `preset`, `alpha`, `resolution`, toggles) is one more line in the table.
//!
//! Malformed values and unknown keys never blank the page: they become
//! [`Notice`]s naming the key, the value and the default kept.

use conv_core::weights::WeightPreset;
use conv_core::ConvKind;
use yew::Reducible;

use super::{parse_seed, Action, Field, Fields, InputKind, Stage, State};
use std::rc::Rc;

/// The query string as ordered `(key, value)` pairs, decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    /// Parses `?a=1&b=x%2Cy` (the leading `?` is optional; `+` is a space).
    pub fn parse(search: &str) -> QueryParams {
        let s = search.strip_prefix('?').unwrap_or(search);
        QueryParams(
            s.split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (decode(k), decode(v))
                })
                .collect(),
        )
    }

    /// The last value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets `key` (replacing every earlier value, keeping its position).
    pub fn set(&mut self, key: &str, value: String) {
        match self.0.iter().position(|(k, _)| k == key) {
            Some(i) => {
                self.0[i].1 = value;
                let mut seen = false;
                self.0.retain(|(k, _)| {
                    let dup = k == key && seen;
                    seen |= k == key;
                    !dup
                });
            }
            None => self.0.push((key.to_string(), value)),
        }
    }

    pub fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// `?a=1&b=2`, or the empty string when there is nothing.
    pub fn to_query(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        let body: Vec<String> = self
            .0
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        format!("?{}", body.join("&"))
    }
}

/// Percent-decoding; invalid escapes are kept literally (they then fail to parse
/// as a value and are reported, rather than panicking).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Percent-encoding that leaves the characters our values use readable (`,` `:` `-` `.`).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~,:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One setting in the URL. Its functions are given the key, so that one pair
/// of them serves every key of the charts' settings.
#[derive(Clone, Copy)]
pub struct UrlKey {
    pub key: &'static str,
    /// The value to write, or `None` to leave the key out.
    pub read: fn(&State, &str) -> Option<String>,
    /// The action that applies a value from a link; `None` when it is malformed.
    pub apply: fn(&str, &str) -> Option<Action>,
}

/// A form field's text, if it reads on its own (its combination with the other
/// fields is checked by the reducer, which shows the usual alert).
fn field(f: Field, value: &str) -> Option<Action> {
    let mut fields = Fields::default();
    fields.set(f, value.to_string());
    match fields.parse() {
        Err(e) if e.field == Some(f) => None,
        _ => Some(Action::SetField(f, value.to_string())),
    }
}

fn text(s: &State, f: Field) -> Option<String> {
    Some(s.fields.get(f).trim().to_string())
}

/// A `1`/`0` switch.
fn flag(v: &str) -> Option<bool> {
    match v {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

/// The page's own keys, in URL order; [`keys`] adds the charts'.
const PAGE_KEYS: &[UrlKey] = &[
    UrlKey {
        key: "mode",
        read: |s, _| Some(s.fields.mode.name().into()),
        apply: |_, v| ConvKind::from_name(v).map(Action::SetMode),
    },
    UrlKey {
        key: "in_channels",
        read: |s, _| text(s, Field::InChannels),
        apply: |_, v| field(Field::InChannels, v),
    },
    UrlKey {
        key: "out_channels",
        read: |s, _| text(s, Field::OutChannels),
        apply: |_, v| field(Field::OutChannels, v),
    },
    UrlKey {
        key: "h",
        read: |s, _| text(s, Field::H),
        apply: |_, v| field(Field::H, v),
    },
    UrlKey {
        key: "w",
        read: |s, _| text(s, Field::W),
        apply: |_, v| field(Field::W, v),
    },
    UrlKey {
        key: "kernel_size",
        read: |s, _| text(s, Field::KernelSize),
        apply: |_, v| field(Field::KernelSize, v),
    },
    UrlKey {
        key: "stride",
        read: |s, _| text(s, Field::Stride),
        apply: |_, v| field(Field::Stride, v),
    },
    UrlKey {
        key: "padding",
        read: |s, _| text(s, Field::Padding),
        apply: |_, v| field(Field::Padding, v),
    },
    UrlKey {
        key: "dilation",
        read: |s, _| text(s, Field::Dilation),
        apply: |_, v| field(Field::Dilation, v),
    },
    UrlKey {
        key: "groups",
        read: |s, _| text(s, Field::Groups),
        apply: |_, v| field(Field::Groups, v),
    },
    UrlKey {
        key: "multiplier",
        read: |s, _| text(s, Field::Multiplier),
        apply: |_, v| field(Field::Multiplier, v),
    },
    UrlKey {
        key: "bias",
        read: |s, _| Some(if s.fields.bias { "1" } else { "0" }.into()),
        apply: |_, v| flag(v).map(Action::SetBias),
    },
    UrlKey {
        key: "seed",
        read: |s, _| Some(s.seed_text.trim().to_string()),
        apply: |_, v| {
            parse_seed(v)
                .ok()
                .map(|_| Action::SetSeed(v.trim().to_string()))
        },
    },
    UrlKey {
        key: "input",
        // The user's own image never leaves the browser, so a link cannot carry it.
        read: |s, _| (s.input != InputKind::Image).then(|| s.input.name().into()),
        apply: |_, v| {
            InputKind::from_name(v)
                .filter(|k| *k != InputKind::Image)
                .map(Action::SetInput)
        },
    },
    UrlKey {
        key: "weights",
        read: |s, _| Some(s.weights.name().into()),
        apply: |_, v| WeightPreset::from_name(v).map(Action::SetWeights),
    },
    UrlKey {
        key: "stage",
        read: |s, _| Some(s.stage.to_url()),
        apply: |_, v| Stage::from_url(v).map(Action::SetStage),
    },
    UrlKey {
        key: "embed",
        read: |s, _| s.view.embed.then(|| "1".into()),
        apply: |_, v| flag(v).map(Action::SetEmbed),
    },
    UrlKey {
        key: "controls",
        read: |s, _| (!s.view.controls).then(|| "0".into()),
        apply: |_, v| flag(v).map(Action::SetControls),
    },
    UrlKey {
        key: "sections",
        read: |s, _| super::view::sections_value(&s.view.sections),
        apply: |_, v| super::view::parse_sections(v).map(Action::SetSections),
    },
    UrlKey {
        key: "lang",
        read: |s, _| s.view.lang.map(|l| l.code().into()),
        apply: |_, v| crate::state::lang::Lang::from_code(v).map(Action::SetLang),
    },
    UrlKey {
        key: "theme",
        read: |s, _| s.view.theme.map(|t| t.code().into()),
        apply: |_, v| super::view::Theme::from_code(v).map(Action::SetTheme),
    },
    UrlKey {
        key: "shuffle",
        read: |s, _| s.shuffle.then(|| "1".into()),
        apply: |_, v| flag(v).map(Action::SetShuffle),
    },
];

/// Every key the app reads and writes, in URL order: the page's, then the
/// charts' (`plot_settings::KEYS`), written only when not the default.
pub fn keys() -> impl Iterator<Item = UrlKey> {
    let plot = |key| UrlKey {
        key,
        read: |s, k| s.plots.written(k),
        apply: |k, v| super::plot_settings::PlotAction::parse(k, v).map(Action::Plot),
    };
    PAGE_KEYS
        .iter()
        .copied()
        .chain(super::plot_settings::KEYS.into_iter().map(plot))
}

/// Something in a link that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub key: String,
    pub value: String,
    /// What is used instead (`None` for an unknown key, which is ignored).
    pub default: Option<String>,
}

/// The state a link describes, and what in it could not be used. `other_keys`
/// are keys read elsewhere (not in [`keys`]) that are not unknown.
pub fn load(search: &str, other_keys: &[&str]) -> (State, Vec<Notice>) {
    let params = QueryParams::parse(search);
    let defaults = State::default();
    let mut state = Rc::new(State::default());
    let mut notices = Vec::new();
    for (k, v) in params.pairs() {
        match keys().find(|u| u.key == k) {
            Some(u) => match (u.apply)(k, v) {
                Some(action) => state = state.reduce(action),
                None => notices.push(Notice {
                    key: k.clone(),
                    value: v.clone(),
                    // A key written only when set says what its default is.
                    default: Some(
                        (u.read)(&defaults, k).unwrap_or_else(|| defaults.plots.value(k)),
                    ),
                }),
            },
            None if other_keys.contains(&k.as_str()) => {}
            None => notices.push(Notice {
                key: k.clone(),
                value: v.clone(),
                default: None,
            }),
        }
    }
    (Rc::unwrap_or_clone(state), notices)
}

/// The query string for `state`, keeping the keys of `current` that are not
/// ours (other modules' settings) where they were.
pub fn store(state: &State, current: &str) -> String {
    let mut params = QueryParams::parse(current);
    for u in keys() {
        match (u.read)(state, u.key) {
            Some(v) => params.set(u.key, v),
            None => params.remove(u.key),
        }
    }
    params.to_query()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Mode;

    fn round_trip(state: &State) -> State {
        let q = store(state, "");
        let (back, notices) = load(&q, &[]);
        assert!(notices.is_empty(), "{q}: {notices:?}");
        back
    }

    #[test]
    fn embed_keys_round_trip_and_default_to_the_site() {
        let (s, notices) = load("embed=1&controls=0&sections=costs,picture", &[]);
        assert!(notices.is_empty(), "{notices:?}");
        assert!(s.view.embed && !s.view.controls);
        use crate::state::view::Section;
        assert_eq!(s.view.sections, [Section::Picture, Section::Costs]);
        let q = store(&s, "");
        assert!(
            q.contains("embed=1")
                && q.contains("controls=0")
                && q.contains("sections=picture,costs"),
            "{q}"
        );
        let site = store(&State::default(), "");
        assert!(
            !site.contains("embed") && !site.contains("controls") && !site.contains("sections"),
            "{site}"
        );
        let (_, bad) = load("sections=everything&embed=yes", &[]);
        assert_eq!(bad.len(), 2);
    }

    #[test]
    fn every_field_round_trips() {
        let (s, notices) = load(
            "?mode=separable&in_channels=12&out_channels=24&h=20&w=18&kernel_size=5,3&stride=2,1\
             &padding=2,1&dilation=1,2&groups=3&multiplier=2&bias=0&seed=123456789012&input=sample\
             &weights=sobelx&stage=group-conv:2",
            &[],
        );
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(s.fields.mode, Mode::Separable);
        assert_eq!(s.fields.get(Field::InChannels), "12");
        assert_eq!(s.fields.get(Field::KernelSize), "5,3");
        assert_eq!(s.fields.get(Field::Stride), "2,1");
        assert_eq!(s.fields.get(Field::Padding), "2,1");
        assert_eq!(s.fields.get(Field::Dilation), "1,2");
        assert_eq!(s.fields.get(Field::Groups), "3");
        assert_eq!(s.fields.get(Field::Multiplier), "2");
        assert!(!s.fields.bias);
        assert_eq!(s.seed, 123456789012);
        assert_eq!(s.input, InputKind::Sample);
        assert_eq!(s.weights, WeightPreset::SobelX);
        assert_eq!(s.stage, Stage::GroupConv(1));
        assert!(s.error.is_none());
        assert_eq!(round_trip(&s), s);
        let q = store(&s, "");
        assert!(q.contains("kernel_size=5,3&"), "{q}");
        assert!(q.contains("stage=group-conv:2"), "{q}");
    }

    #[test]
    fn defaults_round_trip_and_padding_words() {
        let s = State::default();
        assert_eq!(round_trip(&s), s);
        let (s, n) = load("padding=same&stride=1&mode=depthwise&stage=done", &[]);
        assert!(n.is_empty());
        assert_eq!(s.fields.get(Field::Padding), "same");
        assert_eq!(round_trip(&s), s);
    }

    #[test]
    fn malformed_values_fall_back_with_a_notice() {
        let (s, n) = load(
            "?groups=abc&bias=yes&mode=fancy&seed=-4&input=image&weights=gauss&stage=fly&kernel_size=3,3,3&h=12",
            &[],
        );
        let keys: Vec<&str> = n.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "groups",
                "bias",
                "mode",
                "seed",
                "input",
                "weights",
                "stage",
                "kernel_size"
            ]
        );
        assert_eq!(
            crate::text::text(crate::state::lang::Lang::En).notice(&n[0]),
            "The link's groups=abc is not valid; using the default groups=2."
        );
        assert_eq!(n[1].default.as_deref(), Some("1"));
        // The good key still applies; everything else is the default.
        assert_eq!(s.fields.get(Field::H), "12");
        let mut expected = State::default();
        expected =
            Rc::unwrap_or_clone(Rc::new(expected).reduce(Action::SetField(Field::H, "12".into())));
        assert_eq!(s, expected);
    }

    #[test]
    fn plot_keys_replay_as_actions_and_fall_back_with_a_notice() {
        let (s, n) = load(
            "?preset=mobilenet-v1&alpha=0.75&resolution=160&unit=flops",
            &[],
        );
        assert!(n.is_empty(), "{n:?}");
        assert_eq!((s.plots.alpha, s.plots.resolution), (0.75, 160));
        assert_eq!(round_trip(&s), s);
        let q = store(&s, "");
        assert!(
            q.contains("alpha=0.75&resolution=160") && !q.contains("preset="),
            "{q}"
        );
        let (s, n) = load("?unit=watts&alpha=-1", &[]);
        assert_eq!(
            s.plots,
            crate::state::plot_settings::PlotSettings::default()
        );
        let en = crate::text::text(crate::state::lang::Lang::En);
        assert_eq!(
            en.notice(&n[0]),
            "The link's unit=watts is not valid; using the default unit=macs."
        );
        assert_eq!(n[1].default.as_deref(), Some("1"));
    }

    #[test]
    fn unknown_keys_are_reported_unless_someone_reads_them() {
        let (_, n) = load("?foo=1&other=0.5", &["other"]);
        assert_eq!(n.len(), 1);
        assert_eq!(
            crate::text::text(crate::state::lang::Lang::En).notice(&n[0]),
            "The link's foo=1 is not a setting of this page; it was ignored."
        );
    }

    #[test]
    fn invalid_combination_keeps_a_picture_and_shows_the_alert() {
        let (s, n) = load("?groups=3", &[]);
        assert!(n.is_empty());
        assert!(s.error.is_some());
        assert!(s.last_valid.is_some(), "the default picture stays");
        assert_eq!(round_trip(&s).fields.get(Field::Groups), "3");
    }

    #[test]
    fn store_keeps_other_modules_keys_and_encodes() {
        let q = store(&State::default(), "?other=0.5&mode=standard");
        assert!(q.starts_with("?other=0.5&mode=grouped&"), "{q}");
        let mut p = QueryParams::parse("a=1&b=x%2Cy&a=2&c=%zz&d=%E4%B8%AD&e=a+b&f");
        assert_eq!(p.get("a"), Some("2"));
        assert_eq!(p.get("b"), Some("x,y"));
        assert_eq!(p.get("c"), Some("%zz"));
        assert_eq!(p.get("d"), Some("中"));
        assert_eq!(p.get("e"), Some("a b"));
        assert_eq!(p.get("f"), Some(""));
        p.set("a", "3".into());
        assert_eq!(p.pairs().iter().filter(|(k, _)| k == "a").count(), 1);
        assert_eq!(QueryParams::parse(&p.to_query()), p);
        assert_eq!(QueryParams::default().to_query(), "");
        // Truncated escapes never panic.
        for s in ["%", "a=%", "a=%4", "%e4%b8", "a=%E4%B8%AD%"] {
            let _ = QueryParams::parse(s);
        }
    }
}
