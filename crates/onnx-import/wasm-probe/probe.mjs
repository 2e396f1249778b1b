// Times onnx-import in a JavaScript engine: node probe.mjs MODEL.onnx [PROBE.wasm]
// Each run copies the file into wasm memory (as a page does with a File's bytes)
// and imports it; both are timed.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const wasmPath = process.argv[3] ?? `${here}target/wasm32-unknown-unknown/release/onnx_import_wasm_probe.wasm`;
const model = readFileSync(process.argv[2]);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const { alloc, import: run, memory } = instance.exports;
const copies = [], imports = [];
let layers = 0;
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  const ptr = alloc(model.length);
  new Uint8Array(memory.buffer, ptr, model.length).set(model);
  const t1 = performance.now();
  layers = Number(run(ptr, model.length));
  const t2 = performance.now();
  copies.push(t1 - t0);
  imports.push(t2 - t1);
}
const median = (v) => v.sort((a, b) => a - b)[v.length >> 1].toFixed(1);
console.log(`${(model.length / 1e6).toFixed(1)} MB, ${layers} layers: copy in ${median(copies)} ms, import ${median(imports)} ms (median of 10; first import ${imports[0].toFixed(1)} ms)`);
