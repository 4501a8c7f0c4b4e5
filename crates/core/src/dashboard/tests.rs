//! Every statistic against a small data set computed by hand (see the comments).
#![allow(clippy::unwrap_used)]

use super::*;
use chrono::{NaiveDate, TimeZone, Utc};
use spotdesk_api::facts::{TicketFact, TicketFacts};
use spotdesk_api::{Channel, TicketKind, TicketStatus};

/// Unix seconds of a UTC wall time in November 2026 (October for `d > 20`).
fn ts(d: u32, h: u32, m: u32) -> i64 {
    let month = if d > 20 { 10 } else { 11 };
    Utc.with_ymd_and_hms(2026, month, d, h, m, 0)
        .unwrap()
        .timestamp()
}

#[derive(Debug, Clone)]
pub(super) struct T {
    pub service: &'static str,
    pub group: &'static str,
    pub line: u8,
    pub created: i64,
    pub resolved: Option<i64>,
    pub deadline: i64,
    pub status: TicketStatus,
    pub transferred: bool,
    pub known: bool,
    pub customer: u64,
    pub rating: Option<u8>,
    pub incident: Option<u32>,
    pub spot: Option<u32>,
}

pub(super) fn facts(rows: &[T]) -> TicketFacts {
    let mut f = TicketFacts::default();
    for (i, r) in rows.iter().enumerate() {
        f.push(TicketFact {
            id: i as u32 + 1,
            created: r.created,
            resolved: r.resolved,
            deadline: r.deadline,
            lat: 0.0,
            long: 0.0,
            service: r.service.into(),
            topic: "t".into(),
            group: r.group.into(),
            line: r.line,
            status: r.status,
            kind: TicketKind::Incident,
            channel: Channel::Phone,
            segment: None,
            lifetime_value: None,
            rating: r.rating,
            transferred: r.transferred,
            known_problem: r.known,
            customer: r.customer,
            incident: r.incident,
            spot: r.spot,
        });
    }
    f
}

fn t(service: &'static str, group: &'static str, line: u8, created: i64) -> T {
    T {
        service,
        group,
        line,
        created,
        resolved: None,
        deadline: created + 86_400 * 30,
        status: TicketStatus::New,
        transferred: false,
        known: false,
        customer: 0,
        rating: None,
        incident: None,
        spot: None,
    }
}

/// Mon 2 .. Wed 4 November 2026 (UTC), now = Thu 5 00:00.
fn sample() -> TicketFacts {
    facts(&[
        // T1: resolved in time after 2 h, rated 5.
        T {
            resolved: Some(ts(2, 12, 0)),
            deadline: ts(2, 18, 0),
            status: TicketStatus::Resolved,
            customer: 1,
            rating: Some(5),
            spot: Some(1),
            ..t("internet", "net", 1, ts(2, 10, 0))
        },
        // T2: resolved 25 h later, after its deadline (overdue on Monday), transferred,
        // known problem, linked to incident 7, rated 2.
        T {
            resolved: Some(ts(3, 12, 0)),
            deadline: ts(2, 20, 0),
            status: TicketStatus::Resolved,
            transferred: true,
            known: true,
            customer: 2,
            rating: Some(2),
            incident: Some(7),
            ..t("internet", "net", 2, ts(2, 11, 0))
        },
        // T3: still open past its Tuesday deadline; known problem; incident 7.
        T {
            deadline: ts(3, 17, 0),
            status: TicketStatus::InWork,
            known: true,
            customer: 1,
            incident: Some(7),
            spot: Some(2),
            ..t("tv", "media", 1, ts(3, 9, 0))
        },
        // T4: open, deadline after now: undecided.
        T {
            deadline: ts(5, 10, 0),
            customer: 3,
            ..t("tv", "net", 3, ts(3, 10, 30))
        },
        // T5: closed without resolution: neither overdue nor decided; rated 4 (dated at
        // registration).
        T {
            deadline: ts(4, 9, 0),
            status: TicketStatus::Closed,
            customer: 1,
            rating: Some(4),
            ..t("internet", "media", 1, ts(4, 8, 0))
        },
        // T6: before the period (not selected) but the first contact of incident 7.
        T {
            incident: Some(7),
            customer: 9,
            ..t("radio", "net", 1, ts(1, 23, 0))
        },
    ])
}

