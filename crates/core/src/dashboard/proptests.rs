//! The fast computation agrees exactly with the plain reference on random data.

use super::percentile::{percentiles, Grouped};
use super::reference::{self, percentiles_by_sort};
use super::repeat::repeat_stats;
use super::tests::{facts, fast, T};
use super::*;
use proptest::prelude::*;
use spotdesk_api::TicketStatus;

/// Start of the random period: Mon 2 Nov 2026 00:00 UTC.
const FROM: i64 = 1_793_577_600;
const SPAN: i64 = 12 * DAY;

/// Times on a 15-minute lattice, so boundaries (deadline == resolution, window edges,
/// midnight) are hit often.
fn q(range: std::ops::Range<i64>) -> impl Strategy<Value = i64> {
    (range.start / 900..range.end / 900).prop_map(|k| k * 900)
}

const SERVICES: [&str; 3] = ["internet", "tv", "mobile"];
const GROUPS: [&str; 3] = ["net", "media", "radio"];

fn ticket() -> impl Strategy<Value = T> {
    (
        (0usize..3, 0usize..3, 0u8..=4, q(-DAY..SPAN + DAY)),
        (
            proptest::option::of(q(0..3 * DAY)),
            q(-DAY..3 * DAY),
            0usize..7,
        ),
        (
            any::<bool>(),
            any::<bool>(),
            0u64..6,
            proptest::option::of(0u8..=6),
        ),
        (proptest::option::of(1u32..5), proptest::option::of(1u32..5)),
    )
        .prop_map(
            |(
                (s, g, line, created),
                (res, dl, status),
                (tr, kn, cust, rating),
                (incident, spot),
            )| T {
                service: SERVICES[s],
                group: GROUPS[g],
                line,
                created: FROM + created,
                resolved: res.map(|r| FROM + created + r),
                deadline: FROM + created + dl,
                status: TicketStatus::ALL[status],
                transferred: tr,
                known: kn,
                customer: cust,
                rating,
                incident,
                spot,
            },
        )
}

fn incident() -> impl Strategy<Value = IncidentFact> {
    (
        1u32..6,
        q(-DAY..SPAN + DAY),
        0i64..3,
        proptest::option::of(q(0..2 * DAY)),
        0u32..500,
    )
        .prop_map(|(id, reg, jitter, res, affected)| IncidentFact {
            id,
            registered: FROM + reg + jitter * 30,
            resolved: res.map(|r| FROM + reg + r),
            affected_customers: affected,
        })
}

fn spot() -> impl Strategy<Value = SpotFact> {
    (
        1u32..6,
        q(-DAY..SPAN + DAY),
        proptest::option::of(q(0..3 * DAY)),
    )
        .prop_map(|(id, reg, res)| SpotFact {
            id,
            registered: FROM + reg,
            resolved: res.map(|r| FROM + reg + r),
        })
}

/// What a rating is about: a ticket with codes from the tables above (or a code no loaded
/// ticket has), an incident or spot id as the tickets use them, or nothing.
fn subject() -> impl Strategy<Value = RatingSubject> {
    prop_oneof![
        (0usize..4, 0usize..4, 0u8..=4).prop_map(|(s, g, line)| RatingSubject::Ticket {
            service: SERVICES.get(s).copied().unwrap_or("other").to_owned(),
            group: GROUPS.get(g).copied().unwrap_or("other").to_owned(),
            line,
        }),
        (1u32..6).prop_map(RatingSubject::Incident),
        (1u32..6).prop_map(RatingSubject::Spot),
        Just(RatingSubject::Unknown),
    ]
}

