//! Adapters from a job's result to the views: the shapes the scene draws
//! ([`scene_layer`]), the planes and colour scales the renderer paints
//! ([`ResultPlanes`], with the pointwise stage's partial sums), and the facts
//! the captions and the canvas's text alternative state ([`stage_facts`],
//! [`scene_facts`], [`channel_summary`]). The page, the exports and the GIF
//! worker all read a result through these.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use conv_core::{ConvKind, Nchw, Tensor};

use crate::compute::JobResult;
use crate::picture::captions::StageFacts;
use crate::picture::colors::scale_of;
use crate::picture::render::Planes;
use crate::picture::scene::{SceneLayer, TensorId, Traced};

pub struct ResultPlanes {
    pub result: Rc<JobResult>,
    scales: [f32; 5],
    /// Separable: each pointwise output's partial sum as last asked for, and
    /// over how many input channels, so a deeper sum adds only the new ones.
    partials: RefCell<HashMap<usize, (usize, Vec<f32>)>>,
}

fn index(t: TensorId) -> usize {
    match t {
        TensorId::Input => 0,
        TensorId::Weight => 1,
        TensorId::FirstOutput => 2,
        TensorId::PointwiseWeight => 3,
        TensorId::Output => 4,
    }
}

fn tensor(r: &JobResult, t: TensorId) -> Option<&conv_core::Tensor> {
    match t {
        TensorId::Input => Some(&r.input),
        TensorId::Weight => Some(&r.weight),
        TensorId::FirstOutput => Some(r.intermediate.as_ref().unwrap_or(&r.output)),
        TensorId::PointwiseWeight => r.pw_weight.as_ref(),
        TensorId::Output => Some(&r.output),
    }
}

impl ResultPlanes {
    /// The colour scales come with the result (`JobResult::magnitudes`, made
    /// in the worker): nothing here sweeps the tensors.
    pub fn new(result: Rc<JobResult>) -> Self {
        let m = result.magnitudes;
        let first = if result.intermediate.is_some() {
            m.intermediate
        } else {
            m.output
        };
        let scales = [m.input, m.weight, first, m.pw_weight, m.output].map(scale_of);
        ResultPlanes {
            result,
            scales,
            partials: RefCell::default(),
        }
    }
}

impl Planes for ResultPlanes {
    fn plane(&self, t: TensorId, n: usize, c: usize) -> Option<((usize, usize), &[f32])> {
        let x = tensor(&self.result, t)?;
        let s = x.shape;
        if t == TensorId::PointwiseWeight {
            return Some(((s.n, s.c * s.h * s.w), &x.data));
        }
        (n < s.n && c < s.c).then(|| ((s.h, s.w), x.plane(n, c)))
    }

    fn scale(&self, t: TensorId) -> f32 {
        self.scales[index(t)]
    }

    fn partial(&self, c: usize, k: usize) -> Option<Vec<f32>> {
        let mut partials = self.partials.borrow_mut();
        match partials.get_mut(&c) {
            // The same sum, in the same order, as `pointwise_partial`: only
            // the channels from the last depth on are added.
            Some((done, acc)) if *done <= k => {
                add_channels(&self.result, c, *done..k, acc)?;
                *done = k;
                Some(acc.clone())
            }
            _ => {
                let acc = pointwise_partial(&self.result, c, k)?;
                partials.insert(c, (k, acc.clone()));
                Some(acc)
            }
        }
    }
}

/// The shapes of a result, as the picture draws them. `shuffle` (grouped only)
/// adds the channel-shuffle stage.
pub fn scene_layer(r: &JobResult, shuffle: bool) -> SceneLayer {
    SceneLayer {
        layer: r.layer,
        input: r.input.shape,
        first_out: r.intermediate.as_ref().unwrap_or(&r.output).shape,
        pointwise: r.pw_layer.map(|_| r.output.shape),
        shuffle: shuffle && r.mode == ConvKind::Grouped,
    }
}

/// The numbers of the stage sentences, from a result.
pub fn stage_facts(r: &JobResult) -> StageFacts {
    let l = &r.layer;
    let mid = r.intermediate.as_ref().unwrap_or(&r.output).shape;
    StageFacts {
        in_channels: l.in_channels,
        out_channels: l.out_channels,
        groups: l.groups,
        kernel: l.kernel,
        in_hw: [r.input.shape.h, r.input.shape.w],
        out_hw: [mid.h, mid.w],
        pointwise: r.pw_layer.map(|p| (p.in_channels, p.out_channels)),
    }
}

