//! Automatic spot detection: network-quality complaints concentrated at one place beyond
//! what is usual for that place and time of day.
//!
//! **Algorithm.** The city is cut into ~280 m cells ([`CellGrid`]). For each cell a
//! baseline rate comes from the trailing history (`baseline_days` before the window):
//! `λ = (n_cell + prior_hours × μ) / (history_hours + prior_hours)` complaints per average
//! hour, where `μ`, the prior, is the cell's 5 x 5 neighbourhood mean (at least a fifth of
//! the city-wide mean per active cell) — so sparse cells are smoothed toward their
//! surroundings and the city, and a cell never seen is not infinitely surprising. The
//! expected count in the window is `λ` times the window's length in "average hours" of
//! the city-wide hour-of-day profile ([`HourProfile`]) — a per-cell, per-hour-of-day
//! baseline. A cell is *hot* when the distinct customers of one of the blocks containing it
//! (the cell alone, the four 2 x 2 blocks, the 3 x 3 block — a small scan statistic, so
//! both a tight and a spread-out cluster are seen) are surprising (`-log10` Poisson tail ≥
//! `threshold`) and the cell's own distinct customers are at least `cell_ratio` × its
//! expectation. Hot cells joined by an edge or a corner form a
//! candidate; a candidate needs `min_customers` distinct customers. Each customer counts
//! once per candidate. Candidates get a priority score with its factors ([`score`]).
//!
//! [`SpotDetector`] keeps the baseline up to date as the window slides (complaints enter
//! the history as they leave the window and drop out after `baseline_days`), so a
//! detection after adding one complaint costs only the window's complaints, not the
//! history's.

mod score;

pub use score::{score, Factor, ScoreFactor, ScoreInputs, ScoreWeights};

use crate::cellgrid::{CellGrid, CellId};
use crate::complaint::{fnv1a64, ComplaintRecord, ComplaintSet, SEGMENT_BUSINESS};
use crate::hotcells::{cell_surprise, group_hot, HotRule};
use crate::stats::{hour_of_day, HourProfile, HOUR};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use spotdesk_api::{DetectionSettings, Polygon};
use std::collections::{BTreeMap, BTreeSet};

/// Settings of spot detection; [`Default`] gives the documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpotParams {
    /// Length of the detection window in hours (default 72).
    pub window_hours: i64,
    /// The window start is aligned down to a multiple of this many seconds (default 3600),
    /// so every client computes the same window, hence the same keys, within an hour.
    pub align_secs: i64,
    /// Days of history before the window that form the baseline (default 28).
    pub baseline_days: i64,
    /// Cell height in degrees of latitude (default 0.0025 ≈ 280 m).
    pub cell_deg: f64,
    /// Minimum surprise (`-log10` Poisson tail probability) of a block around a cell
    /// (default 5: a one-in-100 000 excess; about a thousand cells are tested twice a day,
    /// so lower thresholds raise false alarms, see `crates/cli/tests/detection_quality.rs`).
    pub threshold: f64,
    /// A hot cell's own distinct customers must be at least this times its expected count
    /// (default 2).
    pub cell_ratio: f64,
    /// Minimum distinct customers of a candidate (default 5).
    pub min_customers: usize,
    /// Weight of the prior, in hours of history (default 14 days = 336).
    pub prior_hours: f64,
    /// Recent part of the window compared with the rest for the growth factor (default 24).
    pub growth_hours: i64,
    /// Priority score weights.
    pub weights: ScoreWeights,
}

impl Default for SpotParams {
    fn default() -> Self {
        Self {
            window_hours: 72,
            align_secs: 3600,
            baseline_days: 28,
            cell_deg: 0.0025,
            threshold: 5.0,
            cell_ratio: 2.0,
            min_customers: 5,
            prior_hours: 336.0,
            growth_hours: 24,
            weights: ScoreWeights::default(),
        }
    }
}

impl SpotParams {
    /// The defaults with the window, threshold and minimum customers of the catalogue's
    /// detection settings.
    pub fn from_settings(d: &DetectionSettings) -> Self {
        Self {
            window_hours: i64::from(d.spot_window_hours.max(1)),
            threshold: d.spot_threshold,
            min_customers: usize::try_from(d.spot_min_customers).unwrap_or(usize::MAX),
            ..Self::default()
        }
    }
}

