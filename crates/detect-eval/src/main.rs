//! `spotdesk-detect-eval`: generates a labelled data set, replays every method, prints the
//! markdown table (bench/DETECTION.md).
//!
//! ```text
//! cargo run -p spotdesk-detect-eval --release -- --seed 1 --size full [--shape river|coast]
//!     [--methods current,grid,dbscan,scan] [--truths]
//! ```

use spotdesk_detect_eval::city::Shape;
use spotdesk_detect_eval::generate::{generate, Size};
use spotdesk_detect_eval::score::matches;
use spotdesk_detect_eval::table::{evaluate, markdown, method, BURST_EVERY, SPOT_EVERY};
use spotdesk_detect_eval::replay::replay;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
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
    let ds = generate(seed, shape, size);
    println!(
        "data set: seed {seed}, {shape:?} city, {size:?}: {} complaints, {} truths, {} days evaluated after {} days of warm-up\n",
        ds.complaints.len(),
        ds.truths.len(),
        (ds.end - ds.eval_start) / 86_400,
        (ds.eval_start - ds.start) / 86_400
    );
    if args.iter().any(|a| a == "--truths") {
        for name in names.split(',') {
            let Some(mut m) = method(name) else { continue };
            let r = replay(&ds, m.as_mut(), SPOT_EVERY, BURST_EVERY);
            println!("{}:", m.name());
            for t in &ds.truths {
                let s = r.spots.iter().any(|d| matches(d, t));
                let b = r.bursts.iter().any(|d| matches(d, t));
                println!("  {:?} {} {} spot:{} burst:{}", t.kind, t.topic, t.note, s, b);
            }
            let correct = |d: &spotdesk_detect_eval::score::Det| ds.truths.iter().any(|t| matches(d, t));
            for d in r.spots.iter().chain(r.bursts.iter()).filter(|d| !correct(d)).take(40) {
                println!("  false: {:?} {} {:.4},{:.4} r{:.0} run {} win {}h cw {}", d.class, d.topic, d.lat, d.long, d.radius_m, (d.run - ds.eval_start) / 3600, (d.end - d.start) / 3600, d.city_wide);
            }
        }
        return;
    }
    let mut rows = Vec::new();
    for name in names.split(',') {
        match method(name) {
            Some(mut m) => rows.push(evaluate(&ds, m.as_mut())),
            None => eprintln!("unknown method {name:?} (known: current, grid, dbscan, scan)"),
        }
    }
    print!("{}", markdown(&rows));
}
