// Importing the operator's address register through the administration section (issue 21),
// driven like a person against a server that starts empty (no --demo; the administrator and an
// agent are made with `spotdesk-server admin create-user`). A 10,000-address CSV with one bad
// row is uploaded: the page names the row, column and reason, and nothing is imported. The
// fixed file is uploaded: a progress bar to completion, then 10,000 added. An imported address
// is then found on the agent desk's address field and on the public status page. Then a
// coverage GeoJSON (with the layer for features without one) and customer counts per address
// are uploaded from the same section, and a ticket history from the previous system (one
// ticket placed by an address of the imported register): a bad row named, then the fixed file
// imported, its tickets shown by the API, the same file again leaving them as they were.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, login, apiCall, createUser } from './harness.mjs';

const ADMIN = { username: 'chief', password: 'granite owl above the ferry' };
const AGENT = { username: 'olga', password: 'quiet lantern on tuesday' };
const ROWS = 10_000;
/** The data line (the header is line 1) whose latitude is out of range in the bad file. */
const BAD_LINE = 5_001;

let server;
let browser;
let dir;

/** The register of a town the server does not know: `ROWS` houses on ten streets. */
function register({ badLine } = {}) {
  const streets = ['Рябиновая', 'Кленовая', 'Сиреневая', 'Ольховая', 'Вересковая',
    'Черёмуховая', 'Ивовая', 'Липовая', 'Берёзовая', 'Осиновая'];
  const lines = ['id,address,lat,long,city,street,house'];
  for (let i = 0; i < ROWS; i += 1) {
    const street = streets[i % streets.length];
    const house = Math.floor(i / streets.length) + 1;
    let lat = (61.2 + (i % 100) * 0.0005).toFixed(5);
    const long = (32.4 + Math.floor(i / 100) * 0.0005).toFixed(5);
    if (lines.length + 1 === badLine) lat = '95.5';
    lines.push(`imp-${i},"г. Тестоград, ул. ${street}, д. ${house}",${lat},${long},Тестоград,ул. ${street},${house}`);
  }
  return `${lines.join('\n')}\n`;
}

before(async () => {
  server = await startServer({
    demo: false,
    prepare: async ({ bin, db }) => {
      await createUser(bin, db, { ...ADMIN, role: 'admin', extra: ['--no-password-change'] });
      await createUser(bin, db, { ...AGENT, role: 'agent', extra: ['--no-password-change'] });
    },
  });
  browser = await launchBrowser();
  dir = await mkdtemp(path.join(tmpdir(), 'spotdesk-e2e-imports-'));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Uploads `file` from the imports section with the keyboard; waits for the import to end. */
async function uploadFile(page, file, kind = 'addresses') {
  await page.getByLabel('What the file holds').selectOption(kind);
  await page.getByLabel('File', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Upload and import' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="import-status"]')?.dataset.state;
    return s === 'done' || s === 'rejected' || s === 'failed' || s === 'refused';
  }, null, { timeout: 60_000 });
  return page.getByTestId('import-status').getAttribute('data-state');
}