fn incidents() -> [IncidentFact; 3] {
    let reg7 = ts(3, 9, 30) + 40;
    [
        IncidentFact {
            id: 8,
            registered: ts(25, 9, 0), // before the period
            resolved: None,
            affected_customers: 1000,
        },
        IncidentFact {
            id: 9,
            registered: ts(4, 12, 0),
            resolved: None,
            affected_customers: 50,
        },
        IncidentFact {
            id: 7,
            registered: reg7, // Tue 09:30:40
            resolved: Some(reg7 + 21_600),
            affected_customers: 100,
        },
    ]
}

fn spots() -> Vec<SpotFact> {
    vec![
        SpotFact {
            id: 1,
            registered: ts(2, 10, 0),
            resolved: Some(ts(2, 20, 0)),
        },
        SpotFact {
            id: 2,
            registered: ts(3, 0, 0),
            resolved: Some(ts(4, 6, 0)),
        },
        SpotFact {
            id: 3,
            registered: ts(4, 10, 0),
            resolved: None,
        },
        SpotFact {
            id: 4,
            registered: ts(25, 10, 0),
            resolved: None,
        },
    ]
}

fn params(filter: Filter) -> Params {
    Params {
        from: ts(2, 0, 0),
        to: ts(5, 0, 0),
        utc_offset: 0,
        now: ts(5, 0, 0),
        filter,
        window_hours: 2,
    }
}

fn run(filter: Filter, ratings: Option<&[RatingFact]>) -> Dashboard {
    let f = sample();
    let s = spots();
    let input = Input {
        tickets: &f,
        incidents: &incidents(),
        spots: &s,
        ratings,
    };
    let p = params(filter);
    let fast = fast(&input, &p);
    assert_eq!(
        fast,
        reference::compute(&input, &p),
        "fast and reference differ"
    );
    fast
}

fn c(registered: u32, resolved: u32, overdue: u32, transferred: u32, known: u32) -> Counts {
    Counts {
        registered,
        resolved,
        overdue,
        transferred,
        known_problem: known,
    }
}

const Z: Counts = Counts {
    registered: 0,
    resolved: 0,
    overdue: 0,
    transferred: 0,
    known_problem: 0,
};

fn pct(values: &[u32]) -> Percentiles {
    Percentiles {
        count: values.len() as u32,
        p50: values.first().copied(),
        p90: values.last().copied(),
    }
}

#[test]
fn volume_per_day_and_breakdowns() {
    let d = run(Filter::default(), None);
    let v = &d.volume;
    assert_eq!(
        v.dates,
        (2..=4)
            .map(|day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        v.total,
        vec![c(2, 1, 1, 1, 1), c(2, 1, 1, 0, 1), c(1, 0, 0, 0, 0)]
    );
    let keys = |b: &[Breakdown]| b.iter().map(|x| x.key.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&v.by_service), ["internet", "tv"]);
    assert_eq!(
        v.by_service[0].per_day,
        vec![c(2, 1, 1, 1, 1), c(0, 1, 0, 0, 0), c(1, 0, 0, 0, 0)]
    );
    assert_eq!(v.by_service[1].per_day, vec![Z, c(2, 0, 1, 0, 1), Z]);
    assert_eq!(keys(&v.by_group), ["media", "net"]);
    assert_eq!(
        v.by_group[0].per_day,
        vec![Z, c(1, 0, 1, 0, 1), c(1, 0, 0, 0, 0)]
    );
    assert_eq!(
        v.by_group[1].per_day,
        vec![c(2, 1, 1, 1, 1), c(1, 1, 0, 0, 0), Z]
    );
    assert_eq!(keys(&v.by_line), ["1", "2", "3"]);
    assert_eq!(
        v.by_line[0].per_day,
        vec![c(1, 1, 0, 0, 0), c(1, 0, 1, 0, 1), c(1, 0, 0, 0, 0)]
    );
    assert_eq!(
        v.by_line[1].per_day,
        vec![c(1, 0, 1, 1, 1), c(0, 1, 0, 0, 0), Z]
    );
    assert_eq!(v.by_line[2].per_day, vec![Z, c(1, 0, 0, 0, 0), Z]);
}

