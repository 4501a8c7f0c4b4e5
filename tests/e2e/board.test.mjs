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
  if (aroundTicket) {
    // A 500 m circle (the default radius) around the ticket's address.
    await page.getByTestId('register-form').getByLabel('Circle: centre and radius').check();
    await page.getByLabel(/centre at the address of ticket number/).fill(String(aroundTicket));
  }
  await page.getByTestId('register-submit').click();
  await card(page, title).waitFor();
}


test('closed incidents wait under their own heading, out of the way of the live ones', async () => {
  const { page } = a;
  const all = (await apiCall(page, '/incidents')).body;
  const closed = all.filter((i) => i.status === 'confirmed');
  assert.ok(closed.length > 0, 'the demo city has confirmed incidents from its past');
  const section = page.getByTestId('closed-incidents');
  await section.getByText(`Closed incidents (${closed.length})`).waitFor();
  const list = page.getByTestId('incident-list');
  for (const i of closed) assert.equal(await list.locator(`[data-incident-id="${i.id}"]`).count(), 0);
  assert.equal(await section.evaluate((d) => d.open), false, 'collapsed until asked for');
  await section.locator('summary').click();
  const card = section.locator(`[data-incident-id="${closed[0].id}"]`);
  await card.getByText(closed[0].title).waitFor();
  await card.getByTestId('incident-status').getByText('Confirmed').waitFor();
  await section.locator('summary').click();
});
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
  const dismissedAt = Date.now();
  await a.page.locator(`[data-testid="proposal"][data-key="${second.key}"]`).waitFor({ state: 'detached' });
  // The other board drops it live, without a reload.
  await onB.waitFor({ state: 'detached', timeout: 2_000 });
  assert.ok(Date.now() - dismissedAt <= 2_000, 'the dismissal reached the second board within 2 s');
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

/** A circle of `radius` metres around a point, as a GeoJSON-order ring. */
function circleRing(lat, long, radius, sides = 16) {
  const dlat = (radius / 6_371_008.8) * (180 / Math.PI);
  const dlong = dlat / Math.cos((lat * Math.PI) / 180);
  return Array.from({ length: sides }, (_, i) => {
    const a = (i / sides) * 2 * Math.PI;
    return [long + dlong * Math.cos(a), lat + dlat * Math.sin(a)];
  });
}

/** The number in the "why" of a card's affected customers: (linked N, estimated from coverage M). */
async function why(cardLocator) {
  const text = await cardLocator.getByTestId('affected-why').textContent();
  const m = /linked (\d+), estimated from coverage (\d+)/.exec(text);
  assert.ok(m, text);
  return { linked: Number(m[1]), estimated: Number(m[2]) };
}

