//! The picture as plain data: one pure function from (the layer, a moment of the
//! timeline, the viewport width, the traced element) to the shapes to draw.
//! No DOM and no tensors: a slab names the plane it shows and the renderer
//! (`crate::render`) fetches its pixels, so the page canvas, the PNG and SVG
//! exports and every GIF frame are renders of the same scene, and scrubbing is
//! just another progress value.
//!
//! Tensors are decks of channel slabs, the way textbook diagrams draw them:
//! channel 0 at the back, each next slab a step further along the deck, a
//! group's slabs in the group's hue. Groups move apart in the split, each
//! group's filters fill its own outputs, the outputs close up in the concat,
//! and (separable) a 1x1 matrix mixes every channel into the final output.

use std::ops::Range;

use conv_core::{receptive_field, Conv2dLayer, Nchw};

use super::colors::{group_color, Rgb};
use super::lod::shown_channels;
use super::timeline::{Stage, TimelineShape};
use super::{Traced, TracedTensor};

/// Most slabs one deck draws; past it, level of detail keeps every group in view.
pub const MAX_SLABS: usize = 64;
/// Most in-channel slabs drawn per filter.
pub const MAX_FILTER_SLABS: usize = 4;
/// Width kept left of a deck (above it, on a phone) for its group labels.
const LABEL_GUTTER: f64 = 24.0;
/// Below this width the picture flows top to bottom (phones).
pub const NARROW: f64 = 640.0;

/// Neutral edge colour (before the split gives groups their hues).
pub const NEUTRAL: Rgb = Rgb(0x8a, 0x90, 0x99);
/// Highlights: the traced element, the sweep window.
pub const HIGHLIGHT: Rgb = Rgb(0xff, 0xc4, 0x00);
pub const INK: Rgb = Rgb(0x1d, 0x1f, 0x23);
pub const MUTED: Rgb = Rgb(0x5b, 0x61, 0x6b);

/// An axis-aligned rectangle in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x < self.x + self.w && y >= self.y && y < self.y + self.h
    }
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

fn lerp(a: f64, b: f64, t: f64) -> f64 {
    a + (b - a) * t
}

/// Which tensor of a job result a plane comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TensorId {
    Input,
    /// Plane `(o, i)`: filter `o`'s kernel on its `i`-th input channel.
    Weight,
    /// The first layer's output (separable: the depthwise output).
    FirstOutput,
    /// The pointwise weights as one `C_out × C_mid` matrix.
    PointwiseWeight,
    /// The final output.
    Output,
}

/// How much of a slab's face holds values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fill {
    Full,
    /// Not computed yet: an outline in the slab's hue.
    Empty,
    /// The first `n` positions (row-major) are computed: the sweep.
    Upto(usize),
    /// Pointwise output as the weighted sum of its first `k` input channels.
    Partial(usize),
}

/// One channel plane drawn as a slab.
#[derive(Debug, Clone, PartialEq)]
pub struct Slab {
    pub face: Rect,
    pub tensor: TensorId,
    /// Plane `(n, c)` of the tensor (`n` is the filter for weights, else 0).
    pub n: usize,
    pub c: usize,
    pub hue: Rgb,
    /// 1 in focus, lower when dimmed.
    pub alpha: f64,
    pub fill: Fill,
    /// Thickness of the slab's top and side edges.
    pub edge: f64,
    pub outline: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// Cells of a slab's face to box: a receptive field, the sweep window, a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Marks {
    pub face: Rect,
    /// Height and width of the plane the face shows.
    pub grid: (usize, usize),
    /// `(y, x)`; cells in the padding (outside the grid) are drawn dashed-off the face.
    pub cells: Vec<(isize, isize)>,
    pub color: Rgb,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Slab(Slab),
    Marks(Marks),
    /// A column highlight on the pointwise matrix, and the like.
    Band {
        rect: Rect,
        color: Rgb,
        alpha: f64,
    },
    Arrow {
        from: (f64, f64),
        to: (f64, f64),
        color: Rgb,
        width: f64,
    },
    Text {
        at: (f64, f64),
        label: Label,
        size: f64,
        color: Rgb,
        anchor: Anchor,
        bold: bool,
    },
}

