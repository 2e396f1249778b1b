#!/usr/bin/env node
// conv-core (wasm SIMD128, as the app's worker runs it) against onnxruntime-web
// (wasm SIMD, one thread) in one headless Chromium page, on conv-core's shape
// suite, timed by the same JavaScript loop. For docs/PERFORMANCE.md.
//
//   node scripts/bench_browser.mjs                 # depthwise shapes, 5 rounds
//   node scripts/bench_browser.mjs --only pw --rounds 3
//   node scripts/bench_browser.mjs --json          # JSON on stdout
//
// Needs what `make test` sets up (Chromium, wasm-bindgen, node_modules) and the
// Python venv of docs/PERFORMANCE.md (.venv, for the ONNX models). It builds
// crates/conv-web-bench for wasm32, runs wasm-bindgen and wasm-opt -Oz on it as
// trunk does for the app, writes the models with scripts/bench_onnxruntime.py
// --save-models, and installs onnxruntime-web (pinned below) under
// target/bench-web on first use. Everything it writes is under target/.
//
// The page is served cross-origin isolated (COOP/COEP), so performance.now()
// has 5 µs resolution instead of 100 µs. Each round times conv-core, then
// onnxruntime-web, per shape: 10 warm-up runs, then 3 blocks of runs, the
// lowest block median, as `conv bench` and the native onnxruntime script do.

import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { homedir } from 'node:os';

const ORT_WEB = '1.30.0';
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'target', 'bench-web');

const args = process.argv.slice(2);
const opt = (flag, fallback) => {
  const i = args.indexOf(flag);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const only = opt('--only', 'dw');
const rounds = Number(opt('--rounds', '5'));
const asJson = args.includes('--json');
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error('bench_browser: --rounds must be a whole number >= 1');
  process.exit(2);
}
const say = (m) => console.error(`[bench_browser] ${m}`);
const run = (cmd, argv, env = {}) =>
  execFileSync(cmd, argv, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });

// 1. conv-core as a wasm module, built as the app's worker is.
say('building crates/conv-web-bench for wasm32');
run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'conv-web-bench']);
const wasmBindgen = join(homedir(), '.cargo', 'bin', 'wasm-bindgen');
run(existsSync(wasmBindgen) ? wasmBindgen : 'wasm-bindgen', [
  '--target', 'web', '--out-dir', join(out, 'conv'),
  join(root, 'target', 'wasm32-unknown-unknown', 'release', 'conv_web_bench.wasm'),
]);
const wasm = join(out, 'conv', 'conv_web_bench_bg.wasm');
run(join(root, 'node_modules', '.bin', 'wasm-opt'), ['-Oz', wasm, '-o', wasm]);

// 2. The same layers as ONNX models.
const python = join(root, '.venv', 'bin', 'python');
if (!existsSync(python)) {
  console.error('bench_browser: no .venv; create it as docs/PERFORMANCE.md says');
  process.exit(1);
}
run(python, [join(root, 'scripts', 'bench_onnxruntime.py'), '--save-models', join(out, 'models')]);

// 3. onnxruntime-web, from the npm registry, on first use.
const ortDir = join(out, 'ort', 'node_modules', 'onnxruntime-web', 'dist');
if (!existsSync(join(ortDir, 'ort.wasm.min.mjs'))) {
  say(`installing onnxruntime-web ${ORT_WEB} under target/bench-web/ort`);
  run('npm', ['install', '--prefix', join(out, 'ort'), '--no-audit', '--no-fund', `onnxruntime-web@${ORT_WEB}`]);
}

// 4. Serve the page, the two engines and the models from one origin.
const mounts = [
  ['/conv/', join(out, 'conv')],
  ['/ort/', ortDir],
  ['/models/', join(out, 'models')],
  ['/', join(root, 'scripts', 'bench_browser')],
];
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
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
const url = `http://127.0.0.1:${server.address().port}/`;

// 5. Run it in headless Chromium.
const { chromium } = await import(join(root, 'node_modules', 'playwright-core', 'index.mjs'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let report;
try {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && say(`page: ${m.text()}`));
  page.on('pageerror', (e) => say(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
  say(`timing ${only}* shapes, ${rounds} rounds`);
  report = await page.evaluate((o) => window.runBench(o), { only, rounds });
  report.chromium = browser.version();
} finally {
  await browser.close();
  server.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
report.onnxruntimeWeb = ORT_WEB;
report.summary = report.results.map((r) => {
  const conv = median(r.conv_ms);
  const ort = median(r.ort_ms);
  return {
    name: r.name,
    conv_core_ms: conv,
    onnxruntime_web_ms: ort,
    conv_core_gflops: r.flops / conv / 1e6,
    onnxruntime_web_gflops: r.flops / ort / 1e6,
    ratio: ort / conv,
    rounds_faster: r.conv_ms.filter((c, i) => c < r.ort_ms[i]).length,
    rounds: r.conv_ms.length,
    runs_per_block: r.runs,
  };
});
if (asJson) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(`Chromium ${report.chromium}, onnxruntime-web ${ORT_WEB}, cross-origin isolated: ${report.crossOriginIsolated}`);
  console.log('| shape | conv-core ms | conv-core GFLOP/s | onnxruntime-web ms | onnxruntime-web GFLOP/s | onnxruntime-web ms / conv-core ms | rounds conv-core faster |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const s of report.summary) {
    console.log(`| \`${s.name}\` | ${s.conv_core_ms.toFixed(3)} | ${s.conv_core_gflops.toFixed(2)} | ${s.onnxruntime_web_ms.toFixed(3)} | ${s.onnxruntime_web_gflops.toFixed(2)} | ${s.ratio.toFixed(2)} | ${s.rounds_faster}/${s.rounds} |`);
  }
}
