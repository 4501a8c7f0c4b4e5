// Services, groups and topics read by their names, never by their codes (issue 22): on the map
// (the topic filter, the candidates, the spot table, the selected spot's card and popup), on
// the board (burst proposals, incident cards, tickets to link, the spot to take an area from)
// and on the dashboard (filters, tables, chart legends and axes), in English and in Russian.
// Complaints of «Mobile calls» / «No signal» (`mobile-voice` / `no-signal`) at one place make a
// burst proposal and a spot candidate; the spot goes to «Network support (line 2)»
// (`line2-network`), and an incident names «Account and app access» (`account-access`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, login, apiCall } from './harness.mjs';

let server;
let browser;
let codes; // every hyphenated code of the catalogue: services, groups, topics
const tickets = [];
let spotId; // the spot the first test registers
const title = `Names check ${Date.now()}`;

const EN = {
  service: 'Mobile calls',
  topic: 'No signal',
  group: 'Network support (line 2)',
  account: 'Account and app access',
};
const RU = {
  service: 'Мобильная связь: звонки',
  topic: 'Нет сети',
  group: 'Поддержка сети (2 линия)',
  account: 'Доступ в личный кабинет',
};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Set-up through the API as a coordinator: ten complaints from eight customers at one place.
  const { context, page } = await openPage(browser);
  try {
    await login(page, server.url, 'coordinator');
    await page.waitForURL(/\/board$/);
    const cat = (await apiCall(page, '/catalogue')).body;
    codes = [
      ...cat.services.map((s) => s.code),
      ...cat.groups.map((g) => g.code),
      ...cat.services.flatMap((s) => s.topics.map((t) => t.value)),
    ].filter((c) => c.includes('-'));
    assert.ok(codes.includes('no-signal') && codes.includes('line2-network') && codes.includes('account-access'));
    const since = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 10; i += 1) {
      const r = await apiCall(page, '/tickets', {
        method: 'POST',
        headers: { 'Idempotency-Key': `names-e2e-${i}` },
        body: {
          service_code: 'mobile-voice', kind: 'incident', channel: 'phone', topic: 'no-signal',
          description: `No network at home (${i})`, customer_phone: `+7912888${String(i % 8).padStart(4, '0')}`,
          address_string: 'Ленина, 1', fields: { problem_since: since, indoor: 'indoor' },
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      tickets.push(r.body);
    }
  } finally {
    await context.close();
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The catalogue codes found as whole words in `text` (a code is a run of letters, digits, `-`). */
function rawCodes(text) {
  return codes.filter((c) => new RegExp(`(^|[^\\p{L}\\p{N}_-])${c}($|[^\\p{L}\\p{N}_-])`, 'u').test(text));
}

/** What a person can read in `locator`: its rendered text plus the texts of its drop-down options. */
async function readable(locator) {
  return locator.evaluate((el) => [el.innerText, ...[...el.querySelectorAll('option')].map((o) => o.textContent)].join('\n'));
}

/**
 * Asserts that `locator` reads `names` (waiting up to 10 s: the catalogue may still be on its
 * way) and then shows none of the catalogue's codes.
 */
async function namesNotCodes(locator, names, where) {
  const until = Date.now() + 10_000;
  let text = await readable(locator);
  while (!names.every((n) => text.includes(n)) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    text = await readable(locator);
  }
  for (const n of names) assert.ok(text.includes(n), `${where} shows «${n}»:\n${text}`);
  assert.deepEqual(rawCodes(text), [], `${where} shows raw codes:\n${text}`);
}

/** Signs in through the Russian form (a browser with a Russian locale opens in Russian). */
async function loginRu(page, username) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Имя пользователя').fill(username);
  await page.getByLabel('Пароль').fill('demo');
  await page.getByRole('button', { name: 'Войти' }).click();
}

/** The labels (x axis) and series names (legend) Chart.js draws in a figure. */
async function chartText(page, id) {
  const chart = page.getByTestId(`fig-${id}`).locator('[data-testid="chart"][data-ready="true"]');
  await chart.waitFor({ timeout: 20_000 });
  return chart.locator('canvas').evaluate((c) => {
    const ch = window.Chart.getChart(c);
    return [...ch.data.labels, ...ch.data.datasets.map((d) => d.label)].join('\n');
  });
}

/** Waits until the dashboard has loaded its tickets. */
async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="dash-status"]');
    const r = document.querySelector('[data-testid="dash-registered"] .stat-value');
    return s && s.dataset.loading === 'false' && r && /\d/.test(r.textContent);
  }, null, { timeout: 30_000 });
}

