//! What the page and its workers say to each other: one [`Request`] enum and
//! one [`Reply`] enum (gloo-worker's Input and Output), so the worker's
//! dispatcher is one `match` and the compiler finds a missing case.
//!
//! On the wire every message is a plain object whose `type` names its variant.
//! Small fields travel as JS values ([`super::js`]); the big buffers (image
//! pixels, every tensor, a GIF) as typed arrays whose `ArrayBuffer`s are
//! *transferred*, not cloned, so 50 MB of output reach the page without a copy
//! between threads. A result's numbers cross as one `Float64Array`, its head
//! ([`super::head`]), and an error as its words ([`super::error_codec`]).
//!
//! A job reply also carries `meta`, the result's fields as a readable object,
//! for readers other than the page (`scripts/bench_browser`, which builds its
//! peers' models from the layers and shapes).

use conv_core::weights::WeightPreset;
use conv_core::{Conv2dLayer, ConvError, ConvKind, Nchw, PlaneStats, Stats};
use js_sys::{Array, Float32Array, Float64Array, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use super::error_codec::{
    failure_from_words, failure_words, job_error_from_words, job_error_words,
};
use super::head::{head_from_numbers, head_numbers};
use super::js::{
    from_js, get, id_from_js, id_to_js, object, set, strings_from_js, strings_to_js, to_js,
};
use crate::compute::arrival::{self, Slot};
use crate::compute::split::Part;
use crate::compute::{
    ImagePixels, InputSource, JobError, JobRequest, JobResult, Layers, Magnitudes, Setting,
    WorkerFailure,
};
use crate::export::code::{CodeFiles, CodeWhat};
use crate::export::TaskFailure;
use crate::picture::Theme;

/// What the page asks a worker to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Run a job, or one part of a split job.
    Job { req: JobRequest, part: Option<Part> },
    /// The benchmark (`scripts/bench_browser`): a job, then `runs` more timings
    /// of its kernels on the same tensors.
    Bench { req: JobRequest, runs: usize },
    /// The animated GIF of a job's timeline.
    Gif { req: JobRequest, gif: GifJob },
    /// The code panel's files for a job.
    Code { req: JobRequest, what: CodeWhat },
    /// A link's QR code.
    Qr(String),
    /// Time every kind's kernel at a setting ("Time the kernels"): the worker
    /// builds its comparison.
    Time(Setting),
}

/// How a GIF is drawn: with or without the channel shuffle, in the page's
/// theme, its labels in the words the page gave (one per label of
/// [`crate::export::gif::labels`], in that order: the worker has no text layer).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GifJob {
    pub shuffle: bool,
    pub theme: Theme,
    pub words: Vec<String>,
}

/// What a worker says. `J` is a job's outcome and `T` a timing's event: what
/// the worker made ([`JobOutcome`], [`TimerEvent`]), or, on the page, the
/// message each arrived as ([`JobReply`], [`TimerReply`]), read when needed
/// (so the page's module, which never times, links no reader of timings).
#[derive(Debug, Clone, PartialEq)]
pub enum Reply<J, T = TimerEvent> {
    /// Its wasm is loaded and it listens: requests may be sent.
    Ready,
    Job(J),
    GifProgress {
        done: usize,
        total: usize,
    },
    GifDone {
        bytes: Vec<u8>,
        frames: usize,
    },
    GifFailed(TaskFailure),
    Code(Result<CodeFiles, TaskFailure>),
    /// The QR code as SVG text, empty when the text does not fit in one.
    Qr(String),
    Timer(T),
}

/// A reply as the page receives it.
pub type PageReply = Reply<JobReply, TimerReply>;

/// A timing's event as it reached the page, read by [`TimerReply::read`].
#[derive(Debug, Clone, PartialEq)]
pub struct TimerReply {
    msg: JsValue,
}

impl TimerReply {
    pub fn read(&self) -> TimerEvent {
        decode_timer(&self.msg)
    }
}

/// A job's outcome in the worker: the request's id, the result or why there is
/// none, and (for the benchmark) the kernel time of each further run.
#[derive(Debug, Clone, PartialEq)]
pub struct JobOutcome {
    pub id: u64,
    pub outcome: Result<JobResult, JobError>,
    pub bench_ms: Option<Vec<f64>>,
}

/// A job's outcome as it reached the page: its id, and the message, whose
/// tensors are still the worker's arrays until [`JobReply::read`].
#[derive(Debug, Clone, PartialEq)]
pub struct JobReply {
    pub id: u64,
    msg: JsValue,
}

/// What "Time the kernels" reports.
#[derive(Debug, Clone, PartialEq)]
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

fn typed(kind: &str, fields: &[(&str, &JsValue)]) -> JsValue {
    let msg = object(fields);
    set(&msg, "type", &JsValue::from_str(kind));
    msg
}

