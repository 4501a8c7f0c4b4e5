//! `spotdesk-detect-eval`: generates a labelled data set, replays every method, prints the
//! markdown table (bench/DETECTION.md).
//!
//! ```text
//! cargo run -p spotdesk-detect-eval --release -- --seed 1 --size full [--shape river|coast]
//!     [--methods current,grid,dbscan,scan] [--truths] [--probe]
//!     [--false-alarms F] [--min-ratio R] [--prior-weeks B] [--prior-hours A]
//! ```
//!
//! `--truths` lists every truth with whether each job found it and the false detections;
//! `--probe` shows the best square near each hotspot at its middle, significant or not;
//! the other flags override the scan's settings for tuning runs.

use spotdesk_detect_eval::city::Shape;
use spotdesk_detect_eval::generate::{generate, Size};
use spotdesk_detect_eval::replay::replay;
use spotdesk_detect_eval::score::matches;
use spotdesk_detect_eval::table::{evaluate, markdown, method, BURST_EVERY, SPOT_EVERY};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let seed: u64 = value("--seed").and_then(|s| s.parse().ok()).unwrap_or(1);
    let size = match value("--size").as_deref() {
        Some("small") => Size::Small,
        _ => Size::Full,
    };
    let shape = match value("--shape").as_deref() {
        Some("coast") => Shape::Coast,
        _ => Shape::River,
    };
    let names = value("--methods").unwrap_or_else(|| "current,grid,dbscan,scan".into());
    let mut scan = spotdesk_core::scan::ScanParams::default();
    if let Some(v) = value("--false-alarms").and_then(|s| s.parse().ok()) {
        scan.false_alarms_per_month = v;
    }
    if let Some(v) = value("--min-ratio").and_then(|s| s.parse().ok()) {
        scan.min_ratio = v;
    }
    if let Some(v) = value("--prior-weeks").and_then(|s| s.parse().ok()) {
        scan.prior_weeks = v;
    }
    if let Some(v) = value("--prior-hours").and_then(|s| s.parse().ok()) {
        scan.prior_hours = v;
    }
    let ds = generate(seed, shape, size);
    println!(
        "data set: seed {seed}, {shape:?} city, {size:?}: {} complaints, {} truths, {} days evaluated after {} days of warm-up\n",
        ds.complaints.len(),
        ds.truths.len(),
        (ds.end - ds.eval_start) / 86_400,
        (ds.eval_start - ds.start) / 86_400
    );
    if args.iter().any(|a| a == "--probe") {
        // The best square near each hotspot truth at its middle, significant or not, with
        // the threshold of the configured false-alarm budget.
        let mut loose = scan.clone();
        loose.false_alarms_per_month = 1e12;
        loose.min_customers = 1;
        let mut d = spotdesk_core::scan::ScanDetector::new(loose);
        let mut truths: Vec<_> = ds
            .truths
            .iter()
            .filter(|t| t.kind == spotdesk_detect_eval::generate::TruthKind::Hotspot)
            .collect();
        truths.sort_by_key(|t| (t.start + t.end) / 2);
        let mut next = 0;
        for t in truths {
            let now = (t.start + t.end) / 2;
            while next < ds.complaints.len() && ds.complaints[next].t <= now {
                d.push(&spotdesk_detect_eval::methods::record(&ds.complaints[next]));
                next += 1;
            }
            let found = d.detect(now, spotdesk_core::scan::Scope::Spots);
            let best = found
                .iter()
                .filter(|x| {
                    x.topic == t.topic
                        && spotdesk_core::geo::haversine_m(
                            x.center_lat,
                            x.center_long,
                            t.lat,
                            t.long,
                        ) <= t.radius_m + 300.0
                })
                .max_by(|a, b| a.surprise.total_cmp(&b.surprise));
            match best {
                Some(x) => println!(
                    "{} {}: O {} E {:.1} S {:.1} (threshold {:.1}) r {:.0} win {} h",
                    t.topic,
                    t.note,
                    x.observed,
                    x.expected,
                    x.surprise,
                    x.threshold + (1e12 / scan.false_alarms_per_month).log10(),
                    x.radius_m,
                    (x.window_end - x.window_start) / 3600
                ),
                None => println!("{} {}: nothing near", t.topic, t.note),
            }
        }
        return;
    }
    if args.iter().any(|a| a == "--truths") {
        for name in names.split(',') {
            let Some(mut m) = method(name, &scan) else {
                continue;
            };
            let r = replay(&ds, m.as_mut(), SPOT_EVERY, BURST_EVERY);
            println!("{}:", m.name());
            for t in &ds.truths {
                let s = r.spots.iter().any(|d| matches(d, t));
                let b = r.bursts.iter().any(|d| matches(d, t));
                println!(
                    "  {:?} {} {} spot:{} burst:{}",
                    t.kind, t.topic, t.note, s, b
                );
                if !s {
                    let near = r
                        .spots
                        .iter()
                        .chain(r.bursts.iter())
                        .filter(|d| d.topic == t.topic && d.end >= t.start && d.start <= t.end)
                        .map(|d| {
                            (
                                spotdesk_core::geo::haversine_m(d.lat, d.long, t.lat, t.long),
                                d,
                            )
                        })
                        .min_by(|a, b| a.0.total_cmp(&b.0));
                    if let Some((m, d)) = near {
                        println!(
                            "      nearest {:.0} m (allowed {:.0}): {:?} r{:.0} win {} h cw {}",
                            m,
                            t.radius_m + 300.0,
                            d.class,
                            d.radius_m,
                            (d.end - d.start) / 3600,
                            d.city_wide
                        );
                    }
                }
            }
            let correct =
                |d: &spotdesk_detect_eval::score::Det| ds.truths.iter().any(|t| matches(d, t));
            for d in r
                .spots
                .iter()
                .chain(r.bursts.iter())
                .filter(|d| !correct(d))
            {
                println!(
                    "  false: {:?} {} {:.4},{:.4} r{:.0} run {} win {}h cw {}",
                    d.class,
                    d.topic,
                    d.lat,
                    d.long,
                    d.radius_m,
                    (d.run - ds.eval_start) / 3600,
                    (d.end - d.start) / 3600,
                    d.city_wide
                );
            }
        }
        return;
    }
    let mut rows = Vec::new();
    for name in names.split(',') {
        match method(name, &scan) {
            Some(mut m) => rows.push(evaluate(&ds, m.as_mut())),
            None => eprintln!("unknown method {name:?} (known: current, grid, dbscan, scan)"),
        }
    }
    print!("{}", markdown(&rows));
}
