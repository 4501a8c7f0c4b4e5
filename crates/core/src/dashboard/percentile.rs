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

/// Exact percentiles of many overlapping sets of values at once: every value belongs to the
/// total, to one set `a` of the first family (services) and one set `b` of the second
/// (groups).
///
/// Instead of keeping a vector per set and selecting in each, the values are kept once with
/// their two set numbers, and a histogram of [`bucket`]s per set is counted as they are
/// added. The histograms find the bucket holding each wanted rank; one pass then collects only
/// the values of those buckets, among which the rank is selected. Results are the same as
/// [`percentiles`] of each set's values.
#[derive(Debug, Default)]
pub struct Grouped {
    na: usize,
    nb: usize,
    /// Per value: `v << 32 | a << 16 | b`, one 8-byte write per value.
    items: Vec<u64>,
    /// Bucket counts per set: rows `0..na` family a, then family b (the total is their
    /// sum), then one spare row that [`Writer`] counts skipped values in. Empty when there
    /// are too many sets for histograms ([`Grouped::MAX_HISTOGRAM`]).
    hist: Vec<u32>,
}

impl Grouped {
    /// The most sets of each family (set numbers are kept in 16 bits).
    pub const MAX_SETS: usize = 1 << 16;

    /// Empty, for `na` sets of the first family and `nb` of the second (each at most
    /// [`Grouped::MAX_SETS`]), with room for `n` values.
    pub fn with_capacity(na: usize, nb: usize, n: usize) -> Self {
        assert!(na <= Self::MAX_SETS && nb <= Self::MAX_SETS);
        let counters = (1 + na + nb) * BUCKETS;
        Self {
            na,
            nb,
            items: Vec::with_capacity(n),
            hist: if counters <= Self::MAX_HISTOGRAM {
                vec![0; counters]
            } else {
                Vec::new()
            },
        }
    }

    /// Adds `v` to the total, to set `a` (`< na`) and to set `b` (`< nb`).
    #[inline(always)]
    pub fn push(&mut self, v: u32, a: usize, b: usize) {
        debug_assert!(a < self.na && b < self.nb);
        self.items.push(Self::pack(v, a, b));
        count(&mut self.hist, a, self.na + b, v);
    }

