// Accessibility check of the release build with axe-core (WCAG 2.1 A and AA
// rules), in headless Chromium, as a user meets the page: dist/ served under its
// own CSP, in English and Chinese, light and dark, on a 390-px phone and a
// 1280×800 laptop. Fails on any serious or critical violation, and on a page
// wider than its viewport (sideways scrolling).
//
// Each page is checked twice: once the picture has played to its end, and with
// the share dialog open (a modal with its own controls).
//
// Usage: node tests/e2e/axe.mjs [dist-dir]   (make test runs it after trunk build)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { launch, serve } from './serve.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');
const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const { server, origin } = await serve(dist, '/');

const LANGS = ['en', 'zh'];
const THEMES = ['light', 'dark'];
const SIZES = [{ width: 390, height: 844 }, { width: 1280, height: 800 }];

/** axe's serious and critical violations on the page as it is now. */
async function violations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern:
  // the page itself still runs under its own strict policy.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describe(v) {
  const nodes = v.nodes.slice(0, 4).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 2).join('').trim()}`);
  return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} nodes)\n${nodes.join('\n')}`;
}

const failures = [];
let checked = 0;
const browser = await launch();
try {
  for (const lang of LANGS) {
    for (const theme of THEMES) {
      for (const size of SIZES) {
        const where = `lang=${lang} theme=${theme} ${size.width}px`;
        const page = await browser.newPage({ viewport: size });
        page.on('pageerror', (e) => failures.push(`${where}: page error: ${e.message}`));
        await page.goto(`${origin}/?lang=${lang}&theme=${theme}&stage=done`, { waitUntil: 'load' });
        await page.locator('[data-testid="cost-table"]').waitFor({ timeout: 20000 });
        await page.locator('[data-testid="output-stats"]').waitFor({ timeout: 20000 });
        // The plots come from their own module, once the reader nears them.
        await page.locator('[data-testid="plots-host"]').scrollIntoViewIfNeeded();
        await page.locator('[data-testid="plots"]').waitFor({ timeout: 20000 });
        await page.waitForTimeout(500);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (wide > 0) failures.push(`${where}: the page is ${wide}px wider than the viewport`);
        for (const v of await violations(page)) failures.push(`${where}:\n${describe(v)}`);
        await page.locator('[data-testid="share-open"]').click();
        await page.locator('[data-testid="share-dialog"]').waitFor({ state: 'visible', timeout: 5000 });
        await page.waitForTimeout(300);
        for (const v of await violations(page)) failures.push(`${where}, share dialog open:\n${describe(v)}`);
        checked += 2;
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.error(`[e2e] axe-core: ${failures.length} problem(s):\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(`[e2e] axe-core: no serious or critical WCAG 2.1 AA violation in ${checked} checks (en, zh × light, dark × 390, 1280 px; share dialog open and closed)`);
