//! The new scan detector (`spotdesk_core::scan`) with its defaults.

use super::record;
use crate::generate::Complaint;
use crate::replay::Method;
use crate::score::{Class, Det};
use spotdesk_core::scan::{Detection, DetectionKind, ScanDetector, ScanParams, Scope};

/// The scan detector.
pub struct Scan {
    d: ScanDetector,
}

impl Scan {
    /// With `params`.
    pub fn new(params: ScanParams) -> Self {
        Self {
            d: ScanDetector::new(params),
        }
    }
}

fn det(now: i64, class: Class, d: Detection) -> Det {
    Det {
        run: now,
        class,
        city_wide: d.kind == DetectionKind::CityWide,
        topic: d.topic,
        lat: d.center_lat,
        long: d.center_long,
        radius_m: d.radius_m,
        start: d.window_start,
        end: d.window_end,
    }
}

impl Method for Scan {
    fn name(&self) -> String {
        "scan (new), defaults".into()
    }

    fn push(&mut self, c: &Complaint) {
        self.d.push(&record(c));
    }

    fn spots(&mut self, now: i64) -> Vec<Det> {
        self.d
            .detect(now, Scope::Spots)
            .into_iter()
            .map(|d| det(now, Class::Spot, d))
            .collect()
    }

    fn bursts(&mut self, now: i64) -> Vec<Det> {
        self.d
            .detect(now, Scope::Bursts)
            .into_iter()
            .map(|d| det(now, Class::Burst, d))
            .collect()
    }
}
