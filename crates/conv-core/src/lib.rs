//! conv-core: the numeric engine behind Groupwise.
//!
//! Everything the app shows comes from here: the PyTorch-compatible layer spec and
//! its validation, the convolution kernels (general, depthwise, pointwise,
//! separable, channel shuffle), per-group views and per-element traces, the seeded
//! generator, the cost model and the network presets. No web dependencies: it
//! builds and tests natively and for wasm32 alike.

pub mod cost;
pub mod error;
pub mod limits;
pub mod npy;
pub mod presets;
pub mod spec;
pub mod tensor;

pub use cost::{Comparison, ConvKind, Cost, KindPlan, PlannedLayer};
pub use error::{ConvError, Result};
pub use limits::Limits;
pub use presets::{LayerKind, NetLayer, Network, PresetArgs};
pub use spec::{Conv2dLayer, Conv2dSpec, Geometry, IntOrPair, Padding, PaddingMode, Pads};
pub use tensor::{Nchw, Stats, Tensor};
