//! Thin wasm-bindgen wrappers around `spotdesk-core` for the browser benchmark in `bench/`.
//!
//! Every function takes plain typed arrays so that the JavaScript side pays for no
//! serialisation beyond one copy into wasm memory, exactly as the app does.

use spotdesk_api::facts::{TicketFact, TicketFacts};
use spotdesk_api::ticket::{Channel, TicketKind, TicketStatus};
use spotdesk_core::cluster::ClusterIndex;
use spotdesk_core::complaint::{ComplaintRecord, ComplaintSet};
use spotdesk_core::dashboard::{self, IncidentFact, Input, Params, SpotFact};
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
    Index(ClusterIndex::build(&pairs(lat, long)))
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
    let pts: Vec<(f64, f64)> = f
        .lat
        .iter()
        .zip(&f.long)
        .map(|(&a, &b)| (f64::from(a), f64::from(b)))
        .collect();
    let idx = ClusterIndex::build(&pts);
    idx.clusters([west, south, east, north], zoom).len() as u32
}

/// A heat layer over fixed points; `redraw` recomputes it for a view and colours it.
#[wasm_bindgen]
pub struct Heat {
    pts: Vec<(f64, f64)>,
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
            pts: pairs(lat, long),
            rgba: Vec::new(),
            cols: 0,
            rows: 0,
        }
    }

    /// Recomputes the grid for a view and colours it into an RGBA buffer of
    /// `cols x rows` cells (read it with `rgba`); returns the grid's maximum.
    pub fn redraw(&mut self, west: f64, south: f64, east: f64, north: f64, zoom: f64) -> f32 {
        let view = HeatView::new([west, south, east, north], zoom);
        let g = HeatGrid::compute(&view, self.pts.iter().map(|&(a, b)| (a, b, 1.0)));
        self.cols = g.cols;
        self.rows = g.rows;
        self.rgba.clear();
        self.rgba.reserve(g.values.len() * 4);
        let inv = if g.max > 0.0 { 1.0 / g.max } else { 0.0 };
        for &v in &g.values {
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
            self.rgba.extend([r, gg, b, a]);
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

    /// The fast dashboard (what the app runs); returns a checksum-ish size of its output.
    pub fn run(&self) -> usize {
        let d = dashboard::compute(&self.input(), &self.params);
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
        dashboard::compute(&i, &self.params) == dashboard::reference::compute(&i, &self.params)
    }
}
