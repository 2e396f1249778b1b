//! Separable: the 1x1 weights as a `C_out × C_mid` matrix, and the final
//! output mixing the depthwise outputs.

use super::*;

impl Builder<'_> {
    /// Separable: the 1x1 weights as a `C_out × C_mid` matrix, and the final output.
    pub(super) fn pointwise(&mut self, mcol: Column, ocol: Column, out: Nchw) {
        let mid = self.l.first_out.c;
        self.title(
            mcol,
            Title::Pointwise,
            Label::Shape(Nchw::new(out.c, mid, 1, 1), None),
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

    pub(super) fn final_deck(&mut self, col: Column, out: Nchw) {
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
}
