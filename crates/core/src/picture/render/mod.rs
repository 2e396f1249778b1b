//! One renderer for the scene ([`crate::picture::scene`]): it turns a [`Scene`]
//! into calls on a [`Painter`], so the page's canvas, the worker's
//! OffscreenCanvas (GIF frames) and an SVG string draw exactly the same
//! picture. Heatmap pixels come from a [`Planes`] source and are made into
//! images once per plane and cached; the labels' words come from a
//! [`LabelWords`] (the page's text layer, or the GIF request's words).

pub mod canvas;
pub mod svg;

use std::collections::HashMap;

use super::colors::{label_color, plane_rgba, Rgb, Theme};
use super::scene::{
    Anchor, Fill, Item, LabelWords, Marks, Rect, Scene, Slab, TensorId, INK, MUTED,
};

/// The picture's fonts (canvas and SVG): the system's, then ones with Chinese
/// glyphs on each platform (macOS, Windows, Linux), so labels in either language render.
/// Single quotes only: the SVG puts it in a double-quoted attribute.
pub const FONT: &str = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', \
     'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";

/// A drawing target. Coordinates are CSS pixels of the scene.
pub trait Painter {
    /// A bitmap made once and drawn many times (a heatmap plane).
    type Image;
    fn make_image(&mut self, w: usize, h: usize, rgba: &[u8]) -> Option<Self::Image>;
    /// Draws the `src` part (image pixels) of `img` into `dst`, unsmoothed.
    fn draw_image(&mut self, img: &Self::Image, src: Rect, dst: Rect, alpha: f64);
    fn fill_rect(&mut self, r: Rect, c: Rgb, alpha: f64);
    fn stroke_rect(&mut self, r: Rect, c: Rgb, width: f64, alpha: f64);
    fn polygon(&mut self, pts: &[(f64, f64)], c: Rgb, alpha: f64);
    fn line(&mut self, from: (f64, f64), to: (f64, f64), c: Rgb, width: f64);
    fn text(&mut self, at: (f64, f64), text: &str, size: f64, c: Rgb, anchor: Anchor, bold: bool);
}

/// Where a slab's values come from.
pub trait Planes {
    /// `(h, w)` and values of plane `(n, c)` of a tensor.
    fn plane(&self, t: TensorId, n: usize, c: usize) -> Option<((usize, usize), &[f32])>;
    /// The magnitude that saturates the colour map of a tensor.
    fn scale(&self, t: TensorId) -> f32;
    /// Separable: output channel `c` as the sum over its first `k` input channels.
    fn partial(&self, c: usize, k: usize) -> Option<Vec<f32>>;
}

/// Text colours: the scene's ink follows the theme (the style sheet's `--ink`
/// and `--muted`), and group hues used as text are darkened or lightened until
/// they read on the theme's panel.
fn ink(theme: Theme, c: Rgb) -> Rgb {
    match (theme.is_dark(), c) {
        (true, c) if c == INK => Rgb(0xe8, 0xea, 0xed),
        (true, c) if c == MUTED => Rgb(0xa3, 0xa9, 0xb3),
        (dark, c) => label_color(c, dark),
    }
}

/// Image key: tensor, plane, and the partial-sum depth (`usize::MAX` for the plane itself).
type Key = (TensorId, usize, usize, usize);

/// Draws scenes, keeping each plane's image between frames. Make a new one
/// (or [`Renderer::retire`] the images) when the job result changes.
pub struct Renderer<P: Painter> {
    images: HashMap<Key, (P::Image, (usize, usize))>,
    /// The previous result's (or theme's) images, drawn in place of one not yet
    /// remade for the budget, so a new result never blanks the picture.
    stale: HashMap<Key, (P::Image, (usize, usize))>,
    /// The partial-sum depth whose image each pointwise output keeps: as the
    /// sum deepens, the shallower image is dropped, so the cache stays one
    /// image per plane (not one per frame of the pointwise stage).
    partial_depth: HashMap<(TensorId, usize, usize), usize>,
    /// At most this many pixels of new plane images per [`Renderer::draw`] (at
    /// least one image): the page spreads a new result's images over a few frames
    /// instead of one long task. `None` (the GIF, the SVG) makes every image.
    pub budget: Option<usize>,
    /// Pixels of images made in this draw.
    made: usize,
    /// Whether this draw left images unmade for the budget.
    incomplete: bool,
    pub theme: Theme,
}

