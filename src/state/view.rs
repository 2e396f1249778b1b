//! How the page is laid out for its host: the full site, or an embed (`embed=1`)
//! with or without the form (`controls=0`) and with chosen sections
//! (`sections=picture,costs,plots`). Also the text an embedding page needs: the
//! iframe snippet and the height message. Pure, so it is tested natively.

/// A part of the page an embed can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Picture,
    Costs,
    Plots,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Picture, Section::Costs, Section::Plots];

    pub fn name(self) -> &'static str {
        match self {
            Section::Picture => "picture",
            Section::Costs => "costs",
            Section::Plots => "plots",
        }
    }
}

/// The colour theme (`None` in [`ViewOptions::theme`] follows the system's
/// `prefers-color-scheme`; `theme=light|dark` or the toggle picks one).
pub use groupwise_core::picture::Theme;

/// The page's layout options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewOptions {
    /// Compact: no site header or tagline.
    pub embed: bool,
    /// The settings form (an embed may hide it: `controls=0`).
    pub controls: bool,
    /// What shows, in page order.
    pub sections: Vec<Section>,
    /// The language a link or the toggle chose (`None`: the browser's).
    pub lang: Option<crate::state::lang::Lang>,
    /// The theme a link or the toggle chose (`None`: the system's).
    pub theme: Option<Theme>,
}

impl Default for ViewOptions {
    fn default() -> Self {
        ViewOptions {
            embed: false,
            controls: true,
            sections: Section::ALL.to_vec(),
            lang: None,
            theme: None,
        }
    }
}

impl ViewOptions {
    pub fn shows(&self, s: Section) -> bool {
        self.sections.contains(&s)
    }
}

/// Reads `sections=picture,costs`: any subset, each at most once, shown in page
/// order whatever order the link lists them in. `None` when a name is unknown.
pub fn parse_sections(v: &str) -> Option<Vec<Section>> {
    let names: Vec<&str> = v
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if names.is_empty()
        || names
            .iter()
            .any(|n| Section::ALL.iter().all(|s| s.name() != *n))
    {
        return None;
    }
    Some(
        Section::ALL
            .into_iter()
            .filter(|s| names.contains(&s.name()))
            .collect(),
    )
}

/// The URL value of `sections`, or `None` when every section shows (the default).
pub fn sections_value(s: &[Section]) -> Option<String> {
    (s != Section::ALL).then(|| s.iter().map(|s| s.name()).collect::<Vec<_>>().join(","))
}

/// The message the page posts to its parent frame when its height changes, in
/// the convention of Embedly, Flourish and Observable embeds. Written by hand
/// rather than with `serde_json::json!`: its `Value` and writer were 5.8 KB of
/// the page's gzipped wasm, for this one three-field object.
pub fn height_message(height: f64, href: &str) -> String {
    format!(
        r#"{{"context":"iframe.resize","height":{},"src":{}}}"#,
        height.ceil() as u64,
        json_string(href)
    )
}

/// `s` as a JSON string literal (RFC 8259, section 7): quotes, backslashes and
/// control characters escaped, everything else as it is.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str(r#"\""#),
            '\\' => out.push_str(r"\\"),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            '\t' => out.push_str(r"\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!(r"\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The link of an embed: the page's link with `embed=1` set.
pub fn embed_url(href: &str) -> String {
    let (base, hash) = href.split_once('#').map_or((href, ""), |(b, h)| (b, h));
    let (path, query) = base.split_once('?').unwrap_or((base, ""));
    let mut pairs: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("embed="))
        .collect();
    pairs.insert(0, "embed=1");
    let hash = if hash.is_empty() {
        String::new()
    } else {
        format!("#{hash}")
    };
    format!("{path}?{}{hash}", pairs.join("&"))
}

/// The one-line iframe a teacher pastes into a page: the current view with
/// `embed=1`, full width, a height that shows the picture, lazy-loaded.
pub fn embed_snippet(href: &str, title: &str, height: u32) -> String {
    format!(
        "<iframe src=\"{}\" width=\"100%\" height=\"{height}\" style=\"border:0\" loading=\"lazy\" title=\"{}\"></iframe>",
        attr(&embed_url(href)),
        attr(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_parse_in_page_order_and_reject_unknown_names() {
        assert_eq!(
            parse_sections("plots,picture"),
            Some(vec![Section::Picture, Section::Plots])
        );
        assert_eq!(parse_sections("costs"), Some(vec![Section::Costs]));
        assert_eq!(parse_sections("picture,chart"), None);
        assert_eq!(parse_sections(""), None);
        assert_eq!(sections_value(&Section::ALL), None);
        assert_eq!(
            sections_value(&[Section::Picture, Section::Costs]).as_deref(),
            Some("picture,costs")
        );
    }

    #[test]
    fn the_height_message_is_the_embedly_convention() {
        assert_eq!(
            height_message(812.2, "https://h.example/g/?groups=4"),
            r#"{"context":"iframe.resize","height":813,"src":"https://h.example/g/?groups=4"}"#
        );
    }

    /// Whatever the link holds, the message reads back as JSON with that link
    /// (checked by `serde_json`'s reader, a dev-dependency).
    #[test]
    fn the_height_message_escapes_the_link() {
        let href = "https://h.example/g/?t=a\"b\\c\n\r\t\u{1}\u{1f}\u{4e2d}";
        let v: serde_json::Value = serde_json::from_str(&height_message(1.0, href)).unwrap();
        assert_eq!(v["src"], href);
        assert_eq!(v["height"], 1);
        assert_eq!(v["context"], "iframe.resize");
    }

    #[test]
    fn the_snippet_carries_the_state_and_embed_1() {
        let s = embed_snippet(
            "https://h.example/g/?mode=grouped&groups=4&embed=0#x",
            "Groupwise: \"g\"",
            760,
        );
        assert_eq!(
            s,
            "<iframe src=\"https://h.example/g/?embed=1&amp;mode=grouped&amp;groups=4#x\" width=\"100%\" \
             height=\"760\" style=\"border:0\" loading=\"lazy\" title=\"Groupwise: &quot;g&quot;\"></iframe>"
        );
        assert_eq!(embed_url("http://a/b"), "http://a/b?embed=1");
    }
}
