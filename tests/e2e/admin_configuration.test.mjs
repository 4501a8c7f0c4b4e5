// Configuration administration, driven like a person against a server that starts empty (no
// --demo): the first administrator is made with `spotdesk-server admin create-user` and the
// address register loaded with `spotdesk-server import addresses`, as an operator would. The
// administrator creates a group and saves; creates an agent in that group; creates a service
// with a required extra choice field and a 4-business-hour SLA, reads the SLA preview and
// saves. The agent, in a second browser, is refused registration without the choice field, then
// registers; the ticket's deadline is the preview's. The administrator disables the agent and the
// agent's open desk shows the sign-in page within seconds; the audit log shows each change with
// before and after.
//
// Time: the server runs with --test-clock set to a Saturday morning of the centre (UTC+3), a day
// off, so a ticket registered any minute of the test is due at the same instant (Monday 13:00
// there), which the preview, given that Saturday morning as the registration time, must say too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, login, createUser, importFile, openSection, saveConfiguration } from './harness.mjs';

const ADMIN = { username: 'chief', password: 'granite owl above the ferry' };
const GROUP = 'router-desk';
const SERVICE = 'home-router';

let server;
let browser;
let admin; // the administrator's browser
let serverNow; // the server's clock (ISO text) right after it was set

/** The next Saturday, 10:00 at UTC+3 (07:00 UTC), at least a day from now. */
function nextSaturdayMorning(now = new Date()) {
  const t = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 7, 0, 0));
  while (t.getUTCDay() !== 6) t.setUTCDate(t.getUTCDate() + 1);
  return t;
}

/** Sets the server clock (before anyone signs in in a browser, so no session outlives it). */
async function setServerClock(url, to) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
  });
  const signedIn = await login.text();
  assert.equal(login.status, 200, signedIn);
  const { token } = JSON.parse(signedIn);
  const offset = Math.floor((to.getTime() - Date.now()) / 1000);
  const r = await fetch(`${url}/api/v1/test/clock`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ offset_seconds: offset }),
  });
  const clock = await r.text();
  assert.equal(r.status, 200, clock);
  return JSON.parse(clock).now;
}

