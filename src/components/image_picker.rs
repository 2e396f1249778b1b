//! Opening the user's own image: a file input; `compute::image::decode_url`
//! decodes it in the browser, and nothing is uploaded anywhere.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::hooks::use_text::use_text;
use groupwise_core::compute::image::decode_url;
use groupwise_core::compute::{ImageError, ImagePixels};

#[derive(Properties, PartialEq)]
pub struct ImagePickerProps {
    /// The decoded file, or why it could not be read.
    pub onpick: Callback<Result<ImagePixels, ImageError>>,
}

/// A file input that decodes the chosen image locally.
#[function_component]
pub fn ImagePicker(props: &ImagePickerProps) -> Html {
    let t = use_text();
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
                    Err(_) => Err(ImageError::Unsupported),
                };
                onpick.emit(outcome);
            });
        })
    };
    html! {
        <label class="image-picker">
            <span>{ t.image_picker() }</span>
            <input type="file" accept="image/*" data-testid="image-file" {onchange} />
        </label>
    }
}
