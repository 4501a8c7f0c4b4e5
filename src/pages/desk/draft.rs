//! The ticket form's state and its conversion into a [`NewTicket`].

use leptos::prelude::*;
use serde_json::Value;
use spotdesk_api::{Channel, FieldError, FieldKind, NewTicket, Service, TicketKind};
use std::collections::{BTreeMap, BTreeSet};

/// One signal per input of the form.
#[derive(Debug, Clone, Copy)]
pub struct Draft {
    pub service: RwSignal<String>,
    pub kind: RwSignal<TicketKind>,
    pub channel: RwSignal<Channel>,
    pub phone: RwSignal<String>,
    pub name: RwSignal<String>,
    pub address: RwSignal<String>,
    /// `(lat, long)` of the picked address suggestion; cleared when the text is edited.
    pub coords: RwSignal<Option<(f64, f64)>>,
    pub topic: RwSignal<String>,
    pub description: RwSignal<String>,
    /// Text, number, date and choice values of service fields, as typed.
    pub values: RwSignal<BTreeMap<String, String>>,
    /// Multi-choice values of service fields.
    pub multi: RwSignal<BTreeMap<String, BTreeSet<String>>>,
}

impl Draft {
    /// An empty form (incident by phone: the commonest contact).
    pub fn new() -> Self {
        Self {
            service: RwSignal::new(String::new()),
            kind: RwSignal::new(TicketKind::Incident),
            channel: RwSignal::new(Channel::Phone),
            phone: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            address: RwSignal::new(String::new()),
            coords: RwSignal::new(None),
            topic: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            values: RwSignal::new(BTreeMap::new()),
            multi: RwSignal::new(BTreeMap::new()),
        }
    }

    /// Back to an empty form.
    pub fn reset(self) {
        self.service.set(String::new());
        self.kind.set(TicketKind::Incident);
        self.channel.set(Channel::Phone);
        self.phone.set(String::new());
        self.name.set(String::new());
        self.address.set(String::new());
        self.coords.set(None);
        self.topic.set(String::new());
        self.description.set(String::new());
        self.values.set(BTreeMap::new());
        self.multi.set(BTreeMap::new());
    }

    /// The request body for the current inputs; only the chosen service's fields are sent,
    /// blanks are left out (validation decides what is missing).
    pub fn to_new_ticket(self, service: Option<&Service>) -> NewTicket {
        let name = self.name.get_untracked();
        let coords = self.coords.get_untracked();
        let fields = service
            .map(|s| collect_fields(s, &self.values.get_untracked(), &self.multi.get_untracked()))
            .unwrap_or_default();
        NewTicket {
            service_code: self.service.get_untracked(),
            kind: Some(self.kind.get_untracked()),
            channel: Some(self.channel.get_untracked()),
            topic: self.topic.get_untracked(),
            description: self.description.get_untracked(),
            customer_phone: self.phone.get_untracked(),
            customer_name: (!name.trim().is_empty()).then_some(name),
            address_string: self.address.get_untracked(),
            lat: coords.map(|c| c.0),
            long: coords.map(|c| c.1),
            fields,
            ..Default::default()
        }
    }
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

/// Field names the form shows errors for (everything else goes into the summary).
pub fn is_shown_field(field: &str, service: Option<&Service>) -> bool {
    const FIXED: &[&str] = &[
        "service_code",
        "kind",
        "channel",
        "customer_phone",
        "customer_name",
        "address_string",
        "lat",
        "long",
        "topic",
        "description",
    ];
    FIXED.contains(&field)
        || field
            .strip_prefix("fields.")
            .is_some_and(|k| service.is_some_and(|s| s.fields.iter().any(|f| f.key == k)))
}