impl<P: Painter> Default for Renderer<P> {
    fn default() -> Self {
        Renderer::new(Theme::default())
    }
}

impl<P: Painter> Renderer<P> {
    /// A renderer in `theme`.
    pub fn new(theme: Theme) -> Self {
        Renderer {
            images: HashMap::new(),
            stale: HashMap::new(),
            partial_depth: HashMap::new(),
            budget: None,
            made: 0,
            incomplete: false,
            theme,
        }
    }

    /// The same, making at most `pixels` of new images per draw.
    pub fn with_budget(self, pixels: usize) -> Self {
        Renderer {
            budget: Some(pixels),
            ..self
        }
    }

    /// For a new result or theme: every image is to be made again, but each
    /// old one is still drawn until its replacement is made.
    pub fn retire(&mut self) {
        self.stale = std::mem::take(&mut self.images);
        self.partial_depth.clear();
    }

    /// Whether the last draw made every image it needed (see `budget`): if
    /// not, drawing the same scene again makes more of them.
    pub fn complete(&self) -> bool {
        !self.incomplete
    }

    /// Draws the whole scene, its labels in `words`, background included when
    /// `background` is set.
    pub fn draw(
        &mut self,
        p: &mut P,
        scene: &Scene,
        planes: &dyn Planes,
        words: &dyn LabelWords,
        background: bool,
    ) {
        (self.made, self.incomplete) = (0, false);
        if background {
            let all = Rect {
                x: 0.0,
                y: 0.0,
                w: scene.width,
                h: scene.height,
            };
            p.fill_rect(all, self.theme.panel(), 1.0);
        }
        for (i, item) in scene.items.iter().enumerate() {
            match item {
                Item::Slab(s) => self.slab(p, s, planes, next_face(&scene.items[i + 1..])),
                Item::Marks(m) => marks(p, m),
                Item::Band { rect, color, alpha } => p.fill_rect(*rect, *color, *alpha),
                Item::Arrow {
                    from,
                    to,
                    color,
                    width,
                } => arrow(p, *from, *to, *color, *width),
                Item::Text {
                    at,
                    label,
                    size,
                    color,
                    anchor,
                    bold,
                } => {
                    let s = words.label(label);
                    p.text(*at, &s, *size, ink(self.theme, *color), *anchor, *bold)
                }
            }
        }
        if !self.incomplete {
            self.stale.clear();
        }
    }

    fn image(
        &mut self,
        p: &mut P,
        planes: &dyn Planes,
        key: Key,
    ) -> Option<(&P::Image, (usize, usize))> {
        let (t, n, c, k) = key;
        let ((h, w), values) = planes.plane(t, n, c)?;
        if !self.images.contains_key(&key) {
            // Whole planes only: they are made once and kept, so each draw makes
            // progress. A partial sum is remade as it deepens, every frame of the
            // pointwise stage; budgeted, the slabs drawn first would starve the rest.
            if k == usize::MAX
                && self
                    .budget
                    .is_some_and(|b| self.made > 0 && self.made + w * h > b)
            {
                self.incomplete = true;
                return self.stale.get(&key).map(|(i, d)| (i, *d));
            }
            self.made += w * h;
            let rgba = if k == usize::MAX {
                plane_rgba(values, planes.scale(t), self.theme.is_dark())
            } else {
                plane_rgba(
                    &planes.partial(c, k)?,
                    planes.scale(t),
                    self.theme.is_dark(),
                )
            };
            let img = p.make_image(w, h, &rgba)?;
            if k != usize::MAX {
                if let Some(old) = self.partial_depth.insert((t, n, c), k) {
                    self.images.remove(&(t, n, c, old));
                }
            }
            self.stale.remove(&key);
            self.images.insert(key, (img, (h, w)));
        }
        self.images.get(&key).map(|(i, d)| (i, *d))
    }