fn kind_of(msg: &JsValue) -> String {
    get(msg, "type").as_string().unwrap_or_default()
}

impl Request {
    /// The message, and the buffers to transfer with it.
    pub fn encode(&self) -> Result<(JsValue, Array), String> {
        let (kind, req, part) = match self {
            Request::Qr(text) => {
                let msg = typed("qr", &[("text", &JsValue::from_str(text))]);
                return Ok((msg, Array::new()));
            }
            Request::Time(s) => {
                return Ok((typed("time", &[("setting", &to_js(s)?)]), Array::new()))
            }
            Request::Job { req, part } => ("job", req, *part),
            Request::Bench { req, .. } => ("bench", req, None),
            Request::Gif { req, .. } => ("gif", req, None),
            Request::Code { req, .. } => ("code", req, None),
        };
        let (msg, transfer) = encode_job_request(kind, req, part)?;
        match self {
            Request::Bench { runs, .. } => set(&msg, "runs", &JsValue::from(*runs as f64)),
            Request::Gif { gif, .. } => set(&msg, "gif", &encode_gif_job(gif)),
            Request::Code { what, .. } => set(&msg, "code", &to_js(what)?),
            _ => {}
        }
        Ok((msg, transfer))
    }

    /// Reads a message made by [`Request::encode`].
    pub fn decode(msg: JsValue) -> Result<Request, BadRequest> {
        let kind = kind_of(&msg);
        let id = Request::id_of(&msg);
        Request::read(msg, &kind).map_err(|why| BadRequest { kind, id, why })
    }

    fn read(msg: JsValue, kind: &str) -> Result<Request, String> {
        match kind {
            "qr" => Ok(Request::Qr(
                get(&msg, "text").as_string().unwrap_or_default(),
            )),
            "time" => from_js(get(&msg, "setting")).map(Request::Time),
            "job" => {
                let part = from_js::<RequestMeta>(get(&msg, "meta"))?.part;
                Ok(Request::Job {
                    req: decode_job_request(&msg)?,
                    part,
                })
            }
            "bench" => Ok(Request::Bench {
                runs: get(&msg, "runs").as_f64().unwrap_or(1.0) as usize,
                req: decode_job_request(&msg)?,
            }),
            "gif" => Ok(Request::Gif {
                gif: decode_gif_job(&get(&msg, "gif")),
                req: decode_job_request(&msg)?,
            }),
            "code" => Ok(Request::Code {
                what: from_js(get(&msg, "code"))?,
                req: decode_job_request(&msg)?,
            }),
            other => Err(format!("unknown request type '{other}'")),
        }
    }

    /// The job id of a request message, if it can be read (to answer even a
    /// broken one).
    pub fn id_of(msg: &JsValue) -> Option<u64> {
        id_from_js(get(&get(msg, "meta"), "id"))
    }
}

/// A message that is no request: its `type`, its job id if it has one, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRequest {
    pub kind: String,
    pub id: Option<u64>,
    pub why: String,
}

impl BadRequest {
    /// The answer its sender waits for: the failure of what it asked.
    pub fn reply(self) -> Reply<JobOutcome> {
        let detail = TaskFailure::Detail(self.why.clone());
        match self.kind.as_str() {
            "gif" => Reply::GifFailed(detail),
            "code" => Reply::Code(Err(detail)),
            "time" => Reply::Timer(TimerEvent::Unreadable),
            _ => Reply::Job(JobOutcome {
                id: self.id.unwrap_or(0),
                outcome: Err(JobError::worker(WorkerFailure::Message, self.why)),
                bench_ms: None,
            }),
        }
    }
}

fn encode_job_request(
    kind: &str,
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
    let msg = typed(kind, &[("meta", &to_js(&meta)?), ("pixels", &pixels_js)]);
    Ok((msg, transfer))
}