#[test]
fn weeks_and_months_roll_up_days() {
    let dates: Vec<NaiveDate> = (0..5)
        .map(|i| NaiveDate::from_ymd_opt(2026, 10, 30).unwrap() + chrono::Duration::days(i))
        .collect();
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    assert_eq!(
        buckets(&dates, Granularity::Week),
        vec![
            Bucket {
                start: day(10, 26),
                days: 0..3
            },
            Bucket {
                start: day(11, 2),
                days: 3..5
            }
        ]
    );
    assert_eq!(
        buckets(&dates, Granularity::Month),
        vec![
            Bucket {
                start: day(10, 1),
                days: 0..2
            },
            Bucket {
                start: day(11, 1),
                days: 2..5
            }
        ]
    );
    assert_eq!(buckets(&dates, Granularity::Day).len(), 5);
    let per_day = vec![
        c(1, 0, 0, 0, 0),
        c(2, 0, 0, 0, 0),
        c(3, 1, 0, 0, 0),
        c(4, 0, 0, 0, 0),
        c(5, 0, 2, 0, 0),
    ];
    let weeks = Counts::rollup(&per_day, &buckets(&dates, Granularity::Week));
    assert_eq!(weeks, vec![c(6, 1, 0, 0, 0), c(9, 0, 2, 0, 0)]);
    assert_eq!(Granularity::parse("month"), Some(Granularity::Month));
    assert_eq!(Granularity::parse("year"), None);
}

#[test]
fn days_follow_the_viewers_offset() {
    // 22:30 UTC on Monday is 01:30 on Tuesday at UTC+3.
    let f = facts(&[t("s", "g", 1, ts(2, 22, 30))]);
    let input = Input {
        tickets: &f,
        incidents: &[],
        spots: &[],
        ratings: None,
    };
    let mut p = params(Filter::default());
    p.utc_offset = 3 * 3600;
    let d = fast(&input, &p);
    assert_eq!(d, reference::compute(&input, &p));
    // From Mon 00:00 UTC = Mon 03:00 local to Thu 03:00 local: Mon .. Thu.
    assert_eq!(d.volume.total.len(), 4);
    assert_eq!(
        d.volume
            .total
            .iter()
            .map(|x| x.registered)
            .collect::<Vec<_>>(),
        [0, 1, 0, 0]
    );
}

#[test]
fn sla_compliance_and_resolve_percentiles() {
    let d = run(Filter::default(), None);
    let s = &d.sla;
    // Decided: T1 (met), T2 (late), T3 (open past deadline). Resolve times 2 h and 25 h.
    assert_eq!(
        s.total,
        SlaRow {
            key: String::new(),
            tickets: 5,
            decided: 3,
            met: 1,
            resolve_time: pct(&[7200, 90_000])
        }
    );
    assert_eq!(s.total.compliance_permille(), Some(333));
    assert_eq!(
        s.by_service,
        vec![
            SlaRow {
                key: "internet".into(),
                tickets: 3,
                decided: 2,
                met: 1,
                resolve_time: pct(&[7200, 90_000])
            },
            SlaRow {
                key: "tv".into(),
                tickets: 2,
                decided: 1,
                met: 0,
                resolve_time: pct(&[])
            },
        ]
    );
    assert_eq!(s.by_service[1].compliance_permille(), Some(0));
    assert_eq!(
        s.by_group,
        vec![
            SlaRow {
                key: "media".into(),
                tickets: 2,
                decided: 1,
                met: 0,
                resolve_time: pct(&[])
            },
            SlaRow {
                key: "net".into(),
                tickets: 3,
                decided: 2,
                met: 1,
                resolve_time: pct(&[7200, 90_000])
            },
        ]
    );
    assert_eq!(SlaRow::default().compliance_permille(), None);
}

#[test]
fn incidents_and_contacts_around_them() {
    let d = run(Filter::default(), None);
    let i = &d.incidents;
    assert_eq!(i.count, 2);
    assert_eq!(i.resolved, 1);
    assert_eq!(i.affected_customers, 150);
    // First linked contact Sun 1 Nov 23:00, registered Tue 09:30:40: 34 h 30 min 40 s.
    assert_eq!(i.time_to_register, pct(&[124_240]));
    assert_eq!(i.time_to_resolve, pct(&[21_600]));
    assert_eq!(
        i.rows,
        vec![
            IncidentRow {
                id: 7,
                registered: ts(3, 9, 30) + 40,
                time_to_register: Some(124_240),
                time_to_resolve: Some(21_600),
                affected_customers: 100,
                linked_contacts: 3,
                // Window 07:30-09:30: T3 (09:00). 09:30-11:30: T4 (10:30, not a known problem).
                contacts_before: 1,
                contacts_after: 1,
                known_after: 0,
            },
            IncidentRow {
                id: 9,
                registered: ts(4, 12, 0),
                affected_customers: 50,
                ..Default::default()
            },
        ]
    );
    assert_eq!(
        d.contacts,
        ContactStats {
            window_hours: 2,
            contacts: 5,
            known_problem: 2,
            profile: vec![0, 1, 0, 1]
        }
    );
}