    /// Draws a slab. `cover` is the face of the next slab drawn: its panel is
    /// opaque, so only the part of this face outside it can be seen, and in a
    /// deep stack (64 slabs at 256 channels) that part is a thin strip. Only
    /// that part is filled, which keeps a frame's drawing short.
    fn slab(&mut self, p: &mut P, s: &Slab, planes: &dyn Planes, cover: Option<Rect>) {
        let f = s.face;
        let e = s.edge;
        if e > 0.0 {
            let top = [
                (f.x, f.y),
                (f.x + e, f.y - e),
                (f.right() + e, f.y - e),
                (f.right(), f.y),
            ];
            let side = [
                (f.right(), f.y),
                (f.right() + e, f.y - e),
                (f.right() + e, f.bottom() - e),
                (f.right(), f.bottom()),
            ];
            p.polygon(&top, s.hue, 0.8 * s.alpha);
            p.polygon(&side, s.hue, 0.6 * s.alpha);
        }
        // The sweep draws rows of the plane: drawn whole, not cut into bands.
        let visible = match (cover, s.fill) {
            (Some(c), Fill::Full | Fill::Empty | Fill::Partial(_)) => uncovered(f, c),
            _ => vec![f],
        };
        for band in &visible {
            p.fill_rect(*band, self.theme.panel(), 1.0);
        }
        let key = |k| (s.tensor, s.n, s.c, k);
        // Whole planes, and pointwise outputs as their partial sums so far.
        let whole = match s.fill {
            Fill::Full => Some(usize::MAX),
            Fill::Partial(k) if k > 0 => Some(k),
            _ => None,
        };
        let whole = whole.filter(|_| !visible.is_empty());
        if let Some((img, (h, w))) = whole.and_then(|k| self.image(p, planes, key(k))) {
            for band in &visible {
                // The band's share of the image's pixels.
                let src = Rect {
                    x: (band.x - f.x) / f.w * w as f64,
                    y: (band.y - f.y) / f.h * h as f64,
                    w: band.w / f.w * w as f64,
                    h: band.h / f.h * h as f64,
                };
                p.draw_image(img, src, *band, s.alpha);
            }
        }
        if let Fill::Upto(n @ 1..) = s.fill {
            if let Some((img, (h, w))) = self.image(p, planes, key(usize::MAX)) {
                swept(p, img, (h, w), n, f, s.alpha);
            }
        }
        let (width, alpha) = if s.outline {
            (2.5, 1.0)
        } else {
            (1.0, 0.7 * s.alpha)
        };
        p.stroke_rect(f, s.hue, width, alpha);
    }
}

/// The face of the first slab among `items`.
fn next_face(items: &[Item]) -> Option<Rect> {
    items.iter().find_map(|it| match it {
        Item::Slab(s) => Some(s.face),
        _ => None,
    })
}

/// The parts of `a` outside `b`: up to four bands (above, below, left of and
/// right of `b`), none when `b` covers `a`.
fn uncovered(a: Rect, b: Rect) -> Vec<Rect> {
    let (x0, y0) = (a.x.max(b.x), a.y.max(b.y));
    let (x1, y1) = (a.right().min(b.right()), a.bottom().min(b.bottom()));
    if x0 >= x1 || y0 >= y1 {
        return vec![a];
    }
    let bands = [
        Rect { h: y0 - a.y, ..a },
        Rect {
            y: y1,
            h: a.bottom() - y1,
            ..a
        },
        Rect {
            y: y0,
            w: x0 - a.x,
            h: y1 - y0,
            ..a
        },
        Rect {
            x: x1,
            y: y0,
            w: a.right() - x1,
            h: y1 - y0,
        },
    ];
    bands
        .into_iter()
        .filter(|r| r.w > 0.0 && r.h > 0.0)
        .collect()
}

