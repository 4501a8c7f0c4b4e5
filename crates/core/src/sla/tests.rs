use super::*;
use chrono::{FixedOffset, NaiveDate, TimeZone, Timelike};
use proptest::prelude::*;
use spotdesk_api::{BusinessDay, LocalizedText, Service};

fn calendar(holidays: &[NaiveDate]) -> BusinessCalendar {
    BusinessCalendar::weekdays(
        BusinessDay {
            start_hour: 9,
            end_hour: 18,
            utc_offset_minutes: 180,
        },
        holidays.iter().copied(),
    )
}

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

fn policy(kind: TicketKind, line: u8, hours: u32, business_hours: bool) -> SlaPolicy {
    SlaPolicy {
        kind,
        line,
        hours,
        business_hours,
        due_before: None,
    }
}

fn service(sla: Vec<SlaPolicy>) -> Service {
    Service {
        code: "svc".into(),
        name: LocalizedText::new("Svc", "Усл"),
        description: LocalizedText::default(),
        group: "network".into(),
        network_quality: false,
        topics: vec![],
        fields: vec![],
        sla,
        default_group: "line1".into(),
        retired: false,
        form: Default::default(),
        resolution_causes: Vec::new(),
        reply_templates: Vec::new(),
    }
}

#[test]
fn round_the_clock_policy_adds_plain_hours() {
    let start = local(2026, 11, 20, 17, 30); // Friday
    let p = policy(TicketKind::Incident, 1, 8, false);
    assert_eq!(
        deadline(start, &p, &calendar(&[])),
        Some(local(2026, 11, 21, 1, 30))
    );
}

#[test]
fn business_hours_skip_the_night_and_the_weekend() {
    // Friday 17:00 + 2 business hours = Monday 10:00.
    let p = policy(TicketKind::Incident, 1, 2, true);
    assert_eq!(
        deadline(local(2026, 11, 20, 17, 0), &p, &calendar(&[])),
        Some(local(2026, 11, 23, 10, 0))
    );
}

#[test]
fn start_before_opening_counts_from_opening() {
    let p = policy(TicketKind::Incident, 1, 3, true);
    assert_eq!(
        deadline(local(2026, 11, 18, 6, 15), &p, &calendar(&[])),
        Some(local(2026, 11, 18, 12, 0))
    );
    // After closing: from the next morning.
    assert_eq!(
        deadline(local(2026, 11, 18, 19, 0), &p, &calendar(&[])),
        Some(local(2026, 11, 19, 12, 0))
    );
}

#[test]
fn holidays_are_skipped() {
    // Wednesday 2026-11-04 is a holiday: Tuesday 16:00 + 4h = Thursday 11:00.
    let p = policy(TicketKind::ServiceRequest, 1, 4, true);
    let cal = calendar(&[date(2026, 11, 4)]);
    assert_eq!(
        deadline(local(2026, 11, 3, 16, 0), &p, &cal),
        Some(local(2026, 11, 5, 11, 0))
    );
}

#[test]
fn new_year_holidays_span_many_days() {
    let holidays: Vec<NaiveDate> = (1..=8).map(|d| date(2027, 1, d)).collect();
    let p = policy(TicketKind::Incident, 2, 9, true);
    // 2026-12-31 (Thursday) 17:00: one hour that day, the rest from Monday 2027-01-11.
    assert_eq!(
        deadline(local(2026, 12, 31, 17, 0), &p, &calendar(&holidays)),
        Some(local(2027, 1, 11, 17, 0))
    );
}

#[test]
fn a_deadline_exactly_at_closing_stays_that_day() {
    let p = policy(TicketKind::Incident, 1, 9, true);
    assert_eq!(
        deadline(local(2026, 11, 18, 9, 0), &p, &calendar(&[])),
        Some(local(2026, 11, 18, 18, 0))
    );
}

#[test]
fn a_calendar_without_working_time_gives_no_deadline() {
    let mut cal = calendar(&[]);
    cal.day.end_hour = cal.day.start_hour;
    assert_eq!(cal.add_working_minutes(local(2026, 11, 18, 9, 0), 60), None);
}

