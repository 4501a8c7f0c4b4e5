// Administration of people, driven like a person in two browsers against a server that starts
// empty (no --demo): the first administrator is made with `spotdesk-server admin create-user`,
// as an operator would. The administrator creates an agent with a one-time password; the agent
// signs in with it in a second browser, is made to choose their own password, then sees the
// desk; the administrator disables the agent and the agent's open desk turns into the sign-in
// page within seconds; the audit log lists the creation and the disabling with before/after.
// Also: field errors beside the fields, an edit refused because someone else changed the
// account meanwhile (the input kept), a one-time password reset, lifting a sign-in delay, and
// the page other roles get.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, login, apiCall, createUser } from './harness.mjs';

const ADMIN = { username: 'chief', password: 'granite owl above the ferry' };
const CLERK = { username: 'ivan', password: 'quiet lantern on tuesday' };

let server;
let browser;
let admin; // the administrator's browser

before(async () => {
  server = await startServer({
    demo: false,
    prepare: async ({ bin, db }) => {
      // Their own passwords (as when an operator creates their own account).
      await createUser(bin, db, { ...ADMIN, role: 'admin', extra: ['--display-name', 'Chief Admin', '--no-password-change'] });
      await createUser(bin, db, { ...CLERK, role: 'agent', extra: ['--no-password-change'] });
    },
  });
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

/** Opens the Users section through the menu and its sub-navigation. */
async function openUsers(page) {
  await page.getByTestId('nav-admin').click();
  await page.waitForURL(/\/admin$/);
  await page.getByRole('heading', { name: 'Administration' }).waitFor();
  await page.getByTestId('admin-nav').getByRole('link', { name: 'Users' }).click();
  await page.waitForURL(/\/admin\/users$/);
  await page.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
  await row(page, ADMIN.username).waitFor();
}

const row = (page, username) => page.locator(`[data-testid="user-row"][data-username="${username}"]`);
const cell = (page, username, col) => row(page, username).locator(`td[data-col="${col}"]`);
/** The sign-in state badges of an account's row: `disabled`, `must-change`, `locked` or `active`. */
const states = (page, username) => cell(page, username, 'state').locator('[data-state]')
  .evaluateAll((els) => els.map((e) => e.dataset.state));

/** Creates an account through the form; resolves to the one-time password shown. */
async function createThroughForm(page, { username, displayName, role = 'Agent', group }) {
  await page.getByRole('button', { name: 'New user' }).click();
  const form = page.getByTestId('new-user-form');
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Display name').fill(displayName);
  await form.getByLabel('Role').selectOption({ label: role });
  if (group) await form.getByLabel('Group', { exact: true }).selectOption(group);
  await form.getByRole('button', { name: 'Create account' }).click();
  const box = page.getByTestId('one-time-box');
  await box.waitFor();
  assert.match(await box.getByRole('heading').textContent(), new RegExp(`One-time password for ${username}`));
  const otp = (await box.getByTestId('one-time-password').textContent()).trim();
  assert.ok(otp.length >= 12, `a one-time password is shown: ${otp}`);
  return otp;
}

/** Opens the panel of `username` with the keyboard (Tab to its button, Enter). */
async function openPanel(page, username) {
  const button = row(page, username).getByRole('button', { name: `Manage ${username}` });
  await button.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('user-panel');
  await panel.waitFor();
  // The panel takes the focus, so keyboard users land in it.
  await page.waitForFunction(() => document.activeElement?.closest('[data-testid="user-panel"]')
    && document.activeElement.tagName === 'H3');
  return panel;
}

test('an agent made with a one-time password chooses their own, works, is disabled and is signed out; the audit log shows it', async (t) => {
  const { page } = admin;
  await openUsers(page);
  assert.equal(await cell(page, ADMIN.username, 'display-name').textContent(), 'Chief Admin');
  assert.equal(await cell(page, ADMIN.username, 'role').textContent(), 'Administrator');

  // Mistakes come back beside their fields: a taken username, then one with bad characters.
  await page.getByRole('button', { name: 'New user' }).click();
  const form = page.getByTestId('new-user-form');
  await form.getByLabel('Username').fill(CLERK.username);
  await form.getByRole('button', { name: 'Create account' }).click();
  await form.getByTestId('error-username').getByText('This username is already taken').waitFor();
  assert.equal(await form.getByLabel('Username').getAttribute('aria-invalid'), 'true');
  await form.getByLabel('Username').fill('Olga Petrova!');
  await form.getByRole('button', { name: 'Create account' }).click();
  await form.getByTestId('error-username').getByText(/Use a–z, 0–9/).waitFor();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await form.waitFor({ state: 'detached' });

  // The agent's account, with a group from the catalogue; the server makes up the password.
  const otp = await createThroughForm(page, { username: 'olga', displayName: 'Olga Petrova', group: 'line1-contact-centre' });
  await row(page, 'olga').waitFor();
  assert.equal(await cell(page, 'olga', 'role').textContent(), 'Agent');
  assert.deepEqual(await states(page, 'olga'), ['must-change']);
  assert.equal(await cell(page, 'olga', 'state').textContent(), 'One-time password');
  assert.notEqual(await cell(page, 'olga', 'group').textContent(), '—');
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByTestId('one-time-box').waitFor({ state: 'detached' });
  assert.equal(await page.getByText(otp).count(), 0, 'the one-time password is gone once done');

  // The agent, in a browser of their own, signs in with it: only the password screen.
  const agent = await openPage(browser);
  try {
    await login(agent.page, server.url, 'olga', otp);
    await agent.page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    assert.equal(await agent.page.getByTestId('nav').getByRole('link').count(), 0, 'no menu before the password is changed');
    await agent.page.goto(`${server.url}/tickets`);
    await agent.page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    assert.equal(await agent.page.getByRole('heading', { name: 'Tickets' }).count(), 0);
    await agent.page.goto(`${server.url}/desk`);

    // The policy's objections beside the field: too short (seen by the app), too common (by the server).
    const pw = agent.page.getByTestId('password-form');
    await pw.getByLabel('One-time password').fill(otp);
    await pw.getByLabel('New password', { exact: true }).fill('olga2025');
    await pw.getByLabel('New password again').fill('olga2025');
    await pw.getByRole('button', { name: 'Change password' }).click();
    await pw.getByTestId('error-new_password').getByText(/Too short/).waitFor();
    await pw.getByLabel('New password', { exact: true }).fill('password1234');
    await pw.getByLabel('New password again').fill('password1234');
    await pw.getByRole('button', { name: 'Change password' }).click();
    await pw.getByTestId('error-new_password').getByText(/Too easy to guess/).waitFor();
    // Chosen well, the desk opens where the password screen was.
    const own = 'amber kettle under moonlight';
    await pw.getByLabel('New password', { exact: true }).fill(own);
    await pw.getByLabel('New password again').fill(own);
    await pw.getByRole('button', { name: 'Change password' }).click();
    await agent.page.getByTestId('ticket-form').waitFor();
    await agent.page.getByTestId('nav-desk').waitFor();

    // The administrator sees the one-time password gone, then disables the account (keyboard only).
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForFunction(() => document.querySelector('[data-username="olga"] [data-state="active"]'));
    const panel = await openPanel(page, 'olga');
    await panel.getByRole('button', { name: 'Disable' }).focus();
    await page.keyboard.press('Enter');
    await panel.getByTestId('user-confirm').getByText(/Disable this account\?/).waitFor();
    // The confirming button has the focus: Enter confirms.
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'user-confirm-yes');
    const disabledAt = Date.now();
    await page.keyboard.press('Enter');
    await panel.getByTestId('user-notice').getByText(/Disabled\. The person was signed out everywhere/).waitFor();
    assert.deepEqual(await states(page, 'olga'), ['disabled']);

    // The agent's desk, left alone, becomes the sign-in page within seconds.
    await agent.page.getByRole('heading', { name: 'Sign in to Spotdesk' }).waitFor({ timeout: 8_000 });
    const took = Date.now() - disabledAt;
    assert.equal(await agent.page.getByTestId('ticket-form').count(), 0, 'the desk is gone');
    t.diagnostic(`the agent's desk showed the sign-in page ${took} ms after the account was disabled`);
    // And a disabled account cannot sign in (the same answer as a wrong password).
    await login(agent.page, server.url, 'olga', own);
    await agent.page.getByTestId('login-error').getByText('Wrong username or password').waitFor();
    assert.deepEqual(agent.problems, []);
  } finally {
    await agent.context.close();
  }

  // The audit log lists the creation and the disabling, each with what changed.
  await page.getByTestId('admin-nav').getByRole('link', { name: 'Audit log' }).click();
  await page.waitForURL(/\/admin\/audit$/);
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  assert.equal(await page.getByTestId('nav-admin').getAttribute('aria-current'), 'page', 'the menu still marks Administration');
  const entries = page.getByTestId('audit-entry');
  const disabled = entries.filter({ has: page.getByTestId('audit-action').getByText('Account disabled', { exact: true }) })
    .filter({ hasText: 'olga' });
  await disabled.waitFor();
  assert.equal((await disabled.getByTestId('audit-actor').textContent()).trim(), ADMIN.username);
  const disabledRow = disabled.getByTestId('audit-diff').getByRole('row', { name: /Disabled/ });
  assert.equal(await disabledRow.locator('td[data-col="before"]').textContent(), 'No');
  assert.equal(await disabledRow.locator('td[data-col="after"]').textContent(), 'Yes');
  const created = entries.filter({ has: page.getByTestId('audit-action').getByText('Account created', { exact: true }) })
    .filter({ hasText: 'olga' });
  await created.waitFor();
  const createdDiff = created.getByTestId('audit-diff');
  const nameRow = createdDiff.getByRole('row', { name: /Display name/ });
  assert.equal(await nameRow.locator('td[data-col="before"]').textContent(), '—');
  assert.equal(await nameRow.locator('td[data-col="after"]').textContent(), 'Olga Petrova');
  assert.equal(await createdDiff.getByRole('row', { name: /Role/ }).locator('td[data-col="after"]').textContent(), 'Agent');
  // The agent's own password change is there too, by the agent.
  const changed = entries.filter({ has: page.getByTestId('audit-action').getByText('Own password changed', { exact: true }) });
  assert.equal((await changed.first().getByTestId('audit-actor').textContent()).trim(), 'olga');

  // Filtered by action (the URL keeps it), only the disabling is left.
  await page.getByLabel('Action').selectOption({ label: 'Account disabled' });
  await page.waitForURL(/action=user\.disable/);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="audit-entry"]')]
    .every((e) => e.dataset.action === 'user.disable') && document.querySelectorAll('[data-testid="audit-entry"]').length === 1);
  // By object: the other account has no disabling.
  await page.getByLabel('Object').selectOption({ label: `${CLERK.username} (${CLERK.username})` });
  await page.getByTestId('audit-empty').waitFor();
  await page.getByRole('button', { name: 'Reset filters' }).click();
  await page.waitForURL(/\/admin\/audit$/);
  await entries.nth(2).waitFor();
});

