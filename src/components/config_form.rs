//! The settings form: every Conv2d parameter, the mode switch and bias.

use yew::prelude::*;

use crate::hooks::use_text::use_text;
use crate::state::{Field, FieldError, Fields, Mode};
use crate::text::Text;
use conv_core::ConvKind;

#[derive(Properties, PartialEq)]
pub struct ConfigFormProps {
    pub fields: Fields,
    pub error: Option<FieldError>,
    pub on_field: Callback<(Field, String)>,
    pub on_mode: Callback<Mode>,
    pub on_bias: Callback<bool>,
    /// Valid groups for the current channel counts (divisors of both), offered
    /// as suggestions; any other value can still be typed.
    #[prop_or_default]
    pub groups_options: Vec<usize>,
    /// While groups is invalid: the valid values nearest to the typed one, as
    /// buttons under the field.
    #[prop_or_default]
    pub groups_suggestions: Vec<usize>,
}

#[function_component(ConfigForm)]
pub fn config_form(props: &ConfigFormProps) -> Html {
    let t = use_text();
    let mode = props.fields.mode;
    let field_error = |f: Field| {
        props
            .error
            .as_ref()
            .filter(|e| e.field == Some(f))
            .map(|e| t.problem(&e.problem))
    };
    html! {
        <form class="config" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <fieldset class="modes">
                <legend>{ t.kinds_legend() }</legend>
                { for ConvKind::ALL.into_iter().map(|kind| view_mode(t, kind, mode, &props.on_mode)) }
            </fieldset>
            <div class="fields">
                { for Field::ALL.into_iter().map(|f| {
                    let disabled = !f.used_by(mode);
                    let suggestions = if f == Field::Groups { &props.groups_suggestions[..] } else { &[] };
                    view_field(t, f, props.fields.get(f), disabled, field_error(f), suggestions, &props.on_field)
                }) }
                <datalist id="groups-options" data-testid="groups-options">
                    { for props.groups_options.iter().map(|g| html! { <option value={g.to_string()} /> }) }
                </datalist>
                <label class="field check">
                    <input type="checkbox" data-testid="field-bias" checked={props.fields.bias}
                        onchange={{
                            let on_bias = props.on_bias.clone();
                            Callback::from(move |e: Event| {
                                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                                on_bias.emit(input.checked());
                            })
                        }} />
                    <span>{ t.bias_label() }</span>
                </label>
            </div>
            if let Some(e) = props.error.as_ref().filter(|e| e.field.is_none()) {
                <p class="alert" role="alert" data-testid="error">{ t.problem(&e.problem) }</p>
            }
        </form>
    }
}

fn view_mode(t: &dyn Text, kind: ConvKind, current: Mode, on_mode: &Callback<Mode>) -> Html {
    let onchange = {
        let on_mode = on_mode.clone();
        Callback::from(move |_: Event| on_mode.emit(kind))
    };
    html! {
        <label class={classes!("mode", (kind == current).then_some("active"))}>
            <input type="radio" name="mode" value={kind.name()} data-testid={format!("mode-{}", kind.name())}
                checked={kind == current} {onchange} />
            <span>{ t.kind_name(kind) }</span>
        </label>
    }
}

/// Fields the focused kind does not use (`disabled`, see [`Field::used_by`]) are
/// dimmed, not disabled: they still set the other rows of the cost table (groups
/// the grouped row, the multiplier the depthwise and separable rows), so they stay
/// editable, and their errors show in those rows rather than here.
fn view_field(
    t: &dyn Text,
    field: Field,
    text: &str,
    disabled: bool,
    error: Option<String>,
    suggestions: &[usize],
    on_field: &Callback<(Field, String)>,
) -> Html {
    let oninput = {
        let on_field = on_field.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            on_field.emit((field, input.value()));
        })
    };
    let id = format!("field-{}", field.key());
    let title = if disabled {
        t.field_unused()
    } else {
        t.field_hint(field)
    };
    let error_id = format!("{id}-error");
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"), (disabled && error.is_none()).then_some("secondary"))}>
            <label for={id.clone()}>{ t.field_label(field) }</label>
            <input id={id.clone()} data-testid={id.clone()} type="text" inputmode="numeric" spellcheck="false"
                list={(field == Field::Groups).then_some("groups-options")}
                autocomplete="off" value={text.to_string()} {title} {oninput}
                aria-invalid={if error.is_some() { "true" } else { "false" }}
                aria-describedby={error.is_some().then(|| error_id.clone())} />
            if let Some(message) = error {
                <p class="alert" role="alert" id={error_id} data-testid="error">{ message }</p>
            }
            { view_suggestions(t, field, suggestions, on_field) }
        </div>
    }
}

/// Buttons that set `field` to one of `values`; nothing when there are none.
fn view_suggestions(
    t: &dyn Text,
    field: Field,
    values: &[usize],
    on_field: &Callback<(Field, String)>,
) -> Html {
    if values.is_empty() {
        return html! {};
    }
    html! {
        <p class="suggest" data-testid={format!("{}-suggest", field.key())}>
            { t.suggest_label() }
            { for values.iter().map(|&v| {
                let onclick = {
                    let on_field = on_field.clone();
                    Callback::from(move |_: MouseEvent| on_field.emit((field, v.to_string())))
                };
                html! {
                    <button type="button" data-testid={format!("{}-suggest-{v}", field.key())}
                        title={t.suggest_title()} {onclick}>{ v }</button>
                }
            }) }
        </p>
    }
}
