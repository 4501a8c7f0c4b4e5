//! The significance of a count: `-log10` of the negative-binomial upper tail.
//!
//! An expected count learned from `h` hours of history and applied to a window of `d` hours
//! is itself uncertain. With a gamma posterior for the rate, the predictive distribution of
//! the window's count is negative binomial with mean `expected` and shape
//! `expected × h / d`: its variance, `expected + expected² / shape`, is the Poisson variance
//! plus the uncertainty of the baseline. Long windows compared with short histories are
//! judged with that extra width; an hour against four weeks is practically Poisson.

use crate::stats::poisson_surprise;

/// `ln Γ(x)` for `x > 0` (Lanczos approximation, g = 7, nine terms; relative error ≈ 1e-15).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
        let s = (std::f64::consts::PI * x).sin();
        return (std::f64::consts::PI / s).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * std::f64::consts::TAU.ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// `-log10 P(X ≥ observed)` for `X` negative binomial with mean `expected` and shape
/// `shape` (variance `expected + expected² / shape`). 0 when `observed ≤ expected`;
/// shapes above 1e7 use the Poisson tail. Never panics; non-finite input gives 0.
pub fn nb_surprise(observed: u64, expected: f64, shape: f64) -> f64 {
    if !expected.is_finite() || !shape.is_finite() || observed as f64 <= expected {
        return 0.0;
    }
    let expected = expected.max(1e-9);
    if shape > 1e7 {
        return poisson_surprise(observed, expected);
    }
    let r = shape.max(1e-9);
    let o = observed as f64;
    // P(X = k) = Γ(k + r) / (Γ(r) k!) q^r (1 - q)^k with q = r / (r + expected).
    let ln_q = (r / (r + expected)).ln();
    let ln_1q = (expected / (r + expected)).ln();
    let ln_pk = ln_gamma(o + r) - ln_gamma(r) - ln_gamma(o + 1.0) + r * ln_q + o * ln_1q;
    let p1q = expected / (r + expected);
    let (mut term, mut sum, mut k) = (1.0f64, 1.0f64, o);
    let stop = o + 1e6;
    while term > sum * 1e-12 && k < stop {
        term *= (k + r) / (k + 1.0) * p1q;
        k += 1.0;
        sum += term;
    }
    (-(ln_pk + sum.ln()) / std::f64::consts::LN_10).max(0.0)
}
