//! Every word the page shows, one module per language.
//!
//! Each area of the page has a trait of messages (one method per message, with
//! the facts as arguments); [`en`] and [`zh`] implement every trait, and a
//! trait has no default methods, so a message added in one language only does
//! not compile. Components ask [`crate::hooks::use_text::use_text`] for the
//! current language's [`Text`] and hold no literals. Errors stay typed
//! (`ConvError`, `FieldError`, ...) until a `Text` renders them.
//!
//! ```compile_fail
//! // A language that lacks a message does not build: the traits have no defaults.
//! struct Klingon;
//! impl groupwise::text::FormText for Klingon {}
//! ```
//!
//! Numbers keep one format in both languages (`crate::format`); PyTorch
//! parameter names (`in_channels`, `groups`, ...) are code and stay as they are.

pub mod en;
pub mod errors;
pub mod form;
pub mod picture;
pub mod shell;
pub mod zh;

pub use errors::ErrorText;
pub use form::FormText;
pub use picture::PictureText;
pub use shell::ShellText;

pub use crate::state::lang::Lang;
use groupwise_core::picture::scene::LabelWords;

/// Every message of the page's own module, in one language.
pub trait Text: ShellText + FormText + ErrorText + PictureText {}

impl<T: ShellText + FormText + ErrorText + PictureText> Text for T {}

/// The words of the picture's labels in `lang`, as the renderer takes them.
pub fn label_words(lang: Lang) -> &'static dyn LabelWords {
    match lang {
        Lang::En => &en::En,
        Lang::Zh => &zh::Zh,
    }
}

/// The messages of `lang`.
pub fn text(lang: Lang) -> &'static dyn Text {
    match lang {
        Lang::En => &en::En,
        Lang::Zh => &zh::Zh,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use conv_core::ConvError;

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

    /// The page's fixed words in Chinese are Chinese (a message pasted from
    /// English would pass the compiler but not this).
    #[test]
    fn fixed_words_are_translated() {
        use crate::state::{Field, InputKind};
        use conv_core::ConvKind;
        let (en, zh) = (text(Lang::En), text(Lang::Zh));
        let mut words = vec![
            zh.tagline(),
            zh.page_title(),
            zh.settings_region(),
            zh.results_region(),
            zh.shuffle_switch(),
            zh.share_open(),
            zh.share_heading(),
            zh.share_link_label(),
            zh.copy(),
            zh.embed_snippet_label(),
            zh.qr_alt(),
            zh.qr_caption(),
            zh.close(),
            zh.kinds_legend(),
            zh.field_unused(),
            zh.suggest_label(),
            zh.seed_hint(),
            zh.input_label(),
            zh.weights_label(),
            zh.image_picker(),
            zh.cost_caption(),
            zh.lang_toggle_label(),
        ];
        words.extend(ConvKind::ALL.map(|k| zh.kind_title(k)));
        words.extend(InputKind::ALL.map(|k| zh.input_source(k)));
        words.extend([Field::H, Field::W, Field::Multiplier].map(|f| zh.field_label(f)));
        for w in words {
            assert!(has_cjk(w), "not Chinese: {w}");
        }
        assert_eq!(en.kind_name(ConvKind::Grouped), "grouped");
        assert_eq!(zh.kind_name(ConvKind::Separable), "深度可分离卷积");
        // Code stays code in both languages.
        assert_eq!(zh.field_label(Field::InChannels), "in_channels");
    }

    /// English keeps conv-core's (PyTorch's) words; Chinese says each in Chinese.
    #[test]
    fn every_error_reads_in_both_languages() {
        let (en, zh) = (text(Lang::En), text(Lang::Zh));
        for e in groupwise_core::compute::error::every_error() {
            let (a, b) = (en.job_error(&e), zh.job_error(&e));
            assert!(!a.is_empty() && !has_cjk(&a), "{e:?}: {a}");
            assert!(has_cjk(&b), "{e:?} has no Chinese: {b}");
            // A preset is named as the form names it; the rest are conv-core's words.
            match &e {
                groupwise_core::compute::JobError::Conv(
                    c @ ConvError::PresetNeedsKernel { .. },
                ) => {
                    assert_ne!(a, c.to_string())
                }
                groupwise_core::compute::JobError::Conv(c) => assert_eq!(a, c.to_string()),
                _ => {}
            }
        }
    }

    /// The form's own problems, in both languages, name the field as code.
    #[test]
    fn form_problems_name_the_field_in_both_languages() {
        use crate::state::{Field, Problem};
        let text_of = |t: &str| t.to_string();
        let problems = [
            Problem::NotInteger {
                field: Field::Groups,
                text: text_of("two"),
            },
            Problem::Negative {
                field: Field::Stride,
                text: text_of("-1"),
            },
            Problem::NotIntOrPair {
                field: Field::KernelSize,
                text: text_of("3,"),
            },
            Problem::NegativePadding {
                text: text_of("-1"),
            },
            Problem::BadPadding {
                text: text_of("wide"),
            },
        ];
        for p in &problems {
            for l in Lang::ALL {
                let m = text(l).problem(p);
                let named = ["groups", "stride", "kernel_size", "padding"];
                assert!(named.iter().any(|n| m.contains(n)), "{l:?}: {m}");
                assert_eq!(has_cjk(&m), l == Lang::Zh, "{m}");
            }
        }
        assert_eq!(
            text(Lang::Zh).problem(&problems[0]),
            "groups 必须是整数（输入的是 'two'）"
        );
    }

    pub(crate) fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }
}
