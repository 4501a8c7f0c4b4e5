//! Thin wasm-bindgen wrappers around `spotdesk-core` for the browser benchmark in `bench/`.
//!
//! Every function takes plain typed arrays so that the JavaScript side pays for no
//! serialisation beyond one copy into wasm memory, exactly as the app does.

use spotdesk_api::facts::{TicketFact, TicketFacts};
use spotdesk_api::ticket::{Channel, TicketKind, TicketStatus};
use spotdesk_core::cluster::{ClusterIndex, LatLongColumns, ProjectedPoints};
use spotdesk_core::complaint::{ComplaintRecord, ComplaintSet};
use spotdesk_core::dashboard::{self, IncidentFact, Input, Params, Prepared, SpotFact};
use spotdesk_core::heat::{HeatGrid, HeatView};
use spotdesk_core::spots::{SpotDetector, SpotParams};
use wasm_bindgen::prelude::*;

fn pairs(lat: &[f64], long: &[f64]) -> Vec<(f64, f64)> {
    lat.iter().copied().zip(long.iter().copied()).collect()
}

/// A built cluster index (zoom 0-16, supercluster's default options).
#[wasm_bindgen]
pub struct Index(ClusterIndex);

/// Builds the cluster index over the points `(lat[i], long[i])`.
#[wasm_bindgen]
pub fn cluster_build(lat: &[f64], long: &[f64]) -> Index {
    Index(ClusterIndex::build(&LatLongColumns { lat, long }))
}

/// Points for a cluster index, given one coordinate column at a time (each `f64` column is
/// copied into wasm memory, projected and freed before the next), then built with `build`.
#[wasm_bindgen]
pub struct Points(ProjectedPoints);

#[wasm_bindgen]
impl Points {
    /// Room for `n` points.
    #[wasm_bindgen(constructor)]
    pub fn new(n: usize) -> Points {
        Points(ProjectedPoints::new(n))
    }

    /// Sets the longitudes.
    pub fn set_long(&mut self, long: &[f64]) {
        self.0.set_long(long);
    }

    /// Sets the latitudes.
    pub fn set_lat(&mut self, lat: &[f64]) {
        self.0.set_lat(lat);
    }

    /// The cluster index (zoom 0-16) of the points; consumes them.
    pub fn build(self) -> Index {
        Index(ClusterIndex::build_projected(self.0))
    }
}

/// Builds the cluster index over `f32` coordinates, as the ticket facts carry them (half
/// the bytes to copy into wasm memory).
#[wasm_bindgen]
pub fn cluster_build_f32(lat: &[f32], long: &[f32]) -> Index {
    Index(ClusterIndex::build(&LatLongColumns { lat, long }))
}

#[wasm_bindgen]
impl Index {
    /// Number of clusters and single points at `zoom` over the whole world.
    pub fn count_at(&self, zoom: f64) -> u32 {
        self.0.clusters([-180.0, -85.0, 180.0, 85.0], zoom).len() as u32
    }

    /// Clusters in a viewport as a flat `[lat, long, count, …]` array.
    pub fn clusters(&self, west: f64, south: f64, east: f64, north: f64, zoom: f64) -> Vec<f64> {
        let cs = self.0.clusters([west, south, east, north], zoom);
        let mut out = Vec::with_capacity(cs.len() * 3);
        for c in cs {
            out.extend([c.lat, c.long, f64::from(c.count)]);
        }
        out
    }

    /// Adds one point.
    pub fn insert(&mut self, lat: f64, long: f64) {
        self.0.insert(lat, long);
    }
}

fn fact(i: usize, lat: f32, long: f32) -> TicketFact {
    TicketFact {
        id: i as u32,
        created: 1_700_000_000 + i as i64,
        resolved: None,
        deadline: 1_700_086_400 + i as i64,
        lat,
        long,
        service: "mobile-data".into(),
        topic: "weak-signal".into(),
        group: "network".into(),
        line: 1,
        status: TicketStatus::New,
        kind: TicketKind::Incident,
        channel: Channel::Phone,
        segment: None,
        lifetime_value: None,
        rating: None,
        transferred: false,
        known_problem: false,
        customer: i as u64,
        incident: None,
        spot: None,
    }
}

/// Encodes points as an SDTF ticket-facts body (the bytes the server would send).
#[wasm_bindgen]
pub fn facts_encode(lat: &[f64], long: &[f64]) -> Vec<u8> {
    let mut f = TicketFacts::default();
    for (i, (&a, &b)) in lat.iter().zip(long).enumerate() {
        f.push(fact(i, a as f32, b as f32));
    }
    f.encode().unwrap_or_default()
}

