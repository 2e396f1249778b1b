//! Where each stage of the timeline stands: how far apart the groups are,
//! which groups run, how far the sweep and the pointwise mix have come.

use std::ops::Range;

use super::items::{lerp, Moment, SceneLayer, NEUTRAL};
use crate::picture::colors::Rgb;
use crate::picture::timeline::Stage;

/// Where each stage stands: how far apart groups are, which groups run.
pub(super) struct Phase {
    pub(super) in_apart: f64,
    pub(super) out_apart: f64,
    /// Hue strength (0 = neutral before the split).
    pub(super) hue: f64,
    /// Groups whose outputs exist (done), and the ones being computed.
    pub(super) done: Range<usize>,
    pub(super) active: Range<usize>,
    /// Positions computed in the active groups' output planes.
    pub(super) swept: usize,
    pub(super) shuffle: f64,
    /// Pointwise: input channels mixed so far; None before the stage.
    pub(super) mixed: Option<usize>,
    pub(super) final_done: bool,
}

pub(super) fn phase(l: &SceneLayer, m: Moment) -> Phase {
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
pub(super) fn tint(c: Rgb, strength: f64) -> Rgb {
    let m = |a: u8, b: u8| lerp(b as f64, a as f64, strength).round() as u8;
    Rgb(m(c.0, NEUTRAL.0), m(c.1, NEUTRAL.1), m(c.2, NEUTRAL.2))
}
