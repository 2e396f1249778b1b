//! An image (the built-in sample or the user's own) turned into an input tensor.
//!
//! - **Resizing.** The RGBA pixels are resized to the layer's `h x w` with a
//!   separable triangle (bilinear) filter whose support widens by the shrink
//!   factor when shrinking, as PIL's `BILINEAR` resize does, so small inputs
//!   are averaged rather than aliased. Pixel centres are aligned
//!   (`align_corners=False`). Only f32 adds and multiplies are used, so native and
//!   wasm give the same numbers.
//! - **Decoding** ([`decode_url`]) happens in the browser: an `<img>` draws into a
//!   canvas and `getImageData` reads the pixels; nothing is uploaded.
//! - **Alpha** is composited over white, so a transparent background reads as paper.
//! - **Channels.** Colour and grey channels are in `[0, 1]`; edge channels are in
//!   `[-1, 1]` (centred at 0). C_in = 1 is grey; C_in = 2 is R, G; C_in ≥ 3 starts
//!   with R, G, B, and every further channel is a different filter of the image
//!   (see [`FEATURES`]), so each one looks different and says what it is.

use conv_core::{Nchw, Tensor};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlCanvasElement, HtmlImageElement};

use super::error::{ImageError, JobError};
use super::job::ImagePixels;

/// Channels 3.. of an image input, in order. After these, channel `3 + k` for
/// `k ≥ FEATURES.len()` is the grey image's edges along the angle
/// `(k + 1 - FEATURES.len()) · 137.5°` (the golden angle), so no two channels
/// repeat and none equals Sobel x or y.
pub const FEATURES: [&str; 8] = [
    "grey",
    "Sobel x of grey",
    "Sobel y of grey",
    "Laplacian of grey",
    "blurred red",
    "blurred green",
    "blurred blue",
    "inverted grey",
];

/// What input channel `c` of an image input shows, for `c_in` channels in all.
pub fn channel_name(c: usize, c_in: usize) -> String {
    match (c_in, c) {
        (1, _) => "grey".into(),
        (_, 0) => "red".into(),
        (_, 1) => "green".into(),
        (_, 2) => "blue".into(),
        _ => {
            let k = c - 3;
            match FEATURES.get(k) {
                Some(name) => (*name).into(),
                None => format!("edges at {:.0}°", edge_angle(k).to_degrees()),
            }
        }
    }
}

fn edge_angle(k: usize) -> f32 {
    const GOLDEN: f64 = 2.399_963_229_728_653; // radians
    (((k + 1 - FEATURES.len()) as f64 * GOLDEN) % std::f64::consts::TAU) as f32
}

/// A single-channel `h x w` image.
struct Plane {
    w: usize,
    h: usize,
    data: Vec<f32>,
}

impl Plane {
    fn map(&self, f: impl Fn(f32) -> f32) -> Plane {
        Plane {
            w: self.w,
            h: self.h,
            data: self.data.iter().map(|&v| f(v)).collect(),
        }
    }

    /// Correlates with a square kernel, clamping at the borders (no false edges there).
    fn filter(&self, k: &[f32], size: usize, scale: f32) -> Plane {
        let r = (size / 2) as isize;
        let (w, h) = (self.w as isize, self.h as isize);
        let mut data = Vec::with_capacity(self.data.len());
        for y in 0..h {
            for x in 0..w {
                let mut acc = 0.0f32;
                for dy in 0..size as isize {
                    let sy = (y + dy - r).clamp(0, h - 1);
                    for dx in 0..size as isize {
                        let sx = (x + dx - r).clamp(0, w - 1);
                        acc += k[(dy * size as isize + dx) as usize]
                            * self.data[(sy * w + sx) as usize];
                    }
                }
                data.push(acc * scale);
            }
        }
        Plane {
            w: self.w,
            h: self.h,
            data,
        }
    }

    fn blur(&self) -> Plane {
        self.filter(&[1.0; 25], 5, 1.0 / 25.0)
    }
}

const SOBEL_X: [f32; 9] = [-1.0, 0.0, 1.0, -2.0, 0.0, 2.0, -1.0, 0.0, 1.0];
const SOBEL_Y: [f32; 9] = [-1.0, -2.0, -1.0, 0.0, 0.0, 0.0, 1.0, 2.0, 1.0];
const LAPLACIAN: [f32; 9] = [0.0, 1.0, 0.0, 1.0, -4.0, 1.0, 0.0, 1.0, 0.0];

