// Who may change a spot (issue 22): an engineer of another group opening a spot's card reads who
// owns it and gets no form to fill (the server would refuse the save); the owning group's
// engineer gets the form. The spot is opened from a link (/map?spot=), as from the search page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, login, apiCall } from './harness.mjs';

const env = serverAndBrowser();

/** Signs `user` in and opens the map with spot `id` selected; returns its card. */
async function openSpot(page, user, id) {
  await login(page, env.server.url, user);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto(`${env.server.url}/map?spot=${id}`);
  const card = page.getByTestId('spot-work');
  await card.waitFor();
  return card;
}

test("another group's spot says who owns it and offers no form; the owners get the form", async () => {
  const setup = await openPage(env.browser);
  let id;
  try {
    await login(setup.page, env.server.url, 'coordinator');
    await setup.page.waitForURL(/\/board$/);
    const r = await apiCall(setup.page, '/spots', {
      method: 'POST',
      body: {
        key: `owner-e2e-${Date.now()}`, priority: 0.9, group: 'line2-network',
        outline: { ring: [[43.98, 56.29], [44.02, 56.29], [44.02, 56.31], [43.98, 56.31]] },
      },
    });
    assert.ok(r.status === 201 || r.status === 200, JSON.stringify(r.body));
    id = r.body.id;
  } finally {
    await setup.context.close();
  }

  // Billing's engineer: the owner named, nothing to fill in.
  const billing = await openPage(env.browser);
  try {
    const card = await openSpot(billing.page, 'engineer-billing', id);
    const note = card.getByTestId('spot-not-yours');
    await note.waitFor();
    assert.match(await note.innerText(), /Owned by another group.*Network support \(line 2\)/);
    assert.equal(await card.getByTestId('spot-save').count(), 0);
    assert.equal(await card.getByTestId('spot-group').count(), 0);
    assert.deepEqual(billing.problems, []);
  } finally {
    await billing.context.close();
  }

  // The network engineer owns it: the form, and no such note.
  const network = await openPage(env.browser);
  try {
    const card = await openSpot(network.page, 'engineer', id);
    await card.getByTestId('spot-save').waitFor();
    assert.equal(await card.getByTestId('spot-not-yours').count(), 0);
    assert.deepEqual(network.problems, []);
  } finally {
    await network.context.close();
  }
});
