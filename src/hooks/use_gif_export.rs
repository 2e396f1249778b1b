//! `use_gif_export`: encodes the whole timeline as a GIF in a worker of its own
//! (the page's compute worker keeps serving jobs meanwhile), with progress. The
//! worker replays the job, so the frames carry exactly the page's numbers, and
//! draws the labels in the words the request carries (it has no text layer).

use yew::prelude::*;

use super::task_worker::{finish, Failed, Slot, TaskWorker};
use groupwise_core::compute::JobRequest;
use groupwise_core::export::download::blob_url;
use groupwise_core::export::TaskFailure;
use groupwise_core::worker::protocol::{GifJob, PageReply, Reply, Request};

/// Where an export stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum GifStatus {
    #[default]
    Idle,
    Working(usize, usize),
    Ready {
        url: String,
        bytes: usize,
        frames: usize,
    },
    Failed(TaskFailure),
}

/// The export's status, and a callback that starts one for `(job, gif)`.
#[hook]
pub fn use_gif_export() -> (GifStatus, Callback<(JobRequest, GifJob)>) {
    let status = use_state(GifStatus::default);
    let live: Slot = use_mut_ref(|| None);
    let start = {
        let (status, live) = (status.clone(), live.clone());
        Callback::from(move |(job, gif): (JobRequest, GifJob)| {
            let on_reply = on_reply(status.clone(), live.clone());
            let on_error = on_error(job.clone(), gif.clone(), status.clone());
            let request = Request::Gif { req: job, gif };
            match TaskWorker::start(request, Box::new(on_reply), Box::new(on_error)) {
                Ok(worker) => {
                    status.set(GifStatus::Working(0, 1));
                    // Replacing an export under way terminates its worker.
                    *live.borrow_mut() = Some(worker);
                }
                Err(why) => status.set(GifStatus::Failed(why)),
            }
        })
    };
    {
        let live = live.clone();
        use_effect_with((), move |_| move || drop(live.borrow_mut().take()));
    }
    ((*status).clone(), start)
}

/// A worker that cannot start fails the export; builds for the browser tests
/// (whose runner serves no worker script) encode on the page instead.
fn on_error(job: JobRequest, gif: GifJob, status: UseStateHandle<GifStatus>) -> impl Fn(Failed) {
    move |when| {
        if when == Failed::AfterRequest {
            status.set(GifStatus::Failed(TaskFailure::WorkerStopped));
            return;
        }
        #[cfg(not(feature = "inline-compute"))]
        {
            let _ = (&job, &gif);
            status.set(GifStatus::Failed(TaskFailure::NoWorker));
        }
        #[cfg(feature = "inline-compute")]
        encode_on_page(job.clone(), gif.clone(), status.clone());
    }
}

#[cfg(feature = "inline-compute")]
fn encode_on_page(job: JobRequest, gif: GifJob, status: UseStateHandle<GifStatus>) {
    yew::platform::spawn_local(async move {
        let outcome = groupwise_core::compute::run_job(&job)
            .map_err(TaskFailure::Job)
            .and_then(|r| {
                let r = std::rc::Rc::new(r);
                groupwise_core::export::gif::render_gif(
                    r,
                    gif.shuffle,
                    gif.theme,
                    gif.words,
                    &|_, _| {},
                )
                .map_err(TaskFailure::Detail)
            });
        status.set(match outcome {
            Ok((bytes, frames)) => ready(&bytes, frames),
            Err(e) => GifStatus::Failed(e),
        });
    });
}

/// A finished GIF, offered as a file.
fn ready(bytes: &[u8], frames: usize) -> GifStatus {
    match blob_url(bytes, "image/gif") {
        Ok(url) => GifStatus::Ready {
            url,
            bytes: bytes.len(),
            frames,
        },
        Err(_) => GifStatus::Failed(TaskFailure::NotSaved),
    }
}

fn on_reply(status: UseStateHandle<GifStatus>, live: Slot) -> impl Fn(PageReply) {
    move |reply| match reply {
        Reply::GifProgress { done, total } => status.set(GifStatus::Working(done, total)),
        Reply::GifDone { bytes, frames } => {
            status.set(ready(&bytes, frames));
            finish(&live);
        }
        Reply::GifFailed(e) => status.set(GifStatus::Failed(e)),
        _ => {}
    }
}
