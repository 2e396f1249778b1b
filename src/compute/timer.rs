//! "Time the kernels", in a worker: the page sends the comparison, and the
//! worker prepares each kind's kernel with seeded data and times it
//! ([`timing::time_all`]), telling the page each kind's median as soon as it
//! has it. The worker is the one that runs the page's jobs (built for speed,
//! with SIMD), so these are the kernels the page really runs, and the page's
//! main thread stays free while they run.
//!
//! Request: `{ time: Comparison }`. Replies: `{ timer: TimerEvent }`.

use conv_core::{Comparison, ConvError};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use super::wire::{from_js, get, object, to_js};
use crate::state::plots::timing::{self, RUNS};

/// What the timing worker says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TimerEvent {
    /// Kind `index` (in `ConvKind::ALL` order) took `median_s` seconds per call.
    Timed { index: usize, median_s: Option<f64> },
    /// Every kind is timed, `runs` samples each.
    Done { runs: usize },
    /// A kernel failed.
    Failed(ConvError),
    /// The request could not be read.
    Unreadable,
}

/// The request that times the kernels of `c`.
pub fn encode_request(c: &Comparison) -> Result<JsValue, String> {
    Ok(object(&[("time", &to_js(c)?)]))
}

/// Whether a message to the worker asks for a timing.
pub fn is_request(msg: &JsValue) -> bool {
    get(msg, "time").is_object()
}

/// Reads a message of the timing worker (`None` for any other message).
pub fn decode_event(msg: &JsValue) -> Option<TimerEvent> {
    let e = get(msg, "timer");
    (!e.is_undefined()).then(|| from_js(e).ok()).flatten()
}

/// `performance.now()` of this thread, page or worker.
fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .map_or(0.0, |p| p.unchecked_into::<web_sys::Performance>().now())
}

/// Worker side: prepares and times every kind, one event per kind, then `Done`.
pub(crate) fn serve(msg: &JsValue, reply_to: &web_sys::DedicatedWorkerGlobalScope) {
    let post = |e: TimerEvent| {
        if let Ok(v) = to_js(&e) {
            let _ = reply_to.post_message(&object(&[("timer", &v)]));
        }
    };
    let Ok(c) = from_js::<Comparison>(get(msg, "time")) else {
        return post(TimerEvent::Unreadable);
    };
    post(run(&c, &mut |index, median_s| {
        post(TimerEvent::Timed { index, median_s })
    }));
}

/// Prepares and times the kernels of `c` on this thread, telling `on_kind` as
/// each is done; the event that ends the timing.
pub fn run(c: &Comparison, on_kind: &mut dyn FnMut(usize, Option<f64>)) -> TimerEvent {
    let done = timing::prepare(c).and_then(|p| timing::time_all(&p, &now_ms, on_kind));
    match done {
        Ok(()) => TimerEvent::Done { runs: RUNS },
        Err(e) => TimerEvent::Failed(e),
    }
}
