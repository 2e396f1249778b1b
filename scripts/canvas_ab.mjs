// Canvas screenshots of two builds, compared byte for byte: for a change that
// must not move a pixel (a restructuring), run it on the build before and after.
// Each setting opens at a named stage (so nothing plays), at 390 and 1280 px, in
// light and dark, and the picture's canvas alone is captured once drawn.
//
// Usage: node scripts/canvas_ab.mjs DIST_BEFORE DIST_AFTER [OUT_DIR]
// Exits 1 if any pair differs (the PNGs of a differing pair are kept in OUT_DIR).
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, settled } from '../tests/e2e/serve.mjs';

const [before, after, out = '/tmp/canvas_ab'] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: node scripts/canvas_ab.mjs DIST_BEFORE DIST_AFTER [OUT_DIR]');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const SETTINGS = [
  'mode=grouped&stage=group-conv',
  'mode=standard&in_channels=3&out_channels=5&h=9&w=7&stage=done',
  'mode=depthwise&in_channels=7&multiplier=2&stride=2&h=15&w=15&stage=concat',
  'mode=separable&in_channels=12&out_channels=20&stage=pointwise&lang=zh',
  'mode=grouped&in_channels=64&out_channels=128&groups=16&h=28&w=28&shuffle=1&stage=shuffle&theme=dark',
];
const SIZES = [[1280, 800], [390, 844]];

async function shoot(browser, origin, q, [w, h]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  await page.goto(`${origin}/?${q}`, { waitUntil: 'load' });
  await settled(page);
  const canvas = page.locator('[data-testid="scene-canvas"]');
  await canvas.waitFor();
  // The images are made over a few frames: wait until two captures agree.
  let last = null;
  for (let i = 0; i < 20; i += 1) {
    await page.waitForTimeout(250);
    const png = await canvas.screenshot();
    if (last && png.equals(last)) break;
    last = png;
  }
  await page.close();
  return last;
}

const builds = [];
for (const dir of [before, after]) builds.push(await serve(dir));
const browser = await launch();
let differ = 0;
try {
  for (const q of SETTINGS) {
    for (const size of SIZES) {
      const [a, b] = [await shoot(browser, builds[0].origin, q, size), await shoot(browser, builds[1].origin, q, size)];
      const same = a.equals(b);
      const name = `${q.replace(/[^a-z0-9=]+/gi, '_').slice(0, 70)}_${size[0]}`;
      if (!same) {
        differ += 1;
        fs.writeFileSync(path.join(out, `${name}_before.png`), a);
        fs.writeFileSync(path.join(out, `${name}_after.png`), b);
      }
      console.log(`${same ? 'same  ' : 'DIFFER'} ${size[0]}x${size[1]} ${q} (${a.length} bytes)`);
    }
  }
} finally {
  await browser.close();
  for (const b of builds) b.server.close();
}
console.log(differ ? `${differ} pairs differ (kept in ${out})` : 'every pair is byte-identical');
process.exit(differ ? 1 : 0);
