// Quick sanity test of the benchmark harness (not the benchmark itself): the generator is
// seeded and shaped as documented, the statistics are right on known inputs, and (when the
// bench wasm has been built into bench/pkg) the page runs every benchmark on tiny data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { generate, median, quantile, ratioCI, interleave, VIEW } from '../../bench/lib.mjs';
import { dashboard, digest } from '../../bench/dashboard.mjs';
import { appSizes } from '../../bench/appsize.mjs';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

test('generator is deterministic per seed and stays in the city box', () => {
  for (const kind of ['city', 'uniform']) {
    const a = generate(kind, 2000, 5);
    const b = generate(kind, 2000, 5);
    const c = generate(kind, 2000, 6);
    assert.deepEqual(a.lat, b.lat);
    assert.notDeepEqual(a.lat, c.lat);
    if (kind === 'uniform') {
      assert.ok(a.lat.every((x) => x >= VIEW.south && x <= VIEW.north));
      assert.ok(a.long.every((x) => x >= VIEW.west && x <= VIEW.east));
    }
  }
  // "city" is clustered: its densest 1% grid cell holds far more than the uniform one's.
  const densest = ({ lat, long }) => {
    const m = new Map();
    for (let i = 0; i < lat.length; i++) {
      const k = `${Math.floor((lat[i] - VIEW.south) * 100)}:${Math.floor((long[i] - VIEW.west) * 60)}`;
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return Math.max(...m.values());
  };
  assert.ok(densest(generate('city', 20000)) > 3 * densest(generate('uniform', 20000)));
});

test('median, quantile and the bootstrap interval', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.equal(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 0.95), 19);
  const peer = Array.from({ length: 30 }, (_, i) => 10 + (i % 5));
  const ours = peer.map((x) => x / 4);
  const ci = ratioCI(peer, ours);
  assert.equal(ci.median, 4);
  assert.ok(ci.lo <= 4 && ci.hi >= 4);
  const noisy = ratioCI(peer.map((x, i) => x * (1 + (i % 7) / 10)), ours);
  assert.ok(noisy.lo < noisy.median && noisy.median < noisy.hi);
  assert.throws(() => ratioCI([1], [1, 2]));
});

test('interleave alternates who goes first and times both', async () => {
  const calls = [];
  const r = await interleave(() => calls.push('o'), () => calls.push('p'), 4);
  assert.deepEqual(calls.join(''), 'oppooppo');
  assert.equal(r.ours.length, 4);
  assert.equal(r.peer.length, 4);
});

test('the plain JS dashboard on a hand-checked case', () => {
  const DAY = 86400;
  const from = 1_700_006_400 - (1_700_006_400 % DAY); // a UTC midnight
  const f64 = (xs) => Float64Array.from(xs);
  const d = {
    created: f64([from + 100, from + 200, from + DAY + 5, from - 10]),
    resolved: f64([from + 700, NaN, from + 2 * DAY + 1, NaN]),
    deadline: f64([from + 600, from + 300, from + 3 * DAY, from]),
    service: f64([0, 1, 0, 0]), group: f64([0, 0, 1, 0]), line: f64([1, 2, 1, 1]),
    open: f64([0, 1, 0, 1]), rating: f64([5, 0, 3, 0]), transferred: f64([1, 0, 0, 0]),
    known: f64([0, 1, 0, 0]), incident: f64([7, -1, 7, -1]),
    customer: [1n, 2n, 1n, 3n], services: ['b', 'a'], groups: ['g0', 'g1'],
    incidents: [{ id: 7, registered: from + 3600, resolved: from + 7200, affected: 10 }],
    spots: [{ registered: from + 10, resolved: from + DAY + 20 }],
    params: { from, to: from + 3 * DAY, offset: 0, now: from + 3 * DAY, windowHours: 2, filter: {} },
  };
  const x = dashboard(d);
  assert.equal(x.volume.days.length, 3);
  assert.deepEqual(x.volume.total.map((c) => c.registered), [2, 1, 0]);
  assert.deepEqual(x.volume.total.map((c) => c.resolved), [1, 0, 1]);
  // Ticket 0 resolved after its deadline, ticket 1 open past it: both overdue on day 0.
  assert.deepEqual(x.volume.total.map((c) => c.overdue), [2, 0, 0]);
  assert.deepEqual(x.volume.by[0].map((r) => r.key), ['a', 'b']);
  assert.equal(x.sla.total.tickets, 3);
  assert.equal(x.sla.total.decided, 3);
  assert.equal(x.sla.total.met, 1);
  assert.deepEqual(x.sla.total.time, { count: 2, p50: 600, p90: DAY - 4 });
  const inc = x.incidents.rows[0];
  assert.equal(inc.linked, 2);
  assert.equal(inc.toRegister, 3600 - 100);
  assert.equal(inc.before, 2);
  assert.equal(x.repeats.customers, 2);
  assert.equal(x.repeats.repeat, 1);
  assert.equal(x.spots.withinDay, 0);
  assert.deepEqual(x.ratings.distribution, [0, 0, 1, 0, 1]);
  assert.ok(digest(x).every(Number.isFinite));
});

