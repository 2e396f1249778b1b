//! "Code": the focused layer as a PyTorch and a Keras script (with copy buttons)
//! and the job's tensors as an `.npz`. The scripts are long text for large
//! tensors, so they are built only while the panel is open, once per result; the
//! `.npz` only on a click. The download keeps its URL in `data-href`, so a test
//! can open exactly what was saved.

use yew::prelude::*;

use crate::compute::snippet::{keras, npz_name, pytorch, written_padding};
use crate::compute::{npz::npz, JobRequest, ResultRef};
use crate::export::{blob_url, download};
use crate::hooks::use_text::use_text;

#[derive(Properties, PartialEq)]
pub struct CodePanelProps {
    pub result: ResultRef,
    /// The newest job; when it made `result`, its padding is written as the form has it.
    pub job: Option<JobRequest>,
}

/// Puts `text` on the clipboard; where the Clipboard API is missing (an insecure
/// page) or refuses, selects the block so that the user can copy it.
fn copy(text: String, block: NodeRef, copied: UseStateHandle<bool>) {
    let navigator = gloo::utils::window().navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|c| !c.is_undefined())
        .unwrap_or(false);
    let select = move || {
        let selection = gloo::utils::window().get_selection().ok().flatten();
        if let (Some(sel), Some(node)) = (selection, block.get()) {
            let _ = sel.select_all_children(&node);
        }
    };
    if !has_clipboard {
        select();
        return;
    }
    let promise = navigator.clipboard().write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        if !ok {
            select();
        }
        copied.set(ok);
    });
}

/// One script: a heading with its copy button, then the code.
#[derive(Properties, PartialEq)]
struct ScriptProps {
    title: AttrValue,
    /// The library, in the copy button's name.
    name: AttrValue,
    id: AttrValue,
    text: std::rc::Rc<String>,
}

#[function_component(Script)]
fn script(props: &ScriptProps) -> Html {
    let t = use_text();
    let block = use_node_ref();
    let copied = use_state(|| false);
    {
        // A new text has not been copied yet.
        let copied = copied.clone();
        use_effect_with(props.text.clone(), move |_| copied.set(false));
    }
    let onclick = {
        let (text, block, copied) = (props.text.clone(), block.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| copy((*text).clone(), block.clone(), copied.clone()))
    };
    html! {
        <div class="code-block">
            <div class="code-head">
                <h3 id={format!("{}-title", props.id)}>{ props.title.clone() }</h3>
                <button type="button" data-testid={format!("copy-{}", props.id.trim_start_matches("code-"))}
                    data-copied={copied.to_string()} aria-label={t.copy_script(&props.name)} {onclick}>
                    { if *copied { t.copied() } else { t.copy() } }
                </button>
            </div>
            // Scrolls, so it takes focus: the keyboard can scroll it too.
            <pre tabindex="0" aria-labelledby={format!("{}-title", props.id)}>
                <code ref={block} data-testid={props.id.clone()}>{ props.text.as_str() }</code>
            </pre>
        </div>
    }
}

/// A library's name: the same in every language.
const PYTORCH: &str = "PyTorch";
const KERAS: &str = "Keras";

#[function_component(CodePanel)]
pub fn code_panel(props: &CodePanelProps) -> Html {
    let t = use_text();
    let open = use_state(|| false);
    let href = use_state(|| None::<String>);
    let padding = written_padding(props.job.as_ref(), &props.result);
    let scripts = use_memo(
        (props.result.clone(), padding, *open),
        |(r, padding, open)| {
            open.then(|| {
                (
                    std::rc::Rc::new(pytorch(r, *padding)),
                    std::rc::Rc::new(keras(r, *padding)),
                )
            })
        },
    );
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::Element = e.target_unchecked_into();
            open.set(details.has_attribute("open"));
        })
    };
    let on_npz = {
        let (r, href) = (props.result.clone(), href.clone());
        Callback::from(move |_: MouseEvent| {
            let Ok(bytes) = npz(&r) else { return };
            if let Ok(url) = blob_url(&bytes, "application/zip") {
                let _ = download(&url, &npz_name(&r));
                if let Some(old) = (*href).as_ref() {
                    let _ = web_sys::Url::revoke_object_url(old);
                }
                href.set(Some(url));
            }
        })
    };
    html! {
        <details class="panel code-panel" data-testid="code-panel" {ontoggle}>
            <summary>{ t.code_summary() }</summary>
            <p class="code-note">
                { t.code_note() }{ t.code_arrays() }
                <button type="button" data-testid="download-npz" data-href={(*href).clone()} onclick={on_npz}>
                    { t.download_npz() }
                </button>
            </p>
            if let Some((torch, keras)) = (*scripts).clone() {
                <Script title={PYTORCH} name={PYTORCH} id="code-pytorch" text={torch} />
                <Script title={t.keras_title()} name={KERAS} id="code-keras" text={keras} />
            }
        </details>
    }
}
