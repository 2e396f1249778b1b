//! Colours, sizes and the font shared by every chart. Every hue comes from the
//! page's one palette, Okabe–Ito ([`groupwise_core::picture::colors::GROUP_PALETTE`], which
//! also colours the groups), one per kind of convolution and the same in every
//! chart, so the charts and the animation read as one picture; text uses the
//! page's ink colour of the theme in effect. Yellow is left out for marks: too
//! little contrast on white. Every mark has at least 3:1 against the panel in
//! both themes, and text inside a bar takes whichever of ink or white reads
//! better on it (WCAG AA, 4.5:1).

use conv_core::presets::LayerKind;
use conv_core::ConvKind;
use plotters::style::{FontFamily, IntoFont, RGBColor, TextStyle, WHITE};

use groupwise_core::picture::colors::{Rgb, GROUP_PALETTE};

const fn okabe_ito(i: usize) -> RGBColor {
    let c = GROUP_PALETTE[i];
    RGBColor(c.0, c.1, c.2)
}

pub const STANDARD: RGBColor = okabe_ito(4); // blue
pub const GROUPED: RGBColor = okabe_ito(0); // orange
pub const DEPTHWISE: RGBColor = okabe_ito(2); // bluish green
pub const POINTWISE: RGBColor = okabe_ito(1); // sky blue
pub const FULLY_CONNECTED: RGBColor = okabe_ito(5); // reddish purple
/// Closed-form curves and theory lines.
pub const THEORY: RGBColor = okabe_ito(3); // vermillion
/// Measured time, beside the FLOPs it took (a neutral grey with 4.5:1 on white).
pub const MEASURED: RGBColor = RGBColor(0x6b, 0x6b, 0x6b);
/// The same on the dark panel (4.8:1 on #1e2126).
pub const MEASURED_DARK: RGBColor = RGBColor(0x8a, 0x8f, 0x98);
/// Zero-cost markers (channel shuffle, max pool).
pub const MARKER: RGBColor = RGBColor(0x80, 0x80, 0x80);

/// The page's font stack (style.css), so Chinese labels find a CJK face.
/// Single quotes: the SVG backend writes the family inside a double-quoted attribute.
pub const FONT: &str = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif";

/// Near-black or white, whichever reads better on `fill`.
pub fn ink_on(fill: RGBColor) -> RGBColor {
    let dark = RGBColor(0x1d, 0x1f, 0x23);
    if contrast(dark, fill) >= contrast(WHITE, fill) {
        dark
    } else {
        WHITE
    }
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    Rgb(a.0, a.1, a.2).contrast(Rgb(b.0, b.1, b.2))
}

/// The colour of a kind; separable's own colour is its pointwise part's (its
/// bars are drawn as depthwise + pointwise).
pub fn kind_color(kind: ConvKind) -> RGBColor {
    match kind {
        ConvKind::Standard => STANDARD,
        ConvKind::Grouped => GROUPED,
        ConvKind::Depthwise => DEPTHWISE,
        ConvKind::Separable => POINTWISE,
    }
}

/// The colour of a preset layer's kind.
pub fn layer_color(kind: LayerKind) -> RGBColor {
    match kind {
        LayerKind::Standard => STANDARD,
        LayerKind::Grouped => GROUPED,
        LayerKind::Depthwise => DEPTHWISE,
        LayerKind::Pointwise => POINTWISE,
        LayerKind::FullyConnected => FULLY_CONNECTED,
        LayerKind::ChannelShuffle { .. }
        | LayerKind::MaxPool
        | LayerKind::ChannelSplit
        | LayerKind::Concat => MARKER,
    }
}

/// How to draw: device-pixel scale (devicePixelRatio on a canvas, 1 in tests)
/// and the page theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub scale: f64,
    pub dark: bool,
}

impl Default for Look {
    fn default() -> Self {
        Look {
            scale: 1.0,
            dark: false,
        }
    }
}

impl Look {
    /// `css` CSS pixels in device pixels.
    pub fn px(&self, css: f64) -> u32 {
        (css * self.scale).round().max(1.0) as u32
    }

    /// Panel background (matches `--panel` in style.css).
    pub fn background(&self) -> RGBColor {
        if self.dark {
            RGBColor(0x1e, 0x21, 0x26)
        } else {
            RGBColor(0xff, 0xff, 0xff)
        }
    }

    /// Text (matches `--ink`).
    pub fn ink(&self) -> RGBColor {
        if self.dark {
            RGBColor(0xe8, 0xea, 0xed)
        } else {
            RGBColor(0x1d, 0x1f, 0x23)
        }
    }

    /// Secondary text and axes (matches `--muted`).
    pub fn muted(&self) -> RGBColor {
        if self.dark {
            RGBColor(0xa3, 0xa9, 0xb3)
        } else {
            RGBColor(0x5b, 0x61, 0x6b)
        }
    }

    /// Grid lines (matches `--line`).
    pub fn grid(&self) -> RGBColor {
        if self.dark {
            RGBColor(0x35, 0x3a, 0x42)
        } else {
            RGBColor(0xe6, 0xe8, 0xeb)
        }
    }

    /// Measured time's bars.
    pub fn measured(&self) -> RGBColor {
        if self.dark {
            MEASURED_DARK
        } else {
            MEASURED
        }
    }

    /// The page's font of `css` CSS pixels in the ink colour.
    pub fn font(&self, css: f64) -> TextStyle<'static> {
        self.font_in(css, self.ink())
    }

    /// Like [`Look::font`], in the muted colour.
    pub fn muted_font(&self, css: f64) -> TextStyle<'static> {
        self.font_in(css, self.muted())
    }

    /// Text drawn inside a bar of colour `fill`.
    pub fn font_on(&self, css: f64, fill: RGBColor) -> TextStyle<'static> {
        self.font_in(css, ink_on(fill))
    }

    /// A bar's outline: on the light panel the light hues (orange, sky blue)
    /// have under 3:1, so their edge is the hue darkened until it has; on the
    /// dark panel every hue has, and the edge is the fill.
    pub fn edge(&self, fill: RGBColor) -> RGBColor {
        let mut c = fill;
        while !self.dark && contrast(c, self.background()) < 3.0 {
            let d = |v: u8| (v as f64 * 0.88) as u8;
            c = RGBColor(d(c.0), d(c.1), d(c.2));
        }
        c
    }

    fn font_in(&self, css: f64, color: RGBColor) -> TextStyle<'static> {
        (FontFamily::Name(FONT), css * self.scale)
            .into_font()
            .color(&color)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Marks need 3:1 against the panel (WCAG 1.4.11), text 4.5:1 (1.4.3).
    #[test]
    fn contrast_in_both_themes() {
        for dark in [false, true] {
            let look = Look { scale: 1.0, dark };
            let bg = look.background();
            for c in [STANDARD, GROUPED, DEPTHWISE, POINTWISE, FULLY_CONNECTED] {
                let e = look.edge(c);
                assert!(
                    contrast(e, bg) >= 3.0,
                    "{c:?} on {bg:?}: {}",
                    contrast(e, bg)
                );
            }
            for c in [look.edge(THEORY), look.measured()] {
                assert!(contrast(c, bg) >= 3.0, "{c:?} on {bg:?}");
            }
            assert!(contrast(look.ink(), bg) >= 4.5);
            assert!(contrast(look.muted(), bg) >= 4.5);
        }
        for fill in [STANDARD, GROUPED, DEPTHWISE, POINTWISE, FULLY_CONNECTED] {
            assert!(contrast(ink_on(fill), fill) >= 4.5, "text on {fill:?}");
        }
    }
}
