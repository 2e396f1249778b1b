//! A result on its way from the workers into the page's memory. At 224² with
//! 256 channels its tensors are about 100 MB: copied in one go (and, for a
//! split job, concatenated and swept for statistics) that was a main-thread
//! task of 130–290 ms. An [`Arrival`] holds the tensors where they came from
//! (the workers' transferred arrays) and copies a bounded number of values per
//! [`Arrival::step`], so the runner spreads the copy over several short tasks.
//! A split job's parts are merged without a second pass: each part's output
//! block is copied straight into place, and the statistics come from the
//! parts' per-plane statistics, in the order a single run sums them.
//!
//! Pure: [`Source`] is a worker's `Float32Array` in the page and a [`Tensor`]
//! in native tests, which check the assembly against one run bit for bit.

use std::collections::VecDeque;
use std::ops::Range;
use std::rc::Rc;

use conv_core::{Nchw, PlaneStats, Stats, Tensor};

use super::error::{JobError, WorkerFailure};
use super::job::JobResult;

/// Values not yet in the page's memory.
pub trait Source {
    fn values(&self) -> usize;
    /// Appends values `range` to `dst`, within its capacity.
    fn append_to(&self, range: Range<usize>, dst: &mut Vec<f32>);
}

impl Source for Tensor {
    fn values(&self) -> usize {
        self.data.len()
    }
    fn append_to(&self, range: Range<usize>, dst: &mut Vec<f32>) {
        dst.extend_from_slice(&self.data[range]);
    }
}

/// A worker's transferred array (natively this compiles but is never called).
impl Source for js_sys::Float32Array {
    fn values(&self) -> usize {
        self.length() as usize
    }
    /// Into the spare capacity: zeroing 50 MB first (`vec![0.0; n]`) took
    /// longer than copying it.
    fn append_to(&self, range: Range<usize>, dst: &mut Vec<f32>) {
        let n = range.len();
        let len = dst.len();
        dst.reserve(n);
        let spare = &mut dst.spare_capacity_mut()[..n];
        self.subarray(range.start as u32, range.end as u32)
            .copy_to_uninit(spare);
        // SAFETY: `copy_to_uninit` initialised all `n` values after `len`
        // (it panics unless the lengths match).
        unsafe { dst.set_len(len + n) };
    }
}

/// Which tensor of a [`JobResult`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Input,
    Weight,
    Intermediate,
    PointwiseWeight,
    Output,
}

impl Slot {
    /// The tensors of `r` that it has, in the order the worker sends them.
    pub fn present(r: &JobResult) -> Vec<Slot> {
        let mut v = vec![Slot::Input, Slot::Weight, Slot::Output];
        v.extend(r.intermediate.as_ref().map(|_| Slot::Intermediate));
        v.extend(r.pw_weight.as_ref().map(|_| Slot::PointwiseWeight));
        v
    }

    pub(crate) fn of(self, r: &mut JobResult) -> Option<&mut Tensor> {
        match self {
            Slot::Input => Some(&mut r.input),
            Slot::Weight => Some(&mut r.weight),
            Slot::Intermediate => r.intermediate.as_mut(),
            Slot::PointwiseWeight => r.pw_weight.as_mut(),
            Slot::Output => Some(&mut r.output),
        }
    }
}

/// One worker's reply: everything but the tensors' values (`head`'s tensors
/// are empty), and each tensor's shape and values.
pub struct Reply<S> {
    pub head: JobResult,
    pub tensors: Vec<(Slot, Nchw, S)>,
}

impl Reply<Tensor> {
    /// A result already in memory, as a reply (native tests, and the page's
    /// inline fallback).
    pub fn of(mut r: JobResult) -> Self {
        let tensors = Slot::present(&r)
            .into_iter()
            .filter_map(|slot| {
                let t = std::mem::replace(slot.of(&mut r)?, empty());
                Some((slot, t.shape, t))
            })
            .collect();
        Reply { head: r, tensors }
    }
}

