// End-to-end smoke test of the release build, as a user meets it: dist/ served
// from a sub-path by a plain static server, in headless Chromium, with the page's
// own strict Content-Security-Policy. Fails on any CSP violation, console error,
// or request that leaves the origin; then types into the form and checks the result.
//
// Usage: node tests/e2e/smoke.mjs [dist-dir]   (make test runs it after trunk build)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const dist = path.resolve(process.argv[2] ?? 'dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

// Serve dist/ under /sub/path/ to prove the build works from any sub-path.
const prefix = '/sub/path/';
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (!url.pathname.startsWith(prefix)) { res.writeHead(404).end(); return; }
  let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
  const file = path.join(dist, rel);
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end(); return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const failures = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') failures.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) {
      failures.push(`request left the origin: ${r.url()}`);
    }
  });
  await page.goto(origin + prefix, { waitUntil: 'load' });
  const grouped = page.locator('[data-testid="cost-grouped"]');
  await grouped.waitFor({ timeout: 15000 });

  const before = await grouped.getAttribute('data-macs');
  await page.fill('[data-testid="field-groups"]', '4');
  await page.waitForFunction((b) => document.querySelector('[data-testid="cost-grouped"]')
    .getAttribute('data-macs') !== b, before, { timeout: 5000 });
  const after = await grouped.getAttribute('data-macs');
  if (after !== String(16 * 2 * 9 * 32 * 32)) failures.push(`groups=4: data-macs ${after}`);

  // The groups=4 job has finished (its stats are no longer marked as running).
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="output-stats"]');
    return s && !s.classList.contains('stale');
  }, null, { timeout: 5000 });
  await page.waitForTimeout(300);
  const sumBefore = await page.locator('[data-testid="output-stats"]').getAttribute('data-sum');
  await page.fill('[data-testid="field-groups"]', '3');
  const alert = page.locator('[role="alert"]').first();
  await alert.waitFor({ timeout: 5000 });
  const text = await alert.textContent();
  if (!text.includes('in_channels must be divisible by groups')) failures.push(`alert text: ${text}`);
  // The grouped row says why in the row; the picture and stats keep the last valid
  // setting and say which one.
  if ((await grouped.getAttribute('data-invalid')) !== 'true') failures.push('grouped row not marked invalid');
  const stale = await page.locator('[data-testid="stale-note"]').textContent();
  if (!stale.includes('groups=4')) failures.push(`stale note: ${stale}`);
  await page.waitForTimeout(300);
  if ((await page.locator('[data-testid="output-stats"]').getAttribute('data-sum')) !== sumBefore) failures.push('last valid result was lost');
  console.log(`[e2e] page loaded from ${prefix} under its CSP; groups=4 gave ${after} MACs; alert: "${text}"`);
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.error(failures.map((f) => `[e2e] FAIL ${f}`).join('\n'));
  process.exit(1);
}
console.log('[e2e] 1 passed, 0 failed');
