// End-to-end tests of the task workers on the release build: the code panel's
// scripts and .npz, and the share link's QR code, are made by a worker of their
// own (the page's wasm links none of that code), so only the shipped page with
// its real worker script shows that they work. Driven by the keyboard where a
// user can; odd channel counts; both languages; no console error, no request
// leaving the origin.
//
// Usage: node tests/e2e/tasks.mjs [dist-dir]   (make test runs it after trunk build)
import fs from 'node:fs';
import path from 'node:path';
import { assert, checks, launch, serve } from './serve.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
const { server, origin: root } = await serve(dist);
const origin = `${root}/`;
const browser = await launch();

const { check, done } = checks('tasks');

async function open(query, viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // No errors, and no deprecation warning (the workers' loader once gave one per worker).
  page.on('console', (m) => {
    if (m.type() === 'error' || (m.type() === 'warning' && /deprecat/i.test(m.text()))) errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(root) && !u.startsWith('data:') && !u.startsWith('blob:')) errors.push(`request left the origin: ${u}`);
  });
  await page.goto(origin + query, { waitUntil: 'load' });
  await page.locator('[data-testid="output-stats"][data-sum]').waitFor({ timeout: 20000 });
  page.errors = errors;
  return page;
}

/** The sum as the page's stats line prints it, in either language. */
async function pageSum(page) {
  const stats = await page.locator('[data-testid="output-stats"]').textContent();
  const m = stats.match(/(?:sum|\u603b\u548c) (-?[0-9.e+-]+)/);
  if (!m) throw new Error(`no sum in ${stats}`);
  return m[1];
}

/** Opens the code panel from the keyboard (focus its summary, press Enter). */
async function openCode(page) {
  await page.locator('[data-testid="code-panel"] > summary').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="code-pytorch"]').waitFor({ timeout: 30000 });
  return [await page.locator('[data-testid="code-pytorch"]').textContent(),
    await page.locator('[data-testid="code-keras"]').textContent()];
}

try {
  for (const [kind, query, want] of [
    ['standard', 'mode=standard&in_channels=3&out_channels=5&h=7&w=7', 'nn.Conv2d(3, 5, kernel_size=(3, 3)'],
    ['grouped', 'mode=grouped&in_channels=6&out_channels=9&groups=3&h=5&w=5', 'groups=3, bias=True'],
    ['depthwise', 'mode=depthwise&in_channels=7&multiplier=1&h=1&w=1&kernel_size=1&padding=0', 'nn.Conv2d(7, 7, kernel_size=(1, 1)'],
    ['separable', 'mode=separable&in_channels=5&out_channels=7&h=9&w=9', 'nn.Conv2d(5, 7, 1, bias=True)'],
  ]) {
    await check(`${kind}: the worker's scripts carry the layer and the page's sum`, async () => {
      const page = await open(`?${query}&stage=done`);
      const [torch, keras] = await openCode(page);
      assert(torch.includes(want), `PyTorch script lacks ${want}: ${torch.slice(0, 400)}`);
      const line = `# The page showed: `;
      const sum = await pageSum(page);
      assert(torch.includes(line) && torch.includes(`sum ${sum}`), `PyTorch script lacks the page's sum ${sum}`);
      assert(keras.includes(`sum ${sum}`) && keras.includes('import keras'), 'Keras script lacks the sum or its import');
      assert(page.errors.length === 0, page.errors.join('; '));
      await page.close();
    });
  }

  await check('the .npz is made in the worker and downloaded from the keyboard, twice from one file', async () => {
    const page = await open('?mode=grouped&in_channels=4&out_channels=6&groups=2&h=5&w=5&stage=done');
    const button = page.locator('[data-testid="download-npz"]');
    await page.locator('[data-testid="code-panel"] > summary').focus();
    await page.keyboard.press('Enter');
    await button.focus();
    const download = page.waitForEvent('download', { timeout: 30000 });
    await page.keyboard.press('Enter');
    const d = await download;
    const buf = fs.readFileSync(await d.path());
    assert(buf.subarray(0, 4).toString('latin1') === 'PK\x03\x04', 'not a zip');
    for (const name of ['x.npy', 'w.npy', 'b.npy', 'y.npy']) assert(buf.includes(name), `${name} missing`);
    assert(buf.includes("'shape': (1, 6, 5, 5)"), 'y has the wrong shape');
    assert(d.suggestedFilename() === 'groupwise-grouped-4to6-g2.npz', d.suggestedFilename());
    const href = await button.getAttribute('data-href');
    assert(href && href.startsWith('blob:'), `data-href ${href}`);
    // A second press saves the same file again, without a second replay.
    const again = page.waitForEvent('download', { timeout: 10000 });
    await page.keyboard.press('Enter');
    await again;
    assert(await button.getAttribute('data-href') === href, 'a second file was made');
    assert(page.errors.length === 0, page.errors.join('; '));
    await page.close();
  });

  await check('a new result gets new scripts, on a Chinese page', async () => {
    const page = await open('?mode=depthwise&in_channels=3&h=6&w=6&stage=done&lang=zh');
    const [first] = await openCode(page);
    assert(first.includes('Output [1, 3, 6, 6]'), 'first script is not of the 6x6 input');
    await page.fill('[data-testid="field-h"]', '5');
    // Until the new result's scripts arrive, the old ones are not shown.
    await page.waitForFunction(() => {
      const c = document.querySelector('[data-testid="code-pytorch"]');
      return c && c.textContent.includes('Output [1, 3, 5, 6]');
    }, null, { timeout: 30000 });
    const sum = await pageSum(page);
    const torch = await page.locator('[data-testid="code-pytorch"]').textContent();
    assert(torch.includes(`sum ${sum}`), `the new script lacks the new sum ${sum}`);
    const summary = await page.locator('[data-testid="code-panel"] > summary').textContent();
    assert(/[\u4e00-\u9fff]/.test(summary), `summary not in Chinese: ${summary}`);
    assert(page.errors.length === 0, page.errors.join('; '));
    await page.close();
  });

  await check("the share dialog's QR code is drawn in the worker and decodes (390 px, keyboard)", async () => {
    const page = await open('?mode=grouped&in_channels=12&out_channels=12&groups=3', { width: 390, height: 844 });
    await page.locator('[data-testid="share-open"]').focus();
    await page.keyboard.press('Enter');
    const qr = page.locator('[data-testid="share-qr"]');
    await qr.waitFor({ timeout: 15000 });
    const src = await qr.getAttribute('src');
    assert(src.startsWith('data:image/svg+xml'), src.slice(0, 40));
    const size = await qr.evaluate(async (img) => { await img.decode(); return [img.naturalWidth, img.naturalHeight]; });
    assert(size[0] >= 200 && size[0] === size[1], `QR decodes to ${size}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert(!wide, 'the page scrolls sideways with the dialog open');
    await page.keyboard.press('Escape');
    const focused = await page.evaluate(() => document.activeElement?.dataset.testid);
    assert(focused === 'share-open', `focus went to ${focused}`);
    assert(page.errors.length === 0, page.errors.join('; '));
    await page.close();
  });
} finally {
  await browser.close();
  server.close();
}
done();
