//! The compute worker: trunk builds this bin as a Web Worker (`worker.js` +
//! `worker_bg.wasm`, see `index.html`). The page and its task workers post it
//! requests (`groupwise_core::worker::protocol`), so the main thread stays free
//! for input and drawing. Its code is the dispatcher; the work itself is
//! groupwise-core's, without the page's yew.

#[cfg(target_arch = "wasm32")]
mod dispatch;

fn main() {
    #[cfg(target_arch = "wasm32")]
    dispatch::listen();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("the compute worker only runs in a browser (built by trunk as worker.js)");
}
