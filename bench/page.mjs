// The benchmark page: our wasm (bench/pkg, built from crates/bench-wasm) against the npm
// peers on the same generated data. The driver (bench/run.mjs) calls `window.B.*`; each
// benchmark interleaves ours and the peer's and returns raw samples in milliseconds.
import init, * as W from './pkg/spotdesk_bench_wasm.js';
import { generate, interleave, VIEW } from './lib.mjs';
import * as DashJs from './dashboard.mjs';

const { L, Supercluster } = window;
const wasm = await init();
const map = L.map('map', { maxZoom: 18, zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false })
  .setView([(VIEW.south + VIEW.north) / 2, (VIEW.west + VIEW.east) / 2], VIEW.zoom);
const cache = new Map();
const data = (kind, n) => {
  const k = `${kind}:${n}`;
  if (!cache.has(k)) cache.set(k, generate(kind, n));
  return cache.get(k);
};
// Ours is given the same f64 columns, one at a time (each is copied into wasm memory,
// projected and freed before the next), then builds the index.
const build = (d) => {
  const p = new W.Points(d.lat.length);
  p.set_long(d.long);
  p.set_lat(d.lat);
  return p.build();
};
const features = (d) => Array.from(d.lat, (lat, i) => ({
  type: 'Feature', properties: { id: i }, geometry: { type: 'Point', coordinates: [d.long[i], lat] },
}));
const WORLD = [-180, -85, 180, 85];
const viewBox = () => {
  const b = map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
};

