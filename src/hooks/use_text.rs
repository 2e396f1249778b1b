//! The page's language: chosen by a link or the toggle, else the browser's.
//! Components read the current [`Text`] from context with [`use_text`].

use yew::prelude::*;

use crate::text::{text, Lang, Text};

/// The browser's preferred languages (`navigator.languages`, else `navigator.language`).
fn browser_lang() -> Lang {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return Lang::default();
    };
    let prefs: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .chain(nav.language())
        .collect();
    Lang::from_preferences(prefs.iter().map(String::as_str))
}

/// The language the page shows: `chosen` (a link's `lang=` or the toggle), else
/// the browser's. Keeps `<html lang>` and the document title in that language.
#[hook]
pub fn use_page_lang(chosen: Option<Lang>) -> Lang {
    let browser = *use_memo((), |_| browser_lang());
    let lang = chosen.unwrap_or(browser);
    use_effect_with(lang, |&lang| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = doc.document_element() {
                let _ = root.set_attribute("lang", lang.code());
            }
            doc.set_title(text(lang).page_title());
        }
    });
    lang
}

/// The current language's messages (English outside a provider).
#[hook]
pub fn use_text() -> &'static dyn Text {
    text(use_context::<Lang>().unwrap_or_default())
}
