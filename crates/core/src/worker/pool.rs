//! The extra workers a split job runs on (see [`super::split`]): started on the
//! first big job and kept for the next, each announcing itself `ready` as the
//! main worker does. Worker `k` of the pool computes part `k` (the runner's own
//! worker computes part 0); the pool gathers the parts' results in order and
//! merges them once all have arrived (copied in over several tasks: see
//! [`super::arrival`]). No memory is shared, so this works in any
//! iframe, without cross-origin isolation.

use js_sys::Float32Array;

use super::handle::WorkerHandle;
use super::protocol::Request;
use crate::compute::arrival::{Arrival, Reply};
use crate::compute::split::Part;
use crate::compute::{JobError, JobRequest, WorkerFailure};

/// `(request id, a worker's reply)`, as the runner reads one.
pub(crate) type Outcome = (u64, Result<Reply<Float32Array>, JobError>);

/// `(request id, the job's result on its way in)`.
pub(crate) type Gathered = (u64, Result<Arrival<Float32Array>, JobError>);

#[derive(Default)]
pub(crate) struct Pool {
    /// Worker `k + 1` is `slots[k]`.
    slots: Vec<Slot>,
    gather: Option<Gather>,
}

struct Slot {
    handle: WorkerHandle,
    ready: bool,
    /// A part waiting for this worker to be ready.
    queued: Option<(JobRequest, Part)>,
}

/// A split job in flight.
struct Gather {
    id: u64,
    results: Vec<Option<Reply<Float32Array>>>,
    /// A part that could not be sent: the job fails when the next part reports.
    failed: Option<JobError>,
}

impl Pool {
    pub(crate) fn is_gathering(&self) -> bool {
        self.gather.is_some()
    }

    /// Sends `req` in `count` parts: part 0 to `main`, the others to the pool
    /// (started as needed by `spawn`, which starts worker `slot`; a part waits
    /// for its worker to be ready).
    pub(crate) fn start(
        &mut self,
        main: &WorkerHandle,
        req: &JobRequest,
        count: usize,
        spawn: &dyn Fn(usize) -> Option<WorkerHandle>,
    ) -> Result<(), JobError> {
        while self.slots.len() + 1 < count {
            let handle = spawn(self.slots.len() + 1)
                .ok_or_else(|| JobError::worker(WorkerFailure::Send, "no more workers"))?;
            self.slots.push(Slot {
                handle,
                ready: false,
                queued: None,
            });
        }
        self.gather = Some(Gather {
            id: req.id,
            results: (0..count).map(|_| None).collect(),
            failed: None,
        });
        main.post(&part_request(req, Part { index: 0, count }))?;
        for (k, slot) in self.slots.iter_mut().take(count - 1).enumerate() {
            let part = Part {
                index: k + 1,
                count,
            };
            if slot.ready {
                slot.handle.post(&part_request(req, part))?;
            } else {
                slot.queued = Some((req.clone(), part));
            }
        }
        Ok(())
    }

    /// Worker `slot` is ready: it takes its queued part, if any.
    pub(crate) fn ready(&mut self, slot: usize) {
        let Some(s) = self.slots.get_mut(slot - 1) else {
            return;
        };
        s.ready = true;
        if let Some((req, part)) = s.queued.take() {
            if let (Err(e), Some(g)) = (
                s.handle.post(&part_request(&req, part)),
                self.gather.as_mut(),
            ) {
                g.failed = Some(e);
            }
        }
    }

    /// One part's outcome from worker `slot`; the job's outcome once it is
    /// complete (or has failed). Outcomes of a job no longer gathered are dropped.
    pub(crate) fn gather(&mut self, slot: usize, (id, outcome): Outcome) -> Option<Gathered> {
        let g = self.gather.as_mut().filter(|g| g.id == id)?;
        let failed = match outcome {
            Err(e) => Some(e),
            Ok(r) => {
                *g.results.get_mut(slot)? = Some(r);
                g.failed.take()
            }
        };
        if let Some(e) = failed {
            self.cancel();
            return Some((id, Err(e)));
        }
        if g.results.iter().any(Option::is_none) {
            return None;
        }
        let parts = g.results.drain(..).flatten().collect();
        self.cancel();
        Some((id, Arrival::merge(parts)))
    }

    /// Forgets the split job in flight (its workers are kept).
    pub(crate) fn cancel(&mut self) {
        self.gather = None;
        for s in &mut self.slots {
            s.queued = None;
        }
    }
}

fn part_request(req: &JobRequest, part: Part) -> Request {
    Request::Job {
        req: req.clone(),
        part: Some(part),
    }
}
