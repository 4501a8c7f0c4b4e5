// Closing the loop on a single ticket (issue 22). An agent opens a ticket and resolves it: the
// resolve form asks for what was done (the note the customer gets) and a resolution cause of
// the ticket's service; without a cause the error shows beside that field. Resolving sends the
// customer a message through the notification outbox with the note and a rating link (with
// --demo the log adapter writes the whole message, link included); following the link rates
// the fix, and the rating becomes the ticket's. On the same ticket a reply to the customer,
// started from a reply template of the service and edited, is sent as a message too, while
// an internal note is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, login, apiCall, openSection, saveConfiguration } from './harness.mjs';

const env = serverAndBrowser();
const stamp = String(Date.now()).slice(-7);
const PHONE = `+7913${stamp}`;

/** The server's log as plain text (it colours only on a terminal; strip colours anyway). */
function plainLog() {
  return env.server.log().replace(/\x1b\[[0-9;]*m/g, '');
}

/** The newest full-message log line to `recipient` of outbox kind `kind`, waiting for delivery. */
async function messageTo(recipient, kind) {
  for (let i = 0; i < 100; i++) {
    const line = plainLog().split('\n')
      .filter((l) => l.includes('log adapter, in full') && l.includes(recipient) && l.includes(`kind=${kind}`))
      .at(-1);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${kind} message to ${recipient} in the log:\n${env.server.log().slice(-2000)}`);
}

test('an agent resolves a ticket with a note and a cause, the customer rates it from the message, replies are sent and notes are not', async () => {
  const { context, page, problems } = await openPage(env.browser);
  let ticket;
  try {
    await login(page, env.server.url, 'agent');
    await page.waitForURL(/\/desk$/);
    const since = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const created = await apiCall(page, '/tickets', {
      method: 'POST',
      headers: { 'Idempotency-Key': `ticket-loop-${stamp}` },
      body: {
        service_code: 'mobile-voice', kind: 'incident', channel: 'phone', topic: 'no-signal',
        description: 'No network at home since yesterday', customer_phone: PHONE,
        address_string: 'Ленина, 1', fields: { problem_since: since, indoor: 'indoor' },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    ticket = created.body;
    const recipient = ticket.customer_phone;

    await page.goto(`${env.server.url}/tickets/${ticket.id}`);
    await page.getByTestId('ticket-facts').waitFor();

    // "Resolve" opens the form; without a cause the error is beside the cause field.
    await page.getByTestId('action-resolved').click();
    const form = page.getByTestId('resolve-form');
    await form.waitFor();
    await form.getByLabel('What was done').fill('The base station near your home works again.');
    await form.getByTestId('action-resolved-confirm').click();
    await form.getByTestId('error-resolution_cause').getByText('Required').waitFor();
    assert.equal(await form.getByLabel('Resolution cause').getAttribute('aria-invalid'), 'true');
    assert.equal(await form.getByTestId('error-status_notes').innerText(), '', 'the note is there');
    assert.equal((await apiCall(page, `/tickets/${ticket.id}`)).body.status, 'new', 'nothing was sent');

    // With a cause it resolves; the page shows the cause by its name.
    await form.getByLabel('Resolution cause').selectOption({ label: 'Base station repaired' });
    await form.getByTestId('action-resolved-confirm').click();
    await page.getByTestId('ticket-resolution-cause').getByText('Base station repaired').waitFor();
    assert.equal(await page.getByTestId('resolve-form').count(), 0, 'the form closes');
    const resolved = (await apiCall(page, `/tickets/${ticket.id}`)).body;
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.resolution_cause, 'base-station-repaired');

    // The customer's message: the note and a rating link.
    const fixed = await messageTo(recipient, 'fix_done');
    assert.ok(fixed.includes('The base station near your home works again.'), fixed);
    const link = fixed.match(/rating_link=(\/rate\/[A-Za-z0-9_-]+)/)?.[1];
    assert.ok(link, fixed);

    // A reply from a template, filled in for this ticket and edited, goes to the customer.
    await page.getByLabel('Reply to the customer').check();
    await page.getByLabel('Reply template').selectOption({ label: 'Working on it' });
    const box = page.getByLabel('New comment');
    const filled = await box.inputValue();
    assert.ok(filled.includes(`№ ${ticket.id}`) && filled.includes(ticket.address_string), filled);
    assert.ok(!filled.includes('{ticket}') && !filled.includes('{address}'), filled);
    const reply = `${filled} Engineers check it today (${stamp}).`;
    await box.fill(reply);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('comment-kind-reply').waitFor();
    const sent = await messageTo(recipient, 'reply');
    assert.ok(sent.includes(`Engineers check it today (${stamp}).`), sent);

    // An internal note is listed as one and never sent.
    const note = `Customer asked for a call before noon (${stamp})`;
    await page.getByLabel('Internal note').check();
    await page.getByLabel('New comment').fill(note);
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.getByTestId('comment').filter({ hasText: note }).getByTestId('comment-kind-note').waitFor();
    await page.getByTestId('comment').filter({ hasText: reply.slice(0, 20) }).getByTestId('comment-kind-reply').waitFor();
    // The outbox worker delivers every 2 s: give it three rounds.
    await new Promise((r) => setTimeout(r, 6_000));
    assert.ok(!plainLog().includes(note), 'an internal note is not sent to anyone');
    assert.deepEqual(problems, []);

    // The customer follows the link: the form, then thanks; the ticket carries the rating.
    const customer = await openPage(env.browser);
    try {
      await customer.page.goto(`${env.server.url}${link}`);
      await customer.page.getByTestId('rate-form').waitFor();
      await customer.page.getByTestId('rate-score-5').check();
      await customer.page.getByRole('button', { name: 'Send rating' }).click();
      await customer.page.getByText('Thank you for your rating!').waitFor();
      // The same link again says so.
      await customer.page.goto(`${env.server.url}${link}`);
      await customer.page.getByText('You have already rated this fix. Thank you!').waitFor();
      assert.equal(await customer.page.getByTestId('rate-form').count(), 0);
      assert.deepEqual(customer.problems, []);
    } finally {
      await customer.context.close();
    }
    assert.equal((await apiCall(page, `/tickets/${ticket.id}`)).body.rating, 5);
  } finally {
    await context.close();
  }
});

/** Opens the editor of service `code` in Administration → Services. */
async function editService(page, code) {
  await openSection(page, 'Services', 'services');
  await page.locator(`[data-testid="service-item"][data-code="${code}"]`).getByTestId('service-edit').click();
  const editor = page.getByTestId('service-editor');
  await editor.waitFor();
  return editor;
}

test('an administrator adds a resolution cause and a reply template; agents resolve and reply with them', async () => {
  const admin = await openPage(env.browser);
  const agent = await openPage(env.browser);
  const CAUSE = `cable-swap-${stamp}`;
  const TEMPLATE = `visit-${stamp}`;
  try {
    await login(admin.page, env.server.url, 'admin');
    await admin.page.waitForURL((u) => !u.pathname.endsWith('/login'));
    let editor = await editService(admin.page, 'mobile-voice');
    await editor.getByTestId('causes').getByRole('button', { name: 'Add resolution cause' }).click();
    const cause = editor.getByTestId('cause-row').last();
    await cause.getByLabel('Cause identifier').fill(CAUSE);
    await cause.getByLabel('Cause wording (English)').fill(`Indoor cable replaced ${stamp}`);
    await cause.getByLabel('Cause wording (Russian)').fill(`Заменён кабель в доме ${stamp}`);
    await editor.getByTestId('reply-templates').getByRole('button', { name: 'Add reply template' }).click();
    const template = editor.getByTestId('template-row').last();
    await template.getByLabel('Template identifier').fill(TEMPLATE);
    await template.getByLabel('Template title (English)').fill(`Engineer visit ${stamp}`);
    await template.getByLabel('Template title (Russian)').fill(`Визит инженера ${stamp}`);
    await template.getByLabel('Message (English)').fill('An engineer visits {address} about ticket {ticket} tomorrow.');
    await template.getByLabel('Message (Russian)').fill('Инженер приедет по адресу {address} по заявке {ticket} завтра.');
    await saveConfiguration(admin.page);

    // The agent's next ticket of that service offers both, by their names.
    await login(agent.page, env.server.url, 'agent');
    await agent.page.waitForURL(/\/desk$/);
    const since = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const created = await apiCall(agent.page, '/tickets', {
      method: 'POST',
      headers: { 'Idempotency-Key': `ticket-loop-admin-${stamp}` },
      body: {
        service_code: 'mobile-voice', kind: 'incident', channel: 'phone', topic: 'no-signal',
        description: 'Calls drop indoors', customer_phone: `+7914${stamp}`,
        address_string: 'Ленина, 3', fields: { problem_since: since, indoor: 'indoor' },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const ticket = created.body;
    await agent.page.goto(`${env.server.url}/tickets/${ticket.id}`);
    await agent.page.getByTestId('ticket-facts').waitFor();

    await agent.page.getByLabel('Reply to the customer').check();
    await agent.page.getByLabel('Reply template').selectOption({ label: `Engineer visit ${stamp}` });
    const filled = await agent.page.getByLabel('New comment').inputValue();
    assert.equal(filled, `An engineer visits ${ticket.address_string} about ticket № ${ticket.id} tomorrow.`);

    await agent.page.getByTestId('action-resolved').click();
    const form = agent.page.getByTestId('resolve-form');
    await form.getByLabel('What was done').fill('The indoor cable was replaced.');
    await form.getByLabel('Resolution cause').selectOption({ label: `Indoor cable replaced ${stamp}` });
    await form.getByTestId('action-resolved-confirm').click();
    await agent.page.getByTestId('ticket-resolution-cause').getByText(`Indoor cable replaced ${stamp}`).waitFor();
    assert.equal((await apiCall(agent.page, `/tickets/${ticket.id}`)).body.resolution_cause, CAUSE);
    assert.deepEqual(agent.problems, []);

    // Clean up: the administrator removes both again.
    editor = await editService(admin.page, 'mobile-voice');
    // They were added last, so they are the last rows.
    assert.equal(await editor.getByTestId('cause-row').last().getByLabel('Cause identifier').inputValue(), CAUSE);
    await editor.getByTestId('cause-row').last().getByTestId('cause-remove').click();
    assert.equal(await editor.getByTestId('template-row').last().getByLabel('Template identifier').inputValue(), TEMPLATE);
    await editor.getByTestId('template-row').last().getByTestId('template-remove').click();
    await saveConfiguration(admin.page);
    const catalogue = (await apiCall(admin.page, '/catalogue')).body;
    const svc = catalogue.services.find((s) => s.code === 'mobile-voice');
    assert.ok(!svc.resolution_causes.some((c) => c.code === CAUSE));
    assert.ok(!svc.reply_templates.some((t) => t.code === TEMPLATE));
    assert.deepEqual(admin.problems, []);
  } finally {
    await admin.context.close();
    await agent.context.close();
  }
});
