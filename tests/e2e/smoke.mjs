// End-to-end smoke test of the release build, as a user meets it: dist/ served
// from a sub-path by a plain static server, in headless Chromium, with the page's
// own strict Content-Security-Policy. Fails on any CSP violation, console error,
// or request that leaves the origin; then types into the form and checks the result.
//
// Usage: node tests/e2e/smoke.mjs [dist-dir]   (make test runs it after trunk build)
import path from 'node:path';
import { launch, serve } from './serve.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
// Serve dist/ under /sub/path/ to prove the build works from any sub-path.
const prefix = '/sub/path/';
const { server, origin } = await serve(dist, prefix);

const failures = [];
const browser = await launch();
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
  // "Time the kernels" runs in a worker (the page's wasm carries no kernels):
  // every kind gets a median, and the status says where it ran.
  await page.fill('[data-testid="field-groups"]', '4');
  // The plots (and their "Time the kernels") load once the reader nears them,
  // not with the page: below the fold, nothing of them has been fetched yet.
  const plotsScript = () => page.evaluate(() => document.querySelector('script[src$="plots.js"]') !== null);
  if (await plotsScript()) failures.push('the plots module was loaded before the reader came near the plots');
  await page.locator('[data-testid="plots-host"]').scrollIntoViewIfNeeded();
  const run = page.locator('[data-testid="measure-run"]');
  await run.scrollIntoViewIfNeeded();
  if (!(await plotsScript())) failures.push('the plots module was not loaded once the plots were in view');
  await run.click();
  await page.waitForFunction(() => ['standard', 'grouped', 'depthwise', 'separable'].every((k) =>
    document.querySelector(`[data-testid="measured-${k}"]`)?.getAttribute('data-median-ms')), null, { timeout: 30000 });
  const medians = await page.$$eval('[data-testid^="measured-"][data-median-ms]',
    (rows) => rows.map((r) => `${r.dataset.testid.slice(9)} ${r.dataset.medianMs} ms`));
  // The button keeps the keyboard's focus through the timing (it is not disabled).
  await run.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="measure-run"]')
    .getAttribute('aria-disabled') === 'true', null, { timeout: 5000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="measure-run"]')
    .getAttribute('aria-disabled') !== 'true', null, { timeout: 30000 });
  const focused = await page.evaluate(() => document.activeElement?.dataset.testid);
  if (focused !== 'measure-run') failures.push(`focus after timing: ${focused}`);
  const status = await page.locator('[data-testid="measure-status"]').textContent();
  if (!status.includes('worker')) failures.push(`measure status: ${status}`);

  // The plots are their own module (plots.js + plots_bg.wasm): a setting
  // chosen in them reaches the page's URL, and a preset layer loads the form.
  await page.selectOption('[data-testid="plot-unit"]', 'flops');
  await page.waitForFunction(() => location.search.includes('unit=flops'), null, { timeout: 5000 })
    .catch(() => failures.push('the plots module did not pass its unit to the page'));
  const hostSays = await page.getAttribute('[data-testid="plots-host"]', 'data-plots');
  if (!hostSays.includes('unit=flops')) failures.push(`the page did not tell the plots: ${hostSays}`);
  // It is in the network's table of layers, which opens as a user opens it.
  await page.locator('details:has([data-testid="load-layer-1"]) > summary').click();
  await page.click('[data-testid="load-layer-1"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="field-in_channels"]').value === '32', null, { timeout: 5000 })
    .catch(() => failures.push('a preset layer chosen in the plots did not load into the form'));
  console.log(`[e2e] page loaded from ${prefix} under its CSP; groups=4 gave ${after} MACs; alert: "${text}"; timed in a worker: ${medians.join(', ')}; the plots module answered`);

  // The keyboard alone finds the plots on the first pass through the page,
  // though they load only when needed: on a phone, in Chinese (the longest page).
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(`${origin}${prefix}?lang=zh`, { waitUntil: 'load' });
  await phone.locator('[data-testid="picture"]').waitFor({ timeout: 15000 });
  let tabs = 0;
  for (; tabs < 100; tabs++) {
    await phone.keyboard.press('Tab');
    if (await phone.evaluate(() => !!document.activeElement?.closest('[data-testid="plots"]'))) break;
    // What leaves the page (focus on <body> again) has gone round without them.
    if (tabs > 0 && await phone.evaluate(() => document.activeElement === document.body)) {
      failures.push(`Tab left the page after ${tabs + 1} presses without reaching the plots`);
      break;
    }
  }
  if (tabs >= 100) failures.push('100 presses of Tab did not reach the plots');
  await phone.close();
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.error(failures.map((f) => `[e2e] FAIL ${f}`).join('\n'));
  process.exit(1);
}
console.log('[e2e] 1 passed, 0 failed');