/// A detected spot, ready to be registered (`POST /spots` takes `key`, `outline`, `topic`,
/// `priority` = `score` and `ticket_ids` = `complaint_ticket_ids`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpotCandidate {
    /// Deterministic key: `spot-<window start, Unix s>-<FNV-1a of the sorted cell ids>`;
    /// the same data and window give the same key on every client.
    pub key: String,
    /// Convex hull of the hot cells.
    pub outline: Polygon,
    /// Mean latitude of the complaints.
    pub center_lat: f64,
    /// Mean longitude of the complaints.
    pub center_long: f64,
    /// Tickets of the complaints in the hot cells within the window, ascending.
    pub complaint_ticket_ids: Vec<i64>,
    /// Distinct customers among them.
    pub customers: usize,
    /// Priority (sum of `why` contributions).
    pub score: f64,
    /// The priority's factors.
    pub why: Vec<ScoreFactor>,
    /// Most frequent topic.
    pub topic: Option<String>,
    /// Window start (aligned).
    pub window_start: DateTime<Utc>,
    /// Window end (`now`).
    pub window_end: DateTime<Utc>,
    /// Distinct customers in the hot cells (= `customers`).
    pub observed: usize,
    /// Expected complaints in the hot cells over the window.
    pub expected: f64,
    /// Highest block surprise among the hot cells (`-log10` Poisson tail probability).
    pub surprise: f64,
    /// Number of hot cells.
    pub cells: usize,
}

/// Detects spots in `set` (only network-quality complaints should be in it) as of `now`.
/// The set may be in any order.
pub fn detect_spots(
    set: &ComplaintSet,
    now: DateTime<Utc>,
    params: &SpotParams,
) -> Vec<SpotCandidate> {
    let mut d = SpotDetector::from_set(set, params.clone());
    d.detect(now.timestamp())
}

/// Streaming spot detector: push complaints (ideally in time order), detect as of any time.
#[derive(Debug, Clone)]
pub struct SpotDetector {
    params: SpotParams,
    grid: CellGrid,
    set: ComplaintSet,
    /// Cell key per complaint (`u64::MAX` for an invalid position).
    cell: Vec<u64>,
    sorted: bool,
    base: BTreeMap<u64, u32>,
    hours: [f64; 24],
    /// Complaints `[lo, hi)` are counted in `base`.
    lo: usize,
    hi: usize,
    /// Incremented whenever the set is re-sorted (indices change meaning).
    generation: u64,
    /// The state of the last detection, kept so that the next one (usually one complaint
    /// later, same window start) re-tests only the cells it can change.
    win: Window,
}

/// The window of the last detection: its complaints per cell and its cell verdicts.
///
/// While the window start, the baseline and the history stay the same, a later detection
/// (a later `now`, more complaints) changes a cell's verdict only if a new complaint fell
/// within its 3 x 3 blocks (cells within two cells of it), or through the longer window:
/// every expectation grows with `now`, which can only make a cell less surprising. So
/// the next detection re-tests the cells near new complaints, the hot cells and the cells
/// whose surprise was just below the threshold (a margin far above rounding noise), and
/// keeps every other verdict. Tests check that this equals a fresh detection.
#[derive(Debug, Clone, Default)]
struct Window {
    /// Whether the fields describe a detection that a later one may continue from.
    valid: bool,
    generation: u64,
    win_start: i64,
    base_range: (usize, usize),
    hist_hours: u64,
    win_hours: f64,
    /// Complaints `[range.0, range.1)` are in `cells`.
    range: (usize, usize),
    /// Per cell key: the indices of its complaints (ascending) and its distinct customers
    /// (sorted).
    cells: BTreeMap<u64, CellPoints>,
    /// Baseline rate per cell key (expected complaints per average hour).
    rate: BTreeMap<u64, f64>,
    /// Hot cells and their best block surprise.
    hot: BTreeMap<u64, f64>,
    /// Cells that passed their own test with a surprise within [`NEAR`] below the threshold.
    near: BTreeSet<u64>,
}

#[derive(Debug, Clone, Default)]
struct CellPoints {
    idx: Vec<u32>,
    customers: Vec<u64>,
}

impl Window {
    /// Adds complaint `i` (cell key `key`, customer `customer`) to its cell; `false` for an
    /// invalid position.
    fn add(&mut self, i: usize, key: u64, customer: u64) -> bool {
        if key == u64::MAX {
            return false;
        }
        let c = self.cells.entry(key).or_default();
        c.idx.push(i as u32);
        if let Err(at) = c.customers.binary_search(&customer) {
            c.customers.insert(at, customer);
        }
        true
    }
}

