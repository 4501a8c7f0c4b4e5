#!/usr/bin/env node
// Screenshots of the desk, board, map, dashboard and public status page at 1440x900 (desktop),
// 1024x768 (tablet, touch) and 390x844 (phone, touch), in English and Russian, against a demo
// server started for the purpose; every shot's layout is checked for clipped or overflowing
// text (tests/e2e/layout_check.mjs) and the problems are listed. Exits 1 when there are any.
//
//   node scripts/screenshots.mjs [output dir, default target/screenshots]
//
// Needs what the e2e tests need: a built SPA (SPOTDESK_DIST, default dist/) and server binary
// (SPOTDESK_SERVER_BIN, default target/debug/spotdesk-server), Chromium (CHROMIUM_PATH).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startServer, launchBrowser, login } from '../tests/e2e/harness.mjs';
import { layoutProblems } from '../tests/e2e/layout_check.mjs';

export const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900, touch: false },
  { name: 'tablet', width: 1024, height: 768, touch: true },
  { name: 'phone', width: 390, height: 844, touch: true },
];
export const LANGS = ['en', 'ru'];
/** Each page with the demo account that uses it (none: public) and what shows it is ready. */
export const PAGES = [
  { name: 'desk', path: '/desk', user: 'agent', ready: '[data-testid="ticket-form"]' },
  { name: 'board', path: '/board', user: 'coordinator', ready: '[data-testid="live-status"][data-live="on"]' },
  { name: 'map', path: '/map', user: 'engineer', ready: '.leaflet-container' },
  { name: 'dashboard', path: '/dashboard', user: 'manager', ready: '[data-testid="dash-status"][data-loading="false"]' },
  { name: 'status', path: '/status', user: null, ready: '[data-testid="status-form"]' },
];

/**
 * Opens `page` at `viewport` in `lang` on the server at `url`, waits until it has settled and
 * returns `{ context, tab }`; the caller closes the context.
 */
export async function openShot(browser, url, page, viewport, lang) {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    hasTouch: viewport.touch,
    locale: lang === 'ru' ? 'ru-RU' : 'en-US',
  });
  const tab = await context.newPage();
  if (page.user) {
    await login(tab, url, page.user);
    await tab.waitForURL((u) => !u.pathname.endsWith('/login'));
  } else {
    await tab.goto(`${url}${page.path}`);
  }
  // The language as a user picks it (the sign-in form stays in English for the helper).
  await tab.evaluate((l) => localStorage.setItem('spotdesk.lang', l), lang);
  await tab.goto(`${url}${page.path}`);
  await tab.locator(page.ready).first().waitFor({ timeout: 20_000 });
  // Late content (live counts, charts, map layers) settles within a moment.
  await tab.waitForLoadState('networkidle').catch(() => {});
  await tab.waitForTimeout(500);
  return { context, tab };
}

async function main() {
  const out = path.resolve(process.argv[2] ?? 'target/screenshots');
  await mkdir(out, { recursive: true });
  const server = await startServer({ days: 7, ticketsPerDay: 40 });
  const browser = await launchBrowser();
  let total = 0;
  try {
    for (const page of PAGES) {
      for (const viewport of VIEWPORTS) {
        for (const lang of LANGS) {
          const { context, tab } = await openShot(browser, server.url, page, viewport, lang);
          const file = path.join(out, `${page.name}-${viewport.width}x${viewport.height}-${lang}.png`);
          await tab.screenshot({ path: file, fullPage: true });
          const problems = await layoutProblems(tab, { allowSideScroll: viewport.name === 'phone' });
          total += problems.length;
          console.log(`${problems.length ? 'FAIL' : 'ok  '} ${path.relative(process.cwd(), file)}`);
          for (const p of problems) console.log(`       ${p}`);
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(total ? `${total} layout problems` : 'no clipped or overflowing text');
  process.exitCode = total ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
