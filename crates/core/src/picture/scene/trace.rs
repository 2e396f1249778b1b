//! The traced value: its slab drawn again on top, whole, with the element boxed.

use super::*;

impl Builder<'_> {
    /// The traced slab drawn again on top, whole, with its element boxed, so the
    /// value and its receptive field are in view together.
    pub(super) fn traced_overlay(&mut self, _inputs: &Shown, _outputs: &Shown) {
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

    pub(super) fn slabs_of(&self, tensor: TensorId, c: usize) -> Option<Slab> {
        self.items.iter().rev().find_map(|i| match i {
            Item::Slab(s) if s.tensor == tensor && s.c == c => Some(s.clone()),
            _ => None,
        })
    }
}
