//! Export: the cost and preset tables as CSV (built as plain text, unit-tested),
//! and downloads of that text or of a chart's PNG from the page.

use conv_core::presets::Network;
use conv_core::{Comparison, ConvKind};

/// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn row(fields: &[String]) -> String {
    let mut line = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// The four kinds, one row per layer (separable has two), with exact costs.
pub fn cost_csv(c: &Comparison) -> String {
    let mut out = row(&[
        "kind",
        "stage",
        "in_channels",
        "out_channels",
        "kernel",
        "stride",
        "groups",
        "bias",
        "input",
        "output",
        "macs",
        "flops",
        "params",
        "bytes",
        "intensity_flop_per_byte",
    ]
    .map(String::from));
    for kind in ConvKind::ALL {
        for (i, s) in c.get(kind).stages.iter().enumerate() {
            let l = &s.layer;
            let stage = match (kind, i) {
                (ConvKind::Separable, 0) => "depthwise",
                (ConvKind::Separable, _) => "pointwise",
                _ => kind.name(),
            };
            out.push_str(&row(&[
                kind.name().into(),
                stage.into(),
                l.in_channels.to_string(),
                l.out_channels.to_string(),
                format!("{}x{}", l.kernel[0], l.kernel[1]),
                format!("{}x{}", l.stride[0], l.stride[1]),
                l.groups.to_string(),
                l.bias.to_string(),
                shape(s.geometry.input),
                shape(s.geometry.output),
                s.cost.macs.to_string(),
                s.cost.flops.to_string(),
                s.cost.params.to_string(),
                s.cost.bytes.to_string(),
                format!("{:.4}", s.cost.intensity()),
            ]));
        }
    }
    out
}

fn shape(s: conv_core::Nchw) -> String {
    format!("{}x{}x{}x{}", s.n, s.c, s.h, s.w)
}

/// A preset, one row per layer, then its total.
pub fn preset_csv(net: &Network) -> String {
    let mut out = row(&[
        "index", "name", "kind", "input", "output", "macs", "flops", "params", "bytes",
    ]
    .map(String::from));
    for (i, l) in net.layers.iter().enumerate() {
        out.push_str(&row(&[
            (i + 1).to_string(),
            l.name.clone(),
            l.kind.name().into(),
            shape(l.input),
            shape(l.output),
            l.cost.macs.to_string(),
            l.cost.flops.to_string(),
            l.cost.params.to_string(),
            l.cost.bytes.to_string(),
        ]));
    }
    let t = net.total();
    out.push_str(&row(&[
        String::new(),
        format!("total: {}", net.description),
        String::new(),
        String::new(),
        String::new(),
        t.macs.to_string(),
        t.flops.to_string(),
        t.params.to_string(),
        t.bytes.to_string(),
    ]));
    out
}

/// A file name from a description: `"1.0 MobileNet-224"` → `"1.0-mobilenet-224"`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() || ch == '.' {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Clicks a temporary link to `href` named `filename`.
pub fn download(href: &str, filename: &str) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let document = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(href);
    a.set_download(filename);
    a.set_hidden(true);
    let body = gloo::utils::body();
    body.append_child(&a)?;
    a.click();
    body.remove_child(&a)?;
    Ok(())
}

/// Downloads `text` as a file, through a `Blob` and an object URL.
pub fn download_text(filename: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let blob = web_sys::Blob::new_with_str_sequence(&parts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let r = download(&url, filename);
    web_sys::Url::revoke_object_url(&url)?;
    r
}

/// Downloads a canvas as PNG (its backing store, so HiDPI charts stay sharp).
pub fn download_png(
    canvas: &web_sys::HtmlCanvasElement,
    filename: &str,
) -> Result<(), wasm_bindgen::JsValue> {
    let url = canvas.to_data_url()?;
    download(&url, filename)
}

/// Width of the exported picture's layout, in CSS pixels: the laptop layout,
/// whatever the screen that asks for it.
pub const EXPORT_WIDTH: f64 = 1200.0;

/// RGBA pixels as a PNG `data:` URL, through a scratch canvas (the browser's encoder).
pub fn png_data_url(w: usize, h: usize, rgba: &[u8]) -> Option<String> {
    use wasm_bindgen::JsCast;
    let canvas: web_sys::HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let data = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
        wasm_bindgen::Clamped(rgba),
        w as u32,
        h as u32,
    )
    .ok()?;
    ctx.put_image_data(&data, 0.0, 0.0).ok()?;
    canvas.to_data_url().ok()
}

