// The built SPA served by a plain static web server (no nonce, no Spotdesk code), talking to
// the API on another origin, as README "Serving the SPA from any web server or CDN" describes:
// config.json names the API, the server allows the SPA's origin (CORS), and the page's CSP
// comes from scripts/static-csp.sh (inline loader allowed by hash). An agent signs in and sees
// the ticket list, with no CSP violation and no page error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, openPage, login } from './harness.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dist = process.env.SPOTDESK_DIST ?? path.join(root, 'dist');
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json',
};

let staticServer;
let api;
let apiDir;
let browser;
let staticUrl;
let apiUrl;

/** A static host: files from dist/, index.html for client routes, the given CSP on every answer. */
function startStatic(csp, config) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    if (file === '/' || !path.extname(file)) file = '/index.html';
    const headers = {
      'Content-Security-Policy': csp(),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    if (file === '/config.json') {
      res.writeHead(200, { ...headers, 'Content-Type': types['.json'], 'Cache-Control': 'no-cache' });
      res.end(JSON.stringify(config()));
      return;
    }
    try {
      const body = await readFile(path.join(dist, file));
      res.writeHead(200, { ...headers, 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, headers);
      res.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The reference server without static files, allowing the SPA's origin. */
async function startApi(origin) {
  apiDir = await mkdtemp(path.join(tmpdir(), 'spotdesk-static-'));
  const bin = process.env.SPOTDESK_SERVER_BIN ?? path.join(root, 'target/debug/spotdesk-server');
  const child = spawn(bin, ['serve', '--db', `sqlite://${path.join(apiDir, 'api.db')}`, '--listen', '127.0.0.1:0',
    '--demo', '--demo-days', '3', '--demo-tickets-per-day', '20', '--cors-origins', origin],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'warn' } });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${log}`)), 60_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Spotdesk listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${log}`)); });
  });
  return { child, url };
}

before(async () => {
  staticServer = await startStatic(
    () => execFileSync(path.join(root, 'scripts/static-csp.sh'), [dist, apiUrl], { encoding: 'utf8' }).trim(),
    () => ({ api_base: apiUrl }),
  );
  staticUrl = `http://127.0.0.1:${staticServer.address().port}`;
  api = await startApi(staticUrl);
  apiUrl = api.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (api?.child && api.child.exitCode === null) {
    api.child.kill('SIGTERM');
    await new Promise((r) => api.child.once('exit', r));
  }
  if (apiDir) await rm(apiDir, { recursive: true, force: true });
  await new Promise((r) => (staticServer ? staticServer.close(r) : r()));
});

test('the SPA from a plain static host works against an API on another origin', async () => {
  const { context, page, problems, cspViolations } = await openPage(browser);
  try {
    const index = await page.request.get(`${staticUrl}/`);
    const csp = index.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self' 'sha256-[^']+' 'wasm-unsafe-eval'/);
    assert.ok(csp.includes(`connect-src 'self' ${apiUrl}`), csp);

    await login(page, staticUrl, 'agent');
    await page.waitForURL(/\/desk$/);
    // The list comes from the API origin (the static host has no /api at all).
    await page.getByTestId('ticket-row').first().waitFor();
    assert.ok(await page.getByTestId('ticket-row').count() > 0);
    assert.deepEqual(problems, []);
    assert.deepEqual(cspViolations, []);
  } finally {
    await context.close();
  }
});
