use super::*;
use crate::complaint::ComplaintRecord;
use proptest::prelude::*;

const DAY: i64 = 86_400;
const NOW: i64 = 1_780_000_000;

struct Gen(u64);
impl Gen {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// 30 days of background complaints over a ~3 x 3 km area, ~40 a day.
fn background(set: &mut ComplaintSet, g: &mut Gen) {
    let phones: Vec<String> = (0..3000).map(|i| format!("+7900{i:07}")).collect();
    for k in 0..1200 {
        let t = NOW - 30 * DAY + (g.next() * 30.0 * DAY as f64) as i64;
        set.push(&ComplaintRecord {
            id: k,
            lat: 56.29 + g.next() * 0.027,
            long: 43.98 + g.next() * 0.05,
            time: t,
            customer: &phones[(g.next() * 3000.0) as usize],
            service: "mobile-voice",
            topic: "call-drops",
            segment: None,
            lifetime_value: Some(5000.0),
        });
    }
}

fn hotspot(set: &mut ComplaintSet, g: &mut Gen, customers: usize, repeat: usize) {
    for c in 0..customers {
        let phone = format!("+7911{c:07}");
        for r in 0..repeat {
            set.push(&ComplaintRecord {
                id: 10_000 + (c * repeat + r) as i64,
                lat: 56.3001 + g.next() * 0.0015,
                long: 44.0002 + g.next() * 0.002,
                time: NOW - (g.next() * 2.0 * DAY as f64) as i64,
                customer: &phone,
                service: "mobile-data",
                topic: "no-data",
                segment: Some(if c == 0 {
                    spotdesk_api::Segment::Vip
                } else {
                    spotdesk_api::Segment::Mass
                }),
                lifetime_value: Some(10_000.0),
            });
        }
    }
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(NOW, 0).unwrap_or_default()
}

#[test]
fn finds_an_injected_hotspot_and_nothing_else() {
    let mut g = Gen(17);
    let mut set = ComplaintSet::new();
    background(&mut set, &mut g);
    let quiet = detect_spots(&set, now(), &SpotParams::default());
    assert!(quiet.is_empty(), "{quiet:#?}");
    hotspot(&mut set, &mut g, 12, 1);
    let found = detect_spots(&set, now(), &SpotParams::default());
    assert_eq!(found.len(), 1, "{found:#?}");
    let s = &found[0];
    assert!(s.customers >= 12 && s.customers <= 16, "{}", s.customers);
    assert_eq!(s.topic.as_deref(), Some("no-data"));
    assert!(crate::geo::haversine_m(s.center_lat, s.center_long, 56.3008, 44.0012) < 200.0);
    assert!(crate::geo::point_in_polygon(56.3008, 44.0012, &s.outline));
    assert!(s.key.starts_with(&format!(
        "spot-{}",
        window_start(NOW, &SpotParams::default())
    )));
    assert_eq!(s.why.len(), 5);
    assert!(s.surprise >= 4.0 && s.expected < 12.0);
    // Deterministic: same data, same key; also from a shuffled set.
    let again = detect_spots(&set.sorted_by_time(), now(), &SpotParams::default());
    assert_eq!(again[0].key, s.key);
    assert_eq!(again[0].complaint_ticket_ids, s.complaint_ticket_ids);
}

#[test]
fn each_customer_counts_once() {
    let mut g = Gen(5);
    let mut set = ComplaintSet::new();
    background(&mut set, &mut g);
    // Three customers calling eight times each: not a spot.
    hotspot(&mut set, &mut g, 3, 8);
    assert!(detect_spots(&set, now(), &SpotParams::default()).is_empty());
}

#[test]
fn streaming_equals_batch_and_slides() {
    let mut g = Gen(9);
    let mut set = ComplaintSet::new();
    background(&mut set, &mut g);
    hotspot(&mut set, &mut g, 10, 1);
    let sorted = set.sorted_by_time();
    let mut d = SpotDetector::new(SpotParams::default());
    for i in 0..sorted.len() {
        let c = sorted.get(i).expect("in range");
        let phone = format!("{}", c.customer);
        d.push(&ComplaintRecord {
            id: c.id,
            lat: f64::from(c.lat),
            long: f64::from(c.long),
            time: c.time,
            customer: &phone,
            service: sorted.services().name(c.service),
            topic: sorted.topics().name(c.topic),
            segment: None,
            lifetime_value: None,
        });
        if i % 200 == 0 {
            d.detect(c.time);
        }
    }
    let streamed = d.detect(NOW);
    let batch = detect_spots(&set, now(), &SpotParams::default());
    assert_eq!(streamed.len(), batch.len());
    assert_eq!(streamed[0].key, batch[0].key);
    assert_eq!(
        streamed[0].complaint_ticket_ids,
        batch[0].complaint_ticket_ids
    );
    // A week later the hotspot has left the window.
    assert!(d.detect(NOW + 7 * DAY).is_empty());
    // Going back in time works too.
    assert_eq!(d.detect(NOW).len(), batch.len());
}

#[test]
fn without_history_uses_the_window_mean() {
    let mut g = Gen(3);
    let mut set = ComplaintSet::new();
    hotspot(&mut set, &mut g, 10, 1);
    for k in 0..20 {
        let phone = format!("+7922{k:07}");
        set.push(&ComplaintRecord {
            id: 50_000 + k,
            lat: 56.2 + g.next() * 0.2,
            long: 43.8 + g.next() * 0.4,
            time: NOW - DAY,
            customer: &phone,
            service: "sms",
            topic: "x",
            segment: None,
            lifetime_value: None,
        });
    }
    let found = detect_spots(&set, now(), &SpotParams::default());
    assert_eq!(found.len(), 1, "{found:#?}");
}

proptest! {
    #[test]
    fn never_panics(
        pts in proptest::collection::vec(
            (prop_oneof![56.0f64..56.6, Just(f64::NAN), Just(1e9)],
             prop_oneof![43.8f64..44.2, Just(f64::INFINITY)],
             -40i64..2,
             0u8..6),
            0..200),
        now_off in prop_oneof![Just(0i64), -1_000_000_000i64..1_000_000_000],
    ) {
        let mut set = ComplaintSet::new();
        for (k, &(lat, long, day, cust)) in pts.iter().enumerate() {
            let phone = format!("{cust}");
            set.push(&ComplaintRecord {
                id: k as i64, lat, long, time: NOW + day * DAY, customer: &phone,
                service: "s", topic: "t", segment: None, lifetime_value: Some(f64::NAN),
            });
        }
        let t = DateTime::from_timestamp(NOW + now_off, 0).unwrap_or_default();
        for c in detect_spots(&set, t, &SpotParams::default()) {
            prop_assert!(c.score.is_finite());
            prop_assert!(c.customers >= 5);
        }
        let weird = SpotParams { window_hours: 0, align_secs: -5, cell_deg: f64::NAN, growth_hours: 1000, ..SpotParams::default() };
        let _ = detect_spots(&set, t, &weird);
    }
}

/// The window kept between detections (added to one complaint at a time, sliding hour by
/// hour) gives exactly what a fresh detector computes.
#[test]
fn incremental_window_equals_fresh_detection() {
    let mut g = Gen(11);
    let mut set = ComplaintSet::new();
    background(&mut set, &mut g);
    hotspot(&mut set, &mut g, 10, 1);
    let sorted = set.sorted_by_time();
    let tail = sorted.len().saturating_sub(120);
    let mut d = SpotDetector::new(SpotParams::default());
    for i in 0..sorted.len() {
        let c = sorted.get(i).expect("in range");
        let phone = format!("{}", c.customer);
        d.push(&ComplaintRecord {
            id: c.id,
            lat: f64::from(c.lat),
            long: f64::from(c.long),
            time: c.time,
            customer: &phone,
            service: sorted.services().name(c.service),
            topic: sorted.topics().name(c.topic),
            segment: None,
            lifetime_value: None,
        });
        if i >= tail {
            let live = d.detect(c.time);
            let mut fresh = SpotDetector::from_set(d.complaints(), SpotParams::default());
            assert_eq!(live, fresh.detect(c.time), "after complaint {i}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Detection after each added complaint (re-testing only the cells it can change) equals
    /// a fresh detection over the same complaints, including as hot cells appear and fade
    /// while the window grows, and across hour boundaries where the window start moves.
    #[test]
    fn incremental_detection_equals_batch(
        seed in 1u64..u64::MAX,
        burst in proptest::collection::vec((0u8..4, 0u8..12, 0i64..600), 10..60),
        params in prop_oneof![
            Just(SpotParams::default()),
            Just(SpotParams { threshold: 2.0, min_customers: 2, cell_ratio: 1.0, ..SpotParams::default() }),
        ],
    ) {
        let mut g = Gen(seed | 1);
        let mut set = ComplaintSet::new();
        background(&mut set, &mut g);
        let sorted = set.sorted_by_time();
        let mut d = SpotDetector::new(params.clone());
        let phone = |c: u64| format!("+7955{c:07}");
        for i in 0..sorted.len() {
            let c = sorted.get(i).expect("in range");
            d.push(&ComplaintRecord {
                id: c.id, lat: f64::from(c.lat), long: f64::from(c.long), time: c.time,
                customer: &phone(c.customer % 5000), service: "s", topic: "t",
                segment: None, lifetime_value: None,
            });
        }
        let mut t = NOW;
        d.detect(t);
        // A burst near a few spots, a complaint every few minutes: the incremental path
        // runs between hour boundaries, the full one at them.
        for (k, &(spot, cust, dt)) in burst.iter().enumerate() {
            t += dt;
            let p = phone(100_000 + u64::from(cust));
            d.push(&ComplaintRecord {
                id: 90_000 + k as i64,
                lat: 56.3001 + f64::from(spot) * 0.004 + g.next() * 0.001,
                long: 44.0002 + g.next() * 0.002,
                time: t,
                customer: &p,
                service: "s",
                topic: "t",
                segment: None,
                lifetime_value: None,
            });
            let live = d.detect(t + (k as i64 % 3) * 7);
            let mut fresh = SpotDetector::from_set(d.complaints(), params.clone());
            prop_assert_eq!(&live, &fresh.detect(t + (k as i64 % 3) * 7), "after complaint {}", k);
        }
    }
}

#[test]
fn default_settings_give_the_default_params() {
    assert_eq!(
        SpotParams::from_settings(&DetectionSettings::default()),
        SpotParams::default()
    );
    let p = SpotParams::from_settings(&DetectionSettings {
        spot_window_hours: 24,
        spot_threshold: 7.5,
        spot_min_customers: 9,
        ..DetectionSettings::default()
    });
    assert_eq!((p.window_hours, p.threshold, p.min_customers), (24, 7.5, 9));
    assert_eq!(p.baseline_days, SpotParams::default().baseline_days);
}