/// What a text item says, as facts: the renderer words it in the page's
/// language (`PictureText::label`), so the scene stays free of any language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// A column's heading.
    Title(Title),
    /// A tensor's shape, `[n, c, h, w]`, and what just made it.
    Shape([usize; 4], Option<ShapeNote>),
    /// Group `g` (0-based), shown as `g1`, `g2`, ... so a group is told by its
    /// name as well as its hue.
    Group(usize),
    /// Level of detail: this many channels of a deck are not drawn.
    HiddenChannels(usize),
    /// Level of detail: `shown` of each filter's `of` kernel slices are drawn.
    KernelSlices { shown: usize, of: usize },
}

/// The columns of the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Title {
    Input,
    Filters,
    Output,
    /// Separable: the depthwise stage's output.
    DepthwiseOutput,
    /// Separable: the 1×1 weights.
    Pointwise,
}

/// What the output deck's shape line adds during a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShapeNote {
    Concat,
    Shuffle,
}

/// A face that hovering traces: which element a point on it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub face: Rect,
    pub tensor: TracedTensor,
    pub c: usize,
    pub grid: (usize, usize),
}

/// Everything to draw, back to front, and the traceable faces.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub items: Vec<Item>,
    pub hits: Vec<Hit>,
}

impl Scene {
    /// The element under `(x, y)`: the topmost traceable face there.
    pub fn hit(&self, x: f64, y: f64) -> Option<Traced> {
        let h = self.hits.iter().rev().find(|h| h.face.contains(x, y))?;
        let (gh, gw) = h.grid;
        let row = (((y - h.face.y) / h.face.h) * gh as f64) as usize;
        let col = (((x - h.face.x) / h.face.w) * gw as f64) as usize;
        Some(Traced {
            tensor: h.tensor,
            index: [
                0,
                h.c,
                row.min(gh.saturating_sub(1)),
                col.min(gw.saturating_sub(1)),
            ],
        })
    }

    pub fn slabs(&self) -> impl Iterator<Item = &Slab> {
        self.items.iter().filter_map(|i| match i {
            Item::Slab(s) => Some(s),
            _ => None,
        })
    }

    pub fn labels(&self) -> impl Iterator<Item = &Label> {
        self.items.iter().filter_map(|i| match i {
            Item::Text { label, .. } => Some(label),
            _ => None,
        })
    }
}

/// The layer being drawn, as shapes only.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SceneLayer {
    /// The first convolution (separable: the depthwise one).
    pub layer: Conv2dLayer,
    pub input: Nchw,
    pub first_out: Nchw,
    /// Separable: the pointwise output.
    pub pointwise: Option<Nchw>,
    /// Grouped, then channel shuffle (ShuffleNet).
    pub shuffle: bool,
}

impl SceneLayer {
    pub fn timeline_shape(&self) -> TimelineShape {
        TimelineShape {
            groups: self.layer.groups,
            separable: self.pointwise.is_some(),
            shuffle: self.shuffle && self.pointwise.is_none() && self.layer.groups > 1,
        }
    }
}

/// A moment of the animation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moment {
    pub stage: Stage,
    /// `0..=1` through the stage.
    pub progress: f64,
}

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

/// Which way a deck's slabs step: down the page (wide layout) or across it (narrow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Axis {
    Down,
    Across,
}

/// A box for one column of the diagram, and the way its decks run.
#[derive(Debug, Clone, Copy)]
struct Column {
    title: Rect,
    body: Rect,
    axis: Axis,
}

/// The slab faces of one deck, in draw order, plus each slab's step along the deck.
struct Deck {
    faces: Vec<Rect>,
    step: f64,
}

