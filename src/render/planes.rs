//! A job result as the renderer's [`Planes`]: each tensor's planes, and one
//! colour scale per tensor (its largest magnitude), computed once.

use std::rc::Rc;

use super::Planes;
use crate::compute::{pointwise_partial, JobResult};
use crate::state::colors::symmetric_scale;
use crate::state::scene::TensorId;

pub struct ResultPlanes {
    pub result: Rc<JobResult>,
    scales: [f32; 5],
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
    pub fn new(result: Rc<JobResult>) -> Self {
        let mut scales = [1.0; 5];
        for t in [
            TensorId::Input,
            TensorId::Weight,
            TensorId::FirstOutput,
            TensorId::PointwiseWeight,
            TensorId::Output,
        ] {
            if let Some(x) = tensor(&result, t) {
                scales[index(t)] = symmetric_scale(&x.data);
            }
        }
        ResultPlanes { result, scales }
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
        pointwise_partial(&self.result, c, k)
    }
}
