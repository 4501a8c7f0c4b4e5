//! Prints figures of the demo data: `cargo run --release -p spotdesk-demo --example demo_stats`.

use chrono::{TimeZone, Utc};
use spotdesk_core::geo::haversine_m;
use spotdesk_demo::{gazetteer, generate, DemoConfig};
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let g = gazetteer();
    println!(
        "gazetteer: {} streets, {} addresses, parsed in {:?}",
        g.street_names().count(),
        g.address_count(),
        t.elapsed()
    );
    let queries = [
        "ленина 12",
        "ул. Садовая, 5",
        "lenina 12",
        "лен",
        "пр-т мира 100",
        "12 Gagarina",
        "молодежная",
    ];
    let t = Instant::now();
    let rounds = 2000;
    for _ in 0..rounds {
        for q in queries {
            std::hint::black_box(g.search(q, 10));
        }
    }
    println!(
        "search: {:?} per query",
        t.elapsed() / (rounds * queries.len() as u32)
    );
    let now = Utc
        .with_ymd_and_hms(2026, 5, 20, 9, 30, 0)
        .single()
        .unwrap_or_default();
    let cfg = DemoConfig {
        seed: 42,
        days: 90,
        tickets_per_day: 200,
        now,
    };
    let t = Instant::now();
    let data = generate(&cfg);
    println!(
        "generate(90 days, 200/day): {:?}; {} tickets, {} coverage cells, {} hotspots, {} bursts, {} users",
        t.elapsed(),
        data.tickets.len(),
        data.coverage.len(),
        data.hotspots.len(),
        data.bursts.len(),
        data.users.len()
    );
    // How much each label stands out: matching tickets in its circle and window, versus the
    // same circle over the whole period (background included).
    let near = |lat: f64, long: f64, r: f64, t: &spotdesk_demo::DemoTicket| {
        haversine_m(
            lat,
            long,
            t.ticket.lat.unwrap_or(0.0),
            t.ticket.long.unwrap_or(0.0),
        ) <= r
    };
    for h in &data.hotspots {
        let all = data
            .tickets
            .iter()
            .filter(|t| {
                t.ticket.topic == h.topic && near(h.center_lat, h.center_long, h.radius_m, t)
            })
            .count();
        println!(
            "  hotspot {:>12} r={:>4} {} .. {} tickets={} (same topic in the circle over 90 days: {all})",
            h.topic,
            h.radius_m,
            h.start.format("%m-%d %H:%M"),
            h.end.format("%m-%d %H:%M"),
            h.tickets
        );
    }
    for b in &data.bursts {
        let all = data
            .tickets
            .iter()
            .filter(|t| {
                t.ticket.service_code == b.service_code
                    && t.ticket.topic == b.topic
                    && near(b.center_lat, b.center_long, b.radius_m, t)
            })
            .count();
        println!(
            "  burst {:>14}/{:<15} r={:>4} {} .. {} tickets={} (same service+topic in the circle over 90 days: {all})",
            b.service_code,
            b.topic,
            b.radius_m,
            b.start.format("%m-%d %H:%M"),
            b.end.format("%m-%d %H:%M"),
            b.tickets
        );
    }
    let open_overdue = data
        .tickets
        .iter()
        .filter(|t| {
            t.status.is_open()
                && spotdesk_core::sla::compute(
                    &data.catalogue,
                    &t.ticket.service_code,
                    t.ticket.kind.unwrap_or(spotdesk_api::TicketKind::Incident),
                    t.line,
                    t.created_at,
                )
                .is_some_and(|e| e.deadline < now)
        })
        .count();
    println!("  open and overdue: {open_overdue}");
    let mut by_status = std::collections::BTreeMap::new();
    for t in &data.tickets {
        *by_status.entry(t.status.as_str()).or_insert(0) += 1;
    }
    println!("  statuses: {by_status:?}");
    if let Some(t) = data.tickets.last() {
        println!(
            "  last ticket: {}",
            serde_json::to_string(&t.ticket).unwrap_or_default()
        );
    }
}