test('an edit made on an out-of-date account keeps the input, shows what someone else saved, and goes through when saved again', async () => {
  const { page } = admin;
  await page.goto(`${server.url}/admin/users`);
  await row(page, CLERK.username).waitFor();
  const panel = await openPanel(page, CLERK.username);
  await panel.getByLabel('Display name').fill('Ivan the Clerk');

  // Meanwhile another administrator (here: the API) renames him and moves him to a group.
  const id = (await apiCall(page, '/admin/users')).body.find((u) => u.username === CLERK.username).id;
  const current = await apiCall(page, `/admin/users/${id}`);
  const other = await apiCall(page, `/admin/users/${id}`, {
    method: 'PATCH', headers: { 'If-Match': `"${current.body.version}"` },
    body: { display_name: 'Ivan Sidorov', group: 'line2-billing' },
  });
  assert.equal(other.status, 200, JSON.stringify(other.body));

  await panel.getByRole('button', { name: 'Save changes' }).click();
  await panel.getByTestId('user-conflict').getByText(/Someone else changed this account meanwhile/).waitFor();
  assert.equal(await panel.getByLabel('Display name').inputValue(), 'Ivan the Clerk', 'the input is kept');
  await panel.getByRole('button', { name: 'Load the current version' }).click();
  const reloaded = panel.getByTestId('user-reloaded');
  await reloaded.getByText('Ivan Sidorov').waitFor();
  assert.equal(await panel.getByLabel('Display name').inputValue(), 'Ivan the Clerk', 'still kept after loading');
  assert.equal(await cell(page, CLERK.username, 'display-name').textContent(), 'Ivan Sidorov');

  await panel.getByRole('button', { name: 'Save changes' }).click();
  await panel.getByTestId('user-notice').getByText('Saved.').waitFor();
  assert.equal(await cell(page, CLERK.username, 'display-name').textContent(), 'Ivan the Clerk');
  const stored = await apiCall(page, `/admin/users/${id}`);
  assert.equal(stored.body.display_name, 'Ivan the Clerk');
  assert.equal(stored.body.group, 'line2-billing', 'the other change stays');

  // A blank display name is refused beside the field.
  await panel.getByLabel('Display name').fill('   ');
  await panel.getByRole('button', { name: 'Save changes' }).click();
  await panel.getByTestId('error-display_name').getByText('Required').waitFor();
  await panel.getByRole('button', { name: 'Close' }).click();
  await panel.waitFor({ state: 'detached' });
});

