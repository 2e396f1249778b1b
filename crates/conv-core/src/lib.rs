//! conv-core: the numeric engine behind Groupwise.
//!
//! Everything the app shows comes from here: the PyTorch-compatible layer spec and
//! its validation, the convolution kernels (general, depthwise, pointwise,
//! separable, channel shuffle), per-group views and per-element traces, the seeded
//! generator, the cost model and the network presets. No web dependencies: it
//! builds and tests natively and for wasm32 alike.

pub mod bench_suite;
pub mod cost;
pub mod error;
pub mod format;
pub mod limits;
pub mod npy;
pub mod ops;
pub mod presets;
pub mod rng;
pub mod spec;
mod spec_json;
pub mod tensor;
pub mod trace;
mod weight_preset;
pub mod weights;

pub use cost::{Comparison, ConvKind, Cost, KindPlan, PlannedLayer};
pub use error::{ConvError, Param, Quantity, Result};
pub use limits::Limits;
pub use ops::{channel_shuffle, kernel_path, pad, ConvProblem, KernelPath, SeparableOutput};
pub use presets::{LayerKind, NetLayer, Network, PresetArgs};
pub use rng::{generate, seeded_tensor, Generated};
pub use spec::{Conv2dLayer, Conv2dSpec, Geometry, IntOrPair, Padding, PaddingMode, Pads};
pub use tensor::{Nchw, PlaneStats, Stats, Tensor};
pub use trace::{
    group_of_output_channel, group_view, receptive_field, ElementTrace, GroupView, MultiplyAdd,
    ReceptiveField,
};
