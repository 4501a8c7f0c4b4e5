//! The priority score of a spot candidate and its visible "why".

use serde::{Deserialize, Serialize};

/// What a part of the priority score is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// Number of distinct complaining customers.
    Complaints,
    /// Share of business and VIP customers.
    SegmentMix,
    /// How serious the dominant topic is.
    Topic,
    /// Customers' lifetime value.
    CustomerValue,
    /// Rate in the last `growth_hours` against the rest of the window.
    Growth,
}

/// One term of the priority score: `contribution = weight × f(value)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreFactor {
    /// What the term is about.
    pub factor: Factor,
    /// The measured value (customers; share 0..=1; topic weight; mean lifetime value; rate
    /// ratio).
    pub value: f64,
    /// The configured weight.
    pub weight: f64,
    /// The term's part of the score.
    pub contribution: f64,
}

/// Weights of the score terms (see [`score`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreWeights {
    /// × ln(1 + customers). Default 1.
    pub complaints: f64,
    /// × share of business/VIP customers. Default 2.
    pub segment_mix: f64,
    /// × topic weight. Default 1.
    pub topic: f64,
    /// × log10(1 + mean lifetime value / 1000). Default 0.5.
    pub customer_value: f64,
    /// × log2(growth ratio), the log clamped to -2..=2. Default 0.5.
    pub growth: f64,
    /// Weight per topic code; topics not listed get `default_topic`.
    pub topics: Vec<(String, f64)>,
    /// Weight of unlisted topics. Default 0.5.
    pub default_topic: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        let t = |s: &str, w: f64| (s.to_string(), w);
        Self {
            complaints: 1.0,
            segment_mix: 2.0,
            topic: 1.0,
            customer_value: 0.5,
            growth: 0.5,
            topics: vec![
                t("no-signal", 1.0),
                t("no-data", 0.9),
                t("call-drops", 0.8),
                t("weak-signal", 0.6),
                t("slow-data", 0.5),
            ],
            default_topic: 0.5,
        }
    }
}

/// Inputs of the score of one candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreInputs<'a> {
    /// Distinct customers.
    pub customers: usize,
    /// Of them, business or VIP.
    pub premium_customers: usize,
    /// Dominant topic code.
    pub topic: &'a str,
    /// Sum of the customers' lifetime values.
    pub lifetime_value: f64,
    /// Complaints per hour in the last `growth_hours` divided by the rate before (with one
    /// pseudo-complaint each side, so it is finite).
    pub growth: f64,
}

/// The priority score (sum of the contributions, at least 0) and its factors.
pub fn score(w: &ScoreWeights, x: &ScoreInputs<'_>) -> (f64, Vec<ScoreFactor>) {
    let customers = x.customers as f64;
    let share = if x.customers == 0 {
        0.0
    } else {
        x.premium_customers as f64 / customers
    };
    let topic_w = w
        .topics
        .iter()
        .find(|(t, _)| t == x.topic)
        .map_or(w.default_topic, |(_, v)| *v);
    let mean_value = if x.customers == 0 {
        0.0
    } else {
        x.lifetime_value / customers
    };
    let growth = if x.growth.is_finite() && x.growth > 0.0 {
        x.growth
    } else {
        1.0
    };
    let f = |factor, value: f64, weight: f64, g: f64| ScoreFactor {
        factor,
        value,
        weight,
        contribution: if (weight * g).is_finite() {
            weight * g
        } else {
            0.0
        },
    };
    let why = vec![
        f(
            Factor::Complaints,
            customers,
            w.complaints,
            customers.ln_1p(),
        ),
        f(Factor::SegmentMix, share, w.segment_mix, share),
        f(Factor::Topic, topic_w, w.topic, topic_w),
        f(
            Factor::CustomerValue,
            mean_value,
            w.customer_value,
            (mean_value.max(0.0) / 1000.0).ln_1p() / std::f64::consts::LN_10,
        ),
        f(
            Factor::Growth,
            growth,
            w.growth,
            growth.log2().clamp(-2.0, 2.0),
        ),
    ];
    let total = why.iter().map(|s| s.contribution).sum::<f64>().max(0.0);
    (total, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_customers_and_vips_score_higher() {
        let w = ScoreWeights::default();
        let base = ScoreInputs {
            customers: 5,
            premium_customers: 0,
            topic: "weak-signal",
            lifetime_value: 50_000.0,
            growth: 1.0,
        };
        let (a, why) = score(&w, &base);
        assert_eq!(why.len(), 5);
        assert!((why.iter().map(|f| f.contribution).sum::<f64>() - a).abs() < 1e-9);
        let (b, _) = score(
            &w,
            &ScoreInputs {
                customers: 20,
                ..base
            },
        );
        let (c, _) = score(
            &w,
            &ScoreInputs {
                premium_customers: 3,
                ..base
            },
        );
        let (d, _) = score(
            &w,
            &ScoreInputs {
                topic: "no-signal",
                ..base
            },
        );
        let (e, _) = score(
            &w,
            &ScoreInputs {
                growth: 4.0,
                ..base
            },
        );
        assert!(b > a && c > a && d > a && e > a);
        let (z, _) = score(
            &w,
            &ScoreInputs {
                customers: 0,
                growth: f64::NAN,
                ..base
            },
        );
        assert!(z.is_finite());
    }
}
