// First contentful paint and the main thread's long tasks at load, five loads
// of `/?stage=done` (no autoplay) at 1280×800 for each dist directory given,
// so that two builds are compared in one run. Reported, never asserted.
//
// Usage: node scripts/first_paint.mjs dist [other-dist ...]
import { launch, serve } from '../tests/e2e/serve.mjs';

const out = [];
for (const dir of process.argv.slice(2)) {
  const { server, origin } = await serve(dir, '/');
  const browser = await launch();
  const fcp = [];
  const tasks = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      window.__lt = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__lt.push(Math.round(e.duration));
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${origin}/?stage=done`, { waitUntil: 'load' });
    // The plots load only when scrolled near, so the page is loaded with its picture.
    await page.waitForSelector('[data-testid="picture"]', { timeout: 20000 });
    await page.waitForTimeout(1500);
    fcp.push(await page.evaluate(() =>
      Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime)));
    tasks.push(await page.evaluate(() => window.__lt.join('/')));
    await page.close();
  }
  out.push(`${dir}: FCP ms ${fcp.join(' ')}; long tasks at load (ms): ${tasks.join(' | ')}`);
  await browser.close();
  server.close();
}
console.log(out.join('\n'));
