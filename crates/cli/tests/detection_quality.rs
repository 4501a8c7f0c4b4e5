//! Detection quality on the seeded demo generator: recall of the labelled hotspots and
//! bursts, and false alarms, over 90 days x 200 tickets/day for several seeds.
//!
//! Run with `cargo test -p spotdesk-cli --test detection_quality -- --nocapture` to see
//! the figures.
//!
//! **Protocol.** Complaints are fed in time order to the streaming detectors, as a server
//! or SPA would. Spots are detected every 12 hours (72 h window), bursts every 30 minutes
//! (2 h window), from one day after the start of the data to its end.
//! - A labelled hotspot is *found* when a spot candidate lies within 400 m of its centre
//!   (candidate centre, or the label centre inside the outline) and the candidate's window
//!   overlaps the hotspot's time span.
//! - A labelled burst is *found* when a proposal of the same service and topic lies within
//!   the burst's radius + 400 m of its centre and its complaints fall in the burst's span
//!   (plus one hour).
//! - A *false alarm* is a detection matching no label, counted once per episode: unmatched
//!   detections within 400 m of each other at consecutive evaluations are one alarm.
//!   A spot caused by a labelled burst of a network-quality service (a mass incident is a
//!   concentration of network complaints too) is not a false alarm.
//!
//! **Bounds.** Recall ≥ 0.8 for both. False alarms: spots at most 4 per 90 days on average
//! and 6 for any seed — about one a fortnight against 6-12 real hotspots in the same
//! period, i.e. most spots an engineer is sent to are real; with ~1000 cells tested
//! twice a day in six blocks each at p ≤ 1e-5, a handful of chance excesses per quarter
//! is what the threshold buys. Bursts at most 1 per seed (their labels are strong; see
//! the closing note of the task).
//!
//! `SPOTDESK_DEBUG=1` lists the false alarms and the missed labels.

use chrono::{DateTime, Duration, TimeZone, Utc};
use spotdesk_cli::demo::{complaints, generate_demo, network_quality_services};
use spotdesk_core::bursts::{BurstDetector, BurstParams};
use spotdesk_core::geo::{haversine_m, point_in_polygon};
use spotdesk_core::spots::{SpotDetector, SpotParams};
use spotdesk_demo::{DemoData, LabelledBurst, LabelledHotspot};

/// Seeds 1, 7, 42, 2026 were used to choose the spot threshold (4 → 5); 3, 11, 99, 123
/// were held out.
const SEEDS: [u64; 8] = [1, 7, 42, 2026, 3, 11, 99, 123];
const MATCH_M: f64 = 400.0;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 20, 9, 30, 0)
        .single()
        .expect("valid instant")
}

/// One detection, reduced to what matching needs.
#[derive(Debug, Clone)]
struct Det {
    at: DateTime<Utc>,
    lat: f64,
    long: f64,
    hits_hotspot: Option<usize>,
    hits_burst: Option<usize>,
}

fn overlaps(a0: DateTime<Utc>, a1: DateTime<Utc>, b0: DateTime<Utc>, b1: DateTime<Utc>) -> bool {
    a0 <= b1 && b0 <= a1
}

/// Unmatched detections merged into episodes (close in space, consecutive in time).
fn false_alarm_episodes(dets: &[Det], step: Duration) -> usize {
    let mut episodes: Vec<(f64, f64, DateTime<Utc>)> = Vec::new();
    let mut count = 0;
    for d in dets
        .iter()
        .filter(|d| d.hits_hotspot.is_none() && d.hits_burst.is_none())
    {
        if let Some(e) = episodes
            .iter_mut()
            .find(|e| haversine_m(e.0, e.1, d.lat, d.long) <= MATCH_M && d.at - e.2 <= step)
        {
            e.2 = d.at;
            continue;
        }
        count += 1;
        episodes.push((d.lat, d.long, d.at));
    }
    count
}

