// Drives the benchmark page in headless Chromium and writes a markdown table.
//   node bench/run.mjs [--out bench/RESULTS.md] [--quick]
// Env: BENCH_SAMPLES (default 20), BENCH_N (points for the 1M benchmarks, default 1000000),
//      BENCH_N_SMALL (points for heat / first paint, default 100000),
//      BENCH_KINDS (default "city,uniform"; empty: only the dashboard), BENCH_NO_APP_ROWS=1, BENCH_SKIP_DASH=1 (run parts).
import { chromium } from 'playwright-core';
import { stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { serve } from './server.mjs';
import { appSizes } from './appsize.mjs';
import { quantile, ratioCI, median } from './lib.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outArg = args.indexOf('--out');
const out = outArg >= 0 ? args[outArg + 1] : null;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? (quick ? 3 : 20));
const N = Number(process.env.BENCH_N ?? (quick ? 5000 : 1_000_000));
const NS = Number(process.env.BENCH_N_SMALL ?? (quick ? 2000 : 100_000));
const KINDS = (process.env.BENCH_KINDS ?? 'city,uniform').split(',').filter(Boolean);
const SKIP_APP_ROWS = process.env.BENCH_NO_APP_ROWS === '1';
export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--enable-precise-memory-info', '--js-flags=--expose-gc --max-old-space-size=4096'];

let CHROMIUM_VERSION = '?';
const log = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a);
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const kb = (b) => `${(b / 1024).toFixed(0)} KB`;

async function openPage(browser, url) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => log('page error:', e.message));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, { timeout: 60_000 });
  return page;
}