/// Cells whose surprise is this close below the threshold are re-tested on every
/// detection (the surprise only falls as the window grows; the margin covers rounding).
const NEAR: f64 = 1e-6;

/// Start of the window ending at `now`, aligned down.
fn window_start(now: i64, p: &SpotParams) -> i64 {
    let start = now.saturating_sub(p.window_hours.max(1).saturating_mul(HOUR));
    let a = p.align_secs.max(1);
    start.div_euclid(a) * a
}

impl SpotDetector {
    /// An empty detector.
    pub fn new(params: SpotParams) -> Self {
        Self {
            grid: CellGrid::new(params.cell_deg),
            params,
            set: ComplaintSet::new(),
            cell: Vec::new(),
            sorted: true,
            base: BTreeMap::new(),
            hours: [0.0; 24],
            lo: 0,
            hi: 0,
            generation: 0,
            win: Window::default(),
        }
    }

    /// A detector holding the complaints of `set`.
    pub fn from_set(set: &ComplaintSet, params: SpotParams) -> Self {
        let mut d = Self::new(params);
        d.set = set.sorted_by_time();
        d.cell = (0..d.set.len()).map(|i| d.cell_key(i)).collect();
        d
    }

    fn cell_key(&self, i: usize) -> u64 {
        let (lat, long) = (f64::from(self.set.lat()[i]), f64::from(self.set.long()[i]));
        self.grid.cell(lat, long).map_or(u64::MAX, CellId::key)
    }

    /// The complaints held, in time order once a detection has run.
    pub fn complaints(&self) -> &ComplaintSet {
        &self.set
    }

    /// The parameters.
    pub fn params(&self) -> &SpotParams {
        &self.params
    }

    /// Adds one complaint. Out-of-order times are accepted (the next detection re-sorts).
    pub fn push(&mut self, r: &ComplaintRecord<'_>) {
        if self.set.time().last().is_some_and(|&t| r.time < t) {
            self.sorted = false;
        }
        let i = self.set.push(r);
        let k = self.cell_key(i);
        self.cell.push(k);
    }

    fn reset_baseline(&mut self, at: usize) {
        self.base.clear();
        self.hours = [0.0; 24];
        self.lo = at;
        self.hi = at;
    }

    fn count(&mut self, i: usize, delta: i32) {
        let k = self.cell[i];
        if k == u64::MAX {
            return;
        }
        let h = hour_of_day(self.set.time()[i]);
        self.hours[h] += f64::from(delta);
        let e = self.base.entry(k).or_insert(0);
        *e = e.saturating_add_signed(delta);
        if *e == 0 {
            self.base.remove(&k);
        }
    }

