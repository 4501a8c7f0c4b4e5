//! Local calendar days of a period as a dense grid, and their roll-up into weeks and months.
//!
//! Days are numbered by integer division of shifted Unix seconds, so bucketing a ticket is one
//! addition and one division; calendar arithmetic (weeks, months) happens once per day of the
//! grid, never per ticket.

use chrono::{DateTime, Datelike, Duration, NaiveDate};
use std::ops::Range;

/// Seconds per day.
pub const DAY: i64 = 86_400;
/// The longest period the dashboard computes, in days; longer periods are cut at the end.
pub const MAX_DAYS: i64 = 400;

/// The local calendar days `[first, first + len)` of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayGrid {
    /// Local day number (days since 1970-01-01 in local time) of the first day.
    first: i64,
    len: usize,
    offset: i64,
}

impl DayGrid {
    /// The local days touched by `[from, to)` at `utc_offset` seconds east of UTC.
    pub fn new(from: i64, to: i64, utc_offset: i32) -> Self {
        let offset = i64::from(utc_offset);
        if to <= from {
            return Self {
                first: 0,
                len: 0,
                offset,
            };
        }
        let first = from.saturating_add(offset).div_euclid(DAY);
        let last = (to - 1).saturating_add(offset).div_euclid(DAY);
        let len = (last - first + 1).clamp(0, MAX_DAYS) as usize;
        Self { first, len, offset }
    }

    /// Number of days.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the grid has no days.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The grid index of the local day holding the instant `t`, if that day is in the grid.
    ///
    /// One subtraction, one compare and a 32-bit division by a constant: WebAssembly has no
    /// 64-bit multiply-high, so a 64-bit division by a constant costs a real `i64.div`, several
    /// times slower than everything else done per ticket.
    #[inline]
    pub fn index(&self, t: i64) -> Option<usize> {
        let (inside, day) = self.locate(t);
        inside.then_some(day)
    }

    /// [`DayGrid::index`] without the `Option`: `len()` (one past the last day) when the day
    /// is outside the grid, so callers can count into a spare slot instead of branching.
    /// Branch-free itself: the quotient is computed either way and then picked.
    #[inline(always)]
    pub fn slot(&self, t: i64) -> usize {
        let (inside, day) = self.locate(t);
        crate::select::pick(inside, day, self.len)
    }

    /// Whether `t` falls in the grid, and its day index if it does (meaningless otherwise).
    #[inline(always)]
    fn locate(&self, t: i64) -> (bool, usize) {
        let x = t
            .wrapping_add(self.offset)
            .wrapping_sub(self.first.wrapping_mul(DAY)) as u64;
        // len <= MAX_DAYS, so the span and every x below it fit in u32.
        (
            x < self.len as u64 * DAY as u64,
            (x as u32 / DAY as u32) as usize,
        )
    }

    /// The same grid for instants given as seconds after `base`: `relative_to(base).index(t -
    /// base) == index(t)`.
    pub fn relative_to(&self, base: i64) -> DayGrid {
        DayGrid {
            offset: self.offset.wrapping_add(base),
            ..*self
        }
    }

    /// The calendar date of every day of the grid.
    pub fn dates(&self) -> Vec<NaiveDate> {
        let epoch = DateTime::from_timestamp(0, 0)
            .map(|t| t.date_naive())
            .unwrap_or_default();
        (0..self.len as i64)
            .map(|i| epoch + Duration::days(self.first + i))
            .collect()
    }
}

/// How days are grouped for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Granularity {
    /// One bucket per day.
    #[default]
    Day,
    /// ISO weeks (Monday to Sunday).
    Week,
    /// Calendar months.
    Month,
}

impl Granularity {
    /// Every granularity, finest first.
    pub const ALL: [Granularity; 3] = [Granularity::Day, Granularity::Week, Granularity::Month];

    /// Stable code for URLs and CSV.
    pub fn code(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
        }
    }

    /// Parses [`Granularity::code`]; anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.code() == s)
    }

    /// The first day of the bucket holding `date`.
    pub fn bucket_start(self, date: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => date,
            Granularity::Week => {
                date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
            }
            Granularity::Month => date.with_day(1).unwrap_or(date),
        }
    }
}

/// Consecutive grid days sharing one week or month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// First calendar day of the whole bucket (a Monday, the 1st …), possibly before the grid.
    pub start: NaiveDate,
    /// Grid indices of the bucket's days.
    pub days: Range<usize>,
}

/// Groups the grid's `dates` into buckets of granularity `g`.
pub fn buckets(dates: &[NaiveDate], g: Granularity) -> Vec<Bucket> {
    let mut out: Vec<Bucket> = Vec::new();
    for (i, &d) in dates.iter().enumerate() {
        let start = g.bucket_start(d);
        match out.last_mut() {
            Some(b) if b.start == start => b.days.end = i + 1,
            _ => out.push(Bucket {
                start,
                days: i..i + 1,
            }),
        }
    }
    out
}
