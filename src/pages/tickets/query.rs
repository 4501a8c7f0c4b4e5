//! The list's filters as they live in the URL query (shareable, back/forward works), and
//! their translation into an API [`TicketQuery`].

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use spotdesk_api::{TicketQuery, TicketSort, TicketStatus};

/// Filters and sort order of the ticket list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListFilter {
    pub statuses: Vec<TicketStatus>,
    pub service: String,
    pub line: Option<u8>,
    pub group: String,
    pub overdue: bool,
    pub q: String,
    /// First day (local) of the period, inclusive.
    pub from: Option<NaiveDate>,
    /// Last day (local) of the period, inclusive.
    pub to: Option<NaiveDate>,
    pub sort: TicketSort,
}

/// URL name of a sort order.
pub fn sort_name(s: TicketSort) -> &'static str {
    match s {
        TicketSort::CreatedDesc => "created_desc",
        TicketSort::CreatedAsc => "created_asc",
        TicketSort::DeadlineAsc => "deadline_asc",
    }
}

/// Every sort order, in menu order.
pub const SORTS: [TicketSort; 3] = [
    TicketSort::CreatedDesc,
    TicketSort::CreatedAsc,
    TicketSort::DeadlineAsc,
];

impl ListFilter {
    /// Reads the filter from URL parameters; unreadable values are ignored.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |k: &str| get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
        let mut statuses: Vec<TicketStatus> = text("status")
            .split(',')
            .filter_map(|s| TicketStatus::parse(s.trim()))
            .collect();
        spotdesk_core::sort::sort_by_key(&mut statuses, |s| {
            TicketStatus::ALL.iter().position(|x| x == s)
        });
        statuses.dedup();
        Self {
            statuses,
            service: text("service"),
            line: text("line").parse().ok().filter(|l| (1..=3).contains(l)),
            group: text("group"),
            overdue: matches!(text("overdue").as_str(), "1" | "true"),
            q: text("q"),
            from: text("from").parse().ok(),
            to: text("to").parse().ok(),
            sort: SORTS
                .into_iter()
                .find(|s| sort_name(*s) == text("sort"))
                .unwrap_or_default(),
        }
    }

    /// The URL query (`?…`, or empty), in a stable order; only set filters appear.
    pub fn to_query_string(&self) -> String {
        let mut p: Vec<(&str, String)> = Vec::new();
        if !self.statuses.is_empty() {
            let s: Vec<&str> = self.statuses.iter().map(|s| s.as_str()).collect();
            p.push(("status", s.join(",")));
        }
        let mut push = |k, v: &str| {
            if !v.trim().is_empty() {
                p.push((k, v.trim().to_owned()));
            }
        };
        push("service", &self.service);
        push(
            "line",
            &self.line.map(|l| l.to_string()).unwrap_or_default(),
        );
        push("group", &self.group);
        push("overdue", if self.overdue { "1" } else { "" });
        push("q", &self.q);
        push(
            "from",
            &self.from.map(|d| d.to_string()).unwrap_or_default(),
        );
        push("to", &self.to.map(|d| d.to_string()).unwrap_or_default());
        if self.sort != TicketSort::default() {
            push("sort", sort_name(self.sort));
        }
        if p.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = p
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect();
        format!("?{}", parts.join("&"))
    }

    /// The API query for one page; days are taken in the browser's time zone `tz`.
    pub fn to_ticket_query(&self, tz: FixedOffset, limit: u32) -> TicketQuery {
        let midnight = |d: NaiveDate| -> Option<DateTime<Utc>> {
            tz.from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
                .single()
                .map(|t| t.with_timezone(&Utc))
        };
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        TicketQuery {
            status: (!self.statuses.is_empty()).then(|| {
                self.statuses
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            }),
            service_code: opt(&self.service),
            line: self.line,
            group: opt(&self.group),
            incident_id: None,
            assignee: None,
            overdue: self.overdue.then_some(true),
            q: opt(self.q.trim()),
            from: self.from.and_then(midnight),
            to: self.to.and_then(|d| d.succ_opt()).and_then(midnight),
            sort: Some(self.sort),
            cursor: None,
            limit: Some(limit),
        }
    }
}

/// Percent-encodes a query value; commas stay, as they separate the listed statuses.
pub fn encode(v: &str) -> String {
    crate::url::encode_query_value_keeping(v, b",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(q: &[(&str, &str)]) -> ListFilter {
        let m: HashMap<String, String> = q
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ListFilter::from_params(|k| m.get(k).cloned())
    }

    #[test]
    fn round_trips_through_the_url() {
        let f = ListFilter {
            statuses: vec![TicketStatus::New, TicketStatus::InWork],
            service: "billing".into(),
            line: Some(2),
            group: "line2-billing".into(),
            overdue: true,
            q: "Ленина 1 & co".into(),
            from: NaiveDate::from_ymd_opt(2025, 3, 1),
            to: NaiveDate::from_ymd_opt(2025, 3, 31),
            sort: TicketSort::DeadlineAsc,
        };
        let qs = f.to_query_string();
        assert!(qs.starts_with("?status=new,in_work&service=billing&line=2"));
        assert!(qs.contains("q=%D0%9B"));
        // What the router hands back, decoded.
        let back = parse(&[
            ("status", "in_work,new,bogus"),
            ("service", "billing"),
            ("line", "2"),
            ("group", "line2-billing"),
            ("overdue", "1"),
            ("q", "Ленина 1 & co"),
            ("from", "2025-03-01"),
            ("to", "2025-03-31"),
            ("sort", "deadline_asc"),
        ]);
        assert_eq!(back, f);
        assert_eq!(ListFilter::default().to_query_string(), "");
        assert_eq!(
            parse(&[("line", "7"), ("sort", "x")]),
            ListFilter::default()
        );
    }

    #[test]
    fn the_period_is_whole_local_days() {
        let f = ListFilter {
            from: NaiveDate::from_ymd_opt(2025, 3, 1),
            to: NaiveDate::from_ymd_opt(2025, 3, 1),
            ..Default::default()
        };
        let tz = FixedOffset::east_opt(3 * 3600).expect("offset");
        let q = f.to_ticket_query(tz, 50);
        assert_eq!(
            q.from.map(|t| t.to_rfc3339()),
            Some("2025-02-28T21:00:00+00:00".into())
        );
        assert_eq!(
            q.to.map(|t| t.to_rfc3339()),
            Some("2025-03-01T21:00:00+00:00".into())
        );
        assert_eq!(q.status, None);
    }
}
