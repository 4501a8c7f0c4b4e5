//! The methods compared: Spotdesk's current defaults, a grid scan baseline, DBSCAN per
//! topic, and the new scan detector.

pub mod current;
pub mod dbscan;
pub mod grid;
pub mod scan;

use crate::generate::Complaint;
use spotdesk_core::complaint::ComplaintRecord;

/// The core's record of a generated complaint.
pub fn record(c: &Complaint) -> ComplaintRecord<'_> {
    ComplaintRecord {
        id: c.id,
        lat: c.lat,
        long: c.long,
        time: c.t,
        customer: &c.customer,
        service: c.service,
        topic: c.topic,
        segment: None,
        lifetime_value: None,
    }
}

/// Metres east and north of the null meridian and equator, scaled at `lat0`.
pub fn metres(lat: f64, long: f64, lat0: f64) -> (f64, f64) {
    (long * 111_195.0 * lat0.to_radians().cos(), lat * 111_195.0)
}
