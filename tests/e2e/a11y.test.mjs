// Accessibility: axe-core on every page and main state (zero violations), and a keyboard-only
// journey that signs in and registers a ticket without touching the mouse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { serverAndBrowser, openPage, login, apiCall } from './harness.mjs';

const env = serverAndBrowser({ days: 3, ticketsPerDay: 20 });

/** Axe violations of the page as readable lines (empty when clean). */
async function violations(page, state) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.map((v) => `${state}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('axe finds no violations on any page or main state', async () => {
  const { context, page, problems } = await openPage(env.browser);
  const found = [];
  try {
    // The checker itself can fail: an unlabelled field is reported.
    await page.setContent('<html lang="en"><head><title>t</title></head><body><main><input></main></body></html>');
    assert.notDeepEqual(await violations(page, 'self-check'), []);
    for (const path of ['/', '/login', '/status']) {
      await page.goto(`${env.server.url}${path}`);
      await page.locator('main').first().waitFor();
      await page.waitForLoadState('networkidle');
      found.push(...await violations(page, path));
    }
    // The login form with an error.
    await page.goto(`${env.server.url}/login`);
    await page.getByLabel(/username/i).fill('nobody');
    await page.getByLabel(/password/i).fill('wrong');
    await page.getByRole('button', { name: /sign in|log in/i }).click();
    await page.getByRole('alert').first().waitFor();
    found.push(...await violations(page, 'login error'));

    await login(page, env.server.url, 'admin');
    await page.waitForURL((u) => !u.pathname.endsWith('/login'));
    const list = await apiCall(page, '/tickets?limit=1');
    const id = list.body.items[0].id;
    for (const path of ['/desk', '/tickets', `/tickets/${id}`, '/board', '/map', '/dashboard', '/admin/users',
      '/admin/audit', '/account/password', '/nope']) {
      await page.goto(`${env.server.url}${path}`);
      await page.locator('main').first().waitFor();
      await page.waitForLoadState('networkidle');
      found.push(...await violations(page, path));
    }
    // Administration: the new-user form with a field error, and an account's panel.
    await page.goto(`${env.server.url}/admin/users`);
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    found.push(...await violations(page, 'new user with errors'));
    await page.getByRole('button', { name: 'Manage agent', exact: true }).click();
    await page.getByTestId('user-panel').waitFor();
    found.push(...await violations(page, 'account panel'));
    // The registration form with validation errors showing.
    await page.goto(`${env.server.url}/desk`);
    await page.getByTestId('ticket-form').waitFor();
    await page.getByRole('button', { name: 'Register ticket' }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    found.push(...await violations(page, 'desk with errors'));
    // Russian UI.
    const ru = await openPage(env.browser, { locale: 'ru-RU' });
    try {
      await ru.page.goto(`${env.server.url}/status`);
      await ru.page.locator('main').first().waitFor();
      found.push(...await violations(ru.page, '/status (ru)'));
    } finally {
      await ru.context.close();
    }
    assert.deepEqual(found, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** Presses Tab until the focused element is the one labelled `label` (keyboard only). */
async function tabTo(page, label, max = 80) {
  for (let i = 0; i < max; i += 1) {
    const name = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return '';
      const byFor = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      const own = el.tagName === 'BUTTON' || el.tagName === 'A' ? el.textContent : null;
      return (el.getAttribute('aria-label') ?? byFor ?? el.closest('label')?.textContent ?? own ?? '').trim();
    });
    if (label.test(name)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${label}`);
}

test('keyboard only: sign in and register a ticket', async () => {
  const { context, page, problems } = await openPage(env.browser);
  try {
    await page.goto(`${env.server.url}/login`);
    await page.getByTestId('login-form').waitFor();
    await tabTo(page, /username/i);
    await page.keyboard.type('agent');
    await tabTo(page, /password/i);
    await page.keyboard.type('demo');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/desk$/);
    await page.getByTestId('ticket-form').waitFor();

    const marker = `keyboard-${Date.now()}`;
    await tabTo(page, /Find by name or code/);
    await page.keyboard.type('block');
    await page.keyboard.press('Enter');
    assert.equal(await page.getByLabel('Service').inputValue(), 'number-block');
    await tabTo(page, /^Topic/);
    await page.keyboard.type('Lost phone');
    await tabTo(page, /^Customer phone/);
    await page.keyboard.type('8 (912) 555-01-23');
    await tabTo(page, /^Address/);
    await page.keyboard.type('Ленина 1');
    await page.getByTestId('address-option').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('address-located').waitFor();
    await tabTo(page, /^Description/);
    await page.keyboard.type(`Typed without a mouse ${marker}`);
    await tabTo(page, /^Reason/);
    await page.keyboard.type('Lost');
    await tabTo(page, /Register ticket/);
    await page.keyboard.press('Enter');
    const created = page.getByTestId('ticket-created-number');
    await created.waitFor({ timeout: 5000 }).catch(async (e) => {
      const invalid = await page.locator('[aria-invalid="true"]').evaluateAll((els) => els.map((el) => `${el.id}=${el.value}`));
      const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
      throw new Error(`no ticket registered; invalid fields: ${invalid.join(', ')}; focus: ${focused}; ${e.message}`);
    });
    const number = Number((await created.textContent()).trim());
    const r = await apiCall(page, `/tickets/${number}`);
    assert.equal(r.status, 200);
    assert.match(r.body.description, new RegExp(marker));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
