// The dashboard statistics in plain JavaScript: the peer of target 6 (issue 8). It computes
// what `spotdesk_core::dashboard::compute` computes (same definitions, see the module docs of
// crates/core/src/dashboard.rs) the way a JavaScript developer would write it: one pass over
// the ticket columns with Maps keyed by code, arrays of per-day objects, sorting for
// percentiles, a Map of customers, and a binary search over the contacts sorted by time for
// each incident window. `digest` flattens the result in the order of the Rust `digest` in
// crates/bench-wasm, so the harness can check that both give identical results.

const DAY = 86400;
const MAX_DAYS = 400;

/** Nearest-rank p50 and p90 of durations (by sorting). */
function percentiles(values) {
  const v = values.slice().sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return { count: 0, p50: null, p90: null };
  const pick = (p) => v[Math.max(1, Math.ceil((p / 100) * n)) - 1];
  return { count: n, p50: pick(50), p90: pick(90) };
}

const secs = (a, b) => Math.min(Math.max(b - a, 0), 4294967295);
const counts = () => ({ registered: 0, resolved: 0, overdue: 0, transferred: 0, known: 0 });

/**
 * The dashboard of `d`: `{ created, resolved (NaN = open), deadline, service, group, line,
 * open, rating (0 = none), transferred, known, incident (-1 = none) }` arrays, `customer`
 * (BigInt array), `services` and `groups` (names), `incidents` ([id, registered, resolved,
 * affected] rows), `spots` ([registered, resolved] rows) and `params` ({ from, to, offset,
 * now, windowHours, filter: { service, group, line } }).
 */
