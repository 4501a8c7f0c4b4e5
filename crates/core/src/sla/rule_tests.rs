//! The working week, pre-holiday short days, hard deadlines and the reasons, with concrete
//! dates; and the properties every calendar keeps.

use super::*;
use chrono::{FixedOffset, NaiveDate, TimeZone, Timelike};
use proptest::prelude::*;
use spotdesk_api::{BusinessDay, HardDeadline, LocalizedText, Weekday, WorkingHours};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// A local (UTC+3) wall-clock time as UTC.
fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    let tz = FixedOffset::east_opt(3 * 3600).expect("offset");
    tz.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid local time")
        .with_timezone(&Utc)
}

fn hours(weekday: Weekday, from: (u16, u16), to: (u16, u16)) -> WorkingHours {
    WorkingHours {
        weekday,
        start_minute: from.0 * 60 + from.1,
        end_minute: to.0 * 60 + to.1,
    }
}

fn moscow() -> BusinessDay {
    BusinessDay {
        start_hour: 9,
        end_hour: 18,
        utc_offset_minutes: 180,
    }
}

fn calendar(week: Vec<WorkingHours>, holidays: &[NaiveDate], short: u32) -> BusinessCalendar {
    BusinessCalendar {
        day: moscow(),
        week,
        holidays: holidays.iter().copied().collect(),
        pre_holiday_short_minutes: short,
    }
}

/// Monday to Friday 09:00-18:00, written out.
fn office_week() -> Vec<WorkingHours> {
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ]
    .into_iter()
    .map(|d| hours(d, (9, 0), (18, 0)))
    .collect()
}

fn policy(hours: u32, business_hours: bool, due_before: Option<HardDeadline>) -> SlaPolicy {
    SlaPolicy {
        kind: TicketKind::Incident,
        line: 1,
        hours,
        business_hours,
        due_before,
    }
}

/// The draw at 21:00 on `weekdays` (none: every day).
fn draw(weekdays: Vec<Weekday>) -> HardDeadline {
    HardDeadline {
        minute_of_day: 21 * 60,
        weekdays,
        label: LocalizedText::new("the draw", "тираж"),
    }
}

#[test]
fn a_saturday_with_shorter_hours_is_worked() {
    let mut week: Vec<_> = office_week()
        .into_iter()
        .map(|w| hours(w.weekday, (10, 0), (16, 0)))
        .collect();
    week.push(hours(Weekday::Sat, (10, 0), (14, 0)));
    let cal = calendar(week, &[], 0);
    // Friday 15:00 + 3 h: one hour on Friday, two on Saturday.
    assert_eq!(
        deadline(local(2026, 11, 20, 15, 0), &policy(3, true, None), &cal),
        Some(local(2026, 11, 21, 12, 0))
    );
    // Saturday 13:00 + 3 h: one hour on Saturday, Sunday is off, two on Monday.
    assert_eq!(
        deadline(local(2026, 11, 21, 13, 0), &policy(3, true, None), &cal),
        Some(local(2026, 11, 23, 12, 0))
    );
}

#[test]
fn a_lunch_break_is_not_counted() {
    let week = vec![
        hours(Weekday::Mon, (14, 0), (18, 0)),
        hours(Weekday::Mon, (9, 0), (13, 0)),
    ];
    let cal = calendar(week, &[], 0);
    let start = local(2026, 11, 23, 12, 0); // Monday
    assert_eq!(
        cal.add_working_minutes(start, 120),
        Some(local(2026, 11, 23, 15, 0))
    );
    // Exactly the morning's rest: due at the break, not after it.
    assert_eq!(
        cal.add_working_minutes(start, 60),
        Some(local(2026, 11, 23, 13, 0))
    );
    // Past Monday's end: the next Monday.
    assert_eq!(
        cal.add_working_minutes(local(2026, 11, 23, 17, 0), 120),
        Some(local(2026, 11, 30, 10, 0))
    );
}

#[test]
fn a_day_of_round_the_clock_work_runs_into_the_next() {
    let week = vec![
        hours(Weekday::Mon, (20, 0), (24, 0)),
        hours(Weekday::Tue, (0, 0), (6, 0)),
    ];
    let cal = calendar(week, &[], 0);
    assert_eq!(
        cal.add_working_minutes(local(2026, 11, 23, 22, 0), 5 * 60),
        Some(local(2026, 11, 24, 3, 0))
    );
}

