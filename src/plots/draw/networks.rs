//! Whole networks side by side: one bar per network, stacked by kind of
//! layer, for the cost (MACs or FLOPs) in the first panel and the parameters
//! in the second. "Where does MobileNetV2 spend its 300M multiply-adds" is
//! the pointwise share of its bar; "why is ShuffleNetV2 cheaper", its bar's
//! height against the others. The numbers are `crate::plots::model::networks`'.

use plotters::prelude::*;

use super::palette::{self, Look};
use super::{
    bar_chart, legend, narrow, panels, short_sig, stacked_bar, Area, DrawError, ValueAxis,
};
use crate::plots::model::networks::{ByKind, KINDS};
use crate::plots::text::PlotsText as Messages;
use crate::state::plot_settings::Unit;

/// Draws both panels of `nets` (at least one).
pub fn draw<DB: DrawingBackend>(
    backend: DB,
    nets: &[ByKind],
    unit: Unit,
    look: &Look,
    t: &dyn Messages,
) -> Result<(), DrawError<DB>> {
    let root = backend.into_drawing_area();
    root.fill(&look.background())?;
    let items: Vec<(RGBColor, String)> = KINDS
        .iter()
        .map(|k| (palette::layer_color(*k), t.layer_kind(*k).to_string()))
        .collect();
    let body = legend(&root, &items, &t.networks_legend_note(unit), look)?;
    let (left, right) = panels(&body, (0.5, 0.5));
    let short = narrow(&body, 0.5, nets.len(), look);
    let labels: Vec<String> = nets.iter().map(|n| bar_label(n, short)).collect();
    let cost = |n: &ByKind| n.cost;
    stacks(
        &left,
        nets,
        &labels,
        (t.networks_cost_caption(unit), unit.label()),
        cost,
        look,
    )?;
    let params = |n: &ByKind| n.params;
    stacks(
        &right,
        nets,
        &labels,
        (t.networks_params_caption(), ""),
        params,
        look,
    )?;
    root.present()?;
    Ok(())
}

/// A bar's name: the network's, cut short on a narrow canvas.
fn bar_label(n: &ByKind, short: bool) -> String {
    let name = n.label.as_str();
    if short && name.chars().count() > 9 {
        let cut: String = name.chars().take(8).collect();
        format!("{cut}…")
    } else {
        name.to_string()
    }
}

/// One panel: each network's bar stacked by kind, with each part's share where
/// it is tall enough to hold it, and the total above.
fn stacks<DB: DrawingBackend>(
    area: &Area<DB>,
    nets: &[ByKind],
    labels: &[String],
    (caption, y_desc): (&str, &str),
    values: impl Fn(&ByKind) -> [u64; 5],
    look: &Look,
) -> Result<(), DrawError<DB>> {
    let totals: Vec<u64> = nets.iter().map(|n| values(n).iter().sum()).collect();
    let axis = ValueAxis::fit(totals.iter().map(|v| *v as f64), false);
    let mut chart = bar_chart(area, caption, y_desc, labels, axis, look)?;
    for (i, n) in nets.iter().enumerate() {
        let (x, parts, total) = (i as f64, values(n), totals[i]);
        let kinds: Vec<_> = KINDS.iter().copied().zip(parts).collect();
        stacked_bar(&mut chart, x, &kinds, (short_sig(total), 0), look)?;
        if n.own {
            let top = axis.at(total as f64);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - 0.4, axis.base()), (x + 0.4, top)],
                look.ink().stroke_width(look.px(2.0)),
            )))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plots::model::networks::short_name;
    use crate::plots::text::plots_text;
    use crate::state::lang::Lang;
    use conv_core::presets::{by_name, PresetArgs};

    fn compared() -> Vec<ByKind> {
        ["mobilenet-v2", "shufflenet-v2-x1.0", "resnet-50"]
            .iter()
            .map(|n| {
                let net = by_name(n, &PresetArgs::default()).unwrap();
                ByKind::of(short_name(&net.description), false, &net, Unit::Macs, None)
            })
            .collect()
    }

    /// Each network's total is written above its bar, in both panels, and the
    /// kinds are named in the legend, in both languages.
    #[test]
    fn both_panels_carry_every_network_and_the_kinds() {
        let nets = compared();
        for lang in [Lang::En, Lang::Zh] {
            let mut svg = String::new();
            let backend = SVGBackend::with_string(&mut svg, (900, 360));
            draw(
                backend,
                &nets,
                Unit::Macs,
                &Look::default(),
                plots_text(lang),
            )
            .unwrap();
            for n in &nets {
                assert!(
                    crate::plots::draw::svg_has_text(&svg, &n.label),
                    "{}",
                    n.label
                );
                assert!(crate::plots::draw::svg_has_text(
                    &svg,
                    &short_sig(n.total_cost())
                ));
                assert!(crate::plots::draw::svg_has_text(
                    &svg,
                    &short_sig(n.total_params())
                ));
            }
            let pw = plots_text(lang).layer_kind(conv_core::presets::LayerKind::Pointwise);
            assert!(crate::plots::draw::svg_has_text(&svg, pw), "{lang:?}");
        }
    }
}
