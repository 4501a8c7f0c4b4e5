//! Exact nearest-rank percentiles by selection (expected linear time, no full sort), and of
//! many overlapping sets at once by bucket histograms ([`Grouped`]).

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

/// Mantissa bits of [`bucket`]: values below `2^(M + 1)` get a bucket each, larger ones
/// share a bucket with the values of the same octave and the same top `M + 1` bits.
const M: u32 = 5;
/// Number of [`bucket`]s (every `u32` has one).
pub const BUCKETS: usize = ((33 - M) << M) as usize;

/// Log-linear histogram bucket of `v`: monotone (`a <= b` implies `bucket(a) <= bucket(b)`),
/// exact for small values and about 3% wide above, so the bucket of a percentile holds only a
/// few percent of the values. Branch-free: one `or`, one `clz`, two shifts.
#[inline(always)]
pub fn bucket(v: u32) -> usize {
    // Octave of v, at least M (all values below 2^(M + 1) are in the octave-M row).
    let e = 31 - (v | (1 << M)).leading_zeros();
    (((e - M) << M) + (v >> (e - M))) as usize
}

/// A bucket column that holds no value: what [`Histograms::count`] counts a ticket without a
/// duration in (an unresolved one), so the caller needs no branch.
pub const NO_BUCKET: usize = BUCKETS;
/// Columns per histogram row: the buckets and [`NO_BUCKET`].
const WIDTH: usize = BUCKETS + 1;
/// The most histogram counters (4 bytes each) worth allocating: 4 MB, room for about 1170
/// sets. With more sets (thousands of services), each set is selected on its own.
const MAX_HISTOGRAM: usize = 1 << 20;

/// Bucket counts of many overlapping sets of values: every value belongs to the total, to one
/// set `a` of the first family (services) and one set `b` of the second (groups). The total is
/// not counted: it is the sum of the family-a rows.
///
/// Counting is the first of two passes: [`Histograms::targets`] then knows, per set, the
/// bucket holding each wanted rank, and a second pass offers only the values of those
/// buckets ([`Targets`]), among which the ranks are selected. Most values are in no wanted
/// bucket, so the second pass skips them with one table look-up.
#[derive(Debug)]
pub struct Histograms {
    na: usize,
    /// Rows `0..na` family a, then family b; [`WIDTH`] counters per row.
    counts: Vec<u32>,
}

impl Histograms {
    /// Empty histograms for `na` sets of the first family and `nb` of the second, or `None`
    /// when they would take more than `MAX_HISTOGRAM` counters, 4 MB (then
    /// [`Targets::everything`] selects each set on its own).
    pub fn new(na: usize, nb: usize) -> Option<Self> {
        Self::within(na, nb, MAX_HISTOGRAM)
    }

    fn within(na: usize, nb: usize, max_counters: usize) -> Option<Self> {
        let counters = (1 + na + nb) * WIDTH;
        (counters <= max_counters).then(|| Self {
            na,
            counts: vec![0; (na + nb) * WIDTH],
        })
    }

    /// Counts a value of bucket `k` (or [`NO_BUCKET`]) in set `a` and set `b`.
    #[inline(always)]
    pub fn count(&mut self, k: usize, a: usize, b: usize) {
        self.counts[a * WIDTH + k] += 1;
        self.counts[(self.na + b) * WIDTH + k] += 1;
    }

    /// What the second pass must collect: per set (total, family a, family b), the bucket and
    /// the rank within it of the median and of the 90th percentile.
    pub fn targets(&self) -> Targets {
        let na = self.na;
        let nb = self.counts.len() / WIDTH - na;
        let sets = 1 + na + nb;
        // Row 0: the total (the sum of the family-a rows); then family a; then family b.
        let mut hist = vec![0u32; BUCKETS];
        for row in self.counts.chunks_exact(WIDTH).take(na) {
            for (t, &x) in hist.iter_mut().zip(row) {
                *t += x;
            }
        }
        for row in self.counts.chunks_exact(WIDTH) {
            hist.extend_from_slice(&row[..BUCKETS]);
        }
        let mut want = vec![[Targets::NONE; 2]; sets];
        let mut within = vec![[0usize; 2]; sets];
        let mut counts = vec![0usize; sets];
        for (s, row) in hist.chunks_exact(BUCKETS).enumerate() {
            let n: usize = row.iter().map(|&x| x as usize).sum();
            counts[s] = n;
            if n == 0 {
                continue;
            }
            for (j, r) in [rank(50, n), rank(90, n)].into_iter().enumerate() {
                let mut below = 0usize;
                for (k, &x) in row.iter().enumerate() {
                    if below + x as usize > r {
                        want[s][j] = k as u32;
                        within[s][j] = r - below;
                        break;
                    }
                    below += x as usize;
                }
            }
        }
        let mut wanted = vec![false; WIDTH];
        for &k in want.iter().flatten().filter(|&&k| k != Targets::NONE) {
            wanted[k as usize] = true;
        }
        Targets {
            na,
            wanted,
            want: Some(Ranks {
                bucket: want,
                within,
                count: counts,
            }),
            picked: (0..sets).map(|_| Default::default()).collect(),
        }
    }
}

/// Per set (total, family a, family b): where its median and 90th percentile are.
#[derive(Debug)]
struct Ranks {
    /// The buckets holding the two ranks ([`Targets::NONE`] for a set without values).
    bucket: Vec<[u32; 2]>,
    /// The ranks within those buckets.
    within: Vec<[usize; 2]>,
    /// The set's number of values.
    count: Vec<usize>,
}

