// "Find anything" (issue 22), driven like a person: the header's search box finds a customer
// by a phone typed with 8, by a name typed in lower case, a ticket by its number, and a mass
// incident by its number, and the results lead to the customer's tickets, the ticket and the
// incident's card on the board. In Russian too; nothing found says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, login, apiCall } from './harness.mjs';

const env = serverAndBrowser();

/** Registers a ticket for a customer through the API (test set-up), returning it. */
async function createTicket(page, key, phone, name) {
  const r = await apiCall(page, '/tickets', {
    method: 'POST',
    headers: { 'Idempotency-Key': `find-${key}` },
    body: {
      service_code: 'number-block', kind: 'incident', channel: 'phone', topic: 'lost-phone',
      description: `Find set-up ${key}`, customer_phone: phone, customer_name: name,
      address_string: 'Ленина, 1', fields: { block_reason: 'lost' },
    },
  });
  assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
  return r.body;
}

/** Types `text` into the header's search box and presses Enter, as a person would. */
async function find(page, text) {
  const box = page.getByRole('searchbox', { name: /^Search everything|^Искать везде/ });
  await box.fill(text);
  await box.press('Enter');
  await page.waitForURL(/\/find\?q=/);
}

test('an agent finds a caller by phone in any notation and by name, and a ticket by number', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await login(page, env.server.url, 'agent');
    await page.waitForURL(/\/desk$/);
    const stamp = String(Date.now()).slice(-4);
    const phone = `+791255${stamp}0`.slice(0, 12);
    const name = `Варвара Пересветова ${stamp}`;
    const first = await createTicket(page, `a-${stamp}`, phone, name);
    const second = await createTicket(page, `b-${stamp}`, phone, name);

    // The phone as people say it: 8, spaces and dashes.
    const spoken = `8 ${phone.slice(2, 5)} ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`;
    await find(page, spoken);
    const customer = page.getByTestId('find-customer');
    await customer.first().waitFor();
    assert.equal(await customer.count(), 1);
    const cells = await customer.locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(0, 4), [phone, name, '2', '2']);
    const ticketRows = page.getByTestId('find-tickets').getByTestId('ticket-row');
    assert.deepEqual(
      (await ticketRows.evaluateAll((rows) => rows.map((r) => Number(r.dataset.ticketId)))).sort(),
      [first.id, second.id].sort(),
    );
    // The customer's phone leads to their history: both tickets, the second a repeat contact.
    await customer.getByRole('link', { name: phone }).click();
    await page.waitForURL(/\/customers\//);
    await page.getByTestId('ticket-row').first().waitFor();
    assert.equal(await page.getByTestId('ticket-row').count(), 2);
    assert.equal(await page.getByTestId('customer-total').innerText(), '2');
    assert.equal(await page.getByTestId('customer-repeats').innerText(), '1');

    // The name typed in lower case, in part.
    await find(page, `пересветова ${stamp}`);
    await page.getByTestId('find-customer').first().waitFor();
    assert.equal(await page.getByTestId('find-customer').locator('td').nth(1).innerText(), name);

    // The ticket by its number, with a sign; its number leads to the ticket.
    await find(page, `№${first.id}`);
    const row = page.getByTestId('find-tickets').locator(`[data-ticket-id="${first.id}"]`);
    await row.waitFor();
    await row.getByRole('link', { name: String(first.id) }).click();
    await page.waitForURL(new RegExp(`/tickets/${first.id}$`));

    // Nothing found says what was searched.
    await find(page, 'Щщщщщщ');
    const nothing = page.getByTestId('find-nothing');
    await nothing.waitFor();
    assert.match(await nothing.innerText(), /Nothing found for «Щщщщщщ»/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a coordinator finds an incident by number and lands on its card on the board, in Russian', async () => {
  const { context, page, problems } = await openPage(env.browser, { locale: 'ru-RU' });
  try {
    await page.goto(`${env.server.url}/login`);
    await page.getByLabel('Имя пользователя').fill('coordinator');
    await page.getByLabel('Пароль').fill('demo');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(/\/board$/);
    const incidents = await apiCall(page, '/incidents');
    assert.equal(incidents.status, 200);
    const incident = incidents.body[0];
    const box = page.getByRole('searchbox', { name: 'Искать везде: обращения, клиенты, аварии, очаги' });
    assert.equal(await box.getAttribute('placeholder'), 'Найти: №, телефон, имя');
    await find(page, `#${incident.id}`);
    const item = page.getByTestId('find-incident');
    await item.first().waitFor();
    assert.match(await item.first().innerText(), new RegExp(`Авария №${incident.id}: `));
    await item.first().getByRole('link').click();
    await page.waitForURL(new RegExp(`/board\\?incident=${incident.id}$`));
    const card = page.locator(`li[data-incident-id="${incident.id}"]`);
    await card.waitFor();
    await page.waitForFunction((id) => document.activeElement?.dataset?.incidentId === String(id), incident.id);
    assert.equal(await card.getAttribute('data-wanted'), 'true');
    assert.ok(await card.isVisible());
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
