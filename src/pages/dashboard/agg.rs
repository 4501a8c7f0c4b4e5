//! Pure aggregation of tickets for the dashboard (to move into `spotdesk_core` later).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use spotdesk_api::Ticket;

/// Totals for a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Tickets created in the period.
    pub registered: usize,
    /// Of those, tickets resolved (at any time up to now).
    pub resolved: usize,
    /// Of those, tickets past their deadline: still open after it, or resolved after it.
    pub overdue: usize,
}

/// Counts of one calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCount {
    pub date: NaiveDate,
    pub registered: usize,
    pub resolved: usize,
}

/// Whether a ticket missed its deadline as of `now`.
pub fn is_overdue(t: &Ticket, now: DateTime<Utc>) -> bool {
    match t.resolved_at {
        Some(r) => r > t.expected_datetime,
        None => t.status.is_open() && now > t.expected_datetime,
    }
}

/// Registered / resolved / overdue totals.
pub fn totals(tickets: &[Ticket], now: DateTime<Utc>) -> Totals {
    tickets.iter().fold(Totals::default(), |mut acc, t| {
        acc.registered += 1;
        if t.resolved_at.is_some() || !t.status.is_open() {
            acc.resolved += 1;
        }
        if is_overdue(t, now) {
            acc.overdue += 1;
        }
        acc
    })
}

/// One entry per local calendar day of `[first, first + days)`: tickets registered that day
/// and tickets resolved that day. Days are in the time zone `offset`.
pub fn per_day(
    tickets: &[Ticket],
    first: NaiveDate,
    days: u32,
    offset: FixedOffset,
) -> Vec<DayCount> {
    let mut out: Vec<DayCount> = (0..days)
        .map(|i| DayCount {
            date: first + Duration::days(i64::from(i)),
            registered: 0,
            resolved: 0,
        })
        .collect();
    let index = |t: DateTime<Utc>| -> Option<usize> {
        let d = t.with_timezone(&offset).date_naive();
        usize::try_from((d - first).num_days())
            .ok()
            .filter(|&i| i < out.len())
    };
    let hits: Vec<(Option<usize>, Option<usize>)> = tickets
        .iter()
        .map(|t| (index(t.created_at), t.resolved_at.and_then(index)))
        .collect();
    for (created, resolved) in hits {
        if let Some(i) = created {
            out[i].registered += 1;
        }
        if let Some(i) = resolved {
            out[i].resolved += 1;
        }
    }
    out
}

/// Period lengths offered by the picker, in days.
pub const PERIODS: [u32; 3] = [7, 30, 90];

/// Parses the `days` query parameter; anything unknown means 7.
pub fn parse_period(s: Option<&str>) -> u32 {
    s.and_then(|s| s.parse().ok())
        .filter(|d| PERIODS.contains(d))
        .unwrap_or(7)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use spotdesk_api::{Channel, TicketId, TicketKind, TicketStatus};

    fn ticket(created: DateTime<Utc>, deadline_h: i64, resolved_h: Option<i64>) -> Ticket {
        Ticket {
            id: TicketId(1),
            service_code: "s".into(),
            kind: TicketKind::Incident,
            channel: Channel::Phone,
            topic: "t".into(),
            description: String::new(),
            customer_phone: "+79120000000".into(),
            customer_name: None,
            address_string: "a".into(),
            lat: 0.0,
            long: 0.0,
            segment: None,
            lifetime_value: None,
            line: 1,
            agency_responsible: "g".into(),
            status: if resolved_h.is_some() {
                TicketStatus::Resolved
            } else {
                TicketStatus::New
            },
            status_notes: None,
            expected_datetime: created + Duration::hours(deadline_h),
            planned_at: None,
            fields: Default::default(),
            incident_id: None,
            spot_id: None,
            created_by: None,
            created_at: created,
            updated_at: created,
            resolved_at: resolved_h.map(|h| created + Duration::hours(h)),
            version: 1,
            rating: None,
        }
    }

    #[test]
    fn totals_count_registered_resolved_overdue() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
        let now = t0 + Duration::hours(10);
        let list = vec![
            ticket(t0, 8, None),    // open, past deadline
            ticket(t0, 24, None),   // open, in time
            ticket(t0, 8, Some(9)), // resolved late
            ticket(t0, 8, Some(2)), // resolved in time
        ];
        assert_eq!(
            totals(&list, now),
            Totals {
                registered: 4,
                resolved: 2,
                overdue: 2
            }
        );
    }

    #[test]
    fn per_day_buckets_by_local_date() {
        let offset = FixedOffset::east_opt(3 * 3600).unwrap();
        let first = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        // 22:30 UTC on 1 Nov is 01:30 on 2 Nov at UTC+3.
        let late = Utc.with_ymd_and_hms(2026, 11, 1, 22, 30, 0).unwrap();
        let early = Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap();
        let before = Utc.with_ymd_and_hms(2026, 10, 20, 8, 0, 0).unwrap();
        let days = per_day(
            &[
                ticket(late, 8, Some(30)),
                ticket(early, 8, None),
                ticket(before, 8, None),
            ],
            first,
            3,
            offset,
        );
        assert_eq!(
            days.iter().map(|d| d.registered).collect::<Vec<_>>(),
            vec![1, 1, 0]
        );
        assert_eq!(
            days.iter().map(|d| d.resolved).collect::<Vec<_>>(),
            vec![0, 0, 1]
        );
    }

    #[test]
    fn period_parsing_defaults_to_seven() {
        assert_eq!(parse_period(Some("30")), 30);
        assert_eq!(parse_period(Some("31")), 7);
        assert_eq!(parse_period(None), 7);
    }
}
