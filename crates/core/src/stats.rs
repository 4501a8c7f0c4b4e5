//! Small statistics for detection: Poisson tail surprise and the hour-of-day profile.

/// Seconds per hour.
pub const HOUR: i64 = 3600;

/// `ln(n!)`: exact sum for small `n`, Stirling series above.
pub fn ln_factorial(n: u64) -> f64 {
    if n < 32 {
        return (2..=n).map(|i| (i as f64).ln()).sum();
    }
    let x = n as f64;
    x * x.ln() - x + 0.5 * (std::f64::consts::TAU * x).ln() + 1.0 / (12.0 * x)
        - 1.0 / (360.0 * x * x * x)
}

/// The surprise of seeing at least `observed` events when `expected` were expected:
/// `-log10 P(X >= observed)` for `X ~ Poisson(expected)`.
///
/// 0 when `observed <= expected` (nothing unusual); 3 means a one-in-a-thousand excess.
/// `expected` is floored at 1e-6; non-finite `expected` gives 0. Never panics or loops long:
/// large means use the normal approximation.
pub fn poisson_surprise(observed: u64, expected: f64) -> f64 {
    if !expected.is_finite() || (observed as f64) <= expected || observed == 0 {
        return 0.0;
    }
    let lambda = expected.max(1e-6);
    if lambda > 1000.0 {
        // Normal approximation with continuity correction.
        let z = (observed as f64 - 0.5 - lambda) / lambda.sqrt();
        return -log10_normal_upper_tail(z);
    }
    let k = observed;
    let ln_pk = -lambda + k as f64 * lambda.ln() - ln_factorial(k);
    // Sum of pmf(k + j) / pmf(k) = prod lambda / (k + i), until negligible.
    let (mut term, mut sum) = (1.0f64, 1.0f64);
    let mut i = k;
    let stop = k.saturating_add(100_000);
    while term > sum * 1e-12 && i < stop {
        i += 1;
        term *= lambda / i as f64;
        sum += term;
    }
    (-(ln_pk + sum.ln()) / std::f64::consts::LN_10).max(0.0)
}

/// `log10` of the standard normal upper tail `Q(z)`, accurate enough for thresholds.
fn log10_normal_upper_tail(z: f64) -> f64 {
    if z < 5.0 {
        // erfc approximation (Numerical Recipes `erfcc`, relative error < 1.2e-7).
        let x = z / std::f64::consts::SQRT_2;
        let t = 1.0 / (1.0 + 0.5 * x.abs());
        let y = t
            * (-x * x - 1.265_512_23
                + t * (1.000_023_68
                    + t * (0.374_091_96
                        + t * (0.096_784_18
                            + t * (-0.186_288_06
                                + t * (0.278_868_07
                                    + t * (-1.135_203_98
                                        + t * (1.488_515_87
                                            + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
                .exp();
        let erfc = if x >= 0.0 { y } else { 2.0 - y };
        (0.5 * erfc).max(1e-300).log10()
    } else {
        // Asymptotic tail: Q(z) ≈ φ(z) / z.
        (-z * z / 2.0 - (z * (std::f64::consts::TAU).sqrt()).ln()) / std::f64::consts::LN_10
    }
}

/// Relative complaint rate per hour of day (UTC), mean 1: `weights[h]` is how busy hour `h`
/// is compared with an average hour. Working in UTC hours is equivalent to local hours for
/// whole-hour offsets (the profile is just rotated).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourProfile {
    /// Weight of each UTC hour of day; they average 1.
    pub weights: [f64; 24],
}

impl Default for HourProfile {
    fn default() -> Self {
        Self { weights: [1.0; 24] }
    }
}

/// The UTC hour of day of a Unix time.
pub fn hour_of_day(t: i64) -> usize {
    (t.rem_euclid(86_400) / HOUR) as usize
}

impl HourProfile {
    /// The profile of event counts per UTC hour, smoothed with `prior` pseudo-events spread
    /// evenly (so sparse data gives a flat profile rather than zeros).
    pub fn from_counts(counts: &[f64; 24], prior: f64) -> Self {
        let total: f64 = counts.iter().sum::<f64>() + prior.max(0.0);
        if total.is_nan() || total <= 0.0 || !total.is_finite() {
            return Self::default();
        }
        let mut weights = [0.0; 24];
        for (w, c) in weights.iter_mut().zip(counts) {
            *w = (c + prior.max(0.0) / 24.0) / total * 24.0;
        }
        Self { weights }
    }

    /// Effective number of average hours in `[from, to)`: each second weighted by its hour's
    /// weight. A window of one whole day gives 24.
    pub fn effective_hours(&self, from: i64, to: i64) -> f64 {
        if to <= from {
            return 0.0;
        }
        // Whole days contribute 24 each; walk only the remainder hour by hour.
        let span = to - from;
        let days = span / 86_400;
        let mut acc = days as f64 * 24.0;
        let mut t = from + days * 86_400;
        while t < to {
            let next = ((t.div_euclid(HOUR)) + 1) * HOUR;
            let end = next.min(to);
            acc += self.weights[hour_of_day(t)] * (end - t) as f64 / HOUR as f64;
            t = end;
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surprise_matches_known_tails() {
        // P(X >= 1 | 1) = 1 - e^-1 = 0.632.
        assert!((poisson_surprise(2, 1.0) - (-(0.264_241_1f64).log10())).abs() < 1e-6);
        assert_eq!(poisson_surprise(1, 2.0), 0.0);
        // P(X >= 10 | 1) ≈ 1.114e-7.
        assert!((poisson_surprise(10, 1.0) - 6.953).abs() < 0.01);
        assert!(poisson_surprise(50, 0.0) > 100.0);
        let big = poisson_surprise(1_000_000_000, 5_000.0);
        assert!(big.is_finite() && big > 100.0);
        assert!(poisson_surprise(2100, 2000.0) > 0.5);
        assert_eq!(poisson_surprise(5, f64::NAN), 0.0);
        assert!(poisson_surprise(u64::MAX, 1.0).is_finite());
    }

    #[test]
    fn profile_effective_hours() {
        let mut c = [0.0; 24];
        c[10] = 30.0;
        c[11] = 10.0;
        let p = HourProfile::from_counts(&c, 0.0);
        assert!((p.weights.iter().sum::<f64>() - 24.0).abs() < 1e-9);
        assert!((p.effective_hours(0, 86_400) - 24.0).abs() < 1e-9);
        assert!((p.effective_hours(10 * 3600, 11 * 3600) - 18.0).abs() < 1e-9);
        assert!((p.effective_hours(10 * 3600 + 1800, 11 * 3600 + 1800) - 12.0).abs() < 1e-9);
        assert_eq!(p.effective_hours(5, 5), 0.0);
    }
}
