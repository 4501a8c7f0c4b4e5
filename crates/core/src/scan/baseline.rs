//! The expected count of every cell, topic and hour of the week, learned from history.
//!
//! History is kept as counts per (topic, cell, hour-of-week slot) ([`History`]). Every
//! refresh turns it into a [`Model`] (empirical Bayes, gamma-Poisson):
//!
//! - the cell's mean hourly rate for the topic, shrunk toward its neighbourhood:
//!   `r = (n + a·m) / (H + a)`, where `n` is the cell's count over `H` hours of history, `m`
//!   the mean hourly count per cell of the `(2·nb + 1)²` block around it and `a` the prior
//!   weight in hours;
//! - the hour-of-week shape `p(h)` (mean 1) of the place, all topics of its block of
//!   3 x 3 cells, shrunk toward the city-wide shape;
//! - the slot's rate `λ(h) = (n(h) + β·r·p(h)) / (W + β)`, where `n(h)` is the cell's count
//!   in slot `h` over `W` weeks of history and `β` the prior weight in weeks. A peak that
//!   recurs at a place every week is in `n(h)`, so it is expected there and then.
//!
//! A window's expectation is the sum of `λ` over its hours, read from prefix sums.

use super::grid::Rect;
use std::collections::HashMap;

/// Hour-of-week slots.
pub const SLOTS: usize = 168;

/// Prefix sums of a per-slot step function (`p[0] = 0`, `p[168]` = the week's total).
pub type Prefix = [f32; SLOTS + 1];

/// The hour-of-week slot of a Unix time (0 = Monday 00:00-01:00 UTC).
pub fn slot(t: i64) -> usize {
    (t.div_euclid(3600) + 72).rem_euclid(SLOTS as i64) as usize
}

/// A time window `[s, e)` resolved into weeks, slots and fractions once, so that the sums
/// of many step functions over it cost a few additions each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    weeks: f64,
    from: (usize, f64),
    to: (usize, f64),
}

impl Span {
    /// The window `[s, e)`, Unix seconds.
    pub fn new(s: i64, e: i64) -> Self {
        let at = |t: i64| {
            let hours = t.div_euclid(3600) + 72;
            let weeks = hours.div_euclid(SLOTS as i64);
            let slot = hours.rem_euclid(SLOTS as i64) as usize;
            (weeks, (slot, t.rem_euclid(3600) as f64 / 3600.0))
        };
        let (ws, from) = at(s);
        let (we, to) = at(e);
        Self {
            weeks: (we - ws) as f64,
            from,
            to,
        }
    }

    /// Length in hours.
    pub fn hours(&self) -> f64 {
        self.weeks * SLOTS as f64 + (self.to.0 as f64 + self.to.1)
            - (self.from.0 as f64 + self.from.1)
    }
}

/// The integral of a per-slot step function over a window, in slot-hours.
pub fn window_sum(p: &Prefix, w: &Span) -> f64 {
    let at = |(slot, frac): (usize, f64)| {
        let a = f64::from(p[slot]);
        a + frac * (f64::from(p[slot + 1]) - a)
    };
    w.weeks * f64::from(p[SLOTS]) + at(w.to) - at(w.from)
}

fn prefix_of(v: &[f32; SLOTS]) -> Prefix {
    let mut p = [0.0f32; SLOTS + 1];
    for (i, x) in v.iter().enumerate() {
        p[i + 1] = p[i] + x;
    }
    p
}

/// Counts of the history: per (topic, cell) and per cell (all topics), per slot.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub(super) topic_cell: HashMap<(u16, i32, i32), Box<[f32; SLOTS]>>,
    pub(super) cell: HashMap<(i32, i32), Box<[f32; SLOTS]>>,
}

impl History {
    /// Adds (`delta = 1`) or removes (`-1`) one counted complaint.
    pub fn add(&mut self, topic: u16, row: i32, col: i32, t: i64, delta: f32) {
        let s = slot(t);
        let tc = self
            .topic_cell
            .entry((topic, row, col))
            .or_insert_with(|| Box::new([0.0; SLOTS]));
        tc[s] += delta;
        if delta < 0.0 && tc.iter().all(|x| *x <= 0.0) {
            self.topic_cell.remove(&(topic, row, col));
        }
        let c = self
            .cell
            .entry((row, col))
            .or_insert_with(|| Box::new([0.0; SLOTS]));
        c[s] += delta;
        if delta < 0.0 && c.iter().all(|x| *x <= 0.0) {
            self.cell.remove(&(row, col));
        }
    }

    /// Cells with history.
    pub fn cells(&self) -> impl Iterator<Item = (i32, i32)> + '_ {
        self.cell.keys().copied()
    }
}

/// Settings of the model (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelSettings {
    /// `a`: weight of the neighbourhood in a cell's rate, hours.
    pub prior_hours: f64,
    /// `β`: weight of the smooth shape in a slot's rate, weeks.
    pub prior_weeks: f64,
    /// `nb`: the neighbourhood is `(2·nb + 1)²` cells.
    pub neighbourhood: usize,
    /// Floor of a cell's rate, as a share of the city's mean rate per active cell.
    pub floor_share: f64,
}

