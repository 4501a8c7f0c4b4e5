//! The ticket form's state, its saved form ([`DraftData`]) and its conversion into a
//! [`NewTicket`].

use crate::api::client::new_idempotency_key;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use spotdesk_api::{
    field_codes, Channel, FieldError, FieldKind, FieldPresence, IncidentId, NewTicket, Segment,
    Service, SpotId, TicketKind,
};
use std::collections::{BTreeMap, BTreeSet};

/// Everything the agent entered, as saved in localStorage (and in the outbox).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftData {
    /// Idempotency key of this draft's registration, made once and reused on every retry.
    pub key: String,
    /// Idempotency key of posting this call as a repeat contact on another ticket.
    pub repeat_key: String,
    pub service: String,
    pub kind: TicketKind,
    pub channel: Channel,
    /// Requested support line (routing rules may override it).
    pub line: u8,
    pub phone: String,
    pub name: String,
    pub address: String,
    pub coords: Option<(f64, f64)>,
    pub topic: String,
    pub description: String,
    pub segment: Option<Segment>,
    /// Customer lifetime value as typed.
    pub value: String,
    pub values: BTreeMap<String, String>,
    pub multi: BTreeMap<String, BTreeSet<String>>,
    pub incident: Option<i64>,
    pub spot: Option<i64>,
    /// When the first thing was typed into this draft: the form shows "draft from HH:MM", so
    /// an agent sees a draft left from an earlier call before taking the next one.
    pub started_at: Option<DateTime<Utc>>,
}

impl Default for DraftData {
    fn default() -> Self {
        Self {
            key: String::new(),
            repeat_key: String::new(),
            service: String::new(),
            kind: TicketKind::Incident,
            channel: Channel::Phone,
            line: 1,
            phone: String::new(),
            name: String::new(),
            address: String::new(),
            coords: None,
            topic: String::new(),
            description: String::new(),
            segment: None,
            value: String::new(),
            values: BTreeMap::new(),
            multi: BTreeMap::new(),
            incident: None,
            spot: None,
            started_at: None,
        }
    }
}

impl DraftData {
    /// An empty draft with fresh idempotency keys (incident by phone: the commonest contact).
    pub fn fresh() -> Self {
        Self {
            key: new_idempotency_key(),
            repeat_key: new_idempotency_key(),
            ..Self::default()
        }
    }

    /// Whether nothing was entered yet (keys, defaults and the start time do not count).
    pub fn is_pristine(&self) -> bool {
        let empty = Self {
            key: self.key.clone(),
            repeat_key: self.repeat_key.clone(),
            started_at: self.started_at,
            ..Self::default()
        };
        *self == empty
    }
}

/// One signal per input of the form.
#[derive(Debug, Clone, Copy)]
pub struct Draft {
    pub key: RwSignal<String>,
    pub repeat_key: RwSignal<String>,
    pub service: RwSignal<String>,
    pub kind: RwSignal<TicketKind>,
    pub channel: RwSignal<Channel>,
    pub line: RwSignal<u8>,
    pub phone: RwSignal<String>,
    pub name: RwSignal<String>,
    pub address: RwSignal<String>,
    /// `(lat, long)` of the picked address suggestion; cleared when the text is edited.
    pub coords: RwSignal<Option<(f64, f64)>>,
    pub topic: RwSignal<String>,
    pub description: RwSignal<String>,
    pub segment: RwSignal<Option<Segment>>,
    pub value: RwSignal<String>,
    /// Text, number, date and choice values of service fields, as typed.
    pub values: RwSignal<BTreeMap<String, String>>,
    /// Multi-choice values of service fields.
    pub multi: RwSignal<BTreeMap<String, BTreeSet<String>>>,
    /// Mass incident / spot this call is linked to.
    pub incident: RwSignal<Option<i64>>,
    pub spot: RwSignal<Option<i64>>,
    /// When the first thing was typed (see [`DraftData::started_at`]).
    pub started_at: RwSignal<Option<DateTime<Utc>>>,
}

