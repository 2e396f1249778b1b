//! A worker as the page holds it: the Web Worker, and the JS closures it calls,
//! which must live as long as it does. Its messages reach the page already
//! read ([`Reply::decode`]); dropping the handle terminates the worker.

use js_sys::Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::protocol::{PageReply, Reply, Request};
use crate::compute::{JobError, WorkerFailure};

/// The worker's loader (`static/worker_loader.js`, copied by trunk): it imports
/// `worker.js` and starts `worker_bg.wasm`. Relative, so the page works from a sub-path.
pub const WORKER_URL: &str = "./worker_loader.js";

/// The model worker's loader (`static/model_loader.js`), for the learner's ONNX file.
pub const MODEL_WORKER_URL: &str = "./model_loader.js";

pub struct WorkerHandle {
    worker: web_sys::Worker,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::ErrorEvent)>,
}

impl WorkerHandle {
    /// Starts a compute worker whose replies and errors (their text) go to
    /// these callbacks; a message that is no [`Reply`] is dropped. `None` when
    /// no worker can be made here.
    pub fn spawn(
        on_reply: impl Fn(PageReply) + 'static,
        on_error: impl Fn(String) + 'static,
    ) -> Option<WorkerHandle> {
        let on_message = move |data| {
            if let Some(r) = Reply::decode(data) {
                on_reply(r)
            }
        };
        WorkerHandle::spawn_at(WORKER_URL, on_message, on_error)
    }

    /// Starts the worker `url` loads, its messages' data and its errors going
    /// to these callbacks.
    pub fn spawn_at(
        url: &str,
        on_message: impl Fn(JsValue) + 'static,
        on_error: impl Fn(String) + 'static,
    ) -> Option<WorkerHandle> {
        let worker = web_sys::Worker::new(url).ok()?;
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                on_message(e.data())
            });
        let on_error =
            Closure::<dyn Fn(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
                e.prevent_default();
                on_error(e.message());
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(WorkerHandle {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Posts a request.
    pub fn post(&self, req: &Request) -> Result<(), JobError> {
        req.encode()
            .and_then(|m| self.post_encoded(m))
            .map_err(|e| JobError::worker(WorkerFailure::Send, e))
    }

    /// Posts a request already put in a message ([`Request::encode`]).
    pub fn post_encoded(&self, (msg, transfer): (JsValue, Array)) -> Result<(), String> {
        self.worker
            .post_message_with_transfer(&msg, &transfer)
            .map_err(|e| format!("{e:?}"))
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
