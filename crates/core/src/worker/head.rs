//! A result's head, every number of a [`JobResult`] but its tensors' values and
//! its layers, as one flat list of `f64`: the form in which the page reads a
//! worker's result (`worker::protocol`, where it travels as a `Float64Array`).
//!
//! In order: the kind (its place in [`ConvKind::ALL`]); the number of tensors
//! (3, or 5 for separable) and their shapes, four numbers each, in
//! [`Slot::present`] order; the bias and the pointwise bias (−1 if there is
//! none, else their length and values); the output's statistics (min, max,
//! mean, sum); the magnitudes (input, weight, intermediate, pointwise weight,
//! output); the compute and kernel times; the number of planes and each plane's
//! min, max, sum and length. Every `f32`, `f64` and size below 2⁵³ is exact
//! in an `f64`.
//!
//! Written by hand, not derived: serde's derived `Deserialize` for the result's
//! structs, read through `serde_wasm_bindgen`, was 7.4 KB of the page's gzipped
//! wasm (docs/PERFORMANCE.md, "Bundle"). The layers are not in the head: the
//! page has the setting it asked for, and [`super::layers_of`] gives the layers
//! the worker ran.

use conv_core::{Conv2dLayer, ConvKind, Nchw, PlaneStats, Stats};

use crate::compute::arrival::{empty, Slot};
use crate::compute::{JobResult, Magnitudes};

/// The head of `r`.
pub fn head_numbers(r: &JobResult) -> Vec<f64> {
    let mut v = Vec::new();
    let kind = ConvKind::ALL.iter().position(|&k| k == r.mode).unwrap_or(0);
    v.push(kind as f64);
    let shapes: Vec<Nchw> = [Some(&r.input), Some(&r.weight), Some(&r.output)]
        .into_iter()
        .chain([r.intermediate.as_ref(), r.pw_weight.as_ref()])
        .flatten()
        .map(|t| t.shape)
        .collect();
    v.push(shapes.len() as f64);
    for s in shapes {
        v.extend(s.to_array().map(|d| d as f64));
    }
    for bias in [&r.bias, &r.pw_bias] {
        match bias {
            None => v.push(-1.0),
            Some(b) => {
                v.push(b.len() as f64);
                v.extend(b.iter().map(|&x| f64::from(x)));
            }
        }
    }
    let (st, m) = (&r.stats, &r.magnitudes);
    v.extend([f64::from(st.min), f64::from(st.max), st.mean, st.sum]);
    let mags = [m.input, m.weight, m.intermediate, m.pw_weight, m.output];
    v.extend(mags.map(f64::from));
    v.extend([r.compute_ms, r.kernel_ms]);
    v.push(r.planes.len() as f64);
    for p in &r.planes {
        v.extend([f64::from(p.min), f64::from(p.max), p.sum, p.len as f64]);
    }
    v
}

/// Reads [`head_numbers`] back into a result of request `id` that runs
/// `layers`, with empty tensors, and the tensors' shapes in [`Slot::present`]
/// order (`None` if the numbers are not one head, or its tensors are not the
/// layers').
pub fn head_from_numbers(
    numbers: &[f64],
    id: u64,
    (layer, pw_layer): (Conv2dLayer, Option<Conv2dLayer>),
) -> Option<(JobResult, Vec<Nchw>)> {
    let mut r = Reader(numbers.iter());
    let mode = *ConvKind::ALL.get(r.size()?)?;
    let count = r.size()?;
    let shapes = (0..count)
        .map(|_| Some(Nchw::new(r.size()?, r.size()?, r.size()?, r.size()?)))
        .collect::<Option<Vec<_>>>()?;
    let (bias, pw_bias) = (r.bias()?, r.bias()?);
    let stats = Stats {
        min: r.f32()?,
        max: r.f32()?,
        mean: r.f64()?,
        sum: r.f64()?,
    };
    let magnitudes = Magnitudes {
        input: r.f32()?,
        weight: r.f32()?,
        intermediate: r.f32()?,
        pw_weight: r.f32()?,
        output: r.f32()?,
    };
    let (compute_ms, kernel_ms) = (r.f64()?, r.f64()?);
    let planes = r.planes()?;
    if r.0.next().is_some() || count != if pw_layer.is_some() { 5 } else { 3 } {
        return None;
    }
    let head = JobResult {
        id,
        mode,
        layer,
        input: empty(),
        weight: empty(),
        bias,
        intermediate: pw_layer.map(|_| empty()),
        pw_layer,
        pw_weight: pw_layer.map(|_| empty()),
        pw_bias,
        output: empty(),
        stats,
        planes,
        magnitudes,
        compute_ms,
        kernel_ms,
    };
    debug_assert_eq!(Slot::present(&head).len(), shapes.len());
    Some((head, shapes))
}

