//! The shared core of spot and burst detection: hot cells by a small scan statistic over
//! grid cells, grouped into connected candidates.

use crate::cellgrid::{CellGrid, CellId};
use crate::stats::poisson_surprise;
use std::collections::BTreeMap;

/// When a cell is hot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HotRule {
    /// Minimum surprise (`-log10` Poisson tail) of one of the cell's blocks.
    pub threshold: f64,
    /// The cell's own distinct customers must be at least this times its expectation.
    pub cell_ratio: f64,
}

/// A connected group of hot cells.
#[derive(Debug, Clone, PartialEq)]
pub struct HotGroup {
    /// Cell keys ([`CellId::key`]), ascending.
    pub cells: Vec<u64>,
    /// Indices of the points in those cells.
    pub points: Vec<usize>,
    /// Highest block surprise among the cells.
    pub surprise: f64,
    /// Sum of the cells' expected counts.
    pub expected: f64,
}

/// The blocks a cell is tested in, as indices into its 3 x 3 neighbourhood (row-major,
/// centre 4): the cell alone, the four 2 x 2 blocks containing it, and the 3 x 3 block.
/// Where the neighbourhood is irregular (at a whole-degree latitude band edge): all of it.
fn shapes(n: usize) -> Vec<Vec<usize>> {
    if n == 9 {
        vec![
            vec![4],
            vec![0, 1, 3, 4],
            vec![1, 2, 4, 5],
            vec![3, 4, 6, 7],
            vec![4, 5, 7, 8],
            (0..9).collect(),
        ]
    } else {
        vec![(0..n).collect()]
    }
}

/// Hot cells among the cells of `pts` (`(cell key, point index)`, sorted) and their
/// connected groups (8-neighbourhood). `customers[i]` is point `i`'s customer (each counts
/// once per block and group); `expect(cell key)` the expected count of a cell.
pub fn hot_groups(
    grid: &CellGrid,
    pts: &[(u64, u32)],
    customers: &[u64],
    expect: &mut dyn FnMut(u64) -> f64,
    rule: HotRule,
) -> Vec<HotGroup> {
    let mut cells: Vec<(u64, usize, usize)> = Vec::new();
    for (k, &(key, _)) in pts.iter().enumerate() {
        match cells.last_mut() {
            Some(c) if c.0 == key => c.2 = k + 1,
            _ => cells.push((key, k, k + 1)),
        }
    }
    let mut memo: BTreeMap<u64, f64> = BTreeMap::new();
    let mut expect = |key: u64| *memo.entry(key).or_insert_with(|| expect(key));
    let find = |key: u64| cells.binary_search_by_key(&key, |c| c.0).ok();
    let mut scratch: Vec<u64> = Vec::new();
    let mut distinct = |ranges: &mut dyn Iterator<Item = (usize, usize)>| {
        scratch.clear();
        for (a, b) in ranges {
            scratch.extend(
                pts[a..b]
                    .iter()
                    .filter_map(|&(_, i)| customers.get(i as usize)),
            );
        }
        scratch.sort_unstable();
        scratch.dedup();
        scratch.len()
    };

    let mut nb = Vec::with_capacity(9);
    let mut hot: Vec<(u64, f64)> = Vec::new();
    for &(key, a, b) in &cells {
        let own = distinct(&mut std::iter::once((a, b)));
        if (own as f64) < rule.cell_ratio * expect(key) {
            continue;
        }
        nb.clear();
        grid.neighbourhood(CellId::from_key(key), 1, &mut nb);
        let mut best = 0.0f64;
        for shape in shapes(nb.len()) {
            let e: f64 = shape.iter().map(|&j| expect(nb[j].key())).sum();
            let mut ranges = shape
                .iter()
                .filter_map(|&j| find(nb[j].key()))
                .map(|j| (cells[j].1, cells[j].2));
            let o = distinct(&mut ranges);
            best = best.max(poisson_surprise(o as u64, e));
        }
        if best >= rule.threshold {
            hot.push((key, best));
        }
    }

    let mut seen = vec![false; hot.len()];
    let mut out = Vec::new();
    for start in 0..hot.len() {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut group = vec![start];
        let mut q = 0;
        while q < group.len() {
            let c = CellId::from_key(hot[group[q]].0);
            q += 1;
            nb.clear();
            grid.neighbourhood(c, 1, &mut nb);
            for n in &nb {
                if let Ok(j) = hot.binary_search_by_key(&n.key(), |h| h.0) {
                    if !seen[j] {
                        seen[j] = true;
                        group.push(j);
                    }
                }
            }
        }
        let mut keys: Vec<u64> = group.iter().map(|&g| hot[g].0).collect();
        keys.sort_unstable();
        let points: Vec<usize> = keys
            .iter()
            .filter_map(|&k| find(k))
            .flat_map(|j| pts[cells[j].1..cells[j].2].iter().map(|&(_, i)| i as usize))
            .collect();
        out.push(HotGroup {
            surprise: group.iter().map(|&g| hot[g].1).fold(0.0, f64::max),
            expected: keys.iter().map(|&k| expect(k)).sum(),
            cells: keys,
            points,
        });
    }
    out
}
