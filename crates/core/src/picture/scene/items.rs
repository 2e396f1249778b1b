//! What a scene is made of: rectangles, slabs, marks, arrows and labels, and
//! the faces a pointer can trace. Plain data, free of any language.

use conv_core::{Conv2dLayer, Nchw};

use crate::picture::colors::Rgb;
use crate::picture::timeline::{Stage, TimelineShape};

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

pub(crate) fn lerp(a: f64, b: f64, t: f64) -> f64 {
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

/// What a text item says, as facts: the renderer words it through a
/// [`LabelWords`], so the scene stays free of any language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// A column's heading.
    Title(Title),
    /// A tensor's shape, `[n, c, h, w]`, and what just made it.
    Shape(Nchw, Option<ShapeNote>),
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

/// Words for the scene's labels in one language: the page's text layer, or
/// (in a GIF worker, which carries no text layer) the words the page sent.
pub trait LabelWords {
    fn label(&self, l: &Label) -> String;
}

/// Labels and their words, made on the page and read back where the words
/// are not known: a GIF worker draws the frames, and the page words every
/// label they show ([`Scene::labels`] of each frame) in its language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelTable {
    pub labels: Vec<Label>,
    pub words: Vec<String>,
}

impl LabelTable {
    /// The distinct labels of `scenes`, in order of first appearance.
    pub fn labels_of<'a>(scenes: impl IntoIterator<Item = &'a Scene>) -> Vec<Label> {
        let mut out: Vec<Label> = Vec::new();
        for s in scenes {
            for l in s.labels() {
                if !out.contains(l) {
                    out.push(l.clone());
                }
            }
        }
        out
    }
}

impl LabelWords for LabelTable {
    /// A label the table lacks reads as nothing, rather than stopping a GIF.
    fn label(&self, l: &Label) -> String {
        let i = self.labels.iter().position(|x| x == l);
        i.and_then(|i| self.words.get(i))
            .cloned()
            .unwrap_or_default()
    }
}

/// Which tensor a traced element belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TracedTensor {
    /// The final output (of the pointwise stage in separable mode).
    Output,
    /// Separable mode: the depthwise stage's output.
    Intermediate,
}

/// The element whose computation the trace panel lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Traced {
    pub tensor: TracedTensor,
    /// `[n, c, y, x]`.
    pub index: [usize; 4],
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
