//! The filters column: each shown output channel's filter, a small deck of
//! kernel slabs level with its output slab.

use super::*;

impl Builder<'_> {
    /// Each shown output channel's filter, a small deck of kernel slabs, level
    /// with its output slab so a group's filters sit beside its outputs.
    pub(super) fn filters(&mut self, col: Column, outputs: &Shown) {
        let l = self.l;
        let [kh, kw] = l.layer.kernel;
        let ipg = l.layer.in_per_group();
        self.title(
            col,
            Title::Filters,
            Label::Shape(Nchw::new(l.layer.out_channels, ipg, kh, kw), None),
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
}
