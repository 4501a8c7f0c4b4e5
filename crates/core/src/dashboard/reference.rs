//! The plain version of [`super::compute`]: row by row, calendar dates from `chrono`, maps
//! keyed by code, sorting for percentiles, a scan of all selected contacts per incident.
//!
//! It exists to check the fast version (property tests require identical results) and as the
//! baseline of the benchmark; it is not used by the app. So that a bug in the fast code cannot
//! hide in both, it shares none of the fast code's helpers: it reads the facts as rows
//! (`tickets`), works out the period's days itself (`period`), and defines each figure of
//! the [`Dashboard`] in a function of its own (`figures`).

mod figures;
mod period;
mod tickets;

use super::{Dashboard, Input, Params, Percentiles};
use period::Period;
use tickets::{Contact, Ticket};

/// Nearest-rank percentiles by sorting.
pub fn percentiles_by_sort(values: &[u32]) -> Percentiles {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    if n == 0 {
        return Percentiles::default();
    }
    let pick = |p: f64| {
        let rank = ((p / 100.0) * n as f64).ceil().max(1.0) as usize;
        v[rank - 1]
    };
    Percentiles {
        count: n as u32,
        p50: Some(pick(50.0)),
        p90: Some(pick(90.0)),
    }
}

/// Seconds from `a` to `b`: 0 when `b` is before `a`, at most `u32::MAX`.
fn seconds_between(a: i64, b: i64) -> u32 {
    (b - a).clamp(0, i64::from(u32::MAX)) as u32
}

/// Computes the same [`Dashboard`] as [`super::compute`], slowly and obviously: the tickets
/// *selected* are those registered in the period that match the filter.
pub fn compute(input: &Input<'_>, p: &Params) -> Dashboard {
    let loaded = tickets::read_all(input.tickets);
    let period = Period::of(p);
    let selected: Vec<&Ticket<'_>> = loaded
        .iter()
        .filter(|t| period.contains(t.created) && t.matches(&p.filter))
        .collect();
    let contacts: Vec<Contact> = selected.iter().map(|t| t.contact()).collect();
    let incidents = figures::incidents_of_period(input.incidents, &loaded, &period, &p.filter);
    let ratings = figures::ratings_that_count(input.ratings, &loaded, &selected, &p.filter);
    Dashboard {
        volume: figures::volume(&selected, &period, p.now),
        sla: figures::sla(&selected, p.now),
        incidents: figures::incident_stats(&incidents, &loaded, &contacts, p.window()),
        contacts: figures::contact_stats(&incidents, &contacts, p.window()),
        spots: figures::spot_stats(input.spots, &loaded, &period, &p.filter),
        ratings: figures::rating_stats(&ratings, &period),
        repeats: figures::repeats(&selected),
    }
}
