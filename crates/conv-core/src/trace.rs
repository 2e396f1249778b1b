//! Per-group views and per-element traces: what the app highlights and narrates.
//!
//! Group membership is always `oc / out_per_group` (output channels of a group
//! are contiguous), never `oc % groups`: burn shipped that bug three times.

use crate::error::{ConvError, Result};
use crate::limits::Limits;
use crate::ops::{check_layer, madd, reference, tap, ConvProblem};
use crate::spec::Conv2dLayer;
use crate::tensor::Nchw;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Which channels and filters one group owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub group: usize,
    /// Input channels this group's filters read.
    pub input_channels: Range<usize>,
    /// Output channels this group writes.
    pub output_channels: Range<usize>,
    /// Rows of the weight tensor `[C_out, C_in/g, kH, kW]` (same as output channels).
    pub weight_filters: Range<usize>,
}

/// The view of group `g`; errors when `g >= groups`.
pub fn group_view(layer: &Conv2dLayer, g: usize) -> Result<GroupView> {
    check_layer(layer)?;
    if g >= layer.groups {
        return Err(ConvError::InvalidSpec(format!(
            "group {g} does not exist (groups={})",
            layer.groups
        )));
    }
    let (ipg, opg) = (layer.in_per_group(), layer.out_per_group());
    Ok(GroupView {
        group: g,
        input_channels: g * ipg..(g + 1) * ipg,
        output_channels: g * opg..(g + 1) * opg,
        weight_filters: g * opg..(g + 1) * opg,
    })
}

/// The group that produces output channel `oc`: `oc / (C_out / groups)`.
pub fn group_of_output_channel(layer: &Conv2dLayer, oc: usize) -> Result<usize> {
    check_layer(layer)?;
    if oc >= layer.out_channels {
        return Err(ConvError::InvalidSpec(format!(
            "output channel {oc} does not exist (out_channels={})",
            layer.out_channels
        )));
    }
    Ok(oc / layer.out_per_group())
}

/// One multiply-add of an output element.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MultiplyAdd {
    /// `[n, c, y, x]` in the unpadded input that supplies the value. For a tap in
    /// zero padding there is no such element; this is then the nearest input
    /// element (clamped) and `input_value` is 0.
    pub input_index: [usize; 4],
    /// True when the tap falls in the padding (its value comes from the padding mode).
    pub padded: bool,
    pub input_value: f32,
    /// `[co, ci_in_group, ky, kx]` in the weight tensor.
    pub weight_index: [usize; 4],
    pub weight_value: f32,
    pub product: f32,
}

/// How one output element is computed, term by term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElementTrace {
    pub output_index: [usize; 4],
    pub group: usize,
    /// In order `(ci, ky, kx)`: C_in/g · kH · kW terms, padding taps included (they
    /// count as MACs in the cost model too).
    pub terms: Vec<MultiplyAdd>,
    pub bias: Option<f32>,
    /// Terms accumulated in order in f32 with [`crate::ops::madd`] (exactly
    /// `sum + product` for each listed `product`), then the bias: bit-identical to
    /// [`crate::ops::ConvProblem::reference`] (and to the fast paths for finite data).
    pub sum: f32,
}

fn output_index_error(index: [usize; 4], shape: Nchw) -> ConvError {
    ConvError::InvalidSpec(format!(
        "output index {index:?} is outside the output of shape {shape}"
    ))
}

fn check_index(index: [usize; 4], shape: Nchw) -> Result<()> {
    let dims = shape.to_array();
    if index.iter().zip(dims).any(|(&i, d)| i >= d) {
        return Err(output_index_error(index, shape));
    }
    Ok(())
}

