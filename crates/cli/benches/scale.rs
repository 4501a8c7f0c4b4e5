//! Timings at one million points: the cluster index over the world and over a city, the heat
//! grid, and streaming spot detection over 90 days of complaints. Measurements only (nothing
//! here checks a result); the native benchmarks of each piece at benchmark sizes are in
//! `crates/core/benches`.
//!
//! Run: `cargo bench -p spotdesk-cli --bench scale` (`-- --test` runs each once, as a smoke
//! check).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use spotdesk_core::cluster::ClusterIndex;
use spotdesk_core::complaint::ComplaintRecord;
use spotdesk_core::heat::{HeatGrid, HeatView};
use spotdesk_core::spots::{SpotDetector, SpotParams};
use std::hint::black_box;

/// Peak resident memory of this process in MB (Linux), if known.
fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// A seeded xorshift source of uniform numbers in `[0, 1)`.
fn rng(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed.max(1);
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `n` points uniform over the world between latitudes -80 and 80 (as supercluster's bench).
fn world(n: usize, r: &mut impl FnMut() -> f64) -> Vec<(f64, f64)> {
    (0..n)
        .map(|_| (-80.0 + 160.0 * r(), -180.0 + 360.0 * r()))
        .collect()
}

/// `n` points uniform over a city about 10 km across.
fn city(n: usize, r: &mut impl FnMut() -> f64) -> Vec<(f64, f64)> {
    (0..n)
        .map(|_| (56.25 + 0.1 * r(), 43.9 + 0.2 * r()))
        .collect()
}

/// Building the index of a million points, inserting one more, and the clusters of a view.
fn cluster(c: &mut Criterion) {
    let mut r = rng(42);
    let world = world(1_000_000, &mut r);
    let before = peak_rss_mb();
    let index = ClusterIndex::build(&world);
    println!(
        "cluster index of 1M world points: peak RSS {:?} MB (before the build {:?} MB)",
        peak_rss_mb(),
        before
    );
    let mut g = c.benchmark_group("cluster at 1M");
    g.sample_size(10);
    g.bench_function("build, world", |b| {
        b.iter(|| ClusterIndex::build(black_box(&world)))
    });
    g.bench_function("insert one, world", |b| {
        // A fresh copy of the index every tenth of a sample, so it stays near 1M points.
        b.iter_batched_ref(
            || index.clone(),
            |ix| ix.insert(-80.0 + 160.0 * r(), -180.0 + 360.0 * r()),
            BatchSize::NumBatches(10),
        )
    });
    g.bench_function("clusters of the world at z2", |b| {
        b.iter(|| {
            index
                .clusters(black_box([-180.0, -85.0, 180.0, 85.0]), 2.0)
                .len()
        })
    });
    let city = city(1_000_000, &mut r);
    g.bench_function("build, city", |b| {
        b.iter(|| ClusterIndex::build(black_box(&city)))
    });
    let index = ClusterIndex::build(&city);
    g.bench_function("clusters of a city view at z14", |b| {
        b.iter(|| {
            index
                .clusters(black_box([43.95, 56.28, 44.05, 56.32]), 14.0)
                .len()
        })
    });
    g.finish();
}

/// The heat grid of 100k city points in a 1280 x 800 viewport at zoom 13, and adding one.
fn heat(c: &mut Criterion) {
    let mut r = rng(7);
    let points: Vec<(f64, f64, f32)> = city(100_000, &mut r)
        .into_iter()
        .map(|(lat, long)| (lat, long, 1.0))
        .collect();
    let view = HeatView::new([43.89, 56.23, 44.11, 56.37], 13.0);
    let mut g = c.benchmark_group("heat at 100k");
    g.bench_function("grid", |b| {
        b.iter(|| HeatGrid::compute(&view, black_box(&points).iter().copied()).max)
    });
    let mut grid = HeatGrid::compute(&view, points.iter().copied());
    g.bench_function("add one", |b| b.iter(|| grid.add(56.3, 44.0, 1.0)));
    g.finish();
}

/// The end of the 90 days of complaints, Unix seconds: the time detection runs at.
const NOW: i64 = 1_780_000_000;
/// The span of the complaints, seconds.
const DAYS_90: i64 = 90 * 86_400;

/// One million network complaints spread evenly over the 90 days before [`NOW`], from 200k
/// customers, in a city: (latitude, longitude, time, customer number).
fn complaints(r: &mut impl FnMut() -> f64) -> Vec<(f64, f64, i64, usize)> {
    let n = 1_000_000i64;
    (0..n)
        .map(|k| {
            let (lat, long) = (56.25 + 0.1 * r(), 43.9 + 0.2 * r());
            let customer = (r() * 200_000.0) as usize % 200_000;
            (lat, long, NOW - DAYS_90 + k * DAYS_90 / n, customer)
        })
        .collect()
}

/// A network complaint about mobile data.
fn record(id: i64, lat: f64, long: f64, time: i64, customer: &str) -> ComplaintRecord<'_> {
    ComplaintRecord {
        id,
        lat,
        long,
        time,
        customer,
        service: "mobile-data",
        topic: "no-data",
        segment: None,
        lifetime_value: Some(1000.0),
    }
}

/// Streaming spot detection: pushing a million complaints, the first detection (which fills
/// the baseline), and then one more complaint a minute and a detection each time (the window
/// holds ~33k).
fn spots(c: &mut Criterion) {
    let mut r = rng(7);
    let phones: Vec<String> = (0..200_000).map(|i| format!("+7900{i:07}")).collect();
    let rows = complaints(&mut r);
    let push_all = || {
        let mut d = SpotDetector::new(SpotParams::default());
        for (k, &(lat, long, time, customer)) in rows.iter().enumerate() {
            d.push(&record(k as i64, lat, long, time, &phones[customer]));
        }
        d
    };
    let mut g = c.benchmark_group("spots at 1M");
    g.sample_size(10);
    g.bench_function("push 1M", |b| b.iter(push_all));
    let pushed = push_all();
    g.bench_function("first detect", |b| {
        b.iter_batched_ref(
            || pushed.clone(),
            |d| d.detect(NOW).len(),
            BatchSize::LargeInput,
        )
    });
    let mut detected = pushed;
    detected.detect(NOW);
    g.bench_function("push one and detect, a minute apart", |b| {
        // Every batch starts again from the detector as of `NOW` and steps through one hour,
        // so the window always holds the same 72 hours of the million.
        b.iter_batched_ref(
            || (detected.clone(), 0i64),
            |(d, k)| {
                *k += 1;
                let time = NOW + *k * 60;
                d.push(&record(rows.len() as i64 + *k, 56.3, 44.0, time, "+7999"));
                d.detect(time).len()
            },
            BatchSize::NumIterations(60),
        )
    });
    g.finish();
}

criterion_group!(benches, cluster, heat, spots);
criterion_main!(benches);
