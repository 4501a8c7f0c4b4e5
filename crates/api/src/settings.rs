//! The parts of the configuration beside the service catalogue proper: the working week,
//! hard deadlines, business units, escalation timings and detection thresholds.

use crate::catalogue::LocalizedText;
use crate::incident::EscalationRule;
use serde::{Deserialize, Serialize};

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// Monday to Sunday.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// The same day as chrono names it.
    pub fn to_chrono(self) -> chrono::Weekday {
        match self {
            Weekday::Mon => chrono::Weekday::Mon,
            Weekday::Tue => chrono::Weekday::Tue,
            Weekday::Wed => chrono::Weekday::Wed,
            Weekday::Thu => chrono::Weekday::Thu,
            Weekday::Fri => chrono::Weekday::Fri,
            Weekday::Sat => chrono::Weekday::Sat,
            Weekday::Sun => chrono::Weekday::Sun,
        }
    }
}

/// Working hours of one weekday, local time of the centre: `start_minute..end_minute` after
/// midnight (e.g. 540..1080 for 09:00 to 18:00). A weekday absent from the list is a day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkingHours {
    pub weekday: Weekday,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1440))]
    pub start_minute: u16,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1440))]
    pub end_minute: u16,
}

/// A fixed time of day work must be finished before (the seeds' "before the lottery draw").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HardDeadline {
    /// Minutes after local midnight, e.g. 1260 for 21:00.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1439))]
    pub minute_of_day: u16,
    /// Days it happens on; empty means every day.
    #[serde(default)]
    pub weekdays: Vec<Weekday>,
    /// What happens then, shown in the explanation ("the draw").
    #[serde(default)]
    pub label: LocalizedText,
}

/// A business unit informed about mass incidents (sales, retail shops, the B2B desk...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessUnit {
    /// Stable code, the `unit` of an incident's informed units.
    pub code: String,
    pub name: LocalizedText,
    /// What the unit should do after the fix (pre-filled on the incident).
    pub after_fix: LocalizedText,
    /// How the unit is reached (an address or a phone number), for the coordinator.
    #[serde(default)]
    pub contact: String,
    /// Retired units are no longer offered; old incidents keep them.
    #[serde(default)]
    pub retired: bool,
}

/// When one escalation rule fires, counted from its start (registration, status change,
/// expected resolution).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EscalationTiming {
    pub rule: EscalationRule,
    /// Minutes after the rule's start that level 1 fires (0 for "not resolved by the
    /// expected time": at that time).
    pub after_minutes: u32,
}

/// One rung of the escalation ladder: when it fires after level 1, and who it notifies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EscalationLevel {
    /// 1, 2, 3... in order.
    pub level: u8,
    /// Minutes after the rule's deadline (level 1: 0).
    pub after_minutes: u32,
    /// Who is notified: a name or address the notifier understands (e.g. `duty-manager`).
    pub notify: String,
}

/// Escalation timings and levels of mass incidents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EscalationSettings {
    pub timings: Vec<EscalationTiming>,
    pub levels: Vec<EscalationLevel>,
}

impl Default for EscalationSettings {
    /// The timings Spotdesk always had: no owner 15 min, not taken into work 30 min, diagnosis
    /// 120 min, not resolved by the expected time at once; levels an hour apart.
    fn default() -> Self {
        use EscalationRule::*;
        let timing = |rule, after_minutes| EscalationTiming {
            rule,
            after_minutes,
        };
        let level = |level, after_minutes, notify: &str| EscalationLevel {
            level,
            after_minutes,
            notify: notify.to_string(),
        };
        Self {
            timings: vec![
                timing(NoOwner, 15),
                timing(NotTakenIntoWork, 30),
                timing(DiagnosisTooLong, 120),
                timing(NotResolvedByExpected, 0),
            ],
            levels: vec![
                level(1, 0, "shift-lead"),
                level(2, 60, "department-head"),
                level(3, 120, "technical-director"),
            ],
        }
    }
}

/// Thresholds of spot detection (map) and burst proposals (incident board). Surprise is
/// `-log10` of the Poisson tail probability of the complaints seen given the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetectionSettings {
    /// Spot window in hours (default 72).
    pub spot_window_hours: u32,
    /// Minimum surprise of a spot (default 5).
    pub spot_threshold: f64,
    /// Minimum distinct customers of a spot (default 5).
    pub spot_min_customers: u32,
    /// Burst window in minutes (default 120).
    pub burst_window_minutes: u32,
    /// Minimum surprise of a burst proposal (default 6).
    pub burst_threshold: f64,
    /// Minimum distinct customers of a burst proposal (default 6).
    pub burst_min_customers: u32,
}

impl Default for DetectionSettings {
    fn default() -> Self {
        Self {
            spot_window_hours: 72,
            spot_threshold: 5.0,
            spot_min_customers: 5,
            burst_window_minutes: 120,
            burst_threshold: 6.0,
            burst_min_customers: 6,
        }
    }
}
