//! Sweeps: cost relative to standard as one parameter of the current setting
//! varies, computed point by point by conv-core, with the closed form drawn over
//! the points: 1/g for grouped against groups, and 1/N + 1/k² for separable
//! against kernel size and out_channels (which holds for multiplier 1, no bias,
//! MACs: the depthwise part costs C_in·k²·HW, the pointwise C_in·N·HW, standard
//! N·C_in·k²·HW).

use conv_core::{Comparison, Conv2dSpec, ConvKind, IntOrPair, Limits, PlannedLayer};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette::{self, Look};
use super::{legend, DrawError, PixelToData};
use crate::state::plots::{SweepAxis, Unit};
use crate::state::Setting;

/// One computed point.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    /// The swept parameter's value.
    pub x: usize,
    /// Cost of the swept kind (grouped or separable) in the chosen unit.
    pub value: u64,
    /// Cost of standard convolution at the same point.
    pub standard: u64,
    /// `value / standard`.
    pub ratio: f64,
    /// The closed form at this point.
    pub closed_form: f64,
}

/// A whole sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub axis: SweepAxis,
    pub unit: Unit,
    pub bias: bool,
    pub multiplier: usize,
    /// Grouped for the groups sweep, separable for the others.
    pub kind: ConvKind,
    pub points: Vec<SweepPoint>,
    /// The swept parameter's value in the current setting (if on the grid).
    pub current: Option<usize>,
    /// out_channels and kH·kW of the current setting.
    pub n: usize,
    pub k2: usize,
    /// Groups sweep only: separable/standard at the current setting, for reference.
    pub separable_ratio: Option<f64>,
    pub log_y: bool,
}

/// The closed-form separable/standard ratio, 1/N + 1/k² (k² = kH·kW).
pub fn closed_form_separable(n: usize, k2: usize) -> f64 {
    1.0 / n.max(1) as f64 + 1.0 / k2.max(1) as f64
}

impl Sweep {
    /// The closed form at any (real) x, for drawing the curve.
    pub fn closed_form_at(&self, x: f64) -> f64 {
        match self.axis {
            SweepAxis::Groups => 1.0 / x,
            SweepAxis::KernelSize => 1.0 / self.n.max(1) as f64 + 1.0 / (x * x),
            SweepAxis::OutChannels => 1.0 / x + 1.0 / self.k2.max(1) as f64,
        }
    }

    /// The formula, as the legend prints it.
    pub fn closed_form_label(&self) -> String {
        match self.axis {
            SweepAxis::Groups => "closed form 1/g".into(),
            SweepAxis::KernelSize => format!("closed form 1/N + 1/k², N = {}", self.n),
            SweepAxis::OutChannels => format!("closed form 1/N + 1/k², k² = {}", self.k2),
        }
    }

    /// Groups and out_channels are spread on a log2 axis, kernel size on a linear one.
    fn log_x(&self) -> bool {
        self.axis != SweepAxis::KernelSize
    }
}