test('a 10,000-address register with one bad row is refused whole, the fixed one imported and found on the desk and the status page',
  { timeout: 180_000 }, async () => {
    const badFile = path.join(dir, 'register-bad.csv');
    const goodFile = path.join(dir, 'register.csv');
    await writeFile(badFile, register({ badLine: BAD_LINE }));
    await writeFile(goodFile, register());

    const admin = await openPage(browser);
    try {
      const { page } = admin;
      await login(page, server.url, ADMIN.username, ADMIN.password);
      await page.waitForURL(/\/desk$/);
      await page.getByTestId('nav-admin').click();
      await page.waitForURL(/\/admin$/);
      await page.getByTestId('admin-nav').getByRole('link', { name: 'Imports' }).click();
      await page.waitForURL(/\/admin\/imports$/);
      await page.getByRole('heading', { name: 'Imports', level: 2 }).waitFor();

      // The bad file: refused, the row named, nothing imported.
      assert.equal(await uploadFile(page, badFile), 'rejected');
      const status = page.getByTestId('import-status');
      assert.match(await status.textContent(), /Not imported: the file has problems\. Nothing was changed\./);
      assert.equal((await page.getByTestId('import-rows-read').textContent()).replace(/\D/g, ''), String(ROWS));
      assert.equal(await page.getByTestId('import-bad-rows').textContent(), '1');
      const problems = page.getByTestId('import-problem');
      assert.equal(await problems.count(), 1);
      const cells = await problems.first().locator('td').allTextContents();
      assert.equal(cells[0], String(BAD_LINE));
      assert.equal(cells[1], 'lat');
      assert.match(cells.slice(2).join(' '), /range/i);
      assert.match(await page.getByTestId('import-problems').textContent(), /Line.*Column.*Reason/s);
      assert.match(await page.getByTestId('import-counts').textContent(), /lat/);
      const none = await apiCall(page, `/geocode?q=${encodeURIComponent('Рябиновая 1')}`);
      assert.equal(none.status, 200, JSON.stringify(none.body));
      assert.ok(!none.body.results.some((r) => r.address_string.includes('Тестоград')), JSON.stringify(none.body));

      // The fixed file: a progress bar to completion, then what changed.
      await page.getByRole('button', { name: 'Import another file' }).click();
      let sawProgress = false;
      const watch = page.waitForSelector('[data-testid="import-upload-progress"], [data-testid="import-progress"]', { timeout: 30_000 })
        .then(() => { sawProgress = true; }, () => {});
      assert.equal(await uploadFile(page, goodFile), 'done');
      await watch;
      assert.ok(sawProgress, 'a progress bar was shown');
      assert.match(await status.textContent(), /Imported\./);
      assert.equal((await page.getByTestId('import-added').textContent()).replace(/\D/g, ''), String(ROWS));
      assert.equal(await page.getByTestId('import-removed').textContent(), '0');
      assert.equal((await page.getByTestId('import-total').textContent()).replace(/\D/g, ''), String(ROWS));

      // The audit log says who imported what.
      const audit = await apiCall(page, '/admin/audit?action=import.addresses');
      assert.equal(audit.status, 200);
      assert.equal(audit.body.items.length, 1);
      assert.equal(audit.body.items[0].actor.username, ADMIN.username);
      assert.equal(audit.body.items[0].after.rows, ROWS);
      assert.deepEqual(admin.problems, []);
    } finally {
      await admin.context.close();
    }

    // The agent desk finds an imported address (with a typo).
    const agent = await openPage(browser);
    try {
      const { page } = agent;
      await login(page, server.url, AGENT.username, AGENT.password);
      await page.waitForURL(/\/desk$/);
      await page.getByTestId('ticket-form').waitFor();
      await page.getByLabel('Address').fill('Рябинавая 7');
      const option = page.getByTestId('address-option').filter({ hasText: 'Рябиновая, д. 7' }).first();
      await option.waitFor();
      assert.match(await option.textContent(), /Тестоград, ул\. Рябиновая, д\. 7/);
      await option.click();
      await page.getByTestId('address-located').waitFor();
      assert.deepEqual(agent.problems, []);
    } finally {
      await agent.context.close();
    }

    // So does the public status page.
    const customer = await openPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true });
    try {
      const { page } = customer;
      await page.goto(`${server.url}/status`);
      await page.getByLabel('Address').fill('Тестоград, Кленовая 12');
      await page.waitForFunction(() => [...document.querySelectorAll('#status-suggestions option')]
        .some((o) => o.value.includes('Кленовая, д. 12')));
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByTestId('status-none').waitFor();
      assert.match(await page.getByTestId('status-result').textContent(), /No known problems at this address/);
      assert.deepEqual(customer.problems, []);
    } finally {
      await customer.context.close();
    }
  });

test('coverage layers and customer counts are uploaded from the same section', { timeout: 120_000 }, async () => {
  const square = (lat, long) => [[[long - 0.01, lat - 0.01], [long + 0.01, lat - 0.01], [long + 0.01, lat + 0.01],
    [long - 0.01, lat + 0.01], [long - 0.01, lat - 0.01]]];
  const coverage = path.join(dir, 'coverage.geojson');
  await writeFile(coverage, JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(61.21, 32.41) }, properties: { technology: 'fixed' } },
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(61.22, 32.42) }, properties: { quality: 0.7 } },
    ],
  }));
  const customers = path.join(dir, 'customers.csv');
  await writeFile(customers, 'address_id,tech:LTE,service:internet\nimp-1,12,3\nimp-2,8,\n');

  const admin = await openPage(browser);
  try {
    const { page } = admin;
    await login(page, server.url, ADMIN.username, ADMIN.password);
    await page.waitForURL(/\/desk$/);
    await page.goto(`${server.url}/admin/imports`);
    await page.getByRole('heading', { name: 'Imports', level: 2 }).waitFor();

    // Coverage: the layer field appears for it; the feature without a technology goes to LTE.
    await page.getByLabel('What the file holds').selectOption('coverage');
    await page.getByLabel('Layer for features without a technology (optional)').fill('LTE');
    assert.equal(await uploadFile(page, coverage, 'coverage'), 'done');
    assert.equal(await page.getByTestId('import-added').textContent(), '2');
    assert.match(await page.getByTestId('import-layers').textContent(), /4g 1.*fixed 1|fixed 1.*4g 1/);
    const layer = await apiCall(page, '/coverage/fixed');
    assert.equal(layer.status, 200);
    assert.equal(layer.body.features.length, 1);

    // Customers: counts per address of the register imported in the first test.
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByLabel('What the file holds').selectOption('customers');
    assert.equal(await page.getByLabel('Layer for features without a technology (optional)').count(), 0);
    assert.equal(await uploadFile(page, customers, 'customers'), 'done');
    assert.equal(await page.getByTestId('import-customers').textContent(), '23');
    assert.deepEqual(admin.problems, []);
  } finally {
    await admin.context.close();
  }
});