#[test]
fn policy_lookup_prefers_exact_then_lower_then_higher_line() {
    let s = service(vec![
        policy(TicketKind::Incident, 1, 4, true),
        policy(TicketKind::Incident, 3, 72, true),
        policy(TicketKind::ServiceRequest, 2, 24, false),
    ]);
    assert_eq!(
        find_policy(&s, TicketKind::Incident, 3).map(|p| p.hours),
        Some(72)
    );
    assert_eq!(
        find_policy(&s, TicketKind::Incident, 2).map(|p| p.hours),
        Some(4)
    );
    assert_eq!(
        find_policy(&s, TicketKind::ServiceRequest, 1).map(|p| p.hours),
        Some(24)
    );
    let only_requests = service(vec![policy(TicketKind::ServiceRequest, 1, 8, true)]);
    assert!(find_policy(&only_requests, TicketKind::Incident, 1).is_none());
}

#[test]
fn compute_explains_the_policy_used() {
    let cat = Catalogue {
        services: vec![service(vec![policy(TicketKind::Incident, 1, 4, true)])],
        routing: vec![],
        groups: vec![],
        holidays: vec![],
        business_day: BusinessDay {
            start_hour: 9,
            end_hour: 18,
            utc_offset_minutes: 180,
        },
        ..Default::default()
    };
    let e = compute(
        &cat,
        "svc",
        TicketKind::Incident,
        2,
        local(2026, 11, 18, 10, 0),
    )
    .expect("policy exists");
    assert_eq!((e.hours, e.business_hours, e.policy_line), (4, true, 1));
    assert_eq!(e.deadline, local(2026, 11, 18, 14, 0));
    assert!(compute(
        &cat,
        "nope",
        TicketKind::Incident,
        1,
        local(2026, 11, 18, 10, 0)
    )
    .is_none());
}

/// Oracle: walks minute by minute, counting minutes that are inside working time.
fn naive_add(cal: &BusinessCalendar, start: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
    let tz = FixedOffset::east_opt(cal.day.utc_offset_minutes * 60).expect("offset");
    let working = |t: DateTime<Utc>| {
        let l = t.with_timezone(&tz);
        cal.is_working_day(l.date_naive())
            && l.hour() >= u32::from(cal.day.start_hour)
            && l.hour() < u32::from(cal.day.end_hour)
    };
    // Align to the first working minute (the clock starts at the next opening).
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
    // Minute-aligned instants across 2026-2027.
    (0i64..(2 * 365 * 24 * 60)).prop_map(|m| local(2026, 1, 1, 0, 0) + Duration::minutes(m))
}

fn arb_holidays() -> impl Strategy<Value = Vec<NaiveDate>> {
    prop::collection::vec(
        (0i64..730).prop_map(|d| date(2026, 1, 1) + Duration::days(d)),
        0..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn business_deadline_matches_minute_by_minute_oracle(start in arb_start(), hours in 1u32..40, holidays in arb_holidays()) {
        let cal = calendar(&holidays);
        let fast = cal.add_working_minutes(start, i64::from(hours) * 60).expect("calendar has working time");
        prop_assert_eq!(fast, naive_add(&cal, start, i64::from(hours) * 60));
    }

    #[test]
    fn deadline_never_precedes_start_and_is_monotonic(start in arb_start(), later in 0i64..5000, hours in 0u32..200, business in any::<bool>(), holidays in arb_holidays()) {
        let cal = calendar(&holidays);
        let p = policy(TicketKind::Incident, 1, hours, business);
        let d1 = deadline(start, &p, &cal).expect("deadline");
        let d2 = deadline(start + Duration::minutes(later), &p, &cal).expect("deadline");
        prop_assert!(d1 >= start);
        prop_assert!(d2 >= d1);
    }

    #[test]
    fn adding_in_two_steps_equals_adding_at_once(start in arb_start(), a in 0i64..3000, b in 1i64..3000, holidays in arb_holidays()) {
        let cal = calendar(&holidays);
        let mid = cal.add_working_minutes(start, a).expect("mid");
        prop_assert_eq!(cal.add_working_minutes(mid, b), cal.add_working_minutes(start, a + b));
    }

    #[test]
    fn business_deadlines_fall_inside_working_time(start in arb_start(), hours in 1u32..100, holidays in arb_holidays()) {
        let cal = calendar(&holidays);
        let d = cal.add_working_minutes(start, i64::from(hours) * 60).expect("deadline").with_timezone(&FixedOffset::east_opt(3 * 3600).expect("offset"));
        prop_assert!(cal.is_working_day(d.date_naive()));
        let minute_of_day = d.hour() * 60 + d.minute();
        prop_assert!((9 * 60 + 1..=18 * 60).contains(&minute_of_day), "{}", d);
    }
}