#[test]
fn an_explicit_office_week_is_the_old_calendar() {
    let old = calendar(vec![], &[date(2026, 11, 4)], 0);
    let new = calendar(office_week(), &[date(2026, 11, 4)], 0);
    assert_eq!(old.working_week(), new.working_week());
    let start = local(2026, 11, 3, 16, 0);
    assert_eq!(
        old.add_working_minutes(start, 4 * 60),
        Some(local(2026, 11, 5, 11, 0))
    );
    assert_eq!(
        new.add_working_minutes(start, 4 * 60),
        old.add_working_minutes(start, 4 * 60)
    );
}

#[test]
fn the_day_before_a_holiday_ends_early() {
    // Wednesday 2026-11-04 is a holiday; Tuesday closes at 17:00 instead of 18:00.
    let short = calendar(vec![], &[date(2026, 11, 4)], 60);
    let start = local(2026, 11, 3, 16, 0);
    assert!(short.is_short_day(date(2026, 11, 3)));
    assert_eq!(short.hours_on(date(2026, 11, 3)), vec![(540, 1020)]);
    assert_eq!(
        short.add_working_minutes(start, 120),
        Some(local(2026, 11, 5, 10, 0))
    );
    // Without short days the two hours fit on Tuesday.
    let full = calendar(vec![], &[date(2026, 11, 4)], 0);
    assert_eq!(
        full.add_working_minutes(start, 120),
        Some(local(2026, 11, 3, 18, 0))
    );
}

#[test]
fn a_short_day_is_cut_across_a_lunch_break() {
    let week = vec![
        hours(Weekday::Tue, (9, 0), (13, 0)),
        hours(Weekday::Tue, (14, 0), (15, 0)),
    ];
    let cal = calendar(week, &[date(2026, 11, 4)], 90);
    assert_eq!(cal.hours_on(date(2026, 11, 3)), vec![(540, 750)]);
    // A cut longer than the day leaves no working time.
    let whole = calendar(vec![], &[date(2026, 11, 4)], 24 * 60);
    assert!(!whole.is_working_day(date(2026, 11, 3)));
    // A day off before a holiday is simply off; the holiday itself has no hours.
    assert!(!cal.is_short_day(date(2026, 11, 4)));
}

#[test]
fn the_draw_comes_first() {
    let every_day = Some(draw(vec![]));
    let p = policy(4, false, every_day);
    let cal = calendar(vec![], &[], 0);
    // 18:30 + 4 h = 22:30, but the draw is at 21:00.
    assert_eq!(
        deadline(local(2026, 11, 23, 18, 30), &p, &cal),
        Some(local(2026, 11, 23, 21, 0))
    );
    // Registered at the draw: the next draw is tomorrow, the hours end at 01:00.
    assert_eq!(
        deadline(local(2026, 11, 23, 21, 0), &p, &cal),
        Some(local(2026, 11, 24, 1, 0))
    );
    assert_eq!(
        deadline(local(2026, 11, 23, 21, 30), &p, &cal),
        Some(local(2026, 11, 24, 1, 30))
    );
}

#[test]
fn the_draw_on_named_weekdays_only() {
    // Draws on Tuesday and Friday; 24 business hours from Saturday 10:00 end on Wednesday
    // 15:00, after Tuesday's draw.
    let p = policy(24, true, Some(draw(vec![Weekday::Fri, Weekday::Tue])));
    let cal = calendar(vec![], &[], 0);
    let start = local(2026, 11, 21, 10, 0);
    assert_eq!(deadline(start, &p, &cal), Some(local(2026, 11, 24, 21, 0)));
    let without = policy(24, true, None);
    assert_eq!(
        deadline(start, &without, &cal),
        Some(local(2026, 11, 25, 15, 0))
    );
    // Friday after the draw: the next one is Tuesday.
    let hard = draw(vec![Weekday::Fri, Weekday::Tue]);
    assert_eq!(
        next_hard_deadline(local(2026, 11, 27, 21, 1), &hard, &cal.offset()),
        Some(local(2026, 12, 1, 21, 0))
    );
}

#[test]
fn a_hard_deadline_stands_alone_in_a_calendar_without_working_time() {
    let cal = calendar(vec![hours(Weekday::Mon, (9, 0), (9, 0))], &[], 0);
    let start = local(2026, 11, 23, 10, 0);
    assert_eq!(deadline(start, &policy(4, true, None), &cal), None);
    assert_eq!(
        deadline(start, &policy(4, true, Some(draw(vec![]))), &cal),
        Some(local(2026, 11, 23, 21, 0))
    );
}

