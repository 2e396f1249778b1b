//! The sliding window of Conv and the pools: ONNX's strides, dilations, pads and
//! auto_pad resolved against an input's spatial size, and the output size.

use crate::error::{AttrProblem, ConvRule};
use crate::ops::AutoPad;

/// A window resolved for one input: one entry per spatial axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub kernel: Vec<usize>,
    pub strides: Vec<usize>,
    pub dilations: Vec<usize>,
    pub begin: Vec<usize>,
    pub end: Vec<usize>,
}

/// Why a window cannot be resolved: a rule broken, or a list of the wrong length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindowError {
    Rule(ConvRule),
    Length {
        attribute: &'static str,
        problem: AttrProblem,
    },
}

/// The window's attributes as the file gives them (`None`: absent).
pub struct Attrs<'a> {
    pub kernel: &'a [usize],
    pub strides: Option<&'a [i64]>,
    pub dilations: Option<&'a [i64]>,
    pub pads: Option<&'a [i64]>,
    pub auto_pad: AutoPad,
}

fn list(
    attribute: &'static str,
    v: Option<&[i64]>,
    n: usize,
    default: i64,
) -> Result<Vec<i64>, WindowError> {
    match v {
        None => Ok(vec![default; n]),
        Some(v) if v.len() == n => Ok(v.to_vec()),
        Some(v) => Err(WindowError::Length {
            attribute,
            problem: AttrProblem::WrongLength {
                expected: n,
                found: v.len(),
            },
        }),
    }
}

fn positive(v: &[i64], rule: impl Fn(Vec<i64>) -> ConvRule) -> Result<Vec<usize>, WindowError> {
    v.iter()
        .map(|&x| (x > 0).then(|| usize::try_from(x).unwrap_or(usize::MAX)))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| WindowError::Rule(rule(v.to_vec())))
}

/// Extent of a dilated kernel, saturating (huge values simply exceed any input).
fn span(k: usize, d: usize) -> usize {
    d.saturating_mul(k.saturating_sub(1)).saturating_add(1)
}

/// Resolves `a` for an input of spatial size `input`.
pub fn resolve(a: &Attrs, input: &[usize]) -> Result<Window, WindowError> {
    let n = a.kernel.len();
    let strides = positive(&list("strides", a.strides, n, 1)?, |stride| {
        ConvRule::NonPositiveStride { stride }
    })?;
    let dilations = positive(&list("dilations", a.dilations, n, 1)?, |dilation| {
        ConvRule::NonPositiveDilation { dilation }
    })?;
    let (begin, end) = match a.auto_pad {
        AutoPad::NotSet => {
            let pads = list("pads", a.pads, 2 * n, 0)?;
            // Huge pads saturate (conv-core refuses them by size); negative ones are an error.
            let p: Option<Vec<usize>> = pads
                .iter()
                .map(|&x| (x >= 0).then(|| usize::try_from(x).unwrap_or(usize::MAX)))
                .collect();
            let p = p.ok_or(WindowError::Rule(ConvRule::NegativePadding { pads }))?;
            (p[..n].to_vec(), p[n..].to_vec())
        }
        AutoPad::Valid => (vec![0; n], vec![0; n]),
        AutoPad::SameUpper | AutoPad::SameLower => {
            let mut begin = Vec::with_capacity(n);
            let mut end = Vec::with_capacity(n);
            for i in 0..n {
                let out = input[i].div_ceil(strides[i]);
                let total = (out.saturating_sub(1))
                    .saturating_mul(strides[i])
                    .saturating_add(span(a.kernel[i], dilations[i]))
                    .saturating_sub(input[i]);
                let (small, large) = (total / 2, total - total / 2);
                if a.auto_pad == AutoPad::SameUpper {
                    begin.push(small);
                    end.push(large);
                } else {
                    begin.push(large);
                    end.push(small);
                }
            }
            (begin, end)
        }
    };
    Ok(Window {
        kernel: a.kernel.to_vec(),
        strides,
        dilations,
        begin,
        end,
    })
}

impl Window {
    /// Output size on one axis: floor (or ceil) of (padded − span) / stride, + 1;
    /// `None` when the dilated kernel does not fit in the padded input. With
    /// `ceil`, a last window that would start in the end padding is dropped, as
    /// PyTorch and onnxruntime do.
    pub fn output_axis(&self, i: usize, input: usize, ceil: bool) -> Option<usize> {
        let padded = input
            .saturating_add(self.begin[i])
            .saturating_add(self.end[i]);
        let span = span(self.kernel[i], self.dilations[i]);
        let num = padded.checked_sub(span)?;
        let s = self.strides[i];
        let mut out = if ceil { num.div_ceil(s) } else { num / s } + 1;
        if ceil && (out - 1).saturating_mul(s) >= input.saturating_add(self.begin[i]) {
            out -= 1;
        }
        Some(out)
    }

