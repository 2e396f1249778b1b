//! `use_kernel_timer`: "Time the kernels" for the measured chart. The timing
//! runs in a worker of its own (`Request::Time`), so the page's main thread
//! only receives each kind's median; a new setting or leaving the page
//! terminates a timing under way, and its numbers are never shown.

use std::cell::RefCell;
use std::rc::Rc;

use conv_core::Comparison;
use yew::prelude::*;

use crate::plots::model::timing::{self, Timing, TimingStatus};
use groupwise_core::compute::Setting;
use groupwise_core::worker::handle::WorkerHandle;
use groupwise_core::worker::protocol::{Reply, Request, TimerEvent};

/// The measured chart's numbers and the button's state.
pub struct KernelTimer {
    /// Theory for every kind, with the medians timed so far.
    pub timings: Vec<Timing>,
    pub status: Option<TimingStatus>,
    pub running: bool,
    /// Starts a timing (ignored while one runs).
    pub start: Callback<()>,
}

/// The state a timing updates as its events arrive.
#[derive(Clone)]
struct Handles {
    timings: UseStateHandle<Vec<Timing>>,
    status: UseStateHandle<Option<TimingStatus>>,
    running: UseStateHandle<bool>,
    /// What is shown: the handles above may lag behind within one event loop turn.
    results: Rc<RefCell<Vec<Timing>>>,
    live: Rc<RefCell<Option<WorkerHandle>>>,
}

impl Handles {
    fn apply(&self, event: TimerEvent) {
        let end = |s: TimingStatus| {
            self.status.set(Some(s));
            self.running.set(false);
            self.retire();
        };
        match event {
            TimerEvent::Timed { index, median_s } => {
                let mut r = self.results.borrow_mut();
                if let Some(t) = r.get_mut(index) {
                    t.median_s = median_s;
                }
                self.timings.set(r.clone());
            }
            TimerEvent::Done { runs } => end(TimingStatus::Done { runs }),
            TimerEvent::Failed(e) => end(TimingStatus::Failed(e)),
            TimerEvent::Unreadable => end(TimingStatus::WorkerStopped),
        }
    }

    /// Drops the worker, outside the handler that is running now.
    fn retire(&self) {
        let live = self.live.clone();
        yew::platform::spawn_local(async move { drop(live.borrow_mut().take()) });
    }
}

#[hook]
pub fn use_kernel_timer(setting: &Setting, comparison: &Comparison) -> KernelTimer {
    let handles = Handles {
        timings: use_state(|| timing::theory(comparison)),
        status: use_state(|| None::<TimingStatus>),
        running: use_state(|| false),
        results: use_mut_ref(Vec::new),
        live: use_mut_ref(|| None::<WorkerHandle>),
    };
    {
        let h = handles.clone();
        use_effect_with(comparison.clone(), move |c| {
            // Dropping the handle terminates a timing of the old setting.
            drop(h.live.borrow_mut().take());
            h.timings.set(timing::theory(c));
            h.status.set(None);
            h.running.set(false);
            move || drop(h.live.borrow_mut().take())
        });
    }
    let start = {
        let (h, s, c) = (handles.clone(), setting.clone(), comparison.clone());
        Callback::from(move |()| {
            if !*h.running {
                start(&h, &s, &c);
            }
        })
    };
    KernelTimer {
        timings: (*handles.timings).clone(),
        status: (*handles.status).clone(),
        running: *handles.running,
        start,
    }
}

fn start(h: &Handles, s: &Setting, c: &Comparison) {
    let request = Request::Time(s.clone());
    *h.results.borrow_mut() = timing::theory(c);
    let ready = Rc::new(std::cell::Cell::new(false));
    let (h1, h2, r1, r2) = (h.clone(), h.clone(), ready.clone(), ready);
    let c = c.clone();
    let handle = WorkerHandle::spawn(
        move |reply| match reply {
            Reply::Ready => {
                r1.set(true);
                if let Some(w) = h1.live.borrow().as_ref() {
                    if w.post(&request).is_err() {
                        h1.apply(TimerEvent::Unreadable);
                    }
                }
            }
            Reply::Timer(e) => h1.apply(e.read()),
            _ => {}
        },
        move |_message| on_worker_error(&h2, r2.get(), &c),
    );
    let Some(handle) = handle else {
        return h.status.set(Some(TimingStatus::WorkerStopped));
    };
    *h.live.borrow_mut() = Some(handle);
    h.running.set(true);
    h.status.set(Some(TimingStatus::Running));
}

/// The timing worker failed: before it was ready, no worker can start here.
fn on_worker_error(h: &Handles, was_ready: bool, c: &Comparison) {
    #[cfg(feature = "inline-compute")]
    if !was_ready {
        return inline(h, c);
    }
    let _ = (was_ready, c);
    h.apply(TimerEvent::Unreadable);
}

/// No worker could start (the browser tests serve no worker script): time on
/// the page instead, in one go. Only in builds for those tests.
#[cfg(feature = "inline-compute")]
fn inline(h: &Handles, c: &Comparison) {
    let (h, c) = (h.clone(), c.clone());
    h.retire();
    yew::platform::spawn_local(async move {
        let mut on_kind = |index, median_s| h.apply(TimerEvent::Timed { index, median_s });
        let end = match groupwise_core::compute::timing::time_comparison(&c, &mut on_kind) {
            Ok(()) => TimerEvent::Done { runs: timing::RUNS },
            Err(e) => TimerEvent::Failed(e),
        };
        h.apply(end);
    });
}
