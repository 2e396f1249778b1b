// End-to-end tests of the picture on the release build, as a user meets it: dist/
// served by a plain static server in headless Chromium, with the page's own CSP and
// its real compute worker. Checks that a fresh page plays through once, that no
// stage scrolls sideways at 360, 390 and 1280 px, that a hovered value and its trace
// are on screen together (mouse and keyboard), and that the PNG, SVG and GIF exports
// decode (the GIF from the worker, with a frame per stage, >= 600 px, <= 5 MB).
//
// Usage: node tests/e2e/picture.mjs [dist-dir]   (make test runs it after trunk build)
import fs from 'node:fs';
import path from 'node:path';
import { assert, checks, launch, serve, settled } from './serve.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
const { server, origin: root } = await serve(dist);
const origin = `${root}/`;
const browser = await launch();

const { check, done } = checks('picture');

async function open(query, viewport = { width: 1280, height: 800 }, opts = {}) {
  const page = await browser.newPage({ viewport, acceptDownloads: true, ...opts });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(origin + query, { waitUntil: 'load' });
  await page.locator('[data-testid="picture"]').waitFor({ timeout: 20000 });
  page.errors = errors;
  return page;
}

/** Frames in a GIF: walks its blocks (image descriptors 0x2C, extensions 0x21). */
function gifFrames(buf) {
  assert(buf.subarray(0, 6).toString('latin1') === 'GIF89a', 'not a GIF89a');
  const width = buf.readUInt16LE(6);
  let i = 13;
  const flags = buf[10];
  if (flags & 0x80) i += 3 * (1 << ((flags & 7) + 1));
  let frames = 0;
  const skipSub = () => { while (buf[i] !== 0) i += buf[i] + 1; i += 1; };
  while (i < buf.length) {
    const b = buf[i];
    if (b === 0x3b) break;
    if (b === 0x21) { i += 2; skipSub(); continue; }
    if (b === 0x2c) {
      frames += 1;
      const f = buf[i + 9];
      i += 10;
      if (f & 0x80) i += 3 * (1 << ((f & 7) + 1));
      i += 1; // LZW minimum code size
      skipSub();
      continue;
    }
    throw new Error(`bad GIF block 0x${b.toString(16)} at ${i}`);
  }
  return { width, frames };
}

