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

const KINDS: [(&str, &str); 3] = [
    ("home-internet", "no-connection"),
    ("iptv", "no-tv-signal"),
    ("mobile-voice", "call-drops"),
];

/// 30 days of ~60 complaints a day over ~6 x 6 km, three kinds.
fn background(g: &mut Gen) -> Vec<(i64, f64, f64, i64, String, usize)> {
    (0..1800)
        .map(|k| {
            let t = NOW - 30 * DAY + (g.next() * 30.0 * DAY as f64) as i64;
            let kind = (g.next() * 3.0) as usize % 3;
            (
                k,
                56.27 + g.next() * 0.055,
                43.95 + g.next() * 0.1,
                t,
                format!("+7900{k:07}"),
                kind,
            )
        })
        .collect()
}

fn burst(
    g: &mut Gen,
    n: usize,
    start: i64,
    kind: usize,
) -> Vec<(i64, f64, f64, i64, String, usize)> {
    (0..n)
        .map(|k| {
            let t = start + (g.next() * 3600.0) as i64;
            (
                20_000 + k as i64,
                56.30 + g.next() * 0.006,
                44.0 + g.next() * 0.01,
                t,
                format!("+7911{k:07}"),
                kind,
            )
        })
        .collect()
}

fn feed(d: &mut BurstDetector, rows: &[(i64, f64, f64, i64, String, usize)]) {
    let mut rows: Vec<_> = rows.iter().collect();
    #[allow(clippy::disallowed_methods)] // tests do not ship
    rows.sort_by_key(|r| r.3);
    for r in rows {
        d.push(&ComplaintRecord {
            id: r.0,
            lat: r.1,
            long: r.2,
            time: r.3,
            customer: &r.4,
            service: KINDS[r.5].0,
            topic: KINDS[r.5].1,
            segment: None,
            lifetime_value: None,
        });
    }
}

#[test]
fn proposes_an_injected_burst_once() {
    let mut g = Gen(21);
    let mut rows = background(&mut g);
    let start = NOW - 2 * 3600;
    rows.extend(burst(&mut g, 14, start, 0));
    let mut d = BurstDetector::new(BurstParams::default());
    feed(&mut d, &rows);
    assert!(d.proposals(NOW - 3 * 3600).is_empty());
    let found = d.proposals(NOW - 3600);
    assert_eq!(found.len(), 1, "{found:#?}");
    let b = &found[0];
    assert_eq!((b.service_code.as_str(), b.topic.as_str()), KINDS[0]);
    assert!(b.customers >= 12, "{}", b.customers);
    assert!(b.surprise >= 6.0 && b.expected < 2.0);
    assert!(b.window_start.timestamp() >= start && b.window_end.timestamp() < start + 3600);
    assert!(crate::geo::haversine_m(b.center_lat, b.center_long, 56.303, 44.005) < 400.0);
    // Still there an hour later with the same key; gone a day later.
    let later = d.proposals(NOW);
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].key, b.key);
    assert!(d.proposals(NOW + DAY).is_empty());
}

#[test]
fn other_topics_and_repeat_callers_do_not_make_a_burst() {
    let mut g = Gen(4);
    let mut rows = background(&mut g);
    // Seven complaints split over three kinds, and one customer calling ten times.
    let mut b = burst(&mut g, 7, NOW - 3600, 0);
    for (k, r) in b.iter_mut().enumerate() {
        r.5 = k % 3;
    }
    rows.extend(b);
    let mut same = burst(&mut g, 10, NOW - 3600, 1);
    for r in same.iter_mut() {
        r.4 = "+79990000000".into();
    }
    rows.extend(same);
    let mut d = BurstDetector::new(BurstParams::default());
    feed(&mut d, &rows);
    assert!(d.proposals(NOW).is_empty());
}

proptest! {
    #[test]
    fn never_panics(
        pts in proptest::collection::vec(
            (prop_oneof![56.0f64..56.6, Just(f64::NAN)], 43.8f64..44.2, -50_000i64..10, 0usize..3, 0u8..4),
            0..200),
        now_off in -100_000i64..100_000,
    ) {
        let mut d = BurstDetector::new(BurstParams::default());
        for (k, &(lat, long, dt, kind, c)) in pts.iter().enumerate() {
            let phone = format!("{c}");
            d.push(&ComplaintRecord {
                id: k as i64, lat, long, time: NOW + dt, customer: &phone,
                service: KINDS[kind].0, topic: KINDS[kind].1, segment: None, lifetime_value: None,
            });
            if k % 17 == 0 {
                let _ = d.proposals(NOW + now_off);
            }
        }
        for b in d.proposals(NOW) {
            prop_assert!(b.customers >= 6);
        }
        let _ = detect_bursts(&ComplaintSet::new(), DateTime::from_timestamp(NOW, 0).unwrap_or_default(), &BurstParams::default());
    }
}

#[test]
fn default_settings_give_the_default_params() {
    assert_eq!(
        BurstParams::from_settings(&DetectionSettings::default()),
        BurstParams::default()
    );
    let p = BurstParams::from_settings(&DetectionSettings {
        burst_window_minutes: 60,
        burst_threshold: 4.0,
        burst_min_customers: 3,
        ..DetectionSettings::default()
    });
    assert_eq!(
        (p.window_minutes, p.threshold, p.min_customers),
        (60, 4.0, 3)
    );
    assert_eq!(p.cell_deg, BurstParams::default().cell_deg);
}