struct Reader<'a>(std::slice::Iter<'a, f64>);

impl Reader<'_> {
    fn f64(&mut self) -> Option<f64> {
        self.0.next().copied()
    }

    fn f32(&mut self) -> Option<f32> {
        self.f64().map(|x| x as f32)
    }

    /// A size: a whole number from 0 to 2⁵³ that fits a `usize` (2³² − 1 on
    /// wasm32), and no more than the numbers left when it counts them (`per`
    /// numbers each).
    fn count(&mut self, per: usize) -> Option<usize> {
        let x = self.f64()?;
        let max = (usize::MAX as f64).min(9_007_199_254_740_992.0);
        let ok = x >= 0.0 && x.fract() == 0.0 && x <= max;
        let n = ok.then_some(x as usize)?;
        (per == 0 || n.checked_mul(per)? <= self.0.len()).then_some(n)
    }

    fn size(&mut self) -> Option<usize> {
        self.count(0)
    }

    fn bias(&mut self) -> Option<Option<Vec<f32>>> {
        if self.0.as_slice().first() == Some(&-1.0) {
            self.0.next();
            return Some(None);
        }
        let len = self.count(1)?;
        Some((0..len).map(|_| self.f32()).collect())
    }

    fn planes(&mut self) -> Option<Vec<PlaneStats>> {
        let len = self.count(4)?;
        (0..len)
            .map(|_| {
                Some(PlaneStats {
                    min: self.f32()?,
                    max: self.f32()?,
                    sum: self.f64()?,
                    len: self.size()?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::tests::request;
    use crate::compute::{layers_of, run_job};

    /// Every kind's result reads back from its head and layers as itself, with
    /// empty tensors, and the shapes of the tensors it had.
    #[test]
    fn every_kind_round_trips() {
        let odd = [("in_channels", "3"), ("out_channels", "6"), ("groups", "3")];
        let tiny = [("in_channels", "5"), ("out_channels", "5"), ("groups", "5")];
        let tiny = [&tiny[..], &[("h", "1"), ("w", "1"), ("kernel_size", "1")]].concat();
        let seven = [("in_channels", "7"), ("out_channels", "7"), ("groups", "7")];
        for mode in ConvKind::ALL {
            for edits in [&odd[..], &tiny[..], &seven[..]] {
                let req = request(mode, edits);
                let r = run_job(&req).expect("a valid job");
                let (back, shapes) =
                    head_from_numbers(&head_numbers(&r), r.id, layers_of(&req.setting).unwrap())
                        .expect("a head");
                // The result with its tensors emptied, and the shapes they had.
                let mut empty_r = r.clone();
                let want: Vec<Nchw> = Slot::present(&r)
                    .into_iter()
                    .map(|s| std::mem::replace(s.of(&mut empty_r).unwrap(), empty()).shape)
                    .collect();
                assert_eq!(shapes, want, "{mode:?} {edits:?}");
                assert_eq!(back, empty_r, "{mode:?} {edits:?}");
            }
        }
    }

    /// Numbers that are not one head are refused, never misread.
    #[test]
    fn broken_heads_are_refused() {
        let req = request(ConvKind::Grouped, &[]);
        let r = run_job(&req).unwrap();
        let layers = layers_of(&req.setting).unwrap();
        let good = head_numbers(&r);
        assert!(head_from_numbers(&good, 1, layers).is_some());
        let cut = &good[..good.len() - 1];
        let mut long = good.clone();
        long.push(0.0);
        let mut kind = good.clone();
        kind[0] = 9.0;
        let mut count = good.clone();
        count[1] = 1e300;
        let mut fraction = good.clone();
        fraction[2] = 0.5;
        for bad in [cut, &long, &kind, &count, &fraction, &[]] {
            assert!(head_from_numbers(bad, 1, layers).is_none());
        }
        // The head of a grouped job is not that of the separable layers.
        let sep = layers_of(&request(ConvKind::Separable, &[]).setting).unwrap();
        assert!(head_from_numbers(&good, 1, sep).is_none());
    }
}
