//! Validation of ticket input against the service catalogue, and the checks every body shares
//! (texts, polygons, groups, the answer to a disallowed status change).
//!
//! The SPA runs it before sending (errors beside the fields, no round trip) and the server
//! runs it again on every request (the server never trusts a client). Error codes are stable
//! (`FieldError::code`, [`code`]); each client translates them.

use crate::geo::valid_lat_long;
use crate::phone::{normalize_phone, PhoneError};
use crate::routing::route;
use spotdesk_api::{
    Catalogue, Channel, FieldError, FieldKind, FieldPresence, FieldSpec, NewTicket, Service,
    Ticket, TicketKind, TicketPatch, TicketStatus,
};
use std::collections::BTreeMap;

/// Field error codes: the API crate's [`spotdesk_api::field_codes`], under the name core
/// has always used.
pub use spotdesk_api::field_codes as code;

/// Longest description accepted.
pub const MAX_DESCRIPTION: usize = 4000;
/// Longest short text (names, topics) accepted.
pub const MAX_SHORT_TEXT: usize = 200;
/// Longest address accepted.
pub const MAX_ADDRESS: usize = 300;
/// Longest status note accepted.
pub const MAX_STATUS_NOTES: usize = 2000;
/// Longest reply to the customer (a comment of kind `reply`, a reply template's text).
pub const MAX_REPLY: usize = 1000;
/// Largest customer lifetime value accepted.
pub const MAX_LIFETIME_VALUE: f64 = 1e12;

/// A ticket that passed validation, normalised, with its routing decided.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidTicket {
    /// The input with strings trimmed, the phone in E.164 and empty optionals cleared.
    pub ticket: NewTicket,
    pub kind: TicketKind,
    pub channel: Channel,
    /// Support line after routing.
    pub line: u8,
    /// Assignee group after routing.
    pub group: String,
    pub lat: f64,
    pub long: f64,
}

fn err(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError::new(field, code, message)
}

/// `too_long` for a text of `actual` characters where `max` are allowed, saying both.
pub fn too_long(field: &str, max: usize, actual: usize) -> FieldError {
    err(
        field,
        code::TOO_LONG,
        format!("at most {max} characters, you typed {actual}"),
    )
    .with_counts(max, actual)
}

/// `too_many` for a list of `actual` items (`what`: "units", "services") where `max` are
/// allowed, saying both.
pub fn too_many(field: &str, what: &str, max: usize, actual: usize) -> FieldError {
    err(
        field,
        code::TOO_MANY,
        format!("at most {max} {what}, the request has {actual}"),
    )
    .with_counts(max, actual)
}

fn check_len(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    let n = value.chars().count();
    if n > max {
        errors.push(too_long(field, max, n));
    }
}

/// Trims an optional text field of a body: `None` stays `None`, blank becomes `None`; longer
/// than `max` characters is `too_long` (the trimmed text is still returned).
pub fn clean_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: Option<String>,
    max: usize,
) -> Option<String> {
    let value = value
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())?;
    check_len(errors, field, &value, max);
    Some(value)
}

/// Checks a polygon: 3 to 10000 points (`invalid`), each a valid `[long, lat]`
/// (`out_of_range`).
pub fn check_polygon(errors: &mut Vec<FieldError>, field: &str, poly: &spotdesk_api::Polygon) {
    if poly.ring.len() < 3 || poly.ring.len() > 10_000 {
        errors.push(err(
            field,
            code::INVALID,
            "a polygon needs 3 to 10000 points",
        ));
    } else if !poly
        .ring
        .iter()
        .all(|[long, lat]| valid_lat_long(*lat, *long))
    {
        errors.push(err(
            field,
            code::OUT_OF_RANGE,
            "points must be valid [long, lat] pairs",
        ));
    }
}

/// Checks that an optional group code exists in the catalogue (`unknown`).
pub fn check_group(
    errors: &mut Vec<FieldError>,
    field: &str,
    group: Option<&str>,
    cat: &Catalogue,
) {
    if let Some(g) = group {
        if !cat.groups.iter().any(|x| x.code == g) {
            errors.push(err(field, code::UNKNOWN, "no such group in the catalogue"));
        }
    }
}

