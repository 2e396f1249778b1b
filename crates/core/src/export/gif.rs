//! The animated GIF of the whole timeline: which moments become frames and for
//! how long (pure), and the encoding (the `gif` crate, with its NeuQuant
//! palettes). The worker draws each frame with the same renderer as the page
//! ([`render_gif`], on an OffscreenCanvas) so the GIF is the picture itself;
//! its labels are in the words the page gave for [`labels`].

use crate::picture::scene::{build, Label, LabelTable, Moment, SceneLayer};
use crate::picture::timeline::{duration_ms, Stage, TimelineShape};
use crate::picture::Theme;

/// Width of the GIF's layout in CSS pixels (one pixel each): wide enough for
/// the laptop layout, small enough for a slide.
pub const GIF_WIDTH: f64 = 720.0;

/// Frames of one step: its progress values.
fn progress_points(stage: Stage, group_steps: usize) -> Vec<f64> {
    let n = match stage {
        Stage::Input | Stage::Done => 1,
        Stage::GroupConv(_) if group_steps > 4 => 2,
        Stage::GroupConv(_) | Stage::Pointwise => 6,
        Stage::Split | Stage::Concat | Stage::Shuffle => 4,
    };
    (1..=n).map(|i| i as f64 / n as f64).collect()
}

/// Every frame: the moment it shows and its delay in hundredths of a second.
/// Each step's last frame is held so the eye can read it; the loop rests on done.
pub fn plan(shape: &TimelineShape) -> Vec<(Moment, u16)> {
    let mut frames = Vec::new();
    for stage in shape.steps() {
        let points = progress_points(stage, shape.group_steps());
        let each = (duration_ms(stage) / points.len() as f64 / 10.0).round() as u16;
        for (i, &progress) in points.iter().enumerate() {
            let last = i + 1 == points.len();
            let delay = match stage {
                Stage::Done => 250,
                _ if last => each.max(4) + 60,
                _ => each.max(4),
            };
            frames.push((Moment { stage, progress }, delay));
        }
    }
    frames
}

/// Every label the GIF's frames show, in order of first appearance: the page
/// words these, and the worker draws them (it has no text layer).
pub fn labels(layer: &SceneLayer) -> Vec<Label> {
    let frames = plan(&layer.timeline_shape());
    let scenes: Vec<_> = frames
        .iter()
        .map(|(m, _)| build(layer, *m, GIF_WIDTH, None))
        .collect();
    LabelTable::labels_of(&scenes)
}

/// Encodes RGBA frames (`w × h`, delay in 1/100 s) as a looping GIF.
pub fn encode<I>(w: u16, h: u16, frames: I) -> Result<Vec<u8>, String>
where
    I: IntoIterator<Item = (Vec<u8>, u16)>,
{
    let mut out = Vec::new();
    {
        let mut enc = gif::Encoder::new(&mut out, w, h, &[]).map_err(|e| e.to_string())?;
        enc.set_repeat(gif::Repeat::Infinite)
            .map_err(|e| e.to_string())?;
        for (mut rgba, delay) in frames {
            if rgba.len() != w as usize * h as usize * 4 {
                return Err(format!(
                    "a GIF frame has {} bytes, not {w}×{h}×4",
                    rgba.len()
                ));
            }
            // Speed 10: NeuQuant samples every 10th pixel, good colours at a fraction of the time.
            let mut frame = gif::Frame::from_rgba_speed(w, h, &mut rgba, 10);
            frame.delay = delay;
            enc.write_frame(&frame).map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

/// Frames in a GIF, by decoding it.
pub fn count_frames(bytes: &[u8]) -> Result<usize, String> {
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::Indexed);
    let mut d = opts.read_info(bytes).map_err(|e| e.to_string())?;
    let mut n = 0;
    while d.read_next_frame().map_err(|e| e.to_string())?.is_some() {
        n += 1;
    }
    Ok(n)
}

/// Draws every planned frame of `result` with the page's renderer on an
/// OffscreenCanvas, in `theme`, its labels in `words` (one per [`labels`]),
/// and encodes them; `progress(done, total)` after each frame.
/// (Browser only: natively there is no OffscreenCanvas.)
pub fn render_gif(
    result: std::rc::Rc<crate::compute::JobResult>,
    shuffle: bool,
    theme: Theme,
    words: Vec<String>,
    progress: &dyn Fn(usize, usize),
) -> Result<(Vec<u8>, usize), String> {
    use crate::picture::render::{canvas::CanvasPainter, Renderer};
    use crate::views::{scene_layer, ResultPlanes};
    use wasm_bindgen::JsCast;
    use web_sys::{OffscreenCanvas, OffscreenCanvasRenderingContext2d};

    let layer = scene_layer(&result, shuffle);
    let frames = plan(&layer.timeline_shape());
    let total = frames.len();
    let words = LabelTable {
        labels: labels(&layer),
        words,
    };
    let first = build(&layer, frames[0].0, GIF_WIDTH, None);
    let (w, h) = (first.width.round() as u16, first.height.round() as u16);
    let canvas = OffscreenCanvas::new(w as u32, h as u32)
        .map_err(|_| "no OffscreenCanvas in this worker")?;
    let ctx: OffscreenCanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("no 2-D OffscreenCanvas context in this worker")?;
    let planes = ResultPlanes::new(result);
    let mut renderer = Renderer::new(theme);
    let mut painter = CanvasPainter::new(ctx);
    let mut rgba_frames = Vec::with_capacity(total);
    for (i, (moment, delay)) in frames.into_iter().enumerate() {
        let scene = build(&layer, moment, GIF_WIDTH, None);
        renderer.draw(&mut painter, &scene, &planes, &words, true);
        let data = painter
            .ctx
            .get_image_data(0.0, 0.0, w as f64, h as f64)
            .map_err(|_| "the frame's pixels could not be read")?;
        rgba_frames.push((data.data().0, delay));
        progress(i + 1, total + total / 4);
    }
    let bytes = encode(w, h, rgba_frames)?;
    progress(total + total / 4, total + total / 4);
    Ok((bytes, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_a_frame_and_steps_hold_at_their_end() {
        let shape = TimelineShape {
            groups: 2,
            separable: false,
            shuffle: false,
        };
        let f = plan(&shape);
        for stage in shape.steps() {
            assert!(f.iter().any(|(m, _)| m.stage == stage), "{stage:?}");
        }
        assert_eq!(f.len(), 1 + 4 + 6 * 2 + 4 + 1);
        assert_eq!(f.last().unwrap().1, 250);
        // Progress rises within a step and ends whole.
        let split: Vec<f64> = f
            .iter()
            .filter(|(m, _)| m.stage == Stage::Split)
            .map(|(m, _)| m.progress)
            .collect();
        assert_eq!(split, [0.25, 0.5, 0.75, 1.0]);
        let dw = TimelineShape {
            groups: 256,
            separable: true,
            shuffle: false,
        };
        assert!(plan(&dw).len() < 50, "many groups: fewer frames per step");
    }

    #[test]
    fn encodes_a_looping_gif_that_decodes_to_the_same_frames() {
        let (w, h) = (8u16, 4u16);
        let frame = |v: u8| (vec![v; w as usize * h as usize * 4], 10);
        let bytes = encode(w, h, [frame(0), frame(128), frame(255)]).unwrap();
        assert_eq!(&bytes[..6], b"GIF89a");
        assert_eq!(count_frames(&bytes).unwrap(), 3);
        assert!(encode(w, h, [(vec![0; 3], 1)]).is_err());
    }
}
