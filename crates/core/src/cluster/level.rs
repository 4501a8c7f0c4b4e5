//! One zoom level of the cluster index: entries sorted by grid cell, plus a small unsorted
//! list of entries added by incremental inserts since the last compaction.

use super::radix::sort_pairs;

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

/// One level: `main` sorted by cell key at `bits` bits per axis, `extra` unsorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Level {
    pub bits: u32,
    pub main: Cols,
    pub extra: Cols,
}

/// Cell coordinate of a fixed-point coordinate at `bits` bits per axis.
#[inline]
pub(crate) fn cell_of(v: u32, bits: u32) -> u32 {
    if bits == 0 {
        0
    } else {
        v >> (32 - bits)
    }
}

/// Row-major key of a cell.
#[inline]
pub(crate) fn key_of(cx: u32, cy: u32, bits: u32) -> u64 {
    (u64::from(cy) << bits) | u64::from(cx)
}

impl Level {
    /// A level whose `main` holds `cols` reordered by cell key, and the visiting order:
    /// `visit[e]` is the sorted position of the entry pushed `e`-th into `cols`.
    pub fn sorted(cols: Cols, bits: u32) -> (Self, Vec<u32>) {
        let n = cols.len();
        let mut keys: Vec<u64> = (0..n)
            .map(|i| key_of(cell_of(cols.x[i], bits), cell_of(cols.y[i], bits), bits))
            .collect();
        let mut perm: Vec<u32> = (0..n as u32).collect();
        sort_pairs(&mut keys, &mut perm, 2 * bits);
        drop(keys);
        let mut main = Cols::with_capacity(n);
        let mut visit = vec![0u32; n];
        for (pos, &p) in perm.iter().enumerate() {
            let p = p as usize;
            main.push(cols.x[p], cols.y[p], cols.n[p], cols.id[p]);
            visit[p] = pos as u32;
        }
        let level = Self {
            bits,
            main,
            extra: Cols::default(),
        };
        (level, visit)
    }

    #[inline]
    pub fn key(&self, i: usize) -> u64 {
        key_of(
            cell_of(self.main.x[i], self.bits),
            cell_of(self.main.y[i], self.bits),
            self.bits,
        )
    }

    /// First index of `main` at or after `from` whose key is `>= k`.
    pub fn lower_bound(&self, from: usize, k: u64) -> usize {
        let (mut lo, mut hi) = (from, self.main.len());
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

    /// Calls `f(i)` for every `main` index whose cell lies in columns `cx0..=cx1` and rows
    /// `cy0..=cy1` (skip-scan: binary search to jump over cells outside the columns).
    pub fn for_each_in_cells(
        &self,
        (cx0, cy0, cx1, cy1): (u32, u32, u32, u32),
        mut f: impl FnMut(usize),
    ) {
        if cx0 > cx1 || cy0 > cy1 {
            return;
        }
        let mask = if self.bits == 0 {
            0
        } else {
            (1u64 << self.bits) - 1
        };
        let mut pos = self.lower_bound(0, key_of(cx0, cy0, self.bits));
        let len = self.main.len();
        while pos < len {
            let k = self.key(pos);
            let (cy, cx) = ((k >> self.bits) as u32, (k & mask) as u32);
            if cy > cy1 {
                break;
            }
            if cx < cx0 {
                pos = self.lower_bound(pos + 1, key_of(cx0, cy, self.bits));
            } else if cx > cx1 {
                if cy == u32::MAX {
                    break;
                }
                pos = self.lower_bound(pos + 1, key_of(cx0, cy + 1, self.bits));
            } else {
                f(pos);
                pos += 1;
            }
        }
    }

    /// Merges `extra` into `main` (keeping the cell order).
    pub fn compact(&mut self) {
        if self.extra.len() == 0 {
            return;
        }
        let extra = std::mem::take(&mut self.extra);
        let bits = self.bits;
        let ek = |i: usize| key_of(cell_of(extra.x[i], bits), cell_of(extra.y[i], bits), bits);
        let mut order: Vec<usize> = (0..extra.len()).collect();
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
