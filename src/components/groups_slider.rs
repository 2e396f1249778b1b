//! The groups slider: every valid number of groups for C_in (and C_out), from
//! standard (1) through grouped to depthwise (C_in). Moving it loads that
//! grouped layer, so the picture and the cost readout change live.

use yew::prelude::*;

use crate::format::short;
use crate::hooks::use_text::use_text;
use conv_core::ConvKind;

#[derive(Properties, PartialEq)]
pub struct GroupsSliderProps {
    /// Valid groups, ascending (divisors of both channel counts).
    pub options: Vec<usize>,
    /// The groups of the layer on screen.
    pub groups: usize,
    pub in_channels: usize,
    /// MACs and parameters of the layer on screen.
    pub macs: u64,
    pub params: u64,
    pub on_change: Callback<usize>,
}

/// The kind a grouped layer with `g` groups over `c_in` channels is.
fn kind_at(g: usize, c_in: usize) -> ConvKind {
    if g == 1 {
        ConvKind::Standard
    } else if g == c_in {
        ConvKind::Depthwise
    } else {
        ConvKind::Grouped
    }
}

#[function_component(GroupsSlider)]
pub fn groups_slider(props: &GroupsSliderProps) -> Html {
    let t = use_text();
    let n = props.options.len();
    if n < 2 {
        return html! {};
    }
    let index = props.options.iter().position(|&g| g == props.groups);
    let oninput = {
        let (options, cb) = (props.options.clone(), props.on_change.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(&g) = input
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| options.get(i))
            {
                cb.emit(g);
            }
        })
    };
    // Against the standard layer with the same channels: exactly 1/groups.
    let of_standard = t.slider_ratio(props.groups);
    let kind = t.kind_name(kind_at(props.groups, props.in_channels));
    let list: Vec<String> = props.options.iter().map(|g| g.to_string()).collect();
    html! {
        <div class="groups-slider">
            <label for="groups-slider">{ t.slider_label() }<b>{ props.groups }</b>
                <small>{ format!(" ({kind})") }</small></label>
            <span class="slide">
                <span class="end">{ t.kind_name(ConvKind::Standard) }</span>
                <input id="groups-slider" type="range" data-testid="groups-slider" min="0" max={(n - 1).to_string()} step="1"
                    value={index.unwrap_or(0).to_string()} {oninput}
                    aria-valuetext={format!("groups {} ({kind})", props.groups)}
                    title={t.slider_options(&list.join(", "))} />
                <span class="end">{ t.kind_name(ConvKind::Depthwise) }</span>
            </span>
            <span class="readout" data-testid="groups-readout" data-macs={props.macs.to_string()} data-params={props.params.to_string()}>
                { t.slider_readout(&short(props.macs), &of_standard, &short(props.params)) }
            </span>
        </div>
    }
}