/// The one answer to a status change a lifecycle does not allow, for tickets, incidents and
/// spots alike: field `status`, code `invalid_transition`, a message naming both statuses and
/// the allowed next ones (`none` from a final status).
pub fn invalid_transition(from: &str, to: &str, allowed: &[&str]) -> FieldError {
    let allowed = if allowed.is_empty() {
        "none".to_owned()
    } else {
        allowed.join(", ")
    };
    err(
        "status",
        code::INVALID_TRANSITION,
        format!("cannot go from {from} to {to}; allowed next: {allowed}"),
    )
}

/// Validates and normalises a new ticket against the catalogue.
///
/// Every problem is reported, not just the first, so a form can mark all fields at once.
pub fn validate_new_ticket(
    input: &NewTicket,
    cat: &Catalogue,
) -> Result<ValidTicket, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut t = input.clone();
    t.service_code = t.service_code.trim().to_string();
    t.topic = t.topic.trim().to_string();
    t.description = t.description.trim().to_string();
    t.address_string = t.address_string.trim().to_string();
    t.customer_name = t
        .customer_name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());

    let service = if t.service_code.is_empty() {
        errors.push(err("service_code", code::REQUIRED, "choose a service"));
        None
    } else {
        let s = cat.services.iter().find(|s| s.code == t.service_code);
        match s {
            None => errors.push(err(
                "service_code",
                code::UNKNOWN,
                "no such service in the catalogue",
            )),
            Some(s) if s.retired => errors.push(err(
                "service_code",
                code::RETIRED,
                "this service is retired and takes no new tickets",
            )),
            Some(_) => {}
        }
        s
    };
    if t.kind.is_none() {
        errors.push(err(
            "kind",
            code::REQUIRED,
            "choose incident or service request",
        ));
    }
    if t.channel.is_none() {
        errors.push(err("channel", code::REQUIRED, "choose the contact channel"));
    }

    // The topic follows the service's topic list: required when it has topics (or when the
    // service is unknown), free (and may stay empty) when it has none.
    let needs_topic = service.is_none_or(|s| !s.topics.is_empty());
    if t.topic.is_empty() {
        if needs_topic {
            errors.push(err("topic", code::REQUIRED, "choose a topic"));
        }
    } else if let Some(s) = service {
        if !s.topics.is_empty() && !s.topics.iter().any(|o| o.value == t.topic) {
            errors.push(err(
                "topic",
                code::UNKNOWN_CHOICE,
                "not a topic of this service",
            ));
        }
    }
    check_len(&mut errors, "topic", &t.topic, MAX_SHORT_TEXT);
    check_len(&mut errors, "description", &t.description, MAX_DESCRIPTION);
    if let Some(name) = &t.customer_name {
        check_len(&mut errors, "customer_name", name, MAX_SHORT_TEXT);
    }

    match normalize_phone(&t.customer_phone) {
        Ok(p) => t.customer_phone = p,
        Err(PhoneError::Empty) => errors.push(err(
            "customer_phone",
            code::REQUIRED,
            "enter the customer's phone number",
        )),
        Err(_) => errors.push(err(
            "customer_phone",
            code::INVALID,
            "not a phone number, e.g. +7 912 345-67-89",
        )),
    }

    let coords = match (t.lat, t.long) {
        (Some(lat), Some(long)) if valid_lat_long(lat, long) => Some((lat, long)),
        _ => None,
    };
    if t.address_string.is_empty() {
        errors.push(err("address_string", code::REQUIRED, "enter the address"));
    } else {
        check_len(
            &mut errors,
            "address_string",
            &t.address_string,
            MAX_ADDRESS,
        );
        if coords.is_none() {
            errors.push(err(
                "address_string",
                code::NOT_GEOCODED,
                "address not found on the map; pick a suggestion",
            ));
        }
    }

    if let Some(v) = t.lifetime_value {
        if !v.is_finite() || !(0.0..=MAX_LIFETIME_VALUE).contains(&v) {
            errors.push(err(
                "lifetime_value",
                code::OUT_OF_RANGE,
                "must be zero or more",
            ));
        }
    }
    if let Some(line) = t.line {
        if !(1..=3).contains(&line) {
            errors.push(err("line", code::OUT_OF_RANGE, "support line is 1, 2 or 3"));
        }
    }
    if let Some(s) = service {
        t.fields = validate_fields(s, &t.fields, &mut errors);
        check_form(s, &t, &mut errors);
    }

    let routed = match (t.kind, t.channel) {
        (Some(kind), Some(channel)) => {
            route(cat, &t.service_code, channel, kind, t.segment, t.line)
                .map(|r| (kind, channel, r))
        }
        _ => None,
    };
    match (errors.is_empty(), routed, coords) {
        (true, Some((kind, channel, r)), Some((lat, long))) => Ok(ValidTicket {
            ticket: t,
            kind,
            channel,
            line: r.line,
            group: r.group,
            lat,
            long,
        }),
        _ => Err(errors),
    }
}

