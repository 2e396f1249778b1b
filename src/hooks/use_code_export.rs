//! `use_code_export`: the code panel's files (the scripts, the `.npz`), made in a
//! task worker of its own that replays the job (see `export::code`). The page
//! itself links none of the code that writes them.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use super::task_worker::{finish, Failed, Slot, TaskWorker};
use groupwise_core::compute::{InputSource, JobError, JobRequest};
use groupwise_core::export::code::{CodeFiles, CodeWhat};
use groupwise_core::export::TaskFailure;
use groupwise_core::worker::protocol::{Reply, Request};

/// Where the files of one request stand; `id` is the request's.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum CodeStatus {
    #[default]
    Idle,
    Working {
        id: u64,
    },
    Scripts {
        id: u64,
        pytorch: Rc<String>,
        keras: Rc<String>,
    },
    /// The `.npz`, offered as a blob URL, and its file name.
    Npz {
        id: u64,
        url: String,
        name: String,
    },
    Failed {
        id: u64,
        why: TaskFailure,
    },
}

impl CodeStatus {
    /// The request these files are (or will be) made from.
    pub fn id(&self) -> Option<u64> {
        match self {
            CodeStatus::Idle => None,
            CodeStatus::Working { id }
            | CodeStatus::Scripts { id, .. }
            | CodeStatus::Npz { id, .. }
            | CodeStatus::Failed { id, .. } => Some(*id),
        }
    }
}

/// The status, and a callback that makes `what` from `job` (replacing a
/// request under way).
#[hook]
pub fn use_code_export() -> (CodeStatus, Callback<(JobRequest, CodeWhat)>) {
    let status = use_state(CodeStatus::default);
    let live: Slot = use_mut_ref(|| None);
    // Counts requests, so that one overtaken while it loads the sample does not start.
    let asked = use_mut_ref(|| Cell::new(0u64));
    let start = {
        let (status, live, asked) = (status.clone(), live.clone(), asked.clone());
        Callback::from(move |(job, what): (JobRequest, CodeWhat)| {
            let ticket = asked.borrow().get() + 1;
            asked.borrow().set(ticket);
            drop(live.borrow_mut().take());
            status.set(CodeStatus::Working { id: job.id });
            let (status, live, asked) = (status.clone(), live.clone(), asked.clone());
            yew::platform::spawn_local(async move {
                let job = with_sample(job).await;
                if asked.borrow().get() == ticket {
                    start_worker(job, what, status, live);
                }
            });
        })
    };
    {
        let live = live.clone();
        use_effect_with((), move |_| move || drop(live.borrow_mut().take()));
    }
    ((*status).clone(), start)
}

/// The job with the sample's pixels, which the page's requests leave out
/// (the compute hook fills them in for its own worker).
async fn with_sample(job: JobRequest) -> Result<JobRequest, (u64, TaskFailure)> {
    if job.input != InputSource::Sample || job.sample.is_some() {
        return Ok(job);
    }
    match groupwise_core::compute::image::load_sample().await {
        Ok(pixels) => Ok(JobRequest {
            sample: Some(pixels),
            ..job
        }),
        Err(e) => Err((job.id, TaskFailure::Job(JobError::Sample(e)))),
    }
}

fn start_worker(
    job: Result<JobRequest, (u64, TaskFailure)>,
    what: CodeWhat,
    status: UseStateHandle<CodeStatus>,
    live: Slot,
) {
    let job = match job {
        Ok(job) => job,
        Err((id, why)) => return status.set(CodeStatus::Failed { id, why }),
    };
    let id = job.id;
    let fail = |why| status.set(CodeStatus::Failed { id, why });
    let on_reply = {
        let (status, live) = (status.clone(), live.clone());
        move |reply| {
            if let Reply::Code(outcome) = reply {
                status.set(done(id, outcome));
                finish(&live);
            }
        }
    };
    let on_error = on_error(job.clone(), what, status.clone());
    let request = Request::Code { req: job, what };
    match TaskWorker::start(request, Box::new(on_reply), Box::new(on_error)) {
        Ok(worker) => *live.borrow_mut() = Some(worker),
        Err(why) => fail(why),
    }
}

/// A worker that cannot start fails the request; builds for the browser tests
/// (whose runner serves no worker script) make the files on the page instead.
fn on_error(
    job: JobRequest,
    what: CodeWhat,
    status: UseStateHandle<CodeStatus>,
) -> impl Fn(Failed) {
    move |when| {
        let id = job.id;
        if when == Failed::AfterRequest {
            return status.set(CodeStatus::Failed {
                id,
                why: TaskFailure::WorkerStopped,
            });
        }
        #[cfg(not(feature = "inline-compute"))]
        {
            let _ = what;
            status.set(CodeStatus::Failed {
                id,
                why: TaskFailure::NoWorker,
            });
        }
        #[cfg(feature = "inline-compute")]
        {
            let (job, status) = (job.clone(), status.clone());
            yew::platform::spawn_local(async move {
                status.set(done(id, groupwise_core::export::code::make(&job, what)));
            });
        }
    }
}

/// The status of finished files; the `.npz` becomes a blob URL.
fn done(id: u64, outcome: Result<CodeFiles, TaskFailure>) -> CodeStatus {
    match outcome {
        Ok(CodeFiles::Scripts { pytorch, keras }) => CodeStatus::Scripts {
            id,
            pytorch: Rc::new(pytorch),
            keras: Rc::new(keras),
        },
        Ok(CodeFiles::Npz { bytes, name }) => {
            match groupwise_core::export::download::blob_url(&bytes, "application/zip") {
                Ok(url) => CodeStatus::Npz { id, url, name },
                Err(_) => CodeStatus::Failed {
                    id,
                    why: TaskFailure::NotSaved,
                },
            }
        }
        Err(why) => CodeStatus::Failed { id, why },
    }
}
