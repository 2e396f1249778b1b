// The compute worker's entry: the page and its task workers start this file
// (src/compute/runner.rs, WORKER_URL). It loads trunk's no-modules build of
// crates/worker and starts its wasm. Written here rather than by trunk's loader
// shim, which passed the wasm's path as a bare argument, a form wasm-bindgen
// deprecates with a console warning in every worker.
importScripts('./worker.js');
wasm_bindgen({ module_or_path: './worker_bg.wasm' });
