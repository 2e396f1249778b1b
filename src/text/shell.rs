//! The page's frame: header, language and theme switches, link notices, the
//! stale-setting note, the share dialog, and the words every area shares
//! (the names of the four kinds).

use conv_core::ConvKind;

use crate::state::lang::Lang;
use crate::state::stale::StaleSetting;
use crate::state::url::Notice;
use crate::state::view::Theme;

pub trait ShellText {
    /// In the plots' place until their module has loaded.
    fn plots_loading(&self) -> &'static str;
    /// In their place when their module could not be loaded.
    fn plots_unavailable(&self) -> &'static str;

    /// `lang` of this text, for `<html lang>` and the URL.
    fn lang(&self) -> Lang;
    /// The name of a kind in running text ("grouped" / "组卷积").
    fn kind_name(&self, kind: ConvKind) -> &'static str;
    /// The name of a kind as a heading or table row ("Grouped" / "组卷积").
    fn kind_title(&self, kind: ConvKind) -> &'static str;
    fn tagline(&self) -> &'static str;
    /// The document title.
    fn page_title(&self) -> &'static str;
    /// The language switch, labelled with the language it switches to, in that
    /// language ("中文", "English").
    fn lang_toggle(&self, to: Lang) -> &'static str;
    /// Its accessible name, in the current language.
    fn lang_toggle_label(&self) -> &'static str;
    /// The theme switch, labelled with the theme it switches to.
    fn theme_toggle(&self, to: Theme) -> &'static str;
    fn settings_region(&self) -> &'static str;
    fn results_region(&self) -> &'static str;
    /// A link's key that could not be used.
    fn notice(&self, n: &Notice) -> String;
    /// While the form is invalid: which setting the page still shows.
    fn stale_note(&self, s: &StaleSetting) -> String;
    /// The iframe title of this view.
    fn share_title(&self, kind: ConvKind, in_ch: usize, out_ch: usize, groups: usize) -> String;
    /// `controls=0`: the layer and its cost in one line, after the kind's name.
    fn cost_line(&self, layers: &str, macs: &str, percent: f64, params: &str) -> String;
    fn shuffle_switch(&self) -> &'static str;
    fn share_open(&self) -> &'static str;
    fn share_heading(&self) -> &'static str;
    fn share_link_label(&self) -> &'static str;
    fn copy(&self) -> &'static str;
    fn embed_snippet_label(&self) -> &'static str;
    fn qr_alt(&self) -> &'static str;
    fn qr_caption(&self) -> &'static str;
    fn close(&self) -> &'static str;
}
