// Opening a big ONNX model in the release page, as a learner does: the page is
// loaded and has shown its first result, the reader scrolls to the networks
// view and picks the file. Prints the time from the pick to the model's
// summary, the longest main-thread task until 1.5 s after it (long tasks, over
// 50 ms: the read, then drawing the charts and the table) and
// the peak memory of the browser's processes above what they held before.
//
// Usage: node scripts/model_import.mjs FILE.onnx [DIST] [RUNS]
// A 100 MB file: the committed graph with its weights put back in, e.g. with
// onnx: onnx.save_model(onnx.load("resnet50.onnx"), "big.onnx") next to its .data.
import { execSync } from 'node:child_process';
import { launch, serve, settled } from '../tests/e2e/serve.mjs';

const [file, dist = 'dist', runs = '3'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/model_import.mjs FILE.onnx [DIST] [RUNS]');
  process.exit(2);
}

/** Resident memory of every Chromium process, in MB. */
function rssMb() {
  try {
    const out = execSync('ps -C chromium -o rss=', { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).reduce((s, v) => s + Number(v), 0) / 1024;
  } catch {
    return 0;
  }
}

const { server, origin } = await serve(dist);
const browser = await launch();
try {
  for (let i = 0; i < Number(runs); i += 1) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${origin}/`);
    await settled(page);
    await page.locator('[data-testid="plots-host"]').scrollIntoViewIfNeeded();
    await page.locator('[data-testid="model-open"]').waitFor({ timeout: 60000 });
    await page.waitForTimeout(1500);
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__long.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const before = rssMb();
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, rssMb()); }, 50);
    const t0 = Date.now();
    await page.locator('[data-testid="model-open"]').setInputFiles(file);
    await page.waitForSelector('[data-testid="model-summary"], [data-testid="model-error"]', { timeout: 60000 });
    const ms = Date.now() - t0;
    // The charts and the table are drawn after the summary: their tasks count too.
    await page.waitForTimeout(1500);
    clearInterval(sampler);
    const r = await page.evaluate(() => ({
      long: Math.max(0, ...window.__long),
      count: window.__long.length,
      summary: (document.querySelector('[data-testid="model-summary"]') ?? document.querySelector('[data-testid="model-error"]')).textContent,
    }));
    console.log(`run ${i + 1}: summary in ${ms} ms; long tasks ${r.count}, longest ${r.long.toFixed(0)} ms; memory ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB (+${(peak - before).toFixed(0)}); ${r.summary.slice(0, 90)}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