before(async () => {
  server = await startServer({
    demo: false,
    args: ['--test-clock'],
    prepare: async ({ bin, db }) => {
      await createUser(bin, db, { ...ADMIN, role: 'admin', extra: ['--display-name', 'Chief Admin', '--no-password-change'] });
      // Without --demo the register is empty and no address is found: the operator loads theirs.
      await importFile(bin, db, 'addresses', 'addresses.csv',
        'id,address,lat,long,city,street,house\n'
        + 'len-1,"ул. Ленина, 1",56.30045,43.92229,Северогорск,ул. Ленина,1\n'
        + 'len-3,"ул. Ленина, 3",56.30044,43.92300,Северогорск,ул. Ленина,3\n');
    },
  });
  serverNow = await setServerClock(server.url, nextSaturdayMorning());
  browser = await launchBrowser();
  admin = await openPage(browser);
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

/** `2026-12-12T10:00` in the browser's time zone, for a datetime-local input. */
function localInputValue(page, iso) {
  return page.evaluate((iso) => {
    const d = new Date(iso);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, iso);
}

test('a group, an agent in it and a service with a required choice and a 4-business-hour SLA; the ticket is due when the preview said; disabling signs the agent out; all in the audit log', async (t) => {
  const { page } = admin;

  // A group, typed in from the keyboard where a person would.
  await openSection(page, 'Groups & business units', 'groups');
  const groups = page.getByTestId('config-group-list');
  await groups.getByRole('button', { name: 'Add group' }).focus();
  await page.keyboard.press('Enter');
  const groupRow = groups.getByTestId('group-row').last();
  // The new row's code input has the focus.
  await page.waitForFunction(() => document.activeElement?.dataset.path?.match(/^groups\[\d+\]\.code$/));
  await page.keyboard.type(GROUP);
  await groupRow.getByLabel('Name (English)').fill('Home router desk');
  await groupRow.getByLabel('Name (Russian)').fill('Группа домашних роутеров');
  await groupRow.getByLabel('Support line').selectOption('1');
  await saveConfiguration(page);
  // Saved, its code is fixed.
  await groupRow.locator('code.fixed-code').getByText(GROUP).waitFor();

  // An agent in that group (the group list comes from the configuration just saved).
  await openSection(page, 'Users', 'users');
  await page.getByRole('button', { name: 'New user' }).click();
  const form = page.getByTestId('new-user-form');
  await form.getByLabel('Username').fill('olga');
  await form.getByLabel('Display name').fill('Olga Petrova');
  await form.getByLabel('Role').selectOption({ label: 'Agent' });
  await form.getByLabel('Group', { exact: true }).selectOption(GROUP);
  await form.getByRole('button', { name: 'Create account' }).click();
  const box = page.getByTestId('one-time-box');
  await box.waitFor();
  const otp = (await box.getByTestId('one-time-password').textContent()).trim();
  await page.getByRole('button', { name: 'Done' }).click();

  // The service: names, default group, a required choice field.
  await openSection(page, 'Services', 'services');
  await page.getByRole('button', { name: 'Add service' }).click();
  const editor = page.getByTestId('service-editor');
  await editor.waitFor();
  await editor.getByLabel('Code').fill(SERVICE);
  await editor.getByLabel('Name (English)').fill('Home router');
  await editor.getByLabel('Name (Russian)').fill('Домашний роутер');
  await editor.getByLabel('Picker group').fill('internet');
  await editor.getByLabel('Default group').selectOption(GROUP);
  await editor.getByRole('button', { name: 'Add field' }).click();
  const field = editor.getByTestId('field-row');
  await field.getByLabel('Key').fill('router_model');
  await field.getByLabel('Label (English)').first().fill('Router model');
  await field.getByLabel('Label (Russian)').first().fill('Модель роутера');
  await field.getByLabel('Type').selectOption({ label: 'Choice (one)' });
  for (const [value, en, ru] of [['keenetic', 'Keenetic', 'Keenetic'], ['tplink', 'TP-Link', 'TP-Link']]) {
    await field.getByRole('button', { name: 'Add option' }).click();
    const option = field.getByTestId('choice-options-row').last();
    await option.getByLabel('Value (code)').fill(value);
    await option.getByLabel('Label (English)').fill(en);
    await option.getByLabel('Label (Russian)').fill(ru);
  }
  await field.getByLabel('Required on new tickets').check();
  // The page says what retiring means for old tickets.
  await page.getByTestId('retired-service-list').getByText(/Tickets already registered for it keep it/).waitFor();

  // Its SLA: 4 business hours for incidents on line 1 (edited in the SLA section, same draft).
  await page.getByTestId('admin-nav').getByRole('link', { name: 'SLA & calendar' }).click();
  await page.waitForURL(/\/admin\/sla$/);
  await page.getByTestId('sla-existing-note').getByText(/never moves the deadlines of tickets already registered/).waitFor();
  await page.getByLabel('Service', { exact: true }).selectOption(SERVICE);
  await page.getByTestId('sla-none').waitFor();
  await page.getByRole('button', { name: 'Add SLA row' }).click();
  const sla = page.getByTestId('sla-row');
  await sla.getByLabel('Kind').selectOption('incident');
  await sla.getByLabel('Support line').selectOption('1');
  await sla.getByLabel('Hours').fill('4');
  await sla.getByLabel('Counted').selectOption({ label: 'in business hours' });

  // The preview, for a ticket registered at the server's "now" (Saturday morning there).
  const preview = page.getByTestId('sla-preview');
  await preview.getByLabel('Kind').selectOption('incident');
  await preview.getByLabel('Support line').selectOption('1');
  await preview.getByLabel('Registered at').fill(await localInputValue(page, serverNow));
  const why = preview.getByTestId('sla-preview-why');
  await why.getByText(/^4 business hours; working hours Mon–Fri 09:00–18:00 \(UTC\+3\)/).waitFor();
  const due = (await preview.getByTestId('sla-preview-due').textContent()).trim();
  t.diagnostic(`preview: ${(await preview.getByTestId('sla-preview-text').textContent()).trim()}`);
  await saveConfiguration(page);
  // The draft is the saved configuration: the preview still says the same.
  assert.equal((await preview.getByTestId('sla-preview-due').textContent()).trim(), due);

  // The agent, in a browser of their own: one-time password, their own, then the desk.
  const agent = await openPage(browser);
  try {
    const ap = agent.page;
    await login(ap, server.url, 'olga', otp);
    await ap.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    const pw = ap.getByTestId('password-form');
    await pw.getByLabel('One-time password').fill(otp);
    await pw.getByLabel('New password', { exact: true }).fill('amber kettle under moonlight');
    await pw.getByLabel('New password again').fill('amber kettle under moonlight');
    await pw.getByRole('button', { name: 'Change password' }).click();
    await ap.getByTestId('ticket-form').waitFor();

    // The new service is offered; its form asks for the router model.
    const search = ap.getByLabel('Find by name or code');
    await search.fill('Home router');
    await search.press('Enter');
    assert.equal(await ap.getByLabel(/^Service/).inputValue(), SERVICE);
    assert.equal(await ap.locator('#ticket-topic').count(), 0, 'a service without topics asks for none');
    await ap.getByLabel('Customer phone').fill('8 (912) 555-01-23');
    await ap.getByLabel('Address').fill('Ленина 1');
    await ap.getByTestId('address-option').first().click();
    await ap.getByTestId('address-located').waitFor();
    await ap.getByLabel('Description').fill('The router blinks red');

    // Without the required choice the desk refuses, beside the field.
    await ap.getByRole('button', { name: 'Register' }).click();
    const fieldError = ap.getByTestId('error-fields.router_model');
    await fieldError.waitFor();
    assert.notEqual((await fieldError.textContent()).trim(), '', 'the field says what is missing');
    assert.equal(await ap.getByTestId('ticket-created').count(), 0, 'nothing registered');

    await ap.getByLabel(/^Router model/).selectOption({ label: 'Keenetic' });
    await ap.getByRole('button', { name: 'Register' }).click();
    await ap.locator('[data-testid="ticket-created"], [data-testid="ticket-form-error"]').first().waitFor();
    const refused = ap.getByTestId('ticket-form-error');
    assert.equal(await refused.count(), 0, `registered: ${await ap.getByTestId('ticket-form').textContent()}`);
    const number = (await ap.getByTestId('ticket-created-number').textContent()).trim();

    // The ticket's deadline is the preview's.
    await ap.getByTestId('ticket-created').getByRole('link').click();
    await ap.waitForURL(new RegExp(`/tickets/${number}$`));
    const deadline = ap.locator('dt', { hasText: /^Deadline$/ }).locator('xpath=following-sibling::dd[1]');
    await deadline.waitFor();
    const shown = (await deadline.textContent()).trim();
    t.diagnostic(`ticket ${number}: deadline ${shown}`);
    assert.ok(shown.startsWith(due), `the ticket is due at "${shown}", the preview said "${due}"`);
    await ap.getByTestId('ticket-group').getByText('Home router desk').waitFor();

    // The administrator disables the agent; the agent's open page turns into sign-in.
    await openSection(page, 'Users', 'users');
    const row = page.locator('[data-testid="user-row"][data-username="olga"]');
    await row.getByRole('button', { name: 'Manage olga' }).click();
    const panel = page.getByTestId('user-panel');
    await panel.getByRole('button', { name: 'Disable' }).click();
    await panel.getByTestId('user-confirm-yes').click();
    const disabledAt = Date.now();
    await panel.getByTestId('user-notice').getByText(/Disabled\./).waitFor();
    await ap.getByRole('heading', { name: 'Sign in to Spotdesk' }).waitFor({ timeout: 8_000 });
    t.diagnostic(`the agent's page showed sign-in ${Date.now() - disabledAt} ms after the disabling`);
    assert.deepEqual(agent.problems, []);
  } finally {
    await agent.context.close();
  }

  // The audit log: both configuration saves with before and after, the account's creation and
  // its disabling.
  await openSection(page, 'Audit log', 'audit');
  const entries = page.getByTestId('audit-entry');
  const config = entries.filter({ has: page.getByTestId('audit-action').getByText('Configuration changed', { exact: true }) });
  await config.nth(1).waitFor();
  const groupChange = config.filter({ has: page.getByRole('row', { name: new RegExp(`groups\\[${GROUP}\\]`) }) });
  await groupChange.waitFor();
  const groupRowDiff = groupChange.getByTestId('audit-diff').getByRole('row', { name: new RegExp(`groups\\[${GROUP}\\]`) });
  assert.equal((await groupRowDiff.locator('td[data-col="before"]').textContent()).trim(), '—');
  assert.match(await groupRowDiff.locator('td[data-col="after"]').textContent(), /Home router desk/);
  const serviceChange = config.filter({ has: page.getByRole('row', { name: new RegExp(`services\\[${SERVICE}\\]`) }) });
  const serviceDiff = serviceChange.getByTestId('audit-diff').getByRole('row', { name: new RegExp(`services\\[${SERVICE}\\]`) });
  assert.match(await serviceDiff.locator('td[data-col="after"]').textContent(), /router_model/);
  assert.equal((await serviceChange.getByTestId('audit-actor').textContent()).trim(), ADMIN.username);
  const created = entries.filter({ has: page.getByTestId('audit-action').getByText('Account created', { exact: true }) })
    .filter({ hasText: 'olga' });
  await created.waitFor();
  const createdGroup = created.getByTestId('audit-diff').getByRole('row', { name: /Group/ });
  // The log names the group as people know it, not by its id.
  assert.match(await createdGroup.locator('td[data-col="after"]').textContent(), /Home router desk/);
  const disabled = entries.filter({ has: page.getByTestId('audit-action').getByText('Account disabled', { exact: true }) })
    .filter({ hasText: 'olga' });
  const disabledRow = disabled.getByTestId('audit-diff').getByRole('row', { name: /Disabled/ });
  assert.equal(await disabledRow.locator('td[data-col="before"]').textContent(), 'No');
  assert.equal(await disabledRow.locator('td[data-col="after"]').textContent(), 'Yes');
});

test('a bad value is refused beside its field and in the summary, nothing saved; a save over someone else\'s keeps the draft', async () => {
  const { page } = admin;
  await openSection(page, 'Groups & business units', 'groups');
  const groupRow = page.getByTestId('group-row').filter({ has: page.locator('code.fixed-code', { hasText: GROUP }) });
  const english = groupRow.getByLabel('Name (English)');
  await english.fill('');
  await page.getByRole('button', { name: 'Save configuration' }).click();
  const problems = page.getByTestId('config-invalid');
  await problems.getByText(/Not saved: fix the problems below/).waitFor();
  const item = problems.getByTestId('config-problem').filter({ hasText: `groups[${GROUP}].name.en` });
  await item.waitFor();
  assert.equal(await english.getAttribute('aria-invalid'), 'true');
  // The summary's link puts the focus on the field.
  await item.getByRole('link').click();
  await page.waitForFunction(() => document.activeElement?.dataset.path?.endsWith('.name.en'));
  await english.fill('Home router desk (2nd line)');

  // Meanwhile someone else saves (here: the API, with the current version).
  const current = await page.evaluate(async () => {
    const s = JSON.parse(localStorage.getItem('spotdesk.session'));
    const r = await fetch('/api/v1/admin/configuration', { headers: { Authorization: `Bearer ${s.token}` } });
    return r.json();
  });
  const other = await page.evaluate(async (doc) => {
    const s = JSON.parse(localStorage.getItem('spotdesk.session'));
    doc.catalogue.pre_holiday_short_minutes = 30;
    const r = await fetch('/api/v1/admin/configuration', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json', 'If-Match': `"${doc.version}"` },
      body: JSON.stringify(doc.catalogue),
    });
    return r.status;
  }, current);
  assert.equal(other, 200);

  await page.getByRole('button', { name: 'Save configuration' }).click();
  const conflict = page.getByTestId('config-conflict');
  await conflict.getByText(/Someone else saved the configuration/).waitFor();
  assert.equal(await english.inputValue(), 'Home router desk (2nd line)', 'the draft is kept');
  await conflict.getByRole('button', { name: 'Keep editing mine' }).click();
  await page.getByTestId('config-kept-mine').waitFor();
  await page.getByRole('button', { name: 'Save configuration' }).click();
  await page.getByTestId('config-saved').waitFor();
});
