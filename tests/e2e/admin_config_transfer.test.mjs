// Moving a configuration between systems, driven like an administrator on a server that starts
// empty (no --demo, the built-in default catalogue): the configuration is exported as one JSON
// file; a file with one bad routing rule is imported and refused with the row and field named,
// and nothing changes; the corrected file is checked (its changes listed) and applied; the new
// rule shows in the routing editor, and the routing "try it" box says a sample ticket hits it.
// Also: the detection section's 30-day preview runs to its result, and the editors work by
// keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { startServer, launchBrowser, openPage, login, apiCall, createUser, openSection } from './harness.mjs';

const ADMIN = { username: 'chief', password: 'granite owl above the ferry' };

let server;
let browser;
let admin;

before(async () => {
  server = await startServer({
    demo: false,
    prepare: async ({ bin, db }) => {
      await createUser(bin, db, { ...ADMIN, role: 'admin', extra: ['--display-name', 'Chief Admin', '--no-password-change'] });
    },
  });
  browser = await launchBrowser();
  admin = await openPage(browser, { hasTouch: true });
  await login(admin.page, server.url, ADMIN.username, ADMIN.password);
  await admin.page.waitForURL(/\/desk$/);
});

after(async () => {
  if (admin) {
    assert.deepEqual(admin.problems, []);
    await admin.context.close();
  }
  await browser?.close();
  await server?.stop();
});

/** The text of a download. */
async function downloadText(download) {
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

/** Chooses `json` as the file to import. */
async function chooseFile(page, name, json) {
  await page.getByLabel('Configuration file (JSON)').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(json, null, 2), 'utf8'),
  });
}

