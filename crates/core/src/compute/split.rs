//! A big job split across workers, without shared memory: each worker gets the
//! same request plus its [`Part`], regenerates the same seeded tensors, and
//! computes one block of the last layer's output channels (whole groups, or
//! blocks of filters when there is one group). The page concatenates the
//! blocks. Every output value is computed by the same kernel over the same
//! inputs in the same order as in one run, so the result is bit-identical to
//! [`super::run_job`] without a part (tested below), and to `conv run`.

use std::borrow::Cow;
use std::ops::Range;

use conv_core::{Conv2dLayer, ConvProblem, Limits, Nchw, Tensor};
use serde::{Deserialize, Serialize};

use super::arrival::{empty, Arrival, Reply};
use super::error::JobError;
use super::job::JobResult;

/// Jobs with more multiply-adds than this are split across workers.
pub const PARALLEL_MACS: u64 = 50_000_000;
/// At most this many workers share a job.
pub const MAX_WORKERS: usize = 8;

/// Which share of a job one worker computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub index: usize,
    pub count: usize,
}

/// Into how many parts a job of `macs` on `layer` (its last layer) is split on
/// a machine with `cores` logical cores: 1 below [`PARALLEL_MACS`], else
/// `min(cores, 8)`, and never more than the layer has blocks.
pub fn part_count(macs: u64, cores: usize, layer: &Conv2dLayer) -> usize {
    if macs <= PARALLEL_MACS {
        return 1;
    }
    cores.clamp(1, MAX_WORKERS).min(units(layer)).max(1)
}

/// What a layer is split by: its groups, or (one group) its filters.
fn units(layer: &Conv2dLayer) -> usize {
    if layer.groups == 1 {
        layer.out_channels
    } else {
        layer.groups
    }
}

/// Units `[n·i/count, n·(i+1)/count)`: contiguous, as even as can be.
fn share(n: usize, part: Part) -> Range<usize> {
    n * part.index / part.count..n * (part.index + 1) / part.count
}

/// The sub-layer one part runs, with the input and output channels it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub layer: Conv2dLayer,
    pub input: Range<usize>,
    pub output: Range<usize>,
}

/// Part `part`'s block of `layer`.
pub fn block(layer: &Conv2dLayer, part: Part) -> Block {
    let u = share(units(layer), part);
    let mut sub = *layer;
    if layer.groups == 1 {
        sub.out_channels = u.len();
        Block {
            layer: sub,
            input: 0..layer.in_channels,
            output: u,
        }
    } else {
        let (i, o) = (layer.in_per_group(), layer.out_per_group());
        sub.groups = u.len();
        sub.in_channels = i * u.len();
        sub.out_channels = o * u.len();
        Block {
            layer: sub,
            input: u.start * i..u.end * i,
            output: u.start * o..u.end * o,
        }
    }
}

/// Runs part `part` of `layer` on the whole input: its block of output channels.
pub fn run_part(
    layer: &Conv2dLayer,
    input: &Tensor,
    weight: &Tensor,
    bias: Option<&[f32]>,
    part: Part,
    limits: &Limits,
) -> conv_core::Result<Tensor> {
    let b = block(layer, part);
    // One group (blocks of filters): every part reads the whole input, as is.
    let x = if b.input == (0..layer.in_channels) {
        Cow::Borrowed(input)
    } else {
        Cow::Owned(input.channels(b.input.clone()))
    };
    // The weight is [C_out, C_in/g, kh, kw]: output channel o's filter is its row o.
    let s = weight.shape;
    let row = s.c * s.h * s.w;
    let w = Tensor::new(
        Nchw::new(b.output.len(), s.c, s.h, s.w),
        weight.data[b.output.start * row..b.output.end * row].to_vec(),
    )?;
    let bias = bias.map(|v| &v[b.output.clone()]);
    ConvProblem::new(&b.layer, &x, &w, bias, limits).map(|p| p.run())
}

/// Empties what every part has but part 0 alone sends back: the input, the
/// weights and the intermediate.
pub fn drop_inputs(r: &mut JobResult) {
    r.input = empty();
    r.weight = empty();
    r.intermediate = r.intermediate.as_ref().map(|_| empty());
    r.pw_weight = r.pw_weight.as_ref().map(|_| empty());
}

