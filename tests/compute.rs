//! Browser tests of the compute pipeline through `use_conv_job`. The test runner
//! does not serve `worker_loader.js`, so the hook falls back to running jobs on
//! the page: these tests cover that path, the stale-result rule and the numbers.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use conv_core::weights::WeightPreset;
use conv_core::ConvKind;
use groupwise::hooks::use_conv_job::use_conv_job;
use groupwise::state::{Field, Fields};
use groupwise::text::{text, Lang};
use groupwise_core::compute::{run_job, InputSource, JobRequest};
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct HarnessProps {
    request: Option<JobRequest>,
}

/// Shows the hook's status as data attributes.
#[function_component]
fn Harness(props: &HarnessProps) -> Html {
    let s = use_conv_job(props.request.clone());
    let r = s.result.as_ref();
    html! {
        <div data-testid="job"
             data-id={r.map(|r| r.id.to_string()).unwrap_or_default()}
             data-sum={r.map(|r| r.stats.sum.to_string()).unwrap_or_default()}
             data-min={r.map(|r| r.stats.min.to_string()).unwrap_or_default()}
             data-max={r.map(|r| r.stats.max.to_string()).unwrap_or_default()}
             data-mean={r.map(|r| r.stats.mean.to_string()).unwrap_or_default()}
             data-running={s.running.to_string()}
             data-error={s.error.as_ref().map(|e| text(Lang::En).job_error(e)).unwrap_or_default()} />
    }
}

fn request(id: u64, mode: ConvKind, edits: &[(Field, &str)], seed: u64) -> JobRequest {
    let mut f = Fields::default();
    f.mode = mode;
    for (field, text) in edits {
        f.set(*field, text.to_string());
    }
    JobRequest {
        id,
        setting: f.parse().unwrap(),
        seed,
        input: InputSource::Random,
        weights: WeightPreset::Random,
        sample: None,
    }
}

fn mount(request: Option<JobRequest>) -> (Element, yew::AppHandle<Harness>) {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle =
        yew::Renderer::<Harness>::with_root_and_props(root.clone(), HarnessProps { request })
            .render();
    (root, handle)
}

fn attr(root: &Element, name: &str) -> String {
    root.query_selector("[data-testid='job']")
        .unwrap()
        .and_then(|e| e.get_attribute(name))
        .unwrap_or_default()
}

