//! "Code": the focused layer as a PyTorch and a Keras script (with copy buttons)
//! and the job's tensors as an `.npz`. Both are made in a task worker from the
//! job that made the result (`hooks::use_code_export`): the scripts while the
//! panel is open, once per result; the `.npz` on a click, downloaded when it is
//! ready. The download keeps its URL in `data-href`, so a test can open exactly
//! what was saved.

use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::use_code_export::{use_code_export, CodeStatus};
use crate::hooks::use_text::use_text;
use crate::text::Text;
use groupwise_core::compute::{JobRequest, ResultRef};
use groupwise_core::export::code::CodeWhat;
use groupwise_core::export::download::download;
use groupwise_core::export::TaskFailure;

#[derive(Properties, PartialEq)]
pub struct CodePanelProps {
    pub result: ResultRef,
    /// The newest job: the files are made from it when it made `result`.
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
    text: Rc<String>,
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

/// The job that made `result`: the newest job when its id is the result's,
/// else the one remembered from when it was (a newer job runs, or failed).
#[hook]
fn use_job_of(result: &ResultRef, job: Option<&JobRequest>) -> Option<JobRequest> {
    let made = use_mut_ref(|| None::<JobRequest>);
    let id = result.id;
    if let Some(j) = job.filter(|j| j.id == id) {
        if made.borrow().as_ref().map(|m| m.id) != Some(id) {
            *made.borrow_mut() = Some(j.clone());
        }
    }
    let remembered = made.borrow().clone().filter(|m| m.id == id);
    remembered
}

#[function_component(CodePanel)]
pub fn code_panel(props: &CodePanelProps) -> Html {
    let t = use_text();
    let open = use_state(|| false);
    let job = use_job_of(&props.result, props.job.as_ref());
    let (scripts, ask_scripts) = use_code_export();
    let (npz, ask_npz) = use_code_export();
    let id = props.result.id;
    {
        // Open, with no scripts of this result yet: ask for them.
        let (job, asked) = (job.clone(), scripts.id() == Some(id));
        use_effect_with((id, *open), move |(_, open)| {
            if let (true, false, Some(job)) = (*open, asked, job) {
                ask_scripts.emit((job, CodeWhat::Scripts));
            }
        });
    }
    {
        // A new `.npz` is ready: save it (its URL is revoked when another replaces it).
        let url = match &npz {
            CodeStatus::Npz { url, name, .. } => Some((url.clone(), name.clone())),
            _ => None,
        };
        use_effect_with(url, |url| {
            let url = url.clone();
            if let Some((url, name)) = &url {
                let _ = download(url, name);
            }
            move || {
                if let Some((url, _)) = url {
                    let _ = web_sys::Url::revoke_object_url(&url);
                }
            }
        });
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::Element = e.target_unchecked_into();
            open.set(details.has_attribute("open"));
        })
    };
    let on_npz = {
        let (npz, job) = (npz.clone(), job.clone());
        Callback::from(move |_: MouseEvent| match (&npz, &job) {
            (
                CodeStatus::Npz {
                    id: made,
                    url,
                    name,
                },
                _,
            ) if *made == id => {
                let _ = download(url, name);
            }
            (CodeStatus::Working { id: made }, _) if *made == id => {}
            (_, Some(job)) => ask_npz.emit((job.clone(), CodeWhat::Npz)),
            (_, None) => {}
        })
    };
    html! {
        <details class="panel code-panel" data-testid="code-panel" {ontoggle}>
            <summary>{ t.code_summary() }</summary>
            { view_npz(t, &npz, id, on_npz) }
            { view_scripts(t, &scripts, id) }
        </details>
    }
}

/// The note on the arrays and the `.npz` button, which says when it is at work.
fn view_npz(t: &dyn Text, npz: &CodeStatus, id: u64, onclick: Callback<MouseEvent>) -> Html {
    let href = match npz {
        CodeStatus::Npz { id: made, url, .. } if *made == id => Some(url.clone()),
        _ => None,
    };
    let working = matches!(npz, CodeStatus::Working { id: made } if *made == id);
    html! {
        <p class="code-note">
            { t.code_note() }{ t.code_arrays() }
            <button type="button" data-testid="download-npz" data-href={href} aria-busy={working.to_string()} {onclick}>
                { if working { t.npz_preparing() } else { t.download_npz() } }
            </button>
            if let Some(why) = failure(npz, id) {
                <span class="code-error" role="alert" data-testid="npz-error">{ t.code_failed(why) }</span>
            }
        </p>
    }
}

/// The scripts of this result, or what stands in for them meanwhile.
fn view_scripts(t: &dyn Text, scripts: &CodeStatus, id: u64) -> Html {
    match scripts {
        CodeStatus::Scripts {
            id: made,
            pytorch,
            keras,
        } if *made == id => html! {
            <>
                <Script title={PYTORCH} name={PYTORCH} id="code-pytorch" text={pytorch.clone()} />
                <Script title={t.keras_title()} name={KERAS} id="code-keras" text={keras.clone()} />
            </>
        },
        _ => match failure(scripts, id) {
            Some(why) => html! {
                <p class="code-error" role="alert" data-testid="code-error">{ t.code_failed(why) }</p>
            },
            None => {
                html! { <p class="code-wait" role="status" data-testid="code-wait">{ t.code_writing() }</p> }
            }
        },
    }
}

fn failure(status: &CodeStatus, id: u64) -> Option<&TaskFailure> {
    match status {
        CodeStatus::Failed { id: made, why } if *made == id => Some(why),
        _ => None,
    }
}