fn hotspot_of(
    h: &[LabelledHotspot],
    lat: f64,
    long: f64,
    outline: &spotdesk_api::Polygon,
    s: DateTime<Utc>,
    e: DateTime<Utc>,
) -> Option<usize> {
    h.iter().position(|h| {
        (haversine_m(h.center_lat, h.center_long, lat, long) <= MATCH_M
            || point_in_polygon(h.center_lat, h.center_long, outline))
            && overlaps(s, e, h.start, h.end)
    })
}

fn burst_of(
    b: &[LabelledBurst],
    lat: f64,
    long: f64,
    s: DateTime<Utc>,
    e: DateTime<Utc>,
    kind: Option<(&str, &str)>,
) -> Option<usize> {
    b.iter().position(|b| {
        kind.is_none_or(|(sv, tp)| sv == b.service_code && tp == b.topic)
            && haversine_m(b.center_lat, b.center_long, lat, long) <= b.radius_m + MATCH_M
            && overlaps(s, e, b.start, b.end + Duration::hours(1))
    })
}

struct Figures {
    hot_found: usize,
    hot_total: usize,
    hot_false: usize,
    burst_found: usize,
    burst_total: usize,
    burst_false: usize,
}

fn evaluate(data: &DemoData) -> Figures {
    let nq = network_quality_services();
    let all = complaints(data);
    let nq_bursts: Vec<LabelledBurst> = data
        .bursts
        .iter()
        .filter(|b| nq.contains(&b.service_code))
        .cloned()
        .collect();
    let start = all.first().map_or(now(), |c| c.created_at);
    let end = now();

    // Spots, every 12 hours.
    let mut spots = SpotDetector::new(SpotParams::default());
    let mut next = 0;
    let mut spot_dets = Vec::new();
    let step = Duration::hours(12);
    let mut t = start + Duration::days(1);
    while t <= end {
        while next < all.len() && all[next].created_at <= t {
            if nq.contains(&all[next].service_code) {
                spots.push(&all[next].record());
            }
            next += 1;
        }
        for c in spots.detect(t.timestamp()) {
            spot_dets.push(Det {
                at: t,
                lat: c.center_lat,
                long: c.center_long,
                hits_hotspot: hotspot_of(
                    &data.hotspots,
                    c.center_lat,
                    c.center_long,
                    &c.outline,
                    c.window_start,
                    c.window_end,
                ),
                hits_burst: burst_of(
                    &nq_bursts,
                    c.center_lat,
                    c.center_long,
                    c.window_start,
                    c.window_end,
                    None,
                ),
            });
        }
        t += step;
    }
    let hot_found = (0..data.hotspots.len())
        .filter(|&i| spot_dets.iter().any(|d| d.hits_hotspot == Some(i)))
        .count();
    let hot_false = false_alarm_episodes(&spot_dets, step);
    if std::env::var("SPOTDESK_DEBUG").is_ok() {
        for (i, h) in data.hotspots.iter().enumerate() {
            if !spot_dets.iter().any(|d| d.hits_hotspot == Some(i)) {
                eprintln!("MISSED hotspot {} tickets over {} h, radius {} m, {} .. {}, {:.1} km from centre", h.tickets, (h.end - h.start).num_hours(), h.radius_m, h.start, h.end, haversine_m(h.center_lat, h.center_long, 56.30, 44.0) / 1000.0);
            }
        }
    }
    if std::env::var("SPOTDESK_DEBUG").is_ok() {
        for d in spot_dets
            .iter()
            .filter(|d| d.hits_hotspot.is_none() && d.hits_burst.is_none())
        {
            let near = data
                .hotspots
                .iter()
                .map(|h| {
                    (
                        haversine_m(h.center_lat, h.center_long, d.lat, d.long) as i64,
                        h.start.format("%m-%d").to_string(),
                        h.end.format("%m-%d").to_string(),
                    )
                })
                .min();
            let nb = data
                .bursts
                .iter()
                .map(|b| {
                    (
                        haversine_m(b.center_lat, b.center_long, d.lat, d.long) as i64,
                        b.service_code.clone(),
                        b.start.format("%m-%d").to_string(),
                    )
                })
                .min();
            eprintln!(
                "FA spot at {} ({:.4},{:.4}) day {} nearest hotspot {:?} burst {:?}",
                d.at.format("%m-%d %H"),
                d.lat,
                d.long,
                (d.at - start).num_days(),
                near,
                nb
            );
        }
    }

    // Bursts, every 30 minutes.
    let mut bursts = BurstDetector::new(BurstParams::default());
    let mut next = 0;
    let mut burst_dets = Vec::new();
    let step = Duration::minutes(30);
    let mut t = start + Duration::days(1);
    while t <= end {
        while next < all.len() && all[next].created_at <= t {
            bursts.push(&all[next].record());
            next += 1;
        }
        for b in bursts.proposals(t.timestamp()) {
            let kind = Some((b.service_code.as_str(), b.topic.as_str()));
            burst_dets.push(Det {
                at: t,
                lat: b.center_lat,
                long: b.center_long,
                hits_hotspot: None,
                hits_burst: burst_of(
                    &data.bursts,
                    b.center_lat,
                    b.center_long,
                    b.window_start,
                    b.window_end,
                    kind,
                ),
            });
        }
        t += step;
    }
    let burst_found = (0..data.bursts.len())
        .filter(|&i| burst_dets.iter().any(|d| d.hits_burst == Some(i)))
        .count();
    let burst_false = false_alarm_episodes(&burst_dets, step);
    Figures {
        hot_found,
        hot_total: data.hotspots.len(),
        hot_false,
        burst_found,
        burst_total: data.bursts.len(),
        burst_false,
    }
}