/// For each output index, the first source index and the normalised weights.
fn resample_weights(src: usize, dst: usize) -> Vec<(usize, Vec<f32>)> {
    let scale = src as f64 / dst as f64;
    let support = scale.max(1.0);
    (0..dst)
        .map(|i| {
            let centre = (i as f64 + 0.5) * scale;
            let lo = ((centre - support).floor().max(0.0)) as usize;
            let hi = ((centre + support).ceil() as usize).min(src);
            let mut ws: Vec<f32> = (lo..hi)
                .map(|j| (1.0 - ((j as f64 + 0.5 - centre) / support).abs()).max(0.0) as f32)
                .collect();
            let total: f32 = ws.iter().sum();
            if total > 0.0 {
                ws.iter_mut().for_each(|v| *v /= total);
            } else {
                // Cannot happen for src ≥ 1 (the nearest pixel has weight > 0); be safe.
                ws = vec![1.0 / ws.len().max(1) as f32; ws.len()];
            }
            (lo, ws)
        })
        .collect()
}

/// Resizes one channel of the RGB image (given as planes at source size).
fn resize(src: &Plane, w: usize, h: usize) -> Plane {
    let wx = resample_weights(src.w, w);
    let wy = resample_weights(src.h, h);
    let mut rows = vec![0.0f32; src.h * w];
    for y in 0..src.h {
        let line = &src.data[y * src.w..(y + 1) * src.w];
        for (x, (lo, ws)) in wx.iter().enumerate() {
            rows[y * w + x] = ws.iter().zip(&line[*lo..]).map(|(a, b)| a * b).sum();
        }
    }
    let mut data = vec![0.0f32; h * w];
    for (y, (lo, ws)) in wy.iter().enumerate() {
        for (k, wgt) in ws.iter().enumerate() {
            let row = &rows[(lo + k) * w..(lo + k + 1) * w];
            for (d, s) in data[y * w..(y + 1) * w].iter_mut().zip(row) {
                *d += wgt * s;
            }
        }
    }
    Plane { w, h, data }
}

/// The image as an input tensor of `shape` (each batch item gets the same image).
pub fn image_input(img: &ImagePixels, shape: Nchw) -> Result<Tensor, JobError> {
    let (iw, ih) = (img.width as usize, img.height as usize);
    if iw == 0 || ih == 0 {
        return Err(ImageError::Empty { w: iw, h: ih }.into());
    }
    let expected = iw * ih * 4;
    if img.rgba.len() != expected {
        return Err(ImageError::DataLength {
            got: img.rgba.len(),
            expected,
        }
        .into());
    }
    // Straight (not premultiplied) RGBA over white.
    let channel = |k: usize| Plane {
        w: iw,
        h: ih,
        data: img
            .rgba
            .chunks_exact(4)
            .map(|p| {
                let a = p[3] as f32 / 255.0;
                (p[k] as f32 / 255.0) * a + (1.0 - a)
            })
            .collect(),
    };
    let (w, h) = (shape.w, shape.h);
    let rgb: Vec<Plane> = (0..3).map(|k| resize(&channel(k), w, h)).collect();
    let grey = Plane {
        w,
        h,
        data: (0..w * h)
            .map(|i| 0.299 * rgb[0].data[i] + 0.587 * rgb[1].data[i] + 0.114 * rgb[2].data[i])
            .collect(),
    };
    // Gradients are shared by Sobel channels and the oriented-edge channels.
    let needs_gradients = shape.c > 4;
    let (gx, gy) = if needs_gradients {
        (
            grey.filter(&SOBEL_X, 3, 0.25),
            grey.filter(&SOBEL_Y, 3, 0.25),
        )
    } else {
        (grey.map(|_| 0.0), grey.map(|_| 0.0))
    };
    let plane = |c: usize| -> Plane {
        match (shape.c, c) {
            (1, _) => grey.map(|v| v),
            (_, 0..=2) => rgb[c].map(|v| v),
            _ => match c - 3 {
                0 => grey.map(|v| v),
                1 => gx.map(|v| v),
                2 => gy.map(|v| v),
                3 => grey.filter(&LAPLACIAN, 3, 0.25),
                k @ 4..=6 => rgb[k - 4].blur(),
                7 => grey.map(|v| 1.0 - v),
                k => {
                    let (s, co) = edge_angle(k).sin_cos();
                    Plane {
                        w,
                        h,
                        data: gx
                            .data
                            .iter()
                            .zip(&gy.data)
                            .map(|(x, y)| co * x + s * y)
                            .collect(),
                    }
                }
            },
        }
    };
    let mut data = Vec::with_capacity(shape.checked_len().unwrap_or(0));
    let item: Vec<f32> = (0..shape.c).flat_map(|c| plane(c).data).collect();
    for _ in 0..shape.n {
        data.extend_from_slice(&item);
    }
    Ok(Tensor::new(shape, data)?)
}

