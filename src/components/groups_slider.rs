//! The groups slider: every valid number of groups for C_in (and C_out), from
//! standard (1) through grouped to depthwise (C_in). Moving it loads that
//! grouped layer, so the picture and the cost readout change live.

use yew::prelude::*;

use crate::format::short;

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

fn kind_at(g: usize, c_in: usize) -> &'static str {
    if g == 1 {
        "standard"
    } else if g == c_in {
        "depthwise"
    } else {
        "grouped"
    }
}

#[function_component(GroupsSlider)]
pub fn groups_slider(props: &GroupsSliderProps) -> Html {
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
    let of_standard = match props.groups {
        1 => "= standard".to_string(),
        g => format!("= 1/{g} of standard"),
    };
    let list: Vec<String> = props.options.iter().map(|g| g.to_string()).collect();
    html! {
        <div class="groups-slider">
            <label for="groups-slider">{"groups "}<b>{ props.groups }</b>
                <small>{ format!(" ({})", kind_at(props.groups, props.in_channels)) }</small></label>
            <span class="slide">
                <span class="end">{"standard"}</span>
                <input id="groups-slider" type="range" data-testid="groups-slider" min="0" max={(n - 1).to_string()} step="1"
                    value={index.unwrap_or(0).to_string()} {oninput}
                    aria-valuetext={format!("groups {} ({})", props.groups, kind_at(props.groups, props.in_channels))}
                    title={format!("valid groups: {}", list.join(", "))} />
                <span class="end">{"depthwise"}</span>
            </span>
            <span class="readout" data-testid="groups-readout" data-macs={props.macs.to_string()} data-params={props.params.to_string()}>
                { format!("{} MACs {of_standard} · {} params", short(props.macs), short(props.params)) }
            </span>
        </div>
    }
}
