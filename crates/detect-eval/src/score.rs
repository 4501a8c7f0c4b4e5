//! The scorer: detections grouped into events, events matched with the planted truth.
//!
//! A detection matches a truth when its centre is within the truth's radius + 300 m, the
//! topic is the same and the detection's window overlaps the truth's time; a city-wide
//! detection matches only a city-wide truth, and a local one only a local truth. Detections
//! of one class and topic that overlap in space (centres within the sum of their radii), in
//! the same or consecutive runs, are one event. Hotspot recall counts hotspot truths matched
//! by a spot; burst recall counts outage and city-wide truths matched by a proposal. An
//! event is correct when any of its detections matches any truth (a spot on a planted outage
//! is a real finding, not a false alarm).

use crate::generate::{Truth, TruthKind};
use spotdesk_core::geo::haversine_m;

/// Slack added to a truth's radius, metres.
pub const SLACK_M: f64 = 300.0;

/// Which job made a detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The spot job.
    Spot,
    /// The proposal job (local bursts and city-wide proposals).
    Burst,
}

/// One detection as the scorer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Det {
    /// Run time, Unix seconds.
    pub run: i64,
    /// Which job.
    pub class: Class,
    /// City-wide rather than local.
    pub city_wide: bool,
    /// Topic code.
    pub topic: String,
    /// Centre latitude.
    pub lat: f64,
    /// Centre longitude.
    pub long: f64,
    /// Radius, m.
    pub radius_m: f64,
    /// Window start.
    pub start: i64,
    /// Window end.
    pub end: i64,
}

/// Whether `d` matches `t`.
pub fn matches(d: &Det, t: &Truth) -> bool {
    if d.topic != t.topic || d.end < t.start || d.start > t.end {
        return false;
    }
    match t.kind {
        TruthKind::CityWide => d.city_wide,
        _ => !d.city_wide && haversine_m(d.lat, d.long, t.lat, t.long) <= t.radius_m + SLACK_M,
    }
}

/// The figures of one method on one data set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Hotspot truths found by a spot.
    pub hotspots_found: usize,
    /// Hotspot truths.
    pub hotspots: usize,
    /// Spot events matching some truth.
    pub spot_events_true: usize,
    /// Spot events.
    pub spot_events: usize,
    /// Outage and city-wide truths found by a proposal.
    pub bursts_found: usize,
    /// Outage and city-wide truths.
    pub bursts: usize,
    /// Proposal events matching some truth.
    pub burst_events_true: usize,
    /// Proposal events.
    pub burst_events: usize,
    /// Minutes from each found burst truth's start to its first matching proposal.
    pub delays: Vec<f64>,
}

impl Scores {
    /// Hotspot recall, 0..1.
    pub fn hotspot_recall(&self) -> f64 {
        ratio(self.hotspots_found, self.hotspots)
    }
    /// Spot precision, 0..1 (1 with no events).
    pub fn spot_precision(&self) -> f64 {
        if self.spot_events == 0 {
            1.0
        } else {
            ratio(self.spot_events_true, self.spot_events)
        }
    }
    /// Burst recall, 0..1.
    pub fn burst_recall(&self) -> f64 {
        ratio(self.bursts_found, self.bursts)
    }
    /// Proposal precision, 0..1 (1 with no events).
    pub fn burst_precision(&self) -> f64 {
        if self.burst_events == 0 {
            1.0
        } else {
            ratio(self.burst_events_true, self.burst_events)
        }
    }
    /// Median burst delay, minutes (`None` when nothing was found).
    pub fn median_delay(&self) -> Option<f64> {
        let mut d = self.delays.clone();
        if d.is_empty() {
            return None;
        }
        d.sort_by(f64::total_cmp);
        let n = d.len();
        Some(if n % 2 == 1 {
            d[n / 2]
        } else {
            (d[n / 2 - 1] + d[n / 2]) / 2.0
        })
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Groups the detections of one class into events: indices into `dets` per event.
/// `gap` is the time between consecutive runs.
pub fn events(dets: &[Det], gap: i64) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..dets.len()).collect();
    order.sort_by_key(|&i| dets[i].run);
    let mut parent: Vec<usize> = (0..dets.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut lo = 0;
    for (pos, &i) in order.iter().enumerate() {
        while dets[order[lo]].run < dets[i].run - gap {
            lo += 1;
        }
        for &j in &order[lo..pos] {
            let (a, b) = (&dets[i], &dets[j]);
            let near = a.city_wide && b.city_wide
                || !a.city_wide
                    && !b.city_wide
                    && haversine_m(a.lat, a.long, b.lat, b.long) <= a.radius_m + b.radius_m;
            if a.topic == b.topic && near {
                let (ra, rb) = (find(&mut parent, i), find(&mut parent, j));
                parent[ra] = rb;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..dets.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups.into_values().collect()
}

/// Scores spot detections (`spots`, runs `spot_gap` apart) and proposals (`bursts`, runs
/// `burst_gap` apart) against `truths`.
pub fn score(
    truths: &[Truth],
    spots: &[Det],
    spot_gap: i64,
    bursts: &[Det],
    burst_gap: i64,
) -> Scores {
    let mut s = Scores::default();
    for t in truths {
        match t.kind {
            TruthKind::Hotspot => {
                s.hotspots += 1;
                if spots.iter().any(|d| matches(d, t)) {
                    s.hotspots_found += 1;
                }
            }
            TruthKind::Burst | TruthKind::CityWide => {
                s.bursts += 1;
                if let Some(first) = bursts.iter().filter(|d| matches(d, t)).map(|d| d.run).min() {
                    s.bursts_found += 1;
                    s.delays.push((first - t.start) as f64 / 60.0);
                }
            }
        }
    }
    let correct = |d: &Det| truths.iter().any(|t| matches(d, t));
    for e in events(spots, spot_gap) {
        s.spot_events += 1;
        if e.iter().any(|&i| correct(&spots[i])) {
            s.spot_events_true += 1;
        }
    }
    for e in events(bursts, burst_gap) {
        s.burst_events += 1;
        if e.iter().any(|&i| correct(&bursts[i])) {
            s.burst_events_true += 1;
        }
    }
    s
}
