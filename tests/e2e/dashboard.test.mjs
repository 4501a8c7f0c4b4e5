// The manager dashboard on a 1024x768 tablet: a period chosen with the date picker, figures
// drawn by Chart.js under the strict CSP, a CSV export whose numbers match the screen (plus the
// codes of the services it names), a filter kept in the URL, a live update when a new ticket
// arrives (the shared SSE client), and a rating a customer gives through the public link
// showing up live in the rating figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { startServer, launchBrowser, openPage, login, apiCall } from './harness.mjs';

let server;
let browser;
let hook;
const delivered = [];

before(async () => {
  // The webhook adapter delivers the "fixed" messages (with the rating links) here.
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
  server = await startServer({ days: 14, ticketsPerDay: 40 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  hook?.close();
});

/** Local calendar date `days` ago as YYYY-MM-DD (the browser runs in the same time zone). */
function isoDay(daysAgo) {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Waits until the dashboard has finished loading and shows a number in the registered card. */
async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="dash-status"]');
    const r = document.querySelector('[data-testid="dash-registered"] .stat-value');
    return s && s.dataset.loading === 'false' && r && /\d/.test(r.textContent);
  }, null, { timeout: 30_000 });
}

const kpi = async (page, id) => Number((await page.getByTestId(id).locator('.stat-value').textContent()).trim());

/** Parses our CSV (BOM, CRLF, quoted cells only where needed). */
function parseCsv(text) {
  return text.replace(/^\ufeff/, '').trim().split('\r\n').map((line) => {
    const cells = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i += 1) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') { cur += '"'; i += 1; } else if (c === '"') quoted = false; else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { cells.push(cur); cur = ''; } else cur += c;
    }
    cells.push(cur);
    return cells;
  });
}

/** Clicks a figure's CSV button like a person and returns the parsed file. */
async function downloadCsv(page, id) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`csv-${id}`).click()]);
  assert.equal(download.suggestedFilename(), `spotdesk-${id}.csv`);
  return parseCsv(await readFile(await download.path(), 'utf8'));
}

