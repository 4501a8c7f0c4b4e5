//! Exact nearest-rank percentiles by selection (expected linear time, no full sort).

/// Count and nearest-rank median and 90th percentile of a set of durations (seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Percentiles {
    /// Number of values.
    pub count: u32,
    /// The smallest value with at least half of the values at or below it.
    pub p50: Option<u32>,
    /// The smallest value with at least 90% of the values at or below it.
    pub p90: Option<u32>,
}

/// Zero-based index of the nearest-rank `p`th percentile among `n >= 1` sorted values.
pub fn rank(p: usize, n: usize) -> usize {
    ((p * n).div_ceil(100)).max(1) - 1
}

/// The percentiles of `values`, which are reordered.
pub fn percentiles(values: &mut [u32]) -> Percentiles {
    let n = values.len();
    if n == 0 {
        return Percentiles::default();
    }
    let r90 = rank(90, n);
    let r50 = rank(50, n);
    let (below, v90, _) = values.select_nth_unstable(r90);
    let v90 = *v90;
    // Everything before index r90 is now <= v90, so the median is among them.
    let v50 = if r50 == r90 {
        v90
    } else {
        *below.select_nth_unstable(r50).1
    };
    Percentiles {
        count: u32::try_from(n).unwrap_or(u32::MAX),
        p50: Some(v50),
        p90: Some(v90),
    }
}

/// `to - from` in whole seconds, clamped to `0..=u32::MAX`.
#[inline]
pub fn duration(from: i64, to: i64) -> u32 {
    to.saturating_sub(from).clamp(0, i64::from(u32::MAX)) as u32
}
