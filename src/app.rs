//! The root component: owns the reducer, reads the state from the URL once and
//! keeps the URL current, starts the compute job, and wires the components.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::code_panel::CodePanel;
use crate::components::config_form::ConfigForm;
use crate::components::controls::Controls;
use crate::components::cost_table::CostTable;
use crate::components::groups_slider::GroupsSlider;
use crate::components::image_picker::ImagePicker;
use crate::components::output_stats::OutputStats;
use crate::components::picture::Picture;
use crate::components::plots_host::PlotsHost;
use crate::components::shape_summary::ShapeSummary;
use crate::components::share_dialog::ShareDialog;
use crate::hooks::use_animation_frame::use_after_first_frame;
use crate::hooks::use_conv_job::use_conv_job;
use crate::hooks::use_height_messages::use_height_messages;
use crate::hooks::use_job_request::{use_job_request, use_picked_image, PickedImage};
use crate::hooks::use_text::use_page_lang;
use crate::hooks::use_theme::use_page_theme;
use crate::plots::bridge::PlotsView;
use crate::state::url::{self, Notice};
use crate::state::view::Section;
use crate::state::view::Theme;
use crate::state::{stale_setting, valid_groups, Action, Field, InputKind, Mode, State};
use crate::text::{text, Lang, Text};
use groupwise_core::compute::ResultRef;

/// Query keys read by other parts of the page (not in `url::keys`), which are
/// therefore not reported as unknown: none now (the cost plots' are in the table).
const OTHER_KEYS: &[&str] = &[];

fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Replaces the query string (no new history entry) when it changed.
fn replace_query(query: &str) {
    let Some(w) = web_sys::window() else { return };
    if location_search() == query {
        return;
    }
    let path = w.location().pathname().unwrap_or_default();
    let hash = w.location().hash().unwrap_or_default();
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}{hash}")),
        );
    }
}

/// A callback that dispatches the action `f` makes of its argument.
fn on<T: 'static>(
    state: &UseReducerHandle<State>,
    f: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let d = state.dispatcher();
    Callback::from(move |v: T| d.dispatch(f(v)))
}

/// A checkbox's state from its `change` event.
fn checked(e: Event) -> bool {
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .checked()
}

/// Reads the link once (the state it describes and what in it was unusable)
/// and keeps the URL current: one effect writes every key.
#[hook]
fn use_url_state() -> (UseReducerHandle<State>, Rc<(State, Vec<Notice>)>) {
    let loaded = use_memo((), |_| url::load(&location_search(), OTHER_KEYS));
    let state = {
        let loaded = loaded.clone();
        use_reducer(move || loaded.0.clone())
    };
    let own = url::store(&state, "");
    {
        let state = state.clone();
        use_effect_with(own, move |_| {
            replace_query(&url::store(&state, &location_search()))
        });
    }
    (state, loaded)
}