    /// Output spatial size, or `None` if the window does not fit on some axis.
    pub fn output(&self, input: &[usize], ceil: bool) -> Option<Vec<usize>> {
        (0..self.kernel.len())
            .map(|i| self.output_axis(i, input[i], ceil))
            .collect()
    }

    /// A symmetric padding per axis with the same output size as this window's
    /// (possibly asymmetric) one, for conv-core's `Conv2dSpec`, which pads both
    /// sides alike; `None` on an axis where none exists (an odd total at stride 1).
    pub fn symmetric(&self, input: &[usize], ceil: bool) -> Vec<Option<usize>> {
        (0..self.kernel.len())
            .map(|i| {
                let want = self.output_axis(i, input[i], ceil)?;
                let total = self.begin[i].saturating_add(self.end[i]);
                let mut sym = self.clone();
                (total / 2..=total.div_ceil(2).saturating_add(1)).find(|&p| {
                    sym.begin[i] = p;
                    sym.end[i] = p;
                    sym.output_axis(i, input[i], false) == Some(want)
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(auto_pad: AutoPad, k: usize, s: i64, input: usize) -> Window {
        let kernel = [k, k];
        let strides = [s, s];
        let a = Attrs {
            kernel: &kernel,
            strides: Some(&strides),
            dilations: None,
            pads: None,
            auto_pad,
        };
        resolve(&a, &[input, input]).unwrap()
    }

    /// ONNX's SAME rule: output ceil(in / stride); the odd pixel of padding goes
    /// to the end (UPPER) or the beginning (LOWER).
    #[test]
    fn same_and_valid_at_stride_2() {
        for input in [7, 8, 9, 224] {
            for ap in [AutoPad::SameUpper, AutoPad::SameLower] {
                let w = window(ap, 3, 2, input);
                assert_eq!(
                    w.output(&[input, input], false).unwrap()[0],
                    input.div_ceil(2)
                );
            }
        }
        let up = window(AutoPad::SameUpper, 3, 2, 8);
        assert_eq!((up.begin[0], up.end[0]), (0, 1));
        let low = window(AutoPad::SameLower, 3, 2, 8);
        assert_eq!((low.begin[0], low.end[0]), (1, 0));
        let odd = window(AutoPad::SameUpper, 3, 2, 7);
        assert_eq!((odd.begin[0], odd.end[0]), (1, 1));
        let valid = window(AutoPad::Valid, 3, 2, 7);
        assert_eq!(valid.output(&[7, 7], false).unwrap(), vec![3, 3]);
    }

    #[test]
    fn symmetric_stand_ins() {
        let up = window(AutoPad::SameUpper, 3, 2, 8);
        assert_eq!(up.symmetric(&[8, 8], false), vec![Some(1), Some(1)]);
        // 2x2 SAME at stride 1: one pixel in all, which no symmetric padding gives.
        let even = window(AutoPad::SameUpper, 2, 1, 5);
        assert_eq!(even.symmetric(&[5, 5], false), vec![None, None]);
    }

    #[test]
    fn ceil_mode_drops_a_window_starting_in_the_padding() {
        let w = window(AutoPad::NotSet, 3, 2, 112);
        assert_eq!(w.output_axis(0, 112, true), Some(56));
        assert_eq!(w.output_axis(0, 112, false), Some(55));
        // 2x2/2 on 5 with pads 1: ceil gives 4 windows, the last starting at
        // padded index 6 = input + begin, in the end padding: 3.
        let mut w = window(AutoPad::NotSet, 2, 2, 5);
        w.begin = vec![1, 1];
        w.end = vec![1, 1];
        assert_eq!(w.output_axis(0, 5, true), Some(3));
    }

    #[test]
    fn bad_attributes() {
        let kernel = [3, 3];
        let a = Attrs {
            kernel: &kernel,
            strides: Some(&[0, 1]),
            dilations: None,
            pads: None,
            auto_pad: AutoPad::NotSet,
        };
        assert_eq!(
            resolve(&a, &[8, 8]),
            Err(WindowError::Rule(ConvRule::NonPositiveStride {
                stride: vec![0, 1]
            }))
        );
        let a = Attrs {
            strides: None,
            pads: Some(&[1, 1]),
            ..a
        };
        assert!(matches!(
            resolve(&a, &[8, 8]),
            Err(WindowError::Length {
                attribute: "pads",
                ..
            })
        ));
        let a = Attrs {
            pads: Some(&[1, -1, 1, 1]),
            ..a
        };
        assert!(matches!(
            resolve(&a, &[8, 8]),
            Err(WindowError::Rule(ConvRule::NegativePadding { .. }))
        ));
    }
}
