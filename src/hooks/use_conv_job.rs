//! `use_conv_job`: runs the compute pipeline for the newest request and hands back
//! its status. The UI keeps showing the last result while a new job runs, and a
//! result that arrives for an older request is dropped (the page never flickers
//! back to a setting the user has already left).

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use groupwise_core::compute::image::load_sample;
use groupwise_core::compute::{ImagePixels, InputSource, JobError, JobRequest, JobResult};
use groupwise_core::worker::runner::{OnDone, Runner};

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
    /// Why the newest job failed, if it did.
    pub error: Option<JobError>,
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
        outcome: Result<Rc<JobResult>, JobError>,
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

/// The decoded sample image, loaded once per page on first use.
#[derive(Debug, Clone, PartialEq)]
enum Sample {
    NotLoaded,
    Loading,
    Loaded(Rc<ImagePixels>),
    Failed(JobError),
}

/// Runs `request` (when it changes) and returns the job status. Jobs run in a Web
/// Worker when one can start, otherwise on the page after one yield (see
/// [`groupwise_core::worker::runner`]). Build the request with `use_memo` or from state, so
/// its `id` changes only when the setting does: every new request value starts a
/// job. A request for the sample input may leave `sample` empty: the hook loads
/// `sample.png` once and fills it in.
#[hook]
pub fn use_conv_job(request: Option<JobRequest>) -> JobStatus {
    let state = use_reducer(JobState::default);
    let sample = use_state(|| Sample::NotLoaded);
    let runner = {
        let dispatch = state.dispatcher();
        use_memo((), move |_| {
            let on_done: OnDone = Rc::new(move |id, outcome: Result<JobResult, JobError>| {
                dispatch.dispatch(JobEvent::Finished {
                    id,
                    outcome: outcome.map(Rc::new),
                })
            });
            Runner::new(on_done)
        })
    };
    {
        let dispatch = state.dispatcher();
        let sample_handle = sample.clone();
        // The sample's loading state matters only to a request that needs it.
        let needs_sample = request
            .as_ref()
            .is_some_and(|r| r.input == InputSource::Sample && r.sample.is_none());
        let loaded = if needs_sample {
            (*sample).clone()
        } else {
            Sample::NotLoaded
        };
        use_effect_with((request, loaded), move |(request, loaded)| {
            let mut slow_timer = None;
            if let Some(mut req) = request.clone() {
                let id = req.id;
                dispatch.dispatch(JobEvent::Started {
                    id,
                    at_ms: js_sys::Date::now(),
                });
                let on_slow = dispatch.clone();
                slow_timer = Some(Timeout::new(SLOW_AFTER_MS, move || {
                    on_slow.dispatch(JobEvent::Slow { id })
                }));
                match (needs_sample, loaded) {
                    (false, _) => runner.borrow_mut().submit(req),
                    (true, Sample::Loaded(px)) => {
                        req.sample = Some((**px).clone());
                        runner.borrow_mut().submit(req);
                    }
                    (true, Sample::Failed(e)) => dispatch.dispatch(JobEvent::Finished {
                        id,
                        outcome: Err(e.clone()),
                    }),
                    (true, Sample::Loading) => {}
                    (true, Sample::NotLoaded) => {
                        sample_handle.set(Sample::Loading);
                        yew::platform::spawn_local(async move {
                            sample_handle.set(match load_sample().await {
                                Ok(px) => Sample::Loaded(Rc::new(px)),
                                Err(e) => Sample::Failed(JobError::Sample(e)),
                            });
                        });
                    }
                }
            }
            // As soon as the timer is dropped it is cancelled: a newer request
            // must not be marked slow by an older one's timer.
            move || drop(slow_timer)
        });
    }
    state.status.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use groupwise_core::compute::run_job;

    fn result(id: u64) -> Rc<JobResult> {
        let mut f = crate::state::Fields::default();
        f.set(crate::state::Field::H, "4".into());
        f.set(crate::state::Field::W, "4".into());
        let req = JobRequest {
            id,
            setting: f.parse().unwrap(),
            seed: 1,
            input: groupwise_core::compute::InputSource::Random,
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
                outcome: Err(JobError::NoStages),
            },
        );
        assert_eq!(s.status.result.as_ref().unwrap().id, 2);
        assert_eq!(s.status.error, Some(JobError::NoStages));
    }
}
