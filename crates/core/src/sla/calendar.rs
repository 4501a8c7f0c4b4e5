//! The business calendar: working hours per weekday, holidays and pre-holiday short days,
//! and adding working time to an instant.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
};
use spotdesk_api::{BusinessDay, Catalogue, Weekday, WorkingHours};
use std::collections::BTreeSet;

/// Minutes in a day.
const DAY_MINUTES: u16 = 1440;

/// Bound of every walk over days: deadlines beyond ten years mean a broken calendar.
pub(crate) const MAX_DAYS: usize = 3660;

/// The working calendar deadlines are counted in: working hours per weekday, holidays and
/// pre-holiday short days, in the centre's local time (a fixed offset from UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    /// The offset of local time (`utc_offset_minutes`), and the working hours Monday to
    /// Friday when `week` is empty.
    pub day: BusinessDay,
    /// Working hours per weekday; a weekday may have several intervals (a lunch break), a
    /// weekday absent is a day off. Empty: `day`'s hours Monday to Friday.
    pub week: Vec<WorkingHours>,
    /// Non-working dates (local).
    pub holidays: BTreeSet<NaiveDate>,
    /// Minutes cut from the end of a working day whose next calendar day is a holiday.
    pub pre_holiday_short_minutes: u32,
}

impl BusinessCalendar {
    /// The calendar a catalogue declares.
    pub fn from_catalogue(cat: &Catalogue) -> Self {
        Self {
            day: cat.business_day,
            week: cat.working_week.clone(),
            holidays: cat.holidays.iter().copied().collect(),
            pre_holiday_short_minutes: cat.pre_holiday_short_minutes,
        }
    }