/** Runs everything; returns `{ rows, meta }` (rows: [target, measured, goal, pass]). */
export async function runAll({ log: say = log, onRow = () => {} } = {}) {
  const srv = await serve();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: FLAGS });
  CHROMIUM_VERSION = browser.version();
  const rows = [];
  const add = (name, kind, measured, goal, pass) => { rows.push([name, kind, measured, goal, pass === null ? 'n/a' : pass ? 'pass' : '**miss**']); onRow(rows); };
  const speed = (r) => ratioCI(r.peer, r.ours); // peer/ours: > 1 means ours is faster
  const sp = (c) => `${fmt(c.median)}x [${fmt(c.lo)}, ${fmt(c.hi)}]`;
  try {
    const page = await openPage(browser, srv.url);
    const ev = (fn, arg) => page.evaluate(([f, a]) => window.B[f](a), [fn, arg]);
    for (const kind of KINDS) {
      say(`cluster build ${kind} ${N}`);
      const cb = await ev('clusterBuild', { kind, n: N, samples: SAMPLES });
      const c1 = speed(cb);
      add(`1. cluster index ${N} pts z0-16 speed vs supercluster (ours ${fmt(median(cb.ours), 0)} ms, peer ${fmt(median(cb.peer), 0)} ms)`, kind, sp(c1), '≥ 1.5x', c1.median >= 1.5);
      const counts = await ev('clusterCounts', { kind, n: N });
      const dev = Math.max(...counts.map(([a, b]) => Math.abs(a - b) / Math.max(b, 1)));
      const worst = counts.findIndex(([a, b]) => Math.abs(a - b) / Math.max(b, 1) === dev);
      add(`1. cluster counts per zoom, max deviation (z${worst}: ${counts[worst][0]} vs ${counts[worst][1]})`, kind, `${fmt(dev * 100, 2)}%`, '≤ 1%', dev <= 0.01);
      const mem = {};
      for (const side of ['ours', 'peer']) {
        const p = await openPage(browser, srv.url); // fresh page: a clean heap and wasm memory
        mem[side] = await p.evaluate((a) => window.B.memory(a), { kind, n: N, side });
        await p.close();
      }
      add(`1. peak memory of the build (ours ${kb(mem.ours)}, peer ${kb(mem.peer)} retained JS heap)`, kind, fmt(mem.ours / mem.peer), '≤ 0.5', mem.ours / mem.peer <= 0.5);
      say(`bytes to clusters ${kind}`);
      const bc = await ev('bytesToClusters', { kind, n: N, samples: SAMPLES });
      const c2 = speed(bc);
      add(`2. bytes→clusters ${N} pts, SDTF (${kb(bc.binBytes)}) vs GeoJSON (${kb(bc.jsonBytes)}) + JSON.parse + supercluster`, kind, sp(c2), '≥ 2x', c2.median >= 2);
      say(`update ${kind}`);
      const up = await ev('update', { kind, n: N, samples: Math.max(SAMPLES, 50) });
      const p95 = quantile(up.ours, 0.95);
      add(`3. one complaint → clusters+heat+spots at ${N} pts, p95 (median ${fmt(median(up.ours))} ms)`, kind, `${fmt(p95)} ms`, '≤ 5 ms', p95 <= 5);
      say(`heat ${kind}`);
      const ht = await ev('heat', { kind, n: NS, samples: SAMPLES });
      const hp = quantile(ht.ours, 0.95);
      add(`4. heat redraw ${NS} pts, ours p95 (leaflet.heat p95 ${fmt(quantile(ht.peer, 0.95), 1)} ms)`, kind, `${fmt(hp)} ms`, '≤ 16 ms', hp <= 16);
      const c4 = speed(ht);
      add(`4. heat redraw ${NS} pts speed vs leaflet.heat`, kind, sp(c4), '≥ 3x', c4.median >= 3);
      say(`first paint ${kind}`);
      const fp = await ev('firstPaint', { kind, n: NS, samples: SAMPLES });
      const c5 = speed(fp);
      add(`5. first clustered paint ${NS} pts vs leaflet.markercluster (ours ${fmt(median(fp.ours), 1)} ms)`, kind, sp(c5), '≥ 10x', c5.median >= 10);
      await page.evaluate(() => window.gc?.());
    }
    if (process.env.BENCH_SKIP_DASH !== '1') {
      say(`dashboard ${N}`);
      const db = await ev('dashboard', { n: N, samples: SAMPLES });
      const c6 = speed(db);
      const dm = median(db.ours);
      add(`6. dashboard ${N} generated tickets, ours median (p95 ${fmt(quantile(db.ours, 0.95))} ms)`, 'tickets', `${fmt(dm)} ms`, '≤ 20 ms', dm <= 20);
      add(`6. dashboard vs the plain JS version (bench/dashboard.mjs, JS median ${fmt(median(db.peer), 0)} ms), results identical: ${db.identical}${db.identical ? '' : ` (first difference at digest item ${db.firstDiff} of ${db.digestLength})`}`, 'tickets', sp(c6), '≥ 5x', c6.median >= 5 && db.identical);
      add(`6. (context) preparing ${N} ticket facts once at load (u32 times, flags, dense customer numbers; median of ${db.prepare.length}, max ${fmt(Math.max(...db.prepare))} ms), not part of the timed per-view computation`, 'tickets', `${fmt(median(db.prepare))} ms`, 'n/a', null);
      const c6r = speed(db.reference);
      add(`6. (context) dashboard vs the core's row-by-row Rust reference, identical: ${db.rustIdentical}`, 'tickets', sp(c6r), 'n/a', null);
    }
    await page.close();
    // 7. The release app: size and first contentful paint of its shell.
    const dist = path.join(root, SKIP_APP_ROWS ? 'no-such-dir' : 'dist');
    const sizes = await appSizes(dist);
    if (sizes) {
      // The target applies to what the first paint downloads: the initial module. Lazily
      // loaded page groups (crates/wasm-split) are reported beside it, not counted in it.
      const { initial, initialJs, groups, chunks, total } = sizes;
      add(`7. release app initial .wasm brotli, what the first paint downloads (${initial.file}, raw ${kb(initial.raw)}; plus JS glue and split loader ${kb(initialJs.br)} brotli)`, '-', kb(initial.br), '≤ 350 KB', initial.br <= 350 * 1024);
      const perGroup = Object.entries(groups).sort().map(([g, v]) => `${g} +${kb(v.br)} in ${v.files.length} files`).join(', ');
      add(`7. (context) all app wasm: initial + ${chunks.length} lazily loaded files (raw ${kb(total.raw)}); first visit of a page group adds: ${perGroup || 'nothing (unsplit build)'}`, '-', `${kb(total.br)} brotli`, 'n/a', null);
      const appSrv = await serve(0, { app: true });
      const fcps = [];
      for (let i = 0; i < Math.min(SAMPLES, 10); i++) {
        const p = await browser.newPage();
        await p.goto(appSrv.url);
        const fcp = await p.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, null, { timeout: 30_000 }).then((h) => h.jsonValue()).catch(() => NaN);
        fcps.push(fcp);
        await p.close();
      }
      await appSrv.close();
      add(`7. first contentful paint of the app shell, localhost static (${fcps.length} loads)`, '-', `${fmt(median(fcps), 0)} ms median, p95 ${fmt(quantile(fcps, 0.95), 0)} ms`, 'measured', null);
    } else if (!SKIP_APP_ROWS) {
      add('7. release app initial .wasm', '-', 'dist/ has no built app (run trunk build --release)', '≤ 350 KB', false);
    }
  } finally {
    await browser.close();
    await srv.close();
  }
  return { rows, meta: metaNow(browser, SAMPLES) };
}

function metaNow(_browser, samples) {
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const meta = {
    when: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, Chromium ${CHROMIUM_VERSION}`,
    load,
    samples,
  };
  return meta;
}

export function table({ rows, meta }) {
  return [
    '# Spotdesk benchmark results',
    '',
    `Run ${meta.when} by \`scripts/bench.sh\` on ${meta.machine}; load average at the end ${meta.load}.`,
    `${meta.samples} interleaved samples per side; speed = median of paired peer/ours time ratios with a 95% bootstrap interval (>1 means ours is faster).`,
    '',
    '| target | data | measured | goal | result |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // The table is rewritten after every row, so a long run that is cut short keeps its rows.
  const partial = async (rows) => {
    if (out) await writeFile(out, table({ rows, meta: { ...metaNow(null, SAMPLES), when: `${new Date().toISOString()} (partial, still running)` } }));
  };
  const res = await runAll({ onRow: (rows) => { partial(rows).catch(() => {}); } });
  const md = table(res);
  process.stdout.write(md);
  if (out) await writeFile(out, md);
}
