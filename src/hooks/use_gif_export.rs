//! `use_gif_export`: encodes the whole timeline as a GIF in a worker of its own
//! (the page's compute worker keeps serving jobs meanwhile), with progress. The
//! worker replays the job, so the frames carry exactly the page's numbers.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::compute::gif::GifStyle;
use crate::compute::runner::WORKER_URL;
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

struct Live {
    worker: web_sys::Worker,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::ErrorEvent)>,
}

impl Drop for Live {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The export's status, and a callback that starts one for `(job, shuffle, style)`.
#[hook]
pub fn use_gif_export() -> (GifStatus, Callback<(JobRequest, bool, GifStyle)>) {
    let status = use_state(GifStatus::default);
    let live = use_mut_ref(|| None::<Live>);
    let start = {
        let (status, live) = (status.clone(), live.clone());
        Callback::from(move |(job, shuffle, style): (JobRequest, bool, GifStyle)| {
            let fail = |e| status.set(GifStatus::Failed(e));
            let Ok((msg, transfer)) = encode_gif_request(&job, shuffle, style) else {
                return fail(GifFailure::Request);
            };
            let Ok(worker) = web_sys::Worker::new(WORKER_URL) else {
                return fail(GifFailure::NoWorker);
            };
            let pending = Rc::new(RefCell::new(Some((msg, transfer))));
            let on_message = on_message(
                worker.clone(),
                pending.clone(),
                status.clone(),
                live.clone(),
            );
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            let on_error = on_error(job, shuffle, style, pending, status.clone());
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            status.set(GifStatus::Working(0, 1));
            // Replacing an export under way terminates its worker.
            *live.borrow_mut() = Some(Live {
                worker,
                _on_message: on_message,
                _on_error: on_error,
            });
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
    pending: Pending,
    status: UseStateHandle<GifStatus>,
) -> Closure<dyn Fn(web_sys::ErrorEvent)> {
    Closure::new(move |_e: web_sys::ErrorEvent| {
        if pending.borrow_mut().take().is_none() {
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
    })
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
            .and_then(|r| crate::compute::gif::render_gif(Rc::new(r), shuffle, style, &|_, _| {}));
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

type Pending = Rc<RefCell<Option<(wasm_bindgen::JsValue, js_sys::Array)>>>;

fn on_message(
    worker: web_sys::Worker,
    pending: Pending,
    status: UseStateHandle<GifStatus>,
    live: Rc<RefCell<Option<Live>>>,
) -> Closure<dyn Fn(web_sys::MessageEvent)> {
    Closure::new(move |e: web_sys::MessageEvent| {
        let msg = e.data();
        // The worker says it is ready: send the request it waits for.
        if js_sys::Reflect::get(&msg, &"ready".into())
            .ok()
            .and_then(|v| v.as_bool())
            == Some(true)
        {
            if let Some((m, t)) = pending.borrow_mut().take() {
                let _ = worker.post_message_with_transfer(&m, &t);
            }
            return;
        }
        match decode_gif_event(&msg) {
            Some(GifEvent::Progress(d, t)) => status.set(GifStatus::Working(d, t)),
            Some(GifEvent::Done { bytes, frames }) => {
                status.set(ready(&bytes, frames));
                let live = live.clone();
                // Done with this worker; drop it outside its own message handler.
                yew::platform::spawn_local(async move { drop(live.borrow_mut().take()) });
            }
            Some(GifEvent::Failed(e)) => status.set(GifStatus::Failed(GifFailure::Worker(e))),
            None => {}
        }
    })
}
