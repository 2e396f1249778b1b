//! The compute job the page asks for, and the user's own picture.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::state::{Action, InputKind, State};
use groupwise_core::compute::{ImageError, ImagePixels, InputSource, JobRequest};

/// The job for the last valid setting: a new request (and id) only when
/// something it depends on changed, so a re-render never restarts the job.
#[hook]
pub fn use_job_request(state: &State, picture: Option<Rc<ImagePixels>>) -> Rc<Option<JobRequest>> {
    let next_id = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    let setting = state.last_valid.as_ref().map(|c| c.setting.clone());
    let key = (setting, state.seed, state.input, state.weights, picture);
    let next_id = next_id.borrow().clone();
    use_memo(key, move |(setting, seed, input, weights, picture)| {
        let setting = setting.clone()?;
        let input = match (input, picture) {
            (InputKind::Random, _) => InputSource::Random,
            (InputKind::Sample, _) => InputSource::Sample,
            (InputKind::Image, Some(px)) => InputSource::Image((**px).clone()),
            // Until a picture is chosen, "your image" shows the sample.
            (InputKind::Image, None) => InputSource::Sample,
        };
        next_id.set(next_id.get() + 1);
        Some(JobRequest {
            id: next_id.get(),
            setting,
            seed: *seed,
            input,
            weights: *weights,
            sample: None,
        })
    })
}

/// The user's picture (large, so held here rather than in the reducer or the
/// URL), why the last one could not be read, and the callback the picker calls.
pub struct PickedImage {
    pub pixels: Option<Rc<ImagePixels>>,
    pub error: Option<ImageError>,
    pub on_pick: Callback<Result<ImagePixels, ImageError>>,
}

#[hook]
pub fn use_picked_image(dispatch: UseReducerDispatcher<State>) -> PickedImage {
    let image = use_state(|| None::<Rc<ImagePixels>>);
    let error = use_state(|| None::<ImageError>);
    let on_pick = {
        let (image, error) = (image.clone(), error.clone());
        Callback::from(move |r: Result<ImagePixels, ImageError>| match r {
            Ok(px) => {
                image.set(Some(Rc::new(px)));
                error.set(None);
                dispatch.dispatch(Action::SetInput(InputKind::Image));
            }
            Err(e) => error.set(Some(e)),
        })
    };
    PickedImage {
        pixels: (*image).clone(),
        error: (*error).clone(),
        on_pick,
    }
}
