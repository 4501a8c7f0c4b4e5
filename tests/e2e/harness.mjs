// Shared set-up for the end-to-end tests: a real server on a fresh SQLite file with seeded
// demo data (or, with `demo: false`, an empty one that `prepare` fills, e.g. through
// `spotdesk-server admin create-user`), and a real headless Chromium driven by playwright-core.
// Each test file starts its own server and removes its database afterwards.
import { spawn } from 'node:child_process';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/**
 * Starts the reference server with demo data; resolves once it prints its URL.
 *
 * With `demo: false` the database starts empty (no accounts, no tickets; the built-in
 * catalogue), and `prepare({ bin, db })` runs first, awaited, with the server binary and the
 * database URL, to set it up as an operator would (`spotdesk-server admin create-user …`).
 * `args` are further flags of `serve` (e.g. `--test-clock`).
 *
 * The returned handle can also `kill()` the process while keeping its database, and
 * `restart()` it on the same database file and port (a server crash and recovery, as the
 * browser sees it); `stop()` ends it and removes the database.
 */
export async function startServer({ seed = 7, days = 14, ticketsPerDay = 40, demo = true, prepare, args = [] } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'spotdesk-e2e-'));
  const bin = process.env.SPOTDESK_SERVER_BIN ?? path.join(root, 'target/debug/spotdesk-server');
  const dist = process.env.SPOTDESK_DIST ?? path.join(root, 'dist');
  const db = `sqlite://${path.join(dir, 'e2e.db')}`;
  const demoArgs = demo
    ? ['--demo', '--seed', String(seed), '--demo-days', String(days), '--demo-tickets-per-day', String(ticketsPerDay)]
    : [];
  const argsFor = (listen) => ['serve', '--db', db, '--listen', listen, '--static-dir', dist, ...demoArgs, ...args];
  if (prepare) {
    try {
      await prepare({ bin, db });
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
  }
  let log = '';
  let child;
  const launch = (listen) => {
    child = spawn(bin, argsFor(listen), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'warn' } });
    const proc = child;
    proc.stderr.on('data', (d) => { log += d; });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${log}`)), 60_000);
      let out = '';
      proc.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/Spotdesk listening on (http:\/\/\S+)/);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${log}`)); });
    });
  };
  const url = await launch('127.0.0.1:0');
  const port = new URL(url).port;
  const kill = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    await new Promise((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', r)));
  };
  /** SIGKILL: a crash with no chance to flush or drain (the database file stays). */
  const crash = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGKILL');
    await new Promise((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', r)));
  };
  return {
    url,
    log: () => log,
    crash,
    /** Ends the server process but keeps its database (and its port free for `restart`). */
    kill,
    /** Starts the server again on the same database file and port. */
    async restart() {
      await kill();
      // The port was just released; retry briefly in case the OS has not let go of it yet.
      for (let attempt = 0; ; attempt += 1) {
        try {
          await launch(`127.0.0.1:${port}`);
          return;
        } catch (e) {
          if (attempt >= 10) throw e;
          await new Promise((r) => setTimeout(r, 300));
        }
      }
    },
    async stop() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The usual set-up of a test file: a server (`startServer(serverOptions)`) and a browser,
 * started before the file's tests and closed after them. Returns the handle whose
 * `server` and `browser` are set by the time the tests run.
 */
export function serverAndBrowser(serverOptions) {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    env.server = await startServer(serverOptions);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** Launches Debian's Chromium headless with the flags this closed network needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Opens a page in a fresh context (English UI unless `locale` says otherwise, tablet-sized
 * unless `viewport` says otherwise) and records page errors and CSP violations so a test
 * can assert there were none.
 */
export async function openPage(browser, { locale = 'en-US', viewport = { width: 1024, height: 768 }, hasTouch = false } = {}) {
  const context = await browser.newContext({ locale, viewport, hasTouch });
  const problems = [];
  const cspViolations = [];
  // Every CSP violation in any page of the context, reported by the browser itself.
  await context.exposeBinding('__spotdeskCspViolation', (_source, v) => cspViolations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__spotdeskCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|panicked/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  // Closing the context fails the test when the page broke the CSP, even if the test forgot
  // to look at `problems`.
  const close = context.close.bind(context);
  context.close = async (...args) => {
    await close(...args);
    if (cspViolations.length) throw new Error(`CSP violations:\n${cspViolations.join('\n')}`);
  };
  return { context, page, problems, cspViolations };
}

/**
 * Opens `url` again after the server was down. Chromium keeps retrying its own error page in
 * the background ("auto-reload") and commits that error page late, either of which can
 * interrupt any navigation of ours, even one to about:blank. So: leave the error page, open
 * `url`, and start over (with a growing pause) whenever a navigation is interrupted.
 */
export async function gotoAfterOutage(page, url, attempts = 8) {
  for (let i = 1; ; i++) {
    try {
      await page.goto('about:blank');
      await page.goto(url);
      return;
    } catch (e) {
      if (i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 250 * i));
    }
  }
}

/** Logs in through the login form like a person would. */
export async function login(page, baseUrl, username, password = 'demo') {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/username/i).fill(username);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: /sign in|log in/i }).click();
}

