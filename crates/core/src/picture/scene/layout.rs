//! Where things go: the diagram's columns for a width (side by side, or one
//! under another on a phone) and a deck's slab faces within a column.

use super::items::Rect;

/// Width kept left of a deck (above it, on a phone) for its group labels.
pub(super) const LABEL_GUTTER: f64 = 24.0;
/// Below this width the picture flows top to bottom (phones).
pub const NARROW: f64 = 640.0;

/// Which way a deck's slabs step: down the page (wide layout) or across it (narrow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Axis {
    Down,
    Across,
}

/// A box for one column of the diagram, and the way its decks run.
#[derive(Debug, Clone, Copy)]
pub(super) struct Column {
    pub(super) title: Rect,
    pub(super) body: Rect,
    pub(super) axis: Axis,
}

/// The slab faces of one deck, in draw order, plus each slab's step along the deck.
pub(super) struct Deck {
    pub(super) faces: Vec<Rect>,
    pub(super) step: f64,
}

/// Lays out `groups_of` (the group of each shown slab) in `body`: faces keep the
/// plane's aspect, groups are `apart` (0..1) of a gap from each other.
pub(super) fn deck(
    body: Rect,
    axis: Axis,
    groups_of: &[usize],
    hw: (usize, usize),
    apart: f64,
) -> Deck {
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
pub(super) fn columns(width: f64, separable: bool) -> (Vec<Column>, f64) {
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
