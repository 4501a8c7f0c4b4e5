//! SLA deadlines: service x ticket kind x support line x business calendar.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc, Weekday,
};
use spotdesk_api::{BusinessDay, Catalogue, Service, SlaPolicy, TicketKind};
use std::collections::BTreeSet;

/// The working calendar deadlines are counted in: working hours, weekends and holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    /// Local working hours, `start_hour..end_hour`.
    pub day: BusinessDay,
    /// Non-working dates (local), in addition to Saturdays and Sundays.
    pub holidays: BTreeSet<NaiveDate>,
}

impl BusinessCalendar {
    /// The calendar a catalogue declares.
    pub fn from_catalogue(cat: &Catalogue) -> Self {
        Self {
            day: cat.business_day,
            holidays: cat.holidays.iter().copied().collect(),
        }
    }

    fn offset(&self) -> FixedOffset {
        // Offsets outside +-24 h are nonsense; fall back to UTC rather than fail.
        FixedOffset::east_opt(self.day.utc_offset_minutes.saturating_mul(60))
            .unwrap_or_else(utc_offset)
    }

    /// Whether a local date is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&date)
    }

    /// Working minutes of one day (0 when the configured hours are empty or inverted).
    fn minutes_per_day(&self) -> i64 {
        let (s, e) = (
            i64::from(self.day.start_hour.min(24)),
            i64::from(self.day.end_hour.min(24)),
        );
        (e - s).max(0) * 60
    }

    /// Adds `minutes` of working time to `start`, skipping nights, weekends and holidays.
    ///
    /// A start outside working hours begins counting at the next opening. Returns `None`
    /// when the calendar has no working time at all (empty day or a year of holidays).
    pub fn add_working_minutes(&self, start: DateTime<Utc>, minutes: i64) -> Option<DateTime<Utc>> {
        let per_day = self.minutes_per_day();
        if per_day == 0 {
            return None;
        }
        let tz = self.offset();
        let local = start.with_timezone(&tz).naive_local();
        let mut date = local.date();
        let mut remaining = minutes.max(0);
        // Bound the walk: deadlines beyond ten years mean a broken calendar.
        for _ in 0..3660 {
            if self.is_working_day(date) {
                let open = date.and_time(hour(self.day.start_hour));
                let close = open + Duration::minutes(per_day);
                let from = if local > open { local } else { open };
                if from < close {
                    let available = (close - from).num_minutes();
                    if remaining <= available {
                        let end = from + Duration::minutes(remaining);
                        return to_utc(&tz, end);
                    }
                    remaining -= available;
                }
            }
            date = date.succ_opt()?;
        }
        None
    }
}

fn utc_offset() -> FixedOffset {
    Utc.fix()
}

fn hour(h: u8) -> NaiveTime {
    NaiveTime::from_hms_opt(u32::from(h.min(23)), 0, 0).unwrap_or(NaiveTime::MIN)
}

fn to_utc(tz: &FixedOffset, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&local)
        .single()
        .map(|d| d.with_timezone(&Utc))
}

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

/// The deadline of work started at `start` under one policy and calendar.
pub fn deadline(
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
    let calendar = BusinessCalendar::from_catalogue(cat);
    Some(SlaExplanation {
        deadline: deadline(start, policy, &calendar)?,
        hours: policy.hours,
        business_hours: policy.business_hours,
        policy_kind: policy.kind,
        policy_line: policy.line,
    })
}

#[cfg(test)]
mod tests;
