//! Colours and sizes shared by every chart. The hues are Tableau 10, one per kind
//! of convolution, the same in every chart; text uses the page's ink colour.
//! Yellow and grey are left out for marks: too little contrast on white.

use conv_core::presets::LayerKind;
use conv_core::ConvKind;
use plotters::style::{FontFamily, IntoFont, RGBColor, TextStyle};

/// Tableau 10, in its published order.
pub const TABLEAU10: [RGBColor; 10] = [
    RGBColor(0x4e, 0x79, 0xa7), // blue
    RGBColor(0xf2, 0x8e, 0x2b), // orange
    RGBColor(0xe1, 0x57, 0x59), // red
    RGBColor(0x76, 0xb7, 0xb2), // teal
    RGBColor(0x59, 0xa1, 0x4f), // green
    RGBColor(0xed, 0xc9, 0x48), // yellow
    RGBColor(0xb0, 0x7a, 0xa1), // purple
    RGBColor(0xff, 0x9d, 0xa7), // pink
    RGBColor(0x9c, 0x75, 0x5f), // brown
    RGBColor(0xba, 0xb0, 0xac), // grey
];

pub const STANDARD: RGBColor = TABLEAU10[0];
pub const GROUPED: RGBColor = TABLEAU10[1];
pub const DEPTHWISE: RGBColor = TABLEAU10[4];
pub const POINTWISE: RGBColor = TABLEAU10[3];
pub const FULLY_CONNECTED: RGBColor = TABLEAU10[6];
/// Closed-form curves and theory lines.
pub const THEORY: RGBColor = TABLEAU10[2];
/// Measured time, beside the FLOPs it took.
pub const MEASURED: RGBColor = TABLEAU10[8];

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
        LayerKind::ChannelShuffle { .. } | LayerKind::MaxPool => TABLEAU10[9],
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
