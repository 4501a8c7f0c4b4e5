#![allow(clippy::unwrap_used)]

use super::*;
use crate::complaint::ComplaintRecord;
use crate::stats::poisson_surprise;
use proptest::prelude::*;

/// Monday 2026-01-05 00:00 UTC.
const T0: i64 = 1_767_571_200;
const DAY: i64 = 86_400;

/// A tiny deterministic generator (xorshift), so the tests need no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Feed {
    d: ScanDetector,
    id: i64,
}

impl Feed {
    fn new() -> Self {
        Self {
            d: ScanDetector::new(ScanParams::default()),
            id: 0,
        }
    }

    fn push(&mut self, t: i64, lat: f64, long: f64, customer: &str, topic: &str) -> bool {
        self.id += 1;
        self.d.push(&ComplaintRecord {
            id: self.id,
            lat,
            long,
            time: t,
            customer,
            service: "mobile-data",
            topic,
            segment: None,
            lifetime_value: None,
        })
    }
}

/// Background over a 10 x 10 km square for `days` days from `T0`: `per_hour` complaints an
/// hour of `topic`, uniformly placed, each from a new customer; plus an optional local
/// recurring peak: `peak` complaints every weekday 08:00-09:00 at one place.
fn background(f: &mut Feed, rng: &mut Rng, from: i64, to: i64, per_hour: usize, peak: usize) {
    let mut t = from;
    let mut k = 0u64;
    while t < to {
        let mut batch: Vec<(i64, f64, f64)> = (0..per_hour)
            .map(|_| {
                (
                    t + (rng.next() * 3600.0) as i64,
                    55.0 + rng.next() * 0.09,
                    37.0 + rng.next() * 0.16,
                )
            })
            .collect();
        let weekday = ((t - T0) / DAY) % 7 < 5;
        if weekday && (t - T0) % DAY == 8 * 3600 {
            batch.extend((0..peak).map(|_| (t + (rng.next() * 3600.0) as i64, 55.045, 37.08)));
        }
        crate::sort::sort_by_key(&mut batch, |b| b.0);
        for (s, lat, long) in batch {
            k += 1;
            f.push(s, lat, long, &format!("c{k}-{}", rng.0 % 1000), "slow-data");
        }
        t += 3600;
    }
}

#[test]
fn nothing_is_reported_before_enough_history() {
    let mut f = Feed::new();
    let mut rng = Rng(7);
    background(&mut f, &mut rng, T0, T0 + 3 * DAY, 4, 0);
    assert!(f.d.detect(T0 + 3 * DAY, Scope::Spots).is_empty());
}

#[test]
fn an_outage_is_one_burst_with_its_reasons_and_a_recurring_peak_is_none() {
    let mut f = Feed::new();
    let mut rng = Rng(11);
    let warm = T0 + 28 * DAY;
    background(&mut f, &mut rng, T0, warm + 10 * 3600, 4, 8);
    // The recurring peak (08:00-09:00 every weekday at one place) is that place's normal.
    for h in 0..10 {
        let now = warm + h * 3600;
        let found = f.d.detect(now, Scope::Bursts);
        assert!(found.is_empty(), "at {h} h: {found:?}");
    }
    // 20 customers within 300 m in 20 minutes.
    let start = warm + 10 * 3600;
    for i in 0..20 {
        f.push(
            start + i * 60,
            55.02 + 0.002 * (i % 3) as f64,
            37.05,
            &format!("o{i}"),
            "slow-data",
        );
    }
    let found = f.d.detect(start + 20 * 60, Scope::Bursts);
    assert_eq!(found.len(), 1, "{found:?}");
    let b = &found[0];
    assert_eq!(b.kind, DetectionKind::Burst);
    assert_eq!(b.topic, "slow-data");
    assert!(
        b.observed >= 20 && b.expected < 5.0 && b.ratio > 4.0,
        "{b:?}"
    );
    assert!(b.surprise >= b.threshold && b.threshold > 5.0, "{b:?}");
    assert!(crate::geo::haversine_m(b.center_lat, b.center_long, 55.022, 37.05) < 500.0);
    assert_eq!(b.ticket_ids.len(), 20);
}

#[test]
fn a_repeat_caller_counts_once() {
    let mut f = Feed::new();
    assert!(f.push(T0, 55.0, 37.0, "+7 900 111-22-33", "no-data"));
    assert!(!f.push(T0 + 3600, 55.0, 37.0, "+79001112233", "no-data"));
    assert!(f.push(T0 + 3600, 55.0, 37.0, "+79001112233", "slow-data"));
    assert!(f.push(T0 + 8 * DAY, 55.0, 37.0, "+79001112233", "no-data"));
    assert_eq!(f.d.len(), 3);
}

#[test]
fn a_rise_everywhere_is_one_city_wide_proposal() {
    let mut f = Feed::new();
    let mut rng = Rng(5);
    let warm = T0 + 28 * DAY;
    background(&mut f, &mut rng, T0, warm, 6, 0);
    // Five times the usual rate everywhere for two hours.
    background(&mut f, &mut rng, warm, warm + 2 * 3600, 30, 0);
    let found = f.d.detect(warm + 2 * 3600, Scope::Bursts);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, DetectionKind::CityWide);
}

#[test]
fn the_negative_binomial_tail_is_the_poisson_tail_for_large_shapes_and_wider_for_small() {
    for (o, e) in [(5u64, 1.0), (20, 4.5), (300, 200.0)] {
        let p = poisson_surprise(o, e);
        assert!((nb_surprise(o, e, 1e8) - p).abs() < 1e-9);
        assert!(
            (nb_surprise(o, e, 1e6) - p).abs() < 0.05 * p.max(0.1),
            "{o} {e}"
        );
        assert!(nb_surprise(o, e, e) < p);
    }
    assert_eq!(nb_surprise(3, 5.0, 10.0), 0.0);
    assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
    assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
}

proptest! {
    #[test]
    fn window_sums_add_up(a in 0i64..3_000_000, b in 0i64..3_000_000, c in 0i64..3_000_000, v in prop::collection::vec(0.0f32..5.0, SLOTS)) {
        let mut x = [0.0f32; SLOTS];
        x.copy_from_slice(&v);
        let mut p = [0.0f32; SLOTS + 1];
        for i in 0..SLOTS {
            p[i + 1] = p[i] + x[i];
        }
        let mut t = [T0 + a, T0 + a + b, T0 + a + b + c];
        crate::sort::sort_by_key(&mut t, |x| *x);
        let whole = window_sum(&p, &Span::new(t[0], t[2]));
        let parts = window_sum(&p, &Span::new(t[0], t[1])) + window_sum(&p, &Span::new(t[1], t[2]));
        prop_assert!((whole - parts).abs() < 1e-3 * whole.max(1.0));
        prop_assert!((Span::new(t[0], t[2]).hours() - (t[2] - t[0]) as f64 / 3600.0).abs() < 1e-6);
    }

    #[test]
    fn surprise_grows_with_the_count(o in 0u64..400, e in 0.01f64..200.0, shape in 0.1f64..1e5) {
        let a = nb_surprise(o, e, shape);
        let b = nb_surprise(o + 1, e, shape);
        prop_assert!(a >= 0.0 && a.is_finite());
        prop_assert!(b + 1e-9 >= a);
    }
}