/// From downloaded SDTF bytes to the clusters of one viewport: decode, index, query.
/// Returns the number of clusters (0 on a malformed body).
#[wasm_bindgen]
pub fn facts_to_clusters(
    bytes: &[u8],
    west: f64,
    south: f64,
    east: f64,
    north: f64,
    zoom: f64,
) -> u32 {
    let Ok(f) = TicketFacts::decode(bytes) else {
        return 0;
    };
    let idx = ClusterIndex::build(&LatLongColumns {
        lat: &f.lat,
        long: &f.long,
    });
    idx.clusters([west, south, east, north], zoom).len() as u32
}

/// A heat layer over fixed points; `redraw` recomputes it for a view and colours it.
/// The points are projected once (fixed-point Web Mercator), so a redraw only bins them.
#[wasm_bindgen]
pub struct Heat {
    pts: Vec<(u32, u32)>,
    rgba: Vec<u8>,
    cols: usize,
    rows: usize,
}

#[wasm_bindgen]
impl Heat {
    /// A heat layer over the points.
    #[wasm_bindgen(constructor)]
    pub fn new(lat: &[f64], long: &[f64]) -> Heat {
        Heat {
            pts: lat
                .iter()
                .zip(long)
                .filter_map(|(&a, &b)| spotdesk_core::cluster::project(a, b))
                .collect(),
            rgba: Vec::new(),
            cols: 0,
            rows: 0,
        }
    }

    /// Recomputes the grid for a view and colours it into an RGBA buffer of
    /// `cols x rows` cells (read it with `rgba`); returns the grid's maximum.
    pub fn redraw(&mut self, west: f64, south: f64, east: f64, north: f64, zoom: f64) -> f32 {
        let view = HeatView::new([west, south, east, north], zoom);
        let g = HeatGrid::compute_projected(&view, &self.pts);
        self.cols = g.cols;
        self.rows = g.rows;
        self.rgba.resize(g.values.len() * 4, 0);
        let inv = if g.max > 0.0 { 1.0 / g.max } else { 0.0 };
        for (px, &v) in self.rgba.chunks_exact_mut(4).zip(&g.values) {
            let t = (v * inv).clamp(0.0, 1.0);
            let a = (t * 255.0) as u8;
            // Blue -> lime -> red, leaflet.heat's default gradient in spirit.
            let (r, gg, b) = if t < 0.5 {
                (0, (t * 2.0 * 255.0) as u8, ((1.0 - t * 2.0) * 255.0) as u8)
            } else {
                (
                    ((t - 0.5) * 2.0 * 255.0) as u8,
                    ((1.0 - t) * 2.0 * 255.0) as u8,
                    0,
                )
            };
            px.copy_from_slice(&[r, gg, b, a]);
        }
        g.max
    }

    /// Columns of the last redraw.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Rows of the last redraw.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The coloured cells of the last redraw (a copy, for `ImageData`).
    pub fn rgba(&self) -> Vec<u8> {
        self.rgba.clone()
    }
}

/// The live map state of the app: clusters, heat of the current view and spot detection,
/// all updated by `add` when one complaint arrives.
#[wasm_bindgen]
pub struct Live {
    index: ClusterIndex,
    heat: HeatGrid,
    spots: SpotDetector,
    now: i64,
}

const PHONES: [&str; 8] = [
    "+70000000001",
    "+70000000002",
    "+70000000003",
    "+70000000004",
    "+70000000005",
    "+70000000006",
    "+70000000007",
    "+70000000008",
];

fn record(i: usize, lat: f64, long: f64, time: i64) -> ComplaintRecord<'static> {
    ComplaintRecord {
        id: i as i64,
        lat,
        long,
        time,
        customer: PHONES[i % PHONES.len()],
        service: "mobile-data",
        topic: "weak-signal",
        segment: None,
        lifetime_value: None,
    }
}

#[wasm_bindgen]
impl Live {
    /// State over the points, complaint `i` at time `t0 + i * step` seconds; the heat view
    /// is `[west, south, east, north]` at `zoom`.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        lat: &[f64],
        long: &[f64],
        t0: f64,
        step: f64,
        west: f64,
        south: f64,
        east: f64,
        north: f64,
        zoom: f64,
    ) -> Live {
        let pts = pairs(lat, long);
        let index = ClusterIndex::build(&pts);
        let view = HeatView::new([west, south, east, north], zoom);
        let heat = HeatGrid::compute(&view, pts.iter().map(|&(a, b)| (a, b, 1.0)));
        let mut set = ComplaintSet::with_capacity(pts.len());
        let (t0, step) = (t0 as i64, step as i64);
        for (i, &(a, b)) in pts.iter().enumerate() {
            set.push(&record(i, a, b, t0 + i as i64 * step));
        }
        let now = t0 + pts.len() as i64 * step;
        let mut spots = SpotDetector::from_set(&set, SpotParams::default());
        spots.detect(now);
        Live {
            index,
            heat,
            spots,
            now,
        }
    }

    /// One new complaint: update clusters, heat and spots; returns the number of spot
    /// candidates.
    pub fn add(&mut self, lat: f64, long: f64) -> u32 {
        self.now += 1;
        let i = self.index.len();
        self.index.insert(lat, long);
        self.heat.add(lat, long, 1.0);
        self.spots.push(&record(i, lat, long, self.now));
        self.spots.detect(self.now).len() as u32
    }
}

