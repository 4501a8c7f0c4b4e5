//! Native criterion benchmarks backing the browser benchmark (bench/, issue 8): cluster
//! index build, viewport query, one-point insert, heat grid, spot detection, and the
//! dashboard (the per-view computation on prepared facts beside the row-by-row reference, and
//! the one-time preparation).
//! Run: `cargo bench -p spotdesk-core`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use spotdesk_core::cluster::ClusterIndex;
use spotdesk_core::complaint::{ComplaintRecord, ComplaintSet};
use spotdesk_core::dashboard::{self, Input, Prepared};
use spotdesk_core::heat::{HeatGrid, HeatView};
use spotdesk_core::spots::{SpotDetector, SpotParams};
use std::hint::black_box;

/// Seeded "city" points: gaussian neighbourhoods plus a uniform share (as bench/lib.mjs).
fn city(n: usize, seed: u64) -> Vec<(f64, f64)> {
    let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut r = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let (s0, n0, w0, e0) = (55.55, 55.95, 37.2, 38.05);
    let hubs: Vec<(f64, f64, f64)> = (0..60)
        .map(|_| {
            (
                s0 + r() * (n0 - s0),
                w0 + r() * (e0 - w0),
                0.002 + r() * 0.02,
            )
        })
        .collect();
    (0..n)
        .map(|_| {
            if r() < 0.3 {
                (s0 + r() * (n0 - s0), w0 + r() * (e0 - w0))
            } else {
                let (la, lo, sd) = hubs[(r() * hubs.len() as f64) as usize % hubs.len()];
                let g = (-2.0 * (1.0 - r()).ln()).sqrt() * (2.0 * std::f64::consts::PI * r()).cos();
                let h = (-2.0 * (1.0 - r()).ln()).sqrt() * (2.0 * std::f64::consts::PI * r()).cos();
                (la + g * sd, lo + h * sd * 1.8)
            }
        })
        .collect()
}

const VIEW: [f64; 4] = [37.2, 55.55, 38.05, 55.95];

fn set_of(pts: &[(f64, f64)]) -> ComplaintSet {
    let phones = [
        "+70000000001",
        "+70000000002",
        "+70000000003",
        "+70000000004",
    ];
    let mut set = ComplaintSet::with_capacity(pts.len());
    for (i, &(lat, long)) in pts.iter().enumerate() {
        set.push(&ComplaintRecord {
            id: i as i64,
            lat,
            long,
            time: 1_700_000_000 + i as i64 * 3,
            customer: phones[i % phones.len()],
            service: "mobile-data",
            topic: "weak-signal",
            segment: None,
            lifetime_value: None,
        });
    }
    set
}

fn cluster(c: &mut Criterion) {
    let pts = city(200_000, 42);
    let mut g = c.benchmark_group("cluster");
    g.sample_size(10);
    g.bench_function("build 200k z0-16", |b| {
        b.iter(|| ClusterIndex::build(black_box(&pts)))
    });
    let ix = ClusterIndex::build(&pts);
    g.bench_function("viewport query z10", |b| {
        b.iter(|| ix.clusters(black_box(VIEW), 10.0).len())
    });
    g.bench_function("insert one", |b| {
        b.iter_batched_ref(
            || ix.clone(),
            |ix| ix.insert(55.75, 37.62),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn heat(c: &mut Criterion) {
    let pts = city(100_000, 7);
    let view = HeatView::new(VIEW, 10.0);
    let mut g = c.benchmark_group("heat");
    g.sample_size(20);
    g.bench_function("grid 100k z10", |b| {
        b.iter(|| HeatGrid::compute(&view, pts.iter().map(|&(a, o)| (a, o, 1.0))).max)
    });
    g.finish();
}

fn spots(c: &mut Criterion) {
    let pts = city(200_000, 9);
    let set = set_of(&pts);
    let now = 1_700_000_000 + pts.len() as i64 * 3;
    let mut d = SpotDetector::from_set(&set, SpotParams::default());
    d.detect(now);
    let mut g = c.benchmark_group("spots");
    g.sample_size(10);
    g.bench_function("detect 200k (72 h window)", |b| {
        b.iter(|| d.detect(black_box(now)).len())
    });
    g.finish();
}

/// The dashboard over the synthetic quarter the browser benchmark uses (row 6), at 200k tickets
/// so a run stays short: the app's computation per view, the plain reference it must equal,
/// and the preparation done once per load.
fn dashboard(c: &mut Criterion) {
    let data = dashboard::synthetic::synthetic(200_000);
    let input = Input {
        tickets: &data.tickets,
        incidents: &data.incidents,
        spots: &data.spots,
        ratings: None,
    };
    let prepared = Prepared::new(&data.tickets);
    let fast = input.with_tickets(&prepared);
    assert_eq!(
        dashboard::compute(&fast, &data.params),
        dashboard::reference::compute(&input, &data.params),
        "the benchmarked versions disagree"
    );
    let mut g = c.benchmark_group("dashboard");
    g.sample_size(10);
    g.bench_function("per view 200k (prepared)", |b| {
        b.iter(|| dashboard::compute(black_box(&fast), &data.params))
    });
    g.bench_function("per view 200k (row-by-row reference)", |b| {
        b.iter(|| dashboard::reference::compute(black_box(&input), &data.params))
    });
    g.bench_function("prepare 200k (once per load)", |b| {
        b.iter(|| Prepared::new(black_box(&data.tickets)).len())
    });
    g.finish();
}

criterion_group!(benches, cluster, heat, spots, dashboard);
criterion_main!(benches);
