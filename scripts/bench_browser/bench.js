// The page's own compute worker (dist/worker_loader.js: the worker_bg.wasm that
// ships) against onnxruntime-web (wasm, one thread) and TensorFlow.js's wasm
// backend (XNNPACK, one thread) on the same layers and the same tensors, in one
// page. Loaded by scripts/bench_browser.mjs, which serves it cross-origin isolated
// (performance.now() to 5 µs instead of 100 µs) and calls runBench().
import * as ort from '/ort/ort.wasm.min.mjs';
import { convModel } from './onnx.js';

// Batch 1, no bias, zero padding: the layers of issue 12.
const SHAPES = [
  ['dw3x3_32ch_112', 'depthwise', 32, 32, 3, 1, 1, 32, 112],
  ['dw3x3_s2_64ch_112', 'depthwise', 64, 64, 3, 2, 1, 64, 112],
  ['pw1x1_64to128_56', 'standard', 64, 128, 1, 1, 0, 1, 56],
  ['pw1x1_512to512_14', 'standard', 512, 512, 1, 1, 0, 1, 14],
  ['grouped3x3_128ch_g32_56', 'grouped', 128, 128, 3, 1, 1, 32, 56],
  ['grouped1x1_240to60_g3_28', 'grouped', 240, 60, 1, 1, 0, 3, 28],
  ['standard3x3_64ch_56', 'standard', 64, 64, 3, 1, 1, 1, 56],
  ['separable3x3_128to128_56', 'separable', 128, 128, 3, 1, 1, 1, 56],
].map(([name, mode, cin, cout, k, stride, pad, groups, hw]) => ({
  name, mode, input: { n: 1, c: cin, h: hw, w: hw },
  base: { in_channels: cin, out_channels: cout, kernel_size: k, stride, padding: pad, dilation: 1, groups, bias: false, padding_mode: 'zeros' },
}));

// ---- the page's worker, spoken to in its protocol (crates/core/src/worker/protocol.rs):
// a `bench` request, a job plus `runs` (per-run kernel times back in `bench_ms`).
let nextId = 1n;
// The worker sends u64 and usize fields as BigInt.
const numbers = (v) => (typeof v === 'bigint' ? Number(v)
  : Array.isArray(v) ? v.map(numbers)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, numbers(x)])) : v);
function startWorker() {
  const worker = new Worker('/dist/worker_loader.js');
  const ready = new Promise((ok, fail) => {
    worker.onmessage = (e) => e.data?.type === 'ready' && ok();
    worker.onerror = (e) => fail(new Error(`worker: ${e.message}`));
  });
  const job = (shape, runs) => new Promise((ok, fail) => {
    worker.onmessage = (e) => (e.data.error ? fail(new Error(JSON.stringify(e.data.error)))
      : ok({ ...e.data, meta: numbers(e.data.meta) }));
    worker.postMessage({
      type: 'bench',
      meta: { id: nextId++, setting: { base: shape.base, input: shape.input, multiplier: 1, mode: shape.mode }, seed: 42n, input: 'random', weights: 'random', image: null },
      runs,
    });
  });
  return { ready, job, stop: () => worker.terminate() };
}

// The lowest median of `repeat` blocks of `runs` times, after `warmup`.
function bestBlock(times, warmup, runs, repeat) {
  let best = Infinity;
  for (let b = 0; b < repeat; b++) {
    const block = times.slice(warmup + b * runs, warmup + (b + 1) * runs).sort((x, y) => x - y);
    best = Math.min(best, block[block.length >> 1]);
  }
  return best;
}

async function timeJs(run, warmup, runs, repeat) {
  const times = [];
  for (let i = 0; i < warmup + runs * repeat; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return bestBlock(times, warmup, runs, repeat);
}

// ---- layouts: conv-core is NCHW / OIHW; TensorFlow.js wants NHWC / HWIO.
const dimsOf = (s) => [s.n, s.c, s.h, s.w];
// OIHW weights as HWIO.
function hwio(data, [o, i, h, w]) {
  const out = new Float32Array(data.length);
  for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) for (let p = 0; p < h * w; p++)
    out[(p * i + b) * o + a] = data[(a * i + b) * h * w + p];
  return out;
}
// NCHW values as NHWC or, with `back`, NHWC as NCHW.
function channelsLast(data, { n, c, h, w }, back = false) {
  const out = new Float32Array(data.length);
  const hw = h * w;
  for (let a = 0; a < n; a++) for (let b = 0; b < c; b++) for (let p = 0; p < hw; p++) {
    const first = (a * c + b) * hw + p;
    const last = (a * hw + p) * c + b;
    if (back) out[first] = data[last];
    else out[last] = data[first];
  }
  return out;
}

function maxDiff(got, want) {
  let d = 0;
  let m = 0;
  for (let i = 0; i < want.length; i++) {
    d = Math.max(d, Math.abs(got[i] - want[i]));
    m = Math.max(m, Math.abs(want[i]));
  }
  return { diff: d, ok: got.length === want.length && d <= 1e-4 * Math.max(1, m) };
}

