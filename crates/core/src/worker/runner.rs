//! Where jobs run: in a Web Worker (`static/worker_loader.js`, which starts
//! `worker.js` + `worker_bg.wasm`, built from `crates/worker`) so the page stays
//! responsive. The page's own wasm carries no kernels: if no worker can start,
//! the job fails with [`WorkerFailure::CannotStart`]. Only builds with the
//! `inline-compute` feature (the browser tests: wasm-bindgen-test serves no
//! `worker.js`) compute on the page instead.
//!
//! The worker announces itself with a `ready` message once its wasm is loaded and
//! its handler installed; jobs submitted before that wait here (a message that
//! reached the worker before its handler existed would be lost). A job that
//! is superseded after running for more than [`RESTART_AFTER_MS`] is abandoned by
//! terminating the worker and starting a fresh one, so stale heavy work never
//! delays the new job.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::Float32Array;

use super::handle::WorkerHandle;
use super::pool::Pool;
use super::protocol::{PageReply, Reply, Request};
use crate::compute::arrival::Arrival;
use crate::compute::split;
use crate::compute::{JobError, JobRequest, JobResult, Layers, WorkerFailure};

/// A superseded job that has run this long is killed with its worker.
pub const RESTART_AFTER_MS: f64 = 300.0;

/// Called with `(request id, outcome)` whenever a job ends.
pub type OnDone = Rc<dyn Fn(u64, Result<JobResult, JobError>)>;

/// At most this many values are copied from the workers' arrays into the
/// page's memory per task (16 MB): 5–20 ms here (the most where the page's
/// memory is fresh), where copying a 224², 256-channel result at once was a
/// task of 130–290 ms.
pub const COPY_PER_TASK: usize = 4 << 20;

/// Hands a finished job to `on_done` once its tensors are in the page's memory,
/// copying [`COPY_PER_TASK`] values per task (and, when that took more than
/// one, in a task after the copy's last); a job superseded meanwhile is
/// dropped (its result would not be shown).
fn deliver(
    id: u64,
    arrival: Result<Arrival<Float32Array>, JobError>,
    latest: Rc<Cell<Option<u64>>>,
    on_done: OnDone,
) {
    let mut arrival = match arrival {
        Ok(a) => a,
        Err(e) => return on_done(id, Err(e)),
    };
    if arrival.step(COPY_PER_TASK) {
        return on_done(id, Ok(arrival.finish()));
    }
    // A result copied over several tasks is handed on in a task of its own:
    // showing it (the picture's first render) is work enough for one task.
    wasm_bindgen_futures::spawn_local(async move {
        let mut copied = false;
        loop {
            gloo_timers::future::sleep(std::time::Duration::ZERO).await;
            if latest.get() != Some(id) {
                return;
            }
            if copied {
                return on_done(id, Ok(arrival.finish()));
            }
            copied = arrival.step(COPY_PER_TASK);
        }
    });
}

enum Backend {
    /// No worker yet (first job, or the last one was terminated or crashed).
    None,
    Starting(WorkerHandle),
    Ready(WorkerHandle),
    /// Workers are unavailable here: run on the page (test builds only).
    #[cfg(feature = "inline-compute")]
    Inline,
}

/// The job the workers are busy with: its id, start time and layers (its
/// result is read with them, see `JobReply::read`).
struct Running {
    id: u64,
    since: f64,
    layers: Layers,
}

/// Runs jobs one at a time, newest first; see the module doc.
pub struct Runner {
    backend: Backend,
    /// Waiting for the worker to be ready (only the newest is kept).
    pending: Option<JobRequest>,
    /// The job the workers are busy with.
    running: Option<Running>,
    /// The newest submitted id: inline jobs superseded before they start are skipped.
    latest: Rc<Cell<Option<u64>>>,
    on_done: OnDone,
    /// More workers, for jobs split across cores.
    pool: Pool,
    me: Weak<RefCell<Runner>>,
}

