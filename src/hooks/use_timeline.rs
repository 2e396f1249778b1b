//! `use_timeline`: the animation's playhead for one layer. Holds the pure
//! [`Timeline`], ticks it on animation frames while playing, answers the
//! transport keys (Space, ←, →) anywhere on the page except while typing, plays
//! once on a fresh page, and reports each change of step (not each frame) up.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::use_animation_frame::use_animation_frame;
use groupwise_core::picture::timeline::{Stage, Timeline, TimelineShape};

/// A change to the playhead.
pub type Act = Rc<dyn Fn(&dyn Fn(&mut Timeline))>;

/// The playhead as this render sees it, and the way to move it.
#[derive(Clone)]
pub struct TimelineHandle {
    pub now: Timeline,
    pub act: Act,
}

impl TimelineHandle {
    /// A callback that applies `f` to the timeline.
    pub fn callback<T: 'static>(&self, f: impl Fn(&mut Timeline, T) + 'static) -> Callback<T> {
        let act = self.act.clone();
        let f = Rc::new(f);
        Callback::from(move |v: T| {
            let f = f.clone();
            let v = RefCell::new(Some(v));
            act(&move |t| {
                if let Some(v) = v.borrow_mut().take() {
                    f(t, v)
                }
            })
        })
    }
}

fn media(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Is the key aimed at something that uses it itself (a field, a button, the output view)?
fn owns_keys(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(
                el.tag_name().as_str(),
                "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON"
            ) || el.has_attribute("contenteditable")
                || el.closest("[data-own-keys]").ok().flatten().is_some()
        })
}

/// The playhead for `shape`. `stage` is the root's stage (from a link, or the
/// last reported step); `autoplay` plays through once on first use. While
/// `hold` is set, playing does not move the playhead: a slow job is computing,
/// and each frame of a large picture's animation would take main-thread time
/// (on a 2-core machine, a core) from its workers. It moves on when `hold`
/// clears, from where it stood; the transport still steps and scrubs.
#[hook]
pub fn use_timeline(
    shape: TimelineShape,
    stage: Stage,
    autoplay: bool,
    hold: bool,
    on_stage: Callback<Stage>,
) -> TimelineHandle {
    let timeline = use_mut_ref(|| {
        let mut t = Timeline::new(shape, stage);
        t.set_reduced_motion(media("(prefers-reduced-motion: reduce)"));
        if autoplay {
            t.autoplay();
        }
        t
    });
    // The root's stage as last seen: a change there (a link, a new layer) moves the
    // playhead; the autoplay's own steps are reported up from the first frame.
    let reported = use_mut_ref(|| stage);
    let redraw = use_force_update();
    {
        let mut t = timeline.borrow_mut();
        t.reshape(shape);
        // Follow the root's stage only when it changed there (a link, a new layer),
        // not while our own step change is on its way up.
        if *reported.borrow() != stage {
            *reported.borrow_mut() = stage;
            t.go_to(stage);
        }
    }
    let act: Act = {
        let (timeline, reported) = (timeline.clone(), reported.clone());
        Rc::new(move |f: &dyn Fn(&mut Timeline)| {
            f(&mut timeline.borrow_mut());
            let after = timeline.borrow().stage();
            if after != *reported.borrow() {
                *reported.borrow_mut() = after;
                on_stage.emit(after);
            }
            redraw.force_update();
        })
    };
    let playing = timeline.borrow().playing();
    {
        let act = act.clone();
        use_animation_frame(
            playing && !hold,
            Callback::from(move |dt: f64| {
                act(&|t| {
                    t.tick(dt);
                })
            }),
        );
    }
    {
        let act = act.clone();
        use_effect_with((), move |_| {
            // Not passive: Space must not also scroll the page.
            let opts = EventListenerOptions::enable_prevent_default();
            let doc = gloo::utils::document();
            let listener = EventListener::new_with_options(&doc, "keydown", opts, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if owns_keys(e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                match e.key().as_str() {
                    " " => act(&|t| t.toggle_play()),
                    "ArrowRight" => act(&|t| t.step_forward()),
                    "ArrowLeft" => act(&|t| t.step_back()),
                    _ => return,
                }
                e.prevent_default();
            });
            move || drop(listener)
        });
    }
    let now = timeline.borrow().clone();
    TimelineHandle { now, act }
}