/// Lays out `groups_of` (the group of each shown slab) in `body`: faces keep the
/// plane's aspect, groups are `apart` (0..1) of a gap from each other.
fn deck(body: Rect, axis: Axis, groups_of: &[usize], hw: (usize, usize), apart: f64) -> Deck {
    // Room for the group labels beside the deck.
    let body = match axis {
        Axis::Down => Rect {
            x: body.x + LABEL_GUTTER,
            w: body.w - LABEL_GUTTER,
            ..body
        },
        Axis::Across => Rect {
            y: body.y + 14.0,
            h: body.h - 14.0,
            ..body
        },
    };
    let n = groups_of.len().max(1);
    let sections = 1 + groups_of.windows(2).filter(|w| w[0] != w[1]).count();
    let (len, cross) = match axis {
        Axis::Down => (body.h, body.w),
        Axis::Across => (body.w, body.h),
    };
    let base = (0.5 * len).min(0.72 * cross).clamp(8.0, 210.0);
    let (ph, pw) = (hw.0.max(1) as f64, hw.1.max(1) as f64);
    let (fh, fw) = (base * (ph / pw).min(1.0), base * (pw / ph).min(1.0));
    let (f_len, f_cross) = match axis {
        Axis::Down => (fh, fw),
        Axis::Across => (fw, fh),
    };
    let gap_room = if sections > 1 { 0.25 * len } else { 0.0 };
    let gap = (gap_room / (sections - 1).max(1) as f64).min(18.0);
    let gaps = gap * (sections - 1) as f64;
    let step = if n > 1 {
        ((len - f_len - gaps) / (n - 1) as f64).clamp(0.8, 0.6 * f_len)
    } else {
        0.0
    };
    let skew = if n > 1 {
        (0.35 * step).min(0.22 * cross / (n - 1) as f64)
    } else {
        0.0
    };
    let extent = f_len + step * (n - 1) as f64 + gaps * apart;
    let start = ((len - extent) / 2.0).max(0.0);
    let cross0 = ((cross - f_cross - skew * (n - 1) as f64) / 2.0).max(0.0);
    let mut section = 0usize;
    let faces = (0..groups_of.len())
        .map(|i| {
            if i > 0 && groups_of[i] != groups_of[i - 1] {
                section += 1;
            }
            let u = start + i as f64 * step + section as f64 * gap * apart;
            let v = cross0 + i as f64 * skew;
            match axis {
                Axis::Down => Rect {
                    x: body.x + v,
                    y: body.y + u,
                    w: fw,
                    h: fh,
                },
                Axis::Across => Rect {
                    x: body.x + u,
                    y: body.y + v,
                    w: fw,
                    h: fh,
                },
            }
        })
        .collect();
    Deck { faces, step }
}

/// The columns of the diagram for this width: side by side when wide, one under
/// another on a phone. Returns them and the scene height.
fn columns(width: f64, separable: bool) -> (Vec<Column>, f64) {
    // Relative sizes: decks, then filters (narrower), then decks...
    let weights: &[f64] = if separable {
        &[1.0, 0.6, 1.0, 0.6, 1.0]
    } else {
        &[1.0, 0.6, 1.0]
    };
    let title_h = 44.0;
    if width >= NARROW {
        let height = (width * 0.5).clamp(340.0, 460.0);
        let gutter = 34.0;
        let room = width - gutter * (weights.len() - 1) as f64;
        let total: f64 = weights.iter().sum();
        let mut x = 0.0;
        let cols = weights
            .iter()
            .map(|w| {
                let cw = room * w / total;
                let c = Column {
                    title: Rect {
                        x,
                        y: 0.0,
                        w: cw,
                        h: title_h,
                    },
                    body: Rect {
                        x,
                        y: title_h,
                        w: cw,
                        h: height - title_h - 22.0,
                    },
                    axis: Axis::Down,
                };
                x += cw + gutter;
                c
            })
            .collect();
        (cols, height)
    } else {
        let gutter = 26.0;
        let mut y = 0.0;
        let cols = weights
            .iter()
            .map(|w| {
                let rh = (width * 0.44 * w).max(64.0);
                let c = Column {
                    title: Rect {
                        x: 0.0,
                        y,
                        w: width,
                        h: 30.0,
                    },
                    body: Rect {
                        x: 0.0,
                        y: y + 30.0,
                        w: width,
                        h: rh,
                    },
                    axis: Axis::Across,
                };
                y += 30.0 + rh + gutter;
                c
            })
            .collect();
        (cols, y)
    }
}

