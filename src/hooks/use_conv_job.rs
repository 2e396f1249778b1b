//! `use_conv_job`: runs the compute pipeline for the newest request and hands back
//! its status. The UI keeps showing the last result while a new job runs, and a
//! result that arrives for an older request is dropped (the page never flickers
//! back to a setting the user has already left).

use std::cell::Cell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::compute::{run_job, JobRequest, JobResult};

/// A job that runs longer than this shows the progress indicator.
pub const SLOW_AFTER_MS: u32 = 200;

/// What the page knows about its convolution job.
#[derive(Debug, Clone, Default)]
pub struct JobStatus {
    /// The last completed result; kept while a newer job runs or after one fails.
    pub result: Option<Rc<JobResult>>,
    /// A job for the newest request is under way.
    pub running: bool,
    /// It has been running for more than [`SLOW_AFTER_MS`]: show progress.
    pub slow: bool,
    /// Why the newest job failed (PyTorch-worded), if it did.
    pub error: Option<String>,
    /// `Date.now()` when the running job started (for an elapsed-time display).
    pub started_ms: f64,
}

/// Results compare by identity: comparing two multi-megabyte tensors on every
/// render would cost more than a frame, and a new result always comes in a new `Rc`.
impl PartialEq for JobStatus {
    fn eq(&self, other: &Self) -> bool {
        let same_result = match (&self.result, &other.result) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_result
            && self.running == other.running
            && self.slow == other.slow
            && self.error == other.error
            && self.started_ms == other.started_ms
    }
}

/// What happens to a job; ids say which request it is about.
#[derive(Debug, Clone)]
pub enum JobEvent {
    Started {
        id: u64,
        at_ms: f64,
    },
    Slow {
        id: u64,
    },
    Finished {
        id: u64,
        outcome: Result<Rc<JobResult>, String>,
    },
}

/// The hook's reducer state: the status plus the newest request id. Events about
/// any other id are stale and change nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobState {
    pub latest: Option<u64>,
    pub status: JobStatus,
}

impl Reducible for JobState {
    type Action = JobEvent;

    fn reduce(self: Rc<Self>, event: JobEvent) -> Rc<Self> {
        let mut next = (*self).clone();
        match event {
            JobEvent::Started { id, at_ms } => {
                next.latest = Some(id);
                next.status.running = true;
                next.status.slow = false;
                next.status.started_ms = at_ms;
            }
            JobEvent::Slow { id } if self.latest == Some(id) && self.status.running => {
                next.status.slow = true;
            }
            JobEvent::Finished { id, outcome } if self.latest == Some(id) => {
                next.status.running = false;
                next.status.slow = false;
                match outcome {
                    Ok(r) => {
                        next.status.result = Some(r);
                        next.status.error = None;
                    }
                    Err(e) => next.status.error = Some(e),
                }
            }
            _ => return self,
        }
        Rc::new(next)
    }
}

/// Runs `request` (when it changes) and returns the job status. Build the request
/// with `use_memo` or from state, so its `id` changes only when the setting does:
/// every new request value starts a job.
#[hook]
pub fn use_conv_job(request: Option<JobRequest>) -> JobStatus {
    let state = use_reducer(JobState::default);
    // The newest request id, readable from async tasks that outlive a render.
    let latest = use_mut_ref(|| Rc::new(Cell::new(None::<u64>)));
    let latest = latest.borrow().clone();
    {
        let dispatch = state.dispatcher();
        use_effect_with(request, move |request| {
            let mut slow_timer = None;
            if let Some(req) = request.clone() {
                let id = req.id;
                latest.set(Some(id));
                dispatch.dispatch(JobEvent::Started {
                    id,
                    at_ms: js_sys::Date::now(),
                });
                let on_slow = dispatch.clone();
                slow_timer = Some(Timeout::new(SLOW_AFTER_MS, move || {
                    on_slow.dispatch(JobEvent::Slow { id })
                }));
                run_inline(req, latest, dispatch);
            }
            // As soon as the timer is dropped it is cancelled: a newer request
            // must not be marked slow by an older one's timer.
            move || drop(slow_timer)
        });
    }
    state.status.clone()
}

/// Runs the job on this thread after yielding once, so the browser paints the
/// "running" state first. A job whose request was superseded while it waited is
/// skipped; one superseded while it ran is dropped by the reducer.
fn run_inline(
    req: JobRequest,
    latest: Rc<Cell<Option<u64>>>,
    dispatch: UseReducerDispatcher<JobState>,
) {
    yew::platform::spawn_local(async move {
        yew::platform::time::sleep(std::time::Duration::ZERO).await;
        if latest.get() != Some(req.id) {
            return;
        }
        let outcome = run_job(&req).map(Rc::new);
        dispatch.dispatch(JobEvent::Finished {
            id: req.id,
            outcome,
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(id: u64) -> Rc<JobResult> {
        let mut f = crate::state::Fields::default();
        f.set(crate::state::Field::H, "4".into());
        f.set(crate::state::Field::W, "4".into());
        let req = JobRequest {
            id,
            setting: f.parse().unwrap(),
            seed: 1,
            input: crate::compute::InputSource::Random,
            weights: Default::default(),
            sample: None,
        };
        Rc::new(run_job(&req).unwrap())
    }

    fn reduce(s: Rc<JobState>, e: JobEvent) -> Rc<JobState> {
        s.reduce(e)
    }

    #[test]
    fn a_stale_result_is_dropped_and_the_last_one_kept() {
        let s = Rc::new(JobState::default());
        let s = reduce(s, JobEvent::Started { id: 1, at_ms: 0.0 });
        let s = reduce(s, JobEvent::Started { id: 2, at_ms: 5.0 });
        let before = s.clone();
        let s = reduce(
            s,
            JobEvent::Finished {
                id: 1,
                outcome: Ok(result(1)),
            },
        );
        assert!(Rc::ptr_eq(&s, &before), "stale result must change nothing");
        assert!(s.status.running);
        let s = reduce(s, JobEvent::Slow { id: 1 });
        assert!(!s.status.slow);
        let s = reduce(s, JobEvent::Slow { id: 2 });
        assert!(s.status.slow);
        let s = reduce(
            s,
            JobEvent::Finished {
                id: 2,
                outcome: Ok(result(2)),
            },
        );
        assert_eq!(s.status.result.as_ref().unwrap().id, 2);
        assert!(!s.status.running && !s.status.slow);
        // A failure keeps the last result and says why.
        let s = reduce(s, JobEvent::Started { id: 3, at_ms: 9.0 });
        assert!(s.status.result.is_some());
        let s = reduce(
            s,
            JobEvent::Finished {
                id: 3,
                outcome: Err("boom".into()),
            },
        );
        assert_eq!(s.status.result.as_ref().unwrap().id, 2);
        assert_eq!(s.status.error.as_deref(), Some("boom"));
    }
}
