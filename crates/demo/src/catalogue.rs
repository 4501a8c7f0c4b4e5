//! The default service catalogue of a telecom operator, shipped as data:
//! `data/catalogue.json`, in the JSON of [`Catalogue`] that `GET /catalogue` returns, so it
//! reads as what it is and an administrator's export has the same form. A test keeps the
//! file in `serde_json`'s pretty layout and checks that nothing in it is lost on reading.
//!
//! What the file does not say by itself:
//! - Every service has six SLA policies: incident and service request on lines 1, 2 and 3.
//!   `business_hours: true` counts hours only within the business calendar (the `holidays`,
//!   Russian public holidays 2025-2027, and `business_day`, 9-18 at UTC+3).
//! - Routing: the first rule that matches, by (`priority`, `id`), wins. A partner's message
//!   goes straight to the partner desk; network-quality incidents (calls, mobile data, SMS,
//!   coverage) straight to network engineers; prize-draw work has a hard deadline, so it
//!   skips the first line.

use spotdesk_api::Catalogue;
use std::sync::OnceLock;

/// The shipped catalogue file.
pub const CATALOGUE_JSON: &str = include_str!("../data/catalogue.json");

/// The operator's service catalogue: about twenty services with both languages, required
/// fields, SLA policies for every kind and line, groups, routing rules and the calendar.
pub fn default_catalogue() -> Catalogue {
    static PARSED: OnceLock<Catalogue> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            // The file ships with the crate and is checked by a test; failing here is a build bug.
            #[allow(clippy::expect_used)]
            serde_json::from_str(CATALOGUE_JSON)
                .expect("the shipped crates/demo/data/catalogue.json must parse")
        })
        .clone()
}
