// The networks view of the release build: whole networks compared by kind, and
// the learner's own ONNX file, read in the model worker. The numbers are held
// against PyTorch's own counts (tests/fixtures/onnx/counts.json, made by the
// committed export script with forward hooks), on files PyTorch's exporters
// wrote; a layer opens in the picture; bad files get a message that names what
// is wrong, and the page keeps what it showed.
import fs from 'node:fs';
import path from 'node:path';
import { assert, checks, launch, serve, settled } from './serve.mjs';

const dist = process.argv[2] ?? 'dist';
const FIX = 'tests/fixtures/onnx';
const counts = JSON.parse(fs.readFileSync(path.join(FIX, 'counts.json'), 'utf8'));
const KINDS = ['standard', 'grouped', 'depthwise', 'pointwise', 'fully_connected'];
const { server, origin } = await serve(dist);
const browser = await launch();
const { check, done } = checks('networks');

/** A page at `query`, scrolled to the networks view once its first result is in. */
async function open(query = '', viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/?${query}`);
  await settled(page);
  await page.locator('[data-testid="plots-host"]').scrollIntoViewIfNeeded();
  await page.locator('[data-testid="networks-view"]').waitFor({ timeout: 60000 });
  page.errors = errors;
  return page;
}

/** Picks `file` (a path, or {name, buffer}) and waits for the summary or the error. */
async function pick(page, file) {
  const before = await page.locator('[data-testid="model-error"]').count();
  await page.locator('[data-testid="model-open"]').setInputFiles(file);
  await page.waitForFunction((n) => {
    const busy = document.querySelector('.model-open [role="status"].muted');
    return !busy && (document.querySelector('[data-testid="model-summary"]') || document.querySelectorAll('[data-testid="model-error"]').length > n);
  }, before, { timeout: 60000 });
}

const summary = (page) => page.evaluate(() => ({ ...document.querySelector('[data-testid="model-summary"]')?.dataset }));

try {
  await check('the compared presets are PyTorch\'s totals: MobileNetV2, ShuffleNetV2, ResNet-50 at 224', async () => {
    const page = await open();
    const rows = await page.locator('[data-testid="compare-row"]').evaluateAll((rs) => rs.map((r) => ({ ...r.dataset })));
    const want = ['mobilenet_v2', 'shufflenet_v2_x1_0', 'resnet50'].map((m) => counts.models[m].totals);
    assert(rows.length === 3, `${rows.length} rows`);
    rows.forEach((r, i) => {
      assert(Number(r.cost) === want[i].macs, `row ${i}: ${r.cost} MACs, PyTorch ${want[i].macs}`);
      assert(Number(r.params) === want[i].params, `row ${i}: ${r.params} params, PyTorch ${want[i].params}`);
    });
    assert(await page.locator('[data-testid="chart-networks"]').count() === 1, 'no comparison chart');
    assert(page.errors.length === 0, page.errors.join('; '));
    await page.close();
  });

  for (const file of ['mobilenet_v2.onnx', 'shufflenet_v2_x1_0.onnx', 'convnext_tiny.dynamo.onnx', 'efficientnet_b0.onnx']) {
    await check(`${file}, from PyTorch's exporter: MACs by kind and layers equal PyTorch's counts`, async () => {
      const page = await open();
      await pick(page, path.join(FIX, file));
      const s = await summary(page);
      const model = counts.fixtures.find((f) => f.file === file).model;
      const t = counts.models[model].totals;
      assert(Number(s.macs) === t.macs, `${s.macs} MACs, PyTorch ${t.macs}`);
      assert(Number(s.layers) === t.layers, `${s.layers} layers, PyTorch ${t.layers}`);
      for (const k of KINDS) {
        const got = Number(s[`macs${k.replace(/(^|_)(\w)/g, (_, __, c) => c.toUpperCase())}`]);
        const want = t.by_kind[k]?.macs ?? 0;
        assert(got === want, `${k}: ${got} MACs, PyTorch ${want}`);
      }
      const kinds = await page.locator('[data-testid="model-layer"]').evaluateAll((rs) => rs.map((r) => r.dataset.kind));
      const convs = kinds.filter((k) => KINDS.includes(k)).length;
      assert(convs === t.layers, `${convs} layer rows`);
      if (model.startsWith('shufflenet')) {
        assert(kinds.filter((k) => k === 'channel_shuffle').length === 16, 'the 16 shuffles');
        assert(kinds.includes('concat') && kinds.includes('channel_split'), 'split and concat markers');
      }
      // The picker's events stay in the plots: the page's own fields never read them.
      const out = await page.locator('[data-testid="field-out_channels"]').inputValue();
      assert(out === '16' && await page.locator('.stale-note').count() === 0, `the page's form changed: out_channels=${out}`);
      // The comparison gains the model, drawn apart.
      assert(await page.locator('[data-testid="compare-row"][data-own="true"]').count() === 1, 'not compared');
      await page.close();
    });
  }

  await check('a symbolic batch is taken as 1, and the page says so', async () => {
    const page = await open();
    await pick(page, path.join(FIX, 'mobilenet_v2.dynbatch.onnx'));
    const s = await summary(page);
    assert(Number(s.macs) === counts.models.mobilenet_v2.totals.macs, s.macs);
    const note = await page.locator('[data-testid="model-note"]').first().textContent();
    assert(/batch/.test(note) && /1/.test(note), note);
    await page.close();
  });

  await check('a layer of the model opens in the picture with its own sizes and kind (keyboard)', async () => {
    const page = await open();
    await pick(page, path.join(FIX, 'mobilenet_v2.onnx'));
    const row = page.locator('[data-testid="model-layer"][data-kind="depthwise"]').nth(2);
    const cin = await row.getAttribute('data-in-channels');
    const button = row.locator('button');
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((c) => document.querySelector('[data-testid="field-in_channels"]')?.value === c, cin, { timeout: 20000 });
    await settled(page);
    const mode = await page.evaluate(() => new URLSearchParams(location.search).get('mode'));
    assert(mode === 'depthwise', `mode ${mode}`);
    const shape = await page.locator('[data-testid="output-shape"]').getAttribute('data-shape');
    assert(shape.split(',')[1] === cin, `output ${shape}, ${cin} channels`);
    await page.close();
  });

  const bad = [
    ['an empty file', { name: 'empty.onnx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) }, /empty/],
    ['a file that is not ONNX', { name: 'notes.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a model at all\n'.repeat(40)) }, /not an ONNX model/],
    ['a file cut short', { name: 'cut.onnx', mimeType: 'application/octet-stream', buffer: fs.readFileSync(path.join(FIX, 'mobilenet_v2.onnx')).subarray(0, 20000) }, /cut short/],
    ['an unsupported opset', { name: 'opset3.onnx', mimeType: 'application/octet-stream', buffer: opset3() }, /unsupported opset.*version 3/],
  ];
  await check('bad files are named for what is wrong, and the page keeps what it showed', async () => {
    const page = await open();
    await pick(page, path.join(FIX, 'shufflenet_v2_x1_0.onnx'));
    const kept = (await summary(page)).macs;
    const stats = await page.locator('[data-testid="output-stats"]').textContent();
    for (const [what, file, words] of bad) {
      await pick(page, file);
      const msg = await page.locator('[data-testid="model-error"]').last().textContent();
      assert(words.test(msg), `${what}: "${msg}"`);
      assert((await summary(page)).macs === kept, `${what}: the last model is gone`);
    }
    assert(await page.locator('[data-testid="output-stats"]').textContent() === stats, 'the page\'s result changed');
    assert(page.errors.length === 0, page.errors.join('; '));
    await page.close();
  });

  await check('in Chinese, at 390 px: the view and a bad file\'s message read in Chinese, no sideways scroll', async () => {
    const page = await open('lang=zh', { width: 390, height: 844 });
    await pick(page, path.join(FIX, 'mobilenet_v2.onnx'));
    await pick(page, bad[2][1]);
    const msg = await page.locator('[data-testid="model-error"]').last().textContent();
    assert(/[\u4e00-\u9fff]/.test(msg) && /截断/.test(msg), msg);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(scroll === 0, `scrolls sideways by ${scroll} px`);
    await page.close();
  });
} finally {
  await browser.close();
  server.close();
}
done();

/** A model whose default operator set is version 3: valid protobuf, too old an opset. */
function opset3() {
  const varint = (n) => { const b = []; do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; b.push(x); } while (n); return b; };
  const field = (num, wire, p) => [...varint((num << 3) | wire), ...(wire === 2 ? [...varint(p.length), ...p] : p)];
  const str = (s) => [...Buffer.from(s)];
  const opset = field(8, 2, [...field(1, 2, str('')), ...field(2, 0, varint(3))]);
  const graph = field(7, 2, [...field(2, 2, str('g')), ...field(11, 2, field(1, 2, str('x')))]);
  return Buffer.from([...field(1, 0, varint(7)), ...graph, ...opset]);
}