    /// The calendar of the old documents: `day`'s hours Monday to Friday, the holidays, no
    /// short days.
    pub fn weekdays(day: BusinessDay, holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            day,
            week: Vec::new(),
            holidays: holidays.into_iter().collect(),
            pre_holiday_short_minutes: 0,
        }
    }

    /// The local time zone of the centre.
    pub fn offset(&self) -> FixedOffset {
        // Offsets outside +-24 h are nonsense; fall back to UTC rather than fail.
        FixedOffset::east_opt(self.day.utc_offset_minutes.saturating_mul(60))
            .unwrap_or_else(|| Utc.fix())
    }

    /// The working week in effect, one entry per interval, Monday first, each weekday's
    /// intervals sorted and merged; `week` if set, otherwise `day`'s hours Monday to Friday.
    /// Empty intervals are left out.
    pub fn working_week(&self) -> Vec<WorkingHours> {
        Weekday::ALL
            .iter()
            .flat_map(|&weekday| {
                self.regular_hours(weekday)
                    .into_iter()
                    .map(move |(start_minute, end_minute)| WorkingHours {
                        weekday,
                        start_minute,
                        end_minute,
                    })
            })
            .collect()
    }

    /// The regular working intervals of a weekday (minutes after local midnight), sorted,
    /// merged, none empty.
    fn regular_hours(&self, weekday: Weekday) -> Vec<(u16, u16)> {
        let mut spans: Vec<(u16, u16)> = if self.week.is_empty() {
            let start = u16::from(self.day.start_hour.min(24)) * 60;
            let end = u16::from(self.day.end_hour.min(24)) * 60;
            let workday = !matches!(weekday, Weekday::Sat | Weekday::Sun);
            if workday {
                vec![(start, end)]
            } else {
                Vec::new()
            }
        } else {
            self.week
                .iter()
                .filter(|w| w.weekday == weekday)
                .map(|w| {
                    (
                        w.start_minute.min(DAY_MINUTES),
                        w.end_minute.min(DAY_MINUTES),
                    )
                })
                .collect()
        };
        spans.retain(|(s, e)| s < e);
        crate::sort::sort_by_key(&mut spans, |&(s, _)| s);
        let mut merged: Vec<(u16, u16)> = Vec::with_capacity(spans.len());
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }

    /// Whether a local date is a holiday.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains(&date)
    }

    /// Whether a working day is shortened: short days are configured and the next calendar
    /// day is a holiday.
    pub fn is_short_day(&self, date: NaiveDate) -> bool {
        self.pre_holiday_short_minutes > 0
            && !self.is_holiday(date)
            && !self.regular_hours(weekday_of(date)).is_empty()
            && date.succ_opt().is_some_and(|next| self.is_holiday(next))
    }

    /// The working intervals of a local date (minutes after midnight): none on a holiday or a
    /// day off; on a short day the last `pre_holiday_short_minutes` working minutes are cut.
    pub fn hours_on(&self, date: NaiveDate) -> Vec<(u16, u16)> {
        if self.is_holiday(date) {
            return Vec::new();
        }
        let mut spans = self.regular_hours(weekday_of(date));
        if self.is_short_day(date) {
            let mut cut = self.pre_holiday_short_minutes;
            while cut > 0 {
                let Some(last) = spans.last_mut() else { break };
                let len = u32::from(last.1 - last.0);
                if len <= cut {
                    cut -= len;
                    spans.pop();
                } else {
                    // `cut < len <= 1440`, so it fits.
                    last.1 -= u16::try_from(cut).unwrap_or(last.1 - last.0);
                    cut = 0;
                }
            }
        }
        spans
    }

    /// Whether a local date has working time.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !self.hours_on(date).is_empty()
    }

    /// Whether the calendar has any working time in a regular week.
    fn has_working_time(&self) -> bool {
        Weekday::ALL
            .iter()
            .any(|&d| !self.regular_hours(d).is_empty())
    }

    /// Adds `minutes` of working time to `start`, skipping nights, days off, holidays and the
    /// cut end of short days.
    ///
    /// A start outside working hours begins counting at the next opening; a deadline that
    /// falls exactly on a closing time stays there. Returns `None` when the calendar has no
    /// working time at all (no working hours, or ten years of holidays).
    pub fn add_working_minutes(&self, start: DateTime<Utc>, minutes: i64) -> Option<DateTime<Utc>> {
        if !self.has_working_time() {
            return None;
        }
        let tz = self.offset();
        let local = start.with_timezone(&tz).naive_local();
        let mut date = local.date();
        let mut remaining = minutes.max(0);
        for _ in 0..MAX_DAYS {
            for (open, close) in self.hours_on(date) {
                let open = at_minute(date, open);
                let close = at_minute(date, close);
                let from = if local > open { local } else { open };
                if from < close {
                    let available = (close - from).num_minutes();
                    if remaining <= available {
                        return to_utc(&tz, from + Duration::minutes(remaining));
                    }
                    remaining -= available;
                }
            }
            date = date.succ_opt()?;
        }
        None
    }

    /// Whether an instant is inside working time (an opening counts as outside, a closing as
    /// inside: the minute that ends at the closing was worked).
    pub fn is_working_instant(&self, t: DateTime<Utc>) -> bool {
        let local = t.with_timezone(&self.offset()).naive_local();
        // The day before counts too: an interval closing at 24:00 ends at this midnight.
        [local.date().pred_opt(), Some(local.date())]
            .into_iter()
            .flatten()
            .any(|day| {
                self.hours_on(day).into_iter().any(|(open, close)| {
                    local > at_minute(day, open) && local <= at_minute(day, close)
                })
            })
    }
}

/// The API's weekday of a date.
pub(crate) fn weekday_of(date: NaiveDate) -> Weekday {
    match date.weekday() {
        chrono::Weekday::Mon => Weekday::Mon,
        chrono::Weekday::Tue => Weekday::Tue,
        chrono::Weekday::Wed => Weekday::Wed,
        chrono::Weekday::Thu => Weekday::Thu,
        chrono::Weekday::Fri => Weekday::Fri,
        chrono::Weekday::Sat => Weekday::Sat,
        chrono::Weekday::Sun => Weekday::Sun,
    }
}

/// A local date at `minute` after its midnight (1440: the next midnight).
pub(crate) fn at_minute(date: NaiveDate, minute: u16) -> NaiveDateTime {
    date.and_time(chrono::NaiveTime::MIN) + Duration::minutes(i64::from(minute))
}

/// A local wall-clock time of a fixed offset as UTC.
pub(crate) fn to_utc(tz: &FixedOffset, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&local)
        .single()
        .map(|d| d.with_timezone(&Utc))
}