/// A tensor of no values, in place of one that is not (yet) here.
pub(crate) fn empty() -> Tensor {
    Tensor::zeros(Nchw::new(0, 0, 0, 0))
}

/// One tensor being filled: its values so far and the source ranges still to copy.
struct Filling<S> {
    slot: Slot,
    shape: Nchw,
    data: Vec<f32>,
    segments: VecDeque<(Rc<S>, Range<usize>)>,
}

impl<S: Source> Filling<S> {
    fn new(slot: Slot, shape: Nchw, segments: VecDeque<(Rc<S>, Range<usize>)>) -> Self {
        Filling {
            slot,
            shape,
            data: Vec::new(),
            segments,
        }
    }

    /// Copies up to `*budget` values, taking them off the budget.
    fn step(&mut self, budget: &mut usize) {
        if self.data.capacity() == 0 && !self.segments.is_empty() {
            self.data = Vec::with_capacity(self.shape.len());
        }
        while *budget > 0 {
            let Some((src, range)) = self.segments.front_mut() else {
                return;
            };
            let n = (*budget).min(range.len());
            src.append_to(range.start..range.start + n, &mut self.data);
            (range.start, *budget) = (range.start + n, *budget - n);
            if range.start >= range.end {
                self.segments.pop_front();
            }
        }
    }
}

/// A result whose tensors are being copied in; see the module doc.
pub struct Arrival<S> {
    head: JobResult,
    fills: Vec<Filling<S>>,
}

fn malformed(what: &str) -> JobError {
    JobError::worker(WorkerFailure::Message, what)
}

impl<S: Source> Arrival<S> {
    /// One worker's whole result.
    pub fn whole(reply: Reply<S>) -> Result<Self, JobError> {
        let mut fills = Vec::new();
        for (slot, shape, src) in reply.tensors {
            if src.values() != shape.len() {
                return Err(malformed("a tensor's length does not match its shape"));
            }
            let range = 0..src.values();
            fills.push(Filling::new(slot, shape, [(Rc::new(src), range)].into()));
        }
        Ok(Arrival {
            head: reply.head,
            fills,
        })
    }

    /// A split job's parts, in part order (see [`super::split`]): part 0's
    /// tensors, and every part's block of output channels copied into place.
    pub fn merge(parts: Vec<Reply<S>>) -> Result<Self, JobError> {
        let mut outputs = Vec::new();
        let mut planes = Vec::new();
        let mut heads = Vec::new();
        let mut first = None;
        for (i, mut p) in parts.into_iter().enumerate() {
            let k = p.tensors.iter().position(|(s, ..)| *s == Slot::Output);
            let out = k
                .map(|k| p.tensors.remove(k))
                .ok_or_else(|| malformed("a part without its output"))?;
            if out.2.values() != out.1.len() || p.head.planes.len() != out.1.n * out.1.c {
                return Err(malformed("a part's output does not match its shape"));
            }
            outputs.push((out.1, Rc::new(out.2)));
            planes.push(std::mem::take(&mut p.head.planes));
            if i == 0 {
                first = Some(p.tensors);
            }
            heads.push(p.head);
        }
        let (Some(shape0), Some(tensors)) = (outputs.first().map(|o| o.0), first) else {
            return Err(JobError::NoStages);
        };
        let (n, h, w) = (shape0.n, shape0.h, shape0.w);
        if outputs.iter().any(|(s, _)| (s.n, s.h, s.w) != (n, h, w)) {
            return Err(malformed("the parts' outputs differ in batch or size"));
        }
        let c = outputs.iter().map(|(s, _)| s.c).sum();
        let mut segments = VecDeque::new();
        let mut whole_planes = Vec::with_capacity(n * c);
        for b in 0..n {
            for ((s, src), pl) in outputs.iter().zip(&planes) {
                let chw = s.c * h * w;
                segments.push_back((src.clone(), b * chw..(b + 1) * chw));
                whole_planes.extend_from_slice(&pl[b * s.c..(b + 1) * s.c]);
            }
        }
        let mut arrival = Arrival::whole(Reply {
            head: merge_heads(heads, whole_planes)?,
            tensors,
        })?;
        let shape = Nchw::new(n, c, h, w);
        arrival
            .fills
            .push(Filling::new(Slot::Output, shape, segments));
        Ok(arrival)
    }

