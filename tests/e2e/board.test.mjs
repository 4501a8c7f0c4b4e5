// The live mass-incident board with two coordinators' browsers side by side: live
// registration, burst proposals, bulk linking, resolution with customer notifications, an
// escalation on the server's test clock, and recovery after a server restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, login, apiCall } from './harness.mjs';

let server;
let browser;
let a; // the coordinator's board
let b; // the administrator's board
let origin; // { lat, long } of the set-up tickets

before(async () => {
  // Only this test server gets the movable clock.
  process.env.SPOTDESK_TEST_CLOCK = 'true';
  server = await startServer();
  delete process.env.SPOTDESK_TEST_CLOCK;
  browser = await launchBrowser();
  a = await openPage(browser, { hasTouch: true });
  b = await openPage(browser);
  await login(a.page, server.url, 'coordinator');
  await a.page.waitForURL(/\/board$/);
  await login(b.page, server.url, 'admin');
  await b.page.waitForURL(/\/desk$/);
  await b.page.goto(`${server.url}/board`);
  for (const { page } of [a, b]) {
    await page.locator('[data-testid="live-status"][data-live="on"]').waitFor({ timeout: 10_000 });
  }
  const probe = await createTicket(a.page, 'probe', '+79120000000', null);
  origin = { lat: probe.lat, long: probe.long };
});

after(async () => {
  for (const p of [a, b]) {
    if (p) assert.deepEqual(p.problems, []);
  }
  await browser?.close();
  await server?.stop();
});

let counter = 0;