#[test]
fn known_problem_after_registration_is_counted() {
    let mut rows = vec![T {
        known: true,
        ..t("s", "g", 1, ts(3, 9, 30))
    }];
    rows.push(T {
        known: true,
        ..t("s", "g", 1, ts(3, 9, 29))
    });
    let f = facts(&rows);
    let input = Input {
        tickets: &f,
        incidents: &incidents(),
        spots: &[],
        ratings: None,
    };
    let d = fast(&input, &params(Filter::default()));
    // Registered 09:30:40: the window starts at the minute 09:30, so 09:30 is "after".
    assert_eq!(
        (
            d.incidents.rows[0].contacts_before,
            d.incidents.rows[0].contacts_after
        ),
        (1, 1)
    );
    assert_eq!(d.incidents.rows[0].known_after, 1);
}

#[test]
fn spots_count_share_and_time_to_fix() {
    let d = run(Filter::default(), None);
    // 10 h (within a day), 30 h, one open; one outside the period.
    assert_eq!(
        d.spots,
        SpotStats {
            count: 3,
            resolved: 2,
            within_day: 1,
            time_to_fix: pct(&[36_000, 108_000])
        }
    );
}

#[test]
fn ratings_from_tickets_and_their_trend() {
    let d = run(Filter::default(), None);
    let r = &d.ratings;
    assert_eq!(
        r.total,
        RatingDay {
            count: 3,
            stars: 11
        }
    );
    assert_eq!(r.distribution, [0, 1, 0, 1, 1]);
    assert_eq!(
        r.per_day,
        vec![
            RatingDay { count: 1, stars: 5 },
            RatingDay { count: 1, stars: 2 },
            RatingDay { count: 1, stars: 4 }
        ]
    );
    // First half (Monday) 5.00, second half (Tue, Wed) 3.00.
    assert_eq!(r.trend_centi, Some(-200));
    assert_eq!(r.total.mean_centi(), Some(366));
}

/// A rating about a ticket, an incident, a spot or nothing known.
fn rated(at: i64, stars: u8, subject: RatingSubject) -> RatingFact {
    RatingFact { at, stars, subject }
}

fn rated_ticket(service: &str, group: &str, line: u8) -> RatingSubject {
    RatingSubject::Ticket {
        service: service.into(),
        group: group.into(),
        line,
    }
}

#[test]
fn ratings_follow_the_service_group_and_line_filter() {
    let list = [
        // The rated customer's ticket: internet/net/1.
        rated(ts(2, 13, 0), 5, rated_ticket("internet", "net", 1)),
        // tv/media/2: a ticket that is not among the loaded ones still filters by its codes.
        rated(ts(3, 13, 0), 1, rated_ticket("tv", "media", 2)),
        // A subscriber's rating of incident 7 (linked: T2 internet/net/2, T3 tv/media/1 and,
        // before the period, T6 radio/net/1).
        rated(ts(3, 14, 0), 4, RatingSubject::Incident(7)),
        // Of spot 1 (linked: T1 internet/net/1).
        rated(ts(4, 9, 0), 3, RatingSubject::Spot(1)),
        // About nothing known, and about incident 9 without linked tickets.
        rated(ts(4, 10, 0), 2, RatingSubject::Unknown),
        rated(ts(4, 11, 0), 5, RatingSubject::Incident(9)),
    ];
    let totals = |filter: Filter| {
        let d = run(filter, Some(&list));
        (d.ratings.total.count, d.ratings.total.stars)
    };
    let service = |s: &str| Filter {
        service: Some(s.into()),
        ..Filter::default()
    };
    assert_eq!(totals(Filter::default()), (6, 20));
    assert_eq!(totals(service("internet")), (3, 12));
    assert_eq!(totals(service("tv")), (2, 5));
    assert_eq!(totals(service("radio")), (1, 4));
    assert_eq!(totals(service("mobile")), (0, 0));
    assert_eq!(
        totals(Filter {
            line: Some(2),
            ..Filter::default()
        }),
        (2, 5)
    );
    assert_eq!(
        totals(Filter {
            group: Some("media".into()),
            ..Filter::default()
        }),
        (2, 5)
    );
    assert_eq!(
        totals(Filter {
            group: Some("net".into()),
            line: Some(1),
            ..Filter::default()
        }),
        (3, 12)
    );
    let d = run(service("internet"), Some(&list));
    assert_eq!(d.ratings.distribution, [0, 0, 1, 1, 1]);
    assert_eq!(
        d.ratings.per_day,
        vec![
            RatingDay { count: 1, stars: 5 },
            RatingDay { count: 1, stars: 4 },
            RatingDay { count: 1, stars: 3 }
        ]
    );
}

