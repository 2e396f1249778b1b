//! The messages between the page and the compute worker (they only mean
//! something in a browser; natively this compiles but is never called).
//!
//! Small fields travel as plain JS objects (`serde_wasm_bindgen`, with u64 as
//! BigInt so any seed survives). The big buffers (image pixels, every tensor) travel
//! as typed arrays whose `ArrayBuffer`s are *transferred*, not cloned: the worker
//! hands 50 MB of output to the page without a copy between threads, and nothing
//! is encoded as text.
//!
//! Request: `{ meta: RequestMeta, pixels: Uint8Array | undefined }`.
//! Reply: `{ id: BigInt, head: Float64Array, meta: ResultMeta, tensors:
//! [Float32Array; 3..=5] }`, where the page reads the numbers from `head`
//! ([`super::head`]) and `meta` is for other readers; or `{ id: BigInt, error:
//! string[] }`, the error's words ([`super::error_words`]).
//!
//! The code panel adds `code` to a request ([`encode_code_request`]), the GIF
//! export `gif` ([`encode_gif_request`]); a QR code request is `{ qr: text }`
//! ([`encode_qr_request`]).
//!
//! The benchmark adds `bench: runs` to a request; the reply then also has
//! `bench_ms: Float64Array`, the kernel time of each run (see [`encode_bench`]).

use conv_core::weights::WeightPreset;
use conv_core::{Conv2dLayer, ConvKind, Nchw, PlaneStats, Stats};
use js_sys::{Array, Float32Array, Object, Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use super::arrival::{Reply, Slot};
use super::code::{CodeFailure, CodeFiles, CodeWhat};
use super::split::Part;
use super::{ImagePixels, InputSource, JobError, JobRequest, JobResult, Magnitudes, WorkerFailure};
use crate::state::Setting;

#[derive(Serialize, Deserialize)]
struct RequestMeta {
    id: u64,
    setting: Setting,
    seed: u64,
    /// `random`, `sample` or `image`.
    input: String,
    weights: WeightPreset,
    /// Size of the pixels sent alongside (the sample's or the user's image).
    image: Option<(u32, u32)>,
    /// The share of a split job this worker computes (see `compute::split`).
    #[serde(default)]
    part: Option<Part>,
}

/// A result's fields and shapes as a readable object, for readers other than
/// the page (the benchmark builds its peers' models from the layers and shapes).
/// The page reads the `head` ([`super::head`]) instead.
#[derive(Serialize)]
struct ResultMeta {
    id: u64,
    mode: ConvKind,
    layer: Conv2dLayer,
    input: Nchw,
    weight: Nchw,
    bias: Option<Vec<f32>>,
    intermediate: Option<Nchw>,
    pw_layer: Option<Conv2dLayer>,
    pw_weight: Option<Nchw>,
    pw_bias: Option<Vec<f32>>,
    output: Nchw,
    stats: Stats,
    planes: Vec<PlaneStats>,
    magnitudes: Magnitudes,
    compute_ms: f64,
    kernel_ms: f64,
}

pub(crate) fn to_js<T: Serialize>(v: &T) -> Result<JsValue, String> {
    v.serialize(
        &serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true),
    )
    .map_err(|e| format!("cannot encode a worker message: {e}"))
}

pub(crate) fn from_js<T: for<'de> Deserialize<'de>>(v: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(v).map_err(|e| format!("cannot decode a worker message: {e}"))
}

/// An error's words ([`super::error_words`]) as an array of strings.
fn words_to_js(words: &[String]) -> JsValue {
    words
        .iter()
        .map(|w| JsValue::from_str(w))
        .collect::<Array>()
        .into()
}

/// The words of an array of strings (`None` if it is not one).
fn words_from_js(v: &JsValue) -> Option<Vec<String>> {
    v.dyn_ref::<Array>()?
        .iter()
        .map(|w| w.as_string())
        .collect()
}