/** Registers a complaint through the API (test set-up) at `origin` shifted by `shift` degrees. */
async function createTicket(page, tag, phone, shift = 0) {
  counter += 1;
  const at = shift === null ? {} : { lat: origin.lat + shift, long: origin.long + shift };
  const r = await apiCall(page, '/tickets', {
    method: 'POST',
    headers: { 'Idempotency-Key': `board-${tag}-${counter}-${Date.now()}` },
    body: {
      service_code: 'number-block', kind: 'incident', channel: 'phone', topic: 'lost-phone',
      description: `Board e2e ${tag}`, customer_phone: phone, address_string: 'Ленина, 1',
      fields: { block_reason: 'lost' }, ...at,
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

/** Eight customers complaining at one place: a burst. */
async function burst(page, tag, block, shift) {
  const ids = [];
  for (let n = 0; n < 8; n += 1) {
    ids.push((await createTicket(page, `${tag}${n}`, `+7913${block}0000${n}`, shift)).id);
  }
  return ids;
}

const card = (page, title) => page.getByTestId('incident-card').filter({ hasText: title });

/** Registers an incident by hand through the board's form. */
async function registerByHand(page, title, { group = true, aroundTicket } = {}) {
  await page.getByTestId('open-register').click();
  await page.getByLabel('Title').fill(title);
  if (group) await page.getByLabel('Owner group').selectOption({ index: 1 });
  if (aroundTicket) await page.getByLabel(/500 m around ticket/).fill(String(aroundTicket));
  await page.getByTestId('register-submit').click();
  await card(page, title).waitFor();
}

test('an incident registered on one board appears on the other within 2 s', async () => {
  const title = `Fibre cut ${Date.now()}`;
  await registerByHand(a.page, title);
  const t0 = Date.now();
  await card(b.page, title).waitFor({ timeout: 2_000 });
  assert.ok(Date.now() - t0 <= 2_000);
  await card(b.page, title).getByTestId('incident-status').getByText('Registered', { exact: true }).waitFor();
  // Actions follow the lifecycle: diagnosis and in work are offered, "confirm" is not.
  const mine = card(a.page, title);
  await mine.getByTestId('action-diagnosis').waitFor();
  assert.equal(await mine.getByTestId('action-confirmed').count(), 0);
  await mine.getByTestId('action-diagnosis').click();
  await card(b.page, title).getByTestId('incident-status').getByText('Diagnosis', { exact: true }).waitFor({ timeout: 2_000 });
});

test('a burst of complaints produces a proposal that a coordinator registers or dismisses for everyone', async () => {
  const ids = await burst(a.page, 'burst-one', '11', 0.05);
  const found = await apiCall(a.page, '/incidents/proposals');
  const proposal = found.body.find((p) => ids.every((id) => p.ticket_ids.includes(id)));
  assert.ok(proposal, JSON.stringify(found.body));
  // Both boards show it, with the eight customers.
  for (const { page } of [a, b]) {
    const shown = page.locator(`[data-testid="proposal"][data-key="${proposal.key}"]`);
    // Every new complaint refreshes the list live, up to all eight customers.
    await shown.getByTestId('proposal-customers').getByText('8', { exact: true }).waitFor({ timeout: 10_000 });
  }
  await a.page.locator(`[data-testid="proposal"][data-key="${proposal.key}"]`).getByTestId('accept-proposal').click();
  // The registered incident, with the burst's tickets linked, is on both boards.
  const accepted = b.page.getByTestId('incident-card').filter({ has: b.page.getByTestId('linked-tickets').getByText('8', { exact: true }) });
  await accepted.first().waitFor({ timeout: 5_000 });
  await b.page.locator(`[data-testid="proposal"][data-key="${proposal.key}"]`).waitFor({ state: 'detached', timeout: 5_000 });

  // A second burst elsewhere is dismissed on one board and stays gone on the other.
  const other = await burst(a.page, 'burst-two', '22', -0.05);
  const again = await apiCall(b.page, '/incidents/proposals');
  const second = again.body.find((p) => other.every((id) => p.ticket_ids.includes(id)));
  assert.ok(second, JSON.stringify(again.body));
  const onB = b.page.locator(`[data-testid="proposal"][data-key="${second.key}"]`);
  await onB.waitFor({ timeout: 10_000 });
  await a.page.locator(`[data-testid="proposal"][data-key="${second.key}"]`).getByTestId('dismiss-proposal').click();
  await a.page.locator(`[data-testid="proposal"][data-key="${second.key}"]`).waitFor({ state: 'detached' });
  await b.page.reload();
  await b.page.getByTestId('proposals').waitFor();
  await b.page.getByTestId('incident-list').waitFor();
  assert.equal(await onB.count(), 0, 'the dismissal is shared');
});

test('bulk linking of new tickets in the area, resolution notifying each customer once, and "still not working" reopening', async () => {
  const shift = 0.1;
  const t1 = await createTicket(a.page, 'link1', '+79140000001', shift);
  const t2 = await createTicket(a.page, 'link2', '+79140000002', shift + 0.001);
  await createTicket(a.page, 'link3', '+79140000001', shift - 0.001); // same customer again
  const title = `Tower down ${Date.now()}`;
  await registerByHand(a.page, title, { aroundTicket: t1.id });
  const mine = card(a.page, title);
  await mine.getByTestId('open-link').click();
  await mine.getByTestId('suggestion').nth(2).waitFor();
  assert.equal(await mine.getByTestId('suggestion').count(), 3);
  for (const box of await mine.getByTestId('suggestion').all()) assert.ok(await box.isChecked());
  await mine.getByTestId('link-submit').click();
  await mine.getByTestId('linked-tickets').getByText('3', { exact: true }).waitFor();
  await mine.getByTestId('affected-customers').getByText('2', { exact: true }).waitFor();
  await card(b.page, title).getByTestId('linked-tickets').getByText('3', { exact: true }).waitFor({ timeout: 2_000 });

  await mine.getByTestId('action-in_work').click();
  await mine.getByTestId('action-resolved').click();
  await mine.getByLabel('Note for the linked tickets').fill('Tower power restored');
  await mine.getByTestId('confirm-resolve').click();
  await card(a.page, title).getByText('2 customers notified').waitFor();
  await card(b.page, title).getByText('2 customers notified').waitFor({ timeout: 2_000 });
  const ticket = await apiCall(a.page, `/tickets/${t1.id}`);
  assert.equal(ticket.body.status, 'resolved');
  assert.equal(ticket.body.status_notes, 'Tower power restored');

  // Two of the three linked customers call back: "still not working". The first reopens
  // only their ticket, the second crosses the threshold and reopens the incident.
  await mine.getByLabel(/still does not work: ticket number/).fill(String(t1.id));
  await mine.getByTestId('still-broken-submit').click();
  await card(b.page, title).getByText('1 say it still does not work').waitFor({ timeout: 2_000 });
  assert.equal((await apiCall(a.page, `/tickets/${t1.id}`)).body.status, 'reopened');
  await mine.getByLabel(/still does not work: ticket number/).fill(String(t2.id));
  await mine.getByTestId('still-broken-submit').click();
  await card(b.page, title).getByTestId('incident-status').getByText('Reopened', { exact: true }).waitFor({ timeout: 2_000 });
});

test('an escalation fires on the server clock and shows on the card', async () => {
  const title = `Nobody owns this ${Date.now()}`;
  await registerByHand(a.page, title, { group: false });
  const rule = (page) => card(page, title).locator('[data-testid="escalation"][data-rule="NoOwner"]');
  await rule(a.page).getByText('not escalated yet').waitFor();
  // 20 minutes later the "no owner" rule (15 min) fires level 1 and both boards show it live.
  const r = await apiCall(b.page, '/test/clock', { method: 'POST', body: { offset_seconds: 20 * 60 } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await rule(a.page).getByText('level 1').waitFor({ timeout: 5_000 });
  await rule(b.page).getByText('level 1').waitFor({ timeout: 5_000 });
  assert.equal(await rule(a.page).getAttribute('data-level'), '1');
  // Assigning an owner ends that timer.
  const mine = card(a.page, title);
  await mine.getByTestId('owner-select').selectOption({ index: 1 });
  await mine.getByTestId('owner-save').click();
  await rule(a.page).waitFor({ state: 'detached' });
});

test('the boards show the interruption and recover after the server restarts', async () => {
  await server.kill();
  for (const { page } of [a, b]) {
    await page.locator('[data-testid="live-status"][data-live="interrupted"]').waitFor({ timeout: 10_000 });
    await page.getByText('Live updates interrupted').waitFor();
  }
  await server.restart();
  for (const { page } of [a, b]) {
    await page.locator('[data-testid="live-status"][data-live="on"]').waitFor({ timeout: 20_000 });
  }
  // What changed after the restart reaches both boards.
  const title = `After restart ${Date.now()}`;
  const r = await apiCall(a.page, '/incidents', {
    method: 'POST', headers: { 'Idempotency-Key': `restart-${Date.now()}` }, body: { title },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  await card(a.page, title).waitFor({ timeout: 5_000 });
  await card(b.page, title).waitFor({ timeout: 5_000 });
  // And the boards agree with the API.
  const list = await apiCall(b.page, '/incidents');
  assert.equal(await b.page.getByTestId('incident-card').count(), list.body.length);
});
