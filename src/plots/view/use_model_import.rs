//! `use_model_import`: reads the learner's ONNX file in a worker of its own
//! (`static/model_loader.js`, built from `crates/model-worker`). The file's
//! bytes go from the browser's `File` to that worker (their buffer transferred,
//! not copied) and nowhere else; the page's thread only awaits the read and
//! gets the network back. Choosing another file ends a read under way.

use std::cell::RefCell;
use std::rc::Rc;

use conv_core::presets::Network;
use onnx_import::ModelError;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use groupwise_core::worker::handle::{WorkerHandle, MODEL_WORKER_URL};
use groupwise_core::worker::model::{encode_request, ImportedModel, ModelReply};

/// Where the import stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ModelStatus {
    #[default]
    Idle,
    /// Reading `name`.
    Reading(String),
    Ready(Rc<ImportedModel>, String),
    /// The file could not be read; the layers known before it stopped.
    Failed(Rc<ModelError>, Rc<Network>),
    /// No worker could start to read it.
    NoWorker,
}

type Live = Rc<RefCell<Option<WorkerHandle>>>;

/// A model read, and the name of its file.
pub type Kept = Option<(Rc<ImportedModel>, String)>;

/// The last file's status, the last model read (kept when a later file
/// fails: the view keeps what it showed), and a callback that reads a file.
#[hook]
pub fn use_model_import() -> (ModelStatus, Kept, Callback<web_sys::File>) {
    let status = use_state(ModelStatus::default);
    let last = use_mut_ref(|| Kept::None);
    if let ModelStatus::Ready(m, name) = &*status {
        *last.borrow_mut() = Some((m.clone(), name.clone()));
    }
    let live: Live = use_mut_ref(|| None);
    // Counts files, so that a read overtaken by another file is dropped.
    let asked = use_mut_ref(|| 0u64);
    let open = {
        let (status, live, asked) = (status.clone(), live.clone(), asked.clone());
        Callback::from(move |file: web_sys::File| {
            *asked.borrow_mut() += 1;
            let ticket = *asked.borrow();
            drop(live.borrow_mut().take());
            status.set(ModelStatus::Reading(file.name()));
            let (status, live, asked) = (status.clone(), live.clone(), asked.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
                if *asked.borrow() != ticket {
                    return;
                }
                let bytes = js_sys::Uint8Array::new(&buffer.unwrap_or(JsValue::NULL));
                start(bytes, file.name(), status, live);
            });
        })
    };
    {
        let live = live.clone();
        use_effect_with((), move |_| move || drop(live.borrow_mut().take()));
    }
    let kept = last.borrow().clone();
    ((*status).clone(), kept, open)
}

/// Starts the worker and sends it the bytes once it is ready.
fn start(bytes: js_sys::Uint8Array, name: String, status: UseStateHandle<ModelStatus>, live: Live) {
    let pending = Rc::new(RefCell::new(Some(bytes)));
    let on_message = {
        let (status, live, pending) = (status.clone(), live.clone(), pending.clone());
        move |data: JsValue| match ModelReply::decode(&data) {
            Some(ModelReply::Ready) => {
                let bytes = pending.borrow_mut().take();
                if let (Some(w), Some(b)) = (live.borrow().as_ref(), bytes) {
                    if w.post_encoded(encode_request(&b)).is_err() {
                        status.set(ModelStatus::NoWorker);
                    }
                }
            }
            Some(reply) => {
                status.set(done(reply, &name));
                let live = live.clone();
                // Not from inside the worker's own handler.
                yew::platform::spawn_local(async move { drop(live.borrow_mut().take()) });
            }
            None => {}
        }
    };
    let on_error = {
        let (status, pending) = (status.clone(), pending.clone());
        move |_: String| match pending.borrow_mut().take() {
            // No worker script here (the browser tests): read on the page.
            #[cfg(feature = "inline-compute")]
            Some(b) => status.set(done(read_here(&b.to_vec()), "")),
            _ => status.set(ModelStatus::NoWorker),
        }
    };
    match WorkerHandle::spawn_at(MODEL_WORKER_URL, on_message, on_error) {
        Some(w) => *live.borrow_mut() = Some(w),
        None => status.set(ModelStatus::NoWorker),
    }
}

fn done(reply: ModelReply, name: &str) -> ModelStatus {
    match reply {
        ModelReply::Imported(m) => ModelStatus::Ready(Rc::new(m), name.to_string()),
        ModelReply::Failed(e, known) => ModelStatus::Failed(Rc::new(e), Rc::new(known)),
        ModelReply::Ready => ModelStatus::Idle,
    }
}

/// The worker's reading, on this thread (builds for the browser tests only).
#[cfg(feature = "inline-compute")]
fn read_here(bytes: &[u8]) -> ModelReply {
    ModelReply::from_import(onnx_import::import_slice(bytes))
}