window.B = {
  wasmBytes: () => wasm.memory.buffer.byteLength,

  /** 1. Build the zoom 0-16 index. */
  async clusterBuild({ kind, n, samples }) {
    const d = data(kind, n);
    const f = features(d);
    let sink = 0;
    const r = await interleave(
      () => { const ix = build(d); sink += ix.count_at(0); ix.free(); },
      () => { const sc = new Supercluster({ maxZoom: 16 }).load(f); sink += sc.getClusters(WORLD, 0).length; },
      samples);
    return { ...r, sink };
  },

  /** 1b. Cluster counts per zoom 0..16, ours and supercluster's. */
  clusterCounts({ kind, n }) {
    const d = data(kind, n);
    const ix = build(d);
    const sc = new Supercluster({ maxZoom: 16 }).load(features(d));
    const out = [];
    for (let z = 0; z <= 16; z++) out.push([ix.count_at(z), sc.getClusters(WORLD, z).length]);
    ix.free();
    return out;
  },

  /** 1c. Memory of one build in a fresh page: `side` is 'ours' or 'peer'. */
  memory({ kind, n, side }) {
    const d = data(kind, n);
    if (side === 'ours') {
      const before = wasm.memory.buffer.byteLength;
      const ix = build(d);
      const grown = wasm.memory.buffer.byteLength - before; // wasm memory never shrinks: the peak
      ix.free();
      return grown;
    }
    const f = features(d); // the input both sides get for free is not counted
    window.gc?.();
    const before = performance.memory.usedJSHeapSize;
    let peak = 0;
    const sc = new Supercluster({ maxZoom: 16 });
    sc.load(f);
    peak = Math.max(peak, performance.memory.usedJSHeapSize - before); // retained after load
    window.__keep = sc;
    return peak;
  },

  /** 2. From downloaded bytes to the clusters of the view. */
  async bytesToClusters({ kind, n, samples }) {
    const d = data(kind, n);
    const bin = W.facts_encode(d.lat, d.long);
    const json = JSON.stringify({ type: 'FeatureCollection', features: features(d) });
    const [w, s, e, nn] = viewBox();
    let sink = 0;
    const r = await interleave(
      () => { sink += W.facts_to_clusters(bin, w, s, e, nn, VIEW.zoom); },
      () => {
        const fc = JSON.parse(json);
        const sc = new Supercluster({ maxZoom: 16 }).load(fc.features);
        sink += sc.getClusters([w, s, e, nn], VIEW.zoom).length;
      },
      samples);
    return { ...r, sink, binBytes: bin.length, jsonBytes: json.length };
  },

  /** 3. One new complaint: clusters + heat + spots. Returns our per-add times. */
  update({ kind, n, samples }) {
    const d = data(kind, n);
    const [w, s, e, nn] = viewBox();
    const live = new W.Live(d.lat, d.long, 1_700_000_000, 3, w, s, e, nn, VIEW.zoom);
    const extra = generate(kind, samples, 7);
    const times = [];
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      live.add(extra.lat[i], extra.long[i]);
      times.push(performance.now() - t0);
    }
    live.free();
    return { ours: times };
  },

  /** 4. Heat redraw at moveend. */
  async heat({ kind, n, samples }) {
    const d = data(kind, n);
    const lls = Array.from(d.lat, (lat, i) => [lat, d.long[i]]);
    const peer = L.heatLayer(lls, { radius: 25 }).addTo(map);
    const ours = new W.Heat(d.lat, d.long);
    const size = map.getSize();
    const canvas = document.createElement('canvas');
    canvas.width = size.x;
    canvas.height = size.y;
    canvas.className = 'leaflet-layer';
    map.getPanes().overlayPane.appendChild(canvas);
    const ctx = canvas.getContext('2d');
    const off = document.createElement('canvas');
    const octx = off.getContext('2d');
    const r = await interleave(
      () => {
        const [w, s, e, nn] = viewBox();
        ours.redraw(w, s, e, nn, map.getZoom());
        const cols = ours.cols();
        const rows = ours.rows();
        off.width = cols;
        off.height = rows;
        octx.putImageData(new ImageData(new Uint8ClampedArray(ours.rgba()), cols, rows), 0, 0);
        ctx.clearRect(0, 0, size.x, size.y);
        ctx.drawImage(off, 0, 0, size.x, size.y);
        ctx.getImageData(0, 0, 1, 1); // wait for the canvas work
      },
      () => { peer._redraw(); peer._canvas.getContext('2d').getImageData(0, 0, 1, 1); },
      samples);
    map.removeLayer(peer);
    canvas.remove();
    ours.free();
    return r;
  },

  /**
   * 6. Dashboard statistics over `n` generated tickets: the app's version (wasm) against the
   * plain JavaScript version (bench/dashboard.mjs) on the same columns; `identical` compares
   * their full results. `ours` times the per-view computation on the facts prepared once
   * (`prepare`, timed separately). The core's row-by-row Rust reference is timed too, for context.
   */
  async dashboard({ n, samples }) {
    const d = new W.Dash(n);
    // The one-time preparation when the facts arrive (the app does it once per load, not per
    // view): timed on its own, reported as context.
    const prepare = [];
    for (let i = 0; i < Math.min(samples, 5); i++) {
      const t0 = performance.now();
      d.prepare();
      prepare.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 0));
    }
    const input = DashJs.inputOf(d);
    const ours = d.digest();
    const js = DashJs.digest(DashJs.dashboard(input));
    const identical = ours.length === js.length && ours.every((x, i) => Object.is(x, js[i]));
    const firstDiff = ours.findIndex((x, i) => !Object.is(x, js[i]));
    const r = await interleave(() => d.run(), () => DashJs.dashboard(input), samples);
    const ref = await interleave(() => d.run(), () => d.run_reference(), Math.min(samples, 5));
    const rustIdentical = d.identical();
    d.free();
    return { ...r, identical, firstDiff, digestLength: ours.length, reference: ref, rustIdentical, prepare };
  },

  /** 5. First clustered paint: data to cluster markers laid out on the map. */
  async firstPaint({ kind, n, samples }) {
    const d = data(kind, n);
    const r = await interleave(
      () => {
        const ix = W.cluster_build(d.lat, d.long);
        const [w, s, e, nn] = viewBox();
        const c = ix.clusters(w, s, e, nn, map.getZoom());
        ix.free();
        const layer = L.layerGroup();
        for (let i = 0; i < c.length; i += 3) {
          const icon = L.divIcon({ className: 'ours-cluster', html: '', iconSize: [30, 30] });
          const m = L.marker([c[i], c[i + 1]], { icon });
          layer.addLayer(m);
          m.once('add', () => { m.getElement().textContent = String(c[i + 2]); });
        }
        layer.addTo(map);
        document.body.getBoundingClientRect();
        map.removeLayer(layer);
      },
      () => {
        const g = L.markerClusterGroup({ chunkedLoading: false, animate: false });
        const ms = [];
        for (let i = 0; i < d.lat.length; i++) ms.push(L.marker([d.lat[i], d.long[i]]));
        g.addLayers(ms);
        map.addLayer(g);
        document.body.getBoundingClientRect();
        map.removeLayer(g);
      },
      samples);
    return r;
  },
};
document.getElementById('status').textContent = 'ready';
