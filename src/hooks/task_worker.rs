//! A task worker: a worker of its own for one long request (a GIF export, the
//! code panel's files), so that the page's compute worker keeps serving jobs.
//! It runs the same script as the compute worker; the request waits until the
//! worker says it is ready. Dropping it terminates the worker.

use std::cell::RefCell;
use std::rc::Rc;

use groupwise_core::export::TaskFailure;
use groupwise_core::worker::handle::WorkerHandle;
use groupwise_core::worker::protocol::{PageReply, Reply, Request};

/// A task's worker: the compute worker's handle (its script, its closures, and
/// a drop that terminates it).
pub struct TaskWorker {
    _handle: Rc<WorkerHandle>,
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
    /// Starts a worker, posts `request` once it is ready, and hands every
    /// later reply to `on_reply`; `on_error` when it fails. Fails when the
    /// request cannot be put in a message, or no worker can be made here.
    /// (Boxed, not generic: one copy of this code serves every task.)
    pub fn start(
        request: Request,
        on_reply: Box<dyn Fn(PageReply)>,
        on_error: Box<dyn Fn(Failed)>,
    ) -> Result<TaskWorker, TaskFailure> {
        let message = request.encode().map_err(|_| TaskFailure::Request)?;
        let pending = Rc::new(RefCell::new(Some(message)));
        // Filled in once the worker exists; no message can arrive before then.
        let port = Rc::new(RefCell::new(None::<std::rc::Weak<WorkerHandle>>));
        let on_message = {
            let (port, pending) = (port.clone(), pending.clone());
            move |reply: PageReply| {
                if reply != Reply::Ready {
                    return on_reply(reply);
                }
                // The worker says it is ready: send the request it waits for.
                let worker = port.borrow().as_ref().and_then(|w| w.upgrade());
                if let (Some(w), Some(m)) = (worker, pending.borrow_mut().take()) {
                    let _ = w.post_encoded(m);
                }
            }
        };
        let on_error = move |_: String| {
            on_error(match pending.borrow_mut().take() {
                Some(_) => Failed::BeforeRequest,
                None => Failed::AfterRequest,
            })
        };
        let handle = WorkerHandle::spawn(on_message, on_error).ok_or(TaskFailure::NoWorker)?;
        let handle = Rc::new(handle);
        *port.borrow_mut() = Some(Rc::downgrade(&handle));
        Ok(TaskWorker { _handle: handle })
    }
}

/// Drops the worker in `slot` outside the handler that is running now (a
/// handler must not free its own closure).
pub fn finish(slot: &Slot) {
    let slot = slot.clone();
    yew::platform::spawn_local(async move { drop(slot.borrow_mut().take()) });
}