/// Where each stage stands: how far apart groups are, which groups run.
struct Phase {
    in_apart: f64,
    out_apart: f64,
    /// Hue strength (0 = neutral before the split).
    hue: f64,
    /// Groups whose outputs exist (done), and the ones being computed.
    done: Range<usize>,
    active: Range<usize>,
    /// Positions computed in the active groups' output planes.
    swept: usize,
    shuffle: f64,
    /// Pointwise: input channels mixed so far; None before the stage.
    mixed: Option<usize>,
    final_done: bool,
}

fn phase(l: &SceneLayer, m: Moment) -> Phase {
    let g = l.layer.groups.max(1);
    let shape = l.timeline_shape();
    let t = m.progress.clamp(0.0, 1.0);
    let positions = l.first_out.h * l.first_out.w;
    let mid = l.first_out.c;
    let mut p = Phase {
        in_apart: 1.0,
        out_apart: 1.0,
        hue: 1.0,
        done: 0..g,
        active: g..g,
        swept: 0,
        shuffle: 0.0,
        mixed: None,
        final_done: false,
    };
    match m.stage {
        Stage::Input => {
            (p.in_apart, p.out_apart, p.hue, p.done) = (0.0, 0.0, 0.0, 0..0);
        }
        Stage::Split => {
            (p.in_apart, p.out_apart, p.hue, p.done) = (t, t, t, 0..0);
        }
        Stage::GroupConv(n) => {
            p.active = shape.batch_groups(n);
            p.done = 0..p.active.start;
            p.swept = ((t * positions as f64).floor() as usize).min(positions);
        }
        Stage::Concat => (p.in_apart, p.out_apart) = (1.0 - t, 1.0 - t),
        Stage::Shuffle => (p.in_apart, p.out_apart, p.shuffle) = (0.0, 0.0, t),
        Stage::Pointwise => {
            (p.in_apart, p.out_apart) = (0.0, 0.0);
            p.mixed = Some(((t * mid as f64).ceil() as usize).min(mid));
            p.final_done = t >= 1.0;
        }
        Stage::Done => {
            (p.in_apart, p.out_apart) = (0.0, 0.0);
            p.shuffle = if shape.shuffle { 1.0 } else { 0.0 };
            p.mixed = Some(mid);
            p.final_done = true;
        }
    }
    p
}

