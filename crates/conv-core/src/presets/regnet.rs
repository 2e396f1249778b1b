//! RegNetX-400MF and RegNetY-400MF (Radosavovic et al. 2020, "Designing Network
//! Design Spaces"), as torchvision's `regnet_x_400mf` / `regnet_y_400mf` build
//! them: the stage widths and depths come from the paper's quantized linear rule
//! (`BlockParams.from_init_params`), not from a table.

use super::torchvision::{
    check_stride_32, conv_norm, image, make_divisible, round_half_even, squeeze_excitation,
};
use super::{Builder, Network};
use crate::error::Result;
use crate::tensor::Nchw;

/// The RegNet parameters of one model (Appendix of the paper, torchvision's
/// `from_init_params` arguments).
struct RegNetParams {
    depth: usize,
    w_0: usize,
    w_a: f64,
    w_m: f64,
    group_width: usize,
    bottleneck_multiplier: f64,
    se_ratio: Option<f64>,
}

const X_400MF: RegNetParams = RegNetParams {
    depth: 22,
    w_0: 24,
    w_a: 24.48,
    w_m: 2.54,
    group_width: 16,
    bottleneck_multiplier: 1.0,
    se_ratio: None,
};

const Y_400MF: RegNetParams = RegNetParams {
    depth: 16,
    w_0: 48,
    w_a: 27.89,
    w_m: 2.09,
    group_width: 8,
    bottleneck_multiplier: 1.0,
    se_ratio: Some(0.25),
};

/// Block widths are multiples of this.
const QUANT: usize = 8;
const STEM: usize = 32;
const CLASSES: usize = 1000;

/// One stage: output width, blocks, group width (each stage starts with stride 2).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Stage {
    width: usize,
    depth: usize,
    group_width: usize,
}

impl RegNetParams {
    /// `BlockParams.from_init_params`: block i's continuous width is
    /// w_0 + i·w_a; it is quantized in log space to w_0·w_m^round(log_{w_m}(u_i / w_0)),
    /// then to a multiple of 8; runs of equal widths are the stages. Finally each
    /// stage's bottleneck width is made a multiple of its group width
    /// (`_adjust_widths_groups_compatibilty`).
    ///
    /// torchvision does the first step in float32 tensors; f64 gives the same
    /// widths here (no value lies near a rounding tie), and rounds halves to even
    /// as `torch.round` does.
    fn stages(&self) -> Vec<Stage> {
        let mut stages: Vec<Stage> = Vec::new();
        for i in 0..self.depth {
            let u = i as f64 * self.w_a + self.w_0 as f64;
            let capacity = ((u / self.w_0 as f64).ln() / self.w_m.ln()).round_ties_even();
            let quantized = self.w_0 as f64 * self.w_m.powf(capacity) / QUANT as f64;
            let width = round_half_even(quantized) * QUANT;
            match stages.last_mut() {
                Some(s) if s.width == width => s.depth += 1,
                _ => stages.push(Stage {
                    width,
                    depth: 1,
                    group_width: self.group_width,
                }),
            }
        }
        for s in &mut stages {
            let bottleneck = (s.width as f64 * self.bottleneck_multiplier) as usize;
            s.group_width = s.group_width.min(bottleneck);
            let bottleneck = make_divisible(bottleneck as f64, s.group_width);
            s.width = (bottleneck as f64 / self.bottleneck_multiplier) as usize;
        }
        stages
    }
}

/// RegNetX-400MF on a `resolution`² input.
pub fn regnet_x_400mf(resolution: usize) -> Result<Network> {
    regnet(
        "regnet-x-400mf",
        "RegNetX-400MF",
        "regnet_x_400mf",
        &X_400MF,
        resolution,
    )
}

/// RegNetY-400MF (RegNetX with squeeze-excitation) on a `resolution`² input.
pub fn regnet_y_400mf(resolution: usize) -> Result<Network> {
    regnet(
        "regnet-y-400mf",
        "RegNetY-400MF",
        "regnet_y_400mf",
        &Y_400MF,
        resolution,
    )
}

