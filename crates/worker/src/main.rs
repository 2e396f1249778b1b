//! The compute worker: trunk builds this bin as a Web Worker (`worker.js` +
//! `worker_bg.wasm`, see `index.html`), and the page posts it convolution jobs so
//! the main thread stays free for input and drawing.

fn main() {
    #[cfg(target_arch = "wasm32")]
    groupwise::compute::wire::serve_in_worker();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("the compute worker only runs in a browser (built by trunk as worker.js)");
}
