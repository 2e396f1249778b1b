//! Files handed to the reader: a temporary link's click, an object URL of
//! some bytes, a canvas as PNG. Browser only.

use wasm_bindgen::{JsCast, JsValue};

/// The page's document.
pub(crate) fn document() -> Result<web_sys::Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// Clicks a temporary link to `href` named `filename`.
pub fn download(href: &str, filename: &str) -> Result<(), wasm_bindgen::JsValue> {
    let document = document()?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(href);
    a.set_download(filename);
    a.set_hidden(true);
    let body = document.body().ok_or("no body")?;
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

/// Bytes as an object URL of the given type (revoked by the caller when done).
pub fn blob_url(bytes: &[u8], mime: &str) -> Result<String, wasm_bindgen::JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)?;
    web_sys::Url::create_object_url_with_blob(&blob)
}