/// The dashboard over `n` synthetic tickets (90 days, 30 services, 12 groups, 200 incidents,
/// 100 spots), generated by `spotdesk_core::dashboard::synthetic` (as the native example).
#[wasm_bindgen]
pub struct Dash {
    f: TicketFacts,
    /// The facts prepared as the app prepares them once per load ([`Dash::prepare`]).
    prepared: Prepared,
    incidents: Vec<IncidentFact>,
    spots: Vec<SpotFact>,
    params: Params,
}

#[wasm_bindgen]
impl Dash {
    /// Generates the tickets.
    #[wasm_bindgen(constructor)]
    pub fn new(n: usize) -> Dash {
        let data = spotdesk_core::dashboard::synthetic::synthetic(n);
        Dash {
            prepared: Prepared::new(&data.tickets),
            f: data.tickets,
            incidents: data.incidents,
            spots: data.spots,
            params: data.params,
        }
    }

    fn input(&self) -> Input<'_> {
        Input {
            tickets: &self.f,
            incidents: &self.incidents,
            spots: &self.spots,
            ratings: None,
        }
    }

    /// The one-time preparation of the facts (what the app does when they arrive), again.
    pub fn prepare(&mut self) -> usize {
        self.prepared = Prepared::new(&self.f);
        self.prepared.len()
    }

    /// The app's per-view computation on the prepared facts (what the dashboard runs on every
    /// filter or period change); returns a checksum-ish size of its output.
    pub fn run(&self) -> usize {
        let d = dashboard::compute(&self.input().with_tickets(&self.prepared), &self.params);
        std::hint::black_box(&d);
        1
    }

    /// The core's plain row-by-row reference version (maps, calendar types, sorting).
    pub fn run_reference(&self) -> usize {
        let d = dashboard::reference::compute(&self.input(), &self.params);
        std::hint::black_box(&d);
        1
    }

    /// Whether the fast and the reference versions agree exactly.
    pub fn identical(&self) -> bool {
        let i = self.input();
        dashboard::compute(&i.with_tickets(&self.prepared), &self.params)
            == dashboard::reference::compute(&i, &self.params)
    }

    /// The app's dashboard as a flat list of numbers (see `digest`), for comparing with the
    /// plain JavaScript version in bench/dashboard.mjs.
    pub fn digest(&self) -> Vec<f64> {
        digest(&dashboard::compute(
            &self.input().with_tickets(&self.prepared),
            &self.params,
        ))
    }

    /// Ticket column for the JavaScript version: `created`, `resolved` (NaN when open),
    /// `deadline`, `service`, `group`, `line`, `open` (1/0), `rating` (0 = none),
    /// `transferred`, `known`, `incident` (-1 = none) as numbers.
    pub fn column(&self, name: &str) -> Vec<f64> {
        let f = &self.f;
        let b = |v: &[bool]| v.iter().map(|&x| f64::from(u8::from(x))).collect();
        match name {
            "created" => f.created.iter().map(|&x| x as f64).collect(),
            "resolved" => f
                .resolved
                .iter()
                .map(|x| x.map_or(f64::NAN, |v| v as f64))
                .collect(),
            "deadline" => f.deadline.iter().map(|&x| x as f64).collect(),
            "service" => f.service.iter().map(|&x| f64::from(x)).collect(),
            "group" => f.group.iter().map(|&x| f64::from(x)).collect(),
            "line" => f.line.iter().map(|&x| f64::from(x)).collect(),
            "open" => f
                .status
                .iter()
                .map(|s| f64::from(u8::from(s.is_open())))
                .collect(),
            "rating" => f.rating.iter().map(|r| f64::from(r.unwrap_or(0))).collect(),
            "transferred" => b(&f.transferred),
            "known" => b(&f.known_problem),
            "incident" => f
                .incident
                .iter()
                .map(|r| r.map_or(-1.0, f64::from))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Customer hashes (a `BigUint64Array`).
    pub fn customers(&self) -> Vec<u64> {
        self.f.customer.clone()
    }

    /// Service codes by index.
    pub fn services(&self) -> Vec<String> {
        self.f.services.clone()
    }

    /// Assignee group codes by index.
    pub fn groups(&self) -> Vec<String> {
        self.f.groups.clone()
    }

    /// Incidents as `[id, registered, resolved (NaN = none), affected customers, …]`.
    pub fn incidents(&self) -> Vec<f64> {
        self.incidents
            .iter()
            .flat_map(|i| {
                [
                    f64::from(i.id),
                    i.registered as f64,
                    i.resolved.map_or(f64::NAN, |r| r as f64),
                    f64::from(i.affected_customers),
                ]
            })
            .collect()
    }

    /// Spots as `[registered, resolved (NaN = none), …]`.
    pub fn spots(&self) -> Vec<f64> {
        self.spots
            .iter()
            .flat_map(|s| {
                [
                    s.registered as f64,
                    s.resolved.map_or(f64::NAN, |r| r as f64),
                ]
            })
            .collect()
    }

    /// `[from, to, utc_offset, now, window_hours]` (the generated data has no filter).
    pub fn params(&self) -> Vec<f64> {
        let p = &self.params;
        vec![
            p.from as f64,
            p.to as f64,
            f64::from(p.utc_offset),
            p.now as f64,
            f64::from(p.window_hours),
        ]
    }
}

/// A dashboard as numbers, in the order bench/dashboard.mjs writes them (absent = -1).
fn digest(d: &dashboard::Dashboard) -> Vec<f64> {
    use dashboard::{Counts, Percentiles, SlaRow};
    let mut o: Vec<f64> = Vec::new();
    let opt = |v: Option<u32>| v.map_or(-1.0, f64::from);
    let counts = |o: &mut Vec<f64>, days: &[Counts]| {
        for c in days {
            o.extend(
                [
                    c.registered,
                    c.resolved,
                    c.overdue,
                    c.transferred,
                    c.known_problem,
                ]
                .map(f64::from),
            );
        }
    };
    let pct =
        |o: &mut Vec<f64>, p: &Percentiles| o.extend([f64::from(p.count), opt(p.p50), opt(p.p90)]);
    let v = &d.volume;
    o.push(v.dates.len() as f64);
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    o.extend(
        v.dates
            .iter()
            .map(|x| x.signed_duration_since(epoch).num_days() as f64),
    );
    counts(&mut o, &v.total);
    for rows in [&v.by_service, &v.by_group, &v.by_line] {
        o.push(rows.len() as f64);
        for r in rows {
            o.push(key_number(&r.key));
            counts(&mut o, &r.per_day);
        }
    }
    let sla = |o: &mut Vec<f64>, r: &SlaRow| {
        o.push(key_number(&r.key));
        o.extend([r.tickets, r.decided, r.met].map(f64::from));
        pct(o, &r.resolve_time);
    };
    sla(&mut o, &d.sla.total);
    for rows in [&d.sla.by_service, &d.sla.by_group] {
        o.push(rows.len() as f64);
        for r in rows {
            sla(&mut o, r);
        }
    }
    let i = &d.incidents;
    o.extend([f64::from(i.count), f64::from(i.resolved)]);
    pct(&mut o, &i.time_to_register);
    pct(&mut o, &i.time_to_resolve);
    o.push(i.affected_customers as f64);
    o.push(i.rows.len() as f64);
    for r in &i.rows {
        o.extend([
            f64::from(r.id),
            r.registered as f64,
            opt(r.time_to_register),
            opt(r.time_to_resolve),
        ]);
        o.extend(
            [
                r.affected_customers,
                r.linked_contacts,
                r.contacts_before,
                r.contacts_after,
                r.known_after,
            ]
            .map(f64::from),
        );
    }
    let c = &d.contacts;
    o.extend([c.window_hours, c.contacts, c.known_problem].map(f64::from));
    o.push(c.profile.len() as f64);
    o.extend(c.profile.iter().map(|&x| f64::from(x)));
    let s = &d.spots;
    o.extend([s.count, s.resolved, s.within_day].map(f64::from));
    pct(&mut o, &s.time_to_fix);
    let r = &d.ratings;
    o.extend([f64::from(r.total.count), f64::from(r.total.stars)]);
    o.extend(r.distribution.map(f64::from));
    for day in &r.per_day {
        o.extend([f64::from(day.count), f64::from(day.stars)]);
    }
    o.push(r.trend_centi.map_or(-1e9, f64::from));
    let q = &d.repeats;
    o.extend([q.contacts, q.customers, q.repeat_customers].map(f64::from));
    o
}

/// A breakdown key as a number: the digits of `service-12` / `group-3` / a line `2`
/// (-1 for the empty key of the totals).
fn key_number(k: &str) -> f64 {
    let digits: String = k.chars().filter(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(-1.0)
}
