// No clipped or overflowing text (issue 22's layout items): the desk, board, map, dashboard and
// public status page at 1440x900, 1024x768 and 390x844, in English and Russian, checked by
// element bounds (layout_check.mjs, the same check `scripts/screenshots.mjs` runs with its
// screenshots). One browser context per page and language, resized between the widths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login } from './harness.mjs';
import { layoutProblems } from './layout_check.mjs';
import { PAGES, VIEWPORTS, LANGS } from '../../scripts/screenshots.mjs';

const env = serverAndBrowser({ days: 7, ticketsPerDay: 40 });

test('no page has clipped or overflowing text at desktop, tablet and phone widths in either language', { timeout: 240_000 }, async () => {
  const found = [];
  for (const lang of LANGS) {
    for (const page of PAGES) {
      const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
      const tab = await context.newPage();
      try {
        if (page.user) {
          await login(tab, env.server.url, page.user);
          await tab.waitForURL((u) => !u.pathname.endsWith('/login'));
        } else {
          await tab.goto(`${env.server.url}${page.path}`);
        }
        // The language as a user picks it (the sign-in form stays in English for the helper).
        await tab.evaluate((l) => localStorage.setItem('spotdesk.lang', l), lang);
        for (const viewport of VIEWPORTS) {
          await tab.setViewportSize({ width: viewport.width, height: viewport.height });
          await tab.goto(`${env.server.url}${page.path}`);
          await tab.locator(page.ready).first().waitFor({ timeout: 20_000 });
          await tab.waitForTimeout(300);
          for (const p of await layoutProblems(tab, { allowSideScroll: viewport.name === 'phone' })) {
            found.push(`${page.name} ${viewport.width}x${viewport.height} ${lang}: ${p}`);
          }
        }
      } finally {
        await context.close();
      }
    }
  }
  assert.deepEqual(found, []);
});
