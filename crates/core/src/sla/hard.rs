//! Hard deadlines: work that must be finished before a fixed local time of day (the seeds'
//! "cancel a failed lottery-ticket payment before the draw").

use super::calendar::{at_minute, to_utc, weekday_of};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use spotdesk_api::HardDeadline;

/// Latest minute of a day a hard deadline may name.
const LAST_MINUTE: u16 = 1439;

/// The first time after `start` (strictly) that is `minute_of_day` local time on one of the
/// deadline's weekdays (any day when none are named). `None` only at the end of time.
pub fn next_hard_deadline(
    start: DateTime<Utc>,
    hard: &HardDeadline,
    tz: &FixedOffset,
) -> Option<DateTime<Utc>> {
    let local = start.with_timezone(tz).naive_local();
    let minute = hard.minute_of_day.min(LAST_MINUTE);
    let mut date = local.date();
    // Today's time may have passed and the next named weekday is at most a week away.
    for _ in 0..8 {
        let on_day = hard.weekdays.is_empty() || hard.weekdays.contains(&weekday_of(date));
        let candidate = at_minute(date, minute);
        if on_day && candidate > local {
            return to_utc(tz, candidate);
        }
        date = date.checked_add_signed(Duration::days(1))?;
    }
    None
}
