//! Every word the page shows, one module per language.
//!
//! Each area of the page has a trait of messages (one method per message, with
//! the facts as arguments); [`en`] and [`zh`] implement every trait, and a
//! trait has no default methods, so a message added in one language only does
//! not compile. Components ask [`crate::hooks::use_text::use_text`] for the
//! current language's [`Text`] and hold no literals. Errors stay typed
//! (`ConvError`, `FieldError`, ...) until a `Text` renders them.
//!
//! Numbers keep one format in both languages (`crate::format`); PyTorch
//! parameter names (`in_channels`, `groups`, ...) are code and stay as they are.

pub mod charts;
pub mod en;
pub mod errors;
pub mod form;
pub mod picture;
pub mod shell;
pub mod zh;

pub use charts::ChartText;
pub use errors::ErrorText;
pub use form::FormText;
pub use picture::PictureText;
pub use shell::ShellText;

/// A language the page is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The `lang=` value and the `<html lang>` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// Parses [`Lang::code`] (also `zh-CN`, `en-GB`, ..., case-insensitively).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first of the browser's preferred languages that the page speaks,
    /// else English.
    pub fn from_preferences<'a>(prefs: impl IntoIterator<Item = &'a str>) -> Lang {
        prefs
            .into_iter()
            .find_map(Lang::from_code)
            .unwrap_or_default()
    }

    /// The other language (what the toggle switches to).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }
}

/// Every message of the page, in one language.
pub trait Text: ShellText + FormText + ErrorText + PictureText + ChartText {}

impl<T: ShellText + FormText + ErrorText + PictureText + ChartText> Text for T {}

/// The messages of `lang`.
pub fn text(lang: Lang) -> &'static dyn Text {
    match lang {
        Lang::En => &en::En,
        Lang::Zh => &zh::Zh,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_and_preferences() {
        assert_eq!(Lang::from_code("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_preferences(["fr-FR", "zh-TW", "en"]), Lang::Zh);
        assert_eq!(Lang::from_preferences(["de"]), Lang::En);
        assert_eq!(Lang::from_preferences([]), Lang::En);
    }

    /// Chinese text must be Chinese: a message copied from English (or left
    /// empty) in `zh` is caught here for the messages listed.
    #[test]
    fn every_language_names_itself() {
        for l in Lang::ALL {
            assert!(!text(l).lang_toggle(l.other()).is_empty());
        }
        assert!(has_cjk(text(Lang::Zh).tagline()));
        assert!(!has_cjk(text(Lang::En).tagline()));
    }

    pub(crate) fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }
}
