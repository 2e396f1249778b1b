//! groupwise-core: the page's half that has no yew, which its workers run too.
//! Every number still comes from `conv-core`; this crate turns a setting into a
//! job, a job's result into the picture, and either into files.
//!
//! Its rooms, from the ground up (each imports only those below it):
//! - [`picture`]: the scene as plain data (items, layout, one builder per part
//!   of the diagram), the timeline and its captions, colours, level of detail,
//!   and the renderer that paints a scene on a canvas or into SVG;
//! - [`compute`]: the job pipeline, a request in and a result out, and the
//!   kernels' timing;
//! - [`views`]: adapters from a result to the picture (its shapes, planes and
//!   partial sums, the facts the captions and text alternative say);
//! - [`export`]: CSV, PNG and SVG of the picture, the GIF, the `.npz`, the code
//!   snippets and the QR code;
//! - [`worker`]: the typed messages between the page and its workers, their
//!   JS form, and the page's side (handle, runner, pool). The worker's own side
//!   (the dispatcher) is the `groupwise-worker` crate.

pub mod compute;
pub mod export;
pub mod picture;
pub mod views;
pub mod worker;
