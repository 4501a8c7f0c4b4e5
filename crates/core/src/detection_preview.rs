//! What detection settings would have found: the spots and burst proposals of a past range,
//! counted per day, for the administrator's preview before thresholds are saved.
//!
//! The detectors are asked at regular times through the range, as the map and the incident
//! board ask them while people work: spots every [`spot_step`] (at most 6 h, at most the
//! window), bursts every [`burst_step`] (a quarter of the window, 10 to 60 min). A finding
//! counts once, on the day it first appears: a candidate that shares no ticket with any
//! candidate of the previous time asked. The detectors are first asked at the range's start
//! without counting, so what was already under way then is not counted again.
//!
//! [`DetectionPreview`] does the work in steps ([`DetectionPreview::advance`]), so a browser
//! can yield between steps and show [`DetectionPreview::progress`].

use crate::bursts::{BurstDetector, BurstParams};
use crate::complaint::ComplaintSet;
use crate::spots::{SpotDetector, SpotParams};
use std::collections::BTreeSet;

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// Findings of one day of the range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCount {
    /// Spot candidates that first appeared that day.
    pub spots: u32,
    /// Burst proposals that first appeared that day.
    pub bursts: u32,
}

/// Seconds between two spot detections of the preview: 6 h, or the window if shorter
/// (at least an hour, the window's alignment).
pub fn spot_step(p: &SpotParams) -> i64 {
    (p.window_hours.max(1) * HOUR).min(6 * HOUR)
}

/// Seconds between two burst detections of the preview: a quarter of the window, between
/// 10 and 60 minutes.
pub fn burst_step(p: &BurstParams) -> i64 {
    (p.window_minutes.max(1) * 60 / 4).clamp(600, HOUR)
}

/// Seconds of complaints before the range's start that the detectors need (baseline and
/// window), so the caller loads enough history.
pub fn history_secs(spot: &SpotParams, burst: &BurstParams) -> i64 {
    let s = spot.baseline_days.max(0) * DAY + spot.window_hours.max(1) * HOUR + HOUR;
    let b = burst.baseline_days.max(0) * DAY + burst.window_minutes.max(1) * 60;
    s.max(b)
}

/// Which detector the next step asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Spot,
    Burst,
}

/// A preview in progress over the range `(from, to]` (Unix seconds).
#[derive(Debug, Clone)]
pub struct DetectionPreview {
    spots: SpotDetector,
    bursts: BurstDetector,
    from: i64,
    to: i64,
    spot_step: i64,
    burst_step: i64,
    /// Next time each detector is asked; past `to` when it is finished.
    next_spot: i64,
    next_burst: i64,
    /// Tickets of the previous time's findings.
    prev_spot: BTreeSet<i64>,
    prev_burst: BTreeSet<i64>,
    days: Vec<DayCount>,
    total: usize,
    done: usize,
}

impl DetectionPreview {
    /// A preview of `spot` over the network-quality complaints `network` and of `burst` over
    /// all complaints `all` (both in any order, with history from [`history_secs`] before
    /// `from`), for the range `(from, to]`.
    pub fn new(
        network: &ComplaintSet,
        all: &ComplaintSet,
        spot: SpotParams,
        burst: BurstParams,
        from: i64,
        to: i64,
    ) -> Self {
        let to = to.max(from);
        let spot_step = spot_step(&spot);
        let burst_step = burst_step(&burst);
        let n_days = usize::try_from((to - from + DAY - 1) / DAY).unwrap_or(0);
        let steps = |step: i64| usize::try_from((to - from) / step).unwrap_or(0);
        let total = steps(spot_step) + steps(burst_step) + 2;
        Self {
            spots: SpotDetector::from_set(network, spot),
            bursts: BurstDetector::from_set(all, burst),
            from,
            to,
            spot_step,
            burst_step,
            next_spot: from,
            next_burst: from,
            prev_spot: BTreeSet::new(),
            prev_burst: BTreeSet::new(),
            days: vec![DayCount::default(); n_days],
            total,
            done: 0,
        }
    }

    /// Asks the detectors at up to `evaluations` more times, earliest first; `true` once the
    /// whole range is done.
    pub fn advance(&mut self, evaluations: usize) -> bool {
        for _ in 0..evaluations {
            let next = match (self.next_spot <= self.to, self.next_burst <= self.to) {
                (false, false) => break,
                (true, false) => Next::Spot,
                (false, true) => Next::Burst,
                (true, true) if self.next_spot <= self.next_burst => Next::Spot,
                (true, true) => Next::Burst,
            };
            match next {
                Next::Spot => {
                    let t = self.next_spot;
                    let found: Vec<Vec<i64>> = self
                        .spots
                        .detect(t)
                        .into_iter()
                        .map(|c| c.complaint_ticket_ids)
                        .collect();
                    let new = fresh(&found, &mut self.prev_spot);
                    if let Some(day) = self.day_of(t) {
                        day.spots += new;
                    }
                    self.next_spot += self.spot_step;
                }
                Next::Burst => {
                    let t = self.next_burst;
                    let found: Vec<Vec<i64>> = self
                        .bursts
                        .proposals(t)
                        .into_iter()
                        .map(|b| b.ticket_ids)
                        .collect();
                    let new = fresh(&found, &mut self.prev_burst);
                    if let Some(day) = self.day_of(t) {
                        day.bursts += new;
                    }
                    self.next_burst += self.burst_step;
                }
            }
            self.done += 1;
        }
        self.is_done()
    }

    /// Whether the whole range is done.
    pub fn is_done(&self) -> bool {
        self.next_spot > self.to && self.next_burst > self.to
    }

    /// The share done, 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.is_done() {
            1.0
        } else {
            (self.done as f64 / self.total.max(1) as f64).min(1.0)
        }
    }

    /// Findings per day: index 0 is `(from, from + 1 day]`, and so on.
    pub fn days(&self) -> &[DayCount] {
        &self.days
    }

    /// Findings of the whole range (so far, until done).
    pub fn totals(&self) -> DayCount {
        self.days.iter().fold(DayCount::default(), |a, d| DayCount {
            spots: a.spots + d.spots,
            bursts: a.bursts + d.bursts,
        })
    }

    /// The day a detection at `t` counts on; `None` for the uncounted first look at `from`.
    fn day_of(&mut self, t: i64) -> Option<&mut DayCount> {
        if t <= self.from {
            return None;
        }
        let i = usize::try_from((t - self.from - 1) / DAY).ok()?;
        self.days.get_mut(i)
    }
}

/// How many of `found` (each a finding's tickets) share no ticket with `prev`; `prev` then
/// becomes the tickets of `found`.
fn fresh(found: &[Vec<i64>], prev: &mut BTreeSet<i64>) -> u32 {
    let new = found
        .iter()
        .filter(|ids| !ids.iter().any(|id| prev.contains(id)))
        .count();
    prev.clear();
    prev.extend(found.iter().flatten().copied());
    u32::try_from(new).unwrap_or(u32::MAX)
}

/// The whole preview at once (tests and command-line tools; a browser steps it).
pub fn preview(
    network: &ComplaintSet,
    all: &ComplaintSet,
    spot: SpotParams,
    burst: BurstParams,
    from: i64,
    to: i64,
) -> Vec<DayCount> {
    let mut p = DetectionPreview::new(network, all, spot, burst, from, to);
    while !p.advance(64) {}
    p.days
}

#[cfg(test)]
mod tests;
