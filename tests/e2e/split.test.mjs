// Code splitting (issue 8 row 7), as a person meets it: the sign-in page comes from the main
// module alone; a page group's wasm (split_<group>.wasm, crates/wasm-split) is fetched on the
// first visit of one of its pages and the page then works; a group that cannot be fetched
// shows an error with "Try again", which loads it once the network is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, login } from './harness.mjs';

const env = serverAndBrowser();

/** Polls `ok()` every 100 ms for up to 10 s. */
async function waitFor(ok, what) {
  const end = Date.now() + 10_000;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Records the wasm files the page fetches (file names, with their HTTP status). */
function wasmFetches(page) {
  const seen = [];
  page.on('response', (r) => {
    const m = new URL(r.url()).pathname.match(/([^/]+\.wasm)$/);
    if (m) seen.push({ file: m[1], status: r.status() });
  });
  return seen;
}

test('sign-in needs only the main module; the dashboard fetches its own chunk and works', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    const fetched = wasmFetches(page);
    await page.goto(env.server.url);
    await page.waitForURL(/\/login/);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // Give a stray prefetch the time to show up before looking.
    await page.waitForTimeout(500);
    const names = fetched.map((f) => f.file);
    assert.equal(names.length, 1, `only the main module before signing in: ${names.join(', ')}`);
    assert.match(names[0], /_bg\.wasm$/);
    assert.ok(!names.some((n) => n.startsWith('split_') || n.startsWith('chunk_')), names.join(', '));

    await page.getByLabel(/username/i).fill('manager');
    await page.getByLabel(/password/i).fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard/);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.waitForFunction(() => /[1-9]/.test(document.querySelector('[data-testid="dash-registered"]')?.textContent ?? ''));
    const dash = fetched.find((f) => f.file === 'split_dashboard.wasm');
    assert.ok(dash, `the dashboard's chunk was fetched: ${fetched.map((f) => f.file).join(', ')}`);
    assert.equal(dash.status, 200);
    // The page being opened comes first; the rest of the manager's menu (board, map, ticket
    // list) follows in the background, and nothing outside it (the public status page).
    const groups = () => fetched.map((f) => f.file).filter((n) => n.startsWith('split_'));
    assert.equal(groups()[0], 'split_dashboard.wasm', groups().join(', '));
    for (const menu of ['split_board.wasm', 'split_map.wasm', 'split_agent.wasm']) {
      await waitFor(() => groups().includes(menu), `${menu} prefetched: ${groups().join(', ')}`);
    }
    assert.ok(!groups().includes('split_public.wasm'), groups().join(', '));

    // Moving between split pages and back works, and a loaded chunk is not fetched again.
    await page.getByTestId('nav-map').click();
    await page.waitForURL(/\/map/);
    await page.getByTestId('complaint-count').waitFor();
    assert.ok(await page.locator('.leaflet-container').isVisible(), 'the map is drawn');
    await page.getByTestId('nav-dashboard').click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByTestId('dash-registered').waitFor();
    assert.equal(fetched.filter((f) => f.file === 'split_dashboard.wasm').length, 1);
    assert.equal(fetched.filter((f) => f.file === 'split_map.wasm').length, 1);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('after signing in, the pages of the menu still open when the network is gone', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    const fetched = wasmFetches(page);
    await login(page, env.server.url, 'agent');
    await page.waitForURL(/\/desk$/);
    // The agent's menu: desk and ticket list (agent), map, status (public).
    for (const menu of ['split_agent.wasm', 'split_map.wasm', 'split_public.wasm']) {
      await waitFor(() => fetched.some((f) => f.file === menu && f.status === 200), `${menu} prefetched`);
    }
    await context.setOffline(true);
    await page.getByTestId('nav-map').click();
    await page.waitForURL(/\/map/);
    await page.locator('.leaflet-container').waitFor();
    await page.getByTestId('nav-status').click();
    await page.waitForURL(/\/status/);
    await page.getByRole('heading', { name: 'Is there a known problem at my address?' }).waitFor();
    // And the desk, where a ticket typed now waits in the outbox.
    await page.getByTestId('nav-desk').click();
    await page.waitForURL(/\/desk$/);
    await page.getByLabel('Service').waitFor();
    assert.equal(await page.getByTestId('page-load-failed').count(), 0);
    await context.setOffline(false);
    assert.ok(problems.every((p) => !/panicked|RuntimeError/.test(p)), problems.join('\n'));
  } finally {
    await context.close();
  }
});

test('a page whose chunk cannot be fetched says so and loads on "Try again"', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    // The network drops exactly the map's chunk, from the start (so the background fetch of
    // the menu's pages fails too).
    await page.route(/split_map\.wasm$/, (route) => route.abort('internetdisconnected'));
    await login(page, env.server.url, 'coordinator');
    await page.waitForURL(/\/board$/);
    await page.getByTestId('nav-map').click();
    await page.waitForURL(/\/map/);
    const failed = page.getByTestId('page-load-failed');
    await failed.waitFor();
    assert.match(await failed.textContent(), /Could not load this page/);
    assert.equal(await page.getByTestId('complaint-count').count(), 0);

    // Back online: "Try again" fetches it and the map appears; the rest of the app was fine.
    await page.unroute(/split_map\.wasm$/);
    await failed.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('complaint-count').waitFor();
    assert.equal(await failed.count(), 0);
    await page.getByTestId('nav-board').click();
    await page.waitForURL(/\/board$/);
    // Only the expected fetch failure; nothing panicked.
    assert.ok(problems.every((p) => !/panicked|RuntimeError/.test(p)), problems.join('\n'));
  } finally {
    await context.close();
  }
});
