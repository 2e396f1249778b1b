//! `use_animation_frame`: calls back once per display frame while `active`, with
//! the milliseconds since the previous frame. The only place in the app that
//! touches `requestAnimationFrame`.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

/// The pending frame request. Dropping it cancels the loop.
type Slot = Rc<RefCell<Option<AnimationFrame>>>;

/// Runs `on_frame(dt_ms)` every frame while `active` is true. The first frame
/// reports 0; a frame after a long pause (a background tab) reports at most
/// 100 ms, so an animation never jumps over whole steps.
#[hook]
pub fn use_animation_frame(active: bool, on_frame: Callback<f64>) {
    // The newest callback, read by the loop at each frame, so re-renders need
    // not restart the loop.
    let latest = use_mut_ref(|| on_frame.clone());
    *latest.borrow_mut() = on_frame;
    use_effect_with(active, move |&active| {
        let slot: Slot = Rc::new(RefCell::new(None));
        if active {
            arm(slot.clone(), latest, None);
        }
        // Dropping the pending request cancels it, which ends the loop.
        move || drop(slot.borrow_mut().take())
    });
}

/// Requests the next frame; the frame re-arms itself into the same slot.
fn arm(slot: Slot, latest: Rc<RefCell<Callback<f64>>>, last_ts: Option<f64>) {
    let next_slot = slot.clone();
    let frame = request_animation_frame(move |ts| {
        let dt = last_ts.map_or(0.0, |last| (ts - last).clamp(0.0, 100.0));
        let callback = latest.borrow().clone();
        callback.emit(dt);
        // Only keep going if the effect was not cleaned up meanwhile.
        if next_slot.borrow().is_some() {
            arm(next_slot, latest, Some(ts));
        }
    });
    *slot.borrow_mut() = Some(frame);
}

/// Re-renders the component every frame while the returned flag is set: for
/// drawing spread over frames (the picture's images, `render::Renderer::budget`).
/// The component's drawing effect sets it to whether more remains.
#[hook]
pub fn use_redraw_while() -> UseStateHandle<bool> {
    let more = use_state_eq(|| false);
    let redraw = use_force_update();
    use_animation_frame(*more, Callback::from(move |_| redraw.force_update()));
    more
}

/// False on the first render, true from a task after the next frame has been
/// drawn: for parts of a page that can wait one frame, so that its first
/// render is split into two shorter tasks instead of one long one.
#[hook]
pub fn use_after_first_frame() -> bool {
    let done = use_state_eq(|| false);
    {
        let done = done.clone();
        use_effect_with((), move |_| {
            let slot: Slot = Rc::new(RefCell::new(None));
            let timer = Rc::new(RefCell::new(None));
            let t = timer.clone();
            *slot.borrow_mut() = Some(request_animation_frame(move |_| {
                // After the frame's paint: a task of its own.
                *t.borrow_mut() = Some(gloo::timers::callback::Timeout::new(0, move || {
                    done.set(true)
                }));
            }));
            move || {
                drop(slot.borrow_mut().take());
                drop(timer.borrow_mut().take());
            }
        });
    }
    *done
}
