// Coverage at region scale (issue 21) in headless Chromium against the real server: a region's
// worth of imported polygons (30,000 cells of an operator layer named `fixed`) is offered as a
// layer of its own, drawn for the visible box at every zoom on one canvas without freezing the
// page, and asked for again when the view zooms. Prints how long the drawing took (the figures
// in README's "Your coverage").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { serverAndBrowser, openPage, login } from './harness.mjs';

const POLYGONS = 30_000;
/** The region round the demo city: west, south, east, north. */
const REGION = [42.0, 55.3, 46.0, 57.3];

/** A seeded generator of numbers in [0, 1). */
function rng(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** 30,000 irregular cells of 24 to 40 positions, 0.8 to 3 km across, over the region. */
function regionFile() {
  const next = rng(21);
  const [w, s, e, n] = REGION;
  const features = [];
  for (let i = 0; i < POLYGONS; i += 1) {
    const lat = s + next() * (n - s);
    const long = w + next() * (e - w);
    const sides = 24 + Math.floor(next() * 16);
    const k = 1 / Math.cos((lat * Math.PI) / 180);
    const ring = [];
    for (let j = 0; j < sides; j += 1) {
      const a = (j / sides) * 2 * Math.PI;
      const r = ((0.4 + next() * 1.1) * (0.8 + 0.4 * next())) / 111;
      ring.push([+(long + r * k * Math.cos(a)).toFixed(6), +(lat + r * Math.sin(a)).toFixed(6)]);
    }
    ring.push(ring[0]);
    features.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: { technology: 'fixed', quality: [0.2, 0.45, 0.7, 0.95][i % 4] },
    });
  }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

const env = serverAndBrowser({
  prepare: async ({ bin, db }) => {
    const file = path.join(new URL(db).pathname.replace(/e2e\.db$/, ''), 'region.geojson');
    await writeFile(file, regionFile());
    const started = Date.now();
    await promisify(execFile)(bin, ['import', 'coverage', '--db', db, '--quiet', file], { maxBuffer: 1 << 20 });
    console.log(`imported ${POLYGONS} polygons in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  },
});

/** Coverage requests the page made so far, with their query. */
function coverageRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/v1/coverage/')) seen.push(u);
  });
  return seen;
}

/** Waits until the page has drawn what it holds: two animation frames. */
async function painted(page) {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))));
}

test('a region of imported polygons is a layer of its own, drawn for the view without freezing', async () => {
  const { context, page, problems } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  try {
    // The longest task the page runs (a frozen page is one long task).
    await context.addInitScript(() => {
      window.__longest = 0;
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await login(page, env.server.url, 'coordinator');
    await page.waitForURL(/\/board$/);
    const requests = coverageRequests(page);
    await page.getByTestId('nav-map').click();
    await page.waitForURL(/\/map/);

    // The imported layer is offered beside the standard ones, named as imported.
    const select = page.getByTestId('map-coverage-layer');
    await select.locator('option[value="fixed"]').waitFor({ state: 'attached' });
    const offered = await select.locator('option').allTextContents();
    for (const name of ['2G', '3G', '4G', '5G', 'fixed']) assert.ok(offered.includes(name), `${name} in ${offered}`);

    // Choosing it: the URL says so, and the view's coverage is asked for with a box and a zoom.
    const before = requests.length;
    const first = page.waitForResponse((r) => r.url().includes('/api/v1/coverage/fixed?'));
    await select.selectOption('fixed');
    await page.waitForURL(/layer=fixed/);
    assert.equal((await first).status(), 200);
    const req = requests.slice(before).find((u) => u.pathname.endsWith('/fixed'));
    assert.ok(req.searchParams.get('bbox') && req.searchParams.get('zoom'), req.href);

    // Out to the whole region (zoom 8 or less), a step at a time (clicks during Leaflet's zoom
    // animation are dropped), then until the page is done loading.
    const answers = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/coverage/fixed?')) answers.push(r);
    });
    const lastZoom = () => Number(requests.filter((u) => u.pathname.endsWith('/fixed')).at(-1).searchParams.get('zoom'));
    for (let i = 0; i < 15 && lastZoom() > 8; i += 1) {
      await page.locator('.leaflet-control-zoom-out').click();
      await page.waitForTimeout(700);
    }
    const settled = async () => {
      await page.waitForTimeout(700);
      await page.getByTestId('coverage-loading').waitFor({ state: 'detached' });
      const last = answers.at(-1);
      return { zoom: Number(new URL(last.url()).searchParams.get('zoom')), body: await last.json() };
    };
    const { zoom, body } = await settled();
    assert.ok(zoom <= 8, `zoom ${zoom}`);
    await page.getByTestId('coverage-count').filter({ hasText: new RegExp(`^${body.features.length}$`) }).waitFor();
    await painted(page);
    const timing = await page.evaluate(() => {
      const e = performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/v1/coverage/fixed?')).pop();
      return { start: e.startTime, responseEnd: e.responseEnd, bytes: e.encodedBodySize, decoded: e.decodedBodySize, longest: window.__longest };
    });
    const positions = body.features.reduce((n, f) => n + f.geometry.coordinates.reduce((m, r) => m + r.length, 0), 0);
    console.log(`zoom ${zoom} view: ${body.features.length} features, ${positions} positions, `
      + `${(timing.decoded / 1e6).toFixed(2)} MB JSON (${(timing.bytes / 1e6).toFixed(2)} MB on the wire); `
      + `request ${Math.round(timing.responseEnd - timing.start)} ms; `
      + `longest task so far ${Math.round(timing.longest)} ms`);
    // The region simplified: far fewer features and positions than the 30,000 cells hold.
    assert.ok(body.features.length > 0 && body.features.length < POLYGONS, `${body.features.length} features`);
    assert.ok(positions <= 60_000, `${positions} positions`);
    // One canvas draws them: no SVG path per polygon.
    assert.equal(await page.locator('.leaflet-spotdesk-areas-pane canvas').count(), 1);
    assert.ok(await page.locator('.leaflet-overlay-pane path').count() < 2000, 'no SVG path per polygon');

    // Zooming in asks again at the new zoom; the previous drawing stays meanwhile.
    const n = requests.length;
    await page.locator('.leaflet-control-zoom-in').click();
    await page.waitForTimeout(100);
    await page.locator('.leaflet-control-zoom-in').click();
    const closer = await settled();
    assert.ok(closer.zoom > zoom, `zoom ${closer.zoom} after ${zoom}`);
    const closerBody = closer.body;
    await page.getByTestId('coverage-count').filter({ hasText: new RegExp(`^${closerBody.features.length}$`) }).waitFor();
    await painted(page);
    const longest = await page.evaluate(() => window.__longest);
    console.log(`longest task of the page after zooming: ${Math.round(longest)} ms`);
    // Two quick zooms are one request after the map stops (debounced), not one per step.
    const zooms = requests.slice(n).map((u) => u.searchParams.get('zoom'));
    assert.ok(zooms.length <= 2, `requests after two zoom clicks: ${zooms}`);
    console.log(`zoom ${zooms.at(-1)} view: ${closerBody.features.length} features`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
