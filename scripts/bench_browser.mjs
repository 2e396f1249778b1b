#!/usr/bin/env node
// The page's own compute worker, as it ships in dist/ (worker.js +
// worker_bg.wasm), against onnxruntime-web (wasm, one thread) and TensorFlow.js's
// wasm backend (one thread), in one headless Chromium page, on the layers of
// issue 12. Each shape is checked first (the peers get the worker's own input and
// weights and must give its output within 1e-4 of the output's scale), then
// timed. `make bench` builds dist/ and runs this; see docs/PERFORMANCE.md.
//
//   node scripts/bench_browser.mjs [--dist dist] [--rounds 5] [--only PREFIX,...] [--json FILE]
//
// The peers are devDependencies (package.json), served from node_modules. The
// page is served cross-origin isolated, so performance.now() has 5 µs resolution.
// Per shape and round: the worker runs the job's kernels (the page's `kernel_ms`:
// conv-core's conv2d, both stages of separable) 10 + 3·runs times in a row and
// reports each run's time; each peer is timed by a JavaScript loop around one
// call, the same number of runs. Each gives its lowest block median; the table
// shows the median over rounds.

import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/e2e/serve.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const opt = (flag, fallback) => {
  const i = args.indexOf(flag);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const dist = resolve(opt('--dist', join(root, 'dist')));
const rounds = Number(opt('--rounds', '5'));
const only = opt('--only', '');
const jsonOut = opt('--json', null);
const say = (m) => console.error(`[bench] ${m}`);
if (!Number.isInteger(rounds) || rounds < 1) {
  say('--rounds must be a whole number >= 1');
  process.exit(2);
}
if (!existsSync(join(dist, 'worker_bg.wasm'))) {
  say(`no ${dist}/worker_bg.wasm: run make dist first`);
  process.exit(1);
}
const nm = join(root, 'node_modules');
const version = (pkg) => JSON.parse(readFileSync(join(nm, pkg, 'package.json'))).version;
const mounts = [
  ['/dist/', dist],
  ['/ort/', join(nm, 'onnxruntime-web', 'dist')],
  ['/tfjs/', join(nm, '@tensorflow', 'tfjs', 'dist')],
  ['/tfjs-wasm/', join(nm, '@tensorflow', 'tfjs-backend-wasm', 'dist')],
  ['/', join(root, 'scripts', 'bench_browser')],
];
for (const [, dir] of mounts) {
  if (!existsSync(dir)) {
    say(`missing ${dir}: run npm ci`);
    process.exit(1);
  }
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
  const file = normalize(join(dir, path.slice(prefix.length) || 'index.html'));
  if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': types[extname(file)] ?? 'application/octet-stream',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));

const loadBefore = loadavg();
const browser = await launch();
let report;
try {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && say(`page: ${m.text()}`));
  page.on('pageerror', (e) => say(`page error: ${e.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
  say(`timing ${only || 'every'}* shape, ${rounds} rounds (load ${loadBefore.map((l) => l.toFixed(2)).join(' ')})`);
  report = await page.evaluate((o) => window.runBench(o), { only, rounds });
  report.chromium = browser.version();
} finally {
  await browser.close();
  server.close();
}

const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[xs.length >> 1] : null);
Object.assign(report, {
  cpu: cpus()[0]?.model, cores: cpus().length, load_before: loadBefore, load_after: loadavg(),
  onnxruntime_web: version('onnxruntime-web'), tfjs_backend_wasm: version('@tensorflow/tfjs-backend-wasm'),
  worker_bg_wasm_bytes: statSync(join(dist, 'worker_bg.wasm')).size,
});
report.summary = report.results.map((r) => {
  const [page, ortMs, tfjs] = [median(r.page_ms), median(r.ort_ms), median(r.tfjs_ms)];
  const gflops = (ms) => (ms ? (2 * r.macs) / ms / 1e6 : null);
  return {
    name: r.name, macs: r.macs, page_ms: page, ort_ms: ortMs, tfjs_ms: tfjs,
    page_over_ort: page / ortMs, page_over_tfjs: tfjs ? page / tfjs : null,
    page_gflops: gflops(page), ort_gflops: gflops(ortMs), tfjs_gflops: gflops(tfjs),
    rounds_page_faster_than_ort: r.page_ms.filter((p, i) => p < r.ort_ms[i]).length, rounds: r.page_ms.length,
  };
});
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 2));

const f = (v, d = 3) => (v == null ? 'n/a' : v.toFixed(d));
console.log(`Chromium ${report.chromium}, onnxruntime-web ${report.onnxruntime_web}, TensorFlow.js wasm ${report.tfjs_backend_wasm} (SIMD ${report.tfjs.simd}), one thread each, cross-origin isolated: ${report.crossOriginIsolated}`);
console.log(`${report.cpu} × ${report.cores}; load average ${loadBefore[0].toFixed(2)} before, ${report.load_after[0].toFixed(2)} after; ${rounds} rounds, medians`);
console.log('| shape | MACs | page ms | ORT ms | TFJS ms | page / ORT | page / TFJS | page GFLOP/s | ORT GFLOP/s | TFJS GFLOP/s | rounds page < ORT |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const s of report.summary) {
  console.log(`| \`${s.name}\` | ${(s.macs / 1e6).toFixed(1)} M | ${f(s.page_ms)} | ${f(s.ort_ms)} | ${f(s.tfjs_ms)} | ${f(s.page_over_ort, 2)} | ${f(s.page_over_tfjs, 2)} | ${f(s.page_gflops, 1)} | ${f(s.ort_gflops, 1)} | ${f(s.tfjs_gflops, 1)} | ${s.rounds_page_faster_than_ort}/${s.rounds} |`);
}