#[test]
fn ratings_from_a_rating_source() {
    let list = [
        RatingFact {
            at: ts(2, 10, 0),
            stars: 3,
            subject: RatingSubject::Unknown,
        },
        RatingFact {
            at: ts(4, 10, 0),
            stars: 5,
            subject: RatingSubject::Unknown,
        },
        RatingFact {
            at: ts(4, 11, 0),
            stars: 9,
            subject: RatingSubject::Unknown,
        },
        RatingFact {
            at: ts(25, 10, 0),
            stars: 5,
            subject: RatingSubject::Unknown,
        },
    ];
    let d = run(Filter::default(), Some(&list));
    assert_eq!(d.ratings.total, RatingDay { count: 2, stars: 8 });
    assert_eq!(d.ratings.distribution, [0, 0, 1, 0, 1]);
    assert_eq!(d.ratings.trend_centi, Some(200));
    let none = run(Filter::default(), Some(&[]));
    assert_eq!(none.ratings.total.count, 0);
    assert_eq!(none.ratings.trend_centi, None);
}

#[test]
fn transfer_rate_and_repeat_contacts() {
    let d = run(Filter::default(), None);
    let total = Counts::sum(&d.volume.total);
    assert_eq!((total.transferred, total.registered), (1, 5));
    // Customers 1, 2, 1, 3, 1.
    assert_eq!(
        d.repeats,
        RepeatStats {
            contacts: 5,
            customers: 3,
            repeat_customers: 1,
            // T3 and T5: customer 1 called again within a day.
            within_window: 2,
        }
    );
    assert_eq!(d.repeats.repeat_contacts(), 2);
}

#[test]
fn filters_select_tickets() {
    let d = run(
        Filter {
            service: Some("internet".into()),
            ..Default::default()
        },
        None,
    );
    assert_eq!(
        d.volume.total,
        vec![c(2, 1, 1, 1, 1), c(0, 1, 0, 0, 0), c(1, 0, 0, 0, 0)]
    );
    assert_eq!(
        d.repeats,
        RepeatStats {
            contacts: 3,
            customers: 2,
            repeat_customers: 1,
            // T5: its customer's previous ticket (T3, of another service) still counts.
            within_window: 1,
        }
    );
    let d = run(
        Filter {
            line: Some(1),
            group: Some("media".into()),
            ..Default::default()
        },
        None,
    );
    assert_eq!(d.contacts.contacts, 2); // T3, T5
    let d = run(
        Filter {
            service: Some("nope".into()),
            ..Default::default()
        },
        None,
    );
    assert_eq!(d.contacts.contacts, 0);
    assert!(d.volume.by_service.is_empty());
    // No ticket of the filter is linked to any incident or spot.
    assert_eq!(d.incidents.count, 0);
    assert_eq!(d.spots, SpotStats::default());
}

