//! Resource limits that keep a browser tab alive: a run that would allocate or
//! compute more than these is refused with an error that names the limit.

use crate::error::{ConvError, Quantity, Result};
use crate::tensor::Nchw;
use serde::{Deserialize, Serialize};

/// Caps checked before any allocation or kernel run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Most f32 elements in any one tensor (input, weight, intermediate or output).
    pub max_tensor_elements: u64,
    /// Most multiply-adds in one run of one layer.
    pub max_macs: u64,
}

impl Default for Limits {
    /// 2^25 elements (128 MiB of f32) per tensor and 6·10^10 MACs per run: enough
    /// for 256 channels at 224x224 with a full 3x3 convolution, small enough that
    /// wasm32's 4 GiB address space and a worker's patience are never exhausted.
    fn default() -> Self {
        Limits {
            max_tensor_elements: 1 << 25,
            max_macs: 60_000_000_000,
        }
    }
}

impl Limits {
    /// No practical limit (native tools and benches).
    pub fn unlimited() -> Self {
        Limits {
            max_tensor_elements: u64::MAX,
            max_macs: u64::MAX,
        }
    }

    /// For looking at one element (a trace, a receptive field): tensors as
    /// usual, but the whole layer's MACs do not matter, since only one element
    /// is computed.
    pub fn one_element() -> Self {
        Limits {
            max_macs: u64::MAX,
            ..Limits::default()
        }
    }

    /// Refuses a tensor with more elements than allowed.
    pub fn check_tensor(&self, what: Quantity, shape: Nchw) -> Result<()> {
        let n = shape.checked_len().ok_or(ConvError::Overflow { what })? as u64;
        if n > self.max_tensor_elements {
            return Err(ConvError::LimitExceeded {
                what: what.elements(),
                limit: self.max_tensor_elements,
                got: n,
            });
        }
        Ok(())
    }

    /// Refuses a run with more multiply-adds than allowed.
    pub fn check_macs(&self, macs: u64) -> Result<()> {
        if macs > self.max_macs {
            return Err(ConvError::LimitExceeded {
                what: Quantity::MacsPerRun,
                limit: self.max_macs,
                got: macs,
            });
        }
        Ok(())
    }
}
