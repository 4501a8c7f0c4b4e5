//! Scan detection of spots and mass-incident proposals against each place's own normal.
//!
//! **Counting.** Complaints are counted per topic, and a customer counts once per topic
//! within `dedupe_days` (default 7): a repeat caller is one customer, not a spot.
//!
//! **Expected counts** per cell (`cell_m`, default 250 m), topic and hour of the week come
//! from the trailing history `[now − lag − baseline, now − lag)` (default lag 7 days,
//! baseline 28 days), shrunk toward the surrounding area where history is thin
//! ([`baseline`]: empirical Bayes, gamma-Poisson). The lag keeps a slow hotspot out of its
//! own baseline for a week. The model is refreshed every `refresh_hours` (default 24).
//!
//! **The scan.** For every duration `D` of the scope (spots: 12 h to 21 days; bursts:
//! 1 to 6 hours) the window is `[now − D, now)`. Around every cell with a counted
//! complaint in the window, squares of half-side `k` cells for each `k` of `half_sides`
//! (default 0, 1, 2, 3, 5, 8: 250 m to 4.25 km across, radius about 125 m to 2 km) give an
//! observed count `O` (distinct customers) and an expected `E` (summed area tables). A square
//! is a candidate when `O ≥ min_customers`, `O ≥ min_ratio · E` and its surprise
//! `S = −log10 P(X ≥ O)` reaches the threshold, with `X` negative binomial of mean `E` and
//! shape `E · (H + a) / D` ([`tail`]: the baseline's own uncertainty widens long windows).
//!
//! **False alarms.** Per run and duration `D`, `N = places × scales × durations × topics`
//! tests are made, where `places` are the cells with history or a complaint in the window.
//! A scope run every `every` minutes sees about `R_D = 43 200 / max(every, D in minutes)`
//! independent windows of duration `D` a month (consecutive runs' windows overlap). With
//! Bonferroni over them, the threshold for `F` expected false alarms a month
//! (`false_alarms_per_month`, default 0.5) is
//!
//! ```text
//! S ≥ log10(N · R_D / F)
//! ```
//!
//! (e.g. 10 000 places, 6 scales, 3 durations, 6 topics, every 15 min, `D` = 1 h:
//! S ≥ 9.8; a week's window among 7 durations, hourly: S ≥ 7.3). Overlapping squares and
//! neighbouring durations are dependent tests, so the bound is conservative; the measured
//! rate is in `bench/DETECTION.md`.
//!
//! **One detection per place.** Candidates of one topic whose squares overlap are merged
//! into the most significant one (any duration of the scope). **City-wide:** for each
//! duration the whole area is tested as one place too. A significant rise of the whole
//! area (same threshold, at least `min_ratio`) is one city-wide proposal
//! ([`DetectionKind::CityWide`]) instead of many local ones when it is spread: either the
//! window's disjoint significant squares cover at least half of the area's expected count,
//! or the rest of the area without them rises significantly too.

//! [`ScanDetector`] is incremental: [`ScanDetector::push`] complaints in time order,
//! [`ScanDetector::detect`] as of any `now` (not earlier than the last complaint).

mod baseline;
mod grid;
mod run;
mod tail;

#[cfg(test)]
mod tests;

pub use baseline::{slot, window_sum, ModelSettings, Span, SLOTS};
pub use grid::{Cells, Rect, Summed};
pub use tail::{ln_gamma, nb_surprise};

use crate::complaint::{customer_hash, ComplaintRecord, Interner};
use baseline::{History, Model};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Settings of the scan; [`Default`] gives the documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanParams {
    /// Cell side in metres (default 250).
    pub cell_m: f64,
    /// Half-sides of the scanned squares, in cells (default 0, 1, 2, 3, 5, 8).
    pub half_sides: Vec<usize>,
    /// Durations of spot windows, hours (default 12, 24, 48, 96, 168, 336, 504).
    pub spot_hours: Vec<f64>,
    /// Durations of burst windows, hours (default 1, 3, 6).
    pub burst_hours: Vec<f64>,
    /// Days of history forming the baseline (default 28).
    pub baseline_days: f64,
    /// Days between the baseline's end and `now` (default 7).
    pub lag_days: f64,
    /// A customer counts once per topic within this many days (default 7).
    pub dedupe_days: f64,
    /// Weight of the neighbourhood in a cell's rate, hours (default 336).
    pub prior_hours: f64,
    /// Weight of the place's smooth shape in an hour-of-week rate, weeks (default 2).
    pub prior_weeks: f64,
    /// Neighbourhood of the rate prior: `(2·n + 1)²` cells (default 2).
    pub neighbourhood: usize,
    /// Floor of a cell's rate, share of the mean rate of an active cell (default 0.05).
    pub floor_share: f64,
    /// Hours between model refreshes (default 24).
    pub refresh_hours: f64,
    /// Least history before anything is reported, days (default 7).
    pub min_history_days: f64,
    /// `F`: expected false alarms a month per scope (default 0.5).
    pub false_alarms_per_month: f64,
    /// Minutes between spot runs the threshold assumes (default 60).
    pub spot_every_minutes: f64,
    /// Minutes between burst runs the threshold assumes (default 15).
    pub burst_every_minutes: f64,
    /// Least distinct customers of a detection (default 5).
    pub min_customers: u32,
    /// Least ratio of observed to expected (default 1.3).
    pub min_ratio: f64,
}