// ---- the peers, built from the worker's reply (its layer(s) and tensors).
function stagesOf(meta, t) {
  const stages = [{ layer: meta.layer, weightDims: dimsOf(meta.weight), weight: t[1], out: meta.intermediate ?? meta.output }];
  if (meta.pw_layer) stages.push({ layer: meta.pw_layer, weightDims: dimsOf(meta.pw_weight), weight: t[4], out: meta.output });
  return stages;
}

async function ortCase(meta, t) {
  const model = convModel(dimsOf(meta.input), stagesOf(meta, t), dimsOf(meta.output));
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['wasm'], graphOptimizationLevel: 'all', executionMode: 'sequential',
    intraOpNumThreads: 1, interOpNumThreads: 1,
  });
  const feeds = { x: new ort.Tensor('float32', t[0], dimsOf(meta.input)) };
  const run = () => session.run(feeds);
  const check = maxDiff((await run()).y.data, t[2]);
  return { run, check, release: () => session.release() };
}

// TensorFlow.js has no grouped convolution: depthwiseConv2d for depthwise
// stages, conv2d for the rest (groups 1).
function tfjsCase(meta, t) {
  const stages = stagesOf(meta, t);
  if (stages.some((s) => s.layer.groups !== 1 && s.layer.groups !== s.layer.in_channels)) return null;
  const ops = stages.map((s) => {
    const [o, i, kh, kw] = s.weightDims;
    const l = s.layer;
    const pad = l.pads.top === l.pads.bottom && l.pads.left === l.pads.right && l.pads.top === l.pads.left ? l.pads.top
      : [[0, 0], [l.pads.top, l.pads.bottom], [l.pads.left, l.pads.right], [0, 0]];
    const depthwise = l.groups > 1;
    const w = depthwise ? tf.tensor4d(hwio(s.weight, [o, 1, kh, kw]), [kh, kw, l.in_channels, o / l.in_channels])
      : tf.tensor4d(hwio(s.weight, [o, i, kh, kw]), [kh, kw, i, o]);
    return (x) => (depthwise ? tf.depthwiseConv2d(x, w, l.stride, pad, 'NHWC', l.dilation)
      : tf.conv2d(x, w, l.stride, pad, 'NHWC', l.dilation));
  });
  const s = meta.input;
  const x = tf.tensor4d(channelsLast(t[0], s), [s.n, s.h, s.w, s.c]);
  const forward = () => tf.tidy(() => ops.reduce((v, op) => op(v), x));
  const y = forward();
  const check = maxDiff(channelsLast(y.dataSync(), meta.output, true), t[2]);
  y.dispose();
  return { run: () => forward().dispose(), check };
}

function macs(meta) {
  const one = (l, out) => out.n * out.c * (l.in_channels / l.groups) * l.kernel[0] * l.kernel[1] * out.h * out.w;
  return one(meta.layer, meta.intermediate ?? meta.output) + (meta.pw_layer ? one(meta.pw_layer, meta.output) : 0);
}

async function startTfjs() {
  // One thread: the plain SIMD binary, never the threaded one (the page is
  // cross-origin isolated, so TensorFlow.js would otherwise pick it).
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.wasm.setWasmPaths('/tfjs-wasm/');
  await tf.setBackend('wasm');
  await tf.ready();
  return { backend: tf.getBackend(), simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), version: tf.version.tfjs };
}

window.runBench = async ({ only = '', rounds = 5, warmup = 10, repeat = 3 } = {}) => {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = '/ort/';
  const tfjsInfo = await startTfjs();
  const page = startWorker();
  await page.ready;
  const results = [];
  const prefixes = only.split(',');
  for (const shape of SHAPES.filter((s) => prefixes.some((p) => s.name.startsWith(p)))) {
    const first = await page.job(shape, 3);
    const { meta, tensors: t } = first;
    const ortc = await ortCase(meta, t);
    const tfc = tfjsCase(meta, t);
    // Blocks of about 200 ms at the page's speed, 10 to 100 runs.
    const est = [...first.bench_ms].sort((a, b) => a - b)[1];
    const runs = Math.max(10, Math.min(100, Math.round(200 / Math.max(est, 0.01))));
    const r = { name: shape.name, mode: shape.mode, macs: macs(meta), runs, page_ms: [], ort_ms: [], tfjs_ms: [],
      ort_max_diff: ortc.check.diff, tfjs_max_diff: tfc?.check.diff ?? null };
    if (!ortc.check.ok || (tfc && !tfc.check.ok)) throw new Error(`${shape.name}: outputs disagree (${JSON.stringify(r)})`);
    for (let round = 0; round < rounds; round++) {
      const { bench_ms } = await page.job(shape, warmup + runs * repeat);
      r.page_ms.push(bestBlock([...bench_ms], warmup, runs, repeat));
      r.ort_ms.push(await timeJs(ortc.run, warmup, runs, repeat));
      if (tfc) r.tfjs_ms.push(await timeJs(tfc.run, warmup, runs, repeat));
    }
    await ortc.release();
    results.push(r);
  }
  page.stop();
  return { userAgent: navigator.userAgent, crossOriginIsolated: self.crossOriginIsolated, tfjs: tfjsInfo, results };
};
window.benchReady = true;
