//! Everything the map computes from the period's ticket facts, client-side with the core
//! crate: the network complaints, their cluster index and the spot candidates.

use super::filters::MapFilters;
use spotdesk_api::facts::TicketFacts;
use spotdesk_api::{Catalogue, Spot, SpotStatus};
use spotdesk_core::cluster::ClusterIndex;
use spotdesk_core::complaint::ComplaintSet;
use spotdesk_core::facts_set::complaints_from_facts;
use spotdesk_core::geo::polygons_overlap;
use spotdesk_core::spots::{detect_spots, SpotCandidate, SpotParams};

/// Days of facts the detection needs: its baseline plus its window.
pub fn history_days(p: &SpotParams) -> i64 {
    p.baseline_days + p.window_hours.div_euclid(24) + 1
}

/// The analysis of one load.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Network-quality complaints (of the topic filter), oldest first.
    pub set: ComplaintSet,
    /// Indices `[lo, hi)` of the complaints within the chosen period.
    pub shown: (usize, usize),
    /// Clusters of the complaints within the period.
    pub index: ClusterIndex,
    /// Detected candidates, highest priority first.
    pub candidates: Vec<SpotCandidate>,
}

/// Runs clustering and detection over `facts` as of `now` (Unix seconds).
pub fn analyse(facts: &TicketFacts, cat: &Catalogue, f: &MapFilters, now: i64) -> Analysis {
    let network: Vec<&str> = cat
        .services
        .iter()
        .filter(|s| s.network_quality)
        .map(|s| s.code.as_str())
        .collect();
    let mut set = complaints_from_facts(facts, |s| network.contains(&s));
    if let Some(topic) = &f.topic {
        let mut only = ComplaintSet::with_capacity(set.len());
        let t = only.intern_topic(topic);
        for i in 0..set.len() {
            if let Some(mut c) = set.get(i) {
                if set.topics().name(c.topic) == topic {
                    c.topic = t;
                    let service = only.intern_service(set.services().name(c.service));
                    c.service = service;
                    only.push_raw(c);
                }
            }
        }
        set = only;
    }
    if !set.is_time_sorted() {
        set = set.sorted_by_time();
    }
    let shown = set.time_range(now - i64::from(f.days) * 86_400, now.saturating_add(1));
    let points: Vec<(f64, f64)> = (shown.0..shown.1)
        .map(|i| (f64::from(set.lat()[i]), f64::from(set.long()[i])))
        .collect();
    let index = ClusterIndex::build(&points);
    let when = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    let candidates = detect_spots(&set, when, &SpotParams::from_settings(&cat.detection));
    Analysis {
        set,
        shown,
        index,
        candidates,
    }
}

/// Candidates not yet registered: neither a spot with their key nor an unresolved spot of
/// the same topic overlapping them (the server would answer those with the existing spot).
pub fn unregistered<'a>(cands: &'a [SpotCandidate], spots: &[Spot]) -> Vec<&'a SpotCandidate> {
    cands
        .iter()
        .filter(|c| {
            !spots.iter().any(|s| {
                s.key == c.key
                    || (s.status != SpotStatus::Resolved
                        && s.topic == c.topic
                        && polygons_overlap(&s.outline, &c.outline))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use spotdesk_api::{Polygon, SpotId};
    use spotdesk_core::geo::circle_polygon;

    fn cand(key: &str, lat: f64, topic: &str) -> SpotCandidate {
        SpotCandidate {
            key: key.into(),
            outline: circle_polygon(lat, 44.0, 200.0, 8),
            center_lat: lat,
            center_long: 44.0,
            complaint_ticket_ids: vec![1],
            customers: 5,
            score: 1.0,
            why: vec![],
            topic: Some(topic.into()),
            window_start: chrono::DateTime::default(),
            window_end: chrono::DateTime::default(),
            observed: 5,
            expected: 0.5,
            surprise: 6.0,
            cells: 1,
        }
    }

    fn spot(key: &str, outline: Polygon, topic: &str, status: SpotStatus) -> Spot {
        Spot {
            id: SpotId(1),
            key: key.into(),
            status,
            outline,
            center_lat: 0.0,
            center_long: 0.0,
            topic: Some(topic.into()),
            technology: None,
            complaints: 5,
            priority: 1.0,
            group: None,
            cause: None,
            public_note: None,
            expected_fix: None,
            registered_at: chrono::DateTime::default(),
            updated_at: chrono::DateTime::default(),
            resolved_at: None,
            version: 1,
            assignee: None,
        }
    }

    #[test]
    fn registered_and_overlapping_candidates_are_hidden() {
        let cands = [
            cand("a", 56.30, "weak-signal"),
            cand("b", 56.40, "weak-signal"),
            cand("c", 56.50, "slow-data"),
            cand("d", 56.60, "slow-data"),
        ];
        let spots = [
            spot(
                "a",
                circle_polygon(10.0, 10.0, 10.0, 4),
                "weak-signal",
                SpotStatus::Registered,
            ),
            spot(
                "x",
                circle_polygon(56.40, 44.0, 300.0, 8),
                "weak-signal",
                SpotStatus::InWork,
            ),
            spot(
                "y",
                circle_polygon(56.50, 44.0, 300.0, 8),
                "weak-signal",
                SpotStatus::InWork,
            ),
            spot(
                "z",
                circle_polygon(56.60, 44.0, 300.0, 8),
                "slow-data",
                SpotStatus::Resolved,
            ),
        ];
        let keys: Vec<&str> = unregistered(&cands, &spots)
            .into_iter()
            .map(|c| c.key.as_str())
            .collect();
        // a: same key; b: overlapping open spot of its topic; c: other topic; d: spot resolved.
        assert_eq!(keys, ["c", "d"]);
    }

    #[test]
    fn history_covers_baseline_and_window() {
        assert_eq!(history_days(&SpotParams::default()), 28 + 3 + 1);
    }
}