/// Expected counts per cell and topic, as of one refresh.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// The cells modelled.
    pub rect: Rect,
    /// `H`: hours of history.
    pub hours: f64,
    /// `W = H / 168`.
    pub weeks: f64,
    /// `β`.
    prior_weeks: f64,
    /// Per dense cell, the index of its shape in `profiles` (0 = the city's).
    profile_of: Vec<u32>,
    profiles: Vec<Prefix>,
    /// Per topic, per dense cell: the prior rate `r`, per hour.
    rate: Vec<Vec<f32>>,
    /// Per topic: the cells with history and the prefix of their slot counts.
    counts: Vec<Vec<(u32, Box<Prefix>)>>,
    /// Per topic: the floor rate per cell-hour.
    floor: Vec<f64>,
    /// Per topic: the slot rates summed over every cell, as prefix sums.
    city: Vec<Prefix>,
}

impl Model {
    /// Builds the model of `history` (which spans `hours` hours) over `rect`.
    pub fn build(
        history: &History,
        hours: f64,
        rect: Rect,
        topics: usize,
        s: &ModelSettings,
    ) -> Self {
        let n = rect.len();
        let hours = hours.max(0.0);
        // The city's shape.
        let mut city = [0.0f32; SLOTS];
        for v in history.cell.values() {
            for (a, b) in city.iter_mut().zip(v.iter()) {
                *a += b;
            }
        }
        let city_mean = city.iter().map(|x| f64::from(*x)).sum::<f64>() / SLOTS as f64;
        let mut shape = [0.0f32; SLOTS];
        for (o, c) in shape.iter_mut().zip(city.iter()) {
            *o = ((f64::from(*c) + 1.0) / (city_mean + 1.0)) as f32;
        }
        let mut profiles = vec![prefix_of(&shape)];
        // Each place's shape: all topics of its block of 3 x 3 cells, shrunk toward the
        // city's.
        let block = |r: i32, c: i32| (r.div_euclid(3), c.div_euclid(3));
        let mut acc: HashMap<(i32, i32), Box<[f32; SLOTS]>> = HashMap::new();
        for (&(r, c), v) in &history.cell {
            let a = acc
                .entry(block(r, c))
                .or_insert_with(|| Box::new([0.0; SLOTS]));
            for (x, y) in a.iter_mut().zip(v.iter()) {
                *x += y;
            }
        }
        const GAMMA: f64 = 4.0;
        let mut keys: Vec<(i32, i32)> = acc.keys().copied().collect();
        crate::sort::sort_by_key(&mut keys, |k| *k);
        let mut index_of: HashMap<(i32, i32), u32> = HashMap::new();
        for key in keys {
            let Some(v) = acc.get(&key) else { continue };
            let mean = v.iter().map(|x| f64::from(*x)).sum::<f64>() / SLOTS as f64;
            let mut p = [0.0f32; SLOTS];
            for (h, o) in p.iter_mut().enumerate() {
                *o = ((f64::from(v[h]) + GAMMA * f64::from(shape[h])) / (mean + GAMMA)) as f32;
            }
            index_of.insert(key, u32::try_from(profiles.len()).unwrap_or(0));
            profiles.push(prefix_of(&p));
        }
        let mut profile_of = vec![0u32; n];
        for r in 0..rect.rows {
            for c in 0..rect.cols {
                let key = block(rect.row0 + r as i32, rect.col0 + c as i32);
                profile_of[r * rect.cols + c] = index_of.get(&key).copied().unwrap_or(0);
            }
        }
        // Per topic: totals per cell, neighbourhood means, prior rates.
        let mut totals = vec![vec![0.0f64; n]; topics];
        let mut counts: Vec<Vec<(u32, Box<Prefix>)>> = vec![Vec::new(); topics];
        for (&(t, r, c), v) in &history.topic_cell {
            let (Some(i), Some(tt)) = (rect.index(r, c), totals.get_mut(usize::from(t))) else {
                continue;
            };
            let p = prefix_of(v);
            tt[i] += f64::from(p[SLOTS]);
            counts[usize::from(t)].push((u32::try_from(i).unwrap_or(u32::MAX), Box::new(p)));
        }
        for c in &mut counts {
            crate::sort::sort_by_key(c, |x| x.0);
        }
        let active = history.cell.len().max(1) as f64;
        let nb = s.neighbourhood;
        let mut sat = super::grid::Summed::default();
        let mut rate = Vec::with_capacity(topics);
        let mut floor = Vec::with_capacity(topics);
        for tot in &totals {
            let sum: f64 = tot.iter().sum();
            let fl = if hours > 0.0 {
                s.floor_share * sum / (active * hours)
            } else {
                0.0
            };
            floor.push(fl.max(1e-9));
            sat.build(tot, rect.rows, rect.cols);
            let mut rt = vec![0.0f32; n];
            for r in 0..rect.rows {
                for c in 0..rect.cols {
                    let i = r * rect.cols + c;
                    let block = sat.square(r, c, nb);
                    let cells = block_cells(rect, r, c, nb);
                    let m = if hours > 0.0 {
                        block / (cells * hours)
                    } else {
                        0.0
                    };
                    let v = (tot[i] + s.prior_hours * m) / (hours + s.prior_hours);
                    rt[i] = v as f32;
                }
            }
            rate.push(rt);
        }
        let weeks = hours / SLOTS as f64;
        let denom = weeks + s.prior_weeks;
        let city = rate
            .iter()
            .zip(&counts)
            .map(|(rt, cs)| {
                let mut by_profile = vec![0.0f64; profiles.len()];
                for (i, r) in rt.iter().enumerate() {
                    by_profile[profile_of[i] as usize] += f64::from(*r);
                }
                let mut v = [0.0f64; SLOTS];
                for (k, p) in profiles.iter().enumerate() {
                    for (h, x) in v.iter_mut().enumerate() {
                        *x += s.prior_weeks * by_profile[k] * f64::from(p[h + 1] - p[h]);
                    }
                }
                for (_, p) in cs {
                    for (h, x) in v.iter_mut().enumerate() {
                        *x += f64::from(p[h + 1] - p[h]);
                    }
                }
                let mut out = [0.0f32; SLOTS];
                for (o, x) in out.iter_mut().zip(v.iter()) {
                    *o = (x / denom) as f32;
                }
                prefix_of(&out)
            })
            .collect();
        Self {
            rect,
            hours,
            city,
            weeks: hours / SLOTS as f64,
            prior_weeks: s.prior_weeks,
            profile_of,
            profiles,
            rate,
            counts,
            floor,
        }
    }

