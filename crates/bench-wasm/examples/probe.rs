//! Native quick ratios for the browser benchmark's rows (same wasm-bindgen exports, run
//! natively): `cargo run --release -p spotdesk-bench-wasm --example probe [points]`.
//! Prints the cluster build time, the one-complaint update p50/p95, the heat redraw time and
//! the dashboard time. The data generator is a port of bench/lib.mjs's "city".

use spotdesk_bench_wasm::{cluster_build, Dash, Heat, Live};
use std::time::Instant;

struct Mulberry(u32);
impl Mulberry {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x6d2b_79f5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    }
}

const VIEW: [f64; 4] = [37.2, 55.55, 38.05, 55.95];

fn city(n: usize, seed: u32) -> (Vec<f64>, Vec<f64>) {
    let mut r = Mulberry(seed);
    let [w, s, e, nn] = VIEW;
    let bx = |r: &mut Mulberry| (s + r.next() * (nn - s), w + r.next() * (e - w));
    let hubs: Vec<(f64, f64, f64)> = (0..60)
        .map(|_| {
            let (a, b) = bx(&mut r);
            (a, b, 0.002 + r.next() * 0.02)
        })
        .collect();
    let (mut lat, mut long) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        if r.next() < 0.3 {
            let (a, b) = bx(&mut r);
            lat.push(a);
            long.push(b);
        } else {
            let (la, lo, sd) = hubs[(r.next() * 60.0) as usize % 60];
            let g = (-2.0 * (1.0 - r.next()).ln()).sqrt()
                * (2.0 * std::f64::consts::PI * r.next()).cos();
            let h = (-2.0 * (1.0 - r.next()).ln()).sqrt()
                * (2.0 * std::f64::consts::PI * r.next()).cos();
            lat.push(la + g * sd);
            long.push(lo + h * sd * 1.8);
        }
    }
    (lat, long)
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn q(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1]
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    if std::env::args().nth(2).as_deref() == Some("dash") {
        let d = Dash::new(n);
        for _ in 0..5 {
            let t = Instant::now();
            std::hint::black_box(d.run());
            println!("dashboard {n}: {:.1} ms", ms(t));
        }
        return;
    }
    let (lat, long) = city(n, 42);
    let mut builds = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let ix = cluster_build(&lat, &long);
        builds.push(ms(t));
        std::hint::black_box(ix.count_at(0.0));
    }
    println!("cluster build {n}: median {:.1} ms", q(&mut builds, 0.5));
    if std::env::args().nth(2).as_deref() == Some("build") {
        return;
    }
    let ix = cluster_build(&lat, &long);
    let counts: Vec<u32> = (0..=17).map(|z| ix.count_at(f64::from(z))).collect();
    println!(
        "entries per zoom 0..17: {counts:?} (sum {})",
        counts.iter().map(|&c| u64::from(c)).sum::<u64>()
    );

    let t = Instant::now();
    let mut live = Live::new(
        &lat,
        &long,
        1_700_000_000.0,
        3.0,
        VIEW[0],
        VIEW[1],
        VIEW[2],
        VIEW[3],
        10.0,
    );
    println!("live state build: {:.0} ms", ms(t));
    let (el, eo) = city(200, 7);
    let mut adds = Vec::new();
    for i in 0..200 {
        let t = Instant::now();
        std::hint::black_box(live.add(el[i], eo[i]));
        adds.push(ms(t));
    }
    println!(
        "one complaint update: p50 {:.3} ms, p95 {:.3} ms, max {:.3} ms",
        q(&mut adds, 0.5),
        q(&mut adds, 0.95),
        q(&mut adds, 1.0)
    );

    let (hl, ho) = city(100_000, 42);
    let mut heat = Heat::new(&hl, &ho);
    let mut hs = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        std::hint::black_box(heat.redraw(VIEW[0], VIEW[1], VIEW[2], VIEW[3], 10.0));
        hs.push(ms(t));
    }
    println!(
        "heat redraw 100k: p50 {:.2} ms, p95 {:.2} ms ({} x {})",
        q(&mut hs, 0.5),
        q(&mut hs, 0.95),
        heat.cols(),
        heat.rows()
    );

    let d = Dash::new(n);
    let mut ds = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        std::hint::black_box(d.run());
        ds.push(ms(t));
    }
    println!("dashboard {n}: median {:.1} ms", q(&mut ds, 0.5));
}
