//! The arrows between the columns: each running group's, in its hue, from its
//! inputs through its filters to its outputs.

use super::*;

impl Builder<'_> {
    pub(super) fn arrows(&mut self, cols: &[Column], inputs: &Shown, outputs: &Shown) {
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
            return self.neutral_arrows(cols.windows(2).map(|w| between(w[0].body, w[1].body)));
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
        self.neutral_arrows(
            cols.windows(2)
                .skip(2)
                .map(|w| between(w[0].body, w[1].body)),
        );
    }

    /// Grey arrows between columns, `(from, to)` each.
    fn neutral_arrows(&mut self, ends: impl Iterator<Item = ((f64, f64), (f64, f64))>) {
        for (from, to) in ends {
            self.items.push(Item::Arrow {
                from,
                to,
                color: NEUTRAL,
                width: 2.0,
            });
        }
    }
}
