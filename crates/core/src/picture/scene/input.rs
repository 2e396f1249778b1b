//! The input deck: the input channels, split into their groups, with the
//! receptive field of the value being computed or traced boxed on them.

use super::*;

impl Builder<'_> {
    pub(super) fn input_deck(&mut self, col: Column) -> Shown {
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
    pub(super) fn window(&self, g: usize) -> Vec<(isize, isize)> {
        let l = self.l;
        let ow = l.first_out.w.max(1);
        let at = self.ph.swept;
        let oc = g * l.layer.out_per_group();
        receptive_field(&l.layer, l.input, [0, oc, at / ow, at % ow])
            .map(|rf| rf.taps)
            .unwrap_or_default()
    }

    /// The traced element's receptive field on the first layer's input, and the
    /// first-layer output channel it belongs to (separable output: all channels, 1x1).
    pub(super) fn traced_field(&self) -> Option<(conv_core::ReceptiveField, Option<usize>)> {
        let t = self.traced?;
        let l = self.l;
        match (t.tensor, l.pointwise) {
            (TracedTensor::Output, Some(_)) => None,
            _ => receptive_field(&l.layer, l.input, t.index)
                .ok()
                .map(|rf| (rf, Some(t.index[1]))),
        }
    }
}