/** Opens a figure's table (a click on its summary, as a person would). */
async function openTable(page, id) {
  const fig = page.getByTestId(`fig-${id}`);
  if (!(await fig.locator('details').evaluate((d) => d.open))) await fig.locator('summary').click();
  return fig.getByTestId(`table-${id}`);
}

test('map and board name topics, groups and services (coordinator, English)', async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await login(page, server.url, 'coordinator');
    await page.waitForURL(/\/board$/);

    // The map, filtered to the topic by its name.
    await page.getByTestId('nav-map').click();
    await page.waitForURL(/\/map/);
    await page.getByTestId('complaint-count').waitFor();
    await page.getByLabel('Topic').selectOption({ label: EN.topic });
    await page.waitForURL(/topic=no-signal/);
    const candidate = page.getByTestId('candidate-item').filter({ hasText: '8 customers' });
    await candidate.waitFor({ timeout: 20_000 });
    await namesNotCodes(candidate, [EN.topic], 'the candidate');
    await namesNotCodes(page.locator('form.map-filters'), [EN.topic], 'the filter bar');

    // Registered, the spot is selected: its card and its popup on the map name the topic.
    await candidate.getByTestId('register-spot').click();
    const card = page.getByTestId('spot-work');
    await card.waitFor();
    const row = page.locator('[data-testid="spot-row"][aria-selected="true"]');
    await row.waitFor();
    spotId = Number(await row.getAttribute('data-spot-id'));
    await namesNotCodes(card, [EN.topic], 'the spot card');

    // Routed to the network group through the card: the table names it.
    await card.getByLabel('Engineering group').selectOption({ label: EN.group });
    await card.getByTestId('spot-save').click();
    await page.getByTestId('spot-saved').waitFor();
    const ours = page.locator(`[data-testid="spot-row"][data-spot-id="${spotId}"]`);
    await ours.getByTestId('spot-group').getByText(EN.group).waitFor();
    assert.equal((await apiCall(page, `/spots/${spotId}`)).body.group, 'line2-network');
    await namesNotCodes(ours, [EN.topic, EN.group], 'the spot row');
    await namesNotCodes(page.locator('aside.map-side'), [EN.topic], 'the spot table and candidates');
    // Chosen in the table, the spot's popup opens on the map.
    await ours.locator('th button').click();
    const popup = page.locator('.map-popup').filter({ hasText: EN.topic });
    await popup.waitFor();
    await namesNotCodes(popup, [EN.topic], 'the spot popup');

    // The board: the burst of the same complaints is proposed by service and topic name.
    await page.getByTestId('nav-board').click();
    await page.waitForURL(/\/board$/);
    const proposal = page.getByTestId('proposal').filter({ hasText: EN.topic }).first();
    await proposal.waitFor({ timeout: 20_000 });
    await namesNotCodes(proposal.locator('h3'), [`${EN.service} · ${EN.topic}`], 'the proposal');

    // An incident registered by hand around the complaints, by group and service name.
    await page.getByTestId('open-register').click();
    const form = page.getByTestId('register-form');
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Owner group').selectOption({ label: EN.group });
    // Its services: the complaints' (so they are suggested for linking) and one more.
    await form.getByLabel(EN.service, { exact: true }).check();
    await form.getByLabel(EN.account).check();
    // The spot to take the area from is listed by its topic's name.
    await form.getByTestId('area-mode-spot').check();
    await form.getByTestId('area-spot').locator(`option[value="${spotId}"]`).waitFor({ state: 'attached' });
    await namesNotCodes(form.getByTestId('area-spot'), [`#${spotId} ${EN.topic}`], 'the spot choice');
    await form.getByLabel('Circle: centre and radius').check();
    await page.getByLabel(/centre at the address of ticket number/).fill(String(tickets[0].id));
    await form.getByTestId('register-submit').click();
    const incident = page.getByTestId('incident-card').filter({ hasText: title });
    await incident.waitFor();
    assert.equal((await incident.getByTestId('incident-owner').textContent()).trim(), EN.group);
    assert.equal((await incident.getByTestId('incident-services').textContent()).trim(), `${EN.service}, ${EN.account}`);
    // The complaints to link read by topic name.
    await incident.getByTestId('open-link').click();
    await incident.getByTestId('suggestion').first().waitFor();
    await namesNotCodes(incident.getByTestId('link-form'), [EN.topic], 'the tickets to link');
    await namesNotCodes(incident, [EN.group, EN.account, EN.topic], 'the incident card');
    await namesNotCodes(page.getByTestId('proposals'), [EN.topic], 'the proposals');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the dashboard names services and groups in filters, tables and charts (manager, English)', async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await login(page, server.url, 'manager');
    await page.waitForURL(/\/dashboard/);
    await settled(page);
    await namesNotCodes(page.getByTestId('dash-service'), [EN.service, EN.account], 'the service filter');
    await namesNotCodes(page.getByTestId('dash-group'), [EN.group], 'the group filter');

    await namesNotCodes(await openTable(page, 'sla-service'), [EN.service, EN.account], 'SLA by service');
    await namesNotCodes(await openTable(page, 'sla-group'), [EN.group], 'SLA by group');
    const axis = await chartText(page, 'sla-group');
    assert.ok(axis.includes(EN.group), axis);
    assert.deepEqual(rawCodes(axis), [], axis);

    // Broken down by group: the table and the chart's legend name the groups.
    await page.getByTestId('dash-by').selectOption({ label: 'Assignee group' });
    await page.waitForURL(/by=group/);
    await namesNotCodes(await openTable(page, 'volume-by'), [EN.group], 'volume by group');
    const legend = await chartText(page, 'volume-by');
    assert.ok(legend.includes(EN.group), legend);
    assert.deepEqual(rawCodes(legend), [], legend);

    // A filter chosen by name keeps the code in the URL.
    await page.getByTestId('dash-service').selectOption({ label: EN.account });
    await page.waitForURL(/service=account-access/);
    await settled(page);
    await namesNotCodes(page.locator('main'), [EN.account], 'the dashboard');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('dashboard, map and board name them in Russian (manager, ru-RU)', async () => {
  const { context, page, problems } = await openPage(browser, { locale: 'ru-RU' });
  try {
    await loginRu(page, 'manager');
    await page.waitForURL(/\/dashboard/);
    await settled(page);
    await namesNotCodes(page.getByTestId('dash-service'), [RU.service, RU.account], 'фильтр услуг');
    await namesNotCodes(page.getByTestId('dash-group'), [RU.group], 'фильтр групп');
    await namesNotCodes(await openTable(page, 'sla-service'), [RU.service, RU.account], 'SLA по услугам');
    const axis = await chartText(page, 'sla-service');
    assert.ok(axis.includes(RU.account), axis);
    assert.deepEqual(rawCodes(axis), [], axis);
    await page.getByTestId('dash-by').selectOption({ label: 'Группа исполнителей' });
    await page.waitForURL(/by=group/);
    await namesNotCodes(await openTable(page, 'volume-by'), [RU.group], 'обращения по группам');
    const legend = await chartText(page, 'volume-by');
    assert.ok(legend.includes(RU.group), legend);
    await namesNotCodes(page.locator('main'), [RU.group], 'панель руководителя');

    // The map: our spot by topic and group.
    await page.getByTestId('nav-map').click();
    await page.waitForURL(/\/map/);
    const ours = page.locator(`[data-testid="spot-row"][data-spot-id="${spotId}"]`);
    await ours.waitFor({ timeout: 20_000 });
    await namesNotCodes(ours, [RU.topic, RU.group], 'строка пятна');
    await namesNotCodes(page.locator('aside.map-side'), [RU.topic], 'список пятен');
    await namesNotCodes(page.locator('form.map-filters'), [RU.topic], 'фильтры карты');

    // The board: the incident card and the proposal.
    await page.getByTestId('nav-board').click();
    await page.waitForURL(/\/board$/);
    const incident = page.getByTestId('incident-card').filter({ hasText: title });
    await incident.waitFor();
    await namesNotCodes(incident, [RU.group, RU.account], 'карточка аварии');
    const proposal = page.getByTestId('proposal').filter({ hasText: RU.topic }).first();
    await proposal.waitFor({ timeout: 20_000 });
    await namesNotCodes(proposal.locator('h3'), [`${RU.service} · ${RU.topic}`], 'предложение');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
