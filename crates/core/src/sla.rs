//! SLA deadlines: service x ticket kind x support line x business calendar, with the hard
//! deadlines some work has (before a lottery draw) and the reasons of each deadline.

use chrono::{DateTime, Duration, Utc};
use spotdesk_api::{Catalogue, Service, SlaPolicy, TicketKind};

mod calendar;
mod explain;
mod hard;
pub use calendar::BusinessCalendar;
pub use explain::{calendar_reasons, SlaReason};
pub use hard::next_hard_deadline;

/// A computed deadline with the reasons for it, for showing "why" next to the date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaExplanation {
    pub deadline: DateTime<Utc>,
    /// Allowed hours of the policy applied.
    pub hours: u32,
    /// Whether the hours are business hours (otherwise around the clock).
    pub business_hours: bool,
    /// Kind and line of the policy applied (may differ from the ticket's when falling back).
    pub policy_kind: TicketKind,
    pub policy_line: u8,
    /// Why the deadline is what it is, in sentence order: the hours, the policy's line when
    /// it falls back, the working week and the days skipped (business hours only), the hard
    /// deadline (when the policy has one).
    pub reasons: Vec<SlaReason>,
}

/// Picks the service's policy for a kind and line.
///
/// Exact (kind, line) first; otherwise the same kind at the nearest lower line, then the
/// nearest higher line. `None` when the service has no policy for the kind.
pub fn find_policy(service: &Service, kind: TicketKind, line: u8) -> Option<&SlaPolicy> {
    let same_kind = || service.sla.iter().filter(move |p| p.kind == kind);
    same_kind()
        .find(|p| p.line == line)
        .or_else(|| same_kind().filter(|p| p.line < line).max_by_key(|p| p.line))
        .or_else(|| same_kind().filter(|p| p.line > line).min_by_key(|p| p.line))
}

/// The deadline of work started at `start` under one policy and calendar: the policy's hours
/// (business or around the clock), or the policy's hard deadline when that comes first.
/// `None` when neither exists (business hours in a calendar without working time, and no
/// hard deadline).
pub fn deadline(
    start: DateTime<Utc>,
    policy: &SlaPolicy,
    calendar: &BusinessCalendar,
) -> Option<DateTime<Utc>> {
    let by_hours = hours_deadline(start, policy, calendar);
    let hard = hard_deadline(start, policy, calendar);
    match (by_hours, hard) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The deadline by the policy's hours alone.
fn hours_deadline(
    start: DateTime<Utc>,
    policy: &SlaPolicy,
    calendar: &BusinessCalendar,
) -> Option<DateTime<Utc>> {
    let minutes = i64::from(policy.hours) * 60;
    if policy.business_hours {
        calendar.add_working_minutes(start, minutes)
    } else {
        start.checked_add_signed(Duration::minutes(minutes))
    }
}

/// The next time of the policy's hard deadline after `start`, if it has one.
fn hard_deadline(
    start: DateTime<Utc>,
    policy: &SlaPolicy,
    calendar: &BusinessCalendar,
) -> Option<DateTime<Utc>> {
    let hard = policy.due_before.as_ref()?;
    next_hard_deadline(start, hard, &calendar.offset())
}

/// The deadline of `policy` from `start` with its reasons; `line` is the ticket's line (a
/// policy of another line is named as a reason).
pub fn explain(
    start: DateTime<Utc>,
    policy: &SlaPolicy,
    line: u8,
    calendar: &BusinessCalendar,
) -> Option<SlaExplanation> {
    let by_hours = hours_deadline(start, policy, calendar);
    let hard = hard_deadline(start, policy, calendar);
    let deadline = deadline(start, policy, calendar)?;
    let mut reasons = vec![SlaReason::Hours {
        hours: policy.hours,
        business_hours: policy.business_hours,
    }];
    if policy.line != line {
        reasons.push(SlaReason::PolicyOfLine { line: policy.line });
    }
    if policy.business_hours {
        reasons.extend(calendar_reasons(calendar, start, deadline));
    }
    if let (Some(at), Some(h)) = (hard, policy.due_before.as_ref()) {
        reasons.push(SlaReason::HardDeadline {
            at,
            label: h.label.clone(),
            first: by_hours.is_none_or(|b| at < b),
        });
    }
    Some(SlaExplanation {
        deadline,
        hours: policy.hours,
        business_hours: policy.business_hours,
        policy_kind: policy.kind,
        policy_line: policy.line,
        reasons,
    })
}

/// The SLA deadline and its reasons for a ticket of `service_code`, `kind` and `line`
/// registered at `start`. `None` for an unknown service or one without a policy for the kind.
pub fn compute(
    cat: &Catalogue,
    service_code: &str,
    kind: TicketKind,
    line: u8,
    start: DateTime<Utc>,
) -> Option<SlaExplanation> {
    let service = cat.services.iter().find(|s| s.code == service_code)?;
    let policy = find_policy(service, kind, line)?;
    explain(start, policy, line, &BusinessCalendar::from_catalogue(cat))
}

#[cfg(test)]
mod rule_tests;
#[cfg(test)]
mod tests;
