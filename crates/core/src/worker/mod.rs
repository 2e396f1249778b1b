//! The page and its workers: the typed messages ([`protocol`]: one `Request`
//! and one `Reply` enum), their JS form ([`js`], [`head`], [`error_codec`]),
//! and the page's side of the workers: a worker's [`handle`], the [`runner`]
//! that runs the page's jobs on one, and the [`pool`] a big job is split over.
//! What runs inside a worker (the dispatcher) is the `groupwise-worker` crate.

pub mod error_codec;
pub mod handle;
pub mod head;
pub mod js;
pub mod model;
mod pool;
pub mod protocol;
pub mod runner;
