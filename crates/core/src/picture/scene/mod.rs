//! The picture as plain data: one pure function from (the layer, a moment of the
//! timeline, the viewport width, the traced element) to the shapes to draw.
//! No DOM and no tensors: a slab names the plane it shows and the renderer
//! (`crate::picture::render`) fetches its pixels, so the page canvas, the PNG and SVG
//! exports and every GIF frame are renders of the same scene, and scrubbing is
//! just another progress value.
//!
//! Tensors are decks of channel slabs, the way textbook diagrams draw them:
//! channel 0 at the back, each next slab a step further along the deck, a
//! group's slabs in the group's hue. Groups move apart in the split, each
//! group's filters fill its own outputs, the outputs close up in the concat,
//! and (separable) a 1x1 matrix mixes every channel into the final output.

mod arrows;
mod filters;
mod input;
mod items;
mod layout;
mod output;
mod phase;
mod pointwise;
mod trace;

pub use items::*;
pub use layout::NARROW;

use std::ops::Range;

use conv_core::{receptive_field, Nchw};

use crate::picture::colors::{group_color, Rgb};
use crate::picture::lod::shown_channels;
use crate::picture::timeline::Stage;
use layout::{columns, deck, Axis, Column, LABEL_GUTTER};
use phase::{phase, tint, Phase};

/// Most slabs one deck draws; past it, level of detail keeps every group in view.
pub const MAX_SLABS: usize = 64;
/// Most in-channel slabs drawn per filter.
pub const MAX_FILTER_SLABS: usize = 4;

/// Where channel `c` of a shuffled tensor comes from, as conv-core's
/// `channel_shuffle` computes it: position `p` shows input channel `order[p]`.
pub fn shuffle_order(channels: usize, groups: usize) -> Vec<usize> {
    let t = conv_core::Tensor {
        shape: Nchw::new(1, channels, 1, 1),
        data: (0..channels).map(|c| c as f32).collect(),
    };
    match conv_core::channel_shuffle(&t, groups.max(1)) {
        Ok(s) => s.data.iter().map(|&v| v as usize).collect(),
        Err(_) => (0..channels).collect(),
    }
}

/// Builds the scene. `traced` is drawn only once its value exists on screen.
pub fn build(l: &SceneLayer, m: Moment, width: f64, traced: Option<Traced>) -> Scene {
    let width = width.max(200.0);
    let separable = l.pointwise.is_some();
    let (cols, height) = columns(width, separable);
    let ph = phase(l, m);
    let mut b = Builder {
        l,
        ph: &ph,
        items: Vec::new(),
        hits: Vec::new(),
        traced,
        filter_span: (0.0, 0.0),
    };
    let inputs = b.input_deck(cols[0]);
    let outputs = b.first_output_deck(cols[2], m);
    b.filters(cols[1], &outputs);
    b.arrows(&cols, &inputs, &outputs);
    if let (true, Some(out)) = (separable, l.pointwise) {
        b.pointwise(cols[3], cols[4], out);
    }
    b.traced_overlay(&inputs, &outputs);
    Scene {
        width,
        height,
        items: b.items,
        hits: b.hits,
    }
}

/// Shown slabs of a deck: the channel and the group of each.
pub(super) struct Shown {
    channels: Vec<usize>,
    groups: Vec<usize>,
    faces: Vec<Rect>,
    step: f64,
    /// Channels drawn at each face (the shuffle permutes them).
    elided: usize,
}

struct Builder<'a> {
    l: &'a SceneLayer,
    ph: &'a Phase,
    items: Vec<Item>,
    hits: Vec<Hit>,
    traced: Option<Traced>,
    /// The filters' extent across the filter column: (start, end).
    filter_span: (f64, f64),
}