test('row 7 measures the initial module apart from the lazily loaded page groups', async () => {
  // A split build as crates/wasm-split lays it out: index.html names the main module; the
  // loader lists which shared chunk each page group needs.
  const dist = await mkdtemp(path.join(tmpdir(), 'spotdesk-appsize-'));
  try {
    await mkdir(path.join(dist, 'wasm-ab'));
    await writeFile(path.join(dist, 'index.html'), `<script type="module">
import init, * as bindings from '/wasm-ab/app.js';
const wasm = await init({ module_or_path: '/wasm-ab/app_bg.wasm' });</script>`);
    const bytes = (n, seed) => Buffer.from(Array.from({ length: n }, (_, i) => (i * seed) % 251));
    await writeFile(path.join(dist, 'wasm-ab/app_bg.wasm'), bytes(4000, 7));
    await writeFile(path.join(dist, 'wasm-ab/app.js'), 'export default 1;');
    await writeFile(path.join(dist, 'wasm-ab/split_a.wasm'), bytes(3000, 11));
    await writeFile(path.join(dist, 'wasm-ab/split_b.wasm'), bytes(2000, 13));
    await writeFile(path.join(dist, 'wasm-ab/chunk_2.wasm'), bytes(1000, 17));
    await writeFile(path.join(dist, 'wasm-ab/__wasm_split.js'), `import { initSync } from "./app.js";
/* a, b */
const __chunk_2 = makeLoad(() => {
    const src = fetch(new URL("./chunk_2.wasm", import.meta.url));
}, []);
export const __wasm_split_load_b = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_b.wasm", import.meta.url));
}, [__chunk_2]));`);
    const s = await appSizes(dist);
    assert.equal(s.initial.file, 'wasm-ab/app_bg.wasm');
    assert.equal(s.initial.raw, 4000);
    assert.ok(s.initial.br > 0 && s.initial.br < 4000);
    assert.equal(s.chunks.length, 3);
    assert.equal(s.total.raw, 10000);
    assert.deepEqual(s.groups.a.files, ['wasm-ab/split_a.wasm', 'wasm-ab/chunk_2.wasm']);
    assert.equal(s.groups.b.raw, 3000);
    assert.ok(s.initialJs.raw > 17, 'JS glue and the loader');
    // No build: nothing to measure.
    assert.equal(await appSizes(path.join(dist, 'missing')), null);
  } finally {
    await rm(dist, { recursive: true, force: true });
  }
});

const built = existsSync(new URL('../../bench/pkg/spotdesk_bench_wasm.js', import.meta.url));
test('the page runs every benchmark on tiny data', { skip: !built && 'bench/pkg not built (scripts/bench.sh builds it)', timeout: 120_000 }, async () => {
  process.env.BENCH_N = '3000';
  process.env.BENCH_N_SMALL = '1000';
  process.env.BENCH_SAMPLES = '2';
  const { runAll, table } = await import('../../bench/run.mjs');
  const res = await runAll({ log: () => {} });
  const md = table(res);
  assert.match(md, /\| target \| data \| measured \| goal \| result \|/);
  for (const n of ['1.', '2.', '3.', '4.', '5.', '6.']) {
    assert.ok(res.rows.filter((r) => r[0].startsWith(n)).length >= 2, `rows for ${n}`);
  }
  // The app's dashboard and the core's reference agree on the generated tickets.
  assert.match(res.rows.find((r) => r[0].startsWith('6. dashboard vs'))[0], /identical: true/);
  // The one-time preparation is reported on its own row, with a measured time.
  const prep = res.rows.find((r) => r[0].startsWith('6. (context) preparing'));
  assert.ok(prep, 'preparation row');
  assert.match(prep[2], /^\d+\.\d\d ms$/);
  const counts = res.rows.find((r) => r[0].includes('cluster counts'));
  assert.match(counts[2], /^\d+\.\d\d%$/);
  // Ratios are real numbers with an interval around them.
  for (const r of res.rows.filter((x) => x[2].endsWith(']'))) {
    const [m, lo, hi] = r[2].match(/[\d.]+/g).map(Number);
    assert.ok(lo <= m && m <= hi && m > 0, r.join(' | '));
  }
});
