//! One zoom level of the cluster index: entries sorted by row then by x, plus a small
//! unsorted list of entries added by incremental inserts since the last compaction.
//!
//! Rows are horizontal bands `2^(32 - bits)` fixed-point units high; within a row entries
//! are ordered by `x >> xs` (a fraction of the row height), so the entries near a position
//! are found by a binary search in each of the few rows it spans: a search box only a
//! little larger than the radius, as a k-d tree's, without a tree.

use super::radix::sort_u64;

/// Entries as parallel columns: fixed-point Web-Mercator position, point count and id
/// (the point's index for single points, a representative point's index for clusters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Cols {
    pub x: Vec<u32>,
    pub y: Vec<u32>,
    pub n: Vec<u32>,
    pub id: Vec<u32>,
}

impl Cols {
    pub fn with_capacity(c: usize) -> Self {
        Self {
            x: Vec::with_capacity(c),
            y: Vec::with_capacity(c),
            n: Vec::with_capacity(c),
            id: Vec::with_capacity(c),
        }
    }

    pub fn len(&self) -> usize {
        self.x.len()
    }

    pub fn push(&mut self, x: u32, y: u32, n: u32, id: u32) {
        self.x.push(x);
        self.y.push(y);
        self.n.push(n);
        self.id.push(id);
    }
}

/// One level: `main` sorted by `(row, x >> xs)`, `extra` unsorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Level {
    /// Row bits: the row of `y` is `y >> (32 - bits)` (one row when 0).
    pub bits: u32,
    /// Shift of x within a row.
    pub xs: u32,
    pub main: Cols,
    pub extra: Cols,
}

/// Row (or cell) coordinate of a fixed-point coordinate at `bits` bits.
#[inline]
pub(crate) fn cell_of(v: u32, bits: u32) -> u32 {
    if bits == 0 {
        0
    } else {
        v >> (32 - bits)
    }
}

/// Applies `perm` (new position `p` takes old entry `perm(p)`) to one column, freeing the
/// old column before the next is gathered (the peak is one extra column, not four).
fn gather(col: &mut Vec<u32>, perm: &[u64], mask: u64) {
    let new: Vec<u32> = perm.iter().map(|&k| col[(k & mask) as usize]).collect();
    *col = new;
}

impl Level {
    /// The sort key of a position: row, then shifted x.
    #[inline]
    fn key_of(&self, x: u32, y: u32) -> u64 {
        (u64::from(cell_of(y, self.bits)) << 32) | u64::from(x >> self.xs)
    }

    /// The sort key of `main` entry `i`.
    #[inline]
    pub fn key(&self, i: usize) -> u64 {
        self.key_of(self.main.x[i], self.main.y[i])
    }

