//! Mass-incident rules: the lifecycle's allowed transitions, applying a change
//! ([`apply_patch`]), escalation timers and levels, and when "still not working" reports
//! reopen a resolved incident.
//!
//! Escalation rules each have a deadline derived from the incident; level 1 fires at the
//! deadline and every [`LEVEL_STEP_MINUTES`] later the next level fires, up to [`MAX_LEVEL`].
//! A level notifies the next rung of the escalation ladder ([`level_recipient`]).

use chrono::{DateTime, Duration, Utc};
use spotdesk_api::{EscalationRule, IncidentStatus};

mod patch;
pub use patch::{
    apply_patch, check_note, check_services, check_units, merge_units, IncidentChange,
    MAX_SERVICES, MAX_TEXT, MAX_TITLE, MAX_UNITS,
};

/// Minutes without an owner group before [`EscalationRule::NoOwner`] fires.
pub const NO_OWNER_MINUTES: i64 = 15;
/// Minutes registered (or reopened) before [`EscalationRule::NotTakenIntoWork`] fires.
pub const NOT_TAKEN_MINUTES: i64 = 30;
/// Minutes in diagnosis before [`EscalationRule::DiagnosisTooLong`] fires.
pub const DIAGNOSIS_MINUTES: i64 = 120;
/// Minutes between escalation levels of one rule.
pub const LEVEL_STEP_MINUTES: i64 = 60;
/// Highest escalation level.
pub const MAX_LEVEL: u8 = 3;

/// Whether the lifecycle allows going from `from` to `to` (staying is always allowed).
///
/// registered → diagnosis | in_work | resolved; diagnosis → in_work | resolved;
/// in_work → diagnosis | resolved; resolved → confirmed | reopened; confirmed → reopened;
/// reopened → diagnosis | in_work | resolved.
pub fn transition_allowed(from: IncidentStatus, to: IncidentStatus) -> bool {
    use IncidentStatus::*;
    from == to
        || matches!(
            (from, to),
            (Registered, Diagnosis | InWork | Resolved)
                | (Diagnosis, InWork | Resolved)
                | (InWork, Diagnosis | Resolved)
                | (Resolved, Confirmed | Reopened)
                | (Confirmed, Reopened)
                | (Reopened, Diagnosis | InWork | Resolved)
        )
}

/// The statuses reachable from `from` in one step (for action buttons).
pub fn next_statuses(from: IncidentStatus) -> Vec<IncidentStatus> {
    use IncidentStatus::*;
    [Diagnosis, InWork, Resolved, Confirmed, Reopened]
        .into_iter()
        .filter(|&to| to != from && transition_allowed(from, to))
        .collect()
}

/// What the escalation rules need to know about an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EscalationFacts {
    pub status: IncidentStatus,
    pub has_owner: bool,
    pub registered_at: DateTime<Utc>,
    /// When the current status was entered.
    pub status_since: DateTime<Utc>,
    pub expected_resolution: Option<DateTime<Utc>>,
}

/// The rules that apply to the incident now, each with its deadline (level 1), in rule order.
/// A resolved or confirmed incident has none.
pub fn rule_deadlines(f: &EscalationFacts) -> Vec<(EscalationRule, DateTime<Utc>)> {
    use IncidentStatus::*;
    let mut out = Vec::new();
    if !f.status.is_active() {
        return out;
    }
    if let Some(expected) = f.expected_resolution {
        out.push((EscalationRule::NotResolvedByExpected, expected));
    }
    if f.status == Diagnosis {
        out.push((
            EscalationRule::DiagnosisTooLong,
            f.status_since + Duration::minutes(DIAGNOSIS_MINUTES),
        ));
    }
    if matches!(f.status, Registered | Reopened) {
        out.push((
            EscalationRule::NotTakenIntoWork,
            f.status_since + Duration::minutes(NOT_TAKEN_MINUTES),
        ));
    }
    if !f.has_owner {
        out.push((
            EscalationRule::NoOwner,
            f.registered_at + Duration::minutes(NO_OWNER_MINUTES),
        ));
    }
    out
}

/// The escalation level due at `now` for a rule with `deadline`: 0 before it, then 1, 2, …
/// every [`LEVEL_STEP_MINUTES`], capped at [`MAX_LEVEL`].
pub fn due_level(deadline: DateTime<Utc>, now: DateTime<Utc>) -> u8 {
    if now < deadline {
        return 0;
    }
    let steps = (now - deadline).num_minutes() / LEVEL_STEP_MINUTES;
    let level = steps.saturating_add(1).min(i64::from(MAX_LEVEL));
    u8::try_from(level).unwrap_or(MAX_LEVEL)
}

/// When `level` (1..=[`MAX_LEVEL`]) of a rule with `deadline` fires; `None` past the top.
pub fn level_at(deadline: DateTime<Utc>, level: u8) -> Option<DateTime<Utc>> {
    (1..=MAX_LEVEL)
        .contains(&level)
        .then(|| deadline + Duration::minutes(LEVEL_STEP_MINUTES * i64::from(level - 1)))
}

/// Who a level notifies: the next rung above the owner group.
pub fn level_recipient(level: u8) -> &'static str {
    match level {
        0 | 1 => "shift-lead",
        2 => "department-head",
        _ => "technical-director",
    }
}

/// How many distinct "still not working" customers reopen a resolved incident with
/// `linked` linked tickets: a fifth of them, at least 2 (or 1 with a single linked ticket).
pub fn reopen_threshold(linked: i64) -> i64 {
    if linked <= 1 {
        1
    } else {
        ((linked + 4) / 5).max(2)
    }
}

#[cfg(test)]
mod tests;
