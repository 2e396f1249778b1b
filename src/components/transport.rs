//! Play/pause, step back/forward, the scrub slider and speed. Every control is
//! a native button, range or select (so Tab, Enter, Space and the arrows work),
//! labelled in the page's language; the page-wide keys (Space, ←, →) are
//! `use_timeline`'s.

use yew::prelude::*;

use crate::hooks::use_text::use_text;
use groupwise_core::picture::timeline::SPEEDS;

#[derive(Properties, PartialEq)]
pub struct TransportProps {
    pub playing: bool,
    pub position: f64,
    pub max: f64,
    pub speed: f64,
    /// The current step (1-based) and how many there are, for the slider's spoken value.
    pub step: usize,
    pub steps: usize,
    pub on_toggle: Callback<()>,
    pub on_back: Callback<()>,
    pub on_forward: Callback<()>,
    pub on_scrub: Callback<f64>,
    pub on_speed: Callback<f64>,
}

/// Pictograms beside the buttons' words, hidden from screen readers.
const BACK: &str = "← ";
const FORWARD: &str = " →";
const PLAY: &str = "▶ ";

#[function_component(Transport)]
pub fn transport(props: &TransportProps) -> Html {
    let t = use_text();
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
    // The play button says what it will do; its name changes with it (no aria-pressed,
    // which would pair "Pause" with "pressed").
    let play = if props.playing { t.pause() } else { t.play() };
    html! {
        <div class="transport" role="group" aria-label={t.transport_label()}>
            <button type="button" data-testid="step-back" onclick={click(&props.on_back)} title={t.step_back_hint()}>
                <span aria-hidden="true">{ BACK }</span>{ t.step_back() }
            </button>
            <button type="button" data-testid="play" onclick={click(&props.on_toggle)} title={t.play_hint()}
                data-playing={props.playing.to_string()} class="play">
                if !props.playing { <span aria-hidden="true">{ PLAY }</span> }{ play }
            </button>
            <button type="button" data-testid="step-forward" onclick={click(&props.on_forward)} title={t.step_forward_hint()}>
                { t.step_forward() }<span aria-hidden="true">{ FORWARD }</span>
            </button>
            <input type="range" data-testid="scrub" aria-label={t.scrub_label()} min="0" max={props.max.to_string()}
                step="0.01" value={format!("{:.2}", props.position)} aria-valuetext={t.step_of(props.step, props.steps)}
                {oninput} />
            <label class="speed">{ t.speed() }
                <select data-testid="speed" {onchange}>
                    { for SPEEDS.iter().map(|&s| html! {
                        <option value={s.to_string()} selected={s == props.speed}>{ format!("{s}×") }</option>
                    }) }
                </select>
            </label>
        </div>
    }
}