#[function_component(App)]
pub fn app() -> Html {
    let (state, loaded) = use_url_state();
    let notices = &loaded.1;
    // A fresh page plays through once; a link that names a stage opens there.
    let autoplay = *use_memo((), |_| {
        !url::QueryParams::parse(&location_search())
            .pairs()
            .iter()
            .any(|(k, _)| k == "stage")
    });
    let picked = use_picked_image(state.dispatcher());
    let request = use_job_request(&state, picked.pixels.clone());
    let status = use_conv_job((*request).clone());
    // Stable across renders, so the plots section re-renders only when the result changes.
    let on_load_layer = {
        let d = state.dispatcher();
        use_callback((), move |(spec, input), _| {
            d.dispatch(Action::LoadLayer { spec, input })
        })
    };
    let on_plot = {
        let d = state.dispatcher();
        use_callback((), move |a, _| d.dispatch(Action::Plot(a)))
    };
    use_height_messages();
    // The cost table and the plots' host wait one frame (see the hook), but not
    // in an embed: it has no form to show first, and its first height message
    // to the host page is then its real height.
    let later = use_after_first_frame() || state.view.embed;
    // The plots start only once the first job has ended: before that the page
    // is short, and they would load with it, whether the reader goes there or not.
    let begin = request.is_none() || status.result.is_some() || status.error.is_some();
    let lang = use_page_lang(state.view.lang);
    let theme = use_page_theme(state.view.theme);
    let t = text(lang);
    let view = &state.view;
    html! {
        <ContextProvider<Lang> context={lang}>
        <ContextProvider<Theme> context={theme}>
        // `data-complete`: the parts that wait a frame are there (for tests).
        <main class={classes!("app", view.embed.then_some("embed"))} data-complete={later.then_some("")}>
            if !view.embed {
                { view_header(t, theme, &state) }
            }
            if !notices.is_empty() {
                <div class="notice" role="status" data-testid="url-notice">
                    { for notices.iter().map(|n| html! { <p>{ t.notice(n) }</p> }) }
                </div>
            }
            if view.controls {
                { view_settings(t, &state, &picked) }
            }
            if let (Some(_), Some(last)) = (&state.error, &state.last_valid) {
                <p class="stale-note" role="status" data-testid="stale-note">{ t.stale_note(&stale_setting(&last.setting)) }</p>
            }
            if view.controls {
                <OutputStats status={status.clone()} />
            } else {
                { view_cost_line(t, &state) }
            }
            if let (true, Some(result)) = (view.shows(Section::Picture), status.result.clone()) {
                <Picture result={ResultRef(result.clone())} stage={state.stage} {autoplay} shuffle={state.shuffle}
                    on_stage={on(&state, Action::SetStage)} traced={state.traced} on_trace={on(&state, Action::Trace)}
                    job={(*request).clone()} hold={status.slow}>
                    { view_layer_controls(t, &state) }
                </Picture>
                if !view.embed {
                    <CodePanel result={ResultRef(result)} job={(*request).clone()} />
                }
            }
            if let (true, true, Some(result)) = (later, view.shows(Section::Costs), state.last_valid.clone()) {
                // It scrolls sideways on a phone: focusable, so the keyboard can scroll it.
                <section class="panel results" aria-label={t.results_region()} tabindex="0">
                    <ShapeSummary plan={result.focus().clone()} />
                    <CostTable kinds={state.kinds.clone()} focus={state.fields.mode} />
                </section>
            }
            if later && view.shows(Section::Plots) {
                <PlotsHost view={plots_view(&state, lang, theme)} {begin} {on_plot} {on_load_layer} />
            }
        </main>
        </ContextProvider<Theme>>
        </ContextProvider<Lang>>
    }
}

/// What the plots module is told (`plots::bridge`).
fn plots_view(state: &State, lang: Lang, theme: Theme) -> PlotsView {
    PlotsView {
        fields: state.last_valid.as_ref().map(|c| c.fields.clone()),
        plots: state.plots.clone(),
        lang,
        theme,
    }
}

/// The site's header: name, tagline, the language and theme switches, Share.
fn view_header(t: &dyn Text, theme: Theme, state: &UseReducerHandle<State>) -> Html {
    html! {
        <header>
            <h1>{"Groupwise"}</h1>
            <p class="tagline">{ t.tagline() }</p>
            <div class="header-tools">
                { view_toggles(t, theme, on(state, Action::SetLang), on(state, Action::SetTheme)) }
                <ShareDialog title={share_title(t, state)} />
            </div>
        </header>
    }
}

/// The form and the data controls (seed, input, weights, the user's picture).
fn view_settings(t: &dyn Text, state: &UseReducerHandle<State>, picked: &PickedImage) -> Html {
    let groups_options = {
        let f = &state.fields;
        let n = |k| f.get(k).trim().parse::<usize>().unwrap_or(0);
        valid_groups(n(Field::InChannels), n(Field::OutChannels))
    };
    html! {
        <section class="panel settings" aria-label={t.settings_region()}>
            <ConfigForm fields={state.fields.clone()} error={state.error.clone()}
                on_field={on(state, |(f, v)| Action::SetField(f, v))} on_mode={on(state, Action::SetMode)}
                on_bias={on(state, Action::SetBias)} {groups_options} groups_suggestions={state.groups_suggestions()} />
            <Controls seed_text={state.seed_text.clone()} seed_error={state.seed_error.clone()} input={state.input}
                weights={state.weights} on_seed={on(state, Action::SetSeed)} on_input={on(state, Action::SetInput)}
                on_weights={on(state, Action::SetWeights)}>
                if state.input == InputKind::Image {
                    <div class="field">
                        <ImagePicker onpick={picked.on_pick.clone()} />
                        if let Some(e) = &picked.error { <p class="alert" role="alert">{ t.image_error(e) }</p> }
                    </div>
                }
            </Controls>
        </section>
    }
}

