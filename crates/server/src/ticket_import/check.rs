//! Checking one row of a ticket history file against the catalogue: every problem of the row
//! (column and reason), or the ticket as it is now.

use super::read::{Checked, Col, Header, Place};
use crate::address_import::report::Problem;
use chrono::{DateTime, NaiveDateTime, Utc};
use spotdesk_api::{Catalogue, Channel, Segment, Ticket, TicketId, TicketKind, TicketStatus};
use spotdesk_core::phone::{normalize_phone, PhoneError};
use spotdesk_core::validate::{MAX_ADDRESS, MAX_DESCRIPTION, MAX_SHORT_TEXT, MAX_STATUS_NOTES};
use std::collections::BTreeMap;

/// Longest previous-system id or address id, in characters.
const MAX_ID_CHARS: usize = 100;

/// Checks a record read under `header` (CSV line `row`).
pub(super) fn row(
    row: u64,
    header: &Header,
    record: &csv::ByteRecord,
    cat: &Catalogue,
    now: DateTime<Utc>,
) -> Result<Checked, Vec<Problem>> {
    let mut c = RowCheck {
        row,
        header,
        record,
        problems: Vec::new(),
    };
    if record.len() != header.width {
        c.problem(
            "row",
            "wrong number of fields",
            format!("{} fields, the header has {}", record.len(), header.width),
        );
    }
    let ticket = c.ticket(cat, now);
    match ticket {
        Some(t) if c.problems.is_empty() => Ok(t),
        _ if c.problems.is_empty() => Err(vec![Problem {
            row,
            column: "row",
            kind: "cannot be imported",
            detail: String::new(),
        }]),
        _ => Err(c.problems),
    }
}

/// Parses a time: RFC 3339 (`2025-03-01T09:30:00+03:00`, `…Z`), or `YYYY-MM-DD HH:MM[:SS]`
/// (also with `T`) taken as UTC.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .map(|t| t.and_utc())
}

/// A wire name of an enum (`in_work`, `service_request`), as people also write it
/// (`In work`, `service-request`).
fn wire_name(s: &str) -> String {
    s.trim().to_lowercase().replace([' ', '-'], "_")
}

/// A status of the file: a Spotdesk status, or Open311's `open` (`new`) and `closed`.
fn parse_status(s: &str) -> Option<TicketStatus> {
    match wire_name(s).as_str() {
        "open" => Some(TicketStatus::New),
        w => TicketStatus::parse(w),
    }
}

/// An enum by its serde wire name.
fn parse_wire<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(wire_name(s))).ok()
}

/// A short, printable excerpt of a value for a report.
pub fn excerpt(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    format!("{short:?}")
}

/// The checks of one row, collecting its problems.
struct RowCheck<'a> {
    row: u64,
    header: &'a Header,
    record: &'a csv::ByteRecord,
    problems: Vec<Problem>,
}

