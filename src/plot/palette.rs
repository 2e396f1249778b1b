//! Colours and sizes shared by every chart. Every hue comes from the page's one
//! palette, Okabe–Ito ([`crate::state::colors::GROUP_PALETTE`], which also colours
//! the groups), one per kind of convolution and the same in every chart, so the
//! charts and the animation read as one picture; text uses the page's ink colour.
//! Yellow is left out for marks: too little contrast on white.

use conv_core::presets::LayerKind;
use conv_core::ConvKind;
use plotters::style::{FontFamily, IntoFont, RGBColor, TextStyle};

use crate::state::colors::GROUP_PALETTE;

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
/// Zero-cost markers (channel shuffle, max pool).
pub const MARKER: RGBColor = RGBColor(0x9a, 0x9a, 0x9a);

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
        LayerKind::ChannelShuffle { .. } | LayerKind::MaxPool => MARKER,
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

    /// A sans-serif font of `css` CSS pixels in the ink colour.
    pub fn font(&self, css: f64) -> TextStyle<'static> {
        (FontFamily::SansSerif, css * self.scale)
            .into_font()
            .color(&self.ink())
    }

    /// Like [`Look::font`], in the muted colour.
    pub fn muted_font(&self, css: f64) -> TextStyle<'static> {
        (FontFamily::SansSerif, css * self.scale)
            .into_font()
            .color(&self.muted())
    }
}