impl ConvProblem<'_> {
    /// Every multiply-add that produces output element `index = [n, co, oy, ox]`.
    /// A problem made with [`Limits::one_element`] can trace any layer whose
    /// tensors fit, however many MACs the whole layer has.
    pub fn trace(&self, index: [usize; 4]) -> Result<ElementTrace> {
        check_index(index, self.geometry.output)?;
        let [n, co, oy, ox] = index;
        let i = self.geometry.input;
        let g = co / self.layer.out_per_group();
        let [kh, kw] = self.layer.kernel;
        let mut terms = Vec::with_capacity(self.layer.in_per_group() * kh * kw);
        let mut acc = 0.0f32;
        for t in reference::terms(self, co, oy, ox) {
            let inside = (0..i.h as isize).contains(&t.y) && (0..i.w as isize).contains(&t.x);
            let (input_index, input_value) = match t.source {
                Some((sy, sx)) => ([n, t.ci, sy, sx], self.input.at(n, t.ci, sy, sx)),
                None => {
                    let cy = t.y.clamp(0, i.h as isize - 1) as usize;
                    let cx = t.x.clamp(0, i.w as isize - 1) as usize;
                    ([n, t.ci, cy, cx], 0.0)
                }
            };
            let weight_value = self.weight.at(co, t.ci_g, t.ky, t.kx);
            acc = madd(acc, input_value, weight_value);
            terms.push(MultiplyAdd {
                input_index,
                padded: !inside,
                input_value,
                weight_index: [co, t.ci_g, t.ky, t.kx],
                weight_value,
                product: input_value * weight_value,
            });
        }
        let bias = self.bias.map(|b| b[co]);
        if let Some(b) = bias {
            acc += b;
        }
        Ok(ElementTrace {
            output_index: index,
            group: g,
            terms,
            bias,
            sum: acc,
        })
    }
}

/// The input taps one output element reads, for highlighting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceptiveField {
    /// Input channels of the element's group (each is read at every tap).
    pub channels: Range<usize>,
    /// `(y, x)` of each tap in order `(ky, kx)`, relative to the unpadded input:
    /// negative or `>= h`/`>= w` in the padding.
    pub taps: Vec<(isize, isize)>,
}

/// The receptive field of output element `index = [n, co, oy, ox]` on an input of shape `input`.
pub fn receptive_field(
    layer: &Conv2dLayer,
    input: Nchw,
    index: [usize; 4],
) -> Result<ReceptiveField> {
    check_layer(layer)?;
    let geo = layer.geometry(input, &Limits::one_element())?;
    check_index(index, geo.output)?;
    let [_, co, oy, ox] = index;
    let g = co / layer.out_per_group();
    let ipg = layer.in_per_group();
    let [kh, kw] = layer.kernel;
    let taps = (0..kh)
        .flat_map(|ky| (0..kw).map(move |kx| tap(layer, oy, ox, ky, kx)))
        .collect();
    Ok(ReceptiveField {
        channels: g * ipg..(g + 1) * ipg,
        taps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Conv2dSpec, Padding};

    #[test]
    fn group_views_are_contiguous_blocks() {
        let l = Conv2dSpec {
            groups: 2,
            ..Conv2dSpec::new(4, 6, 3)
        }
        .validate()
        .unwrap();
        let v = group_view(&l, 1).unwrap();
        assert_eq!(v.input_channels, 2..4);
        assert_eq!(v.output_channels, 3..6);
        assert_eq!(v.weight_filters, 3..6);
        assert!(group_view(&l, 2).is_err());
        // oc / out_per_group, not oc % groups (which would put channel 1 in group 1).
        let groups: Vec<_> = (0..6)
            .map(|oc| group_of_output_channel(&l, oc).unwrap())
            .collect();
        assert_eq!(groups, [0, 0, 0, 1, 1, 1]);
        assert!(group_of_output_channel(&l, 6).is_err());
    }

    #[test]
    fn receptive_field_includes_padding_coordinates() {
        let l = Conv2dSpec {
            padding: Padding::Explicit([1, 1]),
            stride: 2.into(),
            ..Conv2dSpec::new(1, 1, 3)
        }
        .validate()
        .unwrap();
        let rf = receptive_field(&l, Nchw::new(1, 1, 4, 4), [0, 0, 0, 1]).unwrap();
        assert_eq!(rf.channels, 0..1);
        assert_eq!(rf.taps[0], (-1, 1));
        assert_eq!(rf.taps[8], (1, 3));
        assert!(receptive_field(&l, Nchw::new(1, 1, 4, 4), [0, 0, 2, 0]).is_err());
    }
}