fn divisors(n: usize) -> Vec<usize> {
    (1..=n).filter(|d| n % d == 0).collect()
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Computes the sweep for the current setting. Points that do not validate (a
/// kernel larger than the padded input, say) are left out. Only costs are
/// computed, nothing is allocated, so no resource limit applies.
pub fn series(setting: &Setting, bias: bool, axis: SweepAxis, unit: Unit, log_y: bool) -> Sweep {
    let base = Conv2dSpec {
        bias,
        ..setting.base.clone()
    };
    let limits = Limits::unlimited();
    let [kh, kw] = base.kernel_size.pair();
    let n = base.out_channels;
    let build = |spec: &Conv2dSpec| {
        Comparison::build(spec, setting.input, setting.multiplier, &limits).ok()
    };
    let mut separable_ratio = None;
    let (kind, current, points): (ConvKind, Option<usize>, Vec<SweepPoint>) = match axis {
        SweepAxis::Groups => {
            let standard = PlannedLayer::plan(
                &Conv2dSpec {
                    groups: 1,
                    ..base.clone()
                },
                setting.input,
                &limits,
            )
            .ok()
            .map(|p| unit.of(&p.cost));
            if let Some(c) = build(&base) {
                separable_ratio = Some(ratio(
                    unit.of(&c.separable.cost()),
                    unit.of(&c.standard.cost()),
                ));
            }
            let points = divisors(gcd(base.in_channels, base.out_channels))
                .into_iter()
                .filter_map(|g| {
                    let spec = Conv2dSpec {
                        groups: g,
                        ..base.clone()
                    };
                    let p = PlannedLayer::plan(&spec, setting.input, &limits).ok()?;
                    let standard = standard?;
                    let value = unit.of(&p.cost);
                    Some(SweepPoint {
                        x: g,
                        value,
                        standard,
                        ratio: ratio(value, standard),
                        closed_form: 1.0 / g as f64,
                    })
                })
                .collect();
            (ConvKind::Grouped, Some(base.groups), points)
        }
        SweepAxis::KernelSize => {
            let mut ks = vec![1, 3, 5, 7, 9, 11];
            let current = (kh == kw).then_some(kh);
            ks.extend(current);
            ks.sort_unstable();
            ks.dedup();
            let points = ks
                .into_iter()
                .filter_map(|k| {
                    let spec = Conv2dSpec {
                        kernel_size: IntOrPair::Int(k),
                        groups: 1,
                        ..base.clone()
                    };
                    separable_point(build(&spec)?, k, closed_form_separable(n, k * k), unit)
                })
                .collect();
            (ConvKind::Separable, current, points)
        }
        SweepAxis::OutChannels => {
            let mut ns: Vec<usize> = (0..=10).map(|e| 1usize << e).collect();
            ns.push(n);
            ns.sort_unstable();
            ns.dedup();
            let points = ns
                .into_iter()
                .filter_map(|out| {
                    let spec = Conv2dSpec {
                        out_channels: out,
                        groups: 1,
                        ..base.clone()
                    };
                    separable_point(
                        build(&spec)?,
                        out,
                        closed_form_separable(out, kh * kw),
                        unit,
                    )
                })
                .collect();
            (ConvKind::Separable, Some(n), points)
        }
    };
    Sweep {
        axis,
        unit,
        bias,
        multiplier: setting.multiplier,
        kind,
        points,
        current,
        n,
        k2: kh * kw,
        separable_ratio,
        log_y,
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn separable_point(c: Comparison, x: usize, closed_form: f64, unit: Unit) -> Option<SweepPoint> {
    let value = unit.of(&c.separable.cost());
    let standard = unit.of(&c.standard.cost());
    Some(SweepPoint {
        x,
        value,
        standard,
        ratio: ratio(value, standard),
        closed_form,
    })
}

/// Draws the computed points over the closed-form curve; returns the transform
/// from pixels to (plot-space x, plot-space ratio).
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    s: &Sweep,
    look: &Look,
) -> Result<impl PixelToData, DrawError<DB>> {
    let root = backend.into_drawing_area();
    root.fill(&look.background())?;
    let (top, body) = root.split_vertically(look.px(26.0));
    let kind_color = palette::kind_color(s.kind);
    let computed = format!("{} ÷ standard, computed", s.kind.name());
    let items = vec![
        (kind_color, computed),
        (palette::THEORY, s.closed_form_label()),
    ];
    let assumptions = if s.axis == SweepAxis::Groups {
        ""
    } else {
        "(assumes multiplier 1, no bias)"
    };
    legend(&top, &items, assumptions, look)?;

    let fx = |x: f64| if s.log_x() { x.log2() } else { x };
    let xs: Vec<f64> = s.points.iter().map(|p| p.x as f64).collect();
    let x_min = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let x_max = xs.iter().copied().fold(0.0, f64::max);
    let (x_min, x_max) = if x_min.is_finite() && x_max > x_min {
        (x_min, x_max)
    } else {
        (1.0, 2.0)
    };
    let pad = (fx(x_max) - fx(x_min)) * 0.04;
    let xr = (fx(x_min) - pad)..(fx(x_max) + pad);

    let ratios = s
        .points
        .iter()
        .flat_map(|p| [p.ratio, p.closed_form])
        .chain(s.separable_ratio)
        .filter(|r| *r > 0.0);
    let r_min = ratios.clone().fold(1.0, f64::min);
    let r_max = ratios.fold(1.0, f64::max);
    let fy = |r: f64| if s.log_y { r.max(1e-9).log10() } else { r };
    let yr = if s.log_y {
        r_min.log10().floor()..(r_max.log10() + 0.15)
    } else {
        0.0..(r_max * 1.08)
    };

    let x_desc = match s.axis {
        SweepAxis::Groups => "groups (1 = standard … C_in = depthwise)",
        SweepAxis::KernelSize => "kernel_size k (square)",
        SweepAxis::OutChannels => "out_channels N",
    };
    let y_desc = format!("{} ÷ standard", s.unit.label());
    let mut chart = ChartBuilder::on(&body)
        .margin(look.px(8.0))
        .x_label_area_size(look.px(40.0))
        .y_label_area_size(look.px(54.0))
        .build_cartesian_2d(xr.clone(), yr.clone())?;
    let log_x = s.log_x();
    let log_y = s.log_y;
    let x_fmt = move |x: &f64| {
        if log_x {
            if (x - x.round()).abs() < 1e-6 {
                format!("{}", 2f64.powf(x.round()))
            } else {
                String::new()
            }
        } else if (x - x.round()).abs() < 1e-6 {
            format!("{}", x.round())
        } else {
            String::new()
        }
    };
    let y_fmt = move |y: &f64| {
        if log_y {
            if (y - y.round()).abs() < 1e-6 {
                super::short_f64(10f64.powf(y.round()))
            } else {
                String::new()
            }
        } else {
            format!("{:.0}%", y * 100.0)
        }
    };
    chart
        .configure_mesh()
        .x_labels(12)
        .y_labels(8)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(look.muted_font(12.0))
        .axis_desc_style(look.muted_font(12.0))
        .axis_style(look.muted())
        .bold_line_style(look.grid())
        .light_line_style(TRANSPARENT)
        .draw()?;

    // The closed form as a smooth curve over the whole x range.
    let steps = 200;
    let curve = (0..=steps).map(|i| {
        let t = xr.start + (xr.end - xr.start) * i as f64 / steps as f64;
        let x = if log_x { 2f64.powf(t) } else { t };
        (t, fy(s.closed_form_at(x.max(0.5))))
    });
    chart.draw_series(LineSeries::new(
        curve.filter(|(_, y)| *y >= yr.start && *y <= yr.end),
        palette::THEORY.stroke_width(look.px(2.0)),
    ))?;

    if let Some(r) = s.separable_ratio {
        let y = fy(r);
        chart.draw_series(LineSeries::new(
            [(xr.start, y), (xr.end, y)],
            palette::POINTWISE.stroke_width(look.px(1.5)),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            format!("separable here: {:.1}%", r * 100.0),
            (xr.end, y),
            look.font(11.0).pos(Pos::new(HPos::Right, VPos::Bottom)),
        )))?;
    }

    let radius = look.px(4.0);
    chart.draw_series(
        s.points
            .iter()
            .map(|p| Circle::new((fx(p.x as f64), fy(p.ratio)), radius, kind_color.filled())),
    )?;
    if let Some(p) = s.points.iter().find(|p| Some(p.x) == s.current) {
        let at = (fx(p.x as f64), fy(p.ratio));
        chart.draw_series(std::iter::once(Circle::new(
            at,
            look.px(8.0),
            look.ink().stroke_width(look.px(1.5)),
        )))?;
        chart.draw_series(std::iter::once(
            EmptyElement::at(at)
                + Text::new(
                    format!("current: {:.1}%", p.ratio * 100.0),
                    (look.px(10.0) as i32, -(look.px(10.0) as i32)),
                    look.font(12.0).pos(Pos::new(HPos::Left, VPos::Bottom)),
                ),
        ))?;
    }
    root.present()?;
    Ok(chart.into_coord_trans())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{compute, Field, Fields};

    fn setting(edits: &[(Field, &str)], bias: bool) -> Setting {
        let mut f = Fields::default();
        f.bias = bias;
        for (field, v) in edits {
            f.set(*field, v.to_string());
        }
        compute(&f).unwrap().setting
    }

    #[test]
    fn groups_sweep_runs_from_standard_to_depthwise() {
        let s = setting(&[], false);
        let sw = series(&s, false, SweepAxis::Groups, Unit::Macs, false);
        let xs: Vec<usize> = sw.points.iter().map(|p| p.x).collect();
        assert_eq!(xs, vec![1, 2, 4, 8]);
        assert_eq!(sw.points[0].value, 16 * 8 * 9 * 1024);
        assert_eq!(sw.points[3].value, 16 * 9 * 1024);
        for p in &sw.points {
            assert!((p.ratio - p.closed_form).abs() < 1e-12, "{p:?}");
        }
        assert_eq!(sw.current, Some(2));
        let sep = sw.separable_ratio.unwrap();
        assert!((sep - closed_form_separable(16, 9)).abs() < 1e-12);
    }

    #[test]
    fn groups_need_to_divide_both_channel_counts() {
        let s = setting(
            &[
                (Field::InChannels, "12"),
                (Field::OutChannels, "18"),
                (Field::Groups, "3"),
            ],
            false,
        );
        let sw = series(&s, false, SweepAxis::Groups, Unit::Macs, false);
        let xs: Vec<usize> = sw.points.iter().map(|p| p.x).collect();
        assert_eq!(xs, vec![1, 2, 3, 6]);
    }

    #[test]
    fn kernel_and_out_channel_sweeps_match_the_closed_form_without_bias() {
        let s = setting(&[], false);
        let k = series(&s, false, SweepAxis::KernelSize, Unit::Macs, false);
        let xs: Vec<usize> = k.points.iter().map(|p| p.x).collect();
        // padding 1 on 32x32: every odd kernel up to 11 fits.
        assert_eq!(xs, vec![1, 3, 5, 7, 9, 11]);
        for p in &k.points {
            assert!((p.ratio - closed_form_separable(16, p.x * p.x)).abs() < 1e-12);
        }
        let n = series(&s, false, SweepAxis::OutChannels, Unit::Macs, true);
        assert_eq!(n.points.len(), 11);
        assert_eq!(n.points[0].x, 1);
        assert_eq!(n.points.last().unwrap().x, 1024);
        for p in &n.points {
            assert!((p.ratio - p.closed_form).abs() < 1e-12, "{p:?}");
        }
    }

    #[test]
    fn with_bias_flops_leave_the_closed_form() {
        let s = setting(&[], true);
        let k = series(&s, true, SweepAxis::KernelSize, Unit::Flops, false);
        let p = k.points.iter().find(|p| p.x == 3).unwrap();
        assert!(p.ratio > p.closed_form);
    }

    #[test]
    fn svg_shows_points_curve_and_current() {
        let s = setting(&[], false);
        let sw = series(&s, false, SweepAxis::KernelSize, Unit::Macs, false);
        let mut svg = String::new();
        let _ = draw(
            SVGBackend::with_string(&mut svg, (800, 320)),
            &sw,
            &Look::default(),
        )
        .unwrap();
        assert!(svg.contains("closed form 1/N + 1/k², N = 16"));
        assert!(svg.contains("(assumes multiplier 1, no bias)"));
        assert!(crate::plot::svg_has_text(&svg, "current: 17.4%"));
        assert_eq!(svg.matches("<circle").count(), 6 + 1);
        assert!(svg.contains("<polyline"));
    }
}