/// Into how many parts a job of `plan` is split on this machine (1: not split).
fn split_count(plan: &conv_core::KindPlan) -> usize {
    let Some(w) = web_sys::window() else {
        return 1;
    };
    let Some(last) = plan.stages.last() else {
        return 1;
    };
    let cores = w.navigator().hardware_concurrency() as usize;
    split::part_count(plan.cost().macs, cores, &last.layer)
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
                pool: Pool::default(),
                me: me.clone(),
            })
        })
    }

    /// Runs `req`, superseding whatever ran before.
    pub fn submit(&mut self, req: JobRequest) {
        self.latest.set(Some(req.id));
        if let Some(since) = self.running.as_ref().map(|j| j.since) {
            if js_sys::Date::now() - since > RESTART_AFTER_MS {
                // Dropping the handles terminates the workers mid-job.
                self.backend = Backend::None;
                self.pool = Pool::default();
                self.running = None;
            }
        }
        if matches!(self.backend, Backend::None) {
            match self.spawn() {
                Some(h) => self.backend = Backend::Starting(h),
                None => return self.no_worker(req, "the Worker constructor failed".into()),
            }
        }
        match &self.backend {
            #[cfg(feature = "inline-compute")]
            Backend::Inline => self.run_inline(req),
            Backend::Starting(_) => self.pending = Some(req),
            Backend::Ready(_) if self.running.is_some() => self.pending = Some(req),
            Backend::Ready(_) => self.post(req),
            Backend::None => unreachable!("a backend was just chosen"),
        }
    }

    fn spawn(&self) -> Option<WorkerHandle> {
        spawn_slot(0, &self.me)
    }

    fn post(&mut self, req: JobRequest) {
        let Backend::Ready(h) = &self.backend else {
            return;
        };
        let id = req.id;
        let plan = crate::compute::plan_of(&req.setting);
        let layers = plan
            .as_ref()
            .map_err(Clone::clone)
            .and_then(crate::compute::layers_in);
        let count = plan.as_ref().map_or(1, split_count);
        let sent = if count > 1 {
            let me = self.me.clone();
            self.pool
                .start(h, &req, count, &|slot| spawn_slot(slot, &me))
        } else {
            h.post(&Request::Job { req, part: None })
        };
        match sent {
            Ok(()) => {
                let since = js_sys::Date::now();
                self.running = Some(Running { id, since, layers })
            }
            Err(e) => {
                self.pool.cancel();
                (self.on_done)(id, Err(e))
            }
        }
    }

    /// A message from worker `slot` (0 is the main one, others the pool's).
    fn on_message(this: &Rc<RefCell<Runner>>, slot: usize, reply: PageReply) {
        let done = {
            let mut r = this.borrow_mut();
            if reply == Reply::Ready {
                if slot > 0 {
                    r.pool.ready(slot);
                } else if let Backend::Starting(h) =
                    std::mem::replace(&mut r.backend, Backend::None)
                {
                    r.backend = Backend::Ready(h);
                }
                None
            } else if let (Some(job), Reply::Job(j)) = (&r.running, reply) {
                let outcome = (j.id, j.read(&job.layers));
                // A pool worker's message belongs to a split job, if still gathered.
                let done = if slot > 0 || r.pool.is_gathering() {
                    r.pool.gather(slot, outcome)
                } else {
                    let (id, reply) = outcome;
                    Some((id, reply.and_then(Arrival::whole)))
                };
                if done.is_some() {
                    r.running = None;
                }
                done
            } else {
                // No job is running (its workers were let go), or not a job's reply.
                None
            }
        };
        if let Some((id, arrival)) = done {
            // Not under a borrow: `on_done` may be called at once, and may submit.
            let (latest, on_done) = {
                let r = this.borrow();
                (r.latest.clone(), r.on_done.clone())
            };
            deliver(id, arrival, latest, on_done);
        }
        let mut r = this.borrow_mut();
        if let Some(next) = r.pending.take() {
            r.post(next);
        }
    }

    /// A pool worker failed: the split job fails, and the pool starts afresh.
    fn on_pool_error(this: &Rc<RefCell<Runner>>, message: String) {
        let mut r = this.borrow_mut();
        let gathering = r.pool.is_gathering();
        r.pool = Pool::default();
        let Some(id) = r.running.take().filter(|_| gathering).map(|j| j.id) else {
            return;
        };
        let (on_done, pending) = (r.on_done.clone(), r.pending.take());
        drop(r);
        on_done(id, Err(JobError::worker(WorkerFailure::Stopped, message)));
        if let Some(req) = pending {
            this.borrow_mut().submit(req);
        }
    }

    fn on_error(this: &Rc<RefCell<Runner>>, message: String) {
        let mut r = this.borrow_mut();
        r.pool.cancel();
        match std::mem::replace(&mut r.backend, Backend::None) {
            // The worker never came up (no worker.js here).
            Backend::Starting(_) => {
                if let Some(req) = r.pending.take() {
                    r.no_worker(req, message);
                }
            }
            // It crashed mid-job: report it; the next job starts a fresh worker.
            _ => {
                let id = r.running.take().map(|j| j.id);
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

    /// No worker can start: the job fails, and the next one tries again. Test
    /// builds compute on the page instead, from now on.
    fn no_worker(&mut self, req: JobRequest, detail: String) {
        #[cfg(feature = "inline-compute")]
        {
            let _ = detail;
            self.backend = Backend::Inline;
            self.run_inline(req)
        }
        #[cfg(not(feature = "inline-compute"))]
        {
            self.backend = Backend::None;
            let on_done = self.on_done.clone();
            // Not from inside `submit`'s caller's borrow: after this turn.
            wasm_bindgen_futures::spawn_local(async move {
                on_done(
                    req.id,
                    Err(JobError::worker(WorkerFailure::CannotStart, detail)),
                )
            });
        }
    }

    /// Runs on this thread after yielding once, so the browser paints first.
    #[cfg(feature = "inline-compute")]
    fn run_inline(&self, req: JobRequest) {
        let latest = self.latest.clone();
        let on_done = self.on_done.clone();
        wasm_bindgen_futures::spawn_local(async move {
            gloo_timers::future::sleep(std::time::Duration::ZERO).await;
            if latest.get() != Some(req.id) {
                return;
            }
            on_done(req.id, crate::compute::run_job(&req));
        });
    }
}

/// Starts worker `slot` of a runner (0: its own; others: its pool's), its
/// replies and errors going back to the runner.
fn spawn_slot(slot: usize, me: &Weak<RefCell<Runner>>) -> Option<WorkerHandle> {
    let (me, me2) = (me.clone(), me.clone());
    WorkerHandle::spawn(
        move |reply| {
            if let Some(r) = me.upgrade() {
                Runner::on_message(&r, slot, reply);
            }
        },
        move |message| {
            if let Some(r) = me2.upgrade() {
                if slot == 0 {
                    Runner::on_error(&r, message);
                } else {
                    Runner::on_pool_error(&r, message);
                }
            }
        },
    )
}
