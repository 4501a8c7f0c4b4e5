// Faults, driven like a person in headless Chromium: every API route answering 500, garbage
// JSON, an HTML error page, or stalling for 30 s (Playwright route interception). The UI must
// show a clear message, stay usable and keep what was typed. And the real server killed with
// SIGKILL in the middle of a load of writes must lose no acknowledged ticket and come back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, login, apiCall } from './harness.mjs';

const env = serverAndBrowser({ days: 3, ticketsPerDay: 20 });

const API = '**/api/v1/**';

/** Each fault: what the route answers, and the message the UI must show for it. */
const FAULTS = [
  {
    name: '500 with an error body',
    message: /server had a problem/i,
    handle: (route) => route.fulfill({
      status: 500, contentType: 'application/json',
      body: JSON.stringify({ code: 'internal', message: 'boom', fields: [] }),
    }),
  },
  {
    name: 'garbage JSON',
    message: /does not understand/i,
    handle: (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"items": [1, 2,,, <' }),
  },
  {
    name: 'an HTML error page',
    message: /server had a problem/i,
    handle: (route) => route.fulfill({
      status: 502, contentType: 'text/html',
      body: '<html><body><h1>502 Bad Gateway</h1><script>window.__pwned = 1</script></body></html>',
    }),
  },
  {
    name: 'a 30 s stall',
    message: /did not answer in time/i,
    stall: true,
    handle: (route) => new Promise((resolve) => {
      setTimeout(() => route.abort().catch(() => {}).finally(resolve), 30_000);
    }),
  },
];

/** Fills the registration form from the keyboard, as a person would. */
async function fillDraft(page, marker) {
  const search = page.getByLabel('Find by name or code');
  await search.fill('block');
  await search.press('Enter');
  await page.getByLabel('Topic').selectOption({ label: 'Lost phone' });
  await page.getByLabel('Customer phone').fill('8 (912) 555-01-23');
  await page.getByLabel('Address').fill('Ленина 1');
  await page.getByTestId('address-option').first().click();
  await page.getByTestId('address-located').waitFor();
  await page.getByLabel('Description').fill(`Fault drill ${marker}`);
  await page.getByLabel(/^Reason/).selectOption({ label: 'Lost' });
}

for (const fault of FAULTS) {
  test(`every API route answering ${fault.name}: a clear message, usable UI, nothing lost`, async () => {
    const { context, page, problems } = await openPage(env.browser);
    try {
      await login(page, env.server.url, 'agent');
      await page.waitForURL(/\/desk$/);
      await page.getByTestId('ticket-form').waitFor();
      const marker = `${fault.name.replace(/\W+/g, '-')}-${Date.now()}`;
      await fillDraft(page, marker);

      await page.route(API, fault.handle);
      const wait = fault.stall ? 25_000 : 10_000;

      // Submitting: a message, the typed text still there.
      await page.getByRole('button', { name: 'Register ticket' }).click();
      const error = page.getByTestId('ticket-form-error');
      await error.waitFor({ timeout: wait });
      assert.match(await error.textContent(), fault.message);
      assert.equal(await page.getByLabel('Description').inputValue(), `Fault drill ${marker}`);
      const queued = fault.stall;
      if (queued) {
        // No answer at all: the server may have it, so the draft waits in the outbox (the form
        // is locked until it is sent with the same idempotency key).
        assert.equal(await page.getByTestId('outbox-count').textContent(), '1');
      } else {
        // A definite refusal: the agent can keep typing and send again.
        await page.getByLabel('Description').press('End');
        await page.getByLabel('Description').pressSequentially(' more');
        assert.equal(await page.getByLabel('Description').inputValue(), `Fault drill ${marker} more`);
      }

      // Another page whose every call fails the same way: a message, not a blank or a spinner.
      await page.goto(`${env.server.url}/tickets`);
      const alert = page.getByRole('alert').filter({ hasText: fault.message }).first();
      await alert.waitFor({ timeout: wait });
      assert.equal(await page.evaluate(() => window.__pwned), undefined, 'the HTML error page ran nothing');

      // The server comes back: the same page works again.
      await page.unroute(API);
      await page.goto(`${env.server.url}/tickets`);
      await page.locator('.row-link').first().waitFor();
      await page.goto(`${env.server.url}/desk`);
      await page.getByTestId('ticket-form').waitFor();
      if (queued) {
        // The outbox sends the draft once the server answers again: registered exactly once.
        let items = [];
        for (let i = 0; i < 60 && items.length === 0; i += 1) {
          await page.waitForTimeout(1_000);
          items = (await apiCall(page, `/tickets?q=${encodeURIComponent(marker)}`)).body.items;
        }
        assert.equal(items.length, 1, `the queued draft is registered exactly once: ${JSON.stringify(items)}`);
      } else {
        // The draft typed before the fault is still on the desk.
        assert.equal(await page.getByLabel('Description').inputValue(), `Fault drill ${marker} more`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await page.unroute(API).catch(() => {});
      await context.close();
    }
  });
}

test('SIGKILL during a load of writes loses no acknowledged ticket; the server restarts cleanly', async () => {
  const api = (path, init = {}) => fetch(`${env.server.url}/api/v1${path}`, init);
  const loginRes = await api('/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'agent', password: 'demo' }),
  });
  const { token } = await loginRes.json();
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const acknowledged = [];
  let stop = false;
  let n = 0;
  const writer = async (w) => {
    while (!stop) {
      const marker = `crash-${w}-${n += 1}-${Date.now()}`;
      try {
        const r = await api('/tickets', {
          method: 'POST',
          headers: { ...headers, 'Idempotency-Key': marker },
          body: JSON.stringify({
            service_code: 'number-block', kind: 'incident', channel: 'phone', topic: 'lost-phone',
            description: `Crash drill ${marker}`, customer_phone: '+79125550199', address_string: 'Ленина, 1',
            fields: { block_reason: 'lost' },
          }),
        });
        if (r.status === 201) acknowledged.push({ id: (await r.json()).id, marker });
      } catch {
        // The server is gone: no answer means no acknowledgement.
      }
    }
  };
  const writers = [1, 2, 3, 4].map(writer);
  await new Promise((r) => setTimeout(r, 2_000));
  await env.server.crash();
  stop = true;
  await Promise.all(writers);
  assert.ok(acknowledged.length > 10, `only ${acknowledged.length} writes acknowledged before the crash`);

  await env.server.restart();
  assert.equal((await api('/health')).status, 200);
  const relog = await api('/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'agent', password: 'demo' }),
  });
  const fresh = { Authorization: `Bearer ${(await relog.json()).token}` };
  for (const { id, marker } of acknowledged) {
    const r = await api(`/tickets/${id}`, { headers: fresh });
    assert.equal(r.status, 200, `acknowledged ticket ${id} lost`);
    assert.match((await r.json()).description, new RegExp(marker));
  }
  // And it takes writes again.
  const again = await api('/tickets', {
    method: 'POST', headers: { ...fresh, 'Content-Type': 'application/json', 'Idempotency-Key': `after-${Date.now()}` },
    body: JSON.stringify({
      service_code: 'number-block', kind: 'incident', channel: 'phone', topic: 'lost-phone',
      description: 'After the crash', customer_phone: '+79125550199', address_string: 'Ленина, 1',
      fields: { block_reason: 'lost' },
    }),
  });
  assert.equal(again.status, 201);
});
