// The map and automatic spots, driven like a person in headless Chromium against the real
// server: complaints added at one place through the API make a spot candidate appear on the
// map; it is registered through the UI; the list and the map agree and highlight each other;
// the address check in the top bar knows about the spot; it is resolved through the UI (after
// an edit conflict), and the outbox then holds exactly one message per distinct complainant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, login, apiCall } from './harness.mjs';

const env = serverAndBrowser();

/** Stroke colours the page uses for registered spot outlines (normal, selected, resolved). */
const SPOT_STROKES = ['#6a1b9a', '#0b57d0', '#4d7ea8'];
const CANDIDATE_STROKE = '#e69f00';

/** Number of drawn polygons with one of these stroke colours. */
async function outlines(page, strokes) {
  return page.locator('.leaflet-overlay-pane path').evaluateAll(
    (paths, strokes) => paths.filter((p) => strokes.includes(p.getAttribute('stroke'))).length, strokes);
}

test('complaints at one place become a spot that is registered, worked and resolved in the UI', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await login(page, env.server.url, 'coordinator');
    await page.waitForURL(/\/board$/);

    // Ten complaints about poor voice quality at one address from eight customers (two call twice).
    const since = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const phones = [];
    for (let i = 0; i < 10; i += 1) {
      const phone = `+7912777${String(i % 8).padStart(4, '0')}`;
      const r = await apiCall(page, '/tickets', {
        method: 'POST',
        headers: { 'Idempotency-Key': `map-e2e-${i}` },
        body: {
          service_code: 'mobile-voice', kind: 'incident', channel: 'phone', topic: 'poor-voice',
          description: `Voice breaks up at home (${i})`, customer_phone: phone, address_string: 'Ленина, 1',
          fields: { problem_since: since, indoor: 'indoor' },
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      phones.push(r.body.customer_phone);
    }
    const distinct = new Set(phones).size;

    // The map, filtered to the topic from the toolbar: the filter lands in the URL.
    await page.getByTestId('nav-map').click();
    await page.waitForURL(/\/map/);
    await page.getByTestId('complaint-count').waitFor();
    await page.getByLabel('Topic').selectOption('poor-voice');
    await page.waitForURL(/topic=poor-voice/);

    // A candidate appears, with its why, in the list and on the map.
    const candidate = page.getByTestId('candidate-item').filter({ hasText: `${distinct} customers` });
    await candidate.waitFor({ timeout: 20_000 });
    await candidate.getByText('Why this priority').click();
    const why = await candidate.getByTestId('candidate-why').textContent();
    for (const factor of ['Complaints (distinct customers)', 'Business and VIP share', 'Topic severity', 'Customer value', 'Growth']) {
      assert.ok(why.includes(factor), `why lists ${factor}: ${why}`);
    }
    assert.ok(await outlines(page, [CANDIDATE_STROKE]) >= 1, 'candidate outline drawn');
    assert.ok(await page.locator('.leaflet-overlay-pane img.leaflet-image-layer').count() >= 1, 'heat layer drawn');

    // Register it through the UI: it becomes a spot, selected in the table and on the map.
    await candidate.getByTestId('register-spot').click();
    await page.getByTestId('spot-work').waitFor();
    const selectedRow = page.locator('[data-testid="spot-row"][aria-selected="true"]');
    await selectedRow.waitFor();
    const spotId = Number(await selectedRow.getAttribute('data-spot-id'));
    assert.equal(await selectedRow.getByTestId('spot-complaints').textContent(), String(distinct));
    await page.getByTestId('candidate-item').filter({ hasText: `${distinct} customers` }).waitFor({ state: 'detached' });

    // The list and the map agree: one outline per row, and the selected one stands out.
    const rows = await page.getByTestId('spot-row').count();
    assert.equal(await outlines(page, SPOT_STROKES), rows);
    assert.equal(await outlines(page, ['#0b57d0']), 1);
    // Status filter (in the URL) narrows both alike.
    await page.getByLabel('Status').selectOption('registered');
    await page.waitForURL(/status=registered/);
    assert.equal(await outlines(page, SPOT_STROKES), await page.getByTestId('spot-row').count());
    // Clicking an outline on the map selects its row.
    await page.getByTestId('spot-work').getByRole('button', { name: 'Close' }).click();
    await page.locator('.leaflet-overlay-pane path[stroke="#6a1b9a"]').first().dispatchEvent('click');
    await page.locator('[data-testid="spot-row"][aria-selected="true"]').waitFor();
    await page.getByLabel('Status').selectOption('');
    await page.waitForURL((u) => !u.search.includes('status='));
    // And the table selects on the map: choose our spot from the table.
    await page.locator(`[data-testid="spot-row"][data-spot-id="${spotId}"] th button`).click();
    await page.getByTestId('spot-work').waitFor();
    assert.equal(await outlines(page, ['#0b57d0']), 1);

    // Work on it: cause, expected fix, start work.
    await page.getByLabel('Cause').fill('Sector antenna misaligned');
    await page.getByLabel('Expected fix date').fill('2030-01-15');
    await page.getByTestId('spot-start').click();
    await page.getByTestId('spot-saved').waitFor();
    await page.locator(`[data-testid="spot-row"][data-spot-id="${spotId}"]`).getByText('In work').waitFor();
    const spot = (await apiCall(page, `/spots/${spotId}`)).body;
    assert.equal(spot.status, 'in_work');
    assert.equal(spot.cause, 'Sector antenna misaligned');
    assert.ok(spot.group, 'routed to an engineering group');

    // The address check in the top bar knows about the spot, with a sentence to say.
    await page.getByTestId('address-check-input').fill('Ленина 1');
    const known = page.getByTestId('check-spot');
    await known.waitFor();
    assert.match(await known.textContent(), /Sector antenna misaligned/);
    assert.match(await known.getByTestId('check-say').textContent(), /fixed by/);
    await page.getByTestId('address-check-input').press('Escape');

    // Someone else edits the spot meanwhile: resolving says so and keeps the other's change.
    const other = await apiCall(page, `/spots/${spotId}`, {
      method: 'PATCH', headers: { 'If-Match': `"${spot.version}"` }, body: { cause: 'Feeder cable damaged' },
    });
    assert.equal(other.status, 200, JSON.stringify(other.body));
    await page.getByTestId('spot-resolve').click();
    await page.getByTestId('spot-conflict').waitFor();
    await page.getByTestId('spot-work').getByText('Feeder cable damaged').waitFor();
    // Nothing was queued by the refused attempt.
    let outbox = await apiCall(page, `/admin/outbox?source=spot&source_id=${spotId}`);
    assert.equal(outbox.status, 200);
    assert.equal(outbox.body.length, 0);

    // Resolve for real.
    await page.getByTestId('spot-resolve').click();
    await page.getByLabel('Status').selectOption('resolved');
    await page.locator(`[data-testid="spot-row"][data-spot-id="${spotId}"]`).getByText('Resolved').waitFor();

    // Exactly one message per distinct complainant.
    outbox = await apiCall(page, `/admin/outbox?source=spot&source_id=${spotId}`);
    const recipients = outbox.body.map((m) => m.recipient).sort();
    assert.equal(recipients.length, distinct);
    assert.deepEqual(recipients, [...new Set(phones)].sort());

    // The filters survive a reload.
    await page.reload();
    await page.getByTestId('spot-row').first().waitFor();
    assert.equal(await page.getByLabel('Status').inputValue(), 'resolved');
    assert.equal(await page.getByLabel('Topic').inputValue(), 'poor-voice');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('on a 1024x768 tablet the map starts under the filters and is seen whole without scrolling', async () => {
  const { context, page, problems } = await openPage(env.browser, { viewport: { width: 1024, height: 768 }, hasTouch: true });
  try {
    await login(page, env.server.url, 'engineer');
    await page.waitForURL((u) => !u.pathname.endsWith('/login'));
    await page.getByTestId('nav-map').click();
    await page.waitForURL(/\/map$/);
    const map = page.locator('.map-page').getByTestId('map');
    await map.waitFor();
    await page.getByLabel('Period').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await map.boundingBox();
    // It used to start 457 px down, under the filters, the layer switches and the summary.
    assert.ok(box.y <= 300, `the map starts ${Math.round(box.y)} px down`);
    assert.ok(box.y + box.height <= 768, `the map ends at ${Math.round(box.y + box.height)} px of 768`);
    // The layer switches are still there, beside it.
    const layers = await page.getByRole('group', { name: 'Layers' }).boundingBox();
    assert.ok(layers.x >= box.x + box.width - 1, 'the layers are to the right of the map');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
