//! Mass-incident rules: the lifecycle's allowed transitions, applying a change
//! ([`apply_patch`]), escalation timers and levels, and when "still not working" reports
//! reopen a resolved incident.
//!
//! Escalation rules each have a deadline derived from the incident and the rule's timing in
//! the catalogue's [`EscalationSettings`]; each level of the settings fires its
//! `after_minutes` after that deadline and notifies the level's `notify`.

use chrono::{DateTime, Duration, Utc};
use spotdesk_api::{EscalationLevel, EscalationRule, EscalationSettings, IncidentStatus};

mod patch;
pub use patch::{
    apply_patch, check_note, check_services, check_units, merge_units, IncidentChange,
    MAX_SERVICES, MAX_TEXT, MAX_TITLE, MAX_UNITS,
};

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

/// Minutes after its start that a rule's level 1 deadline falls: the rule's timing in the
/// settings, or the default timing when the settings leave the rule out.
pub fn rule_minutes(rule: EscalationRule, s: &EscalationSettings) -> i64 {
    let find = |list: &[spotdesk_api::EscalationTiming]| {
        list.iter()
            .find(|t| t.rule == rule)
            .map(|t| i64::from(t.after_minutes))
    };
    find(&s.timings)
        .or_else(|| find(&EscalationSettings::default().timings))
        .unwrap_or(0)
}

/// The rules that apply to the incident now, each with its deadline (level 1), in rule order.
/// A resolved or confirmed incident has none.
pub fn rule_deadlines(
    f: &EscalationFacts,
    s: &EscalationSettings,
) -> Vec<(EscalationRule, DateTime<Utc>)> {
    use IncidentStatus::*;
    let mut out = Vec::new();
    if !f.status.is_active() {
        return out;
    }
    let after = |rule, from: DateTime<Utc>| (rule, from + Duration::minutes(rule_minutes(rule, s)));
    if let Some(expected) = f.expected_resolution {
        out.push(after(EscalationRule::NotResolvedByExpected, expected));
    }
    if f.status == Diagnosis {
        out.push(after(EscalationRule::DiagnosisTooLong, f.status_since));
    }
    if matches!(f.status, Registered | Reopened) {
        out.push(after(EscalationRule::NotTakenIntoWork, f.status_since));
    }
    if !f.has_owner {
        out.push(after(EscalationRule::NoOwner, f.registered_at));
    }
    out
}

/// The escalation ladder: the settings' levels ordered by number (the default ladder when the
/// settings have none).
pub fn ladder(s: &EscalationSettings) -> Vec<EscalationLevel> {
    let mut levels = if s.levels.is_empty() {
        EscalationSettings::default().levels
    } else {
        s.levels.clone()
    };
    crate::sort::sort_by_key(&mut levels, |l| l.level);
    levels
}

/// When a level fires for a rule with `deadline`.
fn fires_at(deadline: DateTime<Utc>, level: &EscalationLevel) -> DateTime<Utc> {
    deadline + Duration::minutes(i64::from(level.after_minutes))
}

/// The levels of the ladder due at `now` for a rule with `deadline`, lowest first.
pub fn due_levels(
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
    s: &EscalationSettings,
) -> Vec<EscalationLevel> {
    ladder(s)
        .into_iter()
        .filter(|l| fires_at(deadline, l) <= now)
        .collect()
}

/// The escalation level due at `now` for a rule with `deadline`: 0 before level 1, then the
/// highest level whose time has come.
pub fn due_level(deadline: DateTime<Utc>, now: DateTime<Utc>, s: &EscalationSettings) -> u8 {
    due_levels(deadline, now, s)
        .iter()
        .map(|l| l.level)
        .max()
        .unwrap_or(0)
}

/// When `level` of a rule with `deadline` fires; `None` for a level the ladder does not have.
pub fn level_at(
    deadline: DateTime<Utc>,
    level: u8,
    s: &EscalationSettings,
) -> Option<DateTime<Utc>> {
    ladder(s)
        .iter()
        .find(|l| l.level == level)
        .map(|l| fires_at(deadline, l))
}

/// The next level above `fired` of a rule with `deadline` and when it fires; `None` at the
/// top of the ladder.
pub fn next_level(
    deadline: DateTime<Utc>,
    fired: u8,
    s: &EscalationSettings,
) -> Option<(u8, DateTime<Utc>)> {
    ladder(s)
        .iter()
        .find(|l| l.level > fired)
        .map(|l| (l.level, fires_at(deadline, l)))
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
