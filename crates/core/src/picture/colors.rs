//! Colours: one hue per group (the same in input, weights and outputs) and the
//! diverging colour map of the heatmaps. Pure, so it is tested natively.
//!
//! The group hues are Okabe & Ito's colour-blind-safe palette without its black
//! (black vanishes on the dark theme). Seven hues cycle; neighbouring groups never
//! share one, and every frame also carries the group number, so identity never
//! rests on colour alone.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, for CSS custom properties.
    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance in `[0, 1]`.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// WCAG contrast ratio between two colours (1 to 21).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }
}

/// Okabe–Ito, minus black: orange, sky blue, bluish green, vermillion, blue,
/// reddish purple, yellow. Ordered so that the first groups get the hues that
/// read best on both light and dark panels.
pub const GROUP_PALETTE: [Rgb; 7] = [
    Rgb(0xE6, 0x9F, 0x00),
    Rgb(0x56, 0xB4, 0xE9),
    Rgb(0x00, 0x9E, 0x73),
    Rgb(0xD5, 0x5E, 0x00),
    Rgb(0x00, 0x72, 0xB2),
    Rgb(0xCC, 0x79, 0xA7),
    Rgb(0xF0, 0xE4, 0x42),
];

/// The hue of group `g` (0-based), wherever the group appears.
pub fn group_color(g: usize) -> Rgb {
    GROUP_PALETTE[g % GROUP_PALETTE.len()]
}

/// WCAG AA for normal text: the picture's labels are small.
pub const TEXT_CONTRAST: f64 = 4.5;

/// A group hue as text on a panel: darkened (light theme) or lightened (dark
/// theme) until it reads as text (WCAG AA, 4.5:1), so yellow, sky-blue and
/// deep-blue labels stay legible on both.
pub fn label_color(c: Rgb, dark: bool) -> Rgb {
    let panel = if dark { DARK_PANEL } else { LIGHT_PANEL };
    let mut t = c;
    for _ in 0..40 {
        if t.contrast(panel) >= TEXT_CONTRAST {
            break;
        }
        let d = |v: u8| {
            if dark {
                (v as f64 + (255.0 - v as f64) * 0.12).round() as u8
            } else {
                (v as f64 * 0.88) as u8
            }
        };
        t = Rgb(d(t.0), d(t.1), d(t.2));
    }
    t
}

/// The page's colour theme: the picture's panel and ink follow it. The page
/// chooses it (`theme=light|dark`, the toggle, or the system's
/// `prefers-color-scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 2] = [Theme::Light, Theme::Dark];

    /// The `theme=` value and the `<html data-theme>` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_code(s: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.code() == s)
    }

    pub fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    pub fn is_dark(self) -> bool {
        self == Theme::Dark
    }

    /// The panel the picture is drawn on.
    pub fn panel(self) -> Rgb {
        if self.is_dark() {
            DARK_PANEL
        } else {
            LIGHT_PANEL
        }
    }
}

/// Light and dark panel backgrounds of `static/style.css`.
pub const LIGHT_PANEL: Rgb = Rgb(0xff, 0xff, 0xff);
pub const DARK_PANEL: Rgb = Rgb(0x1e, 0x21, 0x26);

/// Ends and middle of the heatmaps' map: dark for negative, light for positive,
/// mid grey for zero. Grey only, so that hue means one thing on the page, the
/// group (heatmaps in orange and blue read as groups 1 and 2), and lightness
/// reads the same to every eye. Zero is grey on both themes, apart from the
/// panel, so a computed zero never looks like a value not yet computed.
const NEGATIVE: Rgb = Rgb(0x14, 0x14, 0x14);
const POSITIVE: Rgb = Rgb(0xff, 0xff, 0xff);
const CENTRE_LIGHT: Rgb = Rgb(0x8c, 0x8c, 0x8c);
const CENTRE_DARK: Rgb = Rgb(0x8c, 0x8c, 0x8c);

/// The colour of `value` on a map symmetric around zero, saturating at `±scale`.
/// The centre follows the theme so zeros read as "nothing" on either panel.
pub fn diverging(value: f32, scale: f32, dark: bool) -> Rgb {
    let centre = if dark { CENTRE_DARK } else { CENTRE_LIGHT };
    if !value.is_finite() || scale <= 0.0 || !scale.is_finite() {
        return centre;
    }
    let t = (value / scale).clamp(-1.0, 1.0);
    let end = if t < 0.0 { NEGATIVE } else { POSITIVE };
    let t = t.abs();
    let mix = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t).round() as u8;
    Rgb(
        mix(centre.0, end.0),
        mix(centre.1, end.1),
        mix(centre.2, end.2),
    )
}

