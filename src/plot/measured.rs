//! Measured against theory: the Wasm kernels are timed in the page, and the time
//! each kind takes is set beside the FLOPs it does. Fewer FLOPs is not
//! proportionally less time: depthwise does few FLOPs per byte it moves
//! (low arithmetic intensity), so memory, not arithmetic, bounds it.

use conv_core::{ops, rng, Comparison, ConvKind, Limits};
use plotters::prelude::*;

use super::palette::{self, Look};
use super::{bar_chart, centred_above, legend, DrawError, PixelToData, ValueAxis};

/// The most MACs one kernel run may have to be timed in the page: at a few
/// GFLOP/s that is well under a second per run, so the tab stays responsive.
pub const MAX_TIMED_MACS: u64 = 150_000_000;

/// Runs per kind; the median is reported.
pub const RUNS: usize = 5;

/// Theory and (once timed) measurement of one kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    pub kind: ConvKind,
    pub macs: u64,
    pub flops: u64,
    pub bytes: u64,
    /// FLOPs per byte moved, from the cost model.
    pub intensity: f64,
    /// Median seconds per call, once timed.
    pub median_s: Option<f64>,
}

impl Timing {
    /// Achieved GFLOP/s (the cost model's FLOPs over the median time).
    pub fn gflops(&self) -> Option<f64> {
        self.median_s
            .filter(|t| *t > 0.0)
            .map(|t| self.flops as f64 / t / 1e9)
    }
}

/// The theory half, before anything is timed.
pub fn theory(c: &Comparison) -> Vec<Timing> {
    ConvKind::ALL
        .iter()
        .map(|k| {
            let cost = c.get(*k).cost();
            Timing {
                kind: *k,
                macs: cost.macs,
                flops: cost.flops,
                bytes: cost.bytes,
                intensity: cost.intensity(),
                median_s: None,
            }
        })
        .collect()
}

/// The median of some timings (`None` when empty).
pub fn median(xs: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    })
}

/// Why a comparison is too big to time in the page, if it is.
pub fn too_big(c: &Comparison) -> Option<String> {
    let biggest = ConvKind::ALL
        .iter()
        .map(|k| c.get(*k).cost().macs)
        .max()
        .unwrap_or(0);
    (biggest > MAX_TIMED_MACS).then(|| {
        format!(
            "this setting is too big to time in the page ({} MACs in one run; the cap is {}): make it smaller to measure",
            crate::format::thousands(biggest),
            crate::format::thousands(MAX_TIMED_MACS)
        )
    })
}

/// One kind's kernel with its seeded data, ready to be called again and again.
pub struct Prepared {
    pub kind: ConvKind,
    run: Box<dyn Fn() -> conv_core::Result<()>>,
}

impl Prepared {
    /// Runs the kernel once (its output is dropped).
    pub fn run(&self) -> conv_core::Result<()> {
        (self.run)()
    }
}

/// Seeded inputs and weights (conv-core's generator) for every kind, and the
/// kernel that each kind runs: the general/GEMM path for standard and grouped,
/// the depthwise kernel, and depthwise then pointwise for separable.
pub fn prepare(c: &Comparison) -> conv_core::Result<Vec<Prepared>> {
    let limits = Limits::default();
    let mut out = Vec::new();
    for kind in ConvKind::ALL {
        let plan = c.get(kind);
        let first = &plan.stages[0];
        let data = rng::generate(&first.layer, first.geometry.input, 1, &limits)?;
        let layer = first.layer;
        let run: Box<dyn Fn() -> conv_core::Result<()>> = match kind {
            ConvKind::Standard | ConvKind::Grouped => Box::new(move || {
                ops::conv2d(
                    &layer,
                    &data.input,
                    &data.weight,
                    data.bias.as_deref(),
                    &limits,
                )
                .map(drop)
            }),
            ConvKind::Depthwise => Box::new(move || {
                ops::depthwise(
                    &layer,
                    &data.input,
                    &data.weight,
                    data.bias.as_deref(),
                    &limits,
                )
                .map(drop)
            }),
            ConvKind::Separable => {
                let second = &plan.stages[1];
                let pw = second.layer;
                let pw_data = rng::generate(&pw, second.geometry.input, 2, &limits)?;
                Box::new(move || {
                    ops::separable(
                        &layer,
                        &data.weight,
                        data.bias.as_deref(),
                        &pw,
                        &pw_data.weight,
                        pw_data.bias.as_deref(),
                        &data.input,
                        &limits,
                    )
                    .map(drop)
                })
            }
        };
        out.push(Prepared { kind, run });
    }
    Ok(out)
}