impl Builder<'_> {
    fn text(
        &mut self,
        at: (f64, f64),
        label: Label,
        size: f64,
        color: Rgb,
        anchor: Anchor,
        bold: bool,
    ) {
        self.items.push(Item::Text {
            at,
            label,
            size,
            color,
            anchor,
            bold,
        });
    }

    fn title(&mut self, col: Column, name: Title, shape: Label) {
        let t = col.title;
        self.text(
            (t.x, t.y + 15.0),
            Label::Title(name),
            14.0,
            INK,
            Anchor::Start,
            true,
        );
        self.text((t.x, t.y + 30.0), shape, 12.0, MUTED, Anchor::Start, false);
    }

    /// A note under a column: what level of detail left out.
    fn footnote(&mut self, col: Column, text: Label) {
        let b = col.body;
        self.text(
            (b.x, b.bottom() + 14.0),
            text,
            11.0,
            MUTED,
            Anchor::Start,
            false,
        );
    }

    fn elided_note(&mut self, col: Column, hidden: usize) {
        if hidden > 0 {
            self.footnote(col, Label::HiddenChannels(hidden));
        }
    }

    fn group_label(&mut self, col: Column, faces: &[Rect], groups: &[usize], strength: f64) {
        let axis = col.axis;
        if strength <= 0.05 || self.l.layer.groups <= 1 {
            return;
        }
        let mut firsts: Vec<usize> = (0..groups.len())
            .filter(|&i| i == 0 || groups[i] != groups[i - 1])
            .collect();
        if firsts.len() > 12 {
            let last = *firsts.last().unwrap_or(&0);
            firsts = vec![firsts[0], last];
        }
        for i in firsts {
            let f = faces[i];
            let g = groups[i];
            let (at, anchor) = match axis {
                Axis::Down => ((col.body.x, f.y + 11.0), Anchor::Start),
                Axis::Across => ((f.x, col.body.y + 11.0), Anchor::Start),
            };
            let c = tint(group_color(g), strength);
            self.text(at, Label::Group(g), 11.0, c, anchor, true);
        }
    }

    fn marks(&mut self, face: Rect, grid: (usize, usize), cells: Vec<(isize, isize)>) {
        self.items.push(Item::Marks(Marks {
            face,
            grid,
            cells,
            color: HIGHLIGHT,
        }));
    }
}

/// The element a key moves the trace to: arrows move within the plane, Page
/// Up/Down change channel; the first key picks element `[0, 0, 0, 0]`.
/// `dims` is `(channels, h, w)` of the traced tensor.
pub fn move_traced(
    t: Option<Traced>,
    tensor: TracedTensor,
    dims: (usize, usize, usize),
    key: &str,
) -> Option<Traced> {
    let (c, h, w) = dims;
    if c == 0 || h == 0 || w == 0 {
        return None;
    }
    let Some(t) = t.filter(|t| t.tensor == tensor) else {
        return matches!(
            key,
            "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "PageUp" | "PageDown" | "Enter"
        )
        .then_some(Traced {
            tensor,
            index: [0, 0, 0, 0],
        });
    };
    let [n, mut ch, mut y, mut x] = t.index;
    match key {
        "ArrowUp" => y = y.saturating_sub(1),
        "ArrowDown" => y = (y + 1).min(h - 1),
        "ArrowLeft" => x = x.saturating_sub(1),
        "ArrowRight" => x = (x + 1).min(w - 1),
        "PageUp" => ch = ch.saturating_sub(1),
        "PageDown" => ch = (ch + 1).min(c - 1),
        "Home" => (y, x) = (0, 0),
        "End" => (y, x) = (h - 1, w - 1),
        _ => return None,
    }
    Some(Traced {
        tensor,
        index: [n, ch, y, x],
    })
}

/// The box around the faces of the final output deck.
pub fn output_bounds(s: &Scene) -> Option<Rect> {
    let last = if s.slabs().any(|x| x.tensor == TensorId::Output) {
        TensorId::Output
    } else {
        TensorId::FirstOutput
    };
    let faces = s.slabs().filter(|x| x.tensor == last).map(|x| x.face);
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for f in faces {
        (x0, y0, x1, y1) = (
            x0.min(f.x),
            y0.min(f.y),
            x1.max(f.right()),
            y1.max(f.bottom()),
        );
    }
    (x1 > x0).then_some(Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    })
}

