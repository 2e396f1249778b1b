//! Play/pause, step back/forward, the scrub slider and speed.

use yew::prelude::*;

use crate::state::timeline::SPEEDS;

#[derive(Properties, PartialEq)]
pub struct TransportProps {
    pub playing: bool,
    pub position: f64,
    pub max: f64,
    pub speed: f64,
    pub on_toggle: Callback<()>,
    pub on_back: Callback<()>,
    pub on_forward: Callback<()>,
    pub on_scrub: Callback<f64>,
    pub on_speed: Callback<f64>,
}

#[function_component(Transport)]
pub fn transport(props: &TransportProps) -> Html {
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let on_scrub = props.on_scrub.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        if let Ok(v) = input.value().parse::<f64>() {
            on_scrub.emit(v);
        }
    });
    let on_speed = props.on_speed.clone();
    let onchange = Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Ok(v) = select.value().parse::<f64>() {
            on_speed.emit(v);
        }
    });
    html! {
        <div class="transport" role="group" aria-label="Animation">
            <button type="button" data-testid="step-back" onclick={click(&props.on_back)} title="Step back (←)" aria-label="Step back">{"← Back"}</button>
            <button type="button" data-testid="play" onclick={click(&props.on_toggle)} title="Play or pause (Space)"
                aria-pressed={props.playing.to_string()} class="play">
                { if props.playing { "Pause" } else { "▶ Play" } }
            </button>
            <button type="button" data-testid="step-forward" onclick={click(&props.on_forward)} title="Step forward (→)" aria-label="Step forward">{"Next →"}</button>
            <input type="range" data-testid="scrub" aria-label="Position in the animation" min="0" max={props.max.to_string()}
                step="0.01" value={format!("{:.2}", props.position)} {oninput} />
            <label class="speed">{"speed "}
                <select {onchange} aria-label="Speed">
                    { for SPEEDS.iter().map(|&s| html! {
                        <option value={s.to_string()} selected={s == props.speed}>{ format!("{s}×") }</option>
                    }) }
                </select>
            </label>
        </div>
    }
}