#[test]
fn recall_and_false_alarms_on_demo_data() {
    let (mut hf, mut ht, mut hfa, mut bf, mut bt, mut bfa) = (0, 0, 0, 0, 0, 0);
    let (mut worst_spot_fa, mut worst_burst_fa) = (0, 0);
    println!("seed | hotspots found/labelled | spot false alarms | bursts found/labelled | burst false alarms   (90 days x 200 tickets/day)");
    for seed in SEEDS {
        let data = generate_demo(seed, 90, 200, now());
        let f = evaluate(&data);
        println!(
            "{seed:>4} | {:>2}/{:<2} | {:>2} | {:>2}/{:<2} | {:>2}",
            f.hot_found, f.hot_total, f.hot_false, f.burst_found, f.burst_total, f.burst_false
        );
        worst_spot_fa = worst_spot_fa.max(f.hot_false);
        worst_burst_fa = worst_burst_fa.max(f.burst_false);
        hf += f.hot_found;
        ht += f.hot_total;
        hfa += f.hot_false;
        bf += f.burst_found;
        bt += f.burst_total;
        bfa += f.burst_false;
    }
    let hot_recall = hf as f64 / ht.max(1) as f64;
    let burst_recall = bf as f64 / bt.max(1) as f64;
    println!(
        "total: hotspot recall {hot_recall:.3} ({hf}/{ht}), spot false alarms {hfa} ({:.2} per 90 days); \
         burst recall {burst_recall:.3} ({bf}/{bt}), burst false alarms {bfa} ({:.2} per 90 days)",
        hfa as f64 / SEEDS.len() as f64,
        bfa as f64 / SEEDS.len() as f64
    );
    assert!(hot_recall >= 0.8, "hotspot recall {hot_recall}");
    assert!(burst_recall >= 0.8, "burst recall {burst_recall}");
    assert!(
        hfa as f64 / SEEDS.len() as f64 <= 4.0,
        "spot false alarms {hfa}"
    );
    assert!(
        worst_spot_fa <= 6,
        "spot false alarms of one seed: {worst_spot_fa}"
    );
    assert!(
        worst_burst_fa <= 1,
        "burst false alarms of one seed: {worst_burst_fa}"
    );
}
