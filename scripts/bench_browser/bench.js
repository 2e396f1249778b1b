// conv-core (wasm SIMD128) and onnxruntime-web (wasm SIMD, one thread) on the
// same shapes, timed by the same loop in the same page. Loaded by
// scripts/bench_browser.mjs, which serves this page cross-origin isolated so
// performance.now() has 5 µs resolution (100 µs otherwise).
import initConv, { names, Case } from '/conv/conv_web_bench.js';
import * as ort from '/ort/ort.wasm.min.mjs';

ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
ort.env.wasm.wasmPaths = '/ort/';

// As conv bench and scripts/bench_onnxruntime.py: `warmup` untimed runs, then
// `repeat` blocks of `runs` timed runs; the lowest block median, in ms.
async function time(run, warmup, runs, repeat) {
  for (let i = 0; i < warmup; i++) await run();
  let best = Infinity;
  for (let b = 0; b < repeat; b++) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    best = Math.min(best, times[times.length >> 1]);
  }
  return best;
}

async function ortCase(name) {
  const bytes = new Uint8Array(await (await fetch(`/models/${name}.onnx`)).arrayBuffer());
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  // The input shape, written beside the model by bench_onnxruntime.py.
  const { input } = await (await fetch(`/models/${name}.json`)).json();
  const n = input.reduce((a, b) => a * b, 1);
  const x = new ort.Tensor('float32', Float32Array.from({ length: n }, () => Math.random() - 0.5), input);
  return { session, x };
}

window.runBench = async ({ only = 'dw', rounds = 5, warmup = 10, repeat = 3 } = {}) => {
  await initConv();
  const shapes = names().filter((n) => n.startsWith(only));
  const results = [];
  for (const name of shapes) {
    const conv = new Case(name);
    // Random input for onnxruntime-web: the data differs from conv-core's
    // seeded input, the work does not.
    const { session, x } = await ortCase(name);
    const feeds = { [session.inputNames[0]]: x };
    const runConv = () => conv.run();
    const runOrt = () => session.run(feeds);
    // Blocks of about 300 ms at the conv-core speed, 10 to 100 runs.
    const t0 = performance.now();
    runConv();
    const runs = Math.max(10, Math.min(100, Math.round(300 / Math.max(performance.now() - t0, 0.01))));
    const conv_ms = [];
    const ort_ms = [];
    for (let r = 0; r < rounds; r++) {
      conv_ms.push(await time(runConv, warmup, runs, repeat));
      ort_ms.push(await time(runOrt, warmup, runs, repeat));
    }
    results.push({ name, flops: conv.flops(), runs, conv_ms, ort_ms });
    conv.free();
    await session.release();
  }
  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    ortVersion: ort.env.versions?.web ?? null,
    results,
  };
};
window.benchReady = true;
