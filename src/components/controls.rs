//! The data controls beside the layer form: seed, input source and weight preset.

use conv_core::weights::WeightPreset;
use yew::prelude::*;

use crate::hooks::use_text::use_text;
use crate::state::{InputKind, SeedError};

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub seed_text: String,
    pub seed_error: Option<SeedError>,
    pub input: InputKind,
    pub weights: WeightPreset,
    pub on_seed: Callback<String>,
    pub on_input: Callback<InputKind>,
    pub on_weights: Callback<WeightPreset>,
    /// The image picker (from the compute side), shown when the input is "your image".
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let t = use_text();
    let on_seed = props.on_seed.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        on_seed.emit(input.value());
    });
    let on_input = props.on_input.clone();
    let on_source = Callback::from(move |e: Event| {
        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Some(k) = InputKind::from_name(&s.value()) {
            on_input.emit(k);
        }
    });
    let on_weights = props.on_weights.clone();
    let on_preset = Callback::from(move |e: Event| {
        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Some(w) = WeightPreset::from_name(&s.value()) {
            on_weights.emit(w);
        }
    });
    html! {
        <div class="fields data-controls">
            <div class={classes!("field", props.seed_error.is_some().then_some("invalid"))}>
                <label for="field-seed">{ t.seed_label() }</label>
                <input id="field-seed" data-testid="field-seed" type="text" inputmode="numeric" spellcheck="false"
                    autocomplete="off" value={props.seed_text.clone()} {oninput} title={t.seed_hint()}
                    aria-invalid={props.seed_error.is_some().to_string()} />
                if let Some(e) = &props.seed_error {
                    <p class="alert" role="alert" data-testid="error">{ t.seed_error(e) }</p>
                }
            </div>
            <div class="field">
                <label for="field-input">{ t.input_label() }</label>
                <select id="field-input" data-testid="field-input" onchange={on_source}>
                    { for InputKind::ALL.into_iter().map(|k| html! {
                        <option value={k.name()} selected={k == props.input}>{ t.input_source(k) }</option>
                    }) }
                </select>
            </div>
            <div class="field">
                <label for="field-weights">{ t.weights_label() }</label>
                <select id="field-weights" data-testid="field-weights" onchange={on_preset}>
                    { for WeightPreset::ALL.into_iter().map(|w| html! {
                        <option value={w.name()} selected={w == props.weights}>{ t.weight_preset(w) }</option>
                    }) }
                </select>
            </div>
            { props.children.clone() }
        </div>
    }
}