/** The visible table of a figure (its header row first), after opening it. */
async function screenTable(page, id) {
  const fig = page.getByTestId(`fig-${id}`);
  const details = fig.locator('details');
  if (!(await details.evaluate((d) => d.open))) await fig.locator('summary').click();
  return fig.getByTestId(`table-${id}`).evaluate((t) =>
    [...t.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th,td')].map((c) => c.textContent.trim())));
}

test('a chosen period with charts, and CSV exports that match the screen', async () => {
  const { context, page, problems } = await openPage(browser, { viewport: { width: 1024, height: 768 }, hasTouch: true });
  try {
    await login(page, server.url, 'manager');
    await page.waitForURL(/\/dashboard/);
    await settled(page);

    // Choose the period with the picker: the last 5 days including today.
    const from = isoDay(4);
    const to = isoDay(0);
    await page.getByTestId('dash-period').selectOption('custom');
    await page.getByTestId('dash-from').fill(from);
    await page.getByTestId('dash-to').fill(to);
    await page.getByTestId('dash-apply').click();
    await page.waitForURL(new RegExp(`period=custom&from=${from}&to=${to}`));
    await settled(page);
    await page.getByTestId('dash-status').getByText(`(${from} – ${to})`).waitFor();

    // Every ticket loaded for the period is counted as registered.
    const loaded = Number((await page.getByTestId('dash-status').textContent()).match(/:\s*(\d+)/)[1]);
    const registered = await kpi(page, 'dash-registered');
    assert.ok(registered > 0, 'demo data has tickets in the last days');
    assert.equal(registered, loaded);

    // Charts are drawn by Chart.js (loaded on demand under the CSP).
    await page.getByTestId('fig-volume').locator('[data-testid="chart"][data-ready="true"]').waitFor();
    assert.equal(await page.getByTestId('fig-volume').locator('canvas').count(), 1);

    // Volume per day: the CSV is the on-screen table, one row per day of the period, and its
    // registered column adds up to the card.
    const volumeCsv = await downloadCsv(page, 'volume');
    const volumeScreen = await screenTable(page, 'volume');
    assert.deepEqual(volumeCsv, volumeScreen);
    assert.equal(volumeCsv.length - 1, 5);
    assert.equal(volumeCsv[1][0], from);
    assert.equal(volumeCsv.slice(1).reduce((n, r) => n + Number(r[1]), 0), registered);

    // The summary CSV carries the same numbers as the cards.
    const summary = await downloadCsv(page, 'summary');
    const row = (name) => summary.find((r) => r[0] === name)?.[1];
    assert.equal(Number(row('Registered')), registered);
    assert.equal(Number(row('Resolved')), await kpi(page, 'dash-resolved'));
    assert.equal(Number(row('Overdue')), await kpi(page, 'dash-overdue'));
    assert.equal(row('SLA compliance, %'), (await page.getByTestId('dash-sla').locator('.stat-value').textContent()).trim());

    // SLA by service: the screen names the services; the CSV is the same table with each
    // service's code before its name, and the per-service tickets add up.
    const sla = await downloadCsv(page, 'sla-service');
    const slaScreen = await screenTable(page, 'sla-service');
    assert.deepEqual(sla[0].slice(0, 2), ['Service', 'Service name']);
    assert.deepEqual(sla.map((r) => r.slice(1)).slice(1), slaScreen.slice(1));
    assert.deepEqual(sla[0].slice(2), slaScreen[0].slice(1));
    assert.ok(sla.slice(1).every((r) => /^[a-z0-9-]+$/.test(r[0])), `codes in the first column: ${sla.map((r) => r[0])}`);
    assert.equal(sla.slice(1).reduce((n, r) => n + Number(r[2]), 0), registered);

    // Weekly grouping and a line filter go into the URL and change the numbers.
    await page.getByTestId('dash-granularity').selectOption('week');
    await page.waitForURL(/g=week/);
    await page.getByTestId('dash-line').selectOption('1');
    await page.waitForURL(/line=1/);
    await settled(page);
    const line1 = await kpi(page, 'dash-registered');
    assert.ok(line1 > 0 && line1 < registered, `line 1 has some of the tickets (${line1} of ${registered})`);
    const weekly = await downloadCsv(page, 'volume');
    assert.equal(weekly.slice(1).reduce((n, r) => n + Number(r[1]), 0), line1);
    // A shared link opens the same view.
    const shared = page.url();
    await page.reload();
    await settled(page);
    assert.equal(page.url(), shared);
    assert.equal(await kpi(page, 'dash-registered'), line1);

    // Fits the tablet: nothing scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('numbers update live when a ticket arrives', async () => {
  const { context, page, problems } = await openPage(browser);
  const agent = await openPage(browser);
  try {
    await login(page, server.url, 'manager');
    await page.waitForURL(/\/dashboard/);
    await page.getByTestId('dash-period').selectOption('today');
    await page.waitForURL(/period=today/);
    await settled(page);
    await page.getByTestId('dash-live').waitFor();
    const before = await kpi(page, 'dash-registered');

    await login(agent.page, server.url, 'agent');
    await agent.page.waitForURL(/\/desk$/);
    const r = await apiCall(agent.page, '/tickets', {
      method: 'POST',
      headers: { 'Idempotency-Key': `dash-live-${Date.now()}` },
      body: {
        service_code: 'number-block', kind: 'incident', channel: 'phone', topic: 'lost-phone',
        description: 'Dashboard live update', customer_phone: '+79125550177', address_string: 'Ленина, 1',
        fields: { block_reason: 'lost' },
      },
    });
    assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));

    // No reload, no click: the card changes by itself.
    await page.waitForFunction((n) => {
      const el = document.querySelector('[data-testid="dash-registered"] .stat-value');
      return el && Number(el.textContent) === n + 1;
    }, before, { timeout: 20_000 });
    assert.deepEqual(problems, []);
  } finally {
    await agent.context.close();
    await context.close();
  }
});

test('a rating given through the public link appears on the open dashboard without a reload', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await openPage(browser, { viewport: { width: 1024, height: 768 }, hasTouch: true });
  const staff = await openPage(browser);
  const customer = await openPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    // A coordinator registers an incident around an address; a customer there subscribes.
    await login(staff.page, server.url, 'coordinator');
    await staff.page.waitForURL((u) => !u.pathname.endsWith('/login'));
    const found = await apiCall(staff.page, `/geocode?q=${encodeURIComponent('Мира')}`);
    const place = found.body.results[0];
    const d = 0.0005;
    const inc = await apiCall(staff.page, '/incidents', {
      method: 'POST',
      headers: { 'Idempotency-Key': `e2e-dash-rating-${Date.now()}` },
      body: {
        title: 'Rated outage',
        area: { ring: [[place.long - d, place.lat - d], [place.long + d, place.lat - d],
          [place.long + d, place.lat + d], [place.long - d, place.lat + d]] },
      },
    });
    assert.equal(inc.status, 201, JSON.stringify(inc.body));
    const contact = '+7 900 444-55-66';
    await customer.page.goto(`${server.url}/status`);
    const sub = await apiCall(customer.page, '/public/subscriptions', {
      method: 'POST', body: { contact, lat: place.lat, long: place.long },
    });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));

    // The manager's dashboard for today: the rating figures before.
    await login(page, server.url, 'manager');
    await page.waitForURL(/\/dashboard/);
    await page.getByTestId('dash-period').selectOption('today');
    await page.waitForURL(/period=today/);
    await settled(page);
    const twoStars = async () => (await screenTable(page, 'rating-distribution')).find((r) => r[0] === '2')[1];
    const before = Number(await twoStars());
    // Today's incident is listed by number and title.
    const incidentRows = await screenTable(page, 'incidents');
    assert.ok(incidentRows.some((r) => r[0] === `#${inc.body.id} Rated outage`), JSON.stringify(incidentRows));

    // Fixed: the customer gets the link and gives 2 stars.
    const shown = await page.getByTestId('dash-status').textContent();
    const r = await apiCall(staff.page, `/incidents/${inc.body.id}`, {
      method: 'PATCH', headers: { 'If-Match': `"${inc.body.version}"` }, body: { status: 'resolved' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const deadline = Date.now() + 15_000;
    let msg;
    while (!(msg = delivered.find((m) => m.recipient === contact)) && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 250));
    }
    assert.ok(msg, 'the fix message with the rating link was delivered');
    // The open dashboard took the resolution live (its "updated at" moved on) before the
    // rating is given, so only the rating's own announcement can bring the rating in.
    await page.waitForFunction((text) => {
      const s = document.querySelector('[data-testid="dash-status"]');
      return s && s.dataset.loading === 'false' && s.textContent !== text;
    }, shown, { timeout: 20_000 });
    await settled(page);
    assert.equal(Number(await twoStars()), before);
    await customer.page.goto(`${server.url}/rate/${msg.payload.rating_token}`);
    await customer.page.getByTestId('rate-score-2').check();
    await customer.page.getByRole('button', { name: 'Send rating' }).click();
    await customer.page.getByText('Thank you for your rating!').waitFor();

    // The open dashboard counts it, without a reload, in the distribution and in the trend.
    const deadlineShown = Date.now() + 15_000;
    while (Number(await twoStars()) !== before + 1 && Date.now() < deadlineShown) {
      await new Promise((res) => setTimeout(res, 250));
    }
    assert.equal(Number(await twoStars()), before + 1, 'the new rating reached the open dashboard');
    await settled(page);
    const trend = (await screenTable(page, 'ratings')).slice(1);
    assert.ok(trend.some((row) => Number(row[1]) > 0), `the rating is in the trend table: ${JSON.stringify(trend)}`);
    assert.equal(await page.getByTestId('dash-no-ratings').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await customer.context.close();
    await staff.context.close();
    await context.close();
  }
});