fn filter() -> impl Strategy<Value = Filter> {
    (
        proptest::option::of(0usize..4),
        proptest::option::of(0usize..3),
        proptest::option::of(0u8..=3),
    )
        .prop_map(|(s, g, line)| Filter {
            service: s.map(|s| SERVICES.get(s).copied().unwrap_or("other").to_owned()),
            group: g.map(|g| GROUPS[g].to_owned()),
            line,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn fast_equals_reference(
        tickets in proptest::collection::vec(ticket(), 0..120),
        incidents in proptest::collection::vec(incident(), 0..6),
        spots in proptest::collection::vec(spot(), 0..6),
        ratings in proptest::option::of(proptest::collection::vec((q(-DAY..SPAN + DAY), 0u8..7, subject()), 0..20)),
        filter in filter(),
        (start, len, offset_h, now, window) in (q(0..DAY), q(0..SPAN), -11i32..=14, q(0..SPAN + 3 * DAY), 0u32..80),
    ) {
        let f = facts(&tickets);
        let ratings: Option<Vec<RatingFact>> = ratings.map(|r| {
            r.into_iter().map(|(at, stars, subject)| RatingFact { at: FROM + at, stars, subject }).collect()
        });
        let input = Input { tickets: &f, incidents: &incidents, spots: &spots, ratings: ratings.as_deref() };
        let p = Params {
            from: FROM + start,
            to: FROM + start + len,
            utc_offset: offset_h * 3600,
            now: FROM + now,
            filter,
            window_hours: window,
        };
        prop_assert_eq!(fast(&input, &p), reference::compute(&input, &p));
    }

    /// Preparing in pieces (live appends, in any time order) gives the same prepared form as
    /// preparing everything at once, and the same dashboard as the reference.
    #[test]
    fn appended_equals_prepared_at_once(
        tickets in proptest::collection::vec(ticket(), 0..80),
        cuts in (0usize..80, 0usize..80),
        incidents in proptest::collection::vec(incident(), 0..4),
        filter in filter(),
        (start, len, now) in (q(0..DAY), q(0..SPAN), q(0..SPAN + 3 * DAY)),
    ) {
        let f = facts(&tickets);
        let (a, b) = (cuts.0.min(cuts.1).min(tickets.len()), cuts.0.max(cuts.1).min(tickets.len()));
        let mut grown = Prepared::new(&facts(&tickets[..a]));
        grown.append(&facts(&tickets[..b]));
        grown.append(&f);
        grown.append(&f);
        let at_once = Prepared::new(&f);
        prop_assert_eq!(&grown, &at_once);
        let input = Input { tickets: &f, incidents: &incidents, spots: &[], ratings: None };
        let p = Params {
            from: FROM + start,
            to: FROM + start + len,
            utc_offset: 3 * 3600,
            now: FROM + now,
            filter,
            window_hours: 6,
        };
        prop_assert_eq!(compute(&input.with_tickets(&grown), &p), reference::compute(&input, &p));
    }

    #[test]
    fn selection_percentiles_equal_sorting(mut v in proptest::collection::vec(any::<u32>(), 0..300)) {
        let expected = percentiles_by_sort(&v);
        prop_assert_eq!(percentiles(&mut v), expected);
    }

    #[test]
    fn grouped_percentiles_equal_sorting(
        items in proptest::collection::vec(
            (prop_oneof![0u32..100, 0u32..5000, any::<u32>(), Just(u32::MAX)], 0usize..3, 0usize..4),
            0..400,
        )
    ) {
        let mut g = Grouped::new(3, 4);
        for &(v, a, b) in &items {
            g.push(v, a, b);
        }
        let set = |pick: &dyn Fn(&(u32, usize, usize)) -> bool| {
            let v: Vec<u32> = items.iter().filter(|x| pick(x)).map(|x| x.0).collect();
            percentiles_by_sort(&v)
        };
        let (total, by_a, by_b) = g.percentiles();
        prop_assert_eq!(g.percentiles_within(0), (total, by_a.clone(), by_b.clone()));
        prop_assert_eq!(total, set(&|_| true));
        for (a, p) in by_a.iter().enumerate() {
            prop_assert_eq!(*p, set(&|x| x.1 == a));
        }
        for (b, p) in by_b.iter().enumerate() {
            prop_assert_eq!(*p, set(&|x| x.2 == b));
        }
    }

    #[test]
    fn partitioned_counting_equals_a_map(v in proptest::collection::vec(0u64..50, 0..400), big in any::<u64>()) {
        let mut v = v;
        v.push(big);
        let mut m = std::collections::HashMap::new();
        for &c in &v {
            *m.entry(c).or_insert(0u32) += 1;
        }
        let r = repeat_stats(&v);
        prop_assert_eq!(r.contacts as usize, v.len());
        prop_assert_eq!(r.customers as usize, m.len());
        prop_assert_eq!(r.repeat_customers as usize, m.values().filter(|&&n| n > 1).count());
    }

    #[test]
    fn rollups_keep_totals(days in proptest::collection::vec(0u32..100, 1..80), g in 0usize..3) {
        let dates: Vec<chrono::NaiveDate> = (0..days.len())
            .map(|i| chrono::NaiveDate::from_ymd_opt(2026, 1, 30).unwrap_or_default() + chrono::Duration::days(i as i64))
            .collect();
        let per_day: Vec<Counts> = days.iter().map(|&r| Counts { registered: r, ..Default::default() }).collect();
        let b = buckets(&dates, Granularity::ALL[g]);
        let rolled = Counts::rollup(&per_day, &b);
        prop_assert_eq!(Counts::sum(&rolled), Counts::sum(&per_day));
        prop_assert_eq!(b.iter().map(|b| b.days.len()).sum::<usize>(), days.len());
    }
}