    /// A level whose `main` holds `cols` reordered by `(row, x >> xs)`, and the visiting
    /// order: `visit[e]` is the sorted position of the entry pushed `e`-th into `cols`.
    pub fn sorted(mut cols: Cols, bits: u32, xs: u32) -> (Self, Vec<u32>) {
        let n = cols.len();
        let mut level = Self {
            bits,
            xs,
            main: Cols::default(),
            extra: Cols::default(),
        };
        // Keys relative to the data's bounding rows and x, packed with the entry index
        // into one u64 when they fit (one array to sort, half the scratch of pairs).
        let (mut r0, mut r1, mut x0, mut x1) = (u32::MAX, 0u32, u32::MAX, 0u32);
        for i in 0..n {
            let (r, x) = (cell_of(cols.y[i], bits), cols.x[i] >> xs);
            r0 = r0.min(r);
            r1 = r1.max(r);
            x0 = x0.min(x);
            x1 = x1.max(x);
        }
        let width = |span: u32| 32 - span.leading_zeros();
        let (rb, xb) = if n == 0 {
            (0, 0)
        } else {
            (width(r1 - r0), width(x1 - x0))
        };
        let ib = width(n.saturating_sub(1) as u32);
        let mut visit = vec![0u32; n];
        if rb + xb + ib <= 64 {
            let mask = if ib == 0 { 0 } else { (1u64 << ib) - 1 };
            let mut packed: Vec<u64> = (0..n)
                .map(|i| {
                    let r = u64::from(cell_of(cols.y[i], bits) - r0);
                    let x = u64::from((cols.x[i] >> xs) - x0);
                    (((r << xb) | x) << ib) | i as u64
                })
                .collect();
            sort_u64(&mut packed, rb + xb + ib, ib);
            for (pos, &k) in packed.iter().enumerate() {
                visit[(k & mask) as usize] = pos as u32;
            }
            for col in [&mut cols.x, &mut cols.y, &mut cols.n, &mut cols.id] {
                gather(col, &packed, mask);
            }
        } else {
            // More than a 64-bit key: sort indices by key (rare: huge spreads and counts).
            let mut order: Vec<u32> = (0..n as u32).collect();
            // std's sort on purpose: hot, over every point (STD_SORT_ALLOWED in tests/tidy.rs).
            #[allow(clippy::disallowed_methods)]
            order.sort_by_key(|&i| level.key_of(cols.x[i as usize], cols.y[i as usize]));
            let perm: Vec<u64> = order.iter().map(|&i| u64::from(i)).collect();
            for (pos, &p) in order.iter().enumerate() {
                visit[p as usize] = pos as u32;
            }
            for col in [&mut cols.x, &mut cols.y, &mut cols.n, &mut cols.id] {
                gather(col, &perm, u64::from(u32::MAX));
            }
        }
        level.main = cols;
        (level, visit)
    }

    /// First index of `main` in `[from, to)` whose key is `>= k`.
    #[inline]
    pub fn lower_bound(&self, from: usize, to: usize, k: u64) -> usize {
        let (mut lo, mut hi) = (from, to);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.key(mid) < k {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Calls `f(i)` for every `main` index whose row lies in the rows of `y0..=y1` and
    /// whose shifted x lies in that of `x0..=x1` (a superset of the box; callers check
    /// exact positions).
    pub fn for_each_in_box(
        &self,
        (x0, y0, x1, y1): (u32, u32, u32, u32),
        mut f: impl FnMut(usize),
    ) {
        if x0 > x1 || y0 > y1 {
            return;
        }
        let len = self.main.len();
        let (r0, r1) = (cell_of(y0, self.bits), cell_of(y1, self.bits));
        let (a, b) = (u64::from(x0 >> self.xs), u64::from(x1 >> self.xs));
        let mut pos = 0;
        let mut r = r0;
        loop {
            let row = u64::from(r) << 32;
            pos = self.lower_bound(pos, len, row | a);
            while pos < len && self.key(pos) <= (row | b) {
                f(pos);
                pos += 1;
            }
            if pos >= len {
                break;
            }
            // Skip the empty rows: go on at the next entry's row.
            let next = ((self.key(pos) >> 32) as u32).max(r.saturating_add(1));
            if next > r1 || next == r {
                break;
            }
            r = next;
        }
    }

    /// Merges `extra` into `main` (keeping the order).
    pub fn compact(&mut self) {
        if self.extra.len() == 0 {
            return;
        }
        let extra = std::mem::take(&mut self.extra);
        let ek = |i: usize| self.key_of(extra.x[i], extra.y[i]);
        let mut order: Vec<usize> = (0..extra.len()).collect();
        // std's sort on purpose: hot, over the added points (STD_SORT_ALLOWED in tests/tidy.rs).
        #[allow(clippy::disallowed_methods)]
        order.sort_by_key(|&i| ek(i));
        let mut out = Cols::with_capacity(self.main.len() + extra.len());
        let (mut a, mut b) = (0, 0);
        while a < self.main.len() || b < order.len() {
            let take_main =
                b >= order.len() || (a < self.main.len() && self.key(a) <= ek(order[b]));
            if take_main {
                out.push(
                    self.main.x[a],
                    self.main.y[a],
                    self.main.n[a],
                    self.main.id[a],
                );
                a += 1;
            } else {
                let e = order[b];
                out.push(extra.x[e], extra.y[e], extra.n[e], extra.id[e]);
                b += 1;
            }
        }
        self.main = out;
    }
}