/// The values a set's percentiles still need, collected by a pass that offers them
/// ([`Targets::offer`]), then the percentiles ([`Targets::percentiles`]).
#[derive(Debug)]
pub struct Targets {
    na: usize,
    /// Per bucket (and [`NO_BUCKET`], never wanted): whether any set wants its values.
    wanted: Vec<bool>,
    /// Per set: the buckets of the two ranks, the ranks within those buckets, and the set's
    /// number of values. `None`: every value is wanted ([`Targets::everything`]).
    want: Option<Ranks>,
    /// Per set: the values of the median's bucket, and of the 90th percentile's when it is
    /// another bucket (with [`Targets::everything`], all values in the first).
    picked: Vec<[Vec<u32>; 2]>,
}

impl Targets {
    /// A set without values.
    const NONE: u32 = u32::MAX;

    /// Every value of every set wanted: the percentiles by selection in each set, for when
    /// there are too many sets for histograms.
    pub fn everything(na: usize, nb: usize) -> Self {
        let mut wanted = vec![true; WIDTH];
        wanted[NO_BUCKET] = false;
        Self {
            na,
            wanted,
            want: None,
            picked: (0..1 + na + nb).map(|_| Default::default()).collect(),
        }
    }

    /// Whether values of bucket `k` are wanted at all (one look-up, for skipping).
    #[inline(always)]
    pub fn wants(&self, k: usize) -> bool {
        self.wanted.get(k).copied().unwrap_or(false)
    }

    /// The buckets whose values are wanted, in order.
    pub fn wanted(&self) -> Vec<usize> {
        (0..BUCKETS).filter(|&k| self.wanted[k]).collect()
    }

    /// Offers value `v` (of bucket `k`) of set `a` and set `b`; kept where wanted.
    pub fn offer(&mut self, v: u32, k: usize, a: usize, b: usize) {
        let k = k as u32;
        for s in [0, 1 + a, 1 + self.na + b] {
            match &self.want {
                None => self.picked[s][0].push(v),
                Some(ranks) => {
                    let w = ranks.bucket[s];
                    if k == w[0] {
                        self.picked[s][0].push(v);
                    } else if k == w[1] {
                        self.picked[s][1].push(v);
                    }
                }
            }
        }
    }

    /// The percentiles of the total, of each `a` set and of each `b` set.
    pub fn percentiles(mut self) -> (Percentiles, Vec<Percentiles>, Vec<Percentiles>) {
        let mut out: Vec<Percentiles> = match &self.want {
            None => self
                .picked
                .iter_mut()
                .map(|[all, _]| percentiles(all))
                .collect(),
            Some(Ranks {
                bucket: want,
                within,
                count: counts,
            }) => self
                .picked
                .iter_mut()
                .enumerate()
                .map(|(s, [lo, hi])| {
                    let n = counts[s];
                    if n == 0 {
                        return Percentiles::default();
                    }
                    let [o50, o90] = within[s];
                    let (v50, v90) = if want[s][0] == want[s][1] {
                        // o50 <= o90: select the larger first, the smaller is below it.
                        let (below, v90, _) = lo.select_nth_unstable(o90);
                        let v90 = *v90;
                        let v50 = if o50 == o90 {
                            v90
                        } else {
                            *below.select_nth_unstable(o50).1
                        };
                        (v50, v90)
                    } else {
                        (
                            *lo.select_nth_unstable(o50).1,
                            *hi.select_nth_unstable(o90).1,
                        )
                    };
                    Percentiles {
                        count: u32::try_from(n).unwrap_or(u32::MAX),
                        p50: Some(v50),
                        p90: Some(v90),
                    }
                })
                .collect(),
        };
        let by_b = out.split_off(1 + self.na);
        let by_a = out.split_off(1);
        (out[0], by_a, by_b)
    }
}

/// Exact percentiles of many overlapping sets of values ([`Histograms`] and [`Targets`] over
/// values kept in memory): the same results as [`percentiles`] of each set's values.
#[derive(Debug, Default)]
pub struct Grouped {
    na: usize,
    nb: usize,
    /// The values with their sets.
    items: Vec<(u32, usize, usize)>,
}

impl Grouped {
    /// The most sets of each family (set numbers are kept in 16 bits by callers).
    pub const MAX_SETS: usize = 1 << 16;

    /// Empty, for `na` sets of the first family and `nb` of the second.
    pub fn new(na: usize, nb: usize) -> Self {
        Self {
            na,
            nb,
            items: Vec::new(),
        }
    }

    /// Adds `v` to the total, to set `a` (`< na`) and to set `b` (`< nb`).
    pub fn push(&mut self, v: u32, a: usize, b: usize) {
        debug_assert!(a < self.na && b < self.nb);
        self.items.push((v, a, b));
    }

    /// The percentiles of the total, of each `a` set and of each `b` set.
    pub fn percentiles(&self) -> (Percentiles, Vec<Percentiles>, Vec<Percentiles>) {
        self.percentiles_within(MAX_HISTOGRAM)
    }

    /// [`Grouped::percentiles`], by histograms when they need at most `max_counters`.
    pub(crate) fn percentiles_within(
        &self,
        max_counters: usize,
    ) -> (Percentiles, Vec<Percentiles>, Vec<Percentiles>) {
        let mut targets = match Histograms::within(self.na, self.nb, max_counters) {
            Some(mut h) => {
                for &(v, a, b) in &self.items {
                    h.count(bucket(v), a, b);
                }
                h.targets()
            }
            None => Targets::everything(self.na, self.nb),
        };
        for &(v, a, b) in &self.items {
            let k = bucket(v);
            if targets.wants(k) {
                targets.offer(v, k, a, b);
            }
        }
        targets.percentiles()
    }
}
