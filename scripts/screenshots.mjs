// Screenshots of the release build as a user meets it, for reviewing the page by eye.
// Serves dist/ on loopback, opens each query at each viewport in headless Chromium,
// waits for the picture, optionally steps to a stage, and saves a PNG per shot. It
// prints how far each page scrolls sideways (scrollWidth - innerWidth), which must be 0.
//
// Usage: node scripts/screenshots.mjs OUT_DIR 'query' [more queries...]
//   env SIZES="1280x800,390x844" (default), STAGES="input,split,group-conv,concat,done"
//   (empty STAGES: the page as it opens, after the autoplay settles), SCHEME=dark,
//   FULL=1 (whole page), SCROLLTO=selector (scroll it into view first), DIST=dir (default dist)
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve } from '../tests/e2e/serve.mjs';

const [out, ...queries] = process.argv.slice(2);
if (!out || queries.length === 0) {
  console.error('usage: node scripts/screenshots.mjs OUT_DIR QUERY...');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const { server, origin: root } = await serve(process.env.DIST ?? 'dist');
const origin = `${root}/`;
const sizes = (process.env.SIZES ?? '1280x800,390x844').split(',').map((s) => s.split('x').map(Number));
const stages = process.env.STAGES === undefined ? ['input', 'split', 'group-conv', 'concat', 'done'] : process.env.STAGES.split(',').filter(Boolean);
const browser = await launch();
let worst = 0;
try {
  for (const q of queries) {
    for (const [w, h] of sizes) {
      for (const stage of stages.length ? stages : [null]) {
        const page = await browser.newPage({ viewport: { width: w, height: h }, colorScheme: process.env.SCHEME ?? 'light' });
        page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
        const url = origin + '?' + q + (stage ? `&stage=${stage}` : '');
        await page.goto(url, { waitUntil: 'load' });
        await page.locator('[data-testid="picture"]').waitFor({ timeout: 20000 });
        await page.waitForTimeout(stage ? 400 : 9000);
        if (process.env.SCROLLTO) await page.locator(process.env.SCROLLTO).first().scrollIntoViewIfNeeded();
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        worst = Math.max(worst, scroll);
        const name = `${q.replace(/[^a-z0-9=]+/gi, '_').slice(0, 60)}_${stage ?? 'open'}_${w}x${h}.png`;
        await page.screenshot({ path: path.join(out, name), fullPage: process.env.FULL === '1' });
        console.log(`${name}: sideways scroll ${scroll}px`);
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`widest sideways scroll: ${worst}px`);
