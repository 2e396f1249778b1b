//! The settings form: every Conv2d parameter, the mode switch and bias.

use yew::prelude::*;

use crate::state::{Field, FieldError, Fields, Mode};
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
}

#[function_component(ConfigForm)]
pub fn config_form(props: &ConfigFormProps) -> Html {
    let mode = props.fields.mode;
    let field_error = |f: Field| {
        props
            .error
            .as_ref()
            .filter(|e| e.field == Some(f))
            .map(|e| e.message.clone())
    };
    html! {
        <form class="config" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <fieldset class="modes">
                <legend>{"Kind of convolution"}</legend>
                { for ConvKind::ALL.into_iter().map(|kind| view_mode(kind, mode, &props.on_mode)) }
            </fieldset>
            <div class="fields">
                { for Field::ALL.into_iter().map(|f| {
                    let disabled = is_disabled(f, mode);
                    view_field(f, props.fields.get(f), disabled, field_error(f), &props.on_field)
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
                    <span>{"bias"}</span>
                </label>
            </div>
            if let Some(e) = props.error.as_ref().filter(|e| e.field.is_none()) {
                <p class="alert" role="alert" data-testid="error">{ e.message.clone() }</p>
            }
        </form>
    }
}

/// Fields the focused kind does not use are dimmed, not disabled: they still set
/// the other rows of the cost table (groups the grouped row, the multiplier the
/// depthwise and separable rows), so they stay editable and are validated.
fn is_disabled(field: Field, mode: Mode) -> bool {
    match field {
        Field::Groups => matches!(mode, Mode::Standard | Mode::Depthwise | Mode::Separable),
        Field::Multiplier => matches!(mode, Mode::Standard | Mode::Grouped),
        _ => false,
    }
}

fn view_mode(kind: ConvKind, current: Mode, on_mode: &Callback<Mode>) -> Html {
    let onchange = {
        let on_mode = on_mode.clone();
        Callback::from(move |_: Event| on_mode.emit(kind))
    };
    html! {
        <label class={classes!("mode", (kind == current).then_some("active"))}>
            <input type="radio" name="mode" value={kind.name()} data-testid={format!("mode-{}", kind.name())}
                checked={kind == current} {onchange} />
            <span>{ kind.name() }</span>
        </label>
    }
}

fn view_field(
    field: Field,
    text: &str,
    disabled: bool,
    error: Option<String>,
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
        "not used by this kind of convolution, but still by its row in the cost table"
    } else {
        field.hint()
    };
    let error_id = format!("{id}-error");
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"), (disabled && error.is_none()).then_some("secondary"))}>
            <label for={id.clone()}>{ field.label() }</label>
            <input id={id.clone()} data-testid={id.clone()} type="text" inputmode="numeric" spellcheck="false"
                list={(field == Field::Groups).then_some("groups-options")}
                autocomplete="off" value={text.to_string()} {title} {oninput}
                aria-invalid={if error.is_some() { "true" } else { "false" }}
                aria-describedby={error.is_some().then(|| error_id.clone())} />
            if let Some(message) = error {
                <p class="alert" role="alert" id={error_id} data-testid="error">{ message }</p>
            }
        </div>
    }
}