/// Blends a group hue towards the neutral edge colour.
fn tint(c: Rgb, strength: f64) -> Rgb {
    let m = |a: u8, b: u8| lerp(b as f64, a as f64, strength).round() as u8;
    Rgb(m(c.0, NEUTRAL.0), m(c.1, NEUTRAL.1), m(c.2, NEUTRAL.2))
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
struct Shown {
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

    fn input_deck(&mut self, col: Column) -> Shown {
        let l = self.l;
        let ipg = l.layer.in_per_group().max(1);
        let channels = shown_channels(l.input.c, l.layer.groups, MAX_SLABS);
        let groups: Vec<usize> = channels.iter().map(|&c| c / ipg).collect();
        let d = deck(
            col.body,
            col.axis,
            &groups,
            (l.input.h, l.input.w),
            self.ph.in_apart,
        );
        self.title(col, Title::Input, shape(l.input, None));
        let rf = self.traced_field();
        let traced_group = rf.as_ref().map(|(r, _)| r.channels.start / ipg);
        for i in raised_last(&groups, &self.ph.active, traced_group) {
            let c = channels[i];
            let g = groups[i];
            let active = self.ph.active.contains(&g);
            let dim = !self.ph.active.is_empty() && !active
                || rf.as_ref().is_some_and(|(r, _)| !r.channels.contains(&c));
            self.items.push(Item::Slab(Slab {
                face: d.faces[i],
                tensor: TensorId::Input,
                n: 0,
                c,
                hue: tint(group_color(g), self.ph.hue),
                alpha: if dim { 0.35 } else { 1.0 },
                fill: Fill::Full,
                edge: edge(d.step),
                outline: active,
            }));
            if let Some((r, _)) = rf.as_ref().filter(|(r, _)| r.channels.contains(&c)) {
                self.marks(d.faces[i], (l.input.h, l.input.w), r.taps.clone());
            } else if active && self.ph.swept < l.first_out.h * l.first_out.w {
                let taps = self.window(g);
                self.marks(d.faces[i], (l.input.h, l.input.w), taps);
            }
        }
        self.group_label(col, &d.faces, &groups, self.ph.hue);
        self.elided_note(col, l.input.c - channels.len());
        Shown {
            channels,
            groups,
            faces: d.faces,
            step: d.step,
            elided: 0,
        }
    }

    /// The taps of the element the sweep is building in group `g`.
    fn window(&self, g: usize) -> Vec<(isize, isize)> {
        let l = self.l;
        let ow = l.first_out.w.max(1);
        let at = self.ph.swept;
        let oc = g * l.layer.out_per_group();
        receptive_field(&l.layer, l.input, [0, oc, at / ow, at % ow])
            .map(|rf| rf.taps)
            .unwrap_or_default()
    }

    fn marks(&mut self, face: Rect, grid: (usize, usize), cells: Vec<(isize, isize)>) {
        self.items.push(Item::Marks(Marks {
            face,
            grid,
            cells,
            color: HIGHLIGHT,
        }));
    }

    /// The traced element's receptive field on the first layer's input, and the
    /// first-layer output channel it belongs to (separable output: all channels, 1x1).
    fn traced_field(&self) -> Option<(conv_core::ReceptiveField, Option<usize>)> {
        let t = self.traced?;
        let l = self.l;
        match (t.tensor, l.pointwise) {
            (TracedTensor::Output, Some(_)) => None,
            _ => receptive_field(&l.layer, l.input, t.index)
                .ok()
                .map(|rf| (rf, Some(t.index[1]))),
        }
    }

    fn first_output_deck(&mut self, col: Column, m: Moment) -> Shown {
        let l = self.l;
        let opg = l.layer.out_per_group().max(1);
        let out = l.first_out;
        let channels = shown_channels(out.c, l.layer.groups, MAX_SLABS);
        let groups: Vec<usize> = channels.iter().map(|&c| c / opg).collect();
        let closed = deck(
            col.body,
            col.axis,
            &groups,
            (out.h, out.w),
            self.ph.out_apart,
        );
        let name = if l.pointwise.is_some() {
            Title::DepthwiseOutput
        } else {
            Title::Output
        };
        let note = match m.stage {
            Stage::Concat if l.layer.groups > 1 => Some(ShapeNote::Concat),
            Stage::Shuffle => Some(ShapeNote::Shuffle),
            _ => None,
        };
        self.title(col, name, shape(out, note));
        // Shuffle: the slab at position p moves to where channel shuffle puts it.
        let order = shuffle_order(out.c, l.layer.groups);
        let faces = self.shuffled_faces(&closed.faces, &channels, &order);
        let positions = out.h * out.w;
        let traceable = l.pointwise.is_none() || m.stage == Stage::Done;
        for i in raised_last(&groups, &self.ph.active, None) {
            let c = channels[i];
            let g = groups[i];
            let fill = if self.ph.done.contains(&g) {
                Fill::Full
            } else if self.ph.active.contains(&g) {
                Fill::Upto(self.ph.swept)
            } else {
                Fill::Empty
            };
            let dim = self.ph.done.contains(&g) && !self.ph.active.is_empty();
            let traced_here = self.first_traced_channel() == Some(c);
            self.items.push(Item::Slab(Slab {
                face: faces[i],
                tensor: TensorId::FirstOutput,
                n: 0,
                c,
                hue: tint(group_color(g), self.ph.hue),
                alpha: if dim { 0.45 } else { 1.0 },
                fill,
                edge: edge(closed.step),
                outline: self.ph.active.contains(&g) || traced_here,
            }));
            if self.ph.active.contains(&g) && self.ph.swept < positions {
                let ow = out.w.max(1);
                let at = self.ph.swept;
                let cell = vec![((at / ow) as isize, (at % ow) as isize)];
                self.marks(faces[i], (out.h, out.w), cell);
            }
            if fill == Fill::Full && traceable {
                let tensor = if l.pointwise.is_some() {
                    TracedTensor::Intermediate
                } else {
                    TracedTensor::Output
                };
                self.hits.push(Hit {
                    face: faces[i],
                    tensor,
                    c,
                    grid: (out.h, out.w),
                });
            }
        }
        self.group_label(col, &faces, &groups, self.ph.hue);
        self.elided_note(col, out.c - channels.len());
        Shown {
            channels,
            groups,
            faces,
            step: closed.step,
            elided: out.c.saturating_sub(MAX_SLABS),
        }
    }

    /// Faces after `shuffle` of the way through the channel shuffle.
    fn shuffled_faces(&self, faces: &[Rect], channels: &[usize], order: &[usize]) -> Vec<Rect> {
        let t = self.ph.shuffle;
        if t <= 0.0 {
            return faces.to_vec();
        }
        // Channel order[p] ends at position p; only shown channels have faces.
        channels
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let target = order
                    .iter()
                    .position(|&src| src == c)
                    .and_then(|p| channels.iter().position(|&sc| sc == p))
                    .map_or(faces[i], |j| faces[j]);
                let a = faces[i];
                Rect {
                    x: lerp(a.x, target.x, t),
                    y: lerp(a.y, target.y, t),
                    ..a
                }
            })
            .collect()
    }

    /// The first-layer output channel whose element is traced, if any.
    fn first_traced_channel(&self) -> Option<usize> {
        self.traced
            .and_then(|t| match (t.tensor, self.l.pointwise) {
                (TracedTensor::Output, Some(_)) => None,
                _ => Some(t.index[1]),
            })
    }

    /// Each shown output channel's filter, a small deck of kernel slabs, level
    /// with its output slab so a group's filters sit beside its outputs.
    fn filters(&mut self, col: Column, outputs: &Shown) {
        let l = self.l;
        let [kh, kw] = l.layer.kernel;
        let ipg = l.layer.in_per_group();
        self.title(
            col,
            Title::Filters,
            Label::Shape([l.layer.out_channels, ipg, kh, kw], None),
        );
        let per = ipg.min(MAX_FILTER_SLABS);
        let room = match col.axis {
            Axis::Down => col.body.w,
            Axis::Across => col.body.h,
        };
        let size = (outputs.step * 0.95).clamp(8.0, (0.45 * room).min(64.0));
        let offset = (size * 0.18).clamp(1.0, 5.0);
        let extent = size + offset * (per.max(1) - 1) as f64;
        let start = match col.axis {
            Axis::Down => col.body.x + (col.body.w - extent) / 2.0,
            Axis::Across => col.body.y + (col.body.h - extent) / 2.0,
        };
        self.filter_span = (start, start + extent);
        let traced = self.first_traced_channel();
        for (i, &o) in outputs.channels.iter().enumerate() {
            let g = outputs.groups[i];
            let anchor = outputs.faces[i];
            let (x0, y0) = match col.axis {
                Axis::Down => (start, anchor.y),
                Axis::Across => (anchor.x, start),
            };
            let active = self.ph.active.contains(&g);
            let dim = !self.ph.active.is_empty() && !active;
            for k in 0..per {
                let d = k as f64 * offset;
                self.items.push(Item::Slab(Slab {
                    face: Rect {
                        x: x0 + d,
                        y: y0 + d,
                        w: size,
                        h: size,
                    },
                    tensor: TensorId::Weight,
                    n: o,
                    c: k,
                    hue: tint(group_color(g), self.ph.hue),
                    alpha: if dim { 0.35 } else { 1.0 },
                    fill: Fill::Full,
                    edge: 1.5,
                    outline: active || traced == Some(o),
                }));
            }
        }
        if ipg > per {
            self.footnote(
                col,
                Label::KernelSlices {
                    shown: per,
                    of: ipg,
                },
            );
        } else {
            self.elided_note(col, outputs.elided);
        }
    }

    fn arrows(&mut self, cols: &[Column], inputs: &Shown, outputs: &Shown) {
        let axis = cols[0].axis;
        let between = |a: Rect, b: Rect| match axis {
            Axis::Down => (
                (a.right() + 4.0, a.y + a.h / 2.0),
                (b.x - 4.0, a.y + a.h / 2.0),
            ),
            Axis::Across => (
                (a.x + a.w / 2.0, a.bottom() + 2.0),
                (a.x + a.w / 2.0, b.y - 32.0),
            ),
        };
        let active: Vec<usize> = self.ph.active.clone().collect();
        if active.is_empty() || active.len() > 4 {
            for w in cols.windows(2) {
                let (f, t) = between(w[0].body, w[1].body);
                self.items.push(Item::Arrow {
                    from: f,
                    to: t,
                    color: NEUTRAL,
                    width: 2.0,
                });
            }
            return;
        }
        // Each running group: from its input section, through its filters, to its outputs.
        for g in active {
            // The middle of the group's visible strips (later slabs cover the rest).
            let section = |s: &Shown| -> Option<(f64, f64)> {
                let idx: Vec<usize> = (0..s.groups.len()).filter(|&i| s.groups[i] == g).collect();
                let (a, b) = (s.faces[*idx.first()?], s.faces[*idx.last()?]);
                let strip = s.step.max(4.0);
                Some(match axis {
                    Axis::Down => ((a.y + b.y + strip.min(b.h)) / 2.0, a.right().max(b.right())),
                    Axis::Across => (
                        (a.x + b.x + strip.min(b.w)) / 2.0,
                        a.bottom().max(b.bottom()),
                    ),
                })
            };
            let (Some((ui, ei)), Some((uo, _))) = (section(inputs), section(outputs)) else {
                continue;
            };
            let c = group_color(g);
            let (f0, f1) = self.filter_span;
            let o = cols[2].body;
            let (a1, a2, a3, a4) = match axis {
                Axis::Down => (
                    (ei + 6.0, ui),
                    (f0 - 4.0, uo),
                    (f1 + 6.0, uo),
                    (o.x + LABEL_GUTTER - 2.0, uo),
                ),
                Axis::Across => (
                    (ui, ei + 4.0),
                    (ui, cols[1].title.y - 2.0),
                    (uo, f1 + 6.0),
                    (uo, cols[2].title.y - 2.0),
                ),
            };
            self.items.push(Item::Arrow {
                from: a1,
                to: a2,
                color: c,
                width: 3.0,
            });
            self.items.push(Item::Arrow {
                from: a3,
                to: a4,
                color: c,
                width: 3.0,
            });
        }
        for w in cols.windows(2).skip(2) {
            let (f, t) = between(w[0].body, w[1].body);
            self.items.push(Item::Arrow {
                from: f,
                to: t,
                color: NEUTRAL,
                width: 2.0,
            });
        }
    }

    /// Separable: the 1x1 weights as a `C_out × C_mid` matrix, and the final output.
    fn pointwise(&mut self, mcol: Column, ocol: Column, out: Nchw) {
        let mid = self.l.first_out.c;
        self.title(
            mcol,
            Title::Pointwise,
            Label::Shape([out.c, mid, 1, 1], None),
        );
        let b = mcol.body;
        let side = (b.w * 0.9).min(b.h * 0.9);
        let (mw, mh) = if out.c >= mid {
            (side * mid as f64 / out.c as f64, side)
        } else {
            (side, side * out.c as f64 / mid as f64)
        };
        let face = Rect {
            x: b.x + (b.w - mw) / 2.0,
            y: b.y + (b.h - mh) / 2.0,
            w: mw.max(4.0),
            h: mh.max(4.0),
        };
        let on = self.ph.mixed.is_some();
        self.items.push(Item::Slab(Slab {
            face,
            tensor: TensorId::PointwiseWeight,
            n: 0,
            c: 0,
            hue: NEUTRAL,
            alpha: if on { 1.0 } else { 0.45 },
            fill: Fill::Full,
            edge: 0.0,
            outline: false,
        }));
        if let Some(k) = self.ph.mixed.filter(|&k| k > 0 && !self.ph.final_done) {
            let cw = face.w / mid.max(1) as f64;
            let rect = Rect {
                x: face.x + (k - 1) as f64 * cw,
                y: face.y,
                w: cw.max(1.5),
                h: face.h,
            };
            self.items.push(Item::Band {
                rect,
                color: HIGHLIGHT,
                alpha: 0.9,
            });
        }
        if let Some(t) = self.traced.filter(|t| t.tensor == TracedTensor::Output) {
            let rh = face.h / out.c.max(1) as f64;
            let rect = Rect {
                x: face.x,
                y: face.y + t.index[1] as f64 * rh,
                w: face.w,
                h: rh.max(1.5),
            };
            self.items.push(Item::Band {
                rect,
                color: HIGHLIGHT,
                alpha: 0.9,
            });
        }
        self.final_deck(ocol, out);
    }

    fn final_deck(&mut self, col: Column, out: Nchw) {
        let channels = shown_channels(out.c, 1, MAX_SLABS);
        let groups = vec![0; channels.len()];
        let d = deck(col.body, col.axis, &groups, (out.h, out.w), 0.0);
        self.title(col, Title::Output, shape(out, None));
        let fill = match self.ph.mixed {
            _ if self.ph.final_done => Fill::Full,
            Some(k) => Fill::Partial(k),
            None => Fill::Empty,
        };
        for (i, &c) in channels.iter().enumerate() {
            let traced = self
                .traced
                .is_some_and(|t| t.tensor == TracedTensor::Output && t.index[1] == c);
            self.items.push(Item::Slab(Slab {
                face: d.faces[i],
                tensor: TensorId::Output,
                n: 0,
                c,
                hue: NEUTRAL,
                alpha: 1.0,
                fill,
                edge: edge(d.step),
                outline: traced,
            }));
            if fill == Fill::Full {
                self.hits.push(Hit {
                    face: d.faces[i],
                    tensor: TracedTensor::Output,
                    c,
                    grid: (out.h, out.w),
                });
            }
        }
        self.elided_note(col, out.c - channels.len());
    }

    /// The traced slab drawn again on top, whole, with its element boxed, so the
    /// value and its receptive field are in view together.
    fn traced_overlay(&mut self, _inputs: &Shown, _outputs: &Shown) {
        let Some(t) = self.traced else { return };
        let [_, c, y, x] = t.index;
        let tensor = match (t.tensor, self.l.pointwise) {
            (TracedTensor::Output, Some(_)) => TensorId::Output,
            _ => TensorId::FirstOutput,
        };
        let Some(pos) = self
            .hits
            .iter()
            .position(|h| h.tensor == t.tensor && h.c == c)
        else {
            return;
        };
        let hit = self.hits.remove(pos);
        let Some(slab) = self.slabs_of(tensor, c) else {
            return;
        };
        self.items.push(Item::Slab(Slab {
            outline: true,
            alpha: 1.0,
            ..slab
        }));
        self.marks(hit.face, hit.grid, vec![(y as isize, x as isize)]);
        self.hits.push(hit);
    }

    fn slabs_of(&self, tensor: TensorId, c: usize) -> Option<Slab> {
        self.items.iter().rev().find_map(|i| match i {
            Item::Slab(s) if s.tensor == tensor && s.c == c => Some(s.clone()),
            _ => None,
        })
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
    Label::Shape([s.n, s.c, s.h, s.w], note)
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
