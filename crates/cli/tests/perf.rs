//! Rough timings at one million points (ignored by default; run in an optimised profile):
//!
//! `cargo test -p spotdesk-cli --profile server --test perf -- --ignored --nocapture`

use spotdesk_core::cluster::ClusterIndex;
use std::time::Instant;

/// Peak resident memory of this process in MB (Linux), if known.
fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn rng(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed.max(1);
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn p95(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[(v.len() as f64 * 0.95) as usize]
}

#[test]
#[ignore = "timing; run in an optimised profile"]
fn cluster_one_million_points() {
    let mut r = rng(42);
    // As supercluster's bench: uniform over the world (lat -80..80).
    let world: Vec<(f64, f64)> = (0..1_000_000)
        .map(|_| (-80.0 + 160.0 * r(), -180.0 + 360.0 * r()))
        .collect();
    let before = peak_rss_mb();
    let t = Instant::now();
    let mut idx = ClusterIndex::build(&world);
    println!(
        "cluster build, 1M world points: {:?}; peak RSS {:?} MB (before build {:?} MB)",
        t.elapsed(),
        peak_rss_mb(),
        before
    );
    let mut times = Vec::new();
    for _ in 0..2000 {
        let (lat, long) = (-80.0 + 160.0 * r(), -180.0 + 360.0 * r());
        let t = Instant::now();
        idx.insert(lat, long);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "cluster insert at 1M: p95 {:.3} ms, max {:.3} ms",
        p95(times.clone()),
        times.iter().copied().fold(0.0, f64::max)
    );
    let t = Instant::now();
    let n = idx.clusters([-180.0, -85.0, 180.0, 85.0], 2.0).len();
    println!("clusters(world, z2): {n} in {:?}", t.elapsed());
    // A city: 1M points within ~10 km.
    let city: Vec<(f64, f64)> = (0..1_000_000)
        .map(|_| (56.25 + 0.1 * r(), 43.9 + 0.2 * r()))
        .collect();
    let t = Instant::now();
    let idx = ClusterIndex::build(&city);
    println!("cluster build, 1M city points: {:?}", t.elapsed());
    let t = Instant::now();
    let n = idx.clusters([43.95, 56.28, 44.05, 56.32], 14.0).len();
    println!("clusters(city view, z14): {n} in {:?}", t.elapsed());
}

#[test]
#[ignore = "timing; run in an optimised profile"]
fn heat_and_spots_at_scale() {
    use spotdesk_core::complaint::ComplaintRecord;
    use spotdesk_core::heat::{HeatGrid, HeatView};
    use spotdesk_core::spots::{SpotDetector, SpotParams};
    let mut r = rng(7);
    let pts: Vec<(f64, f64, f32)> = (0..100_000)
        .map(|_| (56.25 + 0.1 * r(), 43.9 + 0.2 * r(), 1.0))
        .collect();
    // A 1280 x 800 viewport at zoom 13 over the city, 4 px cells.
    let view = HeatView::new([43.89, 56.23, 44.11, 56.37], 13.0);
    let t = Instant::now();
    let mut g = HeatGrid::compute(&view, pts.iter().copied());
    println!(
        "heat of 100k points, {}x{} cells: {:?}",
        g.cols,
        g.rows,
        t.elapsed()
    );
    let t = Instant::now();
    g.add(56.3, 44.0, 1.0);
    println!("heat add: {:?}", t.elapsed());

    // One million network complaints over 90 days; then one more, and detect again.
    let now: i64 = 1_780_000_000;
    let phones: Vec<String> = (0..200_000).map(|i| format!("+7900{i:07}")).collect();
    let mut d = SpotDetector::new(SpotParams::default());
    let n = 1_000_000;
    let t = Instant::now();
    for k in 0..n {
        let time = now - 90 * 86_400 + (k as i64 * 90 * 86_400) / n as i64;
        d.push(&ComplaintRecord {
            id: k as i64,
            lat: 56.25 + 0.1 * r(),
            long: 43.9 + 0.2 * r(),
            time,
            customer: &phones[(r() * 200_000.0) as usize % 200_000],
            service: "mobile-data",
            topic: "no-data",
            segment: None,
            lifetime_value: Some(1000.0),
        });
    }
    println!("spots: push 1M: {:?}", t.elapsed());
    let t = Instant::now();
    let first = d.detect(now);
    println!(
        "spots: first detect (fills the baseline): {:?}, {} candidates",
        t.elapsed(),
        first.len()
    );
    let mut times = Vec::new();
    for k in 0..50 {
        let time = now + k * 60;
        let t = Instant::now();
        d.push(&ComplaintRecord {
            id: (n as i64) + k,
            lat: 56.3,
            long: 44.0,
            time,
            customer: "+7999",
            service: "mobile-data",
            topic: "no-data",
            segment: None,
            lifetime_value: None,
        });
        d.detect(time);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "spots: push one + detect at 1M (window holds ~33k): p95 {:.2} ms",
        p95(times)
    );
}
