//! The reasons of a deadline, structured so that clients render them in either language:
//! "4 business hours; working hours Mon-Fri 09:00-18:00; skips Sat 12, Sun 13 (days off)
//! and 2027-01-01 (holiday); the draw at 21:00 comes first".

use super::calendar::{BusinessCalendar, MAX_DAYS};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use spotdesk_api::{LocalizedText, WorkingHours};

/// One reason of a deadline, in the order a sentence gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SlaReason {
    /// The policy allows `hours`, business hours or around the clock.
    Hours { hours: u32, business_hours: bool },
    /// The policy of another support line applies (the ticket's line has none).
    PolicyOfLine { line: u8 },
    /// Business hours are counted in this working week (local time, `utc_offset_minutes`
    /// from UTC), one entry per interval, Monday first.
    WorkingWeek {
        days: Vec<WorkingHours>,
        utc_offset_minutes: i32,
    },
    /// Days off (no working hours that weekday) between registration and the deadline.
    DaysOff { dates: Vec<NaiveDate> },
    /// Holidays between registration and the deadline.
    Holidays { dates: Vec<NaiveDate> },
    /// Pre-holiday days between registration and the deadline, each `minutes` shorter.
    ShortDays { dates: Vec<NaiveDate>, minutes: u32 },
    /// The policy's hard deadline: the next `at` (its label, e.g. "the draw"); `first` when it
    /// comes before the end of the hours and so is the deadline.
    HardDeadline {
        at: DateTime<Utc>,
        label: LocalizedText,
        first: bool,
    },
}

/// The calendar's reasons for business hours counted from `start` to `end`: the working
/// week, then the days off and holidays from `start`'s local date up to and including
/// `end`'s, and the short days before `end`'s date (each list left out when empty).
pub fn calendar_reasons(
    cal: &BusinessCalendar,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Vec<SlaReason> {
    let tz = cal.offset();
    let mut out = vec![SlaReason::WorkingWeek {
        days: cal.working_week(),
        utc_offset_minutes: cal.day.utc_offset_minutes,
    }];
    let (mut off, mut holidays, mut short) = (Vec::new(), Vec::new(), Vec::new());
    let mut date = start.with_timezone(&tz).date_naive();
    let last = end.with_timezone(&tz).date_naive();
    for _ in 0..MAX_DAYS {
        if date > last {
            break;
        }
        if cal.is_holiday(date) {
            holidays.push(date);
        } else if !cal.is_working_day(date) {
            off.push(date);
        } else if date < last && cal.is_short_day(date) {
            // On the deadline's own day the cut end never moved it.
            short.push(date);
        }
        match date.succ_opt() {
            Some(next) => date = next,
            None => break,
        }
    }
    if !off.is_empty() {
        out.push(SlaReason::DaysOff { dates: off });
    }
    if !holidays.is_empty() {
        out.push(SlaReason::Holidays { dates: holidays });
    }
    if !short.is_empty() {
        out.push(SlaReason::ShortDays {
            dates: short,
            minutes: cal.pre_holiday_short_minutes,
        });
    }
    out
}
