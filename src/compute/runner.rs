//! Where jobs run: in a Web Worker (`worker_loader.js`, trunk's loader shim for
//! `worker.js` + `worker_bg.wasm`, built from `src/bin/worker.rs`) so the page stays responsive, or inline on the page when
//! no worker can start (for example under wasm-bindgen-test, which does not serve
//! `worker.js`).
//!
//! The worker announces itself with a `ready` message once its wasm is loaded and
//! its handler installed; jobs submitted before that wait here (a message that
//! reached the worker before its handler existed would be lost). If the worker
//! fails before it is ready, the runner falls back to inline for good. A job that
//! is superseded after running for more than [`RESTART_AFTER_MS`] is abandoned by
//! terminating the worker and starting a fresh one, so stale heavy work never
//! delays the new job.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::{run_job, JobError, JobRequest, JobResult, WorkerFailure};

/// A superseded job that has run this long is killed with its worker.
pub const RESTART_AFTER_MS: f64 = 300.0;

/// The loader trunk emits for the worker bin (`data-loader-shim`): it imports
/// `worker.js` and starts `worker_bg.wasm`. Relative, so the page works from a sub-path.
pub const WORKER_URL: &str = "./worker_loader.js";

/// Called with `(request id, outcome)` whenever a job ends.
pub type OnDone = Rc<dyn Fn(u64, Result<JobResult, JobError>)>;

enum Backend {
    /// No worker yet (first job, or the last one was terminated or crashed).
    None,
    Starting(WorkerHandle),
    Ready(WorkerHandle),
    /// Workers are unavailable here: run on the page.
    Inline,
}

/// A worker and the JS closures it calls, which must live as long as it does.
struct WorkerHandle {
    worker: web_sys::Worker,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::ErrorEvent)>,
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// Runs jobs one at a time, newest first; see the module doc.
pub struct Runner {
    backend: Backend,
    /// Waiting for the worker to be ready (only the newest is kept).
    pending: Option<JobRequest>,
    /// The job the worker is busy with: its id and start time.
    running: Option<(u64, f64)>,
    /// The newest submitted id: inline jobs superseded before they start are skipped.
    latest: Rc<Cell<Option<u64>>>,
    on_done: OnDone,
    me: Weak<RefCell<Runner>>,
}

impl Runner {
    pub fn new(on_done: OnDone) -> Rc<RefCell<Runner>> {
        Rc::new_cyclic(|me| {
            RefCell::new(Runner {
                backend: Backend::None,
                pending: None,
                running: None,
                latest: Rc::new(Cell::new(None)),
                on_done,
                me: me.clone(),
            })
        })
    }

    /// True once the runner has given up on workers and computes on the page.
    pub fn is_inline(&self) -> bool {
        matches!(self.backend, Backend::Inline)
    }

    /// Runs `req`, superseding whatever ran before.
    pub fn submit(&mut self, req: JobRequest) {
        self.latest.set(Some(req.id));
        if let Some((_, since)) = self.running {
            if js_sys::Date::now() - since > RESTART_AFTER_MS {
                // Dropping the handle terminates the worker mid-job.
                self.backend = Backend::None;
                self.running = None;
            }
        }
        if matches!(self.backend, Backend::None) {
            self.backend = match self.spawn() {
                Some(h) => Backend::Starting(h),
                None => Backend::Inline,
            };
        }
        match &self.backend {
            Backend::Inline => self.run_inline(req),
            Backend::Starting(_) => self.pending = Some(req),
            Backend::Ready(_) if self.running.is_some() => self.pending = Some(req),
            Backend::Ready(_) => self.post(req),
            Backend::None => unreachable!("a backend was just chosen"),
        }
    }

    fn spawn(&self) -> Option<WorkerHandle> {
        let worker = web_sys::Worker::new(WORKER_URL).ok()?;
        let me = self.me.clone();
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(r) = me.upgrade() {
                    Runner::on_message(&r, e.data());
                }
            });
        let me = self.me.clone();
        let on_error =
            Closure::<dyn Fn(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
                e.prevent_default();
                if let Some(r) = me.upgrade() {
                    Runner::on_error(&r, e.message());
                }
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(WorkerHandle {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    fn post(&mut self, req: JobRequest) {
        let Backend::Ready(h) = &self.backend else {
            return;
        };
        let id = req.id;
        let sent = super::wire::encode_request(&req)
            .and_then(|(msg, transfer)| {
                h.worker
                    .post_message_with_transfer(&msg, &transfer)
                    .map_err(|e| format!("{e:?}"))
            })
            .map_err(|e| JobError::worker(WorkerFailure::Send, e));
        match sent {
            Ok(()) => self.running = Some((id, js_sys::Date::now())),
            Err(e) => (self.on_done)(id, Err(e)),
        }
    }

    fn on_message(this: &Rc<RefCell<Runner>>, data: JsValue) {
        let ready = js_sys::Reflect::get(&data, &JsValue::from_str("ready"))
            .map(|v| v.is_truthy())
            .unwrap_or(false);
        let done = {
            let mut r = this.borrow_mut();
            if ready {
                if let Backend::Starting(h) = std::mem::replace(&mut r.backend, Backend::None) {
                    r.backend = Backend::Ready(h);
                }
                None
            } else {
                r.running = None;
                Some(super::wire::decode_outcome(data).unwrap_or_else(|e| {
                    let e = JobError::worker(WorkerFailure::Message, e);
                    (r.latest.get().unwrap_or(0), Err(e))
                }))
            }
        };
        if let Some((id, outcome)) = done {
            let on_done = this.borrow().on_done.clone();
            on_done(id, outcome);
        }
        let mut r = this.borrow_mut();
        if let Some(next) = r.pending.take() {
            r.post(next);
        }
    }

    fn on_error(this: &Rc<RefCell<Runner>>, message: String) {
        let mut r = this.borrow_mut();
        match std::mem::replace(&mut r.backend, Backend::None) {
            // The worker never came up (no worker.js here): compute on the page.
            Backend::Starting(_) => {
                r.backend = Backend::Inline;
                if let Some(req) = r.pending.take() {
                    r.run_inline(req);
                }
            }
            // It crashed mid-job: report it; the next job starts a fresh worker.
            _ => {
                let id = r.running.take().map(|(id, _)| id);
                let pending = r.pending.take();
                let on_done = r.on_done.clone();
                drop(r);
                if let Some(id) = id {
                    on_done(id, Err(JobError::worker(WorkerFailure::Stopped, message)));
                }
                if let Some(req) = pending {
                    this.borrow_mut().submit(req);
                }
            }
        }
    }

    /// Runs on this thread after yielding once, so the browser paints first.
    fn run_inline(&self, req: JobRequest) {
        let latest = self.latest.clone();
        let on_done = self.on_done.clone();
        yew::platform::spawn_local(async move {
            yew::platform::time::sleep(std::time::Duration::ZERO).await;
            if latest.get() != Some(req.id) {
                return;
            }
            on_done(req.id, run_job(&req));
        });
    }
}