// ---- Decoding in the browser: an <img> draws into a canvas, getImageData reads the pixels. ----

/// The sample image trunk copies next to `index.html`. Relative, so the page
/// also works from a sub-path.
pub const SAMPLE_URL: &str = "sample.png";

/// Larger images are scaled down to this many pixels on their longer side when
/// decoded: the layer input is at most a few hundred pixels wide, and a 12 MP
/// photo would otherwise cost 48 MB per job message.
pub const MAX_SIDE: u32 = 1024;

/// Decodes the image at `url` (same origin, `blob:` or `data:`) into RGBA pixels.
pub async fn decode_url(url: &str) -> Result<ImagePixels, ImageError> {
    let failed = |_| ImageError::Unsupported;
    let img = HtmlImageElement::new().map_err(failed)?;
    img.set_src(url);
    JsFuture::from(img.decode())
        .await
        .map_err(|_| ImageError::NotDecodable)?;
    let (w, h) = (img.natural_width(), img.natural_height());
    if w == 0 || h == 0 {
        return Err(ImageError::Empty {
            w: w as usize,
            h: h as usize,
        });
    }
    let scale = (MAX_SIDE as f64 / w.max(h) as f64).min(1.0);
    let (w, h) = (
        ((w as f64 * scale).round() as u32).max(1),
        ((h as f64 * scale).round() as u32).max(1),
    );
    let document = web_sys::window().and_then(|w| w.document());
    let canvas: HtmlCanvasElement = document
        .ok_or(ImageError::Unsupported)?
        .create_element("canvas")
        .map_err(failed)?
        .unchecked_into();
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or(ImageError::Unsupported)?
        .unchecked_into();
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, w as f64, h as f64)
        .map_err(failed)?;
    let data = ctx
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .map_err(failed)?;
    Ok(ImagePixels {
        width: w,
        height: h,
        rgba: data.data().0,
    })
}

/// Decodes the built-in sample image.
pub async fn load_sample() -> Result<ImagePixels, ImageError> {
    decode_url(SAMPLE_URL).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(w: u32, h: u32, rgba: [u8; 4]) -> ImagePixels {
        ImagePixels {
            width: w,
            height: h,
            rgba: rgba.repeat((w * h) as usize),
        }
    }

    #[test]
    fn resizing_a_solid_image_keeps_its_colour() {
        let img = solid(7, 5, [255, 0, 51, 255]);
        for (h, w) in [(3, 2), (5, 7), (16, 20)] {
            let t = image_input(&img, Nchw::new(1, 3, h, w)).unwrap();
            for (c, want) in [(0, 1.0), (1, 0.0), (2, 0.2)] {
                assert!(t.plane(0, c).iter().all(|v| (v - want).abs() < 1e-6));
            }
        }
    }

    #[test]
    fn transparent_is_white_and_one_channel_is_grey() {
        let t = image_input(&solid(2, 2, [0, 0, 0, 0]), Nchw::new(1, 1, 2, 2)).unwrap();
        assert!(t.data.iter().all(|v| (v - 1.0).abs() < 1e-6));
    }

    /// Red and blue ramps (left to right, top to bottom), green a parabola.
    #[test]
    fn extra_channels_are_filters_of_the_image() {
        let mut rgba = Vec::new();
        for y in 0..8u8 {
            for x in 0..8u8 {
                rgba.extend([x * 30, x * x * 3, y * 20, 255]);
            }
        }
        let img = ImagePixels {
            width: 8,
            height: 8,
            rgba,
        };
        let t = image_input(&img, Nchw::new(2, 16, 8, 8)).unwrap();
        assert_eq!(t.shape, Nchw::new(2, 16, 8, 8));
        assert!(t.plane(0, 4)[3 * 8 + 4] > 0.05); // Sobel x: grey grows to the right
        assert!(t.plane(0, 5)[3 * 8 + 4] > 0.0); // Sobel y: and downwards
        assert_eq!(t.plane(0, 7), t.plane(1, 7)); // batch items repeat
                                                  // every channel differs from every other
        for a in 0..16 {
            for b in a + 1..16 {
                assert_ne!(t.plane(0, a), t.plane(0, b), "channels {a} and {b}");
            }
        }
        assert_eq!(channel_name(4, 16), "Sobel x of grey");
        assert_eq!(channel_name(11, 16), "edges at 138°");
    }

    #[test]
    fn bad_image_data_is_an_error() {
        let img = ImagePixels {
            width: 3,
            height: 3,
            rgba: vec![0; 10],
        };
        assert_eq!(
            image_input(&img, Nchw::new(1, 3, 4, 4)).unwrap_err(),
            JobError::Image(ImageError::DataLength {
                got: 10,
                expected: 36
            })
        );
    }
}