impl Default for ScanParams {
    fn default() -> Self {
        Self {
            cell_m: 250.0,
            half_sides: vec![0, 1, 2, 3, 5, 8],
            spot_hours: vec![12.0, 24.0, 48.0, 96.0, 168.0, 336.0, 504.0],
            burst_hours: vec![1.0, 3.0, 6.0],
            baseline_days: 28.0,
            lag_days: 7.0,
            dedupe_days: 7.0,
            prior_hours: 336.0,
            prior_weeks: 2.0,
            neighbourhood: 2,
            floor_share: 0.05,
            refresh_hours: 24.0,
            min_history_days: 7.0,
            false_alarms_per_month: 0.5,
            spot_every_minutes: 60.0,
            burst_every_minutes: 15.0,
            min_customers: 5,
            min_ratio: 1.3,
        }
    }
}

/// Which windows a run scans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// Spot windows ([`ScanParams::spot_hours`]).
    Spots,
    /// Burst windows ([`ScanParams::burst_hours`]).
    Bursts,
}

/// What a detection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DetectionKind {
    /// A local rise over a spot window: a complaint spot.
    Spot,
    /// A local rise over a burst window: a mass-incident proposal.
    Burst,
    /// A rise of one topic spread over the whole area: one city-wide proposal.
    CityWide,
}

/// One detection with why it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    /// Spot, burst or city-wide.
    pub kind: DetectionKind,
    /// Topic code.
    pub topic: String,
    /// Mean latitude of the counted complaints.
    pub center_lat: f64,
    /// Mean longitude of the counted complaints.
    pub center_long: f64,
    /// Radius of the scanned square (half its side), metres; for city-wide, the distance
    /// from the centre within which 90 % of the complaints lie.
    pub radius_m: f64,
    /// Window start, Unix seconds.
    pub window_start: i64,
    /// Window end (`now`), Unix seconds.
    pub window_end: i64,
    /// Distinct customers counted in the square and window.
    pub observed: u32,
    /// Expected count there and then.
    pub expected: f64,
    /// `observed / expected`.
    pub ratio: f64,
    /// Surprise, `−log10 p` (negative-binomial tail).
    pub surprise: f64,
    /// The threshold the surprise passed (`log10(N · R / F)`).
    pub threshold: f64,
    /// Tickets of the counted complaints, ascending.
    pub ticket_ids: Vec<i64>,
}

/// One counted complaint.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Event {
    t: i64,
    row: i32,
    col: i32,
    topic: u16,
    id: i64,
    lat: f32,
    long: f32,
}

/// The incremental scan detector (see the module doc).
#[derive(Debug, Clone)]
pub struct ScanDetector {
    params: ScanParams,
    cells: Option<Cells>,
    topics: Interner,
    events: Vec<Event>,
    /// Events before this index are in the history (or have left it).
    entered: usize,
    /// Events before this index have left the history.
    left: usize,
    first_time: Option<i64>,
    last_time: i64,
    last_counted: HashMap<(u64, u16), i64>,
    history: History,
    model: Option<Model>,
    refreshed_at: i64,
}

impl ScanDetector {
    /// An empty detector.
    pub fn new(params: ScanParams) -> Self {
        Self {
            params,
            cells: None,
            topics: Interner::default(),
            events: Vec::new(),
            entered: 0,
            left: 0,
            first_time: None,
            last_time: i64::MIN,
            last_counted: HashMap::new(),
            history: History::default(),
            model: None,
            refreshed_at: i64::MIN,
        }
    }