/// The standard fields the service's form requires ([`spotdesk_api::StandardFields`]):
/// `required` on each that is empty. Hidden and optional ones may stay empty.
fn check_form(service: &Service, t: &NewTicket, errors: &mut Vec<FieldError>) {
    let form = &service.form;
    let missing = [
        ("description", form.description, t.description.is_empty()),
        (
            "customer_name",
            form.customer_name,
            t.customer_name.is_none(),
        ),
        ("segment", form.segment, t.segment.is_none()),
        (
            "lifetime_value",
            form.lifetime_value,
            t.lifetime_value.is_none(),
        ),
    ];
    for (field, presence, empty) in missing {
        if presence == FieldPresence::Required && empty {
            errors.push(err(field, code::REQUIRED, "required for this service"));
        }
    }
}

/// Whether a JSON value counts as "nothing entered".
fn is_blank(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => true,
        serde_json::Value::String(s) => s.trim().is_empty(),
        serde_json::Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Checks a service's own fields; returns the values normalised (texts trimmed, blanks dropped).
pub fn validate_fields(
    service: &Service,
    values: &BTreeMap<String, serde_json::Value>,
    errors: &mut Vec<FieldError>,
) -> BTreeMap<String, serde_json::Value> {
    let mut out = BTreeMap::new();
    for key in values.keys() {
        if !service.fields.iter().any(|f| &f.key == key) {
            errors.push(err(
                &format!("fields.{key}"),
                code::UNKNOWN,
                "this service has no such field",
            ));
        }
    }
    for spec in &service.fields {
        let name = format!("fields.{}", spec.key);
        match values.get(&spec.key).filter(|v| !is_blank(v)) {
            None if spec.required => {
                errors.push(err(&name, code::REQUIRED, "required for this service"))
            }
            None => {}
            Some(v) => match check_value(spec, v) {
                Ok(v) => {
                    out.insert(spec.key.clone(), v);
                }
                Err((c, m)) => {
                    let mut e = err(&name, c, m);
                    if let (FieldKind::Text { max_len }, serde_json::Value::String(s)) =
                        (&spec.kind, v)
                    {
                        if c == code::TOO_LONG {
                            e = e.with_counts(*max_len as usize, s.trim().chars().count());
                        }
                    }
                    errors.push(e);
                }
            },
        }
    }
    out
}

/// Checks one value against its field kind; returns the normalised value or (code, message).
pub fn check_value(
    spec: &FieldSpec,
    v: &serde_json::Value,
) -> Result<serde_json::Value, (&'static str, String)> {
    use serde_json::Value;
    match (&spec.kind, v) {
        (FieldKind::Text { max_len }, Value::String(s)) => {
            let s = s.trim();
            let n = s.chars().count();
            if n > *max_len as usize {
                Err((
                    code::TOO_LONG,
                    format!("at most {max_len} characters, you typed {n}"),
                ))
            } else {
                Ok(Value::String(s.to_string()))
            }
        }
        (FieldKind::Number { min, max }, _) => {
            let n = match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().replace(',', ".").parse::<f64>().ok(),
                _ => None,
            };
            match n {
                Some(n) if n.is_finite() && (*min..=*max).contains(&n) => {
                    Ok(serde_json::Number::from_f64(n)
                        .map(Value::Number)
                        .unwrap_or(Value::Null))
                }
                Some(n) if n.is_finite() => {
                    Err((code::OUT_OF_RANGE, format!("between {min} and {max}")))
                }
                _ => Err((code::INVALID, "not a number".to_string())),
            }
        }
        (FieldKind::Date, Value::String(s)) => parse_ymd(s.trim())
            .map(|d| Value::String(d.to_string()))
            .ok_or_else(|| (code::INVALID, "a date as YYYY-MM-DD".to_string())),
        (FieldKind::Choice { options }, Value::String(s)) => {
            if options.iter().any(|o| o.value == *s) {
                Ok(v.clone())
            } else {
                Err((code::UNKNOWN_CHOICE, "not one of the options".to_string()))
            }
        }
        (FieldKind::MultiChoice { options }, Value::Array(items)) => {
            let mut chosen = Vec::new();
            for item in items {
                match item {
                    Value::String(s) if options.iter().any(|o| o.value == *s) => {
                        if !chosen.contains(item) {
                            chosen.push(item.clone());
                        }
                    }
                    _ => return Err((code::UNKNOWN_CHOICE, "not one of the options".to_string())),
                }
            }
            Ok(Value::Array(chosen))
        }
        _ => Err((code::INVALID, "wrong kind of value".to_string())),
    }
}

