// The live stream ends with its session: a coordinator's board in one tab turns into the
// sign-in page within seconds of the same user signing out in another tab, and the stream is
// opened with a single-use stream ticket, never with the bearer token in its URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, login } from './harness.mjs';

const env = serverAndBrowser();

const isEvents = (u) => new URL(u).pathname === '/api/v1/events';
const isTicketRequest = (u) => new URL(u).pathname === '/api/v1/events/stream-tickets';

test('signing out in one tab signs the board in another tab out within seconds', async (t) => {
  const { context, page: board, problems } = await openPage(env.browser);
  // Every request of every tab of this browser context, from the first one on.
  const urls = [];
  context.on('request', (r) => urls.push(r.url()));
  // The board tab's own requests, with when they were made.
  const boardRequests = [];
  board.on('request', (r) => boardRequests.push({ url: r.url(), at: Date.now() }));
  try {
    await login(board, env.server.url, 'coordinator');
    await board.waitForURL(/\/board$/);
    await board.locator('[data-testid="live-status"][data-live="on"]').waitFor({ timeout: 10_000 });
    await board.getByRole('heading', { name: 'Mass incidents' }).waitFor();
    const token = await board.evaluate(() => JSON.parse(localStorage.getItem('spotdesk.session')).token);
    assert.ok(token, 'signed in with a bearer token');

    // The same user, same browser, a second tab: signs out through the header's button.
    const other = await context.newPage();
    await other.goto(`${env.server.url}/board`);
    await other.locator('[data-testid="live-status"][data-live="on"]').waitFor({ timeout: 10_000 });
    const signedOutAt = Date.now();
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.getByRole('heading', { name: 'Sign in to Spotdesk' }).waitFor();

    // The first tab, left alone, shows the sign-in page by itself.
    await board.getByRole('heading', { name: 'Sign in to Spotdesk' }).waitFor({ timeout: 8_000 });
    const took = Date.now() - signedOutAt;
    await board.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await board.getByRole('heading', { name: 'Mass incidents' }).count(), 0, 'the board is gone');
    assert.equal(await board.getByRole('button', { name: 'Sign out' }).count(), 0);
    assert.equal(await board.evaluate(() => localStorage.getItem('spotdesk.session')), null);

    // The server's `signed-out` event did it: the board never asked for another stream (a
    // reconnect would have learnt of the sign-out only from a 401), not even seconds later.
    await board.waitForTimeout(2_500);
    const afterSignOut = boardRequests
      .filter((r) => r.at >= signedOutAt && (isEvents(r.url) || isTicketRequest(r.url)))
      .map((r) => r.url);
    assert.deepEqual(afterSignOut, [], 'no reconnect after the session ended');

    // The stream was opened with a stream ticket; no URL ever carried the bearer token.
    const streams = urls.filter(isEvents);
    assert.ok(streams.length >= 2, `both tabs opened the stream: ${streams.join(' ')}`);
    for (const u of streams) {
      assert.ok(new URL(u).searchParams.get('stream_ticket'), `events URL without stream_ticket: ${u}`);
      assert.equal(new URL(u).searchParams.has('access_token'), false, u);
    }
    const leaking = urls.filter((u) => u.includes(token) || u.includes(encodeURIComponent(token)));
    assert.deepEqual(leaking, [], 'request URLs holding the bearer token');
    assert.deepEqual(problems, []);
    t.diagnostic(`the board showed the sign-in page ${took} ms after the other tab signed out`);
  } finally {
    await context.close();
  }
});
