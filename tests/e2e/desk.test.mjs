// The agent desk and the ticket lifecycle, driven like a person in headless Chromium against
// the real server: drafts that survive reloads and a dead server, submissions that are
// registered exactly once however often they are retried, an offline outbox, edit conflicts,
// and a ticket taken through its lifecycle with comments and history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, login, apiCall, gotoAfterOutage } from './harness.mjs';

const env = serverAndBrowser();

/** A text no other ticket has, to find "our" ticket afterwards. */
const uniqueMarker = (name) => `e2e-${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** Signs in as the agent and waits for the registration form. */
async function openDesk(page, username = 'agent') {
  await login(page, env.server.url, username);
  await page.waitForURL(/\/desk$/);
  await page.getByTestId('ticket-form').waitFor();
}

/** Fills the registration form from the keyboard where a person would. */
async function fillDraft(page, marker) {
  const search = page.getByLabel('Find by name or code');
  await search.fill('block');
  await search.press('Enter');
  assert.equal(await page.getByLabel('Service').inputValue(), 'number-block');
  await page.getByLabel('Topic').selectOption({ label: 'Lost phone' });
  await page.getByLabel('Customer phone').fill('8 (912) 555-01-23');
  await page.getByLabel('Address').fill('Ленина 1');
  await page.getByTestId('address-option').first().click();
  await page.getByTestId('address-located').waitFor();
  await page.getByLabel('Description').fill(`Lost the phone on the tram ${marker}`);
  await page.getByLabel(/^Reason/).selectOption({ label: 'Lost' });
}

/** The tickets whose text contains `marker`, asked from the server directly. */
async function ticketsWith(page, marker) {
  const r = await apiCall(page, `/tickets?q=${encodeURIComponent(marker)}&limit=50`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}

/**
 * Signs `page` in as the coordinator and registers a mass incident (`fields`: title, services,
 * cause...) over a square about 900 m wide around ул. Ленина, 1; returns it.
 */
async function incidentAtLenina1(page, key, fields) {
  await login(page, env.server.url, 'coordinator');
  await page.waitForURL(/\/board$/);
  const g = await apiCall(page, `/geocode?q=${encodeURIComponent('Ленина 1')}`);
  const { lat, long } = g.body.results[0];
  const d = 0.004;
  const r = await apiCall(page, '/incidents', {
    method: 'POST',
    headers: { 'Idempotency-Key': key },
    body: {
      ...fields,
      area: { ring: [[long - d, lat - d], [long + d, lat - d], [long + d, lat + d], [long - d, lat + d], [long - d, lat - d]] },
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r;
}

/** Registers a ticket through the API (test set-up), returning it. */
async function createTicket(page, marker) {
  const r = await apiCall(page, '/tickets', {
    method: 'POST',
    headers: { 'Idempotency-Key': `setup-${marker}` },
    body: {
      service_code: 'number-block', kind: 'incident', channel: 'phone', topic: 'lost-phone',
      description: `Set-up ticket ${marker}`, customer_phone: '+79125550199', address_string: 'Ленина, 1',
      fields: { block_reason: 'lost' },
    },
  });
  assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
  return r.body;
}

test('the draft survives a reload, service fields and resolved address included', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await openDesk(page);
    const marker = uniqueMarker('reload');
    await fillDraft(page, marker);
    // The deadline and the routing are explained as soon as the service is known.
    assert.match(await page.getByTestId('sla-deadline').textContent(), /Deadline: .* why: Number blocking/);
    assert.match(await page.getByTestId('route-info').textContent(), /Goes to: line 1/);
    // Changing the channel to "partner" re-routes live to the partner desk, line 2.
    await page.getByLabel('Channel').selectOption({ label: 'Partner' });
    await page.getByTestId('route-info').getByText(/line 2 · Partner desk/).waitFor();

    await page.reload();
    await page.getByTestId('ticket-form').waitFor();
    assert.equal(await page.getByLabel('Service').inputValue(), 'number-block');
    assert.equal(await page.getByLabel('Topic').inputValue(), 'lost-phone');
    assert.equal(await page.getByLabel('Channel').inputValue(), 'partner');
    assert.equal(await page.getByLabel('Customer phone').inputValue(), '+79125550123');
    assert.match(await page.getByLabel('Address').inputValue(), /Ленина/);
    await page.getByTestId('address-located').waitFor();
    assert.equal(await page.getByLabel('Description').inputValue(), `Lost the phone on the tram ${marker}`);
    assert.equal(await page.getByLabel(/^Reason/).inputValue(), 'lost');
    // The resolved address is on the map, and what is known there is shown.
    await page.getByTestId('map').waitFor();
    await page.getByTestId('location-context').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the draft survives a killed server; the submission goes through once it is back', async () => {
  const { context, page } = await openPage(env.browser);
  try {
    await openDesk(page);
    const marker = uniqueMarker('restart');
    await fillDraft(page, marker);

    await env.server.kill();
    await assert.rejects(page.reload(), 'the page cannot load without the server');
    await env.server.restart();
    await gotoAfterOutage(page, `${env.server.url}/desk`);
    await page.getByTestId('ticket-form').waitFor();
    assert.equal(await page.getByLabel('Description').inputValue(), `Lost the phone on the tram ${marker}`);
    await page.getByTestId('address-located').waitFor();

    // The server dies again just as the agent submits: a clear message, nothing lost.
    await env.server.kill();
    await page.getByRole('button', { name: 'Register ticket' }).click();
    const error = page.getByTestId('ticket-form-error');
    await error.waitFor();
    assert.match(await error.textContent(), /server cannot be reached/i);
    assert.match(await page.getByTestId('ticket-form-hint').textContent(), /Nothing is lost/);
    assert.equal(await page.getByTestId('outbox-count').textContent(), '1');
    assert.equal(await page.getByLabel('Description').inputValue(), `Lost the phone on the tram ${marker}`);

    // Back up: the queued submission is sent automatically and acknowledged.
    await env.server.restart();
    const created = page.getByTestId('ticket-created-number');
    await created.waitFor({ timeout: 45_000 });
    const number = Number((await created.textContent()).trim());
    await page.getByTestId('outbox-status').waitFor({ state: 'detached' });
    // The form is empty again, ready for the next call.
    assert.equal(await page.getByLabel('Description').inputValue(), '');
    const found = await ticketsWith(page, marker);
    assert.deepEqual(found.map((t) => t.id), [number]);
  } finally {
    await context.close();
  }
});

test('a retried submission creates exactly one ticket', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await openDesk(page);
    const marker = uniqueMarker('retry');
    await fillDraft(page, marker);

    // The first POST reaches the server (the ticket is created) but its answer is lost.
    let posts = 0;
    await page.route('**/api/v1/tickets', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posts += 1;
      if (posts === 1) {
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await page.getByRole('button', { name: 'Register ticket' }).click();
    const created = page.getByTestId('ticket-created-number');
    await created.waitFor({ timeout: 30_000 });
    await page.unroute('**/api/v1/tickets');
    assert.ok(posts >= 2, `the UI retried (${posts} POSTs)`);

    const number = Number((await created.textContent()).trim());
    const found = await ticketsWith(page, marker);
    assert.deepEqual(found.map((t) => t.id), [number], 'exactly one ticket with this description');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an offline submission is queued and sent when the network returns', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await openDesk(page);
    const marker = uniqueMarker('offline');
    await fillDraft(page, marker);

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Register ticket' }).click();
    await page.getByTestId('outbox-status').waitFor();
    assert.equal(await page.getByTestId('outbox-count').textContent(), '1');
    assert.match(await page.getByTestId('draft-queued').textContent(), /queued/);
    assert.equal(await page.getByTestId('ticket-created').count(), 0);

    await context.setOffline(false);
    const created = page.getByTestId('ticket-created-number');
    await created.waitFor({ timeout: 30_000 });
    const number = (await created.textContent()).trim();
    await page.getByTestId('outbox-status').waitFor({ state: 'detached' });
    // It arrives in the list.
    await page.locator(`[data-testid="ticket-row"][data-ticket-id="${number}"]`).waitFor();
    const found = await ticketsWith(page, marker);
    assert.deepEqual(found.map((t) => String(t.id)), [number]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('two people edit the same ticket: the second sees both versions and re-applies', async () => {
  const a = await openPage(env.browser);
  const b = await openPage(env.browser);
  try {
    await openDesk(a.page, 'agent');
    const ticket = await createTicket(a.page, uniqueMarker('conflict'));
    await login(b.page, env.server.url, 'coordinator');
    await b.page.waitForURL(/\/board$/);

    for (const { page } of [a, b]) {
      await page.goto(`${env.server.url}/tickets/${ticket.id}`);
      await page.getByTestId('ticket-facts').waitFor();
    }
    await a.page.getByLabel('Status notes').fill('Customer called back: phone found at home');
    await b.page.getByLabel('Status notes').fill('Blocked at the customer request');

    await a.page.getByRole('button', { name: 'Save changes' }).click();
    await a.page.getByTestId('saved').waitFor();

    await b.page.getByRole('button', { name: 'Save changes' }).click();
    const conflict = b.page.getByTestId('conflict');
    await conflict.waitFor();
    const row = conflict.locator('[data-testid="conflict-row"][data-field="status_notes"]');
    assert.match(await row.locator('[data-col="server"]').textContent(), /phone found at home/);
    assert.match(await row.locator('[data-col="mine"]').textContent(), /Blocked at the customer request/);
    // Nothing typed is lost while the conflict is open.
    assert.equal(await b.page.getByLabel('Status notes').inputValue(), 'Blocked at the customer request');

    await b.page.getByRole('button', { name: /Re-apply my changes/ }).click();
    await b.page.getByTestId('saved').waitFor();
    await conflict.waitFor({ state: 'detached' });
    assert.equal(await b.page.getByTestId('ticket-notes').textContent(), 'Blocked at the customer request');
    const now = await apiCall(a.page, `/tickets/${ticket.id}`);
    assert.equal(now.body.status_notes, 'Blocked at the customer request');
    assert.equal(now.body.version, ticket.version + 2);
    assert.deepEqual([...a.problems, ...b.problems], []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('a ticket is taken into work, planned, commented, and its history shows it', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await openDesk(page);
    const ticket = await createTicket(page, uniqueMarker('lifecycle'));
    // From the list to the ticket, like a person.
    await page.goto(`${env.server.url}/tickets?q=${encodeURIComponent(ticket.description)}`);
    await page.locator(`[data-testid="ticket-row"][data-ticket-id="${ticket.id}"] a`).click();
    await page.waitForURL(new RegExp(`/tickets/${ticket.id}$`));
    const status = page.getByTestId('ticket-status');
    await status.waitFor();
    assert.equal(await status.textContent(), 'New');

    await page.getByRole('button', { name: 'Take into work' }).click();
    await page.getByTestId('ticket-status').getByText('In work').waitFor();

    await page.getByRole('button', { name: 'Plan…' }).click();
    await page.getByLabel('Planned completion date').fill('2030-05-20');
    await page.getByRole('button', { name: 'Set planned' }).click();
    await page.getByTestId('ticket-status').getByText('Planned').waitFor();
    assert.equal(await page.getByTestId('ticket-planned').textContent(), '20 May');
    // Only the moves the lifecycle allows from "planned" are offered.
    assert.equal(await page.getByRole('button', { name: 'Close' }).count(), 0);
    await page.getByRole('button', { name: 'Resolve' }).waitFor();

    await page.getByLabel('New comment').fill('Waiting for the customer to bring the passport');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.getByTestId('comment').filter({ hasText: 'bring the passport' }).waitFor();

    const history = page.getByTestId('history');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-entry"]').length >= 3);
    const entries = history.getByTestId('history-entry');
    // Newest first: planned (with its date), then in work, then the registration.
    assert.match(await entries.nth(0).textContent(), /Status: In work → Planned/);
    assert.match(await entries.nth(0).textContent(), /Planned completion: — → 20 May/);
    assert.match(await entries.nth(1).textContent(), /Status: New → In work/);
    assert.match(await entries.last().textContent(), /version 1/);
    assert.match(await entries.nth(0).textContent(), /Анна Смирнова/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the list keeps its filters in the URL and exports them as CSV', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await openDesk(page);
    await page.getByTestId('nav-tickets').click();
    await page.waitForURL(/\/tickets$/);
    await page.getByTestId('ticket-row').first().waitFor();

    await page.getByLabel('In work').check();
    await page.waitForURL(/status=in_work/);
    await page.getByLabel('Sort by').selectOption({ label: 'Earliest deadline first' });
    await page.waitForURL(/status=in_work.*sort=deadline_asc/);
    await page.getByTestId('ticket-row').first().waitFor();
    const statuses = await page.locator('[data-testid="ticket-row"] [data-col="status"]').allTextContents();
    assert.ok(statuses.length > 0 && statuses.every((s) => s === 'In work'), statuses.join());

    // Back goes to the previous filter; the shared URL reproduces the view.
    await page.goBack();
    await page.waitForURL((u) => /status=in_work/.test(u.search) && !/sort=/.test(u.search));
    assert.equal(await page.getByLabel('Sort by').inputValue(), 'created_desc');
    assert.equal(await page.getByLabel('In work').isChecked(), true);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    const text = await new Promise((resolve, reject) => {
      file.createReadStream().then((s) => {
        const chunks = [];
        s.on('data', (c) => chunks.push(c));
        s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        s.on('error', reject);
      }, reject);
    });
    assert.ok(text.startsWith('\uFEFFNo.,Created,Service,'), text.slice(0, 40));
    const lines = text.trim().split('\r\n');
    assert.ok(lines.length > 1);
    assert.ok(lines.slice(1).every((l) => l.includes(',In work,')), 'only the filtered status');
    await page.getByTestId('export-progress').getByText(/Exported tickets: \d+/).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('at a known place the call is linked to the incident, or added to an open ticket as a repeat', async () => {
  const coord = await openPage(env.browser);
  const { context, page, problems } = await openPage(env.browser);
  try {
    // Set-up: a coordinator registers a mass incident around the caller's address.
    const marker = uniqueMarker('place');
    const incident = await incidentAtLenina1(coord.page, marker, {
      title: `Base station outage ${marker}`,
      service_codes: ['mobile-voice'],
      cause: 'Power failure at the base station',
      expected_resolution: new Date(Date.now() + 5 * 3600e3).toISOString(),
    });

    await openDesk(page);
    const open = await createTicket(page, marker);

    // Call 1: inside the incident — the agent reads the sentence and links the call.
    await fillDraft(page, `${marker}-a`);
    const item = page.locator(`[data-testid="context-incident"][data-incident-id="${incident.body.id}"]`);
    await item.waitFor();
    assert.match(await item.textContent(), /Power failure at the base station/);
    assert.match(await item.getByTestId('say').textContent(), /already know about a network fault/);
    const link = item.getByRole('button', { name: 'Link this call to the incident' });
    await link.click();
    assert.equal(await item.getByRole('button', { name: /Linked/ }).getAttribute('aria-pressed'), 'true');
    await page.getByRole('button', { name: 'Register ticket' }).click();
    const created = page.getByTestId('ticket-created-number');
    await created.waitFor();
    const linked = await apiCall(page, `/tickets/${(await created.textContent()).trim()}`);
    assert.equal(linked.body.incident_id, incident.body.id);

    // Call 2: the same problem as an open ticket next door — no duplicate, a repeat contact.
    await fillDraft(page, `${marker}-b`);
    const near = page.locator(`[data-testid="nearby-ticket"][data-ticket-id="${open.id}"]`);
    await near.waitFor();
    await near.getByRole('button', { name: 'Add as a repeat contact' }).click();
    const done = page.getByTestId('repeat-confirmed');
    await done.waitFor();
    assert.match(await done.textContent(), new RegExp(`№ ${open.id}`));
    const comments = await apiCall(page, `/tickets/${open.id}/comments`);
    assert.equal(comments.body.length, 1);
    assert.match(comments.body[0].text, new RegExp(`^Repeat contact: \\+79125550123, Lost the phone on the tram ${marker}-b$`));
    assert.equal((await ticketsWith(page, `${marker}-b`)).length, 0, 'no new ticket for the repeat');
    assert.equal(await page.getByLabel('Description').inputValue(), '', 'the form is ready for the next call');
    assert.deepEqual([...problems, ...coord.problems], []);
  } finally {
    await context.close();
    await coord.context.close();
  }
});

test('a draft left from an earlier call says since when, and "new call" clears it for the next caller', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await openDesk(page);
    // A fresh form has nothing to clear.
    if (await page.getByTestId('draft-bar').count()) {
      await page.getByRole('button', { name: 'New call: clear the form' }).click();
    }
    assert.equal(await page.getByTestId('draft-bar').count(), 0);
    await page.getByLabel('Customer phone').fill('8 (912) 555-44-33');
    await page.getByLabel('Description').fill('Caller one, half told');
    const since = page.getByTestId('draft-since');
    await since.waitFor();
    assert.match(await since.innerText(), /^Draft from \d{1,2} \w{3} \d{2}:\d{2}/);
    // The draft follows the agent around, with its marker.
    await page.getByTestId('nav-tickets').click();
    await page.waitForURL(/\/tickets/);
    await page.getByTestId('nav-desk').click();
    await page.getByTestId('ticket-form').waitFor();
    assert.equal(await page.getByLabel('Description').inputValue(), 'Caller one, half told');
    await since.waitFor();
    // The next caller gets an empty form, and it stays empty after a reload.
    await page.getByRole('button', { name: 'New call: clear the form' }).click();
    assert.equal(await page.getByLabel('Description').inputValue(), '');
    assert.equal(await page.getByLabel('Customer phone').inputValue(), '');
    assert.equal(await page.getByTestId('draft-bar').count(), 0);
    await page.reload();
    await page.getByTestId('ticket-form').waitFor();
    assert.equal(await page.getByLabel('Description').inputValue(), '');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('at 1440x900 the known problem at the caller\'s address is in view as soon as the address is chosen', async () => {
  const coord = await openPage(env.browser);
  const { context, page, problems } = await openPage(env.browser, { viewport: { width: 1440, height: 900 } });
  try {
    const marker = uniqueMarker('fold');
    const incident = await incidentAtLenina1(coord.page, marker, {
      title: `Fold outage ${marker}`,
      service_codes: ['number-block'],
      cause: 'Cable cut by road works',
    });

    await openDesk(page);
    // A caller with history: the phone shows their earlier contacts, then the address.
    await createTicket(page, marker);
    await fillDraft(page, `${marker}-a`);
    const item = page.locator(`[data-testid="context-incident"][data-incident-id="${incident.body.id}"]`);
    await item.waitFor();
    await page.getByTestId('caller-history').waitFor();
    // Without scrolling the page, the warning is inside the 900 px window, whole.
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await item.boundingBox();
    assert.ok(box.y >= 0 && box.y + Math.min(box.height, 120) <= 900,
      `the known problem is at ${Math.round(box.y)}-${Math.round(box.y + box.height)} px of a 900 px window`);
    const say = await item.getByTestId('say').boundingBox();
    assert.ok(say.y + say.height <= 900, `the sentence for the caller ends at ${Math.round(say.y + say.height)} px`);

    // Clean up: the incident ends.
    const r = await apiCall(coord.page, `/incidents/${incident.body.id}`, {
      method: 'PATCH', headers: { 'If-Match': `"${incident.body.version}"` }, body: { status: 'resolved' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await page.getByTestId('new-call').click();
    assert.deepEqual([...problems, ...coord.problems], []);
  } finally {
    await context.close();
    await coord.context.close();
  }
});