#[test]
fn the_reasons_name_the_hours_the_week_and_the_days_skipped() {
    // Thursday 2026-12-31 16:00, 4 business hours; 2027-01-01 is a holiday, so Thursday
    // closes at 17:00: one hour on Thursday, three on Monday 2027-01-04.
    let cal = calendar(vec![], &[date(2027, 1, 1)], 60);
    let start = local(2026, 12, 31, 16, 0);
    let e = explain(start, &policy(4, true, None), 1, &cal).expect("deadline");
    assert_eq!(e.deadline, local(2027, 1, 4, 12, 0));
    assert_eq!(
        e.reasons,
        vec![
            SlaReason::Hours {
                hours: 4,
                business_hours: true
            },
            SlaReason::WorkingWeek {
                days: office_week(),
                utc_offset_minutes: 180
            },
            SlaReason::DaysOff {
                dates: vec![date(2027, 1, 2), date(2027, 1, 3)]
            },
            SlaReason::Holidays {
                dates: vec![date(2027, 1, 1)]
            },
            SlaReason::ShortDays {
                dates: vec![date(2026, 12, 31)],
                minutes: 60
            },
        ]
    );
}

#[test]
fn the_reasons_say_whether_the_draw_comes_first() {
    let cal = calendar(vec![], &[], 0);
    let p = policy(2, false, Some(draw(vec![])));
    let first = explain(local(2026, 11, 23, 20, 0), &p, 2, &cal).expect("deadline");
    assert_eq!(first.deadline, local(2026, 11, 23, 21, 0));
    assert_eq!(
        first.reasons,
        vec![
            SlaReason::Hours {
                hours: 2,
                business_hours: false
            },
            SlaReason::PolicyOfLine { line: 1 },
            SlaReason::HardDeadline {
                at: local(2026, 11, 23, 21, 0),
                label: LocalizedText::new("the draw", "тираж"),
                first: true
            },
        ]
    );
    let later = explain(local(2026, 11, 23, 10, 0), &p, 1, &cal).expect("deadline");
    assert_eq!(later.deadline, local(2026, 11, 23, 12, 0));
    assert!(matches!(
        later.reasons.last(),
        Some(SlaReason::HardDeadline { first: false, .. })
    ));
}

#[test]
fn compute_reads_the_catalogue_calendar() {
    let service = spotdesk_api::Service {
        code: "lottery".into(),
        name: LocalizedText::new("Lottery", "Лотерея"),
        description: LocalizedText::default(),
        group: "billing".into(),
        network_quality: false,
        topics: vec![],
        fields: vec![],
        sla: vec![policy(8, true, Some(draw(vec![])))],
        default_group: "line1".into(),
        retired: false,
        form: Default::default(),
        resolution_causes: Vec::new(),
        reply_templates: Vec::new(),
    };
    let cat = Catalogue {
        services: vec![service],
        holidays: vec![date(2026, 11, 4)],
        business_day: moscow(),
        working_week: office_week(),
        pre_holiday_short_minutes: 60,
        ..Default::default()
    };
    // Tuesday 16:00: the day ends at 17:00 (Wednesday is a holiday), so 8 business hours end
    // on Thursday; the draw at 21:00 on Tuesday comes first.
    let e = compute(
        &cat,
        "lottery",
        TicketKind::Incident,
        1,
        local(2026, 11, 3, 16, 0),
    )
    .expect("policy");
    assert_eq!(e.deadline, local(2026, 11, 3, 21, 0));
}

/// Oracle: walks minute by minute, counting the minutes inside the day's working hours.
fn naive_add(cal: &BusinessCalendar, start: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
    let tz = cal.offset();
    let working = |t: DateTime<Utc>| {
        let l = t.with_timezone(&tz);
        let m = u16::try_from(l.hour() * 60 + l.minute()).unwrap_or(0);
        cal.hours_on(l.date_naive())
            .iter()
            .any(|&(s, e)| s <= m && m < e)
    };
    let mut t = start;
    while !working(t) {
        t += Duration::minutes(1);
    }
    let mut left = minutes;
    while left > 0 {
        if working(t) {
            left -= 1;
        }
        t += Duration::minutes(1);
    }
    t
}

fn arb_start() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..(2 * 365 * 24 * 60)).prop_map(|m| local(2026, 1, 1, 0, 0) + Duration::minutes(m))
}

fn arb_holidays() -> impl Strategy<Value = Vec<NaiveDate>> {
    prop::collection::vec(
        (0i64..730).prop_map(|d| date(2026, 1, 1) + Duration::days(d)),
        0..40,
    )
}