    /// Copies at most `budget` more values; true once every tensor is complete.
    pub fn step(&mut self, mut budget: usize) -> bool {
        for f in &mut self.fills {
            f.step(&mut budget);
        }
        self.fills.iter().all(|f| f.segments.is_empty())
    }

    /// The result, copying whatever is left.
    pub fn finish(mut self) -> JobResult {
        self.step(usize::MAX);
        for f in self.fills {
            if let Some(dst) = f.slot.of(&mut self.head) {
                *dst = Tensor {
                    shape: f.shape,
                    data: f.data,
                };
            }
        }
        self.head
    }
}

/// Part 0's head with the whole job's statistics and timings: the slowest
/// part's times, the largest output magnitude (a maximum is exact in any order).
fn merge_heads(heads: Vec<JobResult>, planes: Vec<PlaneStats>) -> Result<JobResult, JobError> {
    let kernel_ms = heads.iter().map(|p| p.kernel_ms).fold(0.0, f64::max);
    let compute_ms = heads.iter().map(|p| p.compute_ms).fold(0.0, f64::max);
    let magnitude = heads
        .iter()
        .map(|p| p.magnitudes.output)
        .fold(0.0, f32::max);
    let mut whole = heads.into_iter().next().ok_or(JobError::NoStages)?;
    whole.stats = Stats::of_planes(&planes);
    whole.planes = planes;
    whole.magnitudes.output = magnitude;
    whole.kernel_ms = kernel_ms;
    whole.compute_ms = compute_ms;
    Ok(whole)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::run_job;
    use crate::compute::tests::request;
    use conv_core::ConvKind;

    /// Copied in small steps, a result comes out as it went in.
    #[test]
    fn a_result_copied_in_steps_is_unchanged() {
        for mode in ConvKind::ALL {
            let one = run_job(&request(mode, &[])).unwrap();
            let mut a = Arrival::whole(Reply::of(one.clone())).unwrap();
            let mut steps = 1;
            while !a.step(1000) {
                steps += 1;
            }
            assert!(steps > 3, "{mode:?}: {steps} steps");
            assert_eq!(a.finish(), one, "{mode:?}");
        }
    }

    /// A split job's parts (batch 2, so each part's block is two segments),
    /// merged in small steps: one run, bit for bit.
    #[test]
    fn parts_merged_in_steps_equal_one_run() {
        use crate::compute::run_job_part;
        use crate::compute::split::Part;
        let edits = [("out_channels", "7"), ("h", "9")];
        let mut req = request(ConvKind::Standard, &edits);
        req.setting.input.n = 2;
        let one = run_job(&req).unwrap();
        let parts = (0..3)
            .map(|index| Reply::of(run_job_part(&req, Some(Part { index, count: 3 })).unwrap()))
            .collect();
        let mut a = Arrival::merge(parts).unwrap();
        while !a.step(777) {}
        let merged = a.finish();
        let bits = |t: &Tensor| t.data.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&merged.output), bits(&one.output));
        assert_eq!(merged.output.shape, one.output.shape);
        assert_eq!((merged.stats, &merged.planes), (one.stats, &one.planes));
        assert_eq!((&merged.input, &merged.weight), (&one.input, &one.weight));
    }

    #[test]
    fn a_length_that_does_not_match_its_shape_is_an_error() {
        let mut r = Reply::of(run_job(&request(ConvKind::Standard, &[])).unwrap());
        r.tensors[0].1.c += 1;
        assert!(matches!(
            Arrival::whole(r),
            Err(JobError::Worker {
                failure: WorkerFailure::Message,
                ..
            })
        ));
    }
}
