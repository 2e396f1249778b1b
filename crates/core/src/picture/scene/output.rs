//! The (first) output deck: each group's outputs filling as its filters sweep,
//! closing up in the concat and moving in the channel shuffle.

use super::*;

impl Builder<'_> {
    pub(super) fn first_output_deck(&mut self, col: Column, m: Moment) -> Shown {
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
    pub(super) fn shuffled_faces(
        &self,
        faces: &[Rect],
        channels: &[usize],
        order: &[usize],
    ) -> Vec<Rect> {
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
    pub(super) fn first_traced_channel(&self) -> Option<usize> {
        self.traced
            .and_then(|t| match (t.tensor, self.l.pointwise) {
                (TracedTensor::Output, Some(_)) => None,
                _ => Some(t.index[1]),
            })
    }
}