test('impact: the area from a spot or drawn on the map, services, the estimate, units informed', async () => {
  const { page } = a;
  // A complaint spot at the city address of the set-up tickets.
  const spotRes = await apiCall(page, '/spots', {
    method: 'POST',
    body: { key: `board-spot-${Date.now()}`, outline: { ring: circleRing(origin.lat, origin.long, 400) },
      topic: 'no-signal', technology: '4g', priority: 2, ticket_ids: [] },
  });
  assert.ok([200, 201].includes(spotRes.status), JSON.stringify(spotRes.body));
  const spot = spotRes.body;

  // 1. Area taken from the spot, two services from the catalogue.
  const fromSpot = `From the spot ${Date.now()}`;
  await page.getByTestId('open-register').click();
  const form = page.getByTestId('register-form');
  await form.getByLabel('Title').fill(fromSpot);
  const options = form.getByTestId('service-option');
  await options.nth(0).check();
  await options.nth(2).check();
  const picked = [await options.nth(0).getAttribute('value'), await options.nth(2).getAttribute('value')];
  await form.getByLabel('From a spot').check();
  await form.getByTestId('area-spot').selectOption(String(spot.id));
  await form.getByTestId('register-submit').click();
  const spotCard = card(page, fromSpot);
  await spotCard.waitFor();
  await spotCard.getByTestId('incident-area').getByText(`Spot #${spot.id}`, { exact: false }).waitFor();
  const stored = (await apiCall(page, '/incidents')).body.find((i) => i.title === fromSpot);
  assert.deepEqual(stored.area, spot.outline);
  assert.deepEqual(stored.service_codes, picked);
  // The estimate and its "why" are on the card, as the server computed them.
  const w = await why(spotCard);
  assert.ok(w.estimated > 0, 'the city is covered at the spot');
  assert.equal(w.linked, 0);
  assert.equal(w.estimated, stored.affected_estimated);
  assert.equal(await spotCard.getByTestId('affected-customers').textContent(), String(stored.affected_customers));
  // The service names are shown (not the codes).
  const catalogue = (await apiCall(page, '/catalogue')).body;
  const shown = await spotCard.getByTestId('incident-services').textContent();
  for (const code of picked) {
    assert.ok(shown.includes(catalogue.services.find((x) => x.code === code).name.en), shown);
  }

  // 2. An area drawn on the small map: four clicks make a polygon.
  const drawn = `Drawn area ${Date.now()}`;
  await page.getByTestId('open-register').click();
  await form.getByLabel('Title').fill(drawn);
  await form.getByLabel('Draw on the map').check();
  const map = form.getByTestId('area-map').getByTestId('map');
  await map.waitFor();
  // The city (coverage cells) is drawn and fitted before the clicks.
  await map.locator('path.leaflet-interactive >> visible=true').first().waitFor();
  // Submitting with too few corners says so.
  await form.getByTestId('register-submit').click();
  await form.getByTestId('area-problem').getByText('Draw at least 3 corners on the map').waitFor();
  const box = await map.boundingBox();
  for (const [fx, fy] of [[0.4, 0.4], [0.6, 0.4], [0.6, 0.6], [0.4, 0.6]]) {
    await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  }
  await form.getByTestId('area-corners').getByText('Corners: 4').waitFor();
  await form.getByTestId('area-undo').click();
  await form.getByTestId('area-corners').getByText('Corners: 3').waitFor();
  await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.6);
  await form.getByTestId('area-corners').getByText('Corners: 4').waitFor();
  await form.getByTestId('register-submit').click();
  const drawnCard = card(page, drawn);
  await drawnCard.getByTestId('incident-area').getByText('outline points: 4').waitFor();
  const drawnStored = (await apiCall(page, '/incidents')).body.find((i) => i.title === drawn);
  assert.equal(drawnStored.area.ring.length, 4);
  assert.equal((await why(drawnCard)).estimated, drawnStored.affected_estimated);

  // 3. Editing with the keyboard only: a 1 km circle around an address found by text.
  const before = await why(spotCard);
  await spotCard.getByTestId('edit-impact').focus();
  await page.keyboard.press('Enter');
  const edit = spotCard.getByTestId('impact-form');
  await edit.getByLabel('Circle: centre and radius').focus();
  await page.keyboard.press('Space');
  await edit.getByLabel('Centre at address').focus();
  await page.keyboard.type('Ленина, 1');
  await page.keyboard.press('Enter');
  await edit.getByTestId('area-centre').getByText('Ленина', { exact: false }).waitFor();
  await edit.getByLabel('Radius, m').fill('1000');
  await edit.getByTestId('impact-save').focus();
  await page.keyboard.press('Enter');
  await spotCard.getByTestId('incident-area').getByText('outline points: 32').waitFor();
  const after = await why(spotCard);
  assert.ok(after.estimated > before.estimated, `${after.estimated} > ${before.estimated}`);
  // The other board shows the new estimate live.
  await card(b.page, fromSpot).getByTestId('affected-customers').getByText(String(after.estimated), { exact: true }).waitFor({ timeout: 2_000 });

  // 4. Business units with instructions, one marked informed: who and when.
  await spotCard.getByLabel('Unit', { exact: true }).fill('Retail shops');
  await spotCard.getByLabel('What to do after the fix').fill('Tell callers the network is back; restart the terminals');
  await spotCard.getByTestId('unit-add').click();
  const shops = spotCard.getByTestId('unit').filter({ hasText: 'Retail shops' });
  await shops.getByText('not informed yet').waitFor();
  await spotCard.getByLabel('Unit', { exact: true }).fill('Sales');
  await spotCard.getByTestId('unit-add').click();
  await spotCard.getByTestId('unit').filter({ hasText: 'Sales' }).waitFor();
  await shops.getByTestId('unit-mark-informed').click();
  await shops.getByText('Informed by Елена Морозова').waitFor();
  const onB = card(b.page, fromSpot).getByTestId('unit').filter({ hasText: 'Retail shops' });
  await onB.getByText('Informed by Елена Морозова').waitFor({ timeout: 2_000 });
  await onB.getByText('restart the terminals', { exact: false }).waitFor();
  const units = (await apiCall(page, `/incidents/${stored.id}`)).body.informed_units;
  assert.equal(units.length, 2);
  assert.equal(units.find((u) => u.unit === 'Retail shops').informed, true);
  assert.ok(units.find((u) => u.unit === 'Retail shops').informed_at);
  assert.equal(units.find((u) => u.unit === 'Sales').informed, false);

  // 5. The same card in Russian.
  const ru = await openPage(browser);
  try {
    await ru.page.goto(`${server.url}/login`);
    await ru.page.getByRole('button', { name: /Русский/ }).click();
    await ru.page.getByLabel('Имя пользователя').fill('coordinator');
    await ru.page.getByLabel('Пароль').fill('demo');
    await ru.page.getByRole('button', { name: 'Войти' }).click();
    await ru.page.waitForURL(/\/board$/);
    const ruCard = card(ru.page, fromSpot);
    await ruCard.getByText('Подразделения для информирования').waitFor();
    await ruCard.getByText('оценка по покрытию', { exact: false }).waitFor();
    await ruCard.getByTestId('unit').filter({ hasText: 'Retail shops' }).getByText('Проинформировал(а) Елена Морозова', { exact: false }).waitFor();
    await ru.page.getByTestId('open-register').click();
    await ru.page.getByText('Затронутые услуги').waitFor();
    await ru.page.getByText('Нарисовать на карте').waitFor();
    assert.deepEqual(ru.problems, []);
  } finally {
    await ru.context.close();
  }
});