fn decode_job_request(msg: &JsValue) -> Result<JobRequest, String> {
    let meta: RequestMeta = from_js(get(msg, "meta"))?;
    let pixels = meta.image.map(|(width, height)| ImagePixels {
        width,
        height,
        rgba: Uint8Array::new(&get(msg, "pixels")).to_vec(),
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

fn encode_gif_job(g: &GifJob) -> JsValue {
    object(&[
        ("shuffle", &JsValue::from_bool(g.shuffle)),
        ("dark", &JsValue::from_bool(g.theme.is_dark())),
        ("words", &strings_to_js(&g.words)),
    ])
}

fn decode_gif_job(v: &JsValue) -> GifJob {
    let flag = |k| get(v, k).as_bool().unwrap_or(false);
    GifJob {
        shuffle: flag("shuffle"),
        theme: if flag("dark") {
            Theme::Dark
        } else {
            Theme::Light
        },
        words: strings_from_js(&get(v, "words")).unwrap_or_default(),
    }
}

impl Reply<JobOutcome> {
    /// The worker's message, and the buffers to transfer with it.
    pub fn encode(self) -> (JsValue, Array) {
        let none = Array::new;
        let num = |n: usize| JsValue::from(n as f64);
        match self {
            Reply::Ready => (typed("ready", &[]), none()),
            Reply::Job(j) => encode_outcome(j),
            Reply::GifProgress { done, total } => (
                typed(
                    "gif_progress",
                    &[("done", &num(done)), ("total", &num(total))],
                ),
                none(),
            ),
            Reply::GifDone { bytes, frames } => {
                let a = Uint8Array::from(bytes.as_slice());
                let transfer = Array::of1(&a.buffer());
                (
                    typed("gif_done", &[("bytes", &a), ("frames", &num(frames))]),
                    transfer,
                )
            }
            Reply::GifFailed(f) => (
                typed(
                    "gif_failed",
                    &[("error", &strings_to_js(&failure_words(&f)))],
                ),
                none(),
            ),
            Reply::Code(Ok(CodeFiles::Scripts { pytorch, keras })) => {
                let s = |t: &str| JsValue::from_str(t);
                (
                    typed(
                        "code_scripts",
                        &[("pytorch", &s(&pytorch)), ("keras", &s(&keras))],
                    ),
                    none(),
                )
            }
            Reply::Code(Ok(CodeFiles::Npz { bytes, name })) => {
                let a = Uint8Array::from(bytes.as_slice());
                let transfer = Array::of1(&a.buffer());
                (
                    typed(
                        "code_npz",
                        &[("bytes", &a), ("name", &JsValue::from_str(&name))],
                    ),
                    transfer,
                )
            }
            Reply::Code(Err(f)) => (
                typed(
                    "code_failed",
                    &[("error", &strings_to_js(&failure_words(&f)))],
                ),
                none(),
            ),
            Reply::Qr(svg) => (typed("qr", &[("svg", &JsValue::from_str(&svg))]), none()),
            Reply::Timer(e) => (encode_timer(&e), none()),
        }
    }
}

/// A timing event, by hand: a derived `Deserialize` of its `ConvError` would
/// put serde's visitors for every error into each module that reads replies.
fn encode_timer(e: &TimerEvent) -> JsValue {
    let num = |n: f64| JsValue::from(n);
    match e {
        TimerEvent::Timed { index, median_s } => typed(
            "timer",
            &[
                ("event", &"timed".into()),
                ("index", &num(*index as f64)),
                ("median_s", &median_s.map_or(JsValue::NULL, num)),
            ],
        ),
        TimerEvent::Done { runs } => typed(
            "timer",
            &[("event", &"done".into()), ("runs", &num(*runs as f64))],
        ),
        TimerEvent::Failed(c) => {
            let words = job_error_words(&JobError::Conv(c.clone()));
            typed(
                "timer",
                &[
                    ("event", &"failed".into()),
                    ("error", &strings_to_js(&words)),
                ],
            )
        }
        TimerEvent::Unreadable => typed("timer", &[("event", &"unreadable".into())]),
    }
}

fn decode_timer(msg: &JsValue) -> TimerEvent {
    let n = |k| get(msg, k).as_f64();
    let failed = || match strings_from_js(&get(msg, "error")).and_then(|w| job_error_from_words(&w))
    {
        Some(JobError::Conv(c)) => TimerEvent::Failed(c),
        _ => TimerEvent::Unreadable,
    };
    match get(msg, "event").as_string().as_deref() {
        Some("timed") => TimerEvent::Timed {
            index: n("index").unwrap_or(0.0) as usize,
            median_s: n("median_s"),
        },
        Some("done") => TimerEvent::Done {
            runs: n("runs").unwrap_or(0.0) as usize,
        },
        Some("failed") => failed(),
        _ => TimerEvent::Unreadable,
    }
}

/// A job's error as a message.
pub fn job_error_message(id: u64, e: &JobError) -> JsValue {
    typed(
        "job",
        &[
            ("id", &id_to_js(id)),
            ("error", &strings_to_js(&job_error_words(e))),
        ],
    )
}

fn encode_outcome(j: JobOutcome) -> (JsValue, Array) {
    let transfer = Array::new();
    let r = match j.outcome {
        Ok(r) => r,
        Err(e) => return (job_error_message(j.id, &e), transfer),
    };
    let head = Float64Array::from(head_numbers(&r).as_slice());
    let meta = match to_js(&result_meta(&r)) {
        Ok(m) => m,
        Err(e) => {
            let e = JobError::worker(WorkerFailure::Message, e);
            return (job_error_message(j.id, &e), transfer);
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
    let fields = [
        ("id", &id_to_js(r.id)),
        ("head", &head.into()),
        ("meta", &meta),
    ];
    let reply = typed("job", &fields);
    set(&reply, "tensors", &tensors);
    if let Some(ms) = j.bench_ms {
        set(&reply, "bench_ms", &Float64Array::from(ms.as_slice()));
    }
    (reply, transfer)
}

fn result_meta(r: &JobResult) -> ResultMeta {
    ResultMeta {
        id: r.id,
        mode: r.mode,
        layer: r.layer,
        input: r.input.shape,
        weight: r.weight.shape,
        bias: r.bias.clone(),
        intermediate: r.intermediate.as_ref().map(|t| t.shape),
        pw_layer: r.pw_layer,
        pw_weight: r.pw_weight.as_ref().map(|t| t.shape),
        pw_bias: r.pw_bias.clone(),
        output: r.output.shape,
        stats: r.stats,
        planes: r.planes.clone(),
        magnitudes: r.magnitudes,
        compute_ms: r.compute_ms,
        kernel_ms: r.kernel_ms,
    }
}

impl PageReply {
    /// Reads a worker's message (`None` when it is none of these).
    pub fn decode(msg: JsValue) -> Option<PageReply> {
        let n = |k| get(&msg, k).as_f64().unwrap_or(0.0) as usize;
        let failure = |msg: &JsValue| {
            strings_from_js(&get(msg, "error"))
                .and_then(|w| failure_from_words(&w))
                .unwrap_or_else(|| TaskFailure::Detail("unreadable error".into()))
        };
        Some(match kind_of(&msg).as_str() {
            "ready" => Reply::Ready,
            "job" => Reply::Job(JobReply {
                id: id_from_js(get(&msg, "id"))?,
                msg,
            }),
            "gif_progress" => Reply::GifProgress {
                done: n("done"),
                total: n("total"),
            },
            "gif_done" => Reply::GifDone {
                bytes: Uint8Array::new(&get(&msg, "bytes")).to_vec(),
                frames: n("frames"),
            },
            "gif_failed" => Reply::GifFailed(failure(&msg)),
            "code_scripts" => {
                let text = |k| get(&msg, k).as_string().unwrap_or_default();
                Reply::Code(Ok(CodeFiles::Scripts {
                    pytorch: text("pytorch"),
                    keras: text("keras"),
                }))
            }
            "code_npz" => Reply::Code(Ok(CodeFiles::Npz {
                bytes: Uint8Array::new(&get(&msg, "bytes")).to_vec(),
                name: get(&msg, "name").as_string().unwrap_or_default(),
            })),
            "code_failed" => Reply::Code(Err(failure(&msg))),
            "qr" => Reply::Qr(get(&msg, "svg").as_string().unwrap_or_default()),
            "timer" => Reply::Timer(TimerReply { msg }),
            _ => return None,
        })
    }
}

impl JobReply {
    /// The outcome of a job that runs `layers` ([`crate::compute::layers_of`]
    /// its setting), its tensors still the worker's arrays (see
    /// [`crate::compute::arrival`]).
    pub fn read(&self, layers: &Layers) -> Result<arrival::Reply<Float32Array>, JobError> {
        let bad = |e: &str| JobError::worker(WorkerFailure::Message, e);
        let error = get(&self.msg, "error");
        if !error.is_undefined() {
            return Err(strings_from_js(&error)
                .and_then(|w| job_error_from_words(&w))
                .unwrap_or_else(|| bad("unreadable error")));
        }
        let layers = layers.as_ref().map_err(Clone::clone).copied()?;
        let numbers = get(&self.msg, "head")
            .dyn_into::<Float64Array>()
            .map_err(|_| bad("worker reply without a head"))?
            .to_vec();
        let (head, shapes) = head_from_numbers(&numbers, self.id, layers)
            .ok_or_else(|| bad("worker reply whose head is not its layers' result"))?;
        let arrays: Array = get(&self.msg, "tensors")
            .dyn_into()
            .map_err(|_| bad("worker reply without tensors"))?;
        let tensors = Slot::present(&head)
            .into_iter()
            .zip(shapes)
            .enumerate()
            .map(|(i, (slot, shape))| {
                // The worker's own array (no copy here): `Float32Array::new` of one copies it.
                let a = arrays.get(i as u32).dyn_into::<Float32Array>();
                a.map(|a| (slot, shape, a))
                    .map_err(|_| bad("worker reply with a tensor that is not a Float32Array"))
            })
            .collect::<Result<Vec<_>, JobError>>()?;
        Ok(arrival::Reply { head, tensors })
    }
}