/**
 * Calls the API from inside the page with the signed-in user's token (as the SPA would),
 * for test set-up and for checking what the server holds. Resolves to `{ status, body }`.
 */
export async function apiCall(page, apiPath, { method = 'GET', body, headers = {} } = {}) {
  return page.evaluate(async ({ apiPath, method, body, headers }) => {
    const session = JSON.parse(localStorage.getItem('spotdesk.session') ?? 'null');
    const r = await fetch(`/api/v1${apiPath}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(session ? { Authorization: `Bearer ${session.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed = null;
    try { parsed = JSON.parse(text); } catch { parsed = text; }
    return { status: r.status, body: parsed };
  }, { apiPath, method, body, headers });
}

/** `spotdesk-server admin create-user …`, the password on standard input. */
export function createUser(bin, db, { username, password, role, extra = [] }) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['admin', 'create-user', '--db', db, '--username', username, '--role', role, ...extra],
      { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'warn' } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`create-user ${username}: exit ${code}\n${out}`))));
    child.stdin.end(`${password}\n`);
  });
}

/**
 * `spotdesk-server import <kind> --db DB FILE --quiet` with `text` as the file (named
 * `fileName`, whose extension tells the format): an operator loading their own data, e.g. an
 * address register before the desk can find an address on a server started without `--demo`.
 */
export async function importFile(bin, db, kind, fileName, text) {
  const dir = await mkdtemp(path.join(tmpdir(), 'spotdesk-import-'));
  const file = path.join(dir, fileName);
  try {
    await writeFile(file, text);
    await new Promise((resolve, reject) => {
      const child = spawn(bin, ['import', kind, '--db', db, file, '--quiet'],
        { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'warn' } });
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { out += d; });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`import ${kind}: exit ${code}\n${out}`))));
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Opens a section of the administration page through the menu and the sub-navigation. */
export async function openSection(page, name, path) {
  await page.getByTestId('nav-admin').click();
  await page.waitForURL(/\/admin(\/\w+)?$/);
  await page.getByRole('heading', { name: 'Administration' }).waitFor();
  await page.getByTestId('admin-nav').getByRole('link', { name, exact: true }).click();
  await page.waitForURL(new RegExp(`/admin/${path}$`));
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}

/** Saves the configuration with the save bar and waits for the success note. */
export async function saveConfiguration(page) {
  const bar = page.getByTestId('config-save-bar');
  assert.equal(await bar.getByTestId('config-dirty').getAttribute('data-dirty'), 'true');
  await bar.getByRole('button', { name: 'Save configuration' }).click();
  await bar.getByTestId('config-saved').getByText(/Saved\. New tickets follow it/).waitFor();
  assert.equal(await bar.getByTestId('config-dirty').getAttribute('data-dirty'), 'false');
}
