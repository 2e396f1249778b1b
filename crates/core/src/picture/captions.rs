//! The sentence under the picture, as the facts it states: which stage, with
//! the layer's real numbers. The text layer words it in the page's language.

use std::ops::Range;

use super::timeline::{Stage, TimelineShape};

/// The numbers a stage sentence is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageFacts {
    pub in_channels: usize,
    pub out_channels: usize,
    pub groups: usize,
    pub kernel: [usize; 2],
    pub in_hw: [usize; 2],
    /// Output height and width of the (first) convolution.
    pub out_hw: [usize; 2],
    /// Separable: the depthwise output channels mixed by the pointwise stage, and its outputs.
    pub pointwise: Option<(usize, usize)>,
}

/// The sentence under the picture, as the facts it states: the text layer
/// (`PictureText::caption`) words it. Channel ranges are 0-based, half-open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caption {
    Input {
        channels: usize,
        hw: [usize; 2],
    },
    /// `groups = 1`: nothing splits.
    Whole {
        channels: usize,
    },
    Split {
        channels: usize,
        groups: usize,
        per_group: usize,
    },
    /// `groups = 1`: every filter sees every input channel.
    ConvAll {
        filters: usize,
        in_channels: usize,
        kernel: [usize; 2],
        out_hw: [usize; 2],
    },
    /// One group's filters at work (`group` is 0-based).
    ConvGroup {
        group: usize,
        groups: usize,
        filters: usize,
        per_group: usize,
        kernel: [usize; 2],
        inputs: Range<usize>,
        outputs: Range<usize>,
        out_hw: [usize; 2],
    },
    /// Many groups at once (`batch` 0-based groups).
    ConvBatch {
        batch: Range<usize>,
        groups: usize,
        filters: usize,
        per_group: usize,
        kernel: [usize; 2],
        inputs: Range<usize>,
        outputs: Range<usize>,
    },
    /// `groups = 1`: nothing to concatenate.
    NoConcat {
        out_channels: usize,
    },
    Concat {
        groups: usize,
        per_group: usize,
        out_channels: usize,
    },
    Shuffle {
        out_channels: usize,
    },
    Pointwise {
        mid: usize,
        out: usize,
    },
    Done {
        out_channels: usize,
    },
}

/// The caption of `stage`, with the real numbers of the layer.
pub fn caption(stage: Stage, shape: &TimelineShape, f: &StageFacts) -> Caption {
    let g = f.groups.max(1);
    let ipg = f.in_channels / g;
    let opg = f.out_channels / g;
    match stage {
        Stage::Input => Caption::Input {
            channels: f.in_channels,
            hw: f.in_hw,
        },
        Stage::Split if g == 1 => Caption::Whole {
            channels: f.in_channels,
        },
        Stage::Split => Caption::Split {
            channels: f.in_channels,
            groups: g,
            per_group: ipg,
        },
        Stage::GroupConv(_) if g == 1 => Caption::ConvAll {
            filters: f.out_channels,
            in_channels: f.in_channels,
            kernel: f.kernel,
            out_hw: f.out_hw,
        },
        Stage::GroupConv(n) => {
            let batch = shape.batch_groups(n);
            let inputs = batch.start * ipg..batch.end * ipg;
            let outputs = batch.start * opg..batch.end * opg;
            if batch.len() == 1 {
                Caption::ConvGroup {
                    group: batch.start,
                    groups: g,
                    filters: opg,
                    per_group: ipg,
                    kernel: f.kernel,
                    inputs,
                    outputs,
                    out_hw: f.out_hw,
                }
            } else {
                Caption::ConvBatch {
                    batch,
                    groups: g,
                    filters: opg,
                    per_group: ipg,
                    kernel: f.kernel,
                    inputs,
                    outputs,
                }
            }
        }
        Stage::Concat if g == 1 => Caption::NoConcat {
            out_channels: f.out_channels,
        },
        Stage::Concat => Caption::Concat {
            groups: g,
            per_group: opg,
            out_channels: f.out_channels,
        },
        Stage::Shuffle => Caption::Shuffle {
            out_channels: f.out_channels,
        },
        Stage::Pointwise => {
            let (mid, out) = f.pointwise.unwrap_or((f.out_channels, f.out_channels));
            Caption::Pointwise { mid, out }
        }
        Stage::Done => Caption::Done {
            out_channels: f.pointwise.map_or(f.out_channels, |(_, o)| o),
        },
    }
}
