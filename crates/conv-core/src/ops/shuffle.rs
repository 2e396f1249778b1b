//! ShuffleNet's channel shuffle: how grouped layers let information cross groups.

use super::check_data;
use crate::error::{ConvError, Param, Quantity, Result};
use crate::tensor::Tensor;

/// Channel shuffle as in ShuffleNet: view channels as `(groups, c/groups)`,
/// transpose to `(c/groups, groups)`, flatten. Output channel `j*groups + i`
/// is input channel `i*(c/groups) + j`, so each group of the next grouped layer
/// sees one channel from every group of this one.
pub fn channel_shuffle(input: &Tensor, groups: usize) -> Result<Tensor> {
    check_data(Quantity::Input, input)?;
    let s = input.shape;
    if groups == 0 {
        return Err(ConvError::GroupsNotPositive);
    }
    if s.c % groups != 0 {
        return Err(ConvError::ChannelsNotDivisible {
            param: Param::Channels,
            channels: s.c,
            groups,
        });
    }
    if input.data.is_empty() {
        // An empty tensor may have huge other dimensions; nothing to move.
        return Ok(input.clone());
    }
    let per = s.c / groups;
    let hw = s.h * s.w;
    let mut data = Vec::with_capacity(input.data.len());
    for item in input.data.chunks_exact(s.c * hw) {
        for j in 0..per {
            for i in 0..groups {
                let c = i * per + j;
                data.extend_from_slice(&item[c * hw..(c + 1) * hw]);
            }
        }
    }
    Ok(Tensor { shape: s, data })
}
