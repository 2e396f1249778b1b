//! The worker's side of the protocol: every message is read as a
//! [`Request`] and answered by one `match`, each arm one job: a convolution
//! (or a part of one), the benchmark, a GIF, the code panel's files, a QR code,
//! or the kernels' timing.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use groupwise_core::compute::{
    run_job, run_job_part, time_kernels, timing, JobError, WorkerFailure,
};
use groupwise_core::export::{code, gif, qr, TaskFailure};
use groupwise_core::worker::protocol::{
    job_error_message, GifJob, JobOutcome, Reply, Request, TimerEvent,
};

/// Installs the message handler, then tells the page this worker is ready
/// (it holds its requests until then: a message that reached the worker before
/// its handler existed would be lost).
pub fn listen() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| serve(e, &to));
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&scope, Reply::Ready);
}

fn serve(e: MessageEvent, to: &DedicatedWorkerGlobalScope) {
    let request = match Request::decode(e.data()) {
        Ok(r) => r,
        Err(bad) => return post(to, bad.reply()),
    };
    match request {
        Request::Job { req, part } => {
            let outcome = run_job_part(&req, part);
            post(
                to,
                Reply::Job(JobOutcome {
                    id: req.id,
                    outcome,
                    bench_ms: None,
                }),
            )
        }
        Request::Bench { req, runs } => post(to, Reply::Job(bench(&req, runs))),
        Request::Gif { req, gif } => serve_gif(&req, gif, to),
        Request::Code { req, what } => post(to, Reply::Code(code::make(&req, what))),
        Request::Qr(text) => post(to, Reply::Qr(qr::qr_svg(&text).unwrap_or_default())),
        Request::Time(setting) => {
            let c = match comparison_of(&setting) {
                Ok(c) => c,
                Err(e) => return post(to, Reply::Timer(TimerEvent::Failed(e))),
            };
            let mut on_kind =
                |index, median_s| post(to, Reply::Timer(TimerEvent::Timed { index, median_s }));
            let end = match timing::time_comparison(&c, &mut on_kind) {
                Ok(()) => TimerEvent::Done { runs: timing::RUNS },
                Err(e) => TimerEvent::Failed(e),
            };
            post(to, Reply::Timer(end))
        }
    }
}

/// A job, then `runs` more timings of its kernels on its tensors.
fn bench(req: &groupwise_core::compute::JobRequest, runs: usize) -> JobOutcome {
    let outcome = run_job(req);
    let times = outcome
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|r| time_kernels(r, runs));
    match times {
        Ok(t) => JobOutcome {
            id: req.id,
            outcome,
            bench_ms: Some(t),
        },
        Err(e) => JobOutcome {
            id: req.id,
            outcome: Err(e),
            bench_ms: None,
        },
    }
}

/// Replays the job, draws and encodes the GIF, reporting progress.
fn serve_gif(
    req: &groupwise_core::compute::JobRequest,
    g: GifJob,
    to: &DedicatedWorkerGlobalScope,
) {
    let progress = |done, total| post(to, Reply::GifProgress { done, total });
    let outcome = run_job(req).map_err(TaskFailure::Job).and_then(|r| {
        gif::render_gif(Rc::new(r), g.shuffle, g.theme, g.words, &progress)
            .map_err(TaskFailure::Detail)
    });
    post(
        to,
        match outcome {
            Ok((bytes, frames)) => Reply::GifDone { bytes, frames },
            Err(f) => Reply::GifFailed(f),
        },
    )
}

/// Sends a reply, transferring its buffers; a job whose result cannot be sent
/// gets an error instead, so the page never waits for it.
fn post(to: &DedicatedWorkerGlobalScope, reply: Reply<JobOutcome>) {
    let id = match &reply {
        Reply::Job(j) => Some(j.id),
        _ => None,
    };
    let (msg, transfer) = reply.encode();
    if to.post_message_with_transfer(&msg, &transfer).is_err() {
        if let Some(id) = id {
            let e = JobError::worker(WorkerFailure::Message, "the result could not be sent");
            let _ = to.post_message(&job_error_message(id, &e));
        }
    }
}

/// The comparison the timer times: every kind at `s`.
fn comparison_of(s: &groupwise_core::compute::Setting) -> conv_core::Result<conv_core::Comparison> {
    let limits = conv_core::Limits::default();
    conv_core::Comparison::build(&s.base, s.input, s.multiplier, &limits)
}
