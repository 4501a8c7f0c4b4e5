//! Mass-incident proposals: bursts of similar complaints (same service and topic, same
//! area, a short window) well above the usual rate for that area, topic and time of day.
//!
//! **Algorithm.** As spot detection ([`crate::spots`]) but per (service, topic) and on
//! larger cells (default ~560 m) over a short window (default 2 h): the expected count of
//! a cell is its smoothed per-(service, topic) rate from the trailing history
//! (`baseline_days`), shrunk toward its 3 x 3 neighbourhood and a city-wide floor, times
//! the window's length in average hours of the hour-of-day profile. A cell is hot when a
//! block containing it (alone, 2 x 2, 3 x 3) holds surprisingly many distinct customers
//! (default `-log10 p ≥ 6`); connected hot cells with at least `min_customers` customers
//! are a proposal. Each customer counts once.
//!
//! [`BurstDetector`] is streaming: feed complaints in time order with
//! [`BurstDetector::push`] and ask for proposals as of any `now`; the history is updated
//! incrementally as the window slides.

use crate::cellgrid::{CellGrid, CellId};
use crate::complaint::{fnv1a64, ComplaintRecord, ComplaintSet};
use crate::hotcells::{hot_groups, HotRule};
use crate::stats::{hour_of_day, HourProfile, HOUR};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use spotdesk_api::{DetectionSettings, Polygon};
use std::collections::BTreeMap;

/// Settings of burst detection; [`Default`] gives the documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BurstParams {
    /// Window length in minutes (default 120).
    pub window_minutes: i64,
    /// Days of history forming the baseline (default 28).
    pub baseline_days: i64,
    /// Cell height in degrees of latitude (default 0.005 ≈ 560 m).
    pub cell_deg: f64,
    /// Minimum block surprise, `-log10` Poisson tail (default 6).
    pub threshold: f64,
    /// A hot cell's own distinct customers must be at least this times its expectation
    /// (default 2).
    pub cell_ratio: f64,
    /// Minimum distinct customers of a proposal (default 6).
    pub min_customers: usize,
    /// Weight of the prior, in hours of history (default 14 days = 336).
    pub prior_hours: f64,
}

impl Default for BurstParams {
    fn default() -> Self {
        Self {
            window_minutes: 120,
            baseline_days: 28,
            cell_deg: 0.005,
            threshold: 6.0,
            cell_ratio: 2.0,
            min_customers: 6,
            prior_hours: 336.0,
        }
    }
}

impl BurstParams {
    /// The defaults with the window, threshold and minimum customers of the catalogue's
    /// detection settings.
    pub fn from_settings(d: &DetectionSettings) -> Self {
        Self {
            window_minutes: i64::from(d.burst_window_minutes.max(1)),
            threshold: d.burst_threshold,
            min_customers: usize::try_from(d.burst_min_customers).unwrap_or(usize::MAX),
            ..Self::default()
        }
    }
}

/// A proposed mass incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BurstProposal {
    /// `burst-<service>-<topic>-<hour of the first complaint, Unix s>-<anchor cell hash>`,
    /// where the anchor is the cell with the most customers: stable while the burst stays
    /// in the window.
    pub key: String,
    /// Service code.
    pub service_code: String,
    /// Topic code.
    pub topic: String,
    /// Convex hull of the hot cells.
    pub area: Polygon,
    /// Mean latitude of the complaints.
    pub center_lat: f64,
    /// Mean longitude of the complaints.
    pub center_long: f64,
    /// Tickets of the complaints, ascending.
    pub ticket_ids: Vec<i64>,
    /// Distinct customers.
    pub customers: usize,
    /// First complaint.
    pub window_start: DateTime<Utc>,
    /// Last complaint.
    pub window_end: DateTime<Utc>,
    /// Expected complaints in the hot cells over the window.
    pub expected: f64,
    /// Distinct customers observed (= `customers`).
    pub observed: usize,
    /// Highest block surprise (`-log10` Poisson tail probability).
    pub surprise: f64,
}

/// Detects bursts in `set` as of `now` (any order).
pub fn detect_bursts(
    set: &ComplaintSet,
    now: DateTime<Utc>,
    params: &BurstParams,
) -> Vec<BurstProposal> {
    BurstDetector::from_set(set, params.clone()).proposals(now.timestamp())
}