test('a half-done choice on a card survives a live update of that card', async () => {
  const title = `Owner being chosen ${Date.now()}`;
  await registerByHand(a.page, title, { group: false });
  const mine = card(a.page, title);
  await mine.getByTestId('owner-select').selectOption({ index: 1 });
  const chosen = await mine.getByTestId('owner-select').inputValue();
  assert.notEqual(chosen, '');
  // Someone else moves the incident on: the coordinator's card is rebuilt from the new version.
  await card(b.page, title).getByTestId('action-diagnosis').click();
  await mine.getByTestId('incident-status').getByText('Diagnosis', { exact: true }).waitFor({ timeout: 2_000 });
  assert.equal(await mine.getByTestId('owner-select').inputValue(), chosen, 'the chosen owner was lost');
  await mine.getByTestId('owner-save').click();
  await mine.getByTestId('owner-select').waitFor({ state: 'detached' });
});

test('a change sent from an out-of-date card says someone else changed it, keeps the input, and goes through when sent again', async () => {
  // A third coordinator whose board gets no live updates (its event stream is refused), so
  // its card still holds the version from before someone else's change.
  const title = `Out of date ${Date.now()}`;
  await registerByHand(a.page, title, { group: false });
  const c = await openPage(browser);
  try {
    await c.context.route(/\/events(\?|$)/, (r) => r.abort());
    await login(c.page, server.url, 'coordinator');
    await c.page.waitForURL(/\/board$/);
    const stale = card(c.page, title);
    await stale.waitFor({ timeout: 10_000 });
    await stale.getByTestId('owner-select').selectOption({ index: 1 });
    const chosen = await stale.getByTestId('owner-select').inputValue();
    assert.notEqual(chosen, '');

    // Someone else moves the incident on; board C does not hear of it.
    await card(b.page, title).getByTestId('action-diagnosis').click();
    await card(b.page, title).getByTestId('incident-status').getByText('Diagnosis', { exact: true }).waitFor();
    await stale.getByTestId('incident-status').getByText('Registered', { exact: true }).waitFor();

    // Saving the owner from the old version: the server refuses it, the card says why, shows
    // the other change, and keeps the chosen owner.
    await stale.getByTestId('owner-save').click();
    await stale.getByTestId('card-conflict').getByText('Someone else changed this incident meanwhile').waitFor();
    await stale.getByTestId('incident-status').getByText('Diagnosis', { exact: true }).waitFor();
    assert.equal(await stale.getByTestId('owner-select').inputValue(), chosen, 'the chosen owner was lost');
    let stored = (await apiCall(a.page, '/incidents')).body.find((i) => i.title === title);
    assert.equal(stored.owner_group ?? null, null, 'the refused change was stored');

    // Sent again, against the version the card now shows, it goes through.
    await stale.getByTestId('owner-save').click();
    await stale.getByTestId('owner-select').waitFor({ state: 'detached' });
    assert.equal(await stale.getByTestId('card-conflict').count(), 0);
    stored = (await apiCall(a.page, '/incidents')).body.find((i) => i.title === title);
    assert.equal(stored.status, 'diagnosis');
    assert.equal(stored.owner_group, chosen);
    assert.deepEqual(c.problems, []);
  } finally {
    await c.context.close();
  }
});

