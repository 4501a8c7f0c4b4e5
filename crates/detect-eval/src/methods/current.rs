//! Spotdesk's current detection with its defaults: `SpotDetector` over the network-quality
//! services (mobile voice and data, as the shipped catalogue), `BurstDetector` over all.

use super::record;
use crate::generate::Complaint;
use crate::replay::Method;
use crate::score::{Class, Det};
use spotdesk_api::Polygon;
use spotdesk_core::bursts::{BurstDetector, BurstParams};
use spotdesk_core::geo::haversine_m;
use spotdesk_core::spots::{SpotDetector, SpotParams};

/// The current defaults.
pub struct Current {
    spots: SpotDetector,
    bursts: BurstDetector,
}

impl Default for Current {
    fn default() -> Self {
        Self {
            spots: SpotDetector::new(SpotParams::default()),
            bursts: BurstDetector::new(BurstParams::default()),
        }
    }
}

fn radius(lat: f64, long: f64, p: &Polygon) -> f64 {
    p.ring
        .iter()
        .map(|q| haversine_m(lat, long, q[1], q[0]))
        .fold(250.0, f64::max)
}

impl Method for Current {
    fn name(&self) -> String {
        "Spotdesk, current defaults".into()
    }

    fn push(&mut self, c: &Complaint) {
        let r = record(c);
        if c.service.starts_with("mobile") {
            self.spots.push(&r);
        }
        self.bursts.push(&r);
    }

    fn spots(&mut self, now: i64) -> Vec<Det> {
        self.spots
            .detect(now)
            .into_iter()
            .map(|s| Det {
                run: now,
                class: Class::Spot,
                city_wide: false,
                topic: s.topic.clone().unwrap_or_default(),
                lat: s.center_lat,
                long: s.center_long,
                radius_m: radius(s.center_lat, s.center_long, &s.outline),
                start: s.window_start.timestamp(),
                end: s.window_end.timestamp(),
            })
            .collect()
    }

    fn bursts(&mut self, now: i64) -> Vec<Det> {
        self.bursts
            .proposals(now)
            .into_iter()
            .map(|b| Det {
                run: now,
                class: Class::Burst,
                city_wide: false,
                topic: b.topic.clone(),
                lat: b.center_lat,
                long: b.center_long,
                radius_m: radius(b.center_lat, b.center_long, &b.area),
                start: b.window_start.timestamp(),
                end: now,
            })
            .collect()
    }
}