impl RowCheck<'_> {
    fn problem(&mut self, column: &'static str, kind: &'static str, detail: String) {
        self.problems.push(Problem {
            row: self.row,
            column,
            kind,
            detail,
        });
    }

    /// The header name of a column (its Spotdesk name when the file lacks it).
    fn name(&self, col: Col) -> &'static str {
        self.header.name(col)
    }

    /// A cell's trimmed text, `None` when absent or empty (or not UTF-8, reported).
    fn text(&mut self, col: Col) -> Option<String> {
        let (i, name) = *self.header.cols.get(&col)?;
        let bytes = self.record.get(i)?;
        match std::str::from_utf8(bytes) {
            Ok(s) if s.trim().is_empty() => None,
            Ok(s) => Some(s.trim().to_owned()),
            Err(_) => {
                self.problem(name, "not valid UTF-8", String::new());
                None
            }
        }
    }

    /// A text cell of at most `max` characters.
    fn limited(&mut self, col: Col, max: usize) -> Option<String> {
        let s = self.text(col)?;
        if s.chars().count() > max {
            let name = self.name(col);
            self.problem(name, "too long", format!("more than {max} characters"));
            return None;
        }
        Some(s)
    }

    /// A required cell.
    fn required(&mut self, col: Col, max: usize) -> Option<String> {
        let had = self.problems.len();
        let s = self.limited(col, max);
        if s.is_none() && self.problems.len() == had {
            let name = self.name(col);
            self.problem(name, "missing", String::new());
        }
        s
    }

    /// A time cell.
    fn time(&mut self, col: Col, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let s = self.text(col)?;
        let name = self.name(col);
        match parse_time(&s) {
            None => {
                self.problem(
                    name,
                    "not a time",
                    format!("{}; RFC 3339 or YYYY-MM-DD HH:MM[:SS] (UTC)", excerpt(&s)),
                );
                None
            }
            Some(t) if t > now && col != Col::Deadline => {
                self.problem(name, "in the future", s);
                None
            }
            Some(t) => Some(t),
        }
    }

    /// An enum cell read by `parse`.
    fn choice<T>(
        &mut self,
        col: Col,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Option<T> {
        let s = self.text(col)?;
        let v = parse(&s);
        if v.is_none() {
            let name = self.name(col);
            self.problem(
                name,
                "unknown value",
                format!("{}; one of {allowed}", excerpt(&s)),
            );
        }
        v
    }

    /// A coordinate within `-limit..=limit`.
    fn coordinate(&mut self, col: Col, limit: f64) -> Option<f64> {
        let s = self.text(col)?;
        let name = self.name(col);
        match s.replace(',', ".").parse::<f64>() {
            Ok(x) if x.is_finite() && (-limit..=limit).contains(&x) => Some(x),
            Ok(x) => {
                self.problem(
                    name,
                    "out of range",
                    format!("{x}; allowed -{limit}..{limit}"),
                );
                None
            }
            Err(_) => {
                self.problem(name, "not a number", excerpt(&s));
                None
            }
        }
    }

    /// The row as a ticket, or `None` (with problems recorded).
    fn ticket(&mut self, cat: &Catalogue, now: DateTime<Utc>) -> Option<Checked> {
        let external_id = self.required(Col::ExternalId, MAX_ID_CHARS);
        let service_code = self.required(Col::Service, MAX_SHORT_TEXT);
        let service = service_code.as_ref().and_then(|code| {
            let s = cat.services.iter().find(|s| &s.code == code);
            if s.is_none() {
                let name = self.name(Col::Service);
                self.problem(
                    name,
                    "unknown service",
                    format!("{} is not a service code of the catalogue", excerpt(code)),
                );
            }
            s
        });
        let had = self.problems.len();
        let created = self.time(Col::Created, now);
        if created.is_none() && self.problems.len() == had {
            let name = self.name(Col::Created);
            self.problem(name, "missing", String::new());
        }
        let updated = self.time(Col::Updated, now);
        let resolved = self.time(Col::Resolved, now);
        let deadline = self.time(Col::Deadline, now);
        let status = self.choice(
            Col::Status,
            parse_status,
            "open, closed, new, in_work, waiting, planned, resolved, reopened",
        );
        let kind = self.choice(
            Col::Kind,
            parse_wire::<TicketKind>,
            "incident, service_request",
        );
        let channel = self.choice(
            Col::Channel,
            parse_wire::<Channel>,
            "phone, email, office, social, partner",
        );
        let segment = self.choice(Col::Segment, parse_wire::<Segment>, "mass, business, vip");
        let line = self.choice(
            Col::Line,
            |s| s.parse::<u8>().ok().filter(|l| (1..=3).contains(l)),
            "1, 2, 3",
        );
        let group = self.limited(Col::Group, MAX_SHORT_TEXT);
        if let Some(g) = &group {
            if !cat.groups.iter().any(|x| &x.code == g) {
                let name = self.name(Col::Group);
                self.problem(
                    name,
                    "unknown group",
                    format!("{} is not a group of the catalogue", excerpt(g)),
                );
            }
        }
        let topic = self.limited(Col::Topic, MAX_SHORT_TEXT).unwrap_or_default();
        let description = self
            .limited(Col::Description, MAX_DESCRIPTION)
            .unwrap_or_default();
        let status_notes = self.limited(Col::StatusNotes, MAX_STATUS_NOTES);
        let phone = match self.limited(Col::Phone, MAX_SHORT_TEXT) {
            None => String::new(),
            Some(p) => match normalize_phone(&p) {
                Ok(p) => p,
                Err(PhoneError::Empty) => String::new(),
                Err(_) => {
                    let name = self.name(Col::Phone);
                    self.problem(name, "not a phone number", excerpt(&p));
                    String::new()
                }
            },
        };
        let name = match self.limited(Col::Name, MAX_SHORT_TEXT) {
            Some(n) => Some(n),
            None => {
                let parts: Vec<String> = [Col::FirstName, Col::LastName]
                    .into_iter()
                    .filter_map(|c| self.limited(c, MAX_SHORT_TEXT))
                    .collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            }
        };
        let address = self.limited(Col::Address, MAX_ADDRESS).unwrap_or_default();
        let address_id = self.limited(Col::AddressId, MAX_ID_CHARS);
        let lat = self.coordinate(Col::Lat, 90.0);
        let long = self.coordinate(Col::Long, 180.0);
        let place = match (lat, long, address_id) {
            (Some(_), Some(_), _) => Some(Place::Point),
            (_, _, Some(id)) => Some(Place::Register(id)),
            _ => {
                if self.problems.len() == had {
                    let name = self.name(Col::Lat);
                    self.problem(name, "missing", "no lat/long and no address_id".into());
                }
                None
            }
        };

        let (service, created) = (service?, created?);
        let status = status.unwrap_or(if resolved.is_some() {
            TicketStatus::Closed
        } else {
            TicketStatus::New
        });
        // A resolved ticket's resolution time: the file's, else its last update.
        let resolved = match (status.is_open(), resolved) {
            (false, Some(r)) => Some(r),
            (false, None) => match updated {
                Some(u) => Some(u),
                None => {
                    let name = self.name(Col::Resolved);
                    self.problem(
                        name,
                        "missing",
                        format!("a {} ticket needs its resolution time", status.as_str()),
                    );
                    None
                }
            },
            (true, Some(_)) => {
                let name = self.name(Col::Resolved);
                self.problem(
                    name,
                    "not resolved",
                    format!("the status is {}", status.as_str()),
                );
                None
            }
            (true, None) => None,
        };
        for (col, t) in [
            (Col::Updated, updated),
            (Col::Resolved, resolved),
            (Col::Deadline, deadline),
        ] {
            if t.is_some_and(|t| t < created) {
                let name = self.name(col);
                self.problem(name, "before the creation time", String::new());
            }
        }
        let kind =
            kind.unwrap_or_else(|| service.sla.first().map_or(TicketKind::Incident, |p| p.kind));
        let channel = channel.unwrap_or(Channel::Phone);
        let routed =
            spotdesk_core::routing::route(cat, &service.code, channel, kind, segment, line)?;
        let line = line.unwrap_or(match &group {
            Some(g) => cat
                .groups
                .iter()
                .find(|x| &x.code == g)
                .map_or(routed.line, |x| x.line),
            None => routed.line,
        });
        let deadline = match deadline {
            Some(d) => d,
            None => match spotdesk_core::sla::compute(cat, &service.code, kind, line, created) {
                Some(s) => s.deadline,
                None => {
                    let name = self.name(Col::Kind);
                    self.problem(
                        name,
                        "no SLA policy",
                        format!(
                            "service {} has no SLA policy for {}; give expected_datetime",
                            service.code,
                            kind_name(kind)
                        ),
                    );
                    return None;
                }
            },
        };
        let ticket = Ticket {
            id: TicketId(0),
            service_code: service.code.clone(),
            kind,
            channel,
            topic,
            description,
            customer_phone: phone,
            customer_name: name,
            address_string: address,
            lat: lat.unwrap_or_default(),
            long: long.unwrap_or_default(),
            segment,
            lifetime_value: None,
            line,
            agency_responsible: group.unwrap_or(routed.group),
            status,
            status_notes,
            expected_datetime: deadline,
            planned_at: None,
            fields: BTreeMap::new(),
            incident_id: None,
            spot_id: None,
            created_by: None,
            created_at: created,
            updated_at: [Some(created), updated, resolved]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(created),
            resolved_at: resolved,
            version: 1,
            rating: None,
            repeat_of: None,
            resolution_cause: None,
            assignee: None,
        };
        Some(Checked {
            row: self.row,
            external_id: external_id?,
            ticket,
            place: place?,
        })
    }
}