/// Polls until the job with `id` is shown and nothing runs (or 5 s pass); returns
/// every id that was shown on the way.
async fn wait_for(root: &Element, id: u64) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..500 {
        let shown = attr(root, "data-id");
        if !shown.is_empty() && seen.last() != Some(&shown) {
            seen.push(shown.clone());
        }
        if shown == id.to_string() && attr(root, "data-running") == "false" {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    seen
}

#[wasm_bindgen_test]
async fn seeded_job_shows_the_engines_numbers() {
    for mode in [ConvKind::Grouped, ConvKind::Separable] {
        let req = request(7, mode, &[(Field::Multiplier, "2")], 1234);
        let want = run_job(&req).unwrap().stats;
        let (root, _handle) = mount(Some(req));
        wait_for(&root, 7).await;
        assert_eq!(attr(&root, "data-error"), "");
        assert_eq!(attr(&root, "data-id"), "7");
        assert_eq!(attr(&root, "data-sum"), want.sum.to_string(), "{mode:?}");
        assert_eq!(attr(&root, "data-min"), want.min.to_string());
        assert_eq!(attr(&root, "data-max"), want.max.to_string());
        assert_eq!(attr(&root, "data-mean"), want.mean.to_string());
    }
}

/// Grouped identity weights with C_in == C_out pass the input through, so the
/// output's sum is the seeded input's sum.
#[wasm_bindgen_test]
async fn grouped_identity_passes_the_input_through() {
    let mut req = request(
        3,
        ConvKind::Grouped,
        &[(Field::OutChannels, "8"), (Field::Groups, "4")],
        5,
    );
    req.weights = WeightPreset::Identity;
    let direct = run_job(&req).unwrap();
    assert_eq!(direct.output, direct.input);
    let (root, _handle) = mount(Some(req));
    wait_for(&root, 3).await;
    assert_eq!(
        attr(&root, "data-sum"),
        direct.input.stats().sum.to_string()
    );
}

#[wasm_bindgen_test]
async fn a_superseded_request_never_shows() {
    let first = request(1, ConvKind::Standard, &[], 1);
    let second = request(2, ConvKind::Depthwise, &[], 2);
    let want = run_job(&second).unwrap().stats;
    let (root, mut handle) = mount(Some(first));
    // The second request arrives before the first has had a chance to finish.
    handle.update(HarnessProps {
        request: Some(second),
    });
    let seen = wait_for(&root, 2).await;
    assert_eq!(seen, vec!["2".to_string()], "ids shown on the way");
    assert_eq!(attr(&root, "data-sum"), want.sum.to_string());
}

#[wasm_bindgen_test]
async fn an_invalid_request_reports_the_pytorch_message_and_keeps_the_result() {
    let good = request(1, ConvKind::Grouped, &[], 1);
    let (root, mut handle) = mount(Some(good));
    wait_for(&root, 1).await;
    let mut bad = request(2, ConvKind::Grouped, &[], 1);
    bad.setting.base.groups = 3;
    handle.update(HarnessProps { request: Some(bad) });
    for _ in 0..200 {
        if !attr(&root, "data-error").is_empty() {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        attr(&root, "data-error"),
        "in_channels must be divisible by groups (in_channels=8, groups=3)"
    );
    assert_eq!(attr(&root, "data-id"), "1");
}

/// A job split across workers gives the one-worker result bit for bit with the
/// wasm (SIMD128) kernels too: every kind, 2 and 3 parts.
#[wasm_bindgen_test]
fn split_parts_merge_to_the_single_run_in_wasm() {
    use groupwise_core::compute::run_job_part;
    use groupwise_core::compute::split::{merge, Part};
    for (mode, edits) in [
        (
            ConvKind::Standard,
            &[(Field::InChannels, "5"), (Field::OutChannels, "7")][..],
        ),
        (
            ConvKind::Grouped,
            &[(Field::Groups, "4"), (Field::OutChannels, "12")][..],
        ),
        (
            ConvKind::Depthwise,
            &[(Field::InChannels, "6"), (Field::Multiplier, "2")][..],
        ),
        (ConvKind::Separable, &[(Field::OutChannels, "9")][..]),
    ] {
        let req = request(1, mode, edits, 3);
        let one = run_job(&req).unwrap();
        for count in [2, 3] {
            let parts = (0..count)
                .map(|index| run_job_part(&req, Some(Part { index, count })).unwrap())
                .collect();
            let merged = merge(parts).unwrap();
            let bits = |t: &groupwise_core::compute::JobResult| {
                t.output
                    .data
                    .iter()
                    .map(|v| v.to_bits())
                    .collect::<Vec<_>>()
            };
            assert_eq!(bits(&merged), bits(&one), "{mode:?} in {count} parts");
            assert_eq!(merged.stats, one.stats);
        }
    }
}

/// What the worker sends is what the page reads: every kind's result, and
/// errors, through the real messages (a head of numbers, the error's words).
#[wasm_bindgen_test]
fn a_result_and_an_error_cross_the_worker_messages_unchanged() {
    use groupwise_core::compute::arrival::Arrival;
    use groupwise_core::compute::{layers_of, JobError, WorkerFailure};
    use groupwise_core::worker::protocol::{JobOutcome, PageReply, Reply};
    let cross = |id, outcome| {
        let (msg, _) = Reply::Job(JobOutcome {
            id,
            outcome,
            bench_ms: None,
        })
        .encode();
        match PageReply::decode(msg) {
            Some(Reply::Job(j)) => j,
            other => panic!("not a job reply: {other:?}"),
        }
    };
    for mode in ConvKind::ALL {
        let edits = [
            (Field::InChannels, "3"),
            (Field::Groups, "3"),
            (Field::OutChannels, "6"),
        ];
        let req = request(9, mode, &edits, 5);
        let want = run_job(&req).unwrap();
        let j = cross(req.id, Ok(want.clone()));
        let mut arrival = Arrival::whole(j.read(&layers_of(&req.setting)).unwrap()).unwrap();
        assert!(arrival.step(usize::MAX));
        assert_eq!((j.id, arrival.finish()), (9, want), "{mode:?}");
    }
    let bad = request(4, ConvKind::Grouped, &[(Field::Groups, "3")], 1);
    let e = run_job(&bad).unwrap_err();
    let j = cross(4, Err(e.clone()));
    assert_eq!((j.id, j.read(&layers_of(&bad.setting)).err()), (4, Some(e)));
    let stopped = JobError::worker(WorkerFailure::Stopped, "gone");
    let ok = layers_of(&request(5, ConvKind::Standard, &[], 1).setting);
    assert_eq!(
        cross(5, Err(stopped.clone())).read(&ok).err(),
        Some(stopped)
    );
}

/// Every request the page or a script sends reads back as itself in the
/// worker, and every other reply reads back as itself on the page.
#[wasm_bindgen_test]
fn every_request_and_reply_crosses_unchanged() {
    use groupwise_core::compute::split::Part;
    use groupwise_core::export::code::{CodeFiles, CodeWhat};
    use groupwise_core::export::TaskFailure;
    use groupwise_core::picture::Theme;
    use groupwise_core::worker::protocol::{
        GifJob, JobOutcome, PageReply, Reply, Request, TimerEvent,
    };
    let req = request(3, ConvKind::Separable, &[], 11);

    let requests = [
        Request::Job {
            req: req.clone(),
            part: None,
        },
        Request::Job {
            req: req.clone(),
            part: Some(Part { index: 1, count: 2 }),
        },
        Request::Bench {
            req: req.clone(),
            runs: 4,
        },
        Request::Gif {
            req: req.clone(),
            gif: GifJob {
                shuffle: true,
                theme: Theme::Dark,
                words: vec!["输入".into(), "g1".into()],
            },
        },
        Request::Code {
            req: req.clone(),
            what: CodeWhat::Npz,
        },
        Request::Qr("https://example.org/?mode=grouped".into()),
        Request::Time(groupwise::state::Fields::default().parse().unwrap()),
    ];
    for r in requests {
        let (msg, _) = r.encode().unwrap();
        assert_eq!(Request::decode(msg).unwrap(), r);
    }
    let bad = Request::decode(wasm_bindgen::JsValue::from_str("hello")).unwrap_err();
    assert!(matches!(
        bad.reply(),
        Reply::Job(JobOutcome {
            outcome: Err(_),
            ..
        })
    ));
    let replies: [Reply<JobOutcome>; 9] = [
        Reply::Ready,
        Reply::GifProgress { done: 3, total: 9 },
        Reply::GifDone {
            bytes: vec![71, 73, 70],
            frames: 2,
        },
        Reply::GifFailed(TaskFailure::Detail("no canvas".into())),
        Reply::Code(Ok(CodeFiles::Scripts {
            pytorch: "p".into(),
            keras: "k".into(),
        })),
        Reply::Code(Ok(CodeFiles::Npz {
            bytes: vec![1, 2],
            name: "a.npz".into(),
        })),
        Reply::Code(Err(TaskFailure::WorkerStopped)),
        Reply::Qr("<svg/>".into()),
        Reply::Timer(TimerEvent::Timed {
            index: 2,
            median_s: Some(0.5),
        }),
    ];
    for r in replies {
        let want = format!("{r:?}");
        let want_timer = match &r {
            Reply::Timer(e) => Some(e.clone()),
            _ => None,
        };
        let (msg, _) = r.encode();
        match (PageReply::decode(msg).unwrap(), &want_timer) {
            (Reply::Timer(t), Some(e)) => assert_eq!(&t.read(), e),
            (got, _) => assert_eq!(format!("{got:?}"), want),
        }
    }
}