test('an area being drawn, services and link choices on a card survive live changes by someone else, and are saved', async () => {
  const shift = -0.1;
  const t1 = await createTicket(a.page, 'keep1', '+79150000001', shift);
  const t2 = await createTicket(a.page, 'keep2', '+79150000002', shift + 0.001);
  const t3 = await createTicket(a.page, 'keep3', '+79150000003', shift - 0.001);
  const title = `Drawing meanwhile ${Date.now()}`;
  await registerByHand(a.page, title, { aroundTicket: t1.id });
  const mine = card(a.page, title);

  // The coordinator on board A starts editing the impact: two services and a polygon.
  await mine.getByTestId('edit-impact').click();
  const edit = mine.getByTestId('impact-form');
  const options = edit.getByTestId('service-option');
  await options.nth(1).check();
  await options.nth(3).check();
  const services = [await options.nth(1).getAttribute('value'), await options.nth(3).getAttribute('value')];
  await edit.getByLabel('Draw on the map').check();
  const map = edit.getByTestId('area-map').getByTestId('map');
  await map.waitFor();
  await map.locator('path.leaflet-interactive >> visible=true').first().waitFor();
  await map.scrollIntoViewIfNeeded();
  const box = await map.boundingBox();
  for (const [fx, fy] of [[0.35, 0.35], [0.65, 0.35], [0.65, 0.65], [0.35, 0.65]]) {
    await a.page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  }
  await edit.getByTestId('area-corners').getByText('Corners: 4').waitFor();

  // ...and opens the link panel and unticks one of the three suggested tickets.
  await mine.getByTestId('open-link').click();
  const boxes = mine.getByTestId('suggestion');
  await boxes.nth(2).waitFor();
  assert.equal(await boxes.count(), 3);
  const left = mine.locator(`[data-testid="suggestion"][value="${t2.id}"]`);
  await left.uncheck();
  assert.equal(await left.isChecked(), false);

  // Meanwhile on board B someone moves this incident on and registers another one: board A
  // shows both changes live.
  await card(b.page, title).getByTestId('action-diagnosis').click();
  await mine.getByTestId('incident-status').getByText('Diagnosis', { exact: true }).waitFor({ timeout: 2_000 });
  const other = `Elsewhere ${Date.now()}`;
  await registerByHand(b.page, other);
  await card(a.page, other).waitFor({ timeout: 2_000 });

  // Nothing A drew, chose or unticked is lost.
  assert.equal(await edit.count(), 1, 'the impact form was closed');
  assert.equal(await mine.getByTestId('link-form').count(), 1, 'the link panel was closed');
  assert.ok(await edit.getByLabel('Draw on the map').isChecked(), 'the area mode was reset');
  assert.equal(await edit.getByTestId('area-corners').textContent(), 'Corners: 4', 'the drawn corners were lost');
  for (const code of services) {
    assert.ok(await edit.locator(`[data-testid="service-option"][value="${code}"]`).isChecked(), `service ${code} was unticked`);
  }
  assert.equal(await left.isChecked(), false, 'the unticked suggestion was ticked again');
  assert.equal(await mine.locator(`[data-testid="suggestion"][value="${t1.id}"]`).isChecked(), true);
  assert.equal(await mine.locator(`[data-testid="suggestion"][value="${t3.id}"]`).isChecked(), true);

  // And both are saved against the newest version.
  await edit.getByTestId('impact-save').click();
  await mine.getByTestId('incident-area').getByText('outline points: 4').waitFor();
  await mine.getByTestId('link-submit').click();
  await mine.getByTestId('linked-tickets').getByText('2', { exact: true }).waitFor();
  await card(b.page, title).getByTestId('incident-area').getByText('outline points: 4').waitFor({ timeout: 2_000 });
  assert.equal(await mine.getByTestId('card-conflict').count(), 0);
  assert.equal(await mine.getByTestId('error').count(), 0);
  const stored = (await apiCall(a.page, '/incidents')).body.find((i) => i.title === title);
  assert.equal(stored.status, 'diagnosis');
  assert.equal(stored.area.ring.length, 4);
  assert.deepEqual([...stored.service_codes].sort(), [...services].sort());
  assert.equal(stored.linked_tickets, 2);
  assert.equal((await apiCall(a.page, `/tickets/${t2.id}`)).body.incident_id ?? null, null, 'the unticked ticket was linked');
  assert.equal((await apiCall(a.page, `/tickets/${t1.id}`)).body.incident_id, stored.id);
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