/// Up to two intervals a weekday, on half hours; at least Monday 09:00-10:00 so that the
/// calendar has working time.
fn arb_week() -> impl Strategy<Value = Vec<WorkingHours>> {
    let interval = (0usize..7, 0u16..=48, 0u16..=48).prop_map(|(d, a, b)| WorkingHours {
        weekday: Weekday::ALL[d],
        start_minute: a.min(b) * 30,
        end_minute: a.max(b) * 30,
    });
    prop::collection::vec(interval, 0..14).prop_map(|mut week| {
        week.push(hours(Weekday::Mon, (9, 0), (10, 0)));
        week
    })
}

fn arb_hard() -> impl Strategy<Value = Option<HardDeadline>> {
    prop::option::of(
        (0u16..1440, prop::collection::vec(0usize..7, 0..3)).prop_map(|(m, days)| HardDeadline {
            minute_of_day: m,
            weekdays: days.into_iter().map(|d| Weekday::ALL[d]).collect(),
            label: LocalizedText::default(),
        }),
    )
}

#[test]
fn a_deadline_at_a_midnight_closing_is_inside_working_time() {
    // Found by the property below: Monday worked 11:00-24:00 (UTC+3), 13 hours from Monday
    // 11:00 end at Monday 24:00, which is Tuesday's midnight and must still count as worked.
    let cal = calendar(vec![hours(Weekday::Mon, (11, 0), (24, 0))], &[], 0);
    let start = Utc.with_ymd_and_hms(2026, 6, 8, 8, 0, 0).unwrap();
    let d = deadline(start, &policy(13, true, None), &cal).expect("deadline");
    assert_eq!(d, Utc.with_ymd_and_hms(2026, 6, 8, 21, 0, 0).unwrap());
    assert!(cal.is_working_instant(d));
    assert!(!cal.is_working_instant(d + Duration::minutes(1)));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_week_matches_the_minute_by_minute_oracle(start in arb_start(), hours in 1u32..30, week in arb_week(), holidays in arb_holidays(), short in 0u32..240) {
        let cal = calendar(week, &holidays, short);
        let fast = cal.add_working_minutes(start, i64::from(hours) * 60).expect("working time");
        prop_assert_eq!(fast, naive_add(&cal, start, i64::from(hours) * 60));
    }

    #[test]
    fn the_deadline_is_never_before_the_start(start in arb_start(), hours in 0u32..200, business in any::<bool>(), week in arb_week(), holidays in arb_holidays(), short in 0u32..240, hard in arb_hard()) {
        let cal = calendar(week, &holidays, short);
        let d = deadline(start, &policy(hours, business, hard), &cal).expect("deadline");
        prop_assert!(d >= start);
    }

    #[test]
    fn a_hard_deadline_never_makes_it_later(start in arb_start(), hours in 0u32..200, business in any::<bool>(), week in arb_week(), holidays in arb_holidays(), short in 0u32..240, hard in arb_hard()) {
        let cal = calendar(week, &holidays, short);
        let with = deadline(start, &policy(hours, business, hard.clone()), &cal).expect("deadline");
        let without = deadline(start, &policy(hours, business, None), &cal).expect("deadline");
        prop_assert!(with <= without);
        if let Some(h) = hard {
            let next = next_hard_deadline(start, &h, &cal.offset()).expect("next");
            prop_assert!(next > start && with <= next);
        }
    }

    #[test]
    fn business_deadlines_fall_inside_working_time(start in arb_start(), hours in 1u32..100, week in arb_week(), holidays in arb_holidays(), short in 0u32..240) {
        let cal = calendar(week, &holidays, short);
        let d = deadline(start, &policy(hours, true, None), &cal).expect("deadline");
        prop_assert!(cal.is_working_instant(d), "{}", d);
    }

    #[test]
    fn the_deadline_is_monotone_in_the_start(start in arb_start(), later in 0i64..5000, hours in 0u32..200, business in any::<bool>(), week in arb_week(), holidays in arb_holidays(), short in 0u32..240, hard in arb_hard()) {
        let cal = calendar(week, &holidays, short);
        let p = policy(hours, business, hard);
        let d1 = deadline(start, &p, &cal).expect("deadline");
        let d2 = deadline(start + Duration::minutes(later), &p, &cal).expect("deadline");
        prop_assert!(d2 >= d1);
    }

    #[test]
    fn old_documents_keep_their_deadlines(start in arb_start(), hours in 0u32..200, holidays in arb_holidays()) {
        let old = calendar(vec![], &holidays, 0);
        let explicit = calendar(office_week(), &holidays, 0);
        let p = policy(hours, true, None);
        prop_assert_eq!(deadline(start, &p, &old), deadline(start, &p, &explicit));
    }
}
