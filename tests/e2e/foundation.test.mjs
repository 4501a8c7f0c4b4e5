// The foundation journey, driven like a person: an agent signs in, is told what is missing,
// registers a ticket and finds it in the list; a manager signs in and sees the dashboard;
// the UI switches to Russian. Runs against the real server in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, login } from './harness.mjs';

const env = serverAndBrowser();

test('an agent registers a ticket and sees it in the list', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await login(page, env.server.url, 'agent');
    await page.waitForURL(/\/desk$/);

    await page.getByLabel('Service').selectOption({ label: 'Billing dispute' });
    await page.getByLabel('Topic').selectOption({ label: 'Charged twice' });
    await page.getByLabel('Customer phone').fill('8 (912) 555-01-23');
    await page.getByLabel('Address').fill('Ленина 1');
    await page.getByTestId('address-option').first().click();
    await page.getByTestId('address-located').waitFor();
    const marker = `e2e-${Date.now()}`;
    await page.getByLabel('Description').fill(`Charged twice for October ${marker}`);
    await page.getByLabel(/Disputed amount/).fill('1500');
    await page.getByLabel(/Charge date/).fill('2026-11-20');

    // The contract number is required for this service: the form says so beside the field.
    await page.getByRole('button', { name: 'Register ticket' }).click();
    const contract = page.getByTestId('field-contract_no');
    await assert.doesNotReject(contract.getByText('Required').waitFor({ timeout: 5000 }));
    assert.equal(await page.getByTestId('ticket-created').count(), 0, 'nothing was registered');

    await page.getByLabel(/Contract number/).fill('D-100200');
    await page.getByRole('button', { name: 'Register ticket' }).click();
    const created = page.getByTestId('ticket-created-number');
    await created.waitFor();
    const number = (await created.textContent()).trim();
    assert.match(number, /^\d+$/);

    // The new ticket is at the top of the list with its address and status.
    const row = page.locator(`[data-testid="ticket-row"][data-ticket-id="${number}"]`);
    await row.waitFor();
    const rowText = await row.textContent();
    assert.match(rowText, /Ленина, 1/);
    assert.match(rowText, /New/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a manager signs in and sees the dashboard', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await login(page, env.server.url, 'manager');
    await page.waitForURL(/\/dashboard/);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const registered = page.getByTestId('dash-registered');
    await registered.waitFor();
    // Demo data has tickets in the last week: the figure becomes a positive number.
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="dash-registered"]');
      return el && /[1-9]/.test(el.textContent);
    });
    // The manager's navigation has no agent desk; the server would refuse it anyway.
    assert.equal(await page.getByTestId('nav').getByRole('link', { name: 'Agent desk' }).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the interface switches to Russian and remembers it', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await page.goto(`${env.server.url}/login`);
    await page.getByRole('button', { name: /Русский/ }).click();
    await page.getByLabel('Имя пользователя').waitFor();
    await page.reload();
    await page.getByLabel('Имя пользователя').waitFor();
    await page.getByLabel('Имя пользователя').fill('agent');
    await page.getByLabel('Пароль').fill('wrong');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByTestId('login-error').waitFor();
    assert.match(await page.getByTestId('login-error').textContent(), /[а-я]/i);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
