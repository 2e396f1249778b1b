//! A task worker: a worker of its own for one long request (a GIF export, the
//! code panel's files), so that the page's compute worker keeps serving jobs.
//! It runs the same script as the compute worker; the request waits until the
//! worker says it is ready. Dropping it terminates the worker.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::compute::runner::WORKER_URL;

pub struct TaskWorker {
    worker: web_sys::Worker,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::ErrorEvent)>,
}

impl Drop for TaskWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Whether the request had reached the worker when it failed: if not, no
/// worker script ran (the browser tests' runner serves none), and the caller
/// may do the work on the page instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    BeforeRequest,
    AfterRequest,
}

impl TaskWorker {
    /// Starts a worker, posts `msg` (transferring `transfer`) once it is ready,
    /// and hands every later message to `on_reply`; `on_error` when it fails.
    /// (Boxed, not generic: one copy of this code serves every task.)
    pub fn start(
        msg: JsValue,
        transfer: Array,
        on_reply: Box<dyn Fn(JsValue)>,
        on_error: Box<dyn Fn(Failed)>,
    ) -> Result<TaskWorker, JsValue> {
        let worker = web_sys::Worker::new(WORKER_URL)?;
        let pending = Rc::new(RefCell::new(Some((msg, transfer))));
        let on_message = {
            let (worker, pending) = (worker.clone(), pending.clone());
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let msg = e.data();
                let ready = js_sys::Reflect::get(&msg, &"ready".into())
                    .ok()
                    .and_then(|v| v.as_bool());
                if ready != Some(true) {
                    return on_reply(msg);
                }
                // The worker says it is ready: send the request it waits for.
                if let Some((m, t)) = pending.borrow_mut().take() {
                    let _ = worker.post_message_with_transfer(&m, &t);
                }
            })
        };
        let on_error =
            Closure::<dyn Fn(web_sys::ErrorEvent)>::new(move |_e: web_sys::ErrorEvent| {
                on_error(match pending.borrow_mut().take() {
                    Some(_) => Failed::BeforeRequest,
                    None => Failed::AfterRequest,
                })
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(TaskWorker {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

/// Drops the worker in `slot` outside the handler that is running now (a
/// handler must not free its own closure).
pub fn finish(slot: &Rc<RefCell<Option<TaskWorker>>>) {
    let slot = slot.clone();
    yew::platform::spawn_local(async move { drop(slot.borrow_mut().take()) });
}
