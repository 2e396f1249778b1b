//! Export of the picture: the current frame as PNG or SVG, and the whole
//! timeline as a looping GIF (encoded in a worker, with progress). Each button
//! downloads the file and keeps its URL in `data-href` (and the GIF's frame
//! count in `data-frames`), so a test can open exactly what was saved.

use yew::prelude::*;

use crate::hooks::use_gif_export::{use_gif_export, GifStatus};
use crate::hooks::use_text::use_text;
use crate::hooks::use_theme::use_theme;
use crate::state::Traced;
use crate::text::{label_words, Text};
use groupwise_core::compute::image::load_sample;
use groupwise_core::compute::{InputSource, JobRequest, ResultRef};
use groupwise_core::export::download::{blob_url, download};
use groupwise_core::export::gif;
use groupwise_core::export::image::{scene_png, scene_svg, Look, EXPORT_WIDTH};
use groupwise_core::picture::scene::{build, Moment, SceneLayer};
use groupwise_core::views::{scene_facts, ResultPlanes};
use groupwise_core::worker::protocol::GifJob;

#[derive(Properties, PartialEq)]
pub struct ExportBarProps {
    pub result: ResultRef,
    pub layer: SceneLayer,
    pub moment: Moment,
    pub traced: Option<Traced>,
    pub width: f64,
    pub job: Option<JobRequest>,
}

fn file_stem(r: &groupwise_core::compute::JobResult) -> String {
    let l = &r.layer;
    format!(
        "groupwise-{}-{}to{}-g{}",
        r.mode.name(),
        l.in_channels,
        r.output.shape.c,
        l.groups
    )
}

#[function_component(ExportBar)]
pub fn export_bar(props: &ExportBarProps) -> Html {
    let png_href = use_state(|| None::<String>);
    let svg_href = use_state(|| None::<String>);
    let (gif, start_gif) = use_gif_export();
    let t = use_text();
    let theme = use_theme();
    let lang = t.lang();
    let frame = {
        let (r, layer, moment, traced) = (
            props.result.clone(),
            props.layer,
            props.moment,
            props.traced,
        );
        move || {
            let scene = build(&layer, moment, EXPORT_WIDTH, traced);
            (scene, ResultPlanes::new(r.0.clone()), theme)
        }
    };
    let stem = file_stem(&props.result);
    let on_png = {
        let (frame, href, name) = (frame.clone(), png_href.clone(), format!("{stem}.png"));
        Callback::from(move |_: MouseEvent| {
            let (scene, planes, theme) = frame();
            let look = Look {
                theme,
                words: label_words(lang),
            };
            if let Ok(url) = scene_png(&scene, &planes, &look, 2.0) {
                let _ = download(&url, &name);
                href.set(Some(url));
            }
        })
    };
    let on_svg = {
        let (href, name) = (svg_href.clone(), format!("{stem}.svg"));
        let title = format!(
            "{} {}",
            t.scene_name(props.result.mode),
            t.scene_description(&scene_facts(&props.result, props.traced))
        );
        Callback::from(move |_: MouseEvent| {
            let (scene, planes, theme) = frame();
            let look = Look {
                theme,
                words: label_words(lang),
            };
            let svg = scene_svg(&scene, &planes, &look, lang.code(), &title);
            if let Ok(url) = blob_url(svg.as_bytes(), "image/svg+xml") {
                let _ = download(&url, &name);
                href.set(Some(url));
            }
        })
    };
    let on_gif = {
        let (job, layer) = (props.job.clone(), props.layer);
        Callback::from(move |_: MouseEvent| {
            let Some(mut job) = job.clone() else { return };
            let start = start_gif.clone();
            // The worker draws the labels in these words: it has no text layer.
            let words = label_words(lang);
            let words = gif::labels(&layer).iter().map(|l| words.label(l)).collect();
            let gif = GifJob {
                shuffle: layer.shuffle,
                theme,
                words,
            };
            yew::platform::spawn_local(async move {
                if job.input == InputSource::Sample && job.sample.is_none() {
                    job.sample = load_sample().await.ok();
                }
                start.emit((job, gif));
            });
        })
    };
    {
        // A finished GIF downloads once.
        let name = format!("{stem}.gif");
        use_effect_with(gif.clone(), move |g| {
            if let GifStatus::Ready { url, .. } = g {
                let _ = download(url, &name);
            }
        });
    }
    let (gif_href, gif_frames) = match &gif {
        GifStatus::Ready { url, frames, .. } => (Some(url.clone()), Some(frames.to_string())),
        _ => (None, None),
    };
    let working = matches!(gif, GifStatus::Working(..));
    html! {
        <div class="export-bar" role="group" aria-label={t.export_group()}>
            <span class="export-label" aria-hidden="true">{ t.export() }</span>
            <button type="button" data-testid="export-png" onclick={on_png} data-href={(*png_href).clone()}
                title={t.export_png_hint()} aria-label={format!("PNG: {}", t.export_png_hint())}>{ PNG }</button>
            <button type="button" data-testid="export-svg" onclick={on_svg} data-href={(*svg_href).clone()}
                title={t.export_svg_hint()} aria-label={format!("SVG: {}", t.export_svg_hint())}>{ SVG }</button>
            <button type="button" data-testid="export-gif" onclick={on_gif} disabled={working || props.job.is_none()}
                data-href={gif_href} data-frames={gif_frames}
                title={t.export_gif_hint()} aria-label={format!("GIF: {}", t.export_gif_hint())}>{ GIF }</button>
            { view_gif_status(t, &gif) }
        </div>
    }
}

/// The formats' names: the same in every language.
const PNG: &str = "PNG";
const SVG: &str = "SVG";
const GIF: &str = "GIF";

fn view_gif_status(t: &dyn Text, g: &GifStatus) -> Html {
    match g {
        GifStatus::Idle => html! {},
        GifStatus::Working(done, total) => html! {
            <label class="gif-progress">{ t.gif_encoding() }
                <progress data-testid="gif-progress" max={total.to_string()} value={done.to_string()} />
            </label>
        },
        GifStatus::Ready { bytes, frames, .. } => html! {
            <span class="hint" data-testid="gif-ready" role="status">{ t.gif_ready(*frames, bytes / 1024) }</span>
        },
        GifStatus::Failed(e) => {
            html! { <span class="alert" role="alert">{ t.gif_failed(e) }</span> }
        }
    }
}
