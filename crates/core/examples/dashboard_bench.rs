//! Times the dashboard over a million synthetic tickets, fast against the plain reference:
//! `cargo run --release -p spotdesk-core --example dashboard_bench [tickets]`.

use spotdesk_core::dashboard::{self, Input, Prepared};
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let spotdesk_core::dashboard::synthetic::Synthetic {
        tickets: f,
        incidents,
        spots,
        params,
    } = spotdesk_core::dashboard::synthetic::synthetic(n);
    let input = Input {
        tickets: &f,
        incidents: &incidents,
        spots: &spots,
        ratings: None,
    };
    let time = |run: &dyn Fn() -> dashboard::Dashboard, reps: usize| {
        let mut best = f64::INFINITY;
        let mut out = None;
        for _ in 0..reps {
            let t = Instant::now();
            let d = run();
            best = best.min(t.elapsed().as_secs_f64() * 1000.0);
            out = Some(d);
        }
        (best, out)
    };
    let t = Instant::now();
    let prepared = Prepared::new(&f);
    let prepare_ms = t.elapsed().as_secs_f64() * 1000.0;
    let prepared_input = input.with_tickets(&prepared);
    let (fast_ms, fast) = time(&|| dashboard::compute(&prepared_input, &params), 5);
    if std::env::args().nth(2).as_deref() == Some("fast") {
        println!("prepare (once): {prepare_ms:.1} ms, fast: {fast_ms:.1} ms (best of 5)");
        return;
    }
    let (naive_ms, naive) = time(&|| dashboard::reference::compute(&input, &params), 1);
    println!(
        "tickets: {n}, incidents: {}, spots: {}",
        incidents.len(),
        spots.len()
    );
    println!("prepare:   {prepare_ms:8.1} ms (once, when the facts arrive)");
    println!("fast:      {fast_ms:8.1} ms (best of 5)");
    println!("reference: {naive_ms:8.1} ms");
    println!("ratio:     {:8.1}x", naive_ms / fast_ms);
    println!("results identical: {}", fast == naive);
}