/// A ticket kind's wire name.
fn kind_name(kind: TicketKind) -> &'static str {
    match kind {
        TicketKind::Incident => "incident",
        TicketKind::ServiceRequest => "service_request",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn times_are_rfc3339_or_plain_utc() {
        let nine = utc("2025-03-01T09:30:00Z");
        assert_eq!(parse_time("2025-03-01T12:30:00+03:00"), nine);
        assert_eq!(parse_time("2025-03-01T09:30:00Z"), nine);
        assert_eq!(parse_time("2025-03-01 09:30"), nine);
        assert_eq!(parse_time("2025-03-01 09:30:00"), nine);
        assert_eq!(parse_time("2025-03-01T09:30"), nine);
        assert_eq!(
            parse_time("2025-03-01 09:30:00.250"),
            utc("2025-03-01T09:30:00.250Z")
        );
        for bad in [
            "01.03.2025 09:30",
            "2025-03-01",
            "2025-02-30 10:00",
            "yesterday",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn statuses_and_enums_read_as_people_write_them() {
        assert_eq!(parse_status("open"), Some(TicketStatus::New));
        assert_eq!(parse_status("Closed"), Some(TicketStatus::Closed));
        assert_eq!(parse_status("in work"), Some(TicketStatus::InWork));
        assert_eq!(parse_status("done"), None);
        assert_eq!(
            parse_wire::<TicketKind>("service-request"),
            Some(TicketKind::ServiceRequest)
        );
        assert_eq!(parse_wire::<Channel>("E-mail"), None);
    }
}
