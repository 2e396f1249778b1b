//! Share: a button that opens a dialog with the link to this exact view (and a
//! copy button), the iframe snippet for a teaching page, and a QR code of the
//! link for a classroom projector (drawn as SVG in a task worker:
//! `hooks::use_qr_code`). Escape closes it, and focus goes back to the button.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::hooks::use_qr_code::use_qr_code;
use crate::hooks::use_text::use_text;
use crate::state::view::embed_snippet;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The page's title for this view (the iframe's `title`).
    pub title: AttrValue,
}

fn href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

#[function_component(ShareDialog)]
pub fn share_dialog(props: &ShareProps) -> Html {
    let t = use_text();
    let dialog = use_node_ref();
    let opener = use_node_ref();
    let link = use_state(String::new);
    let on_open = {
        let (dialog, link) = (dialog.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            link.set(href());
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                let _ = d.show_modal();
            }
        })
    };
    let on_close = {
        let opener = opener.clone();
        // Escape and the close button both end here: focus returns to Share.
        Callback::from(move |_: Event| {
            if let Some(b) = opener.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        })
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                d.close();
            }
        })
    };
    let snippet = embed_snippet(&link, &props.title, 760);
    let qr = use_qr_code((*link).clone());
    let copy_of = |text: String| Callback::from(move |_: MouseEvent| copy(&text));
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(t) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            t.select();
        }
    });
    html! {
        <>
            <button type="button" class="share-open" data-testid="share-open" ref={opener} onclick={on_open}>{ t.share_open() }</button>
            <dialog class="share" data-testid="share-dialog" ref={dialog} onclose={on_close} aria-labelledby="share-title">
                <h2 id="share-title">{ t.share_heading() }</h2>
                <label for="share-link">{ t.share_link_label() }</label>
                <div class="share-row">
                    <input id="share-link" data-testid="share-link" type="text" readonly=true value={(*link).clone()} />
                    <button type="button" data-testid="copy-link" onclick={copy_of((*link).clone())}>{ t.copy() }</button>
                </div>
                <label for="embed-snippet">{ t.embed_snippet_label() }</label>
                <div class="share-row">
                    <textarea id="embed-snippet" data-testid="embed-snippet" readonly=true rows="3" onfocus={select_all}
                        value={snippet.clone()} />
                    <button type="button" data-testid="copy-snippet" onclick={copy_of(snippet)}>{ t.copy() }</button>
                </div>
                if let Some(src) = qr {
                    <figure class="qr">
                        <img data-testid="share-qr" src={src} width="220" height="220" alt={t.qr_alt()} />
                        <figcaption>{ t.qr_caption() }</figcaption>
                    </figure>
                }
                <button type="button" class="close" data-testid="share-close" onclick={close}>{ t.close() }</button>
            </dialog>
        </>
    }
}