/** Axe violations of the page as readable lines (empty when clean). */
async function violations(page, state) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.map((v) => `${state}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

const importState = (page) => page.getByTestId('config-import-status').getAttribute('data-state');

test('export, a refused import naming its bad row, the corrected import applied, the rule in the editor and the try-it box', async () => {
  const { page } = admin;
  await openSection(page, 'Import and export', 'transfer');

  // Export: one JSON file, the stored document.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the configuration' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^spotdesk-configuration-v\d+\.json$/);
  const exported = JSON.parse(await downloadText(download));
  const stored = await apiCall(page, '/admin/configuration');
  assert.equal(stored.status, 200);
  assert.equal(exported.version, stored.body.version);
  assert.deepEqual(exported.catalogue, stored.body.catalogue);
  const cat = exported.catalogue;
  assert.ok(cat.services.length > 0 && cat.groups.length > 1, 'the default catalogue has services and groups');

  // A new first rule: partner contacts about the first service go to line 2 of a group that
  // does not exist. The file is refused, naming the row and the field; nothing changes.
  const service = cat.services[0];
  const target = cat.groups[cat.groups.length - 1];
  const id = Math.max(0, ...cat.routing.map((r) => r.id)) + 1;
  const row = cat.routing.length; // 0-based index of the new rule
  const rule = {
    id, priority: Math.min(0, ...cat.routing.map((r) => r.priority)) - 10,
    service_code: service.code, channel: 'partner', kind: null, segment: null, line: 2, group: 'no-such-group',
  };
  const bad = { ...exported, catalogue: { ...cat, routing: [...cat.routing, rule] } };
  await chooseFile(page, 'bad.json', bad);
  const problems = page.getByTestId('config-import-problems');
  await problems.waitFor();
  assert.equal(await importState(page), 'problems');
  assert.equal(await problems.locator('strong').textContent(), 'Problems in the file: 1');
  const problem = page.getByTestId('config-import-problem');
  assert.equal(await problem.count(), 1);
  assert.equal(await problem.getAttribute('data-path'), `routing[${row}].group`);
  assert.match(await problem.textContent(), new RegExp(`Routing rules, row ${row + 1} \\(id ${id}\\), field group`));
  assert.match(await problems.textContent(), /Nothing was applied/);
  assert.equal(await page.getByTestId('config-import-apply').count(), 0, 'no way to apply a refused file');
  assert.deepEqual(await violations(page, 'import problems'), []);
  const unchanged = await apiCall(page, '/admin/configuration');
  assert.equal(unchanged.body.version, stored.body.version);
  assert.deepEqual(unchanged.body.catalogue, stored.body.catalogue);

  // Not JSON at all: said so, nothing sent.
  await page.getByLabel('Configuration file (JSON)').setInputFiles({
    name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('routing: yes', 'utf8'),
  });
  await page.getByTestId('config-import-not-config').waitFor();

  // Corrected: checked, its change listed, then applied by "Apply" (by keyboard).
  const good = { ...exported, catalogue: { ...cat, routing: [...cat.routing, { ...rule, group: target.code }] } };
  await chooseFile(page, 'good.json', good);
  const ready = page.getByTestId('config-import-ready');
  await ready.waitFor();
  assert.match(await ready.locator('strong').textContent(), /^Changes the file would make: \d+$/);
  assert.ok(await page.getByTestId('config-import-changes').locator('li').count() >= 1);
  assert.equal((await apiCall(page, '/admin/configuration')).body.version, stored.body.version,
    'checking changes nothing');
  assert.deepEqual(await violations(page, 'import ready'), []);
  await page.getByRole('button', { name: 'Apply' }).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('config-import-applied').waitFor();
  const applied = await apiCall(page, '/admin/configuration');
  assert.equal(applied.body.version, stored.body.version + 1);
  assert.deepEqual(applied.body.catalogue.routing.find((r) => r.id === id), { ...rule, group: target.code });

  // The routing editor shows it first (lowest priority number), with its conditions and target.
  await openSection(page, 'Routing rules', 'routing');
  const first = page.getByTestId('routing-row').first();
  assert.equal(await first.getAttribute('data-rule-id'), String(id));
  assert.equal(await first.getByLabel('Service').inputValue(), service.code);
  assert.equal(await first.getByLabel('Channel').inputValue(), 'partner');
  assert.equal(await first.getByLabel('Group').inputValue(), target.code);
  assert.equal(await first.getByLabel('Line').inputValue(), '2');

  // Try it: a partner contact about that service hits rule 1; by phone it does not.
  const tryBox = page.getByTestId('routing-try');
  await tryBox.getByLabel('Service').selectOption(service.code);
  await tryBox.getByLabel('Channel').selectOption('partner');
  const result = page.getByTestId('routing-try-result');
  await page.waitForFunction((id) => document.querySelector('[data-testid="routing-try-result"]')?.dataset.ruleId === id,
    String(id));
  assert.match(await result.textContent(), new RegExp(`Hits rule 1 → goes to line 2, group ${target.code}`));
  assert.deepEqual(await violations(page, 'routing'), []);
  await tryBox.getByLabel('Channel').selectOption('phone');
  await page.waitForFunction((id) => document.querySelector('[data-testid="routing-try-result"]')?.dataset.ruleId !== id,
    String(id));

  // Moving the rule down by keyboard reorders the draft (unsaved) and the box follows it.
  await tryBox.getByLabel('Channel').selectOption('partner');
  await first.getByRole('button', { name: 'Move down' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="config-dirty"]')?.dataset.dirty === 'true');
  assert.equal(await page.getByTestId('routing-row').nth(1).getAttribute('data-rule-id'), String(id));
  // The rule that is now first (the catalogue's "any partner contact" rule) takes the sample.
  const now = await page.getByTestId('routing-row').first().getAttribute('data-rule-id');
  await page.waitForFunction((now) => document.querySelector('[data-testid="routing-try-result"]')?.dataset.ruleId === now, now);
  assert.match(await result.textContent(), /^Hits rule 1 → /);
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('config-discard').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="config-dirty"]')?.dataset.dirty === 'false');
  assert.equal(await page.getByTestId('routing-row').first().getAttribute('data-rule-id'), String(id));
});

test('the detection preview runs over the last 30 days and compares the draft with the saved settings', async () => {
  const { page } = admin;
  await openSection(page, 'Spot and burst detection', 'detection');
  const spots = page.getByTestId('detection-spots');
  await spots.getByLabel('Minimum distinct customers').fill('9');
  await page.getByRole('button', { name: 'Preview the last 30 days' }).click();
  const table = page.getByTestId('detection-preview-result');
  await table.waitFor({ timeout: 30_000 });
  assert.match(await table.locator('caption').textContent(), /Tickets analysed: \d+/);
  assert.deepEqual(await violations(page, 'detection preview'), []);
  for (const kind of ['spots', 'bursts']) {
    const cells = page.getByTestId(`detection-preview-${kind}`);
    assert.match(await cells.getByTestId('saved').textContent(), /^\d+$/);
    assert.match(await cells.getByTestId('draft').textContent(), /^\d+$/);
  }
  // Changing a threshold after the preview says the preview is out of date.
  await spots.getByLabel('Minimum distinct customers').fill('10');
  await page.getByTestId('detection-preview-stale').waitFor();

  // Escalation: the levels in plain words follow an edit.
  await openSection(page, 'Escalation', 'escalation');
  const words = page.getByTestId('escalation-words');
  assert.match(await words.textContent(), /Not taken into work: shift-lead after 30 min/);
  await page.getByTestId('escalation-level').first().getByLabel('Notifies').fill('duty-engineer');
  await words.getByText(/Not taken into work: duty-engineer after 30 min/).waitFor();
  assert.deepEqual(await violations(page, 'escalation'), []);
});
