// The model worker's entry: the plots start this file when a learner opens an
// ONNX file (src/plots/view/use_model_import.rs). It loads trunk's no-modules
// build of crates/model-worker and starts its wasm, as worker_loader.js does.
importScripts('./model.js');
wasm_bindgen({ module_or_path: './model_bg.wasm' });