    /// The expected count of `topic` in dense cell `i` over the window (as one entry of
    /// [`Model::expected`]). `shapes` holds NaN for a shape not summed yet (see
    /// [`Model::clear_shapes`]) and is filled as needed.
    pub fn expected_at(&self, topic: usize, i: usize, w: &Span, shapes: &mut [f64]) -> f64 {
        let (Some(rate), Some(counts)) = (self.rate.get(topic), self.counts.get(topic)) else {
            return 0.0;
        };
        let denom = self.weeks + self.prior_weeks;
        let hours = w.hours();
        let floor = self.floor.get(topic).copied().unwrap_or(0.0) * hours;
        let k = self.profile_of[i] as usize;
        if shapes[k].is_nan() {
            shapes[k] = window_sum(&self.profiles[k], w);
        }
        let p = shapes[k];
        let mut v = self.prior_weeks / denom * f64::from(rate[i]) * p;
        let key = u32::try_from(i).unwrap_or(u32::MAX);
        if let Ok(j) = counts.binary_search_by_key(&key, |c| c.0) {
            v += window_sum(&counts[j].1, w) / denom;
        }
        v.max(floor)
    }

    /// The expected count of `topic` over the whole rectangle over the window (the sum
    /// of [`Model::expected`] without the per-cell floor).
    pub fn expected_total(&self, topic: usize, w: &Span) -> f64 {
        self.city.get(topic).map_or(0.0, |p| window_sum(p, w))
    }

    /// Sets `shapes` to one NaN per shape, for [`Model::expected_at`].
    pub fn clear_shapes(&self, shapes: &mut Vec<f64>) {
        shapes.clear();
        shapes.resize(self.profiles.len(), f64::NAN);
    }

    /// Fills `shapes` with every place's shape summed over `[s, e)`, for [`Model::expected`].
    pub fn shapes(&self, w: &Span, shapes: &mut Vec<f64>) {
        shapes.clear();
        shapes.extend(self.profiles.iter().map(|p| window_sum(p, w)));
    }

    /// Fills `out` (one entry per dense cell) with the expected count of `topic` over
    /// `[s, e)`; `shapes` comes from [`Model::shapes`] of the same window.
    pub fn expected(&self, topic: usize, w: &Span, shapes: &[f64], out: &mut Vec<f64>) {
        let n = self.rect.len();
        out.clear();
        out.resize(n, 0.0);
        let (Some(rate), Some(counts)) = (self.rate.get(topic), self.counts.get(topic)) else {
            return;
        };
        let denom = self.weeks + self.prior_weeks;
        let hours = w.hours();
        let floor = self.floor.get(topic).copied().unwrap_or(0.0) * hours;
        let k = self.prior_weeks / denom;
        for (i, o) in out.iter_mut().enumerate() {
            let p = shapes[self.profile_of[i] as usize];
            *o = k * f64::from(rate[i]) * p;
        }
        for (i, p) in counts {
            if let Some(o) = out.get_mut(*i as usize) {
                *o += window_sum(p, w) / denom;
            }
        }
        for o in out.iter_mut() {
            *o = o.max(floor);
        }
    }
}

/// Number of cells of the square of half-side `k` around `(r, c)` inside the rectangle.
pub fn block_cells(rect: Rect, r: usize, c: usize, k: usize) -> f64 {
    let rows = (r + k + 1).min(rect.rows) - r.saturating_sub(k);
    let cols = (c + k + 1).min(rect.cols) - c.saturating_sub(k);
    (rows * cols) as f64
}
