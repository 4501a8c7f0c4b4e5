// Shared by the benchmark page, its driver and the sanity test: one seeded data generator
// and the statistics (median ratio, 95% bootstrap interval, p95). No DOM, no Node APIs.

/** A small seeded PRNG (mulberry32): the same seed gives the same data everywhere. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Centre of the generated city (lat, long) and the viewport the benchmarks look at. */
export const CITY = { lat: 55.75, long: 37.62 };
export const VIEW = { west: 37.2, south: 55.55, east: 38.05, north: 55.95, zoom: 10 };

/**
 * `n` points as `{ lat: Float64Array, long: Float64Array }`.
 * `city`: 70% in ~60 gaussian neighbourhoods of a city plus 30% spread over it;
 * `uniform`: uniform over the city's bounding box.
 */
export function generate(kind, n, seed = 42) {
  const r = rng(seed);
  const lat = new Float64Array(n);
  const long = new Float64Array(n);
  const box = () => [VIEW.south + r() * (VIEW.north - VIEW.south), VIEW.west + r() * (VIEW.east - VIEW.west)];
  if (kind === 'uniform') {
    for (let i = 0; i < n; i++) [lat[i], long[i]] = box();
    return { lat, long };
  }
  if (kind !== 'city') throw new Error(`unknown distribution ${kind}`);
  const hubs = Array.from({ length: 60 }, () => [...box(), 0.002 + r() * 0.02]);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  for (let i = 0; i < n; i++) {
    if (r() < 0.3) {
      [lat[i], long[i]] = box();
    } else {
      const [la, lo, s] = hubs[Math.floor(r() * hubs.length)];
      lat[i] = la + gauss() * s;
      long[i] = lo + gauss() * s * 1.8;
    }
  }
  return { lat, long };
}

/** Median of numbers (a copy is sorted). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The q-quantile (0..1), nearest-rank. */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/**
 * Median of the paired ratios `a[i] / b[i]` (samples taken interleaved, so pairs share the
 * machine's load) with a 95% percentile-bootstrap interval over the pairs.
 */
export function ratioCI(a, b, { resamples = 2000, seed = 1 } = {}) {
  if (a.length !== b.length || a.length === 0) throw new Error('need paired samples');
  const ratios = a.map((x, i) => x / b[i]);
  const r = rng(seed);
  const meds = [];
  for (let k = 0; k < resamples; k++) {
    const pick = ratios.map(() => ratios[Math.floor(r() * ratios.length)]);
    meds.push(median(pick));
  }
  return { median: median(ratios), lo: quantile(meds, 0.025), hi: quantile(meds, 0.975) };
}

/** Runs `ours` and `peer` alternately `n` times each (alternating who goes first). */
export async function interleave(ours, peer, n) {
  const a = [];
  const b = [];
  for (let i = 0; i < n; i++) {
    const order = i % 2 ? [[peer, b], [ours, a]] : [[ours, a], [peer, b]];
    for (const [f, out] of order) {
      const t0 = performance.now();
      await f();
      out.push(performance.now() - t0);
    }
  }
  return { ours: a, peer: b };
}