try {
  await check('a fresh page plays through every stage once, on the sample image', async () => {
    const page = await open('');
    const seen = new Set();
    for (let t = 0; t < 200 && !seen.has('done'); t++) {
      seen.add(await page.locator('[data-testid="stage"]').getAttribute('data-stage'));
      await page.waitForTimeout(80);
    }
    for (const s of ['input', 'split', 'group-conv', 'concat', 'done']) assert(seen.has(s), `never showed ${s}: ${[...seen]}`);
    assert(await page.locator('[data-testid="field-input"]').inputValue() === 'sample', 'the default input is not the sample image');
    assert(page.errors.length === 0, page.errors.join('; '));
    await page.close();
  });

  await check('while a slow job computes the playhead holds, then plays on from there', async () => {
    const page = await open('?mode=standard&in_channels=256&out_channels=256&h=224&w=224&kernel_size=3&padding=1');
    const stats = page.locator('[data-testid="output-stats"]');
    const stage = page.locator('[data-testid="stage"]');
    const finished = () => settled(page, { timeout: 60000, polling: 20 });
    const at = async () => `${await stage.getAttribute('data-stage')} ${await stage.getAttribute('data-progress')}`;
    await finished();
    await page.waitForTimeout(300);
    assert(await page.locator('[data-testid="play"]').getAttribute('data-playing') === 'true', 'not playing after the first result');
    await page.fill('[data-testid="field-seed"]', '77');
    await page.locator('[data-testid="progress"]').waitFor({ timeout: 5000 });
    const held = await at();
    let samples = 0;
    while (await stats.evaluate((e) => e.classList.contains('stale'))) {
      const now = await at();
      assert(now === held, `the playhead moved from ${held} to ${now} while the job computed`);
      samples++;
      await page.waitForTimeout(100);
    }
    assert(samples >= 2, `only ${samples} samples while the job computed`);
    await finished();
    await page.waitForTimeout(500);
    const after = await at();
    assert(after !== held, `the playhead stayed at ${held} after the result`);
    assert(page.errors.length === 0, page.errors.join('; '));
    await page.close();
  });

  await check('a link that names a stage opens there and does not play', async () => {
    const page = await open('?stage=concat');
    await page.waitForTimeout(1500);
    assert(await page.locator('[data-testid="stage"]').getAttribute('data-stage') === 'concat', 'moved off concat');
    await page.close();
  });

  await check('no stage scrolls sideways at 360, 390 and 1280 px, in every kind', async () => {
    for (const [w, h] of [[360, 740], [390, 844], [1280, 800]]) {
      for (const q of ['mode=grouped&in_channels=12&out_channels=12&groups=3', 'mode=depthwise&in_channels=7',
        'mode=separable&in_channels=5&out_channels=7', 'mode=standard&in_channels=3&h=224&w=224']) {
        for (const stage of ['input', 'split', 'group-conv', 'concat', 'pointwise', 'done']) {
          const page = await open(`?${q}&stage=${stage}`, { width: w, height: h });
          await page.waitForTimeout(250);
          const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert(scroll <= 0, `${q} ${stage} at ${w}px scrolls sideways by ${scroll}px`);
          await page.close();
        }
      }
    }
  });

  for (const [w, h] of [[1280, 800], [390, 844]]) {
    await check(`at ${w}x${h} a hovered value and its trace are on screen together`, async () => {
      const page = await open('?mode=grouped&in_channels=8&out_channels=8&groups=4&h=16&w=16&stage=done', { width: w, height: h });
      const view = page.locator('[data-testid="output-view"]');
      await view.scrollIntoViewIfNeeded();
      const box = await view.boundingBox();
      const [x, y] = [box.x + box.width * 0.8, box.y + box.height * 0.85];
      await page.mouse.move(x, y);
      const trace = page.locator('[data-testid="trace"][data-terms]');
      await trace.waitFor({ timeout: 5000 });
      const t = await trace.boundingBox();
      const inView = (r) => r.y < h && r.y + Math.min(r.height, 80) > 0 && r.x >= 0 && r.x + r.width <= w + 1;
      assert(y >= 0 && y <= h, `the hovered point is off screen (${y})`);
      assert(inView(t), `trace at ${JSON.stringify(t)} is off a ${w}x${h} screen`);
      assert(await trace.getAttribute('data-terms') === String(2 * 9), 'a 3x3 filter over 2 channels is 18 multiply-adds');
      assert((await trace.textContent()).includes('equals the value shown'), 'trace sum differs from the value');
      await page.close();
    });
  }

  await check('the output view takes the keyboard: Tab to it, arrows move the trace', async () => {
    const page = await open('?mode=depthwise&in_channels=3&h=8&w=8&stage=done');
    await page.locator('[data-testid="output-view"]').focus();
    await page.keyboard.press('ArrowDown');
    const title = page.locator('[data-testid="trace"] h2');
    await title.waitFor();
    assert((await title.textContent()).includes('[0, 0, 0, 0]'), await title.textContent());
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('PageDown');
    await page.waitForTimeout(150);
    assert((await title.textContent()).includes('[0, 1, 0, 1]'), await title.textContent());
    assert(await page.locator('[data-testid="stage"]').getAttribute('data-stage') === 'done', 'arrow keys in the output view moved the timeline');
    await page.close();
  });

  await check('Space and the arrow keys drive the transport and never scroll the page', async () => {
    const page = await open('?mode=grouped&in_channels=6&out_channels=6&groups=3&stage=input');
    await page.evaluate(() => window.scrollTo(0, 200));
    const y0 = await page.evaluate(() => window.scrollY);
    const stage = page.locator('[data-testid="stage"]');
    await page.keyboard.press('ArrowRight');
    assert(await stage.getAttribute('data-stage') === 'split', 'ArrowRight did not step');
    await page.keyboard.press(' ');
    await page.waitForTimeout(400);
    assert(await page.locator('[data-testid="play"]').getAttribute('data-playing') === 'true', 'Space did not play');
    await page.keyboard.press(' ');
    assert(await page.evaluate(() => window.scrollY) === y0, 'Space or an arrow scrolled the page');
    await page.close();
  });

  await check('the transport from the keyboard alone: Tab reaches each control with a visible focus ring', async () => {
    const page = await open('?mode=grouped&in_channels=6&out_channels=6&groups=3&stage=input');
    const stage = page.locator('[data-testid="stage"]');
    for (const id of ['step-back', 'play', 'step-forward', 'scrub', 'speed']) {
      let found = false;
      for (let i = 0; i < 80 && !found; i++) {
        await page.keyboard.press('Tab');
        found = await page.evaluate((id) => document.activeElement?.dataset?.testid === id, id);
      }
      assert(found, `Tab never reached ${id}`);
      const ring = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, parseFloat(s.outlineWidth)];
      });
      assert(ring[0] !== 'none' && ring[1] >= 2, `${id} has no visible focus ring: ${ring}`);
      if (id === 'step-forward') {
        await page.keyboard.press('Enter');
        assert(await stage.getAttribute('data-stage') === 'split', 'Enter on Next did not step');
      }
      if (id === 'scrub') {
        await page.keyboard.press('End');
        await page.waitForTimeout(100);
        assert(await stage.getAttribute('data-stage') === 'done', 'End on the slider did not go to the end');
      }
    }
    await page.close();
  });

  await check('prefers-reduced-motion: no autoplay, and steps show whole at once', async () => {
    const page = await open('?mode=grouped&in_channels=4&out_channels=4&groups=2', undefined, { reducedMotion: 'reduce' });
    const stage = page.locator('[data-testid="stage"]');
    await page.waitForTimeout(800);
    assert(await page.locator('[data-testid="play"]').getAttribute('data-playing') === 'false', 'it autoplayed');
    assert(await stage.getAttribute('data-progress') === '1.000', 'the first step is not whole');
    await page.click('[data-testid="play"]');
    for (let i = 0; i < 10; i++) {
      await page.waitForTimeout(120);
      const p = await stage.getAttribute('data-progress');
      assert(p === '1.000', `a step swept (progress ${p})`);
    }
    await page.close();
  });

  await check('lang=zh: the caption and the narration in Chinese, the narration once per stage', async () => {
    const page = await open('?lang=zh&mode=grouped&in_channels=4&out_channels=4&groups=2&stage=concat');
    const narration = page.locator('[data-testid="narration"]');
    assert((await narration.textContent()).includes('拼接'), await narration.textContent());
    assert((await page.locator('[data-testid="stage"]').textContent()).includes('拼接'), 'caption');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(150);
    assert((await narration.textContent()).includes('完成'), await narration.textContent());
    assert(await page.evaluate(() => document.documentElement.lang) === 'zh', '<html lang>');
    await page.close();
  });

  await check('PNG and SVG exports decode as images at least 600 px wide', async () => {
    const page = await open('?mode=separable&in_channels=4&out_channels=6&stage=pointwise');
    let svg = '';
    for (const [id, prefix] of [['export-png', 'data:image/png'], ['export-svg', 'blob:']]) {
      const download = page.waitForEvent('download');
      await page.click(`[data-testid="${id}"]`);
      const d = await download;
      if (id === 'export-svg') svg = fs.readFileSync(await d.path(), 'utf8');
      const href = await page.locator(`[data-testid="${id}"]`).getAttribute('data-href');
      assert(href && href.startsWith(prefix), `${id} data-href ${href?.slice(0, 30)}`);
      const size = await page.evaluate(async (u) => {
        const img = new Image();
        img.src = u;
        await img.decode();
        return [img.naturalWidth, img.naturalHeight];
      }, href);
      assert(size[0] >= 600 && size[1] > 100, `${id} decodes to ${size}`);
      assert(d.suggestedFilename().startsWith('groupwise-separable'), d.suggestedFilename());
    }
    assert(svg.includes('>Pointwise 1×1</text>') && svg.includes('<image'), 'SVG lacks the labels or heatmaps');
    await page.close();
  });

  await check('the GIF export is encoded in the worker: a frame per stage, >= 600 px, <= 5 MB, page responsive', async () => {
    const page = await open('?stage=done');
    const steps = Number((await page.locator('.stage-step').textContent()).match(/of (\d+)/)[1]);
    const download = page.waitForEvent('download', { timeout: 60000 });
    await page.click('[data-testid="export-gif"]');
    // While it encodes, the page still answers: a step moves the timeline at once.
    await page.click('[data-testid="step-back"]');
    assert(await page.locator('[data-testid="stage"]').getAttribute('data-stage') !== 'done', 'page did not respond during the export');
    const d = await download;
    const file = await d.path();
    const buf = fs.readFileSync(file);
    const { width, frames } = gifFrames(buf);
    assert(width >= 600, `GIF is ${width} px wide`);
    assert(frames >= steps, `${frames} frames for ${steps} steps`);
    assert(buf.length <= 5 * 1024 * 1024, `GIF is ${buf.length} bytes`);
    assert(Number(await page.locator('[data-testid="export-gif"]').getAttribute('data-frames')) === frames, 'data-frames');
    console.log(`[picture]      GIF: ${frames} frames for ${steps} steps, ${width} px wide, ${(buf.length / 1024).toFixed(0)} KB`);
    assert(page.errors.length === 0, page.errors.join('; '));
    await page.close();
  });
} finally {
  await browser.close();
  server.close();
}
done();
