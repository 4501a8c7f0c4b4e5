// Public status page: a covered and an uncovered address, a point picked on the map (no tiles
// configured: the plain map still takes taps), identical answers for an unknown and a clean
// address, a subscription delivered through the webhook adapter, a rating recorded once, and
// the rate-limit message with its seconds, after which the page recovers by itself. Driven
// like a customer would, without sign-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, launchBrowser, openPage, login, apiCall } from './harness.mjs';

let server;
let browser;
let hook;
const delivered = [];

before(async () => {
  // A webhook receiver on loopback: the server's webhook adapter POSTs outbox messages here.
  hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      try { delivered.push(JSON.parse(body)); } catch { /* ignore */ }
      res.writeHead(204).end();
    });
  });
  await new Promise((r) => hook.listen(0, '127.0.0.1', r));
  process.env.SPOTDESK_NOTIFY_WEBHOOK = `http://127.0.0.1:${hook.address().port}/hook`;
  process.env.SPOTDESK_PUBLIC_RATE_LIMIT = '25';
  // A short window, so the test can watch the page recover after the wait.
  process.env.SPOTDESK_PUBLIC_RATE_WINDOW = '6';
  server = await startServer({ days: 3, ticketsPerDay: 20 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  hook?.close();
});

/** Coordinator set-up through the API: an incident around one address; returns addresses. */
async function setUp() {
  const { context, page } = await openPage(browser);
  await login(page, server.url, 'coordinator');
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
  const found = await apiCall(page, `/geocode?q=${encodeURIComponent('Ленина')}`);
  assert.equal(found.status, 200);
  const [covered, ...rest] = found.body.results;
  const d = 0.0005;
  const clean = rest.find((r) => Math.abs(r.lat - covered.lat) > 0.0015 || Math.abs(r.long - covered.long) > 0.0015)
    ?? (await apiCall(page, `/geocode?q=${encodeURIComponent('Мира')}`)).body.results
      .find((r) => Math.abs(r.lat - covered.lat) > 0.0015 || Math.abs(r.long - covered.long) > 0.0015);
  assert.ok(clean, 'need a second address away from the incident');
  const ring = [[covered.long - d, covered.lat - d], [covered.long + d, covered.lat - d],
    [covered.long + d, covered.lat + d], [covered.long - d, covered.lat + d]];
  const inc = await apiCall(page, '/incidents', {
    method: 'POST',
    headers: { 'Idempotency-Key': `e2e-status-${Date.now()}` },
    body: {
      title: 'Private title Zq-e2e', area: { ring }, cause: 'Private cause Zq-e2e',
      expected_resolution: '2031-01-01T12:00:00Z',
      public_note: { en: 'No internet in your area', ru: 'Нет интернета в вашем районе' },
    },
  });
  assert.equal(inc.status, 201, JSON.stringify(inc.body));
  return { context, page, covered: covered.address_string, clean: clean.address_string, incident: inc.body };
}

/** Checks an address on the public page like a customer; returns the result region's text. */
async function check(page, address) {
  await page.getByLabel('Address').fill(address);
  await page.getByRole('button', { name: 'Check' }).click();
  const result = page.getByTestId('status-result');
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="status-result"]');
    return el && el.textContent.trim().length > 0 && !el.querySelector('.spinner');
  });
  return { text: (await result.textContent()).trim(), html: await result.innerHTML() };
}

