//! Export of the picture: the current frame as PNG or SVG, and the whole
//! timeline as a looping GIF (encoded in a worker, with progress). Each button
//! downloads the file and keeps its URL in `data-href` (and the GIF's frame
//! count in `data-frames`), so a test can open exactly what was saved.

use yew::prelude::*;

use super::picture::prefers_dark;
use crate::compute::image::load_sample;
use crate::compute::{InputSource, JobRequest, ResultRef};
use crate::export::{download, scene_png, scene_svg, EXPORT_WIDTH};
use crate::hooks::use_gif_export::{use_gif_export, GifStatus};
use crate::render::planes::ResultPlanes;
use crate::render::Theme;
use crate::state::scene::{build, Moment, SceneLayer};
use crate::state::Traced;

#[derive(Properties, PartialEq)]
pub struct ExportBarProps {
    pub result: ResultRef,
    pub layer: SceneLayer,
    pub moment: Moment,
    pub traced: Option<Traced>,
    pub width: f64,
    pub job: Option<JobRequest>,
}

fn file_stem(r: &crate::compute::JobResult) -> String {
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
    let frame = {
        let (r, layer, moment, traced) = (
            props.result.clone(),
            props.layer,
            props.moment,
            props.traced,
        );
        move || {
            let scene = build(&layer, moment, EXPORT_WIDTH, traced);
            (
                scene,
                ResultPlanes::new(r.0.clone()),
                Theme {
                    dark: prefers_dark(),
                },
            )
        }
    };
    let stem = file_stem(&props.result);
    let on_png = {
        let (frame, href, name) = (frame.clone(), png_href.clone(), format!("{stem}.png"));
        Callback::from(move |_: MouseEvent| {
            let (scene, planes, theme) = frame();
            if let Ok(url) = scene_png(&scene, &planes, theme, 2.0) {
                let _ = download(&url, &name);
                href.set(Some(url));
            }
        })
    };
    let on_svg = {
        let (href, name) = (svg_href.clone(), format!("{stem}.svg"));
        Callback::from(move |_: MouseEvent| {
            let (scene, planes, theme) = frame();
            let svg = scene_svg(&scene, &planes, theme);
            if let Ok(url) = crate::export::blob_url(svg.as_bytes(), "image/svg+xml") {
                let _ = download(&url, &name);
                href.set(Some(url));
            }
        })
    };
    let on_gif = {
        let (job, shuffle) = (props.job.clone(), props.layer.shuffle);
        Callback::from(move |_: MouseEvent| {
            let Some(mut job) = job.clone() else { return };
            let start = start_gif.clone();
            yew::platform::spawn_local(async move {
                if job.input == InputSource::Sample && job.sample.is_none() {
                    job.sample = load_sample().await.ok();
                }
                start.emit((job, shuffle, prefers_dark()));
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
        <div class="export-bar" role="group" aria-label="Export the picture">
            <span class="export-label">{"Export"}</span>
            <button type="button" data-testid="export-png" onclick={on_png} data-href={(*png_href).clone()}
                title="The current frame as a PNG image">{"PNG"}</button>
            <button type="button" data-testid="export-svg" onclick={on_svg} data-href={(*svg_href).clone()}
                title="The current frame as an SVG drawing">{"SVG"}</button>
            <button type="button" data-testid="export-gif" onclick={on_gif} disabled={working || props.job.is_none()}
                data-href={gif_href} data-frames={gif_frames}
                title="The whole animation as a looping GIF, for slides and blogs">{"GIF"}</button>
            { view_gif_status(&gif) }
        </div>
    }
}

fn view_gif_status(g: &GifStatus) -> Html {
    match g {
        GifStatus::Idle => html! {},
        GifStatus::Working(done, total) => html! {
            <label class="gif-progress">{"Encoding GIF… "}
                <progress data-testid="gif-progress" max={total.to_string()} value={done.to_string()} />
            </label>
        },
        GifStatus::Ready { bytes, frames, .. } => html! {
            <span class="hint" data-testid="gif-ready">{ format!("GIF saved: {frames} frames, {} KB", bytes / 1024) }</span>
        },
        GifStatus::Failed(e) => {
            html! { <span class="alert" role="alert">{ format!("GIF export failed: {e}") }</span> }
        }
    }
}