/// Streaming burst detector.
#[derive(Debug, Clone)]
pub struct BurstDetector {
    params: BurstParams,
    grid: CellGrid,
    set: ComplaintSet,
    cell: Vec<u64>,
    sorted: bool,
    /// History counts per (service << 16 | topic, cell key).
    base: BTreeMap<(u32, u64), u32>,
    /// History counts per group.
    group_total: BTreeMap<u32, u64>,
    /// Distinct cells with history (any group), with their counts.
    active: BTreeMap<u64, u32>,
    hours: [f64; 24],
    lo: usize,
    hi: usize,
}

fn group_of(set: &ComplaintSet, i: usize) -> u32 {
    (u32::from(set.service()[i]) << 16) | u32::from(set.topic()[i])
}

impl BurstDetector {
    /// An empty detector.
    pub fn new(params: BurstParams) -> Self {
        Self {
            grid: CellGrid::new(params.cell_deg),
            params,
            set: ComplaintSet::new(),
            cell: Vec::new(),
            sorted: true,
            base: BTreeMap::new(),
            group_total: BTreeMap::new(),
            active: BTreeMap::new(),
            hours: [0.0; 24],
            lo: 0,
            hi: 0,
        }
    }

    /// A detector holding the complaints of `set` (any order); proposals as of a `now`
    /// ignore the complaints after it, so one detector can be asked at increasing times.
    pub fn from_set(set: &ComplaintSet, params: BurstParams) -> Self {
        let mut d = Self::new(params);
        d.set = set.sorted_by_time();
        d.cell = (0..d.set.len()).map(|i| d.cell_key(i)).collect();
        d
    }

    fn cell_key(&self, i: usize) -> u64 {
        let (lat, long) = (f64::from(self.set.lat()[i]), f64::from(self.set.long()[i]));
        self.grid.cell(lat, long).map_or(u64::MAX, CellId::key)
    }

    /// Adds one complaint (out-of-order times are accepted; the next report re-sorts).
    pub fn push(&mut self, r: &ComplaintRecord<'_>) {
        if self.set.time().last().is_some_and(|&t| r.time < t) {
            self.sorted = false;
        }
        let i = self.set.push(r);
        let k = self.cell_key(i);
        self.cell.push(k);
    }