    /// Moves the baseline to the history `[hist_start, win_start)`.
    fn slide(&mut self, hist_start: i64, win_start: i64) {
        if !self.sorted {
            self.set = self.set.sorted_by_time();
            self.cell = (0..self.set.len()).map(|i| self.cell_key(i)).collect();
            self.sorted = true;
            self.reset_baseline(0);
            self.generation += 1;
            self.win = Window::default();
        }
        let (new_lo, new_hi) = self.set.time_range(hist_start, win_start);
        if new_lo < self.lo || new_hi < self.hi {
            self.reset_baseline(new_lo);
        }
        if self.hi < new_lo {
            // Everything counted leaves the history: start afresh.
            self.reset_baseline(new_lo);
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

    /// Spot candidates as of `now` (Unix seconds), highest score first.
    pub fn detect(&mut self, now: i64) -> Vec<SpotCandidate> {
        let p = self.params.clone();
        let win_start = window_start(now, &p);
        let hist_start = win_start.saturating_sub(p.baseline_days.max(0).saturating_mul(86_400));
        self.slide(hist_start, win_start);
        let (w_lo, w_hi) = self.set.time_range(win_start, now.saturating_add(1));
        let first = self.set.time().first().copied().unwrap_or(win_start);
        let hist_from = hist_start.max(first.div_euclid(HOUR) * HOUR);
        let profile = HourProfile::from_counts(&self.hours, 24.0);
        let hist_hours = profile.effective_hours(hist_from, win_start);
        let win_hours = profile.effective_hours(win_start, now.saturating_add(1));

        let model = Expectation::new(&self.base, hist_hours, &p);
        let fallback = model.fallback_needed();
        let same = !fallback
            && self.win.valid
            && self.win.generation == self.generation
            && self.win.win_start == win_start
            && self.win.base_range == (self.lo, self.hi)
            && self.win.hist_hours == hist_hours.to_bits()
            && self.win.win_hours <= win_hours
            && self.win.range.0 == w_lo
            && self.win.range.1 <= w_hi;
        let mut win = std::mem::take(&mut self.win);
        let rule = HotRule {
            threshold: p.threshold,
            cell_ratio: p.cell_ratio,
        };
        // The cells to (re-)test.
        let retest: Vec<u64> = if same {
            let mut touched = BTreeSet::new();
            for i in win.range.1..w_hi {
                if win.add(i, self.cell[i], self.set.customer()[i]) {
                    touched.insert(self.cell[i]);
                }
            }
            let mut todo: BTreeSet<u64> = win.hot.keys().copied().collect();
            todo.extend(win.near.iter().copied());
            let mut nb = Vec::with_capacity(25);
            for &k in &touched {
                nb.clear();
                self.grid.neighbourhood(CellId::from_key(k), 2, &mut nb);
                todo.extend(
                    nb.iter()
                        .map(|c| c.key())
                        .filter(|k| win.cells.contains_key(k)),
                );
            }
            todo.into_iter().collect()
        } else {
            win = Window::default();
            for i in w_lo..w_hi {
                win.add(i, self.cell[i], self.set.customer()[i]);
            }
            win.cells.keys().copied().collect()
        };
        win.range = (w_lo, w_hi);
        let fallback_value = fallback.then(|| {
            let n_cells = win.cells.len();
            (win.cells.values().map(|c| c.idx.len()).sum::<usize>() as f64 / n_cells.max(1) as f64)
                .max(1.0)
        });
        let Window {
            cells,
            rate,
            hot,
            near,
            ..
        } = &mut win;
        let grid = &self.grid;
        let mut expect = |key: u64| match fallback_value {
            Some(f) => f,
            None => *rate.entry(key).or_insert_with(|| model.rate(key, grid)) * win_hours,
        };
        let mut scratch: Vec<u64> = Vec::new();
        let mut distinct = |keys: &[u64]| {
            scratch.clear();
            for k in keys {
                if let Some(c) = cells.get(k) {
                    scratch.extend_from_slice(&c.customers);
                }
            }
            if keys.len() > 1 {
                scratch.sort_unstable();
                scratch.dedup();
            }
            scratch.len()
        };
        let mut nb = Vec::with_capacity(9);
        for key in retest {
            let own = cells.get(&key).map_or(0, |c| c.customers.len());
            let verdict = cell_surprise(grid, key, own, &mut expect, &mut distinct, rule, &mut nb);
            hot.remove(&key);
            near.remove(&key);
            match verdict {
                Some(b) if b >= rule.threshold => {
                    hot.insert(key, b);
                }
                Some(b) if b >= rule.threshold - NEAR => {
                    near.insert(key);
                }
                _ => {}
            }
        }
        let hot_list: Vec<(u64, f64)> = hot.iter().map(|(&k, &b)| (k, b)).collect();
        let mut points = |key: u64, out: &mut Vec<usize>| {
            if let Some(c) = cells.get(&key) {
                out.extend(c.idx.iter().map(|&i| i as usize));
            }
        };
        let groups = group_hot(grid, &hot_list, &mut points, &mut expect);
        let mut out = Vec::new();
        for g in groups {
            if let Some(c) = self.candidate(
                &g.cells,
                &g.points,
                (win_start, now),
                g.expected,
                g.surprise,
            ) {
                out.push(c);
            }
        }
        crate::sort::sort_by(&mut out, |a, b| {
            b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key))
        });
        win.valid = !fallback;
        win.generation = self.generation;
        win.win_start = win_start;
        win.base_range = (self.lo, self.hi);
        win.hist_hours = hist_hours.to_bits();
        win.win_hours = win_hours;
        self.win = win;
        out
    }