#[test]
fn filters_select_the_incidents_and_spots_of_matching_tickets() {
    // internet: T2 is linked to incident 7, T1 to spot 1 (fixed in 10 h).
    let d = run(
        Filter {
            service: Some("internet".into()),
            ..Default::default()
        },
        None,
    );
    assert_eq!(d.incidents.count, 1);
    assert_eq!(d.incidents.rows[0].id, 7);
    // The links still count every loaded ticket of the incident (T2, T3, T6).
    assert_eq!(d.incidents.rows[0].linked_contacts, 3);
    assert_eq!(d.incidents.affected_customers, 100);
    assert_eq!(
        d.spots,
        SpotStats {
            count: 1,
            resolved: 1,
            within_day: 1,
            time_to_fix: pct(&[36_000])
        }
    );
    // Group media: T3 (incident 7, spot 2 fixed in 30 h) and T5 (no links).
    let d = run(
        Filter {
            group: Some("media".into()),
            ..Default::default()
        },
        None,
    );
    assert_eq!(d.incidents.count, 1);
    assert_eq!(
        d.spots,
        SpotStats {
            count: 1,
            resolved: 1,
            within_day: 0,
            time_to_fix: pct(&[108_000])
        }
    );
    // Line 3: only T4, linked to nothing.
    let d = run(
        Filter {
            line: Some(3),
            ..Default::default()
        },
        None,
    );
    assert_eq!((d.incidents.count, d.spots.count), (0, 0));
    // A ticket before the period still ties its incident to the filter (T6, radio).
    let d = run(
        Filter {
            service: Some("radio".into()),
            ..Default::default()
        },
        None,
    );
    assert_eq!(d.incidents.count, 1);
    assert_eq!(d.contacts.contacts, 0);
}

#[test]
fn empty_and_inverted_periods() {
    let f = TicketFacts::default();
    let input = Input {
        tickets: &f,
        incidents: &[],
        spots: &[],
        ratings: None,
    };
    let mut p = params(Filter::default());
    p.to = p.from - 1;
    let d = fast(&input, &p);
    assert!(d.volume.dates.is_empty());
    assert_eq!(d, reference::compute(&input, &p));
}

#[test]
fn long_periods_are_cut() {
    let p = Params {
        to: ts(2, 0, 0) + 10_000 * DAY,
        ..params(Filter::default())
    };
    // A period starting at midnight keeps MAX_DAYS - 1 whole days (one spare for offsets).
    assert_eq!(p.grid().len() as i64, MAX_DAYS - 1);
}

#[test]
fn percentiles_are_nearest_rank() {
    let mut v = vec![5, 1, 4, 2, 3];
    assert_eq!(
        percentile::percentiles(&mut v),
        Percentiles {
            count: 5,
            p50: Some(3),
            p90: Some(5)
        }
    );
    let mut v: Vec<u32> = (1..=10).rev().collect();
    assert_eq!(
        percentile::percentiles(&mut v),
        Percentiles {
            count: 10,
            p50: Some(5),
            p90: Some(9)
        }
    );
    assert_eq!(percentile::percentiles(&mut []), Percentiles::default());
    assert_eq!(percentile::duration(10, 5), 0);
}

#[test]
fn repeat_stats_count_distinct_customers() {
    let v: Vec<u64> = (0..10_000u64)
        .map(|i| i % 3000)
        .chain([u64::MAX, 0])
        .collect();
    let r = repeat::repeat_stats(&v);
    assert_eq!(r.contacts, 10_002);
    assert_eq!(r.customers, 3001);
    assert_eq!(r.repeat_customers, 3000);
}

/// A value with its `a` and `b` set numbers.
type Item = (u32, usize, usize);

/// Each set's percentiles by sorting, for checking [`percentile::Grouped`].
fn grouped_by_sort(
    items: &[Item],
    na: usize,
    nb: usize,
) -> (Percentiles, Vec<Percentiles>, Vec<Percentiles>) {
    let all: Vec<u32> = items.iter().map(|x| x.0).collect();
    let of = |pick: &dyn Fn(&Item) -> bool| {
        let v: Vec<u32> = items.iter().filter(|x| pick(x)).map(|x| x.0).collect();
        reference::percentiles_by_sort(&v)
    };
    (
        reference::percentiles_by_sort(&all),
        (0..na).map(|a| of(&|x| x.1 == a)).collect(),
        (0..nb).map(|b| of(&|x| x.2 == b)).collect(),
    )
}

fn grouped(items: &[Item], na: usize, nb: usize) -> percentile::Grouped {
    let mut g = percentile::Grouped::new(na, nb);
    for &(v, a, b) in items {
        g.push(v, a, b);
    }
    g
}