test('a ticket history is uploaded from the same section, its bad row named, then imported once', { timeout: 120_000 }, async () => {
  // Past times, relative to today (a time in the future is a bad row).
  const daysAgo = (d, h) => new Date(Date.now() - d * 86_400_000 - h * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const history = (service) => [
    'external_id,service_code,created_at,status,resolved_at,lat,long,address_id,customer_phone',
    `old-1,mobile-data,${daysAgo(10, 6)},closed,${daysAgo(10, 2)},61.2,32.4,,8 912 345-67-89`,
    `old-2,${service},${daysAgo(9, 3)},in_work,,,,imp-7,`,
  ].join('\n') + '\n';
  const bad = path.join(dir, 'history-bad.csv');
  const good = path.join(dir, 'history.csv');
  await writeFile(bad, history('no-such-service'));
  await writeFile(good, history('home-internet'));

  const admin = await openPage(browser);
  try {
    const { page } = admin;
    await login(page, server.url, ADMIN.username, ADMIN.password);
    await page.waitForURL(/\/desk$/);
    await page.goto(`${server.url}/admin/imports`);
    await page.getByRole('heading', { name: 'Imports', level: 2 }).waitFor();

    // The kind is offered by name; its hint and the replace option speak of tickets.
    await page.getByLabel('What the file holds').selectOption({ label: 'Ticket history' });
    assert.match(await page.locator('#import-file-hint').textContent(), /external_id/);
    await page.getByLabel('Update tickets imported before from the file').waitFor();

    // The bad file: line 3's service is named, nothing imported.
    assert.equal(await uploadFile(page, bad, 'tickets'), 'rejected');
    assert.match(await page.getByTestId('import-status').textContent(), /Not imported: the file has problems\./);
    const cells = await page.getByTestId('import-problem').first().locator('td').allTextContents();
    assert.equal(cells[0], '3');
    assert.equal(cells[1], 'service_code');
    assert.match(cells.slice(2).join(' '), /unknown service/);
    const none = await apiCall(page, '/tickets?limit=50');
    assert.equal(none.status, 200);
    assert.equal(none.body.items.length, 0, JSON.stringify(none.body));

    // The fixed file: two tickets added, shown with what the import did.
    await page.getByRole('button', { name: 'Import another file' }).click();
    assert.equal(await uploadFile(page, good, 'tickets'), 'done');
    assert.match(await page.getByTestId('import-status').textContent(), /Imported\./);
    const result = page.getByTestId('import-result');
    assert.equal(await page.getByTestId('import-added').textContent(), '2');
    assert.equal(await page.getByTestId('import-updated').textContent(), '0');
    assert.equal(await page.getByTestId('import-unchanged').textContent(), '0');
    assert.equal(await page.getByTestId('import-total').textContent(), '2');
    assert.equal(await page.getByTestId('import-removed').count(), 0);
    assert.match(await result.textContent(), /Imported tickets now/);
    const list = await apiCall(page, '/tickets?limit=50');
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 2, JSON.stringify(list.body));
    const placed = list.body.items.find((t) => t.service_code === 'home-internet');
    assert.match(placed.address_string, /Тестоград/, JSON.stringify(placed));
    assert.equal(placed.status, 'in_work');

    // The same file again: both left as they were.
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByLabel('What the file holds').selectOption('tickets');
    assert.equal(await uploadFile(page, good, 'tickets'), 'done');
    assert.equal(await page.getByTestId('import-added').textContent(), '0');
    assert.equal(await page.getByTestId('import-unchanged').textContent(), '2');

    // Both uploads are in the audit log, the refused one not.
    const audit = await apiCall(page, '/admin/audit?action=import.tickets');
    assert.equal(audit.status, 200);
    assert.equal(audit.body.items.length, 2);
    assert.equal(audit.body.items[0].actor.username, ADMIN.username);
    assert.equal(audit.body.items[0].after.unchanged, 2);
    assert.deepEqual(admin.problems, []);
  } finally {
    await admin.context.close();
  }
});