/// What the canvas shows at this moment, for its text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SceneFacts {
    pub kind: ConvKind,
    pub groups: usize,
    pub input: Nchw,
    /// The weight's shape `[out, in/groups, kh, kw]`.
    pub filters: Nchw,
    /// The (first) convolution's output.
    pub output: Nchw,
    /// Separable: the 1×1 weights `[out, mid, 1, 1]` and the final output.
    pub pointwise: Option<(Nchw, Nchw)>,
    /// The value traced, `[n, c, y, x]` of an output, when one is.
    pub traced: Option<[usize; 4]>,
}

/// The facts of a result's picture, with the value traced.
pub fn scene_facts(r: &JobResult, traced: Option<Traced>) -> SceneFacts {
    let l = &r.layer;
    SceneFacts {
        kind: r.mode,
        groups: l.groups,
        input: r.input.shape,
        filters: l.weight_shape(),
        output: r.intermediate.as_ref().unwrap_or(&r.output).shape,
        pointwise: r.pw_layer.map(|p| (p.weight_shape(), r.output.shape)),
        traced: traced.map(|t| t.index),
    }
}

/// Separable: pointwise output channel `o` with only its first `k` input
/// (depthwise) channels summed, no bias: the output as the pointwise stage forms it.
pub fn pointwise_partial(r: &JobResult, o: usize, k: usize) -> Option<Vec<f32>> {
    let mid = r.intermediate.as_ref()?;
    let mut acc = vec![0.0f32; mid.shape.h * mid.shape.w];
    add_channels(r, o, 0..k, &mut acc)?;
    Some(acc)
}

/// Adds input (depthwise) channels `ms` of pointwise output `o` to `acc`, in
/// order: a partial sum over `0..k` deepened to `0..k'` by adding `k..k'` is
/// bit for bit the partial sum over `0..k'`.
pub fn add_channels(r: &JobResult, o: usize, ms: Range<usize>, acc: &mut [f32]) -> Option<()> {
    let mid = r.intermediate.as_ref()?;
    let w = r.pw_weight.as_ref()?;
    let cmid = mid.shape.c;
    if o >= r.output.shape.c || acc.len() != mid.shape.h * mid.shape.w {
        return None;
    }
    for m in ms.start.min(cmid)..ms.end.min(cmid) {
        let wv = w.data[o * cmid + m];
        for (a, v) in acc.iter_mut().zip(mid.plane(0, m)) {
            *a += wv * v;
        }
    }
    Some(())
}

/// Per-channel min, max and mean of plane `(0, c)`.
pub fn channel_summary(t: &Tensor, c: usize) -> (f32, f32, f64) {
    let p = t.plane(0, c);
    let (mut lo, mut hi, mut sum) = (f32::INFINITY, f32::NEG_INFINITY, 0.0f64);
    for &v in p {
        lo = lo.min(v);
        hi = hi.max(v);
        sum += v as f64;
    }
    (
        lo,
        hi,
        if p.is_empty() {
            0.0
        } else {
            sum / p.len() as f64
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::run_job;

    /// Deepening a cached partial sum step by step gives, bit for bit, the sum
    /// made from scratch; a shallower request starts again.
    #[test]
    fn partial_sums_deepen_incrementally_and_exactly() {
        let req = crate::compute::tests::request(
            conv_core::ConvKind::Separable,
            &[("in_channels", "5"), ("out_channels", "7")],
        );
        let planes = ResultPlanes::new(Rc::new(run_job(&req).unwrap()));
        for c in [0, 3, 6] {
            for k in [0, 1, 2, 4, 5, 2, 5, 0, 3] {
                let bits = |v: Vec<f32>| v.into_iter().map(f32::to_bits).collect::<Vec<_>>();
                let fresh = pointwise_partial(&planes.result, c, k).unwrap();
                assert_eq!(
                    bits(planes.partial(c, k).unwrap()),
                    bits(fresh),
                    "c={c} k={k}"
                );
            }
        }
        assert!(planes.partial(7, 1).is_none());
    }

    /// The scales the worker sends are the ones a sweep of the tensors gives.
    #[test]
    fn scales_are_each_tensors_largest_magnitude() {
        use crate::picture::colors::max_magnitude;
        for mode in conv_core::ConvKind::ALL {
            let r = run_job(&crate::compute::tests::request(mode, &[])).unwrap();
            let planes = ResultPlanes::new(Rc::new(r));
            for t in [
                TensorId::Input,
                TensorId::Weight,
                TensorId::FirstOutput,
                TensorId::PointwiseWeight,
                TensorId::Output,
            ] {
                let want =
                    tensor(&planes.result, t).map_or(1.0, |x| scale_of(max_magnitude(&x.data)));
                assert_eq!(planes.scale(t), want, "{mode:?} {t:?}");
            }
        }
    }
}