/// Whether the lifecycle allows moving a ticket from `from` to `to` (staying put is allowed).
///
/// New tickets may also be closed at once (duplicates, spam); open ones move between the
/// working statuses or get resolved; resolved ones are closed, reopened or taken back into
/// work; closed ones can only be reopened. Nothing goes back to `new`.
/// `YYYY-MM-DD` as chrono's `NaiveDate::parse_from_str(s, "%Y-%m-%d")` reads it (leading white
/// space before each number, a signed year of any length or up to 4 plain digits, 1-2 digit month
/// and day, nothing after), without chrono's strftime machinery: that machinery is ~10 KB of the
/// SPA's wasm. `parse_ymd_matches_chrono` checks it against chrono.
pub fn parse_ymd(s: &str) -> Option<chrono::NaiveDate> {
    // chrono's scan::number: at least one and at most `max` ASCII digits.
    fn number(s: &str, max: usize) -> Option<(i64, &str)> {
        let digits = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let mut n = 0i64;
        for c in s[..digits].bytes() {
            n = n.checked_mul(10)?.checked_add(i64::from(c - b'0'))?;
        }
        Some((n, &s[digits..]))
    }
    let s = s.trim_start();
    let (year, rest) = if let Some(r) = s.strip_prefix('-') {
        let (v, r) = number(r, usize::MAX)?;
        (-v, r)
    } else if let Some(r) = s.strip_prefix('+') {
        number(r, usize::MAX)?
    } else {
        number(s, 4)?
    };
    let (month, rest) = number(rest.strip_prefix('-')?.trim_start(), 2)?;
    let (day, rest) = number(rest.strip_prefix('-')?.trim_start(), 2)?;
    if !rest.is_empty() {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )
}

/// Whether a ticket's lifecycle allows going from `from` to `to` (staying is always allowed).
pub fn transition_allowed(from: TicketStatus, to: TicketStatus) -> bool {
    use TicketStatus::*;
    if from == to {
        return true;
    }
    match from {
        New => matches!(to, InWork | Waiting | Planned | Resolved | Closed),
        InWork | Waiting | Planned | Reopened => {
            matches!(to, InWork | Waiting | Planned | Resolved)
        }
        Resolved => matches!(to, Closed | Reopened | InWork),
        Closed => to == Reopened,
    }
}

/// The statuses a ticket may move to from `from` in one step, in lifecycle order.
pub fn next_statuses(from: TicketStatus) -> Vec<TicketStatus> {
    TicketStatus::ALL
        .into_iter()
        .filter(|&to| to != from && transition_allowed(from, to))
        .collect()
}

/// What resolving asks for. A patch that moves a ticket to `resolved` needs a non-blank
/// `status_notes` in the same patch (the resolution note the customer is sent; code
/// `required`) and, when the ticket's service has resolution causes, a `resolution_cause`
/// that is one of them (code `required`, or `unknown_choice`). A `resolution_cause` goes only
/// with that move (code `invalid`); a service without causes takes none (`unknown_choice`).
pub fn check_resolution(
    p: &TicketPatch,
    current: &Ticket,
    cat: &Catalogue,
    errors: &mut Vec<FieldError>,
) {
    let resolving =
        p.status == Some(TicketStatus::Resolved) && current.status != TicketStatus::Resolved;
    let cause = p.resolution_cause.as_deref().map(str::trim);
    if !resolving {
        if cause.is_some() {
            errors.push(err(
                "resolution_cause",
                code::INVALID,
                "a resolution cause goes only with status resolved",
            ));
        }
        return;
    }
    if p.status_notes
        .as_deref()
        .is_none_or(|n| n.trim().is_empty())
    {
        errors.push(err(
            "status_notes",
            code::REQUIRED,
            "resolving needs a resolution note for the customer",
        ));
    }
    let causes = cat
        .services
        .iter()
        .find(|s| s.code == current.service_code)
        .map(|s| s.resolution_causes.as_slice())
        .unwrap_or_default();
    match cause.filter(|c| !c.is_empty()) {
        None if !causes.is_empty() => errors.push(err(
            "resolution_cause",
            code::REQUIRED,
            "choose why the ticket is resolved",
        )),
        None => {}
        Some(c) if !causes.iter().any(|x| x.code == c) => errors.push(err(
            "resolution_cause",
            code::UNKNOWN_CHOICE,
            "not a resolution cause of this ticket's service",
        )),
        Some(_) => {}
    }
}

