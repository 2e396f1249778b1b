//! "Computing… 1.4 s": shown while a job runs longer than about 200 ms.

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::hooks::use_text::use_text;

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// `Date.now()` when the job started (`JobStatus::started_ms`).
    pub started_ms: f64,
}

/// A live status line with the elapsed seconds, ticking ten times a second.
#[function_component]
pub fn Progress(props: &ProgressProps) -> Html {
    let t = use_text();
    let now = use_state(js_sys::Date::now);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let tick = Interval::new(100, move || now.set(js_sys::Date::now()));
            move || drop(tick)
        });
    }
    let seconds = ((*now - props.started_ms) / 1000.0).max(0.0);
    html! {
        <div class="progress" data-testid="progress" role="status" aria-live="polite"
             data-elapsed={format!("{seconds:.1}")}>
            <span class="spinner" aria-hidden="true"></span>
            // Said once; the ticking seconds are for the eye only.
            { t.computing() }{ " " }<span aria-hidden="true">{ t.seconds(seconds) }</span>
        </div>
    }
}