test('a reset password is shown once and copied; a sign-in delay is lifted; the last administrator stays one', async () => {
  const { page, context } = admin;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.goto(`${server.url}/admin/users`);

  // Five wrong passwords delay the clerk's next sign-in.
  const anon = await openPage(browser);
  try {
    for (let i = 0; i < 5; i += 1) {
      const r = await anon.page.request.post(`${server.url}/api/v1/auth/login`,
        { data: { username: CLERK.username, password: `wrong guess ${i}` }, failOnStatusCode: false });
      assert.equal(r.status(), 401);
    }
  } finally {
    await anon.context.close();
  }
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.waitForFunction((u) => document.querySelector(`[data-username="${u}"] [data-state="locked"]`), CLERK.username);
  assert.deepEqual(await states(page, CLERK.username), ['locked'], 'the delay is listed');
  assert.match(await cell(page, CLERK.username, 'state').textContent(), /Sign-in delayed until \d+ \w+ \d\d:\d\d/);
  const panel = await openPanel(page, CLERK.username);
  await panel.getByRole('button', { name: 'Lift sign-in delay' }).click();
  await panel.getByTestId('user-notice').getByText(/The sign-in delay is lifted/).waitFor();
  assert.deepEqual(await states(page, CLERK.username), ['active']);

  // A new one-time password: confirmed first, then shown once, with a copy button.
  await panel.getByRole('button', { name: 'Reset password' }).click();
  await panel.getByTestId('user-confirm').getByText(/Set a new one-time password\?/).waitFor();
  await panel.getByTestId('user-confirm-yes').click();
  const box = panel.getByTestId('one-time-box');
  await box.waitFor();
  const otp = (await box.getByTestId('one-time-password').textContent()).trim();
  await box.getByRole('button', { name: 'Copy' }).click();
  await box.getByTestId('one-time-copied').getByText('Copied.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), otp);
  assert.deepEqual(await states(page, CLERK.username), ['must-change']);
  await box.getByRole('button', { name: 'Done' }).click();
  await box.waitFor({ state: 'detached' });
  await panel.getByRole('button', { name: 'Close' }).click();

  // The only administrator cannot take away their own role: the reason is beside the field.
  const mine = await openPanel(page, ADMIN.username);
  await mine.getByLabel('Role').selectOption({ label: 'Manager' });
  await mine.getByRole('button', { name: 'Save changes' }).click();
  await mine.getByTestId('error-role').getByText(/last enabled administrator/).waitFor();
  assert.equal(await cell(page, ADMIN.username, 'role').textContent(), 'Administrator');
  await mine.getByRole('button', { name: 'Close' }).click();
});

test('other roles have no administration in their menu and get "your role may not do this" at /admin', async () => {
  const clerk = await openPage(browser);
  try {
    // The clerk's password was reset above: sign in with a fresh one set over the API.
    const reset = await apiCall(admin.page, `/admin/users/${(await apiCall(admin.page, '/admin/users')).body
      .find((u) => u.username === CLERK.username).id}/password-reset`, { method: 'POST' });
    assert.equal(reset.status, 200);
    await login(clerk.page, server.url, CLERK.username, reset.body.one_time_password);
    const pw = clerk.page.getByTestId('password-form');
    await pw.waitFor();
    await pw.getByLabel('One-time password').fill(reset.body.one_time_password);
    await pw.getByLabel('New password', { exact: true }).fill('velvet thunder in march');
    await pw.getByLabel('New password again').fill('velvet thunder in march');
    await pw.getByRole('button', { name: 'Change password' }).click();
    await clerk.page.getByTestId('ticket-form').waitFor();
    assert.equal(await clerk.page.getByTestId('nav-admin').count(), 0);
    await clerk.page.goto(`${server.url}/admin`);
    await clerk.page.getByTestId('forbidden').getByText('Your role may not do this.').waitFor();
    assert.equal(await clerk.page.getByTestId('users-table').count(), 0);

    // Changing one's own password later, from the header.
    await clerk.page.getByTestId('nav-password').click();
    await clerk.page.getByRole('heading', { name: 'Change password' }).waitFor();
    const form = clerk.page.getByTestId('password-form');
    await form.getByLabel('Current password').fill('not it at all, sorry');
    await form.getByLabel('New password', { exact: true }).fill('copper meadow after rain');
    await form.getByLabel('New password again').fill('copper meadow after rain');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByTestId('error-current_password').getByText('This is not your current password').waitFor();
    await form.getByLabel('Current password').fill('velvet thunder in march');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByTestId('password-changed').getByText(/Your password is changed/).waitFor();
    assert.deepEqual(clerk.problems, []);
  } finally {
    await clerk.context.close();
  }
});
