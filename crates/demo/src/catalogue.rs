//! The default service catalogue of a telecom operator, shipped as data:
//! `data/catalogue.json`, in the JSON of [`Catalogue`] that `GET /catalogue` returns, so it
//! reads as what it is and an administrator's export has the same form. A test keeps the
//! file in `serde_json`'s pretty layout and checks that nothing in it is lost on reading.
//!
//! What the file does not say by itself:
//! - Every service has six SLA policies: incident and service request on lines 1, 2 and 3.
//!   `business_hours: true` counts hours only within the business calendar: the
//!   `working_week` (Monday to Friday 09:00-18:00 at UTC+3, `business_day`'s offset), the
//!   `holidays` (Russian public holidays 2025-2027) and pre-holiday days an hour shorter
//!   (`pre_holiday_short_minutes`, as the Russian labour code has it).
//! - Prize-draw work (`lottery-prize`) must be done before the evening draw at 21:00
//!   (`due_before`): its deadline is the earlier of the policy's hours and the next draw.
//! - Routing: the first rule that matches, by (`priority`, `id`), wins. A partner's message
//!   goes straight to the partner desk; network-quality incidents (calls, mobile data, SMS,
//!   coverage) straight to network engineers; prize-draw work has a hard deadline, so it
//!   skips the first line.
//! - Business units informed about mass incidents (sales, retail shops, the business
//!   customers desk, dealers and partners, the social media team) with what each does after
//!   the fix; escalation timings and detection thresholds are the defaults, written out.

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