/// The first `n` positions of a plane: whole rows, then the current row's start.
fn swept<P: Painter>(
    p: &mut P,
    img: &P::Image,
    (h, w): (usize, usize),
    n: usize,
    f: Rect,
    alpha: f64,
) {
    let (rows, rest) = (n / w.max(1), n % w.max(1));
    let (cw, ch) = (f.w / w as f64, f.h / h as f64);
    if rows > 0 {
        let src = Rect {
            x: 0.0,
            y: 0.0,
            w: w as f64,
            h: rows.min(h) as f64,
        };
        let dst = Rect {
            h: ch * rows.min(h) as f64,
            ..f
        };
        p.draw_image(img, src, dst, alpha);
    }
    if rest > 0 && rows < h {
        let src = Rect {
            x: 0.0,
            y: rows as f64,
            w: rest as f64,
            h: 1.0,
        };
        let dst = Rect {
            x: f.x,
            y: f.y + ch * rows as f64,
            w: cw * rest as f64,
            h: ch,
        };
        p.draw_image(img, src, dst, alpha);
    }
}

/// Boxes cells of a face; cells in the padding are drawn just outside it.
fn marks<P: Painter>(p: &mut P, m: &Marks) {
    let (gh, gw) = (m.grid.0.max(1) as f64, m.grid.1.max(1) as f64);
    let (cw, ch) = (m.face.w / gw, m.face.h / gh);
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(y, x) in &m.cells {
        let r = Rect {
            x: m.face.x + x as f64 * cw,
            y: m.face.y + y as f64 * ch,
            w: cw,
            h: ch,
        };
        p.fill_rect(r, m.color, 0.35);
        (x0, y0, x1, y1) = (
            x0.min(r.x),
            y0.min(r.y),
            x1.max(r.right()),
            y1.max(r.bottom()),
        );
    }
    if !m.cells.is_empty() {
        let r = Rect {
            x: x0,
            y: y0,
            w: (x1 - x0).max(3.0),
            h: (y1 - y0).max(3.0),
        };
        p.stroke_rect(r, m.color, 2.0, 1.0);
    }
}

fn arrow<P: Painter>(p: &mut P, from: (f64, f64), to: (f64, f64), c: Rgb, width: f64) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 4.0 {
        return;
    }
    let (ux, uy) = (dx / len, dy / len);
    let head = (3.0 * width).max(7.0);
    let base = (to.0 - ux * head, to.1 - uy * head);
    p.line(from, base, c, width);
    let (nx, ny) = (-uy * head * 0.5, ux * head * 0.5);
    p.polygon(
        &[to, (base.0 + nx, base.1 + ny), (base.0 - nx, base.1 - ny)],
        c,
        1.0,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(v: &[Rect]) -> f64 {
        v.iter().map(|r| r.w * r.h).sum()
    }

    /// A face behind another, offset up and right as in a stack, shows an L:
    /// a band above and a band to the right, whose areas add up to what is
    /// not covered.
    #[test]
    fn the_uncovered_part_of_a_face_is_what_the_next_face_leaves() {
        let a = Rect {
            x: 10.0,
            y: 0.0,
            w: 100.0,
            h: 100.0,
        };
        let b = Rect {
            x: 7.0,
            y: 3.0,
            ..a
        };
        let v = uncovered(a, b);
        assert_eq!(v.len(), 2, "{v:?}");
        assert!((area(&v) - (100.0 * 100.0 - 97.0 * 97.0)).abs() < 1e-9);
        assert!(v
            .iter()
            .all(|r| r.x >= a.x && r.right() <= a.right() + 1e-9));
        assert!(uncovered(a, a).is_empty());
        let far = Rect { x: 500.0, ..a };
        assert_eq!(uncovered(a, far), vec![a]);
        let inside = Rect {
            x: 40.0,
            y: 40.0,
            w: 10.0,
            h: 10.0,
        };
        assert!((area(&uncovered(a, inside)) - 9900.0).abs() < 1e-9);
        assert_eq!(uncovered(a, inside).len(), 4);
    }
}
