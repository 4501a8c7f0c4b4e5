//! Dates, times and durations as the user reads them, in the browser's time zone.

use crate::i18n::{text, Lang, Msg};
use chrono::{DateTime, Datelike, Local, NaiveDate, Timelike, Utc};

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_RU: [&str; 12] = [
    "янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
];

fn month(lang: Lang, m0: u32) -> &'static str {
    let table = match lang {
        Lang::En => &MONTHS_EN,
        Lang::Ru => &MONTHS_RU,
    };
    table.get(m0 as usize).copied().unwrap_or("")
}

/// `24 Nov` / `24 ноя`.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    format!("{} {}", d.day(), month(lang, d.month0()))
}

/// `24 Nov 17:00` in local time.
pub fn datetime(lang: Lang, t: DateTime<Utc>) -> String {
    let l = t.with_timezone(&Local);
    format!(
        "{} {:02}:{:02}",
        date(lang, l.date_naive()),
        l.hour(),
        l.minute()
    )
}

/// `2026-11-24`: chrono's `Display` of a date, the same text as its `%Y-%m-%d`; the SPA formats
/// dates by hand so that it does not carry chrono's strftime parser and formatter.
pub fn iso_date(d: NaiveDate) -> String {
    d.to_string()
}

/// `2026-11` (`%Y-%m`).
pub fn iso_month(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// `2026-11-24 17:05` in local time (`%Y-%m-%d %H:%M`).
pub fn local_date_time(t: DateTime<Utc>) -> String {
    let l = t.with_timezone(&Local);
    format!(
        "{} {:02}:{:02}",
        iso_date(l.date_naive()),
        l.hour(),
        l.minute()
    )
}

/// `17:05:09` in local time (`%H:%M:%S`).
pub fn local_hms(t: DateTime<Utc>) -> String {
    let l = t.with_timezone(&Local);
    format!("{:02}:{:02}:{:02}", l.hour(), l.minute(), l.second())
}

/// `20261124-1705` in local time (`%Y%m%d-%H%M`), for file names.
pub fn local_stamp(t: DateTime<Utc>) -> String {
    let l = t.with_timezone(&Local);
    format!(
        "{:04}{:02}{:02}-{:02}{:02}",
        l.year(),
        l.month(),
        l.day(),
        l.hour(),
        l.minute()
    )
}

/// A duration in whole minutes as `2 d 3 h`, `3 h 20 min` or `12 min`.
pub fn duration(lang: Lang, minutes: i64) -> String {
    let m = minutes.abs();
    let (d, h, min) = (m / 1440, (m % 1440) / 60, m % 60);
    let (ds, hs, ms) = (
        text(lang, Msg::DayShort),
        text(lang, Msg::HourShort),
        text(lang, Msg::MinShort),
    );
    if d > 0 {
        format!("{d} {ds} {h} {hs}")
    } else if h > 0 {
        format!("{h} {hs} {min} {ms}")
    } else {
        format!("{min} {ms}")
    }
}

/// Time left until `deadline` (`3 h 20 min left`), or how late it is (`2 h 5 min`, shown
/// after an "Overdue" flag), and whether it is overdue.
pub fn remaining(lang: Lang, deadline: DateTime<Utc>, now: DateTime<Utc>) -> (String, bool) {
    let mins = (deadline - now).num_minutes();
    if mins < 0 {
        (duration(lang, mins), true)
    } else {
        (
            format!("{} {}", duration(lang, mins), text(lang, Msg::TimeLeft)),
            false,
        )
    }
}