/// The largest finite magnitude of `values` (0 when there is none).
pub fn max_magnitude(values: &[f32]) -> f32 {
    values
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f32, |m, v| m.max(v.abs()))
}

/// The scale that maps values whose largest magnitude is `m` onto the full
/// colour range; 1 when `m` is 0, so nothing divides by zero.
pub fn scale_of(m: f32) -> f32 {
    if m > 0.0 {
        m
    } else {
        1.0
    }
}

/// RGBA bytes for a `canvas` `ImageData` of one plane, row-major.
pub fn plane_rgba(plane: &[f32], scale: f32, dark: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(plane.len() * 4);
    for &v in plane {
        let c = diverging(v, scale, dark);
        out.extend_from_slice(&[c.0, c.1, c.2, 255]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_keeps_its_hue_and_neighbours_differ() {
        assert_eq!(group_color(2), group_color(2 + GROUP_PALETTE.len()));
        for g in 0..64 {
            assert_ne!(
                group_color(g),
                group_color(g + 1),
                "groups {g} and {}",
                g + 1
            );
        }
        let mut seen = GROUP_PALETTE.to_vec();
        seen.dedup();
        assert_eq!(seen.len(), GROUP_PALETTE.len());
    }

    #[test]
    fn hues_show_on_light_and_dark_panels() {
        // Frames are thick strokes, not text: WCAG's 1.4.11 asks 3:1 for such
        // graphics; the yellow and sky blue are exempt on white only because the
        // group number is printed beside every frame. Each hue must at least be
        // clearly visible (≥ 1.3) on both panels and ≥ 3 on one of them.
        for c in GROUP_PALETTE {
            let (l, d) = (c.contrast(LIGHT_PANEL), c.contrast(DARK_PANEL));
            assert!(l >= 1.3 && d >= 1.3, "{} light {l:.2} dark {d:.2}", c.css());
            assert!(l.max(d) >= 3.0, "{}", c.css());
        }
    }

    #[test]
    fn diverging_map_is_symmetric_and_saturates() {
        assert_eq!(diverging(0.0, 2.0, false), CENTRE_LIGHT);
        assert_eq!(diverging(0.0, 2.0, true), CENTRE_DARK);
        assert_eq!(diverging(2.0, 2.0, false), POSITIVE);
        assert_eq!(diverging(5.0, 2.0, false), POSITIVE);
        assert_eq!(diverging(-2.0, 2.0, true), NEGATIVE);
        assert_eq!(diverging(f32::NAN, 2.0, false), CENTRE_LIGHT);
        assert_eq!(diverging(1.0, 0.0, false), CENTRE_LIGHT);
        let half = diverging(1.0, 2.0, false);
        assert!(half != CENTRE_LIGHT && half != POSITIVE);
    }

    #[test]
    fn labels_in_group_hues_read_on_both_panels() {
        for c in GROUP_PALETTE {
            let (l, d) = (label_color(c, false), label_color(c, true));
            assert!(l.contrast(LIGHT_PANEL) >= TEXT_CONTRAST, "{}", c.css());
            assert!(d.contrast(DARK_PANEL) >= TEXT_CONTRAST, "{}", c.css());
        }
        assert_eq!(
            label_color(Rgb(0, 0x72, 0xb2), false),
            Rgb(0, 0x72, 0xb2),
            "blue already reads"
        );
    }

    #[test]
    fn scale_and_rgba() {
        let scale = |v: &[f32]| scale_of(max_magnitude(v));
        assert_eq!(scale(&[0.5, -3.0, f32::INFINITY]), 3.0);
        assert_eq!(scale(&[0.0, 0.0]), 1.0);
        assert_eq!(scale(&[]), 1.0);
        let px = plane_rgba(&[-1.0, 0.0, 1.0], 1.0, false);
        assert_eq!(px.len(), 12);
        assert_eq!(&px[0..4], &[NEGATIVE.0, NEGATIVE.1, NEGATIVE.2, 255]);
        assert_eq!(&px[8..12], &[POSITIVE.0, POSITIVE.1, POSITIVE.2, 255]);
        assert_eq!(Rgb(0xe6, 0x9f, 0).css(), "#e69f00");
    }
}
