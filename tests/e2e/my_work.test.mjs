// Assignment to a person and "My work" (issue 22), driven like people do it: an agent takes a
// ticket with "Assign to me" and finds it under "My work"; a coordinator gives an incident on
// the board to the network engineer by name; that engineer takes a spot of their group on the
// map, and their "My work" lists the incident and the spot, each linking to its place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, login, apiCall } from './harness.mjs';

const env = serverAndBrowser();

/** Signs `user` in and waits until the app has left the sign-in page. */
async function signIn(page, user) {
  await login(page, env.server.url, user);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** The signed-in user as the server knows them. */
async function me(page) {
  const r = await apiCall(page, '/auth/me');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

test('an agent takes a ticket with "Assign to me" and finds it under My work', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await signIn(page, 'agent');
    const agent = await me(page);
    const stamp = String(Date.now()).slice(-6);
    const r = await apiCall(page, '/tickets', {
      method: 'POST',
      headers: { 'Idempotency-Key': `my-work-${stamp}` },
      body: {
        service_code: 'number-block', kind: 'incident', channel: 'phone', topic: 'lost-phone',
        description: `My work ${stamp}`, customer_phone: '+79125550101', customer_name: 'Тест',
        address_string: 'Ленина, 1', fields: { block_reason: 'lost' },
      },
    });
    assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
    const ticket = r.body;

    // Nothing is assigned to the agent yet: My work says so.
    await page.getByTestId('nav-my-work').click();
    await page.waitForURL(/\/my-work$/);
    await page.getByTestId('my-work-empty').waitFor();

    // The ticket names nobody; "Assign to me" takes it.
    await page.goto(`${env.server.url}/tickets/${ticket.id}`);
    const widget = page.getByTestId('assignee');
    await widget.waitFor();
    assert.equal(await widget.getByTestId('assignee-name').innerText(), 'nobody');
    await widget.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByTestId('saved').waitFor();
    await widget.getByTestId('assignee-name').getByText(agent.display_name).waitFor();
    // Taken: no second "Assign to me".
    assert.equal(await widget.getByTestId('assign-to-me').count(), 0);
    const stored = await apiCall(page, `/tickets/${ticket.id}`);
    assert.equal(stored.body.assignee?.id, agent.id);

    // My work lists it, and its number leads back to the ticket.
    await page.getByTestId('nav-my-work').click();
    await page.waitForURL(/\/my-work$/);
    const row = page.getByTestId('my-tickets').locator(`[data-ticket-id="${ticket.id}"]`);
    await row.waitFor();
    assert.equal(await page.getByTestId('my-work-empty').count(), 0);
    await row.getByRole('link', { name: String(ticket.id) }).click();
    await page.waitForURL(new RegExp(`/tickets/${ticket.id}$`));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a coordinator assigns an incident on the board to a person of its group', async () => {
  const { context, page, problems } = await openPage(env.browser);
  let incident;
  try {
    await signIn(page, 'coordinator');
    const title = `Assigned outage ${Date.now()}`;
    const r = await apiCall(page, '/incidents', {
      method: 'POST',
      headers: { 'Idempotency-Key': `my-work-incident-${Date.now()}` },
      body: {
        title, owner_group: 'line2-network',
        area: { ring: [[43.98, 56.29], [44.02, 56.29], [44.02, 56.31], [43.98, 56.31]] },
      },
    });
    assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
    incident = r.body;
    // Who may take it: the group's engineer yes, billing's engineer not.
    const people = (await apiCall(page, '/users/assignable?work=incident&group=line2-network')).body;
    const names = people.map((p) => p.display_name);
    assert.ok(names.includes('Игорь Петров'), names.join(', '));
    assert.ok(!names.includes('Ольга Васильева'), names.join(', '));

    await page.goto(`${env.server.url}/board?incident=${incident.id}`);
    const card = page.locator(`[data-testid="incident-card"][data-incident-id="${incident.id}"]`);
    await card.waitFor();
    assert.equal(await card.getByTestId('assignee-name').innerText(), 'nobody');
    const select = card.getByLabel('Assign to person');
    // The people are loaded into the choice.
    await select.locator('option', { hasText: 'Игорь Петров' }).waitFor({ state: 'attached' });
    await select.selectOption({ label: 'Игорь Петров' });
    await card.getByRole('button', { name: 'Assign', exact: true }).click();
    await card.getByTestId('assignee-name').getByText('Игорь Петров').waitFor();
    const stored = await apiCall(page, `/incidents/${incident.id}`);
    assert.equal(stored.body.assignee?.display_name, 'Игорь Петров');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }

  // The engineer finds it under My work, with a link to its card.
  const eng = await openPage(env.browser);
  try {
    await signIn(eng.page, 'engineer');
    await eng.page.getByTestId('nav-my-work').click();
    await eng.page.waitForURL(/\/my-work$/);
    const item = eng.page.locator(`[data-testid="my-incident"][data-incident-id="${incident.id}"]`);
    await item.waitFor();
    assert.equal(
      await item.getByRole('link').getAttribute('href'),
      `/board?incident=${incident.id}`,
    );
    assert.deepEqual(eng.problems, []);
  } finally {
    await eng.context.close();
  }
});

test('an engineer takes a spot of their group on the map; billing\'s engineer cannot', async () => {
  const setup = await openPage(env.browser);
  let id;
  try {
    await signIn(setup.page, 'coordinator');
    const r = await apiCall(setup.page, '/spots', {
      method: 'POST',
      body: {
        key: `my-work-spot-${Date.now()}`, priority: 0.8, group: 'line2-network',
        outline: { ring: [[43.97, 56.28], [44.01, 56.28], [44.01, 56.30], [43.97, 56.30]] },
      },
    });
    assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
    id = r.body.id;
  } finally {
    await setup.context.close();
  }

  // Billing's engineer sees who works on it but cannot take it.
  const billing = await openPage(env.browser);
  try {
    await signIn(billing.page, 'engineer-billing');
    await billing.page.goto(`${env.server.url}/map?spot=${id}`);
    const card = billing.page.getByTestId('spot-work');
    await card.getByTestId('assignee-name').waitFor();
    assert.equal(await card.getByTestId('assign-to-me').count(), 0);
    assert.equal(await card.getByTestId('assignee-select').count(), 0);
    assert.deepEqual(billing.problems, []);
  } finally {
    await billing.context.close();
  }

  const { context, page, problems } = await openPage(env.browser);
  try {
    await signIn(page, 'engineer');
    const engineer = await me(page);
    await page.goto(`${env.server.url}/map?spot=${id}`);
    const card = page.getByTestId('spot-work');
    await card.waitFor();
    await card.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByTestId('spot-saved').waitFor();
    await page.getByTestId('spot-work').getByTestId('assignee-name').getByText(engineer.display_name).waitFor();
    const stored = await apiCall(page, `/spots/${id}`);
    assert.equal(stored.body.assignee?.id, engineer.id);

    // My work lists the spot, linking to it on the map.
    await page.getByTestId('nav-my-work').click();
    await page.waitForURL(/\/my-work$/);
    const item = page.locator(`[data-testid="my-spot"][data-spot-id="${id}"]`);
    await item.waitFor();
    await item.getByRole('link').click();
    await page.waitForURL(/\/map/);
    await page.getByTestId('spot-work').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
