use conv_core::ConvKind;

use super::En;
use crate::state::lang::Lang;
use crate::state::stale::StaleSetting;
use crate::state::url::Notice;
use crate::state::view::Theme;
use crate::text::shell::ShellText;

impl ShellText for En {
    fn plots_loading(&self) -> &'static str {
        "Loading the cost plots…"
    }
    fn plots_unavailable(&self) -> &'static str {
        "The cost plots could not be loaded (plots.js or plots_bg.wasm is missing beside the page)."
    }

    fn lang(&self) -> Lang {
        Lang::En
    }
    fn kind_name(&self, kind: ConvKind) -> &'static str {
        kind.name()
    }
    fn kind_title(&self, kind: ConvKind) -> &'static str {
        match kind {
            ConvKind::Standard => "Standard",
            ConvKind::Grouped => "Grouped",
            ConvKind::Depthwise => "Depthwise",
            ConvKind::Separable => "Separable",
        }
    }
    fn tagline(&self) -> &'static str {
        "Grouped, depthwise and depthwise-separable convolution, computed for real."
    }
    fn page_title(&self) -> &'static str {
        "Groupwise — grouped, depthwise and separable convolution"
    }
    fn lang_toggle(&self, to: Lang) -> &'static str {
        match to {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }
    fn lang_toggle_label(&self) -> &'static str {
        "Language: switch to Chinese"
    }
    fn theme_toggle(&self, to: Theme) -> &'static str {
        match to {
            Theme::Light => "Light theme",
            Theme::Dark => "Dark theme",
        }
    }
    fn settings_region(&self) -> &'static str {
        "Settings"
    }
    fn results_region(&self) -> &'static str {
        "Results"
    }
    fn notice(&self, n: &Notice) -> String {
        match &n.default {
            Some(d) => format!(
                "The link's {k}={v} is not valid; using the default {k}={d}.",
                k = n.key,
                v = n.value
            ),
            None => format!(
                "The link's {}={} is not a setting of this page; it was ignored.",
                n.key, n.value
            ),
        }
    }
    fn stale_note(&self, s: &StaleSetting) -> String {
        format!(
            "Showing the last valid setting: {}, {}, input {}×{}. Fix the highlighted field to update.",
            self.kind_name(s.kind),
            s.params.join(", "),
            s.input[0],
            s.input[1]
        )
    }
    fn share_title(&self, kind: ConvKind, in_ch: usize, out_ch: usize, groups: usize) -> String {
        format!(
            "Groupwise: {} convolution, {in_ch}→{out_ch}, groups {groups}",
            self.kind_name(kind)
        )
    }
    fn cost_line(&self, layers: &str, macs: &str, percent: f64, params: &str) -> String {
        format!(" {layers} · {macs} MACs ({percent:.1}% of standard) · {params} params")
    }
    fn shuffle_switch(&self) -> &'static str {
        "then shuffle channels (ShuffleNet)"
    }
    fn share_open(&self) -> &'static str {
        "Share"
    }
    fn share_heading(&self) -> &'static str {
        "Share this view"
    }
    fn share_link_label(&self) -> &'static str {
        "Link to this exact setting"
    }
    fn copy(&self) -> &'static str {
        "Copy"
    }
    fn embed_snippet_label(&self) -> &'static str {
        "Embed in a teaching page (one line of HTML)"
    }
    fn qr_alt(&self) -> &'static str {
        "QR code of the link, for a projector"
    }
    fn qr_caption(&self) -> &'static str {
        "Scan to open this view on a phone."
    }
    fn close(&self) -> &'static str {
        "Close"
    }
}