    /// A writer for up to `n` more values, each kept or skipped without a branch
    /// ([`Writer::add`]); the values are in `self` once the writer is dropped.
    pub fn writer(&mut self, n: usize) -> Writer<'_> {
        let mut items = std::mem::take(&mut self.items);
        let len = items.len();
        items.resize(len + n, 0);
        Writer {
            na: self.na,
            spare: self.na + self.nb,
            hist: std::mem::take(&mut self.hist),
            items,
            len,
            owner: self,
        }
    }

    /// An item: value, `a` and `b` in one `u64` (see `items`).
    #[inline(always)]
    fn pack(v: u32, a: usize, b: usize) -> u64 {
        u64::from(v) << 32 | (a as u64) << 16 | (b as u64 & 0xFFFF)
    }

    /// Splits an item into value, `a` and `b`.
    #[inline(always)]
    fn unpack(x: u64) -> (u32, usize, usize) {
        (
            (x >> 32) as u32,
            (x >> 16) as usize & 0xFFFF,
            x as usize & 0xFFFF,
        )
    }

    /// The percentiles of the total, of each `a` set and of each `b` set.
    pub fn percentiles(&self) -> (Percentiles, Vec<Percentiles>, Vec<Percentiles>) {
        self.percentiles_within(Self::MAX_HISTOGRAM)
    }

    /// The most histogram counters (4 bytes each) worth allocating: 4 MB, room for about
    /// 1170 sets. With more sets (thousands of services), each set is selected on its own.
    const MAX_HISTOGRAM: usize = 1 << 20;

    /// [`Grouped::percentiles`], by histograms when they need at most `max_counters`.
    pub(crate) fn percentiles_within(
        &self,
        max_counters: usize,
    ) -> (Percentiles, Vec<Percentiles>, Vec<Percentiles>) {
        let (na, nb) = (self.na, self.nb);
        let sets = 1 + na + nb;
        if self.hist.is_empty() || sets * BUCKETS > max_counters {
            return self.by_selection();
        }
        // Row 0: total (the sum of the family-a rows); rows 1..=na: family a; then family b.
        let mut hist = vec![0u32; BUCKETS];
        hist.extend_from_slice(&self.hist[..(na + nb) * BUCKETS]);
        let (total, rest) = hist.split_at_mut(BUCKETS);
        for row in rest[..na * BUCKETS].chunks_exact(BUCKETS) {
            for (t, &x) in total.iter_mut().zip(row) {
                *t += x;
            }
        }
        // Per set: the bucket and the rank within it of the median and the 90th percentile.
        const NONE: u32 = u32::MAX;
        let mut want = vec![[NONE; 2]; sets];
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
        // The values of the wanted buckets; both ranks share a vector when in one bucket. Most
        // values are in no wanted bucket: one table look-up skips them.
        let mut wanted_any = vec![false; BUCKETS];
        for &k in want.iter().flatten().filter(|&&k| k != NONE) {
            wanted_any[k as usize] = true;
        }
        let mut picked: Vec<[Vec<u32>; 2]> = (0..sets).map(|_| Default::default()).collect();
        for &x in &self.items {
            let (v, a, b) = Self::unpack(x);
            let k = bucket(v);
            if !wanted_any[k] {
                continue;
            }
            let k = k as u32;
            for s in [0, 1 + a, 1 + na + b] {
                let w = want[s];
                if k == w[0] {
                    picked[s][0].push(v);
                } else if k == w[1] {
                    picked[s][1].push(v);
                }
            }
        }
        let mut out: Vec<Percentiles> = picked
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
            .collect();
        let by_b = out.split_off(1 + na);
        let by_a = out.split_off(1);
        (out[0], by_a, by_b)
    }

    /// The same results with a vector per set and [`percentiles`] (selection) on each.
    fn by_selection(&self) -> (Percentiles, Vec<Percentiles>, Vec<Percentiles>) {
        let mut total = Vec::with_capacity(self.items.len());
        let (mut by_a, mut by_b) = (vec![Vec::new(); self.na], vec![Vec::new(); self.nb]);
        for &x in &self.items {
            let (v, a, b) = Self::unpack(x);
            total.push(v);
            by_a[a].push(v);
            by_b[b].push(v);
        }
        let each = |sets: Vec<Vec<u32>>| -> Vec<Percentiles> {
            sets.into_iter().map(|mut v| percentiles(&mut v)).collect()
        };
        (percentiles(&mut total), each(by_a), each(by_b))
    }
}

/// Adds values to a [`Grouped`] from a hot loop: every call writes, and only kept values
/// advance (a skipped value is overwritten by the next and counted in the spare histogram
/// row), so the loop has no branch on data without a pattern. The columns are held by value
/// while writing, so the loop keeps their addresses in registers.
pub struct Writer<'a> {
    na: usize,
    /// Histogram row of skipped values.
    spare: usize,
    items: Vec<u64>,
    len: usize,
    hist: Vec<u32>,
    owner: &'a mut Grouped,
}

impl Writer<'_> {
    /// Adds `v` to the total, to set `a` and to set `b` when `keep`; otherwise nothing.
    #[inline(always)]
    pub fn add(&mut self, v: u32, a: usize, b: usize, keep: bool) {
        debug_assert!(a < self.na && b < self.spare - self.na);
        self.items[self.len] = Grouped::pack(v, a, b);
        self.len += usize::from(keep);
        let ra = crate::select::pick(keep, a, self.spare);
        let rb = crate::select::pick(keep, self.na + b, self.spare);
        count(&mut self.hist, ra, rb, v);
    }
}

/// Counts `v` in histogram rows `ra` and `rb` of `hist` (nothing when there are no
/// histograms).
#[inline(always)]
fn count(hist: &mut [u32], ra: usize, rb: usize, v: u32) {
    if !hist.is_empty() {
        let k = bucket(v);
        hist[ra * BUCKETS + k] += 1;
        hist[rb * BUCKETS + k] += 1;
    }
}

impl Drop for Writer<'_> {
    /// Hands the kept values and the histograms back, without the unused room.
    fn drop(&mut self) {
        self.items.truncate(self.len);
        self.owner.items = std::mem::take(&mut self.items);
        self.owner.hist = std::mem::take(&mut self.hist);
    }
}
