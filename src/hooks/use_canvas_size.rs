//! The size a chart canvas should have: its container's width in CSS pixels, a
//! height from the chart's aspect ratio, and devicePixelRatio, kept up to date by
//! a ResizeObserver on the container (which is disconnected on unmount).

use wasm_bindgen::prelude::*;
use web_sys::{Element, ResizeObserver};
use yew::prelude::*;

/// A canvas size in CSS pixels, and the device pixels per CSS pixel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CanvasSize {
    pub css_width: u32,
    pub css_height: u32,
    pub dpr: f64,
}

impl CanvasSize {
    /// For a container `width` CSS pixels wide: height = width × `aspect`, kept
    /// within `[min_h, max_h]` so charts stay readable on phones and wide screens.
    pub fn fit(width: f64, aspect: f64, (min_h, max_h): (f64, f64), dpr: f64) -> CanvasSize {
        let width = width.max(0.0).floor();
        CanvasSize {
            css_width: width as u32,
            css_height: (width * aspect).clamp(min_h, max_h).round() as u32,
            dpr: if dpr.is_finite() && dpr > 0.0 {
                dpr
            } else {
                1.0
            },
        }
    }

    /// The backing store in device pixels (CSS size × devicePixelRatio), so lines
    /// and text are crisp on HiDPI screens.
    pub fn backing(&self) -> (u32, u32) {
        (
            (self.css_width as f64 * self.dpr).round() as u32,
            (self.css_height as f64 * self.dpr).round() as u32,
        )
    }
}

/// Watches `container` and returns the canvas size for it (None until measured,
/// or while it has no width).
#[hook]
pub fn use_canvas_size(
    container: NodeRef,
    aspect: f64,
    height_range: (f64, f64),
) -> Option<CanvasSize> {
    let size = use_state_eq(|| None::<CanvasSize>);
    {
        let size = size.clone();
        use_effect_with(container, move |container| {
            let measure = {
                let size = size.clone();
                move |el: &Element| {
                    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
                    let w = el.client_width() as f64;
                    size.set((w > 0.0).then(|| CanvasSize::fit(w, aspect, height_range, dpr)));
                }
            };
            let el = container.cast::<Element>();
            let mut observer = None;
            let mut closure = None;
            if let Some(el) = el {
                measure(&el);
                let target = el.clone();
                let cb =
                    Closure::<dyn FnMut(JsValue)>::new(move |_entries: JsValue| measure(&target));
                if let Ok(o) = ResizeObserver::new(cb.as_ref().unchecked_ref()) {
                    o.observe(&el);
                    observer = Some(o);
                }
                closure = Some(cb);
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                // The observer is gone, so nothing calls the closure any more.
                drop(closure);
            }
        });
    }
    *size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_and_backing() {
        let s = CanvasSize::fit(800.4, 0.4, (240.0, 420.0), 2.0);
        assert_eq!((s.css_width, s.css_height), (800, 320));
        assert_eq!(s.backing(), (1600, 640));
        let narrow = CanvasSize::fit(300.0, 0.4, (240.0, 420.0), 1.0);
        assert_eq!(narrow.css_height, 240);
        assert_eq!(CanvasSize::fit(10.0, 1.0, (0.0, 100.0), f64::NAN).dpr, 1.0);
    }
}
