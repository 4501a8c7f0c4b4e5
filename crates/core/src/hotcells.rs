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
const SHAPES9: [&[usize]; 6] = [
    &[4],
    &[0, 1, 3, 4],
    &[1, 2, 4, 5],
    &[3, 4, 6, 7],
    &[4, 5, 7, 8],
    &[0, 1, 2, 3, 4, 5, 6, 7, 8],
];

/// Tests one cell (shared by every detection path, so that batch and incremental detection
/// agree exactly): `None` when its own distinct customers `own` are below
/// `cell_ratio` × its expectation, else the highest surprise of its blocks.
/// `expect(key)` is a cell's expected count; `distinct(keys)` the distinct customers of the
/// points in the given cells (cells without points contribute none). `nb` is scratch.
pub fn cell_surprise(
    grid: &CellGrid,
    key: u64,
    own: usize,
    expect: &mut dyn FnMut(u64) -> f64,
    distinct: &mut dyn FnMut(&[u64]) -> usize,
    rule: HotRule,
    nb: &mut Vec<CellId>,
) -> Option<f64> {
    if (own as f64) < rule.cell_ratio * expect(key) {
        return None;
    }
    nb.clear();
    grid.neighbourhood(CellId::from_key(key), 1, nb);
    let keys: Vec<u64> = nb.iter().map(|c| c.key()).collect();
    let all: Vec<usize> = (0..keys.len()).collect();
    let shapes: &[&[usize]] = if keys.len() == 9 { &SHAPES9 } else { &[&all] };
    let mut best = 0.0f64;
    let mut block = Vec::with_capacity(9);
    for shape in shapes {
        let e: f64 = shape.iter().map(|&j| expect(keys[j])).sum();
        block.clear();
        block.extend(shape.iter().map(|&j| keys[j]));
        let o = distinct(&block);
        best = best.max(poisson_surprise(o as u64, e));
    }
    Some(best)
}

/// Connected groups (8-neighbourhood) of the hot cells `hot` (`(cell key, surprise)`,
/// ascending keys). `points(key, out)` appends a cell's point indices.
pub fn group_hot(
    grid: &CellGrid,
    hot: &[(u64, f64)],
    points: &mut dyn FnMut(u64, &mut Vec<usize>),
    expect: &mut dyn FnMut(u64) -> f64,
) -> Vec<HotGroup> {
    let mut nb = Vec::with_capacity(9);
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
        let mut pts = Vec::new();
        for &k in &keys {
            points(k, &mut pts);
        }
        out.push(HotGroup {
            surprise: group.iter().map(|&g| hot[g].1).fold(0.0, f64::max),
            expected: keys.iter().map(|&k| expect(k)).sum(),
            cells: keys,
            points: pts,
        });
    }
    out
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
    let mut distinct = |keys: &[u64]| {
        scratch.clear();
        for &key in keys {
            if let Some(j) = find(key) {
                let (a, b) = (cells[j].1, cells[j].2);
                scratch.extend(
                    pts[a..b]
                        .iter()
                        .filter_map(|&(_, i)| customers.get(i as usize)),
                );
            }
        }
        scratch.sort_unstable();
        scratch.dedup();
        scratch.len()
    };

    let mut nb = Vec::with_capacity(9);
    let mut hot: Vec<(u64, f64)> = Vec::new();
    for &(key, _, _) in &cells {
        let own = distinct(&[key]);
        if let Some(best) = cell_surprise(grid, key, own, &mut expect, &mut distinct, rule, &mut nb)
        {
            if best >= rule.threshold {
                hot.push((key, best));
            }
        }
    }
    let mut points = |key: u64, out: &mut Vec<usize>| {
        if let Some(j) = find(key) {
            out.extend(pts[cells[j].1..cells[j].2].iter().map(|&(_, i)| i as usize));
        }
    };
    group_hot(grid, &hot, &mut points, &mut expect)
}
