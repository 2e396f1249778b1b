//! A job result as the renderer's [`Planes`]: each tensor's planes, and one
//! colour scale per tensor (its largest magnitude), computed once.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::Planes;
use crate::compute::{add_channels, pointwise_partial, JobResult};
use crate::state::colors::scale_of;
use crate::state::scene::TensorId;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::run_job;
    use crate::state::Field;

    /// Deepening a cached partial sum step by step gives, bit for bit, the sum
    /// made from scratch; a shallower request starts again.
    #[test]
    fn partial_sums_deepen_incrementally_and_exactly() {
        let req = crate::compute::tests::request(
            conv_core::ConvKind::Separable,
            &[(Field::InChannels, "5"), (Field::OutChannels, "7")],
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
        use crate::state::colors::max_magnitude;
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