/// Slab indices in draw order: the running (or traced) group last, on top of
/// the deck, so its faces and its sweep are in full view.
fn raised_last(groups: &[usize], active: &Range<usize>, traced: Option<usize>) -> Vec<usize> {
    let up = |g: usize| active.contains(&g) || traced == Some(g);
    let (mut order, top): (Vec<usize>, Vec<usize>) =
        (0..groups.len()).partition(|&i| !up(groups[i]));
    order.extend(top);
    order
}

fn edge(step: f64) -> f64 {
    (step * 0.45).clamp(1.0, 6.0)
}

fn shape(s: Nchw, note: Option<ShapeNote>) -> Label {
    Label::Shape(s, note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use conv_core::Conv2dSpec;

    fn layer(c_in: usize, c_out: usize, groups: usize, hw: usize) -> SceneLayer {
        let spec = Conv2dSpec {
            groups,
            padding: conv_core::Padding::Explicit([1, 1]),
            ..Conv2dSpec::new(c_in, c_out, 3)
        };
        let layer = spec.validate().unwrap();
        let input = Nchw::new(1, c_in, hw, hw);
        let first_out = layer
            .geometry(input, &conv_core::Limits::default())
            .unwrap()
            .output;
        SceneLayer {
            layer,
            input,
            first_out,
            pointwise: None,
            shuffle: false,
        }
    }

    fn at(stage: Stage, progress: f64) -> Moment {
        Moment { stage, progress }
    }

    fn faces(s: &Scene, t: TensorId) -> Vec<Rect> {
        s.slabs()
            .filter(|x| x.tensor == t)
            .map(|x| x.face)
            .collect()
    }

    fn inside(s: &Scene) -> bool {
        s.slabs().all(|x| {
            x.face.x >= -0.01
                && x.face.right() <= s.width + 0.01
                && x.face.y >= -0.01
                && x.face.bottom() <= s.height + 0.01
        })
    }

    #[test]
    fn split_moves_groups_apart_continuously() {
        let l = layer(8, 16, 2, 32);
        let gap = |t: f64| {
            let s = build(&l, at(Stage::Split, t), 1000.0, None);
            let f = faces(&s, TensorId::Input);
            (f[4].y - f[3].y) - (f[3].y - f[2].y)
        };
        assert!(gap(0.0).abs() < 1e-9, "closed at the start");
        let (half, whole) = (gap(0.5), gap(1.0));
        assert!(half > 0.0 && whole > half, "{half} {whole}");
        assert!((whole - 2.0 * half).abs() < 1e-6, "linear in progress");
    }

    #[test]
    fn concat_closes_the_output_groups() {
        let l = layer(8, 16, 2, 32);
        let gap = |t: f64| {
            let s = build(&l, at(Stage::Concat, t), 1000.0, None);
            let f = faces(&s, TensorId::FirstOutput);
            (f[8].y - f[7].y) - (f[7].y - f[6].y)
        };
        assert!(gap(0.0) > 1.0);
        assert!(gap(0.5) > 0.0 && gap(0.5) < gap(0.0));
        assert!(gap(1.0).abs() < 1e-9);
    }

    #[test]
    fn group_conv_fills_only_the_running_group() {
        let l = layer(8, 16, 2, 8);
        let s = build(&l, at(Stage::GroupConv(1), 0.5), 1000.0, None);
        let outs: Vec<&Slab> = s
            .slabs()
            .filter(|x| x.tensor == TensorId::FirstOutput)
            .collect();
        assert_eq!(outs.len(), 16);
        assert!(outs[..8]
            .iter()
            .all(|x| x.fill == Fill::Full && x.alpha < 1.0));
        assert!(outs[8..]
            .iter()
            .all(|x| x.fill == Fill::Upto(32) && x.outline));
        let ins: Vec<&Slab> = s.slabs().filter(|x| x.tensor == TensorId::Input).collect();
        assert!(ins[..4].iter().all(|x| x.alpha < 1.0));
        assert!(ins[4..]
            .iter()
            .all(|x| x.alpha == 1.0 && x.hue == group_color(1)));
        // The sweep window on each running input slab: a 3x3 window.
        let marks = s
            .items
            .iter()
            .filter(|i| matches!(i, Item::Marks(m) if m.cells.len() == 9))
            .count();
        assert_eq!(marks, 4);
        // Only finished outputs can be traced.
        assert!(s.hits.iter().all(|h| h.c < 8));
    }

    #[test]
    fn input_stage_is_neutral_and_outputs_empty() {
        let l = layer(3, 6, 3, 5);
        let s = build(&l, at(Stage::Input, 1.0), 900.0, None);
        assert!(s
            .slabs()
            .filter(|x| x.tensor == TensorId::Input)
            .all(|x| x.hue == NEUTRAL));
        assert!(s
            .slabs()
            .filter(|x| x.tensor == TensorId::FirstOutput)
            .all(|x| x.fill == Fill::Empty));
        assert!(s.hits.is_empty());
    }

    #[test]
    fn fits_a_laptop_and_a_phone_for_up_to_64_channels() {
        for (c, g) in [(1, 1), (3, 1), (5, 5), (7, 7), (12, 3), (64, 4), (64, 64)] {
            for width in [360.0, 390.0, 880.0, 1232.0] {
                let l = layer(c, c, g, 32);
                for stage in [
                    Stage::Input,
                    Stage::Split,
                    Stage::GroupConv(0),
                    Stage::Concat,
                    Stage::Done,
                ] {
                    let s = build(&l, at(stage, 0.5), width, None);
                    assert!(inside(&s), "c={c} g={g} width={width} {stage:?}");
                    if width >= NARROW {
                        assert!(s.height <= 460.0);
                    }
                    assert_eq!(
                        faces(&s, TensorId::Input).len(),
                        c,
                        "every channel drawn up to 64"
                    );
                }
            }
        }
    }

    #[test]
    fn level_of_detail_past_64_channels() {
        let l = layer(256, 256, 256, 8);
        let s = build(&l, at(Stage::Done, 1.0), 1000.0, None);
        assert_eq!(faces(&s, TensorId::Input).len(), MAX_SLABS);
        assert!(
            s.labels().any(|t| *t == Label::HiddenChannels(192)),
            "{:?}",
            s.labels().collect::<Vec<_>>()
        );
        assert!(inside(&s));
    }

    #[test]
    fn hovering_a_face_names_the_element_and_the_trace_raises_it() {
        let l = layer(4, 4, 2, 8);
        let s = build(&l, at(Stage::Done, 1.0), 1000.0, None);
        let last = *s.hits.last().unwrap();
        let f = last.face;
        let t = s.hit(f.x + f.w * 0.99, f.y + f.h * 0.01).unwrap();
        assert_eq!(t.index, [0, 3, 0, 7]);
        // Tracing channel 1 draws it on top, so the whole face of channel 1 hits.
        let traced = Traced {
            tensor: TracedTensor::Output,
            index: [0, 1, 5, 5],
        };
        let s = build(&l, at(Stage::Done, 1.0), 1000.0, Some(traced));
        let f1 = s.hits.last().unwrap().face;
        assert_eq!(s.hits.last().unwrap().c, 1);
        assert_eq!(
            s.hit(f1.x + f1.w / 2.0, f1.bottom() - 1.0).unwrap().index[1],
            1
        );
        // Its receptive field is boxed on both input channels of group 0.
        let rf = s
            .items
            .iter()
            .filter(|i| matches!(i, Item::Marks(m) if m.grid == (8, 8) && m.cells.len() == 9))
            .count();
        assert_eq!(rf, 2);
        let mut dim: Vec<(usize, f64)> = s
            .slabs()
            .filter(|x| x.tensor == TensorId::Input)
            .map(|x| (x.c, x.alpha))
            .collect();
        dim.sort_by_key(|d| d.0);
        assert_eq!(dim, [(0, 1.0), (1, 1.0), (2, 0.35), (3, 0.35)]);
        // The traced group's input slabs are drawn last, on top of the deck.
        let last: Vec<usize> = s
            .slabs()
            .filter(|x| x.tensor == TensorId::Input)
            .map(|x| x.c)
            .collect();
        assert_eq!(last, [2, 3, 0, 1]);
    }

    #[test]
    fn keys_move_the_traced_element_within_bounds() {
        let o = TracedTensor::Output;
        let first = move_traced(None, o, (3, 4, 5), "ArrowRight").unwrap();
        assert_eq!(first.index, [0, 0, 0, 0]);
        let t = move_traced(Some(first), o, (3, 4, 5), "ArrowRight").unwrap();
        assert_eq!(t.index, [0, 0, 0, 1]);
        let t = move_traced(Some(t), o, (3, 4, 5), "PageDown").unwrap();
        let t = move_traced(Some(t), o, (3, 4, 5), "End").unwrap();
        assert_eq!(t.index, [0, 1, 3, 4]);
        let t = move_traced(Some(t), o, (3, 4, 5), "ArrowDown").unwrap();
        assert_eq!(t.index, [0, 1, 3, 4], "clamped at the edge");
        assert_eq!(move_traced(Some(t), o, (3, 4, 5), "x"), None);
        assert_eq!(move_traced(None, o, (0, 4, 5), "ArrowUp"), None);
    }

    #[test]
    fn shuffle_moves_slabs_to_the_conv_core_permutation() {
        assert_eq!(shuffle_order(6, 3), [0, 2, 4, 1, 3, 5]);
        let mut l = layer(6, 6, 3, 4);
        l.shuffle = true;
        assert!(l.timeline_shape().shuffle);
        let start = faces(
            &build(&l, at(Stage::Shuffle, 0.0), 1000.0, None),
            TensorId::FirstOutput,
        );
        let end = faces(
            &build(&l, at(Stage::Shuffle, 1.0), 1000.0, None),
            TensorId::FirstOutput,
        );
        let mid = faces(
            &build(&l, at(Stage::Shuffle, 0.5), 1000.0, None),
            TensorId::FirstOutput,
        );
        // Channel 2 (group 1) ends at position 1, where channel 1 started.
        assert_eq!(end[2].y, start[1].y);
        assert!((mid[2].y - (start[2].y + start[1].y) / 2.0).abs() < 1e-9);
        assert_eq!(end[0], start[0]);
    }

    #[test]
    fn separable_mixes_every_channel_into_the_output() {
        let mut l = layer(4, 4, 4, 6);
        l.pointwise = Some(Nchw::new(1, 8, 6, 6));
        let s = build(&l, at(Stage::Pointwise, 0.5), 1200.0, None);
        let fin: Vec<&Slab> = s.slabs().filter(|x| x.tensor == TensorId::Output).collect();
        assert_eq!(fin.len(), 8);
        assert!(fin.iter().all(|x| x.fill == Fill::Partial(2)));
        assert!(s.items.iter().any(|i| matches!(i, Item::Band { .. })));
        assert!(s.hits.is_empty(), "nothing to trace until done");
        let done = build(&l, at(Stage::Done, 1.0), 1200.0, None);
        assert!(done.hits.iter().any(|h| h.tensor == TracedTensor::Output));
        assert!(done
            .hits
            .iter()
            .any(|h| h.tensor == TracedTensor::Intermediate));
        assert!(inside(&done));
    }
}
