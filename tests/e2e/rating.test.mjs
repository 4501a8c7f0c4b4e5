// A customer rates a fix from the link in their message (issue 22): with --demo the log adapter
// writes the whole message, rating link included, so the link can be followed in development.
// The rating page checks the link before showing its form: a good one shows the form and
// thanks the customer; the same link again, or a mistyped one, says so with no form to fill.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, openPage, login, apiCall } from './harness.mjs';

const env = serverAndBrowser();

/** The rating link of the newest full-message log line for `contact`, waiting for delivery. */
async function ratingLinkFor(contact) {
  for (let i = 0; i < 100; i++) {
    // Plain text (the server colours its log only on a terminal; strip colours anyway).
    const plain = env.server.log().replace(/\x1b\[[0-9;]*m/g, '');
    const lines = plain.split('\n').filter((l) => l.includes('log adapter, in full') && l.includes(contact));
    const m = lines.at(-1)?.match(/rating_link=(\/rate\/[A-Za-z0-9_-]+)/);
    if (m) return m[1];
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no rating link for ${contact} in the log:\n${env.server.log().slice(-2000)}`);
}

test('a customer follows the rating link from the log, rates once, and a used or mistyped link says so', async () => {
  // Set-up as staff: an incident over a subscriber's place, then resolved.
  const staff = await openPage(env.browser);
  const contact = `+7 900 ${String(Date.now()).slice(-3)}-45-67`;
  try {
    await login(staff.page, env.server.url, 'coordinator');
    await staff.page.waitForURL(/\/board$/);
    const sub = await apiCall(staff.page, '/public/subscriptions', {
      method: 'POST', body: { contact, lat: 59.95, long: 30.3 },
    });
    assert.ok(sub.status === 201 || sub.status === 200, JSON.stringify(sub.body));
    const inc = await apiCall(staff.page, '/incidents', {
      method: 'POST',
      headers: { 'Idempotency-Key': `rating-${contact.replace(/\D/g, '')}` },
      body: { title: 'Rating e2e', owner_group: 'line2-network',
        area: { ring: [[30.2, 59.9], [30.4, 59.9], [30.4, 60.0], [30.2, 60.0]] } },
    });
    assert.equal(inc.status, 201, JSON.stringify(inc.body));
    const done = await apiCall(staff.page, `/incidents/${inc.body.id}`, {
      method: 'PATCH', headers: { 'If-Match': '*' }, body: { status: 'resolved' },
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.notified_customers, 1, 'the subscriber counts as notified');
  } finally {
    await staff.context.close();
  }
  const link = await ratingLinkFor(contact);

  const { context, page, problems } = await openPage(env.browser);
  try {
    // A good link: the form, then thanks.
    await page.goto(`${env.server.url}${link}`);
    await page.getByTestId('rate-form').waitFor();
    await page.getByTestId('rate-score-4').check();
    await page.getByLabel('Comment (optional)').fill('Works again, thank you');
    await page.getByRole('button', { name: 'Send rating' }).click();
    await page.getByText('Thank you for your rating!').waitFor();
    assert.equal(await page.getByTestId('rate-form').count(), 0);

    // The same link again: said at once, no form to fill.
    await page.goto(`${env.server.url}${link}`);
    await page.getByText('You have already rated this fix. Thank you!').waitFor();
    assert.equal(await page.getByTestId('rate-form').count(), 0);

    // A mistyped link.
    await page.goto(`${env.server.url}${link}x`);
    await page.getByText('This rating link is not valid.').waitFor();
    assert.equal(await page.getByTestId('rate-form').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
