//! Daily and weekly rhythm of contacts, and the small random helpers the generator uses.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeSet;

/// Offset of the contact centre's local time from UTC (UTC+3), in hours.
pub const LOCAL_OFFSET_HOURS: i64 = 3;

/// Relative contact rate per local hour 0..=23 (night low, peaks late morning and evening).
const HOURLY: [f64; 24] = [
    0.25, 0.15, 0.10, 0.08, 0.08, 0.12, 0.30, 0.60, 1.00, 1.40, 1.60, 1.75, 1.70, 1.55, 1.50, 1.45,
    1.40, 1.45, 1.60, 1.70, 1.55, 1.20, 0.80, 0.45,
];

/// Relative contact rate per weekday, Monday first (weekends lower).
const WEEKLY: [f64; 7] = [1.10, 1.08, 1.05, 1.05, 1.02, 0.90, 0.80];

/// Rate factor on public holidays.
const HOLIDAY: f64 = 0.8;

/// Contact-rate model of the centre: hour of day x day of week x holidays, mean about 1.
#[derive(Debug, Clone)]
pub struct Rhythm {
    hourly: [f64; 24],
    weekly: [f64; 7],
    holidays: BTreeSet<NaiveDate>,
}

impl Rhythm {
    /// The rhythm with the given public holidays (local dates).
    pub fn new(holidays: &[NaiveDate]) -> Self {
        let hm = HOURLY.iter().sum::<f64>() / 24.0;
        let wm = WEEKLY.iter().sum::<f64>() / 7.0;
        Self {
            hourly: HOURLY.map(|h| h / hm),
            weekly: WEEKLY.map(|w| w / wm),
            holidays: holidays.iter().copied().collect(),
        }
    }

    /// Relative rate at an instant (1.0 = average hour).
    pub fn rate(&self, t: DateTime<Utc>) -> f64 {
        let local = t.naive_utc() + Duration::hours(LOCAL_OFFSET_HOURS);
        let day = local.date();
        let h = self.hourly[local.hour() as usize];
        let w = self.weekly[day.weekday().num_days_from_monday() as usize];
        let hol = if self.holidays.contains(&day) {
            HOLIDAY
        } else {
            1.0
        };
        h * w * hol
    }

    /// Highest hourly factor, for rejection sampling.
    pub fn max_rate(&self) -> f64 {
        let h = self.hourly.iter().copied().fold(0.0, f64::max);
        let w = self.weekly.iter().copied().fold(0.0, f64::max);
        h * w
    }

    /// A random instant in `[from, to)` following the rhythm (rejection sampling).
    pub fn sample(
        &self,
        rng: &mut ChaCha8Rng,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> DateTime<Utc> {
        let span = (to - from).num_seconds().max(1);
        let max = self.max_rate();
        let mut t = from;
        for _ in 0..200 {
            t = from + Duration::seconds(rng.gen_range(0..span));
            if rng.gen::<f64>() * max <= self.rate(t) {
                break;
            }
        }
        t
    }
}

/// A standard normal variate (Box-Muller).
pub fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.gen::<f64>().max(1e-12);
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A Poisson variate with mean `lambda` (exact for small means, normal approximation above 30).
pub fn poisson(rng: &mut ChaCha8Rng, lambda: f64) -> u32 {
    if lambda <= 0.0 || !lambda.is_finite() {
        return 0;
    }
    if lambda > 30.0 {
        return (lambda + lambda.sqrt() * normal(rng)).round().max(0.0) as u32;
    }
    let l = (-lambda).exp();
    let mut k = 0u32;
    let mut p = 1.0;
    loop {
        p *= rng.gen::<f64>();
        if p <= l {
            return k;
        }
        k += 1;
    }
}

/// A log-normal variate with the given median and shape.
pub fn log_normal(rng: &mut ChaCha8Rng, median: f64, sigma: f64) -> f64 {
    median * (sigma * normal(rng)).exp()
}

/// Index picked with probability proportional to `weights` (all >= 0, not all 0).
pub fn weighted_index(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.gen::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len().saturating_sub(1)
}

/// Cumulative weights for fast repeated weighted picks with [`pick_cumulative`].
pub fn cumulative(weights: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut acc = 0.0;
    weights
        .into_iter()
        .map(|w| {
            acc += w.max(0.0);
            acc
        })
        .collect()
}

/// Index picked from cumulative weights (binary search).
pub fn pick_cumulative(rng: &mut ChaCha8Rng, cum: &[f64]) -> usize {
    let total = cum.last().copied().unwrap_or(0.0);
    let x = rng.gen::<f64>() * total;
    cum.partition_point(|&c| c <= x)
        .min(cum.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rand::SeedableRng;

    #[test]
    fn rhythm_has_unit_mean_and_peaks() {
        let r = Rhythm::new(&[]);
        let monday = Utc
            .with_ymd_and_hms(2026, 3, 2, 0, 0, 0)
            .single()
            .expect("valid");
        let week: f64 = (0..168)
            .map(|h| r.rate(monday + Duration::hours(h)))
            .sum::<f64>()
            / 168.0;
        assert!((week - 1.0).abs() < 1e-9, "{week}");
        // 11:00 local (08:00 UTC) is much busier than 03:00 local.
        assert!(r.rate(monday + Duration::hours(8)) > 5.0 * r.rate(monday));
    }

    #[test]
    fn poisson_mean() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for lambda in [0.5, 4.0, 50.0] {
            let n = 4000;
            let mean = (0..n)
                .map(|_| f64::from(poisson(&mut rng, lambda)))
                .sum::<f64>()
                / f64::from(n);
            assert!(
                (mean - lambda).abs() < 0.1 * lambda + 0.05,
                "{lambda}: {mean}"
            );
        }
    }

    #[test]
    fn cumulative_pick_in_range() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let cum = cumulative([0.0, 1.0, 0.0, 3.0]);
        for _ in 0..100 {
            let i = pick_cumulative(&mut rng, &cum);
            assert!(i == 1 || i == 3);
        }
    }
}