impl Draft {
    /// A form holding `d`.
    pub fn from_data(d: DraftData) -> Self {
        Self {
            key: RwSignal::new(d.key),
            repeat_key: RwSignal::new(d.repeat_key),
            service: RwSignal::new(d.service),
            kind: RwSignal::new(d.kind),
            channel: RwSignal::new(d.channel),
            line: RwSignal::new(d.line),
            phone: RwSignal::new(d.phone),
            name: RwSignal::new(d.name),
            address: RwSignal::new(d.address),
            coords: RwSignal::new(d.coords),
            topic: RwSignal::new(d.topic),
            description: RwSignal::new(d.description),
            segment: RwSignal::new(d.segment),
            value: RwSignal::new(d.value),
            values: RwSignal::new(d.values),
            multi: RwSignal::new(d.multi),
            incident: RwSignal::new(d.incident),
            spot: RwSignal::new(d.spot),
            started_at: RwSignal::new(d.started_at),
        }
    }

    /// Replaces every input with `d`.
    pub fn restore(self, d: DraftData) {
        self.key.set(d.key);
        self.repeat_key.set(d.repeat_key);
        self.service.set(d.service);
        self.kind.set(d.kind);
        self.channel.set(d.channel);
        self.line.set(d.line);
        self.phone.set(d.phone);
        self.name.set(d.name);
        self.address.set(d.address);
        self.coords.set(d.coords);
        self.topic.set(d.topic);
        self.description.set(d.description);
        self.segment.set(d.segment);
        self.value.set(d.value);
        self.values.set(d.values);
        self.multi.set(d.multi);
        self.incident.set(d.incident);
        self.spot.set(d.spot);
        self.started_at.set(d.started_at);
    }

    /// Back to an empty form with new keys.
    pub fn reset(self) {
        self.restore(DraftData::fresh());
    }

    /// The inputs as saved data; tracked, so an effect re-saves on every change.
    pub fn snapshot(self) -> DraftData {
        DraftData {
            key: self.key.get(),
            repeat_key: self.repeat_key.get(),
            service: self.service.get(),
            kind: self.kind.get(),
            channel: self.channel.get(),
            line: self.line.get(),
            phone: self.phone.get(),
            name: self.name.get(),
            address: self.address.get(),
            coords: self.coords.get(),
            topic: self.topic.get(),
            description: self.description.get(),
            segment: self.segment.get(),
            value: self.value.get(),
            values: self.values.get(),
            multi: self.multi.get(),
            incident: self.incident.get(),
            spot: self.spot.get(),
            started_at: self.started_at.get(),
        }
    }

    /// The request body for the current inputs; only the chosen service's fields are sent,
    /// blanks are left out (validation decides what is missing). An unreadable customer value
    /// is reported separately by [`value_error`].
    pub fn to_new_ticket(self, service: Option<&Service>) -> NewTicket {
        let d = untrack(|| self.snapshot());
        to_new_ticket(&d, service)
    }
}

/// The request body for a saved draft.
pub fn to_new_ticket(d: &DraftData, service: Option<&Service>) -> NewTicket {
    let fields = service
        .map(|s| collect_fields(s, &d.values, &d.multi))
        .unwrap_or_default();
    NewTicket {
        service_code: d.service.clone(),
        kind: Some(d.kind),
        channel: Some(d.channel),
        topic: d.topic.clone(),
        description: d.description.clone(),
        customer_phone: d.phone.clone(),
        customer_name: (!d.name.trim().is_empty()).then(|| d.name.clone()),
        address_string: d.address.clone(),
        lat: d.coords.map(|c| c.0),
        long: d.coords.map(|c| c.1),
        segment: d.segment,
        lifetime_value: parse_value(&d.value).ok().flatten(),
        line: Some(d.line),
        fields,
        incident_id: d.incident.map(IncidentId),
        spot_id: d.spot.map(SpotId),
    }
}

