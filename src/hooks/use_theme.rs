//! The colour theme: chosen by a link or the toggle, else the system's
//! `prefers-color-scheme`, followed live. Sets `<html data-theme>`, which the
//! style sheet keys on; components that draw (the charts, the picture) read the
//! theme from context and redraw when it changes.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::view::Theme;

const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

fn media(query: &str) -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media(query).ok().flatten()
}

fn system_theme() -> Theme {
    match media(DARK_QUERY) {
        Some(m) if m.matches() => Theme::Dark,
        _ => Theme::Light,
    }
}

/// The theme the page shows: `chosen`, else the system's (updated when the
/// system's changes).
#[hook]
pub fn use_page_theme(chosen: Option<Theme>) -> Theme {
    let system = use_state(system_theme);
    {
        let system = system.clone();
        use_effect_with((), move |_| {
            let listener = media(DARK_QUERY).map(|m| {
                let target: web_sys::EventTarget = m.unchecked_into();
                EventListener::new(&target, "change", move |_| system.set(system_theme()))
            });
            move || drop(listener)
        });
    }
    let theme = chosen.unwrap_or(*system);
    use_effect_with(theme, |&theme| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-theme", theme.code());
        }
    });
    theme
}

/// The theme in effect (light outside a provider).
#[hook]
pub fn use_theme() -> Theme {
    use_context::<Theme>().unwrap_or_default()
}