/// The whole result from the parts' results, in part order: part 0's tensors
/// with every part's output block concatenated along the channels, and the
/// statistics from the parts' planes. The page does the same with the parts'
/// arrays as they arrive ([`Arrival::merge`]).
pub fn merge(parts: Vec<JobResult>) -> Result<JobResult, JobError> {
    Ok(Arrival::merge(parts.into_iter().map(Reply::of).collect())?.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::tests::request;
    use crate::compute::{run_job, run_job_part};
    use conv_core::ConvKind;

    fn bits(t: &Tensor) -> Vec<u32> {
        t.data.iter().map(|v| v.to_bits()).collect()
    }

    /// Every kind, odd channel counts, groups that are neither 1 nor C, a
    /// depth multiplier, stride, batch 2, and part counts that do not divide
    /// the blocks: the merged parts equal one run bit for bit.
    #[test]
    fn parts_merge_to_the_single_run_bit_for_bit() {
        let cases: &[(ConvKind, &[(&str, &str)])] = &[
            (
                ConvKind::Standard,
                &[("in_channels", "3"), ("out_channels", "7")],
            ),
            (
                ConvKind::Standard,
                &[("stride", "2"), ("kernel_size", "5"), ("padding", "2")],
            ),
            (
                ConvKind::Grouped,
                &[("groups", "4"), ("out_channels", "12")],
            ),
            (
                ConvKind::Grouped,
                &[
                    ("in_channels", "15"),
                    ("out_channels", "10"),
                    ("groups", "5"),
                ],
            ),
            (
                ConvKind::Depthwise,
                &[("in_channels", "5"), ("multiplier", "2")],
            ),
            (
                ConvKind::Depthwise,
                &[("in_channels", "7"), ("dilation", "2"), ("padding", "2")],
            ),
            (
                ConvKind::Separable,
                &[("in_channels", "3"), ("out_channels", "9")],
            ),
            (
                ConvKind::Separable,
                &[("out_channels", "16"), ("stride", "2")],
            ),
        ];
        for (mode, edits) in cases {
            let req = request(*mode, edits);
            let one = run_job(&req).unwrap();
            let last = one.pw_layer.unwrap_or(one.layer);
            for count in [2, 3, 4, 8].map(|c| c.min(units(&last))) {
                let parts: Vec<JobResult> = (0..count)
                    .map(|index| run_job_part(&req, Some(Part { index, count })).unwrap())
                    .collect();
                let merged = merge(parts).unwrap();
                let what = format!("{mode:?} {edits:?} in {count} parts");
                assert_eq!(merged.output.shape, one.output.shape, "{what}");
                assert_eq!(bits(&merged.output), bits(&one.output), "{what}");
                assert_eq!(merged.stats, one.stats, "{what}");
                assert_eq!(merged.planes, one.planes, "{what}");
                assert_eq!(merged.magnitudes, one.magnitudes, "{what}");
                assert_eq!(merged.input, one.input, "{what}");
                assert_eq!(merged.weight, one.weight, "{what}");
                assert_eq!(merged.intermediate, one.intermediate, "{what}");
            }
        }
    }

    #[test]
    fn blocks_cover_the_layer_in_whole_groups() {
        let mut l = request(
            ConvKind::Grouped,
            &[("groups", "4"), ("out_channels", "12")],
        )
        .setting
        .base
        .validate()
        .unwrap();
        let blocks: Vec<Block> = (0..3)
            .map(|index| block(&l, Part { index, count: 3 }))
            .collect();
        assert_eq!(
            blocks.iter().map(|b| b.layer.groups).collect::<Vec<_>>(),
            [1, 1, 2]
        );
        assert_eq!(blocks[2].input, 4..8);
        assert_eq!(blocks[2].output, 6..12);
        l.groups = 1;
        assert_eq!(block(&l, Part { index: 1, count: 2 }).output, 6..12);
        assert_eq!(part_count(PARALLEL_MACS, 8, &l), 1);
        assert_eq!(part_count(PARALLEL_MACS + 1, 16, &l), 8);
        assert_eq!(part_count(PARALLEL_MACS + 1, 2, &l), 2);
    }
}
