//! Planning of the injected events: network-quality hotspots (complaints concentrated in one
//! place over days) and bursts (a mass incident: many similar complaints in a few hours).

use crate::rhythm::pick_cumulative;
use crate::{LabelledBurst, LabelledHotspot};
use chrono::{DateTime, Duration, Utc};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use spotdesk_core::gazetteer::Address;
use spotdesk_core::geo::haversine_m;

/// Topics hotspots are made of; each is a topic of one or more network-quality services.
const HOTSPOT_TOPICS: &[&str] = &[
    "weak-signal",
    "slow-data",
    "call-drops",
    "no-signal",
    "no-data",
];

/// Service and topic of the kinds of outage bursts are made of.
const BURST_KINDS: &[(&str, &str)] = &[
    ("home-internet", "no-connection"),
    ("iptv", "no-tv-signal"),
    ("landline", "no-dial-tone"),
    ("mobile-data", "no-data"),
    ("mobile-voice", "no-signal"),
    ("business-vpn", "vpn-down"),
    ("home-internet", "frequent-drops"),
    ("mobile-voice", "call-drops"),
];

/// A planned hotspot: its label plus what the ticket generator needs.
#[derive(Debug, Clone)]
pub struct HotspotPlan {
    /// The label (its `tickets` is filled in once tickets are generated).
    pub label: LabelledHotspot,
    /// Indices into the address list of the houses inside the hotspot.
    pub addresses: Vec<usize>,
    /// How many tickets to generate.
    pub count: usize,
    /// When the cause is fixed (may lie after `now`: still open).
    pub fix_at: DateTime<Utc>,
    /// Whether the coverage map shows a weak area here.
    pub weak_coverage: bool,
}

/// A planned burst.
#[derive(Debug, Clone)]
pub struct BurstPlan {
    /// The label (its `tickets` is filled in once tickets are generated).
    pub label: LabelledBurst,
    /// Indices into the address list of the houses inside the burst area.
    pub addresses: Vec<usize>,
    /// How many tickets to generate.
    pub count: usize,
    /// When the outage is fixed.
    pub fix_at: DateTime<Utc>,
}

/// Everything planned.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Hotspots, 6-12 of them.
    pub hotspots: Vec<HotspotPlan>,
    /// Bursts, 4-8 of them.
    pub bursts: Vec<BurstPlan>,
}

impl Plan {
    /// Tickets the plan injects in total.
    pub fn injected(&self) -> usize {
        self.hotspots.iter().map(|h| h.count).sum::<usize>()
            + self.bursts.iter().map(|b| b.count).sum::<usize>()
    }
}

/// Picks a centre (an address, denser in the city centre) at least `min_gap` metres from
/// `taken` centres with at least `min_houses` houses within `radius`; `None` after many tries.
fn place(
    rng: &mut ChaCha8Rng,
    addrs: &[Address],
    cum: &[f64],
    taken: &[(f64, f64)],
    min_gap: f64,
    radius: f64,
    min_houses: usize,
) -> Option<((f64, f64), Vec<usize>)> {
    for _ in 0..300 {
        let a = &addrs[pick_cumulative(rng, cum)];
        if taken
            .iter()
            .any(|&(la, lo)| haversine_m(la, lo, a.lat, a.long) < min_gap)
        {
            continue;
        }
        let inside: Vec<usize> = addrs
            .iter()
            .enumerate()
            .filter(|(_, b)| haversine_m(a.lat, a.long, b.lat, b.long) <= radius)
            .map(|(i, _)| i)
            .collect();
        if inside.len() >= min_houses {
            return Some(((a.lat, a.long), inside));
        }
    }
    None
}

