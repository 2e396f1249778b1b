// End-to-end test of embedding the release build: a plain HTML teaching page on
// another origin frames dist/ (sandbox="allow-scripts allow-same-origin",
// loading="lazy") and resizes the frame from the page's iframe.resize messages.
// Checks that the embed renders and computes inside the sandbox under its CSP,
// that a height message arrives on load and again when the height changes, and
// that the page never posts anything but that message.
//
// Usage: node tests/e2e/embed.mjs [dist-dir]   (make test runs it after trunk build)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, serve } from './serve.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
const hostDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'host');
const { server: app, origin: appOrigin } = await serve(dist);
const { server: host } = await serve(hostDir);
// Two origins: the app on 127.0.0.1, the teaching page on localhost.
const appUrl = `${appOrigin}/?embed=1&controls=0&mode=grouped&in_channels=12&out_channels=12&groups=3`;
const hostUrl = `http://localhost:${host.address().port}/?app=${encodeURIComponent(appUrl)}`;

const browser = await launch();
const failures = [];
/** Waits until no new height message has come for 800 ms; the last message. */
async function settled(page) {
  let n = -1;
  for (let i = 0; i < 40; i++) {
    const now = await page.evaluate(() => window.heights.length);
    if (now === n && n > 0) break;
    n = now;
    await page.waitForTimeout(800);
  }
  return page.evaluate(() => window.heights[window.heights.length - 1]);
}
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') failures.push(`console error: ${m.text()}`); });
  await page.goto(hostUrl, { waitUntil: 'load' });
  const frame = page.frameLocator('#gw');
  await frame.locator('[data-testid="picture"]').waitFor({ timeout: 20000 });
  await frame.locator('[data-testid="cost-line"]').waitFor({ timeout: 5000 });
  await page.waitForFunction(() => window.heights.length > 0, null, { timeout: 10000 });
  const first = await page.evaluate(() => window.heights[0]);
  if (first.context !== 'iframe.resize' || !(first.height > 300) || !first.src.includes('embed=1')) {
    failures.push(`first height message: ${JSON.stringify(first)}`);
  }
  const wide = await settled(page);
  const box = await page.locator('#gw').boundingBox();
  if (Math.abs(box.height - wide.height) > 2) failures.push(`frame is ${box.height}px high, message said ${wide.height}`);
  if ((await frame.locator('header').count()) !== 0) failures.push('embed shows the site header');
  if ((await frame.locator('[data-testid="field-groups"]').count()) !== 0) failures.push('controls=0 shows the form');
  // A phone-width host makes the picture reflow taller: a new height follows.
  const before = await page.evaluate(() => window.heights.length);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction((n) => window.heights.length > n, before, { timeout: 10000 });
  const last = await settled(page);
  if (!(last.height > wide.height)) failures.push(`no taller height after reflow: ${wide.height} then ${last.height}`);
  const h = (await page.locator('#gw').boundingBox()).height;
  if (Math.abs(h - last.height) > 2) failures.push(`frame ${h}px after reflow, message said ${last.height}`);
  console.log(`[embed] sandboxed lazy iframe on another origin: heights ${wide.height} (1280 px) then ${last.height} (390 px), frame follows`);
} finally {
  await browser.close();
  app.close();
  host.close();
}
if (failures.length) {
  console.error(failures.map((f) => `[embed] FAIL ${f}`).join('\n'));
  process.exit(1);
}
console.log('[embed] 1 passed, 0 failed');
