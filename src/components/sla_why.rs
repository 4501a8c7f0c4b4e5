//! Why an SLA deadline is what it is, as one line of text in either language, from the
//! structured reasons `spotdesk_core::sla` gives (the desk's live preview and the SLA editor's
//! preview say the same thing the same way).

use crate::format;
use crate::i18n::{text, weekday_msg, Lang, SlaMsg};
use chrono::NaiveDate;
use spotdesk_api::WorkingHours;
use spotdesk_core::sla::{SlaExplanation, SlaReason};

/// `09:00` for minutes after midnight.
pub fn hhmm(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// `UTC+3`, `UTC-3:30`, `UTC` for an offset in minutes.
pub fn utc_offset(minutes: i32) -> String {
    if minutes == 0 {
        return "UTC".to_owned();
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

/// The working week as `Mon–Fri 09:00–18:00, Sat 10:00–14:00`: runs of consecutive weekdays
/// with the same hours share one entry.
pub fn week_text(lang: Lang, days: &[WorkingHours]) -> String {
    let hours_of = |d: spotdesk_api::Weekday| -> Vec<(u16, u16)> {
        days.iter()
            .filter(|w| w.weekday == d)
            .map(|w| (w.start_minute, w.end_minute))
            .collect()
    };
    let all = spotdesk_api::Weekday::ALL;
    let mut parts = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let hours = hours_of(all[i]);
        let mut j = i;
        while j + 1 < all.len() && hours_of(all[j + 1]) == hours {
            j += 1;
        }
        if !hours.is_empty() {
            let names = if i == j {
                text(lang, weekday_msg(all[i])).to_owned()
            } else {
                format!(
                    "{}–{}",
                    text(lang, weekday_msg(all[i])),
                    text(lang, weekday_msg(all[j]))
                )
            };
            let spans: Vec<String> = hours
                .iter()
                .map(|(a, b)| format!("{}–{}", hhmm(*a), hhmm(*b)))
                .collect();
            parts.push(format!("{names} {}", spans.join(", ")));
        }
        i = j + 1;
    }
    parts.join(", ")
}

/// `Sat 12 Dec, Sun 13 Dec`.
fn dates_text(lang: Lang, dates: &[NaiveDate]) -> String {
    use chrono::Datelike;
    dates
        .iter()
        .map(|d| {
            let wd = spotdesk_api::Weekday::ALL[d.weekday().num_days_from_monday() as usize];
            format!("{} {}", text(lang, weekday_msg(wd)), format::date(lang, *d))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One reason as text.
pub fn reason_text(lang: Lang, r: &SlaReason) -> String {
    let t = |m| text(lang, m);
    match r {
        SlaReason::Hours {
            hours,
            business_hours: true,
        } => format!("{hours} {}", t(SlaMsg::BusinessHours)),
        SlaReason::Hours { hours, .. } => format!("{hours} {}", t(SlaMsg::AroundTheClock)),
        SlaReason::PolicyOfLine { line } => format!(
            "{} {line} {}",
            t(SlaMsg::PolicyOfLine),
            t(SlaMsg::PolicyOfLineTail)
        ),
        SlaReason::WorkingWeek {
            days,
            utc_offset_minutes,
        } => format!(
            "{} {} ({})",
            t(SlaMsg::WorkingHours),
            week_text(lang, days),
            utc_offset(*utc_offset_minutes)
        ),
        SlaReason::DaysOff { dates } => {
            format!("{}: {}", t(SlaMsg::DaysOff), dates_text(lang, dates))
        }
        SlaReason::Holidays { dates } => {
            format!("{}: {}", t(SlaMsg::Holidays), dates_text(lang, dates))
        }
        SlaReason::ShortDays { dates, minutes } => format!(
            "{} {minutes} {}: {}",
            t(SlaMsg::ShortDays),
            t(SlaMsg::Minutes),
            dates_text(lang, dates)
        ),
        SlaReason::HardDeadline { at, label, first } => {
            let name = label.get(lang.code()).trim();
            let name = if name.is_empty() {
                t(SlaMsg::HardDeadlineUnnamed)
            } else {
                name
            };
            format!(
                "{name} {} {}",
                format::datetime(lang, *at),
                t(if *first {
                    SlaMsg::ComesFirst
                } else {
                    SlaMsg::ComesLater
                })
            )
        }
    }
}

/// Every reason of a deadline, in order, joined with `; `.
pub fn sla_why(lang: Lang, e: &SlaExplanation) -> String {
    e.reasons
        .iter()
        .map(|r| reason_text(lang, r))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use spotdesk_api::Weekday;

    fn wh(weekday: Weekday, start_minute: u16, end_minute: u16) -> WorkingHours {
        WorkingHours {
            weekday,
            start_minute,
            end_minute,
        }
    }

    #[test]
    fn a_week_reads_in_runs() {
        let mut days: Vec<_> = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ]
        .into_iter()
        .map(|d| wh(d, 540, 1080))
        .collect();
        days.push(wh(Weekday::Sat, 600, 840));
        assert_eq!(
            week_text(Lang::En, &days),
            "Mon–Fri 09:00–18:00, Sat 10:00–14:00"
        );
        assert_eq!(week_text(Lang::Ru, &days[..1]), "пн 09:00–18:00");
    }

    #[test]
    fn offsets_read_like_utc_plus() {
        assert_eq!(utc_offset(180), "UTC+3");
        assert_eq!(utc_offset(-210), "UTC-3:30");
        assert_eq!(utc_offset(0), "UTC");
    }

    #[test]
    fn reasons_read_as_text() {
        let r = SlaReason::Hours {
            hours: 4,
            business_hours: true,
        };
        assert_eq!(reason_text(Lang::En, &r), "4 business hours");
        let d = NaiveDate::from_ymd_opt(2026, 12, 12).expect("date");
        let r = SlaReason::DaysOff { dates: vec![d] };
        assert_eq!(reason_text(Lang::En, &r), "days off: Sat 12 Dec");
    }
}