#[test]
fn buckets_are_monotone_and_exact_for_small_values() {
    use percentile::{bucket, BUCKETS};
    for v in 0..64u32 {
        assert_eq!(bucket(v), v as usize);
    }
    assert_eq!(bucket(u32::MAX), BUCKETS - 1);
    // Every power of two and its neighbours, in order.
    let mut probes: Vec<u32> = (0..32)
        .flat_map(|e| {
            let p = 1u32 << e;
            [p - 1, p, p + 1, p | (p >> 1), p.saturating_mul(2) - 1]
        })
        .chain([u32::MAX - 1, u32::MAX])
        .collect();
    probes.sort_unstable();
    for w in probes.windows(2) {
        assert!(bucket(w[0]) <= bucket(w[1]), "{} {}", w[0], w[1]);
    }
    // About 3% wide above the exact range: 2^M buckets per octave.
    assert_eq!(bucket(1 << 20), bucket((1 << 20) + (1 << 15) - 1));
    assert_ne!(bucket(1 << 20), bucket((1 << 20) + (1 << 15)));
}

#[test]
fn grouped_percentiles_edge_cases_equal_sorting() {
    let cases: Vec<(Vec<Item>, usize, usize)> = vec![
        // Empty, and sets without values.
        (vec![], 2, 3),
        // One value.
        (vec![(7, 1, 0)], 2, 1),
        // All equal, huge.
        (vec![(u32::MAX, 0, 0); 11], 1, 1),
        // Huge values sharing a bucket with different neighbours.
        (
            vec![
                (u32::MAX, 0, 1),
                (u32::MAX - 1, 1, 0),
                (u32::MAX - 5, 0, 0),
                (0, 1, 1),
                (1 << 31, 0, 1),
            ],
            2,
            2,
        ),
        // Median and 90th percentile in one bucket, and in different ones.
        ((0..100).map(|i| (1_000_000 + i, 0, 0)).collect(), 1, 1),
        (
            (0..1000)
                .map(|i| (i * 977, i as usize % 3, i as usize % 2))
                .collect(),
            3,
            2,
        ),
    ];
    for (items, na, nb) in cases {
        let expected = grouped_by_sort(&items, na, nb);
        let g = grouped(&items, na, nb);
        assert_eq!(g.percentiles(), expected, "{items:?}");
        // The fallback for too many sets (no room for histograms) agrees too.
        assert_eq!(g.percentiles_within(0), expected, "{items:?}");
    }
}

/// [`compute`] on the tickets prepared from the input's facts.
pub(super) fn fast(input: &Input<'_>, p: &Params) -> Dashboard {
    compute(&input.with_tickets(&Prepared::new(input.tickets)), p)
}

#[test]
fn day_slot_is_the_index_or_one_past_the_last_day() {
    // Three local days at UTC+3, probed around every edge and far outside.
    let from = 1_793_577_600i64;
    let grid = calendar::DayGrid::new(from, from + 3 * DAY, 3 * 3600);
    let probes = (-2..=5)
        .flat_map(|d| [-1, 0, 1, DAY / 2].map(|s| from - 3 * 3600 + d * DAY + s))
        .chain([i64::MIN, i64::MAX, 0]);
    for t in probes {
        assert_eq!(grid.slot(t), grid.index(t).unwrap_or(grid.len()), "t = {t}");
    }
    assert!(grid.index(from).is_some() && grid.index(from - DAY).is_none());
}

#[test]
fn too_many_services_for_histograms_select_each_set_on_its_own() {
    // 1300 services need more counters than the histograms may take (about 1170 sets), so
    // the time-to-resolve percentiles come from every set's own values.
    let names: Vec<&'static str> = (0..1300)
        .map(|i| &*Box::leak(format!("s{i:04}").into_boxed_str()))
        .collect();
    let start = ts(2, 0, 0);
    let rows: Vec<T> = (0..5000i64)
        .map(|i| {
            let mut x = t(names[i as usize % 1300], "g", 1, start + i * 50);
            if i % 4 != 0 {
                x.resolved = Some(x.created + (i * 7919) % 86_400);
                x.status = TicketStatus::Resolved;
            }
            x
        })
        .collect();
    let f = facts(&rows);
    let input = Input {
        tickets: &f,
        incidents: &[],
        spots: &[],
        ratings: None,
    };
    let p = params(Filter::default());
    let d = fast(&input, &p);
    assert_eq!(d, reference::compute(&input, &p));
    assert_eq!(d.sla.by_service.len(), 1300);
    assert_eq!(d.sla.total.resolve_time.count, 3750);
}