/// The stem (3x3/2 to 32), the stages `trunk_output.block{s}` of blocks
/// `block{s}-{i}`, `fc`.
fn regnet(
    id: &str,
    title: &str,
    torchvision: &str,
    params: &RegNetParams,
    resolution: usize,
) -> Result<Network> {
    check_stride_32(resolution)?;
    let mut b = Builder::new(
        id,
        format!("{title}, {resolution}x{resolution} (torchvision {torchvision})"),
    );
    let mut x = b.conv("stem.0", conv_norm(3, STEM, 3, 2, 1), image(resolution))?;
    for (s, stage) in params.stages().iter().enumerate() {
        for i in 0..stage.depth {
            let block = ResBottleneck {
                width_out: stage.width,
                stride: if i == 0 { 2 } else { 1 },
                group_width: stage.group_width,
                bottleneck_multiplier: params.bottleneck_multiplier,
                se_ratio: params.se_ratio,
            };
            let prefix = format!("trunk_output.block{n}.block{n}-{i}", n = s + 1);
            x = block.add(&mut b, &prefix, x)?;
        }
    }
    b.fc("fc", x.c, CLASSES)?;
    Ok(b.finish())
}

/// torchvision's `ResBottleneckBlock` (its input width is the input's channels).
struct ResBottleneck {
    width_out: usize,
    stride: usize,
    group_width: usize,
    bottleneck_multiplier: f64,
    se_ratio: Option<f64>,
}

impl ResBottleneck {
    /// `proj.0` (1x1, stride; only when the width or size changes) runs first, as
    /// `forward` computes `self.proj(x) + self.f(x)`; then `f.a.0` 1x1 to the
    /// bottleneck width w_b, `f.b.0` 3x3 (stride, w_b / group_width groups),
    /// `f.se` (squeezing to round(se_ratio · width_in): the block's input width,
    /// not w_b), `f.c.0` 1x1 to width_out.
    fn add(&self, b: &mut Builder, prefix: &str, x: Nchw) -> Result<Nchw> {
        let width_in = x.c;
        let w_b = round_half_even(self.width_out as f64 * self.bottleneck_multiplier);
        let groups = w_b / self.group_width;
        if width_in != self.width_out || self.stride != 1 {
            let proj = conv_norm(width_in, self.width_out, 1, self.stride, 1);
            b.conv(&format!("{prefix}.proj.0"), proj, x)?;
        }
        let y = b.conv(
            &format!("{prefix}.f.a.0"),
            conv_norm(width_in, w_b, 1, 1, 1),
            x,
        )?;
        let conv_b = conv_norm(w_b, w_b, 3, self.stride, groups);
        let y = b.conv(&format!("{prefix}.f.b.0"), conv_b, y)?;
        if let Some(ratio) = self.se_ratio {
            let squeeze = round_half_even(ratio * width_in as f64);
            squeeze_excitation(b, &format!("{prefix}.f.se"), w_b, squeeze)?;
        }
        b.conv(
            &format!("{prefix}.f.c.0"),
            conv_norm(w_b, self.width_out, 1, 1, 1),
            y,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stage widths and depths torchvision's `BlockParams` prints for these
    /// two models (`regnet_x_400mf`: widths [32, 64, 160, 400], depths [1, 2, 7, 12];
    /// `regnet_y_400mf`: [48, 104, 208, 440], [1, 3, 6, 6]); the unrounded block
    /// widths 152 and 392 of RegNetX become 160 and 400 by the group-width rule.
    #[test]
    fn stage_widths_and_depths() {
        let of = |p: &RegNetParams| -> Vec<(usize, usize, usize)> {
            p.stages()
                .iter()
                .map(|s| (s.width, s.depth, s.group_width))
                .collect()
        };
        assert_eq!(
            of(&X_400MF),
            [(32, 1, 16), (64, 2, 16), (160, 7, 16), (400, 12, 16)]
        );
        assert_eq!(
            of(&Y_400MF),
            [(48, 1, 8), (104, 3, 8), (208, 6, 8), (440, 6, 8)]
        );
    }
}