    /// A candidate from its cells and complaints, if it has enough customers.
    fn candidate(
        &self,
        keys: &[u64],
        idx: &[usize],
        (win_start, now): (i64, i64),
        expected: f64,
        surprise: f64,
    ) -> Option<SpotCandidate> {
        let p = &self.params;
        let s = &self.set;
        // Distinct customers with their best segment and their value (first seen).
        let mut cust: Vec<(u64, u8, f32)> = idx
            .iter()
            .map(|&i| (s.customer()[i], s.segment()[i], s.lifetime_value()[i]))
            .collect();
        // std's sort on purpose: hot, a large column (STD_SORT_ALLOWED in tests/tidy.rs).
        #[allow(clippy::disallowed_methods)]
        cust.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        cust.dedup_by_key(|c| c.0);
        if cust.len() < p.min_customers.max(1) {
            return None;
        }
        let premium = cust.iter().filter(|c| c.1 >= SEGMENT_BUSINESS).count();
        let value: f64 = cust.iter().map(|c| f64::from(c.2.max(0.0))).sum();
        let mut topics: Vec<u16> = idx.iter().map(|&i| s.topic()[i]).collect();
        topics.sort_unstable();
        let mut best: Option<(usize, &str)> = None;
        for run in topics.chunk_by(|a, b| a == b) {
            let name = s.topics().name(run[0]);
            if best.is_none_or(|(n, b)| run.len() > n || (run.len() == n && name < b)) {
                best = Some((run.len(), name));
            }
        }
        let g = p.growth_hours.clamp(1, p.window_hours.max(2) - 1);
        let split = now - g * HOUR;
        let recent = idx.iter().filter(|&&i| s.time()[i] > split).count() as f64;
        let before = idx.len() as f64 - recent;
        let before_hours = ((split - win_start) as f64 / HOUR as f64).max(1.0);
        let growth = ((recent + 1.0) / g as f64) / ((before + 1.0) / before_hours);
        let topic = best.map(|b| b.1.to_string());
        let (score, why) = score(
            &p.weights,
            &ScoreInputs {
                customers: cust.len(),
                premium_customers: premium,
                topic: topic.as_deref().unwrap_or(""),
                lifetime_value: value,
                growth,
            },
        );
        let n = idx.len() as f64;
        let center_lat = idx.iter().map(|&i| f64::from(s.lat()[i])).sum::<f64>() / n;
        let center_long = idx.iter().map(|&i| f64::from(s.long()[i])).sum::<f64>() / n;
        let mut ids: Vec<i64> = idx.iter().map(|&i| s.ticket_id()[i]).collect();
        ids.sort_unstable();
        ids.dedup();
        let bytes: Vec<u8> = keys.iter().flat_map(|k| k.to_le_bytes()).collect();
        let cells: Vec<CellId> = keys.iter().map(|&k| CellId::from_key(k)).collect();
        let ts = |t: i64| DateTime::from_timestamp(t, 0).unwrap_or_default();
        Some(SpotCandidate {
            key: format!("spot-{win_start}-{:016x}", fnv1a64(&bytes)),
            outline: self.grid.outline(&cells),
            center_lat,
            center_long,
            complaint_ticket_ids: ids,
            customers: cust.len(),
            score,
            why,
            topic,
            window_start: ts(win_start),
            window_end: ts(now),
            observed: cust.len(),
            expected,
            surprise,
            cells: keys.len(),
        })
    }
}

/// The baseline model of one detection: expected complaints per cell in the window.
struct Expectation<'a> {
    base: &'a BTreeMap<u64, u32>,
    hist_hours: f64,
    prior_hours: f64,
    floor_rate: f64,
    /// Without usable history: the window's mean per occupied cell is used instead.
    fallback: bool,
}

impl<'a> Expectation<'a> {
    fn new(base: &'a BTreeMap<u64, u32>, hist_hours: f64, p: &SpotParams) -> Self {
        let total: f64 = base.values().map(|&v| f64::from(v)).sum();
        let floor_rate = if base.is_empty() {
            0.0
        } else {
            0.2 * total / base.len() as f64 / hist_hours.max(1.0)
        };
        Self {
            base,
            hist_hours,
            prior_hours: p.prior_hours.max(0.0),
            floor_rate,
            fallback: hist_hours < 24.0 || total == 0.0,
        }
    }

    /// Without usable history the expectation is the window's mean per occupied cell.
    fn fallback_needed(&self) -> bool {
        self.fallback
    }

    /// The baseline rate of a cell (expected complaints per average hour); times the
    /// window's effective hours it is the cell's expectation.
    fn rate(&self, key: u64, grid: &CellGrid) -> f64 {
        let get = |k: u64| self.base.get(&k).map_or(0.0, |&v| f64::from(v));
        let mut nb = Vec::with_capacity(25);
        grid.neighbourhood(CellId::from_key(key), 2, &mut nb);
        let nb_sum: f64 = nb.iter().map(|c| get(c.key())).sum();
        let mu = (nb_sum / nb.len().max(1) as f64 / self.hist_hours).max(self.floor_rate);
        (get(key) + self.prior_hours * mu) / (self.hist_hours + self.prior_hours)
    }
}

#[cfg(test)]
mod tests;
