//! Opening an image: the user's own file, or the built-in sample. Both are decoded
//! in the browser (an `<img>` draws into a canvas, `getImageData` reads the
//! pixels); nothing is uploaded anywhere.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlCanvasElement, HtmlImageElement, HtmlInputElement};
use yew::prelude::*;

use crate::compute::ImagePixels;

/// The sample image trunk copies next to `index.html`. Relative, so the page
/// also works from a sub-path.
pub const SAMPLE_URL: &str = "sample.png";

/// Larger images are scaled down to this many pixels on their longer side when
/// decoded: the layer input is at most a few hundred pixels wide, and a 12 MP
/// photo would otherwise cost 48 MB per job message.
pub const MAX_SIDE: u32 = 1024;

/// Decodes the image at `url` (same origin, `blob:` or `data:`) into RGBA pixels.
pub async fn decode_url(url: &str) -> Result<ImagePixels, String> {
    let failed = |what: &str| format!("could not read the image: {what}");
    let img = HtmlImageElement::new().map_err(|_| failed("no <img> support"))?;
    img.set_src(url);
    JsFuture::from(img.decode())
        .await
        .map_err(|_| failed("the file is not an image this browser can decode"))?;
    let (w, h) = (img.natural_width(), img.natural_height());
    if w == 0 || h == 0 {
        return Err(failed("it has no pixels"));
    }
    let scale = (MAX_SIDE as f64 / w.max(h) as f64).min(1.0);
    let (w, h) = (
        ((w as f64 * scale).round() as u32).max(1),
        ((h as f64 * scale).round() as u32).max(1),
    );
    let canvas: HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")
        .map_err(|_| failed("no canvas"))?
        .unchecked_into();
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or_else(|| failed("no 2-D canvas"))?
        .unchecked_into();
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, w as f64, h as f64)
        .map_err(|_| failed("it could not be drawn"))?;
    let data = ctx
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .map_err(|_| failed("its pixels could not be read"))?;
    Ok(ImagePixels {
        width: w,
        height: h,
        rgba: data.data().0,
    })
}

/// Decodes the built-in sample image.
pub async fn load_sample() -> Result<ImagePixels, String> {
    decode_url(SAMPLE_URL).await
}

#[derive(Properties, PartialEq)]
pub struct ImagePickerProps {
    /// The decoded file, or why it could not be read.
    pub onpick: Callback<Result<ImagePixels, String>>,
}

/// A file input that decodes the chosen image locally.
#[function_component]
pub fn ImagePicker(props: &ImagePickerProps) -> Html {
    let onchange = {
        let onpick = props.onpick.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let onpick = onpick.clone();
            yew::platform::spawn_local(async move {
                let outcome = match web_sys::Url::create_object_url_with_blob(&file) {
                    Ok(url) => {
                        let r = decode_url(&url).await;
                        // The object URL pins the file in memory until revoked.
                        let _ = web_sys::Url::revoke_object_url(&url);
                        r
                    }
                    Err(_) => Err("could not open the file".into()),
                };
                onpick.emit(outcome);
            });
        })
    };
    html! {
        <label class="image-picker">
            <span>{ "Your image (stays on this device)" }</span>
            <input type="file" accept="image/*" data-testid="image-file" {onchange} />
        </label>
    }
}