export function dashboard(d) {
  const p = d.params;
  const f = p.filter ?? {};
  // The benchmark's data is unfiltered; with a filter the core also keeps only the incidents
  // and spots linked to a matching ticket, which this version does not implement.
  if (f.service != null || f.group != null || f.line != null) throw new Error('filters are not implemented');
  const end = Math.max(Math.min(p.to, p.from + (MAX_DAYS - 1) * DAY), p.from);
  let first = 0;
  let len = 0;
  if (end > p.from) {
    first = Math.floor((p.from + p.offset) / DAY);
    const last = Math.floor((end - 1 + p.offset) / DAY);
    len = Math.min(Math.max(last - first + 1, 0), MAX_DAYS);
  }
  const dayOf = (ts) => {
    const k = Math.floor((ts + p.offset) / DAY) - first;
    return k >= 0 && k < len ? k : -1;
  };
  const perDay = () => Array.from({ length: len }, counts);
  const total = perDay();
  const by = [new Map(), new Map(), new Map()];
  const sla = [new Map(), new Map(), new Map()];
  const customers = new Map();
  const ratings = [];
  const selected = [];
  const n = d.created.length;
  for (let i = 0; i < n; i++) {
    const c = d.created[i];
    const service = d.services[d.service[i]];
    const group = d.groups[d.group[i]];
    if (service === undefined || group === undefined) continue;
    const line = d.line[i];
    if (c < p.from || c >= end || (f.service != null && f.service !== service)
      || (f.group != null && f.group !== group) || (f.line != null && f.line !== line)) continue;
    const keys = [[0, service], [1, group]];
    if (line >= 1 && line <= 3) keys.push([2, String(line)]);
    const event = (ts, apply) => {
      const k = dayOf(ts);
      if (k < 0) return;
      apply(total[k]);
      for (const [dim, key] of keys) {
        let days = by[dim].get(key);
        if (!days) by[dim].set(key, (days = perDay()));
        apply(days[k]);
      }
    };
    const tr = d.transferred[i] === 1;
    const kn = d.known[i] === 1;
    event(c, (x) => { x.registered++; if (tr) x.transferred++; if (kn) x.known++; });
    const r = d.resolved[i];
    const resolved = !Number.isNaN(r);
    const deadline = d.deadline[i];
    const open = d.open[i] === 1;
    if (resolved) event(r, (x) => { x.resolved++; });
    if (deadline < p.now && (resolved ? r > deadline : open)) event(deadline, (x) => { x.overdue++; });
    for (const [dim, key] of [[0, ''], [1, service], [2, group]]) {
      let row = sla[dim].get(key);
      if (!row) sla[dim].set(key, (row = { tickets: 0, decided: 0, met: 0, durations: [] }));
      row.tickets++;
      if (resolved) {
        row.decided++;
        if (r <= deadline) row.met++;
        row.durations.push(secs(c, r));
      } else if (open && deadline < p.now) {
        row.decided++;
      }
    }
    const who = d.customer[i];
    customers.set(who, (customers.get(who) ?? 0) + 1);
    selected.push({ time: c, known: kn });
    if (d.rating[i] > 0) ratings.push({ at: resolved ? r : c, stars: d.rating[i] });
  }
  const sorted = (m) => [...m.keys()].sort().map((k) => [k, m.get(k)]);
  const volume = {
    days: Array.from({ length: len }, (_, k) => first + k),
    total,
    by: by.map((m) => sorted(m).map(([key, days]) => ({ key, days }))),
  };
  const slaRow = (key, s) => ({ key, tickets: s.tickets, decided: s.decided, met: s.met, time: percentiles(s.durations) });
  const slaOut = {
    total: sla[0].has('') ? slaRow('', sla[0].get(''))
      : { key: '', tickets: 0, decided: 0, met: 0, time: percentiles([]) },
    byService: sorted(sla[1]).map(([k, s]) => slaRow(k, s)),
    byGroup: sorted(sla[2]).map(([k, s]) => slaRow(k, s)),
  };

  // Incidents: linked tickets per id in one pass, contacts by binary search in time order.
  const linked = new Map();
  for (let i = 0; i < n; i++) {
    const id = d.incident[i];
    if (id < 0) continue;
    const l = linked.get(id);
    if (l) { l.count++; l.first = Math.min(l.first, d.created[i]); } else linked.set(id, { count: 1, first: d.created[i] });
  }
  const contacts = selected.slice().sort((a, b) => a.time - b.time);
  const wh = Math.min(Math.max(p.windowHours, 1), 72);
  const profile = new Array(2 * wh).fill(0);
  const seen = new Set();
  const list = [];
  for (const i of d.incidents) {
    if (seen.has(i.id)) continue;
    seen.add(i.id);
    if (i.registered >= p.from && i.registered < end) list.push(i);
  }
  list.sort((a, b) => a.registered - b.registered || a.id - b.id);
  const inc = { count: 0, resolved: 0, affected: 0, rows: [] };
  const regTimes = [];
  const resTimes = [];
  for (const i of list) {
    const l = linked.get(i.id);
    const regMin = i.registered - (((i.registered % 60) + 60) % 60);
    const row = {
      id: i.id, registered: i.registered,
      toRegister: l ? secs(l.first, i.registered) : null,
      toResolve: Number.isNaN(i.resolved) ? null : secs(i.registered, i.resolved),
      affected: i.affected, linked: l ? l.count : 0, before: 0, after: 0, knownAfter: 0,
    };
    const lo = regMin - wh * 3600;
    let a = 0;
    let b = contacts.length;
    while (a < b) { const m = (a + b) >> 1; if (contacts[m].time < lo) a = m + 1; else b = m; }
    for (let k = a; k < contacts.length && contacts[k].time < regMin + wh * 3600; k++) {
      const h = Math.floor((contacts[k].time - regMin) / 3600);
      profile[h + wh]++;
      if (h < 0) row.before++;
      else { row.after++; if (contacts[k].known) row.knownAfter++; }
    }
    inc.count++;
    if (row.toResolve !== null) inc.resolved++;
    inc.affected += i.affected;
    if (row.toRegister !== null) regTimes.push(row.toRegister);
    if (row.toResolve !== null) resTimes.push(row.toResolve);
    inc.rows.push(row);
  }
  inc.toRegister = percentiles(regTimes);
  inc.toResolve = percentiles(resTimes);

  const spots = { count: 0, resolved: 0, withinDay: 0 };
  const fix = [];
  for (const s of d.spots) {
    if (s.registered < p.from || s.registered >= end) continue;
    spots.count++;
    if (!Number.isNaN(s.resolved)) {
      spots.resolved++;
      if (s.resolved - s.registered <= DAY) spots.withinDay++;
      fix.push(secs(s.registered, s.resolved));
    }
  }
  spots.fix = percentiles(fix);

  const rs = { count: 0, stars: 0, distribution: [0, 0, 0, 0, 0], perDay: Array.from({ length: len }, () => ({ count: 0, stars: 0 })) };
  for (const r of ratings) {
    if (r.stars < 1 || r.stars > 5) continue;
    const k = dayOf(r.at);
    if (k < 0) continue;
    rs.perDay[k].count++;
    rs.perDay[k].stars += r.stars;
    rs.count++;
    rs.stars += r.stars;
    rs.distribution[r.stars - 1]++;
  }
  const mean = (days) => {
    let c = 0;
    let s = 0;
    for (const x of days) { c += x.count; s += x.stars; }
    return c > 0 ? Math.floor((s * 100) / c) : null;
  };
  rs.trend = null;
  if (len >= 2) {
    const half = len >> 1;
    const [a, b] = [mean(rs.perDay.slice(half)), mean(rs.perDay.slice(0, half))];
    if (a !== null && b !== null) rs.trend = a - b;
  }
  let repeat = 0;
  for (const v of customers.values()) if (v > 1) repeat++;
  return {
    volume, sla: slaOut, incidents: inc,
    contacts: { windowHours: wh, contacts: selected.length, known: selected.filter((s) => s.known).length, profile },
    spots, ratings: rs,
    repeats: { contacts: selected.length, customers: customers.size, repeat },
  };
}

