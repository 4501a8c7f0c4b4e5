//! The period of a view as the reference sees it: which instants it holds and the local
//! calendar days they fall on, worked out with `chrono` dates.

use crate::dashboard::Params;
use chrono::{DateTime, NaiveDate};

/// The instants `[from, end)` of a view and its local calendar days.
pub(super) struct Period {
    from: i64,
    end: i64,
    utc_offset: i64,
    /// Every local date from the one holding `from` to the one holding the last instant
    /// before `end`, in order (none for an empty period).
    pub dates: Vec<NaiveDate>,
}

impl Period {
    /// The period of `p`: from `p.from` to [`Params::end`], in the viewer's local days.
    pub fn of(p: &Params) -> Self {
        let (from, end, utc_offset) = (p.from, p.end(), i64::from(p.utc_offset));
        let first = local_date(from, utc_offset);
        let last = local_date(end - 1, utc_offset);
        let dates = match (first, last) {
            (Some(first), Some(last)) if end > from => {
                first.iter_days().take_while(|d| *d <= last).collect()
            }
            _ => Vec::new(),
        };
        Self {
            from,
            end,
            utc_offset,
            dates,
        }
    }

    /// Whether the instant `t` is in the period.
    pub fn contains(&self, t: i64) -> bool {
        self.from <= t && t < self.end
    }

    /// The position in [`Period::dates`] of the local date holding the instant `t`, if that
    /// date is one of the period's.
    pub fn day(&self, t: i64) -> Option<usize> {
        let date = local_date(t, self.utc_offset)?;
        self.dates.binary_search(&date).ok()
    }
}

/// The calendar date at `utc_offset` seconds east of UTC of the instant `t`.
fn local_date(t: i64, utc_offset: i64) -> Option<NaiveDate> {
    let local = DateTime::from_timestamp(t.checked_add(utc_offset)?, 0)?;
    Some(local.date_naive())
}
