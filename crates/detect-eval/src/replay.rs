//! Replays a method the way scheduled jobs run it: complaints arrive in time order, the
//! proposal job runs every `burst_every` seconds and the spot job every `spot_every`
//! seconds over the evaluated period (the warm-up only feeds history).

use crate::generate::{Complaint, Dataset};
use crate::score::Det;

/// A detection method under evaluation.
pub trait Method {
    /// The name in the table.
    fn name(&self) -> String;
    /// Feeds one complaint (in time order).
    fn push(&mut self, c: &Complaint);
    /// The spot job's detections as of `now`.
    fn spots(&mut self, now: i64) -> Vec<Det>;
    /// The proposal job's detections as of `now`.
    fn bursts(&mut self, now: i64) -> Vec<Det>;
}

/// All detections of a replay.
#[derive(Debug, Clone, Default)]
pub struct Replayed {
    /// Spot detections.
    pub spots: Vec<Det>,
    /// Proposals.
    pub bursts: Vec<Det>,
    /// Wall time of the replay, seconds.
    pub seconds: f64,
}

/// Replays `m` over `ds`.
pub fn replay(ds: &Dataset, m: &mut dyn Method, spot_every: i64, burst_every: i64) -> Replayed {
    let clock = std::time::Instant::now();
    let mut out = Replayed::default();
    let mut next = 0;
    let mut now = ds.eval_start;
    while now <= ds.end {
        while let Some(c) = ds.complaints.get(next) {
            if c.t > now {
                break;
            }
            m.push(c);
            next += 1;
        }
        if (now - ds.eval_start) % burst_every == 0 {
            out.bursts.extend(m.bursts(now));
        }
        if (now - ds.eval_start) % spot_every == 0 {
            out.spots.extend(m.spots(now));
        }
        now += burst_every.min(spot_every);
    }
    out.seconds = clock.elapsed().as_secs_f64();
    out
}