/// Validates a ticket update against the current ticket and the catalogue.
///
/// Checks the status transition ([`transition_allowed`]); that status `planned` has a
/// planned completion date (sent now or already set) and that `planned_at` is sent only with
/// status `planned` (sent now or current); the line (1..=3); that the group is in the
/// catalogue; that a new topic is one of the service's topics (the current topic is always
/// accepted); text lengths; what resolving asks for ([`check_resolution`]); and the service's own fields. Links (`incident_id`, `spot_id`)
/// are checked by the server, which knows what exists.
pub fn validate_patch(
    p: &TicketPatch,
    current: &Ticket,
    cat: &Catalogue,
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Some(to) = p.status {
        if !transition_allowed(current.status, to) {
            let allowed: Vec<&str> = next_statuses(current.status)
                .into_iter()
                .map(TicketStatus::as_str)
                .collect();
            errors.push(invalid_transition(
                current.status.as_str(),
                to.as_str(),
                &allowed,
            ));
        }
        if to == TicketStatus::Planned && p.planned_at.or(current.planned_at).is_none() {
            errors.push(err(
                "planned_at",
                code::REQUIRED,
                "planned work needs a planned completion date",
            ));
        }
    }
    if p.planned_at.is_some() && p.status.unwrap_or(current.status) != TicketStatus::Planned {
        errors.push(err(
            "planned_at",
            code::INVALID,
            "a planned completion date goes only with status planned",
        ));
    }
    if let Some(line) = p.line {
        if !(1..=3).contains(&line) {
            errors.push(err("line", code::OUT_OF_RANGE, "support line is 1, 2 or 3"));
        }
    }
    if let Some(group) = &p.agency_responsible {
        if !cat.groups.iter().any(|g| &g.code == group) {
            errors.push(err("agency_responsible", code::UNKNOWN, "no such group"));
        }
    }
    if let Some(n) = &p.status_notes {
        check_len(&mut errors, "status_notes", n, MAX_STATUS_NOTES);
    }
    check_resolution(p, current, cat, &mut errors);
    // A standard field the service's form requires may not be emptied; one the patch does
    // not touch is never demanded (tickets registered before it became required stay as
    // they are).
    let form = cat
        .services
        .iter()
        .find(|s| s.code == current.service_code)
        .map(|s| s.form)
        .unwrap_or_default();
    if let Some(d) = &p.description {
        check_len(&mut errors, "description", d, MAX_DESCRIPTION);
        if form.description == FieldPresence::Required && d.trim().is_empty() {
            errors.push(err(
                "description",
                code::REQUIRED,
                "required for this service",
            ));
        }
    }
    if let Some(n) = &p.customer_name {
        check_len(&mut errors, "customer_name", n, MAX_SHORT_TEXT);
        if form.customer_name == FieldPresence::Required && n.trim().is_empty() {
            errors.push(err(
                "customer_name",
                code::REQUIRED,
                "required for this service",
            ));
        }
    }
    if let Some(topic) = &p.topic {
        let topic = topic.trim();
        if topic.is_empty() {
            errors.push(err("topic", code::REQUIRED, "choose a topic"));
        } else if topic != current.topic {
            // The current topic stays acceptable even if the catalogue dropped it since.
            let service = cat.services.iter().find(|s| s.code == current.service_code);
            if service
                .is_some_and(|s| !s.topics.is_empty() && !s.topics.iter().any(|o| o.value == topic))
            {
                errors.push(err(
                    "topic",
                    code::UNKNOWN_CHOICE,
                    "not a topic of this service",
                ));
            }
        }
        check_len(&mut errors, "topic", topic, MAX_SHORT_TEXT);
    }
    if let Some(fields) = &p.fields {
        match cat.services.iter().find(|s| s.code == current.service_code) {
            Some(service) => {
                validate_fields(service, fields, &mut errors);
            }
            None => errors.push(err(
                "fields",
                code::UNKNOWN,
                "the ticket's service is no longer in the catalogue",
            )),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
