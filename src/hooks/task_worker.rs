//! A task worker: a worker of its own for one long request (a GIF export, the
//! code panel's files), so that the page's compute worker keeps serving jobs.
//! It runs the same script as the compute worker; the request waits until the
//! worker says it is ready. Dropping it terminates the worker.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::JsValue;

use crate::compute::runner::{is_ready, WorkerHandle};

/// A task's worker: the compute worker's handle (its script, its closures, and
/// a drop that terminates it).
pub struct TaskWorker {
    _handle: WorkerHandle,
}

/// Where a hook keeps its task's worker while the task runs.
pub type Slot = Rc<RefCell<Option<TaskWorker>>>;

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
    /// `None` when no worker can be made here.
    /// (Boxed, not generic: one copy of this code serves every task.)
    pub fn start(
        msg: JsValue,
        transfer: Array,
        on_reply: Box<dyn Fn(JsValue)>,
        on_error: Box<dyn Fn(Failed)>,
    ) -> Option<TaskWorker> {
        let pending = Rc::new(RefCell::new(Some((msg, transfer))));
        // Filled in once the worker exists; no message can arrive before then.
        let port = Rc::new(RefCell::new(None::<web_sys::Worker>));
        let on_message = {
            let (port, pending) = (port.clone(), pending.clone());
            move |msg: JsValue| {
                if !is_ready(&msg) {
                    return on_reply(msg);
                }
                // The worker says it is ready: send the request it waits for.
                if let (Some(w), Some((m, t))) = (&*port.borrow(), pending.borrow_mut().take()) {
                    let _ = w.post_message_with_transfer(&m, &t);
                }
            }
        };
        let on_error = move |_: String| {
            on_error(match pending.borrow_mut().take() {
                Some(_) => Failed::BeforeRequest,
                None => Failed::AfterRequest,
            })
        };
        let handle = WorkerHandle::spawn(on_message, on_error)?;
        *port.borrow_mut() = Some(handle.worker.clone());
        Some(TaskWorker { _handle: handle })
    }
}

/// Drops the worker in `slot` outside the handler that is running now (a
/// handler must not free its own closure).
pub fn finish(slot: &Slot) {
    let slot = slot.clone();
    yew::platform::spawn_local(async move { drop(slot.borrow_mut().take()) });
}