/// Draws FLOPs against time (both as a share of standard) and the achieved
/// GFLOP/s with each kind's arithmetic intensity.
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    timings: &[Timing],
    look: &Look,
) -> Result<impl PixelToData, DrawError<DB>> {
    let root = backend.into_drawing_area();
    root.fill(&look.background())?;
    let (top, body) = root.split_vertically(look.px(26.0));
    let items = vec![
        (
            palette::STANDARD,
            "FLOPs ÷ standard (cost model)".to_string(),
        ),
        (
            palette::MEASURED,
            "time ÷ standard (measured, median)".to_string(),
        ),
    ];
    legend(&top, &items, "", look)?;
    let width = body.dim_in_pixel().0;
    let (left, right) = body.split_horizontally(width / 2);
    let labels: Vec<String> = timings.iter().map(|t| t.kind.name().to_string()).collect();
    let std = timings.iter().find(|t| t.kind == ConvKind::Standard);
    let share = |v: f64, of: f64| if of > 0.0 { v / of } else { 0.0 };
    let flops_share: Vec<f64> = timings
        .iter()
        .map(|t| share(t.flops as f64, std.map_or(0.0, |s| s.flops as f64)))
        .collect();
    let time_share: Vec<Option<f64>> = timings
        .iter()
        .map(|t| Some(share(t.median_s?, std?.median_s?)))
        .collect();
    let axis = ValueAxis::fit(
        flops_share
            .iter()
            .copied()
            .chain(time_share.iter().flatten().copied()),
        false,
    );
    let mut chart = bar_chart(
        &left,
        "Share of standard: work vs time",
        "÷ standard",
        &labels,
        axis,
        look,
    )?;
    let small = look.muted_font(11.0);
    let gap = look.px(3.0) as i32;
    for (i, t) in timings.iter().enumerate() {
        let x = i as f64;
        let f = flops_share[i];
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.38, 0.0), (x - 0.02, f)],
            palette::kind_color(t.kind).filled(),
        )))?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((x - 0.2, f))
                + Text::new(
                    format!("{:.0}%", f * 100.0),
                    (0, -gap),
                    centred_above(small.clone()),
                ),
        ))?;
        if let Some(r) = time_share[i] {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x + 0.02, 0.0), (x + 0.38, r)],
                palette::MEASURED.filled(),
            )))?;
            chart.draw_series(std::iter::once(
                EmptyElement::at((x + 0.2, r))
                    + Text::new(
                        format!("{:.0}%", r * 100.0),
                        (0, -gap),
                        centred_above(small.clone()),
                    ),
            ))?;
        }
    }
    let trans = chart.into_coord_trans();

    let gflops: Vec<Option<f64>> = timings.iter().map(Timing::gflops).collect();
    let g_axis = ValueAxis::fit(gflops.iter().flatten().copied(), false);
    let caption = if gflops.iter().any(Option::is_some) {
        "Achieved GFLOP/s (and FLOP/byte)"
    } else {
        "Achieved GFLOP/s: not timed yet"
    };
    let mut g = bar_chart(&right, caption, "GFLOP/s", &labels, g_axis, look)?;
    for (i, t) in timings.iter().enumerate() {
        let x = i as f64;
        let v = gflops[i].unwrap_or(0.0);
        if gflops[i].is_some() {
            g.draw_series(std::iter::once(Rectangle::new(
                [(x - 0.34, 0.0), (x + 0.34, v)],
                palette::kind_color(t.kind).filled(),
            )))?;
        }
        let line = look.px(14.0) as i32;
        g.draw_series(std::iter::once(
            EmptyElement::at((x, v))
                + Text::new(
                    format!("{:.1} FLOP/B", t.intensity),
                    (0, -gap),
                    centred_above(small.clone()),
                ),
        ))?;
        if let Some(v) = gflops[i] {
            g.draw_series(std::iter::once(
                EmptyElement::at((x, v))
                    + Text::new(
                        format!("{v:.2}"),
                        (0, -gap - line),
                        centred_above(look.font(12.0)),
                    ),
            ))?;
        }
    }
    root.present()?;
    Ok(trans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use conv_core::{Conv2dSpec, Nchw};

    fn comparison() -> Comparison {
        let base = Conv2dSpec {
            padding: conv_core::Padding::Explicit([1, 1]),
            groups: 2,
            bias: false,
            ..Conv2dSpec::new(8, 16, 3)
        };
        Comparison::build(&base, Nchw::new(1, 8, 32, 32), 1, &Limits::default()).unwrap()
    }

    #[test]
    fn median_and_gflops() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        let t = Timing {
            kind: ConvKind::Standard,
            macs: 1_000_000,
            flops: 2_000_000,
            bytes: 1,
            intensity: 0.0,
            median_s: Some(0.001),
        };
        assert!((t.gflops().unwrap() - 2.0).abs() < 1e-12);
    }

    #[test]
    fn depthwise_has_the_lowest_intensity() {
        let th = theory(&comparison());
        let ai = |k| th.iter().find(|t| t.kind == k).unwrap().intensity;
        assert!(ai(ConvKind::Depthwise) < ai(ConvKind::Separable));
        assert!(ai(ConvKind::Separable) < ai(ConvKind::Standard));
        // FLOPs / bytes from the cost model: 2·8·9·1024 over 4·(8·1024 + 72 + 8·1024).
        let dw = th.iter().find(|t| t.kind == ConvKind::Depthwise).unwrap();
        assert_eq!(dw.flops, 2 * 8 * 9 * 1024);
        assert_eq!(dw.bytes, 4 * (8 * 1024 + 72 + 8 * 1024));
    }

    #[test]
    fn prepared_kernels_run_and_big_settings_are_refused() {
        let c = comparison();
        let p = prepare(&c).unwrap();
        assert_eq!(p.len(), 4);
        for k in &p {
            k.run().unwrap();
        }
        assert!(too_big(&c).is_none());
        let base = Conv2dSpec {
            padding: conv_core::Padding::Explicit([1, 1]),
            ..Conv2dSpec::new(256, 256, 3)
        };
        let big =
            Comparison::build(&base, Nchw::new(1, 256, 112, 112), 1, &Limits::default()).unwrap();
        assert!(too_big(&big).unwrap().contains("too big to time"));
    }

    #[test]
    fn svg_before_and_after_timing() {
        let mut th = theory(&comparison());
        let mut svg = String::new();
        let _ = draw(
            SVGBackend::with_string(&mut svg, (800, 300)),
            &th,
            &Look::default(),
        )
        .unwrap();
        assert!(svg.contains("not timed yet"));
        // depthwise does 8·9 / (16·8·9) = 6% of standard's FLOPs, separable 17%.
        assert!(crate::plot::svg_has_text(&svg, "6%") && crate::plot::svg_has_text(&svg, "17%"));
        for (t, s) in th.iter_mut().zip([1.0e-3, 0.6e-3, 0.2e-3, 0.3e-3]) {
            t.median_s = Some(s);
        }
        let mut svg = String::new();
        let _ = draw(
            SVGBackend::with_string(&mut svg, (800, 300)),
            &th,
            &Look::default(),
        )
        .unwrap();
        assert!(
            crate::plot::svg_has_text(&svg, "20%"),
            "depthwise time share"
        );
        assert!(
            crate::plot::svg_has_text(&svg, "2.36"),
            "standard GFLOP/s: 2·1,179,648 / 1 ms"
        );
    }
}