    /// Number of complaints held.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether no complaint was pushed.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    fn count(&mut self, i: usize, delta: i32) {
        let k = self.cell[i];
        if k == u64::MAX {
            return;
        }
        let g = group_of(&self.set, i);
        self.hours[hour_of_day(self.set.time()[i])] += f64::from(delta);
        let e = self.active.entry(k).or_insert(0);
        *e = e.saturating_add_signed(delta);
        if *e == 0 {
            self.active.remove(&k);
        }
        let e = self.base.entry((g, k)).or_insert(0);
        *e = e.saturating_add_signed(delta);
        if *e == 0 {
            self.base.remove(&(g, k));
        }
        let t = self.group_total.entry(g).or_insert(0);
        *t = t.saturating_add_signed(i64::from(delta));
    }

    fn reset(&mut self, at: usize) {
        self.base.clear();
        self.group_total.clear();
        self.active.clear();
        self.hours = [0.0; 24];
        self.lo = at;
        self.hi = at;
    }

    fn slide(&mut self, hist_start: i64, win_start: i64) {
        if !self.sorted {
            self.set = self.set.sorted_by_time();
            self.cell = (0..self.set.len()).map(|i| self.cell_key(i)).collect();
            self.sorted = true;
            self.reset(0);
        }
        let (new_lo, new_hi) = self.set.time_range(hist_start, win_start);
        if new_lo < self.lo || new_hi < self.hi || self.hi < new_lo {
            self.reset(new_lo);
        }
        for i in self.hi..new_hi {
            self.count(i, 1);
        }
        for i in self.lo..new_lo {
            self.count(i, -1);
        }
        self.lo = new_lo;
        self.hi = new_hi;
    }

    /// Proposals as of `now` (Unix seconds), most surprising first.
    pub fn proposals(&mut self, now: i64) -> Vec<BurstProposal> {
        let p = self.params.clone();
        let win_start = now.saturating_sub(p.window_minutes.max(1).saturating_mul(60));
        let hist_start = win_start.saturating_sub(p.baseline_days.max(0).saturating_mul(86_400));
        self.slide(hist_start, win_start);
        let (w_lo, w_hi) = self.set.time_range(win_start, now.saturating_add(1));
        let first = self.set.time().first().copied().unwrap_or(win_start);
        let profile = HourProfile::from_counts(&self.hours, 24.0);
        let hist_hours = profile
            .effective_hours(hist_start.max(first.div_euclid(HOUR) * HOUR), win_start)
            .max(1.0);
        let win_hours = profile.effective_hours(win_start, now.saturating_add(1));
        let n_active = self.active.len().max(1) as f64;

        // Window complaints per group.
        let mut by_group: Vec<(u32, u64, u32)> = (w_lo..w_hi)
            .filter(|&i| self.cell[i] != u64::MAX)
            .map(|i| (group_of(&self.set, i), self.cell[i], i as u32))
            .collect();
        by_group.sort_unstable();
        let mut out = Vec::new();
        for run in by_group.chunk_by(|a, b| a.0 == b.0) {
            let g = run[0].0;
            if run.len() < p.min_customers.max(1) {
                continue;
            }
            let pts: Vec<(u64, u32)> = run.iter().map(|&(_, k, i)| (k, i)).collect();
            let total = self.group_total.get(&g).copied().unwrap_or(0) as f64;
            let floor = 0.2 * (total + 1.0) / n_active / hist_hours;
            let base = &self.base;
            let grid = &self.grid;
            let prior = p.prior_hours.max(0.0);
            let mut expect = |key: u64| {
                let get = |k: u64| base.get(&(g, k)).map_or(0.0, |&v| f64::from(v));
                let mut nb = Vec::with_capacity(9);
                grid.neighbourhood(CellId::from_key(key), 1, &mut nb);
                let nb_mean = nb.iter().map(|c| get(c.key())).sum::<f64>() / nb.len().max(1) as f64;
                let mu = (nb_mean / hist_hours).max(floor);
                (get(key) + prior * mu) / (hist_hours + prior) * win_hours
            };
            let rule = HotRule {
                threshold: p.threshold,
                cell_ratio: p.cell_ratio,
            };
            for hg in hot_groups(grid, &pts, self.set.customer(), &mut expect, rule) {
                if let Some(b) = self.proposal(g, &hg) {
                    out.push(b);
                }
            }
        }
        crate::sort::sort_by(&mut out, |a, b| {
            b.surprise
                .total_cmp(&a.surprise)
                .then_with(|| a.key.cmp(&b.key))
        });
        out
    }

    fn proposal(&self, g: u32, hg: &crate::hotcells::HotGroup) -> Option<BurstProposal> {
        let s = &self.set;
        let idx = &hg.points;
        let mut cust: Vec<u64> = idx.iter().map(|&i| s.customer()[i]).collect();
        cust.sort_unstable();
        cust.dedup();
        if cust.len() < self.params.min_customers.max(1) {
            return None;
        }
        // Anchor: the cell with the most complaints (ties: smallest key).
        let mut per_cell: Vec<u64> = idx.iter().map(|&i| self.cell[i]).collect();
        per_cell.sort_unstable();
        let anchor = per_cell
            .chunk_by(|a, b| a == b)
            .max_by(|a, b| a.len().cmp(&b.len()).then(b[0].cmp(&a[0])))
            .map_or(0, |r| r[0]);
        let t0 = idx.iter().map(|&i| s.time()[i]).min().unwrap_or(0);
        let t1 = idx.iter().map(|&i| s.time()[i]).max().unwrap_or(0);
        let service = s.services().name((g >> 16) as u16).to_string();
        let topic = s.topics().name((g & 0xFFFF) as u16).to_string();
        let n = idx.len() as f64;
        let mut ids: Vec<i64> = idx.iter().map(|&i| s.ticket_id()[i]).collect();
        ids.sort_unstable();
        ids.dedup();
        let cells: Vec<CellId> = hg.cells.iter().map(|&k| CellId::from_key(k)).collect();
        let ts = |t: i64| DateTime::from_timestamp(t, 0).unwrap_or_default();
        Some(BurstProposal {
            key: format!(
                "burst-{service}-{topic}-{}-{:016x}",
                t0.div_euclid(HOUR) * HOUR,
                fnv1a64(&anchor.to_le_bytes())
            ),
            service_code: service,
            topic,
            area: self.grid.outline(&cells),
            center_lat: idx.iter().map(|&i| f64::from(s.lat()[i])).sum::<f64>() / n,
            center_long: idx.iter().map(|&i| f64::from(s.long()[i])).sum::<f64>() / n,
            ticket_ids: ids,
            customers: cust.len(),
            window_start: ts(t0),
            window_end: ts(t1),
            expected: hg.expected,
            observed: cust.len(),
            surprise: hg.surprise,
        })
    }
}

#[cfg(test)]
mod tests;
