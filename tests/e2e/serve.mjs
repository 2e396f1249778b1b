// What the e2e tests and scripts/screenshots.mjs share: a plain static server for
// a folder on loopback (as any static host serves dist/), headless Chromium
// started as this machine needs it, and the tests' named checks.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

/** Serves `dir` under `prefix` on 127.0.0.1; resolves to { server, origin }. */
export async function serve(dir, prefix = '/') {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404).end(); return; }
    const rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const file = path.join(root, rel);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** Debian's Chromium, headless; as root it needs --no-sandbox, and this machine's
 *  closed network wants no background connections. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** Resolves once `page` shows a finished result: the output stats carry their
 *  compute time and are no longer marked stale (a job running). */
export function settled(page, { timeout = 120000, polling = 'raf' } = {}) {
  return page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="output-stats"]');
    return s && !s.classList.contains('stale') && s.dataset.computeMs;
  }, null, { timeout, polling });
}

/** Named checks, logged under `[tag]`: `check(name, fn)` runs one and records a
 *  throw as its failure; `done()` prints the tally and exits 1 if any failed. */
export function checks(tag) {
  let passed = 0;
  const failed = [];
  return {
    async check(name, fn) {
      try {
        await fn();
        passed += 1;
        console.log(`[${tag}] ok   ${name}`);
      } catch (e) {
        failed.push(name);
        console.log(`[${tag}] FAIL ${name}: ${e.message}`);
      }
    },
    done() {
      console.log(`[${tag}] ${passed} passed, ${failed.length} failed`);
      if (failed.length) process.exit(1);
    },
  };
}

export function assert(cond, msg) { if (!cond) throw new Error(msg); }
