//! The cost formulas with the current numbers substituted, and each kind's
//! reduction against standard convolution.

use conv_core::{Comparison, ConvKind, PlannedLayer};
use yew::prelude::*;

use crate::format::thousands;
use crate::plots::model::cost::Part;
use crate::plots::model::sweep::closed_form_separable;
use crate::plots::text::PlotsText;
use crate::plots::view::use_plots_text;
use crate::state::plot_settings::Unit;

/// One kind's formulas, one line each.
#[derive(Debug, Clone, PartialEq)]
pub struct KindFormulas {
    pub kind: ConvKind,
    pub lines: Vec<String>,
    /// This kind's cost over standard's, in the chosen unit.
    pub ratio: f64,
}

/// One layer's three formulas; `prefix` names the part, `params` the parameters.
fn stage_lines(prefix: &str, params: &str, s: &PlannedLayer) -> Vec<String> {
    let l = &s.layer;
    let o = s.geometry.output;
    let [kh, kw] = l.kernel;
    let cin_g = l.in_per_group();
    let mut lines = vec![format!(
        "{prefix}MACs = N·C_out·(C_in/g)·kH·kW·H_out·W_out = {}·{}·{}·{}·{}·{}·{} = {}",
        o.n,
        o.c,
        cin_g,
        kh,
        kw,
        o.h,
        o.w,
        thousands(s.cost.macs)
    )];
    if l.bias {
        lines.push(format!(
            "{prefix}FLOPs = 2·MACs + N·C_out·H_out·W_out = 2·{} + {}·{}·{}·{} = {}",
            thousands(s.cost.macs),
            o.n,
            o.c,
            o.h,
            o.w,
            thousands(s.cost.flops)
        ));
        lines.push(format!(
            "{prefix}{params} = C_out·(C_in/g)·kH·kW + C_out = {}·{}·{}·{} + {} = {}",
            l.out_channels,
            cin_g,
            kh,
            kw,
            l.out_channels,
            thousands(s.cost.params)
        ));
    } else {
        lines.push(format!(
            "{prefix}FLOPs = 2·MACs = {}",
            thousands(s.cost.flops)
        ));
        lines.push(format!(
            "{prefix}{params} = C_out·(C_in/g)·kH·kW = {}·{}·{}·{} = {}",
            l.out_channels,
            cin_g,
            kh,
            kw,
            thousands(s.cost.params)
        ));
    }
    lines
}

/// Every kind's formulas for a comparison, in the words of `t`.
pub fn formulas(c: &Comparison, unit: Unit, t: &dyn PlotsText) -> Vec<KindFormulas> {
    let std = unit.of(&c.standard.cost()) as f64;
    let params = t.params_symbol();
    ConvKind::ALL
        .iter()
        .map(|kind| {
            let plan = c.get(*kind);
            let mut lines = Vec::new();
            if *kind == ConvKind::Separable && plan.stages.len() == 2 {
                let [dw, pw] = [&plan.stages[0], &plan.stages[1]];
                lines.extend(stage_lines(t.formula_part(Part::Depthwise), params, dw));
                lines.extend(stage_lines(t.formula_part(Part::Pointwise), params, pw));
                let total = plan.cost();
                lines.push(t.formula_total(dw.cost.macs, pw.cost.macs, total.macs, total.params));
            } else if let Some(s) = plan.stages.first() {
                lines.extend(stage_lines("", params, s));
            }
            let v = unit.of(&plan.cost()) as f64;
            KindFormulas {
                kind: *kind,
                lines,
                ratio: if std > 0.0 { v / std } else { 0.0 },
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct FormulaPanelProps {
    pub comparison: Comparison,
    pub unit: Unit,
}

#[function_component(FormulaPanel)]
pub fn formula_panel(props: &FormulaPanelProps) -> Html {
    let t = use_plots_text();
    let c = &props.comparison;
    let closed = c.separable.stages.last().map(|pw| {
        let [kh, kw] = c.standard.stages[0].layer.kernel;
        let n = pw.layer.out_channels;
        t.closed_form_note(n, kh * kw, closed_form_separable(n, kh * kw))
    });
    html! {
        <details class="formulas" open=true>
            <summary>{ t.formulas_summary() }</summary>
            { for formulas(c, props.unit, t).into_iter().map(|f| html! {
                <div class="formula" data-testid={format!("formula-{}", f.kind.name())}>
                    <h4>{ t.kind_title(f.kind) }
                        <small>{ t.formula_share(f.ratio, props.unit) }</small></h4>
                    { for f.lines.iter().map(|l| html! { <code>{ l }</code> }) }
                </div>
            }) }
            if let Some(text) = closed { <p class="closed-form">{ text }</p> }
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use conv_core::{Conv2dSpec, Limits, Nchw};

    #[test]
    fn numbers_are_substituted() {
        let base = Conv2dSpec {
            padding: conv_core::Padding::Explicit([1, 1]),
            groups: 2,
            bias: false,
            ..Conv2dSpec::new(8, 16, 3)
        };
        let c = Comparison::build(&base, Nchw::new(1, 8, 32, 32), 1, &Limits::default()).unwrap();
        let f = formulas(
            &c,
            Unit::Macs,
            crate::plots::text::plots_text(crate::state::lang::Lang::En),
        );
        assert_eq!(
            f[1].lines[0],
            "MACs = N·C_out·(C_in/g)·kH·kW·H_out·W_out = 1·16·4·3·3·32·32 = 589,824"
        );
        assert_eq!(f[1].ratio, 0.5);
        assert_eq!(
            f[0].lines[2],
            "params = C_out·(C_in/g)·kH·kW = 16·8·3·3 = 1,152"
        );
        let sep = &f[3];
        assert!(sep.lines[0].starts_with("depthwise part: MACs = "));
        assert_eq!(
            sep.lines.last().unwrap(),
            "total: MACs = 73,728 + 131,072 = 204,800, params = 200"
        );
        assert!((sep.ratio - (1.0 / 16.0 + 1.0 / 9.0)).abs() < 1e-12);
    }
}