/// The scene drawn on a fresh canvas at `scale` device pixels per CSS pixel,
/// background included, as a PNG `data:` URL.
pub fn scene_png(
    scene: &crate::state::scene::Scene,
    planes: &dyn crate::render::Planes,
    theme: crate::render::Theme,
    lang: crate::text::Lang,
    scale: f64,
) -> Result<String, wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let canvas: web_sys::HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")?
        .dyn_into()?;
    canvas.set_width((scene.width * scale).round() as u32);
    canvas.set_height((scene.height * scale).round() as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or("no 2-D canvas")?
        .dyn_into()?;
    ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)?;
    let mut painter = crate::render::canvas::CanvasPainter::new(ctx);
    let mut r = crate::render::Renderer::new(theme, lang);
    r.draw(&mut painter, scene, planes, true);
    canvas.to_data_url()
}

/// The scene as a standalone SVG document in `lang`, `title` its text alternative.
pub fn scene_svg(
    scene: &crate::state::scene::Scene,
    planes: &dyn crate::render::Planes,
    theme: crate::render::Theme,
    lang: crate::text::Lang,
    title: &str,
) -> String {
    let mut painter = crate::render::svg::SvgPainter::new(Box::new(png_data_url));
    let mut r = crate::render::Renderer::new(theme, lang);
    r.draw(&mut painter, scene, planes, true);
    painter.finish(scene.width, scene.height, title, lang)
}

/// Bytes as an object URL of the given type (revoked by the caller when done).
pub fn blob_url(bytes: &[u8], mime: &str) -> Result<String, wasm_bindgen::JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)?;
    web_sys::Url::create_object_url_with_blob(&blob)
}

#[cfg(test)]
mod tests {
    use super::*;
    use conv_core::{Conv2dSpec, Limits, Nchw};

    #[test]
    fn cost_csv_has_a_row_per_layer_with_exact_values() {
        let base = Conv2dSpec {
            padding: conv_core::Padding::Explicit([1, 1]),
            groups: 2,
            ..Conv2dSpec::new(8, 16, 3)
        };
        let c = Comparison::build(&base, Nchw::new(1, 8, 32, 32), 1, &Limits::default()).unwrap();
        let csv = cost_csv(&c);
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 1 + 5);
        assert!(lines[0].starts_with("kind,stage,in_channels"));
        assert_eq!(
            lines[1],
            "standard,standard,8,16,3x3,1x1,1,true,1x8x32x32,1x16x32x32,1179648,2375680,1168,102976,23.0702"
        );
        assert!(lines[4].starts_with("separable,depthwise,8,8,3x3,1x1,8,true,"));
        assert!(lines[5]
            .starts_with("separable,pointwise,8,16,1x1,1x1,1,true,1x8x32x32,1x16x32x32,131072,"));
    }

    #[test]
    fn preset_csv_ends_with_the_total_and_quotes_when_needed() {
        let net = conv_core::presets::mobilenet_v1(1.0, 224, false).unwrap();
        let csv = preset_csv(&net);
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 1 + 28 + 1);
        assert_eq!(
            *lines.last().unwrap(),
            ",total: 1.0 MobileNet-224,,,,568740352,1137481704,4210088,".to_string()
                + &net.total().bytes.to_string()
        );
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(slug("1.0 MobileNet-224"), "1.0-mobilenet-224");
    }
}
