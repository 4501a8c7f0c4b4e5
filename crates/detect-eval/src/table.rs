//! Runs every method over one data set and formats the markdown table.

use crate::generate::Dataset;
use crate::methods::{current::Current, dbscan::Dbscan, grid::Grid, scan::Scan};
use crate::replay::{replay, Method};
use crate::score::{score, Scores};
use crate::MINUTE;
use spotdesk_core::scan::ScanParams;

/// Minutes between runs of the proposal job.
pub const BURST_EVERY: i64 = 15 * MINUTE;
/// Minutes between runs of the spot job.
pub const SPOT_EVERY: i64 = 60 * MINUTE;

/// The methods by name: `current`, `grid`, `dbscan`, `scan` (with `scan`'s settings).
pub fn method(name: &str, scan: &ScanParams) -> Option<Box<dyn Method>> {
    Some(match name {
        "current" => Box::new(Current::default()),
        "grid" => Box::new(Grid::default()),
        "dbscan" => Box::new(Dbscan::default()),
        "scan" => Box::new(Scan::new(scan.clone())),
        _ => return None,
    })
}

/// One row: the method's name, its scores and the replay's wall time.
#[derive(Debug, Clone)]
pub struct Row {
    /// Method name.
    pub name: String,
    /// Scores.
    pub scores: Scores,
    /// Replay wall time, seconds.
    pub seconds: f64,
}

/// Replays and scores `m` on `ds`.
pub fn evaluate(ds: &Dataset, m: &mut dyn Method) -> Row {
    let r = replay(ds, m, SPOT_EVERY, BURST_EVERY);
    Row {
        name: m.name(),
        scores: score(&ds.truths, &r.spots, SPOT_EVERY, &r.bursts, BURST_EVERY),
        seconds: r.seconds,
    }
}

/// The markdown table of `rows`.
pub fn markdown(rows: &[Row]) -> String {
    let mut s = String::from(
        "| method | hotspots found | hotspot precision | bursts found | burst precision | median burst delay | replay |\n|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let c = &r.scores;
        let delay = c
            .median_delay()
            .map_or("–".to_string(), |d| format!("{d:.0} min"));
        s.push_str(&format!(
            "| {} | {} of {} ({:.0} %) | {:.2} ({} of {} events) | {} of {} | {:.2} ({} of {} events) | {} | {:.1} s |\n",
            r.name,
            c.hotspots_found,
            c.hotspots,
            100.0 * c.hotspot_recall(),
            c.spot_precision(),
            c.spot_events_true,
            c.spot_events,
            c.bursts_found,
            c.bursts,
            c.burst_precision(),
            c.burst_events_true,
            c.burst_events,
            delay,
            r.seconds
        ));
    }
    s
}
