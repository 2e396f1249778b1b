//! `use_gif_export`: encodes the whole timeline as a GIF in a worker of its own
//! (the page's compute worker keeps serving jobs meanwhile), with progress. The
//! worker replays the job, so the frames carry exactly the page's numbers.

use yew::prelude::*;

use super::task_worker::{finish, Failed, Slot, TaskWorker};
use crate::compute::gif::GifStyle;
use crate::compute::wire::{decode_gif_event, encode_gif_request, GifEvent};
use crate::compute::JobRequest;
use crate::text::picture::GifFailure;

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
    Failed(GifFailure),
}

/// The export's status, and a callback that starts one for `(job, shuffle, style)`.
#[hook]
pub fn use_gif_export() -> (GifStatus, Callback<(JobRequest, bool, GifStyle)>) {
    let status = use_state(GifStatus::default);
    let live: Slot = use_mut_ref(|| None);
    let start = {
        let (status, live) = (status.clone(), live.clone());
        Callback::from(move |(job, shuffle, style): (JobRequest, bool, GifStyle)| {
            let fail = |e| status.set(GifStatus::Failed(e));
            let Ok((msg, transfer)) = encode_gif_request(&job, shuffle, style) else {
                return fail(GifFailure::Request);
            };
            let on_reply = on_reply(status.clone(), live.clone());
            let on_error = on_error(job, shuffle, style, status.clone());
            let Some(worker) =
                TaskWorker::start(msg, transfer, Box::new(on_reply), Box::new(on_error))
            else {
                return fail(GifFailure::NoWorker);
            };
            status.set(GifStatus::Working(0, 1));
            // Replacing an export under way terminates its worker.
            *live.borrow_mut() = Some(worker);
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
fn on_error(
    job: JobRequest,
    shuffle: bool,
    style: GifStyle,
    status: UseStateHandle<GifStatus>,
) -> impl Fn(Failed) {
    move |when| {
        if when == Failed::AfterRequest {
            status.set(GifStatus::Failed(GifFailure::WorkerStopped));
            return;
        }
        #[cfg(not(feature = "inline-compute"))]
        {
            let _ = (&job, shuffle, style);
            status.set(GifStatus::Failed(GifFailure::NoWorker));
        }
        #[cfg(feature = "inline-compute")]
        encode_on_page(job.clone(), shuffle, style, status.clone());
    }
}

#[cfg(feature = "inline-compute")]
fn encode_on_page(
    job: JobRequest,
    shuffle: bool,
    style: GifStyle,
    status: UseStateHandle<GifStatus>,
) {
    yew::platform::spawn_local(async move {
        let words = crate::text::text(style.lang);
        let outcome = crate::compute::run_job(&job)
            .map_err(|e| words.job_error(&e))
            .and_then(|r| {
                crate::compute::gif::render_gif(std::rc::Rc::new(r), shuffle, style, &|_, _| {})
            });
        status.set(match outcome {
            Ok((bytes, frames)) => ready(&bytes, frames),
            Err(e) => GifStatus::Failed(GifFailure::Worker(e)),
        });
    });
}

/// A finished GIF, offered as a file.
fn ready(bytes: &[u8], frames: usize) -> GifStatus {
    match crate::export::blob_url(bytes, "image/gif") {
        Ok(url) => GifStatus::Ready {
            url,
            bytes: bytes.len(),
            frames,
        },
        Err(_) => GifStatus::Failed(GifFailure::NotSaved),
    }
}

fn on_reply(status: UseStateHandle<GifStatus>, live: Slot) -> impl Fn(wasm_bindgen::JsValue) {
    move |msg| match decode_gif_event(&msg) {
        Some(GifEvent::Progress(d, t)) => status.set(GifStatus::Working(d, t)),
        Some(GifEvent::Done { bytes, frames }) => {
            status.set(ready(&bytes, frames));
            finish(&live);
        }
        Some(GifEvent::Failed(e)) => status.set(GifStatus::Failed(GifFailure::Worker(e))),
        None => {}
    }
}
