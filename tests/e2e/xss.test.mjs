// XSS: script and HTML payloads stored in every free-text field (tickets, comments, incidents,
// spots, public notes) must show as literal text in Chromium, map popups included, and nothing
// may run: no dialog, no marker variable, no CSP violation (the harness fails on those).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, login, apiCall } from './harness.mjs';

const env = serverAndBrowser({ days: 3, ticketsPerDay: 20 });

/** Payloads that would run if any of them reached an HTML sink. */
const payload = (field) => `<img src=x onerror="window.__xss='${field}'">"><script>window.__xss='${field}'</script><b>${field}</b>`;

/** Watches a page for anything a payload could do. */
function watch(page) {
  const fired = [];
  page.on('dialog', (d) => { fired.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  return async () => {
    const marker = await page.evaluate(() => window.__xss);
    if (marker !== undefined) fired.push(`window.__xss = ${marker}`);
    // A <b> from a payload would be an element; literal text is not.
    const injected = await page.evaluate(() => [...document.querySelectorAll('b, script:not([src]), img[src="x"]')]
      .filter((el) => /__xss|^(ticket|comment|incident|spot|status)/.test(el.outerHTML + el.textContent)).length);
    if (injected) fired.push(`${injected} injected elements`);
    return fired;
  };
}

/** A square of about 2 km around a point, as a polygon. */
const squareAround = (lat, long) => ({
  ring: [[long - 0.02, lat - 0.01], [long + 0.02, lat - 0.01], [long + 0.02, lat + 0.01], [long - 0.02, lat + 0.01]],
});

test('payloads in every text field show literally and never run', async () => {
  const { context, page, problems } = await openPage(env.browser);
  const check = watch(page);
  try {
    await login(page, env.server.url, 'admin');
    await page.waitForURL((u) => !u.pathname.endsWith('/login'));
    const geo = await apiCall(page, `/geocode?q=${encodeURIComponent('Ленина 1')}`);
    assert.equal(geo.status, 200, JSON.stringify(geo.body));
    const place = geo.body.results[0];
    const { lat, long } = place;

    // A ticket with payloads in its text fields, a comment and status notes.
    const t = await apiCall(page, '/tickets', {
      method: 'POST', headers: { 'Idempotency-Key': `xss-${Date.now()}` },
      body: {
        service_code: 'number-block', kind: 'incident', channel: 'phone', topic: 'lost-phone',
        description: payload('ticket-description'), customer_phone: '+79125550199',
        customer_name: payload('ticket-customer'), address_string: `Ленина, 1 ${payload('ticket-address')}`, lat, long,
        fields: { block_reason: 'lost' },
      },
    });
    assert.equal(t.status, 201, JSON.stringify(t.body));
    const c = await apiCall(page, `/tickets/${t.body.id}/comments`, {
      method: 'POST', headers: { 'Idempotency-Key': `xss-c-${Date.now()}` }, body: { text: payload('comment-text') },
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const p = await apiCall(page, `/tickets/${t.body.id}`, {
      method: 'PATCH', headers: { 'If-Match': '*' }, body: { status: 'in_work', status_notes: payload('status-notes') },
    });
    assert.equal(p.status, 200, JSON.stringify(p.body));

    // An incident and a spot over the same place, payloads in every text.
    const inc = await apiCall(page, '/incidents', {
      method: 'POST', headers: { 'Idempotency-Key': `xss-i-${Date.now()}` },
      body: {
        title: payload('incident-title'), cause: payload('incident-cause'), area: squareAround(lat, long),
        public_note: { en: payload('incident-note'), ru: payload('incident-note-ru') },
      },
    });
    assert.equal(inc.status, 201, JSON.stringify(inc.body));
    const spot = await apiCall(page, '/spots', {
      method: 'POST',
      body: { key: `xss-${Date.now()}`, outline: squareAround(lat + 0.05, long + 0.05), priority: 5, cause: undefined },
    });
    assert.ok(spot.status === 201 || spot.status === 200, JSON.stringify(spot.body));
    const sp = await apiCall(page, `/spots/${spot.body.id}`, {
      method: 'PATCH', headers: { 'If-Match': '*' },
      body: { cause: payload('spot-cause'), public_note: { en: payload('spot-note'), ru: payload('spot-note-ru') } },
    });
    assert.equal(sp.status, 200, JSON.stringify(sp.body));

    // The ticket page: every text literally.
    await page.goto(`${env.server.url}/tickets/${t.body.id}`);
    for (const field of ['ticket-description', 'ticket-customer', 'ticket-address', 'comment-text', 'status-notes']) {
      await page.getByText(payload(field), { exact: false }).first().waitFor();
    }
    // The ticket list.
    await page.goto(`${env.server.url}/tickets`);
    await page.getByText(payload('ticket-address'), { exact: false }).first().waitFor();
    // The incident board.
    await page.goto(`${env.server.url}/board`);
    await page.getByText(payload('incident-title')).first().waitFor();

    // Map popups: the spot's popup on the map page.
    await page.goto(`${env.server.url}/map`);
    // Choosing the spot in the list opens its popup on the map.
    await page.getByTestId('spot-row').filter({ hasText: `#${spot.body.id}` }).getByRole('button').first().click();
    const popupText = page.locator('.leaflet-popup-content');
    await popupText.first().waitFor();
    assert.match(await popupText.first().textContent(), /<script>window\.__xss='spot-cause'<\/script>/);
    assert.equal(await popupText.first().locator('b, script, img').count(), 0);

    // The public status page (no sign-in) shows the incident note literally.
    await page.goto(`${env.server.url}/status`);
    await page.getByLabel(/address/i).first().fill('Ленина 1');
    await page.getByLabel(/address/i).first().press('Enter');
    await page.getByText(payload('incident-note')).first().waitFor();

    assert.deepEqual(await check(), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