test('customer journey: status, subscription, fix, rating and the rate limit', { timeout: 90_000 }, async () => {
  const staff = await setUp();
  const { context, page, problems } = await openPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    await page.goto(`${server.url}/status`);

    // Covered address: plain-language problem, no internal data.
    const covered = await check(page, staff.covered);
    assert.match(covered.text, /No internet in your area/);
    assert.match(covered.text, /Since/);
    assert.match(covered.text, /Expected to be fixed/);
    assert.match(covered.text, /Last update/i);
    assert.doesNotMatch(covered.text, /Zq-e2e/);

    // Subscribe to hear about the fix.
    await page.getByLabel('Phone or e-mail').fill('+7 900 555-12-34');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByTestId('subscribe-done').waitFor();

    // Uncovered (clean) address and an unknown one look the same.
    const clean = await check(page, staff.clean);
    assert.match(clean.text, /No known problems/);
    const unknown = await check(page, 'Nowhere street 99999');
    assert.equal(unknown.html, clean.html);

    // The coordinator resolves the incident: the subscriber's message goes to the webhook.
    const r = await apiCall(staff.page, `/incidents/${staff.incident.id}`, {
      method: 'PATCH', headers: { 'If-Match': `"${staff.incident.version}"` }, body: { status: 'resolved' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const deadline = Date.now() + 15_000;
    let msg;
    while (!(msg = delivered.find((m) => m.recipient === '+7 900 555-12-34')) && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 250));
    }
    assert.ok(msg, 'the subscription message was delivered through the webhook');
    assert.equal(msg.kind, 'fix_done');
    const token = msg.payload.rating_token;

    // Rating through the link, once (the demo has ratings of its own, all older).
    const ratingsBefore = (await apiCall(staff.page, '/ratings')).body.count;
    await page.goto(`${server.url}/rate/${token}`);
    await page.getByTestId('rate-score-4').check();
    await page.getByLabel('Comment (optional)').fill('Quick fix, thanks');
    await page.getByRole('button', { name: 'Send rating' }).click();
    await page.getByText('Thank you for your rating!').waitFor();
    // Rated: the form is gone, and the same link opened again says so at once.
    assert.equal(await page.getByTestId('rate-form').count(), 0);
    await page.goto(`${server.url}/rate/${token}`);
    await page.getByText('You have already rated this fix').waitFor();
    assert.equal(await page.getByTestId('rate-form').count(), 0);
    const sum = await apiCall(staff.page, '/ratings');
    assert.equal(sum.status, 200);
    assert.equal(sum.body.count, ratingsBefore + 1);
    assert.equal(sum.body.recent[0].comment, 'Quick fix, thanks');

    // Too many look-ups: a clear message that says how long to wait.
    await page.goto(`${server.url}/status`);
    let limited = null;
    for (let i = 0; i < 40 && !limited; i += 1) {
      const { text } = await check(page, staff.clean);
      limited = text.match(/Try again in (\d+) seconds?/);
    }
    assert.ok(limited, 'the rate-limit message is shown');
    const wait = Number(limited[1]);
    assert.ok(wait >= 1 && wait <= 6, `wait ${wait} s within the 6 s window`);
    assert.match(await page.getByTestId('status-wait').textContent(), /Too many look-ups/);
    assert.ok(await page.getByRole('button', { name: 'Check' }).isDisabled(), 'blocked while waiting');
    // The page recovers by itself: the message goes and the button works again.
    await page.getByTestId('status-wait').waitFor({ state: 'detached', timeout: (wait + 3) * 1000 });
    assert.ok(await page.getByRole('button', { name: 'Check' }).isEnabled());
    const again = await check(page, staff.clean);
    assert.match(again.text, /No known problems/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await staff.context.close();
  }
});

/** Pixel offset (x, y) from the map's centre of a point, in Web Mercator at `zoom`. */
function offsetPx([lat, long], [cLat, cLong], zoom) {
  const scale = 256 * 2 ** zoom;
  const x = (lng) => ((lng + 180) / 360) * scale;
  const y = (la) => {
    const r = (la * Math.PI) / 180;
    return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * scale;
  };
  return [x(long) - x(cLong), y(lat) - y(cLat)];
}

test('a customer picks the place on the map instead of typing an address', { timeout: 60_000 }, async () => {
  const staff = await openPage(browser);
  const { context, page, problems } = await openPage(browser, { viewport: { width: 1024, height: 768 }, hasTouch: true });
  try {
    await login(staff.page, server.url, 'coordinator');
    await staff.page.waitForURL((u) => !u.pathname.endsWith('/login'));
    // The map starts at `map_center` of config.json; an incident a little east of it.
    const config = await (await fetch(`${server.url}/config.json`)).json();
    const [cLat, cLong] = config.map_center;
    const target = [cLat + 0.004, cLong + 0.012];
    const d = 0.004;
    const ring = [[target[1] - d, target[0] - d], [target[1] + d, target[0] - d],
      [target[1] + d, target[0] + d], [target[1] - d, target[0] + d]];
    const inc = await apiCall(staff.page, '/incidents', {
      method: 'POST',
      headers: { 'Idempotency-Key': `e2e-pick-${Date.now()}` },
      body: { title: 'Private pick Zq-e2e', area: { ring }, public_note: { en: 'Picked point outage', ru: 'Авария в выбранной точке' } },
    });
    assert.equal(inc.status, 201, JSON.stringify(inc.body));

    await page.goto(`${server.url}/status`);
    const map = page.getByTestId('status-map').getByTestId('map');
    await map.waitFor();
    // No tiles are configured: the map is a plain background, and still usable.
    assert.equal(await map.locator('.leaflet-tile').count(), 0);
    await page.getByText('Or click or tap your place on the map.').waitFor();
    const box = await map.boundingBox();
    const at = (point) => {
      const [dx, dy] = offsetPx(point, [cLat, cLong], 12);
      return { x: box.width / 2 + dx, y: box.height / 2 + dy };
    };
    const result = page.getByTestId('status-result');

    // A tap inside the incident's area: the problem there, in plain language.
    await map.tap({ position: at(target) });
    await page.getByTestId('status-problem').waitFor();
    assert.match(await result.textContent(), /Picked point outage/);
    assert.match(await result.textContent(), /The point you picked on the map/);
    assert.doesNotMatch(await result.textContent(), /Zq-e2e/);
    const picked = (await page.getByTestId('status-map').getAttribute('data-picked')).split(',').map(Number);
    assert.ok(Math.abs(picked[0] - target[0]) < d && Math.abs(picked[1] - target[1]) < d, `picked ${picked}`);

    // Subscribing works for a picked point too.
    await page.getByLabel('Phone or e-mail').fill('pick@example.org');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByTestId('subscribe-done').waitFor();

    // A click well outside the area: that problem is not there.
    await map.tap({ position: at([target[0], target[1] - 0.03]) });
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="status-result"]');
      return el && !el.querySelector('.spinner') && !/Picked point outage/.test(el.textContent);
    });
    assert.doesNotMatch(await result.textContent(), /Picked point outage/);

    // The incident ends, so it does not disturb the other test's addresses.
    const r = await apiCall(staff.page, `/incidents/${inc.body.id}`, {
      method: 'PATCH', headers: { 'If-Match': `"${inc.body.version}"` }, body: { status: 'resolved' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await staff.context.close();
  }
});

test('on a phone without tiles the status map shows the area outline and street names', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await openPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    await page.goto(`${server.url}/status`);
    const map = page.getByTestId('status-map').getByTestId('map');
    await map.waitFor();
    assert.equal(await map.locator('.leaflet-tile').count(), 0, 'no tiles are configured');
    // The names of the biggest streets are written on the map, as text a person reads.
    const names = map.locator('.leaflet-tooltip.street-label:visible');
    await names.first().waitFor();
    const shown = await names.allInnerTexts();
    assert.ok(shown.length >= 3, `street names shown: ${shown}`);
    const plan = await (await fetch(`${server.url}/api/v1/public/street-plan`)).json();
    for (const name of shown) {
      assert.ok(plan.streets.some((s) => s.name === name), `${name} is a street of the register`);
    }
    // The area's outline is drawn (dashed), and the streets as lines.
    assert.ok(await map.locator('path[stroke-dasharray]').count() >= 1, 'the outline is drawn');
    assert.ok(await map.locator('path.leaflet-interactive').count() === 0, 'the plan does not catch taps');
    // No two names are drawn over each other, at the start and after zooming in.
    const overlapping = () => page.evaluate(() => {
      const shown = [...document.querySelectorAll('.leaflet-tooltip.street-label')]
        .filter((e) => getComputedStyle(e).visibility !== 'hidden').map((e) => e.getBoundingClientRect());
      const hits = [];
      shown.forEach((a, i) => shown.slice(i + 1).forEach((b) => {
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) hits.push([a.top, b.top]);
      }));
      return hits.length;
    });
    assert.equal(await overlapping(), 0, 'names overlap at the start');
    const before = await map.getAttribute('data-zoom');
    await map.locator('.leaflet-control-zoom-in').tap();
    await page.waitForFunction((b) => document.querySelector('.leaflet-container')?.dataset.zoom !== b, before);
    await page.waitForTimeout(500);
    assert.ok(await names.count() >= 1, 'streets are still named closer in');
    assert.equal(await overlapping(), 0, 'names overlap after zooming in');
    // A tap on the plan still picks the place.
    const box = await map.boundingBox();
    await map.tap({ position: { x: box.width / 2, y: box.height / 2 } });
    await page.waitForFunction(() => document.querySelector('[data-testid="status-map"]')?.getAttribute('data-picked'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a pinch on the map zooms by its size and stops at street level', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await openPage(browser, { viewport: { width: 1024, height: 768 }, hasTouch: true });
  try {
    await page.goto(`${server.url}/status`);
    const map = page.getByTestId('status-map').getByTestId('map');
    await map.waitFor();
    await page.waitForFunction(() => document.querySelector('.leaflet-container')?.dataset.zoom);
    const zoom = async () => Number(await map.getAttribute('data-zoom'));
    const box = await map.boundingBox();
    const cdp = await context.newCDPSession(page);
    const pinch = async (scaleFactor) => {
      const before = await map.getAttribute('data-zoom');
      await cdp.send('Input.synthesizePinchGesture', {
        x: box.x + box.width / 2, y: box.y + box.height / 2, scaleFactor, relativeSpeed: 800, gestureSourceType: 'touch',
      });
      // The zoom settles (Leaflet snaps to a whole level after the fingers lift).
      await page.waitForFunction((b) => document.querySelector('.leaflet-container')?.dataset.zoom !== b, before, { timeout: 5000 })
        .catch(() => {});
      await page.waitForTimeout(400);
      return zoom();
    };
    const start = await zoom();
    // A small pinch (fingers apart to not quite twice the distance) is one level, not many.
    const once = await pinch(1.8);
    assert.ok(once > start && once <= start + 1, `pinch 1.8x: ${start} -> ${once}`);
    // However hard people pinch, the map stops at the street level instead of flying off.
    let z = once;
    for (let i = 0; i < 4; i += 1) z = await pinch(30);
    assert.ok(z <= 19, `zoom after four strong pinches: ${z}`);
    assert.ok(z >= 17, `strong pinches do zoom in: ${z}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