pub(crate) fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub(crate) fn object(fields: &[(&str, &JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// A request as a message, and the buffers to transfer with it.
pub fn encode_request(req: &JobRequest) -> Result<(JsValue, Array), String> {
    encode_part_request(req, None)
}

/// A request for one part of a split job (`None`: the whole job).
pub fn encode_part_request(
    req: &JobRequest,
    part: Option<Part>,
) -> Result<(JsValue, Array), String> {
    let pixels = match &req.input {
        InputSource::Image(img) => Some(img),
        InputSource::Sample => req.sample.as_ref(),
        InputSource::Random => None,
    };
    let meta = RequestMeta {
        id: req.id,
        setting: req.setting.clone(),
        seed: req.seed,
        input: req.input.name().into(),
        weights: req.weights,
        image: pixels.map(|p| (p.width, p.height)),
        part,
    };
    let transfer = Array::new();
    let pixels_js = match pixels {
        Some(p) => {
            let a = Uint8Array::from(p.rgba.as_slice());
            transfer.push(&a.buffer());
            a.into()
        }
        None => JsValue::UNDEFINED,
    };
    Ok((
        object(&[("meta", &to_js(&meta)?), ("pixels", &pixels_js)]),
        transfer,
    ))
}

/// The request id of a message, if it can be read (to answer even a broken one).
pub fn request_id(msg: &JsValue) -> Option<u64> {
    let id = get(&get(msg, "meta"), "id");
    u64::try_from(id.dyn_into::<js_sys::BigInt>().ok()?).ok()
}

/// The part of a split job a request asks for, if any.
pub fn request_part(msg: &JsValue) -> Option<Part> {
    from_js::<Option<Part>>(get(&get(msg, "meta"), "part"))
        .ok()
        .flatten()
}

/// Reads a message made by [`encode_request`].
pub fn decode_request(msg: JsValue) -> Result<JobRequest, String> {
    let meta: RequestMeta = from_js(get(&msg, "meta"))?;
    let pixels = meta.image.map(|(width, height)| ImagePixels {
        width,
        height,
        rgba: Uint8Array::new(&get(&msg, "pixels")).to_vec(),
    });
    let (input, sample) = match (meta.input.as_str(), pixels) {
        ("image", Some(p)) => (InputSource::Image(p), None),
        ("sample", p) => (InputSource::Sample, p),
        ("random", _) => (InputSource::Random, None),
        (other, _) => return Err(format!("unknown input source '{other}'")),
    };
    Ok(JobRequest {
        id: meta.id,
        setting: meta.setting,
        seed: meta.seed,
        input,
        weights: meta.weights,
        sample,
    })
}

/// A finished job (or its error) as a message, and the buffers to transfer.
pub fn encode_outcome(id: u64, outcome: Result<JobResult, JobError>) -> (JsValue, Array) {
    let transfer = Array::new();
    let r = match outcome {
        Ok(r) => r,
        Err(e) => return (error_message(id, &e), transfer),
    };
    let head = js_sys::Float64Array::from(super::head::head_numbers(&r).as_slice());
    let meta = ResultMeta {
        id: r.id,
        mode: r.mode,
        layer: r.layer,
        input: r.input.shape,
        weight: r.weight.shape,
        bias: r.bias,
        intermediate: r.intermediate.as_ref().map(|t| t.shape),
        pw_layer: r.pw_layer,
        pw_weight: r.pw_weight.as_ref().map(|t| t.shape),
        pw_bias: r.pw_bias,
        output: r.output.shape,
        stats: r.stats,
        planes: r.planes,
        magnitudes: r.magnitudes,
        compute_ms: r.compute_ms,
        kernel_ms: r.kernel_ms,
    };
    let meta = match to_js(&meta) {
        Ok(m) => m,
        Err(e) => {
            let e = JobError::worker(WorkerFailure::Message, e);
            return (error_message(id, &e), transfer);
        }
    };
    let tensors = Array::new();
    for t in [Some(&r.input), Some(&r.weight), Some(&r.output)]
        .into_iter()
        .chain([r.intermediate.as_ref(), r.pw_weight.as_ref()])
        .flatten()
    {
        let a = Float32Array::from(t.data.as_slice());
        transfer.push(&a.buffer());
        tensors.push(&a);
    }
    let id = JsValue::from(js_sys::BigInt::from(r.id));
    let fields = [("id", &id), ("head", &head.into()), ("meta", &meta)];
    let reply = object(&fields);
    let _ = Reflect::set(&reply, &JsValue::from_str("tensors"), &tensors);
    (reply, transfer)
}

fn error_message(id: u64, e: &JobError) -> JsValue {
    let error = words_to_js(&super::error_words::job_error_words(e));
    object(&[
        ("id", &JsValue::from(js_sys::BigInt::from(id))),
        ("error", &error),
    ])
}

/// Reads a message made by [`encode_outcome`] for a job that runs `layers`
/// ([`super::layers_of`] its setting): the request id and the outcome, whose
/// tensors are still the worker's arrays (see [`super::arrival`]).
pub fn decode_outcome(
    msg: JsValue,
    layers: &super::Layers,
) -> Result<(u64, Result<Reply<Float32Array>, JobError>), String> {
    let id = get(&msg, "id")
        .dyn_into::<js_sys::BigInt>()
        .ok()
        .and_then(|b| u64::try_from(b).ok())
        .ok_or("worker reply without a request id")?;
    let error = get(&msg, "error");
    if !error.is_undefined() {
        let e = words_from_js(&error)
            .and_then(|w| super::error_words::job_error_from_words(&w))
            .unwrap_or_else(|| JobError::worker(WorkerFailure::Message, "unreadable error"));
        return Ok((id, Err(e)));
    }
    let layers = match layers {
        Ok(layers) => *layers,
        Err(e) => return Ok((id, Err(e.clone()))),
    };
    let numbers = get(&msg, "head")
        .dyn_into::<js_sys::Float64Array>()
        .map_err(|_| "worker reply without a head".to_string())?
        .to_vec();
    let (head, shapes) = super::head::head_from_numbers(&numbers, id, layers)
        .ok_or("worker reply whose head is not its layers' result")?;
    let arrays: Array = get(&msg, "tensors")
        .dyn_into()
        .map_err(|_| "worker reply without tensors".to_string())?;
    let tensors = Slot::present(&head)
        .into_iter()
        .zip(shapes)
        .enumerate()
        .map(|(i, (slot, shape))| {
            // The worker's own array (no copy here): `Float32Array::new` of one copies it.
            let a = arrays
                .get(i as u32)
                .dyn_into::<Float32Array>()
                .map_err(|_| "worker reply with a tensor that is not a Float32Array".to_string())?;
            Ok((slot, shape, a))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((id, Ok(Reply { head, tensors })))
}

/// A GIF export request: the job to replay (as [`encode_request`]) and how to draw it.
pub fn encode_gif_request(
    req: &JobRequest,
    shuffle: bool,
    style: super::gif::GifStyle,
) -> Result<(JsValue, Array), String> {
    let (msg, transfer) = encode_request(req)?;
    let gif = object(&[
        ("shuffle", &JsValue::from_bool(shuffle)),
        ("dark", &JsValue::from_bool(style.dark)),
        ("lang", &JsValue::from_str(style.lang.code())),
    ]);
    let _ = Reflect::set(&msg, &JsValue::from_str("gif"), &gif);
    Ok((msg, transfer))
}

/// What the worker says about a GIF export.
#[derive(Debug, Clone, PartialEq)]
pub enum GifEvent {
    Progress(usize, usize),
    Done { bytes: Vec<u8>, frames: usize },
    Failed(String),
}

/// Reads a worker message about a GIF export (`None` for other messages).
pub fn decode_gif_event(msg: &JsValue) -> Option<GifEvent> {
    if let Some(p) = get(msg, "gif_progress").dyn_ref::<Array>() {
        let n = |i| p.get(i).as_f64().unwrap_or(0.0) as usize;
        return Some(GifEvent::Progress(n(0), n(1)));
    }
    if let Some(e) = get(msg, "gif_error").as_string() {
        return Some(GifEvent::Failed(e));
    }
    let bytes = get(msg, "gif_done");
    if bytes.is_undefined() {
        return None;
    }
    Some(GifEvent::Done {
        bytes: Uint8Array::new(&bytes).to_vec(),
        frames: get(msg, "frames").as_f64().unwrap_or(0.0) as usize,
    })
}

/// Worker side: replays the job, draws and encodes the GIF, reporting progress.
fn serve_gif(msg: JsValue, reply_to: &web_sys::DedicatedWorkerGlobalScope) {
    let opts = get(&msg, "gif");
    let flag = |k| get(&opts, k).as_bool().unwrap_or(false);
    let shuffle = flag("shuffle");
    let style = super::gif::GifStyle {
        dark: flag("dark"),
        lang: get(&opts, "lang")
            .as_string()
            .and_then(|c| crate::text::Lang::from_code(&c))
            .unwrap_or_default(),
    };
    let progress = |done: usize, total: usize| {
        let p = Array::of2(&JsValue::from(done as f64), &JsValue::from(total as f64));
        let _ = reply_to.post_message(&object(&[("gif_progress", &p)]));
    };
    // GIF errors are still words, not data: the job's error is worded here, in the page's language.
    let words = crate::text::text(style.lang);
    let outcome = decode_request(msg)
        .and_then(|req| super::run_job(&req).map_err(|e| words.job_error(&e)))
        .and_then(|r| super::gif::render_gif(std::rc::Rc::new(r), shuffle, style, &progress));
    match outcome {
        Ok((bytes, frames)) => {
            let a = Uint8Array::from(bytes.as_slice());
            let transfer = Array::of1(&a.buffer());
            let reply = object(&[("gif_done", &a), ("frames", &JsValue::from(frames as f64))]);
            let _ = reply_to.post_message_with_transfer(&reply, &transfer);
        }
        Err(e) => {
            let _ = reply_to.post_message(&object(&[("gif_error", &JsValue::from_str(&e))]));
        }
    }
}

/// A code panel request: the job to replay (as [`encode_request`]) and which
/// files to make from it (`code: "Scripts" | "Npz"`).
pub fn encode_code_request(req: &JobRequest, what: CodeWhat) -> Result<(JsValue, Array), String> {
    let (msg, transfer) = encode_request(req)?;
    let _ = Reflect::set(&msg, &JsValue::from_str("code"), &to_js(&what)?);
    Ok((msg, transfer))
}

/// Reads the worker's answer to a code request (`None` for other messages):
/// `code_scripts: [pytorch, keras]`, `code_npz: Uint8Array` with `name`, or
/// `code_error`, a [`CodeFailure`] kept typed for the text layer.
pub fn decode_code_reply(msg: &JsValue) -> Option<Result<CodeFiles, CodeFailure>> {
    let error = get(msg, "code_error");
    if !error.is_undefined() {
        let failure = words_from_js(&error)
            .and_then(|w| super::error_words::code_failure_from_words(&w))
            .unwrap_or_else(|| CodeFailure::Detail("unreadable error".into()));
        return Some(Err(failure));
    }
    if let Some(s) = get(msg, "code_scripts").dyn_ref::<Array>() {
        let text = |i| s.get(i).as_string().unwrap_or_default();
        return Some(Ok(CodeFiles::Scripts {
            pytorch: text(0),
            keras: text(1),
        }));
    }
    let bytes = get(msg, "code_npz");
    if bytes.is_undefined() {
        return None;
    }
    Some(Ok(CodeFiles::Npz {
        bytes: Uint8Array::new(&bytes).to_vec(),
        name: get(msg, "name").as_string().unwrap_or_default(),
    }))
}

/// Worker side: replays the job and answers with the files asked for.
fn serve_code(msg: JsValue, reply_to: &web_sys::DedicatedWorkerGlobalScope) {
    let what = from_js::<CodeWhat>(get(&msg, "code")).map_err(CodeFailure::Detail);
    let outcome = what.and_then(|what| {
        let req = decode_request(msg).map_err(CodeFailure::Detail)?;
        super::code::make(&req, what)
    });
    let (reply, transfer) = match outcome {
        Ok(CodeFiles::Scripts { pytorch, keras }) => {
            let both = Array::of2(&JsValue::from_str(&pytorch), &JsValue::from_str(&keras));
            (object(&[("code_scripts", &both)]), Array::new())
        }
        Ok(CodeFiles::Npz { bytes, name }) => {
            let a = Uint8Array::from(bytes.as_slice());
            let transfer = Array::of1(&a.buffer());
            let reply = object(&[("code_npz", &a), ("name", &JsValue::from_str(&name))]);
            (reply, transfer)
        }
        Err(e) => {
            let e = words_to_js(&super::error_words::code_failure_words(&e));
            (object(&[("code_error", &e)]), Array::new())
        }
    };
    let _ = reply_to.post_message_with_transfer(&reply, &transfer);
}

/// A QR code request: `{ qr: text }`. The reply is `{ qr_svg: string }`, the
/// code as SVG text, empty when the text does not fit in a QR code.
pub fn encode_qr_request(text: &str) -> JsValue {
    object(&[("qr", &JsValue::from_str(text))])
}

/// The SVG text of the worker's answer to a QR request (`None` for other messages).
pub fn decode_qr_reply(msg: &JsValue) -> Option<String> {
    get(msg, "qr_svg").as_string()
}

fn serve_qr(msg: &JsValue, reply_to: &web_sys::DedicatedWorkerGlobalScope) {
    let text = get(msg, "qr").as_string().unwrap_or_default();
    let svg = crate::render::qr::qr_svg(&text).unwrap_or_default();
    let _ = reply_to.post_message(&object(&[("qr_svg", &JsValue::from_str(&svg))]));
}

/// A benchmark request (`scripts/bench_browser.mjs`): a job request with
/// `bench: runs` added. The reply is the job's outcome, as [`encode_outcome`], with
/// `bench_ms`: the kernel time of each of `runs` more runs on the job's tensors
/// ([`super::time_kernels`]).
fn encode_bench(id: u64, outcome: Result<JobResult, JobError>, runs: usize) -> (JsValue, Array) {
    let times = match &outcome {
        Ok(r) => super::time_kernels(r, runs),
        Err(e) => Err(e.clone()),
    };
    match times {
        Ok(t) => {
            let (reply, transfer) = encode_outcome(id, outcome);
            let _ = Reflect::set(
                &reply,
                &JsValue::from_str("bench_ms"),
                &js_sys::Float64Array::from(t.as_slice()),
            );
            (reply, transfer)
        }
        Err(e) => (error_message(id, &e), Array::new()),
    }
}

/// The worker's entry point: answer every request message with its outcome.
pub fn serve_in_worker() {
    use wasm_bindgen::closure::Closure;
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let msg = e.data();
            if get(&msg, "gif").is_object() {
                return serve_gif(msg, &reply_to);
            }
            if !get(&msg, "code").is_undefined() {
                return serve_code(msg, &reply_to);
            }
            if get(&msg, "qr").is_string() {
                return serve_qr(&msg, &reply_to);
            }
            if super::timer::is_request(&msg) {
                return super::timer::serve(&msg, &reply_to);
            }
            let id = request_id(&msg).unwrap_or(0);
            let part = request_part(&msg);
            let bench_runs = get(&msg, "bench").as_f64();
            let outcome = decode_request(msg)
                .map_err(|e| JobError::worker(WorkerFailure::Message, e))
                .and_then(|req| super::run_job_part(&req, part));
            let (reply, transfer) = match bench_runs {
                Some(runs) => encode_bench(id, outcome, runs as usize),
                None => encode_outcome(id, outcome),
            };
            if reply_to
                .post_message_with_transfer(&reply, &transfer)
                .is_err()
            {
                let _ = reply_to.post_message(&error_message(
                    id,
                    &JobError::worker(WorkerFailure::Message, "the result could not be sent"),
                ));
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    // Only now can messages be received: tell the page (it holds jobs until then).
    let _ = scope.post_message(&object(&[("ready", &JsValue::TRUE)]));
}