/// The language and theme switches: each names what it switches to.
fn view_toggles(
    t: &dyn Text,
    theme: Theme,
    on_lang: Callback<Lang>,
    on_theme: Callback<Theme>,
) -> Html {
    let to_lang = t.lang().other();
    let to_theme = theme.other();
    html! {
        <>
            <button type="button" class="toggle" data-testid="lang-toggle" lang={to_lang.code()}
                title={t.lang_toggle_label()} onclick={on_lang.reform(move |_| to_lang)}>
                { t.lang_toggle(to_lang) }
            </button>
            <button type="button" class="toggle" data-testid="theme-toggle" data-theme={theme.code()}
                onclick={on_theme.reform(move |_| to_theme)}>
                { t.theme_toggle(to_theme) }
            </button>
        </>
    }
}

/// The iframe title of this view, e.g. "Groupwise: grouped convolution, 8→16, groups 2".
fn share_title(t: &dyn Text, state: &State) -> AttrValue {
    let Some(c) = state.last_valid.as_ref() else {
        return "Groupwise".into();
    };
    let l = &c.focus().stages[0].layer;
    let out = c.focus().output().c;
    t.share_title(c.setting.mode, l.in_channels, out, l.groups)
        .into()
}

/// Without the form (`controls=0`): the layer and its cost in one line.
fn view_cost_line(t: &dyn Text, state: &State) -> Html {
    let Some(c) = state.last_valid.as_ref() else {
        return html! {};
    };
    let cost = c.focus().cost();
    let standard = c
        .kinds
        .get(Mode::Standard)
        .as_ref()
        .map_or(0, |p| p.cost().macs);
    let ratio = if standard == 0 {
        0.0
    } else {
        100.0 * cost.macs as f64 / standard as f64
    };
    let layers = crate::format::layers(c.focus(), t.then());
    html! {
        <p class="cost-line" data-testid="cost-line" data-macs={cost.macs.to_string()} data-params={cost.params.to_string()}>
            <b>{ t.kind_name(c.setting.mode) }</b>
            { t.cost_line(&layers, &crate::format::short(cost.macs), ratio, &crate::format::short(cost.params)) }
        </p>
    }
}

/// Under the picture: the groups slider (with its cost readout) and, for a
/// grouped layer, the channel-shuffle switch.
fn view_layer_controls(t: &dyn Text, state: &UseReducerHandle<State>) -> Html {
    let on_slide = on(state, |(groups, out_channels)| Action::SlideGroups {
        groups,
        out_channels,
    });
    let on_shuffle = on(state, |e: Event| Action::SetShuffle(checked(e)));
    let Some(c) = state.last_valid.as_ref() else {
        return html! {};
    };
    let base = &c.setting.base;
    let focus = c.focus().cost();
    // The slider's family: one layer from in_channels to the layer's outputs
    // (depthwise: in_channels·multiplier), whose cost is 1/groups of standard.
    let out = c.focus().output().c;
    let (groups, slider) = match c.setting.mode {
        Mode::Standard => (1, true),
        Mode::Grouped => (base.groups, true),
        Mode::Depthwise => (base.in_channels, true),
        Mode::Separable => (base.in_channels, false),
    };
    let options = valid_groups(base.in_channels, out);
    let on_change = on_slide.reform(move |g: usize| (g, out));
    html! {
        <div class="layer-controls">
            if slider {
                <GroupsSlider {options} {groups} in_channels={base.in_channels} macs={focus.macs}
                    params={focus.params} {on_change} />
            }
            if c.setting.mode == Mode::Grouped && base.groups > 1 {
                <label class="field check">
                    <input type="checkbox" data-testid="shuffle" checked={state.shuffle} onchange={on_shuffle} />
                    { t.shuffle_switch() }
                </label>
            }
        </div>
    }
}
