//! The language the page is written in: `lang=` in a link, the toggle, or the
//! browser's preferences. The text layer (`crate::text`) holds the words.

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
}