    /// The settings.
    pub fn params(&self) -> &ScanParams {
        &self.params
    }

    /// Number of counted complaints held (history and windows).
    pub fn len(&self) -> usize {
        self.events.len() - self.left
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds one complaint. Complaints should come in time order; an earlier one is counted
    /// at the latest time seen. Invalid coordinates are ignored. Returns whether it counted
    /// (false for a repeat of the same customer and topic within `dedupe_days`).
    pub fn push(&mut self, r: &ComplaintRecord<'_>) -> bool {
        if !crate::geo::valid_lat_long(r.lat, r.long) {
            return false;
        }
        let t = r.time.max(self.last_time);
        self.last_time = t;
        let cells = *self
            .cells
            .get_or_insert_with(|| Cells::new(self.params.cell_m, r.lat));
        let topic = self.topics.intern(r.topic);
        let key = (customer_hash(r.customer), topic);
        let dedupe = (self.params.dedupe_days * 86_400.0) as i64;
        if let Some(&last) = self.last_counted.get(&key) {
            if t - last < dedupe {
                return false;
            }
        }
        self.last_counted.insert(key, t);
        self.first_time.get_or_insert(t);
        let (row, col) = cells.cell(r.lat, r.long);
        self.events.push(Event {
            t,
            row,
            col,
            topic,
            id: r.id,
            lat: r.lat as f32,
            long: r.long as f32,
        });
        true
    }

    /// Detections of `scope` as of `now`.
    pub fn detect(&mut self, now: i64, scope: Scope) -> Vec<Detection> {
        self.advance(now);
        let Some(first) = self.first_time else {
            return Vec::new();
        };
        if ((now - first) as f64) < (self.params.lag_days + self.params.min_history_days) * 86_400.0
        {
            return Vec::new();
        }
        self.refresh_if_due(now);
        run::run(self, now, scope)
    }

    /// Moves the history's edges to `now` and forgets what no window or history needs.
    fn advance(&mut self, now: i64) {
        let lag = (self.params.lag_days * 86_400.0) as i64;
        let base = (self.params.baseline_days * 86_400.0) as i64;
        while let Some(e) = self.events.get(self.entered).copied() {
            if e.t >= now - lag {
                break;
            }
            self.history.add(e.topic, e.row, e.col, e.t, 1.0);
            self.entered += 1;
        }
        while self.left < self.entered {
            let e = self.events[self.left];
            if e.t >= now - lag - base {
                break;
            }
            self.history.add(e.topic, e.row, e.col, e.t, -1.0);
            self.left += 1;
        }
        if self.left > 4096 && self.left * 2 > self.events.len() {
            self.events.drain(..self.left);
            self.entered -= self.left;
            self.left = 0;
            let dedupe = (self.params.dedupe_days * 86_400.0) as i64;
            self.last_counted.retain(|_, t| now - *t < dedupe);
        }
    }

    fn refresh_if_due(&mut self, now: i64) {
        let due = (self.params.refresh_hours * 3600.0) as i64;
        let margin = self.params.half_sides.iter().copied().max().unwrap_or(0) as i32 + 1;
        let wanted = Rect::around(
            self.history
                .cells()
                .chain(self.events[self.left..].iter().map(|e| (e.row, e.col))),
            margin,
        );
        let Some(wanted) = wanted else { return };
        let stale = match &self.model {
            None => true,
            Some(m) => {
                now - self.refreshed_at >= due
                    || !m.rect.contains(
                        &Rect::around(
                            self.events[self.entered..].iter().map(|e| (e.row, e.col)),
                            0,
                        )
                        .unwrap_or(m.rect),
                    )
            }
        };
        if !stale {
            return;
        }
        let lag = self.params.lag_days * 86_400.0;
        let first = self.first_time.unwrap_or(now);
        let hours =
            (((now - first) as f64 - lag) / 3600.0).clamp(0.0, self.params.baseline_days * 24.0);
        let settings = ModelSettings {
            prior_hours: self.params.prior_hours,
            prior_weeks: self.params.prior_weeks,
            neighbourhood: self.params.neighbourhood,
            floor_share: self.params.floor_share,
        };
        self.model = Some(Model::build(
            &self.history,
            hours,
            wanted,
            self.topics.len(),
            &settings,
        ));
        self.refreshed_at = now;
    }
}