/** The digits of a breakdown key as a number (-1 for the empty key), as the Rust digest. */
const keyNumber = (k) => {
  const digits = k.replace(/\D/g, '');
  return digits === '' ? -1 : Number(digits);
};

/** A dashboard as the flat list of numbers the Rust `Dash::digest` writes. */
export function digest(x) {
  const o = [];
  const opt = (v) => (v === null ? -1 : v);
  const counts = (days) => { for (const c of days) o.push(c.registered, c.resolved, c.overdue, c.transferred, c.known); };
  const pct = (q) => o.push(q.count, opt(q.p50), opt(q.p90));
  const v = x.volume;
  o.push(v.days.length, ...v.days);
  counts(v.total);
  for (const rows of v.by) {
    o.push(rows.length);
    for (const r of rows) { o.push(keyNumber(r.key)); counts(r.days); }
  }
  const sla = (r) => { o.push(keyNumber(r.key), r.tickets, r.decided, r.met); pct(r.time); };
  sla(x.sla.total);
  for (const rows of [x.sla.byService, x.sla.byGroup]) { o.push(rows.length); rows.forEach(sla); }
  const i = x.incidents;
  o.push(i.count, i.resolved);
  pct(i.toRegister);
  pct(i.toResolve);
  o.push(i.affected, i.rows.length);
  for (const r of i.rows) {
    o.push(r.id, r.registered, opt(r.toRegister), opt(r.toResolve), r.affected, r.linked, r.before, r.after, r.knownAfter);
  }
  const c = x.contacts;
  o.push(c.windowHours, c.contacts, c.known, c.profile.length, ...c.profile);
  const s = x.spots;
  o.push(s.count, s.resolved, s.withinDay);
  pct(s.fix);
  const r = x.ratings;
  o.push(r.count, r.stars, ...r.distribution);
  for (const day of r.perDay) o.push(day.count, day.stars);
  o.push(r.trend === null ? -1e9 : r.trend);
  const q = x.repeats;
  o.push(q.contacts, q.customers, q.repeat);
  return o;
}

/** The JavaScript version's input out of the wasm `Dash` (not timed: both sides get it). */
export function inputOf(dash) {
  const col = (name) => dash.column(name);
  const [from, to, offset, now, windowHours] = dash.params();
  const inc = dash.incidents();
  const sp = dash.spots();
  const incidents = [];
  for (let k = 0; k < inc.length; k += 4) incidents.push({ id: inc[k], registered: inc[k + 1], resolved: inc[k + 2], affected: inc[k + 3] });
  const spots = [];
  for (let k = 0; k < sp.length; k += 2) spots.push({ registered: sp[k], resolved: sp[k + 1] });
  return {
    created: col('created'), resolved: col('resolved'), deadline: col('deadline'),
    service: col('service'), group: col('group'), line: col('line'), open: col('open'),
    rating: col('rating'), transferred: col('transferred'), known: col('known'),
    incident: col('incident'), customer: dash.customers(),
    services: dash.services(), groups: dash.groups(), incidents, spots,
    params: { from, to, offset, now, windowHours, filter: {} },
  };
}