/// Plans hotspots and bursts within `[start, now)`, scaled to `tickets_per_day` and capped at
/// about a fifth of all tickets.
pub fn plan(
    rng: &mut ChaCha8Rng,
    addrs: &[Address],
    cum: &[f64],
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    total_tickets: usize,
    tickets_per_day: u32,
) -> Plan {
    let period = now - start;
    if period < Duration::hours(12) || total_tickets < 50 || addrs.is_empty() {
        return Plan::default();
    }
    let scale = f64::from(tickets_per_day) / 200.0;
    let period_s = period.num_seconds();
    let mut taken: Vec<(f64, f64)> = Vec::new();
    let mut out = Plan::default();

    let n_hot = rng.gen_range(6..=12);
    for i in 0..n_hot {
        let radius = rng.gen_range(200.0..300.0f64).round();
        let Some((center, inside)) = place(rng, addrs, cum, &taken, 900.0, radius, 12) else {
            continue;
        };
        taken.push(center);
        let days = rng
            .gen_range(3.0..12.0f64)
            .min(period_s as f64 / 86_400.0 * 0.6);
        let dur = Duration::seconds((days * 86_400.0) as i64);
        let (from, to) = if i == 0 {
            // One hotspot is still growing right now.
            (now - dur, now)
        } else {
            let latest = period_s - (dur.num_seconds() * 3 / 10);
            let from = start + Duration::seconds(rng.gen_range(0..latest.max(1)));
            (from, (from + dur).min(now))
        };
        let fix_at = to + Duration::minutes(rng.gen_range(6 * 60..72 * 60));
        let topic = *HOTSPOT_TOPICS.choose(rng).unwrap_or(&"weak-signal");
        let count = ((rng.gen_range(14.0..36.0) * scale).round() as usize).max(5);
        out.hotspots.push(HotspotPlan {
            label: LabelledHotspot {
                center_lat: center.0,
                center_long: center.1,
                radius_m: radius,
                topic: topic.to_string(),
                start: from,
                end: to,
                tickets: 0,
                fixed_at: fix_at,
            },
            addresses: inside,
            count,
            fix_at,
            weak_coverage: i % 2 == 0,
        });
    }

    let n_burst = rng.gen_range(4..=8);
    let mut kinds: Vec<(&str, &str)> = BURST_KINDS.to_vec();
    kinds.shuffle(rng);
    for (i, (service, topic)) in kinds.into_iter().take(n_burst).enumerate() {
        let radius = rng.gen_range(400.0..900.0f64).round();
        let Some((center, inside)) = place(rng, addrs, cum, &taken, 1_000.0, radius, 25) else {
            continue;
        };
        taken.push(center);
        let dur = Duration::minutes(rng.gen_range(120..360)).min(period / 4);
        let from = if i == 0 {
            // One burst happened within the last day, so the board has something fresh.
            let back = rng.gen_range(dur.num_seconds()..=(20 * 3600).max(dur.num_seconds() + 1));
            (now - Duration::seconds(back)).max(start)
        } else {
            start + Duration::seconds(rng.gen_range(0..(period_s - dur.num_seconds()).max(1)))
        };
        let to = (from + dur).min(now);
        let fix_at = to + Duration::minutes(rng.gen_range(30..180));
        let count = ((rng.gen_range(25.0..70.0) * scale).round() as usize).max(8);
        out.bursts.push(BurstPlan {
            label: LabelledBurst {
                center_lat: center.0,
                center_long: center.1,
                radius_m: radius,
                service_code: service.to_string(),
                topic: topic.to_string(),
                start: from,
                end: to,
                tickets: 0,
                fixed_at: fix_at,
            },
            addresses: inside,
            count,
            fix_at,
        });
    }

    // Keep injected tickets at most about a fifth of the total.
    let injected = out.injected();
    let cap = total_tickets / 5;
    if injected > cap {
        let f = cap as f64 / injected as f64;
        for h in &mut out.hotspots {
            h.count = ((h.count as f64 * f).round() as usize).max(4);
        }
        for b in &mut out.bursts {
            b.count = ((b.count as f64 * f).round() as usize).max(6);
        }
    }
    out
}