/// The customer value as typed: blank = unknown; spaces and a decimal comma are accepted.
pub fn parse_value(text: &str) -> Result<Option<f64>, ()> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or(())
}

/// A `lifetime_value` error when the typed value is not a number.
pub fn value_error(text: &str) -> Option<FieldError> {
    parse_value(text)
        .is_err()
        .then(|| FieldError::new("lifetime_value", field_codes::INVALID, "not a number"))
}

/// Service field values as JSON: texts as strings (numbers too — validation parses them),
/// multi-choices as arrays; empty inputs omitted.
pub fn collect_fields(
    s: &Service,
    values: &BTreeMap<String, String>,
    multi: &BTreeMap<String, BTreeSet<String>>,
) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for f in &s.fields {
        let v = match &f.kind {
            FieldKind::MultiChoice { .. } => multi
                .get(&f.key)
                .filter(|set| !set.is_empty())
                .map(|set| Value::Array(set.iter().cloned().map(Value::String).collect())),
            _ => values
                .get(&f.key)
                .filter(|v| !v.trim().is_empty())
                .map(|v| Value::String(v.clone())),
        };
        if let Some(v) = v {
            out.insert(f.key.clone(), v);
        }
    }
    out
}

/// The request fields whose errors show beside an input.
pub const ADDRESS_FIELDS: &[&str] = &["address_string", "lat", "long"];

/// The first error code among `errors` for any of `fields`.
pub fn error_for(errors: &[FieldError], fields: &[&str]) -> Option<String> {
    errors
        .iter()
        .find(|e| fields.contains(&e.field.as_str()))
        .map(|e| e.code.clone())
}

/// Field names the form shows errors for (everything else goes into the summary): not the
/// standard fields the service's form hides, nor the topic of a service without topics.
pub fn is_shown_field(field: &str, service: Option<&Service>) -> bool {
    const FIXED: &[&str] = &[
        "service_code",
        "kind",
        "channel",
        "line",
        "customer_phone",
        "customer_name",
        "address_string",
        "lat",
        "long",
        "topic",
        "description",
        "segment",
        "lifetime_value",
    ];
    let hidden = |f: fn(&spotdesk_api::StandardFields) -> FieldPresence| {
        service.is_some_and(|s| f(&s.form) == FieldPresence::Hidden)
    };
    let off_form = match field {
        "customer_name" => hidden(|f| f.customer_name),
        "description" => hidden(|f| f.description),
        "segment" => hidden(|f| f.segment),
        "lifetime_value" => hidden(|f| f.lifetime_value),
        "topic" => service.is_some_and(|s| s.topics.is_empty()),
        _ => false,
    };
    (FIXED.contains(&field) && !off_form)
        || field
            .strip_prefix("fields.")
            .is_some_and(|k| service.is_some_and(|s| s.fields.iter().any(|f| f.key == k)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_value_accepts_spaces_and_decimal_comma() {
        assert_eq!(parse_value(""), Ok(None));
        assert_eq!(parse_value(" 12 500,50 "), Ok(Some(12500.5)));
        assert_eq!(parse_value("abc"), Err(()));
        assert!(value_error("1e999").is_some());
    }

    #[test]
    fn a_draft_round_trips_through_json_and_knows_when_it_is_empty() {
        let mut d = DraftData {
            key: "k".into(),
            ..DraftData::default()
        };
        assert!(d.is_pristine());
        d.coords = Some((55.7, 37.6));
        d.values.insert("contract_no".into(), "D-1".into());
        assert!(!d.is_pristine());
        let back: DraftData =
            serde_json::from_str(&serde_json::to_string(&d).expect("serialises")).expect("parses");
        assert_eq!(back, d);
        // Older saved drafts without the newer fields still load.
        let old: DraftData = serde_json::from_str(r#"{"phone":"1"}"#).expect("parses");
        assert_eq!((old.phone.as_str(), old.line), ("1", 1));
    }
}
