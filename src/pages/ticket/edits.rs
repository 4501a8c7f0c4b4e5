//! The user's unsaved changes to a ticket, field by field, and the patch they make.
//!
//! A field the user has not touched is `None` and shows the latest saved value; a touched
//! field keeps the user's text until it is saved or explicitly discarded, so a conflict or a
//! failed save never loses typing.

use chrono::NaiveDate;
use leptos::prelude::*;
use spotdesk_api::{Ticket, TicketPatch, TicketStatus};

/// One signal per editable field.
#[derive(Debug, Clone, Copy)]
pub struct Edits {
    pub status_notes: RwSignal<Option<String>>,
    pub description: RwSignal<Option<String>>,
    pub customer_name: RwSignal<Option<String>>,
    pub line: RwSignal<Option<u8>>,
    pub group: RwSignal<Option<String>>,
    pub planned_at: RwSignal<Option<NaiveDate>>,
}

/// The plain values of [`Edits`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditValues {
    pub status_notes: Option<String>,
    pub description: Option<String>,
    pub customer_name: Option<String>,
    pub line: Option<u8>,
    pub group: Option<String>,
}

impl Edits {
    pub fn new() -> Self {
        Self {
            status_notes: RwSignal::new(None),
            description: RwSignal::new(None),
            customer_name: RwSignal::new(None),
            line: RwSignal::new(None),
            group: RwSignal::new(None),
            planned_at: RwSignal::new(None),
        }
    }

    /// Current values, tracked.
    pub fn values(self) -> EditValues {
        EditValues {
            status_notes: self.status_notes.get(),
            description: self.description.get(),
            customer_name: self.customer_name.get(),
            line: self.line.get(),
            group: self.group.get(),
        }
    }

    /// Forgets every edit.
    pub fn clear_all(self) {
        self.status_notes.set(None);
        self.description.set(None);
        self.customer_name.set(None);
        self.line.set(None);
        self.group.set(None);
        self.planned_at.set(None);
    }

    /// Forgets the edits of the fields a patch carried (saved, or discarded by the user).
    pub fn clear_sent(self, p: &TicketPatch) {
        if p.status_notes.is_some() {
            self.status_notes.set(None);
        }
        if p.description.is_some() {
            self.description.set(None);
        }
        if p.customer_name.is_some() {
            self.customer_name.set(None);
        }
        if p.line.is_some() {
            self.line.set(None);
        }
        if p.agency_responsible.is_some() {
            self.group.set(None);
        }
        if p.planned_at.is_some() {
            self.planned_at.set(None);
        }
    }
}

/// The patch for `edits` against `base`, plus an optional status change. Only fields whose
/// value differs from `base` are sent; a new group is sent with its line.
pub fn build_patch(
    base: &Ticket,
    e: &EditValues,
    status: Option<TicketStatus>,
    planned_at: Option<NaiveDate>,
) -> TicketPatch {
    let changed = |v: &Option<String>, cur: &str| v.clone().filter(|v| v.trim() != cur.trim());
    let group = e.group.clone().filter(|g| *g != base.agency_responsible);
    let line = e.line.filter(|l| *l != base.line || group.is_some());
    TicketPatch {
        status: status.filter(|s| *s != base.status),
        status_notes: changed(
            &e.status_notes,
            base.status_notes.as_deref().unwrap_or_default(),
        ),
        description: changed(&e.description, &base.description),
        customer_name: changed(
            &e.customer_name,
            base.customer_name.as_deref().unwrap_or_default(),
        ),
        line,
        agency_responsible: group,
        planned_at,
        ..Default::default()
    }
}

/// Whether a patch changes anything.
pub fn is_empty(p: &TicketPatch) -> bool {
    *p == TicketPatch::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn ticket() -> Ticket {
        serde_json::from_value(serde_json::json!({
            "id": 7, "service_code": "billing", "kind": "incident", "channel": "phone",
            "topic": "t", "description": "old", "customer_phone": "+79120000000",
            "customer_name": null, "address_string": "a", "lat": 55.0, "long": 37.0,
            "segment": null, "lifetime_value": null, "line": 1,
            "agency_responsible": "line1-contact-centre", "status": "new", "status_notes": null,
            "expected_datetime": "2030-01-01T00:00:00Z", "planned_at": null, "fields": {},
            "incident_id": null, "spot_id": null, "created_by": null,
            "created_at": "2030-01-01T00:00:00Z", "updated_at": "2030-01-01T00:00:00Z",
            "resolved_at": null, "version": 3, "rating": null
        }))
        .expect("a ticket")
    }

    #[test]
    fn only_changed_fields_are_sent() {
        let base = ticket();
        let e = EditValues {
            description: Some("old".into()),
            status_notes: Some("called back".into()),
            ..Default::default()
        };
        let p = build_patch(&base, &e, Some(TicketStatus::InWork), None);
        assert_eq!(p.description, None);
        assert_eq!(p.status_notes.as_deref(), Some("called back"));
        assert_eq!(p.status, Some(TicketStatus::InWork));
        assert!(is_empty(&build_patch(
            &base,
            &EditValues::default(),
            Some(TicketStatus::New),
            None
        )));
    }

    #[test]
    fn a_new_group_travels_with_its_line() {
        let base = ticket();
        let e = EditValues {
            group: Some("line2-network".into()),
            line: Some(2),
            ..Default::default()
        };
        let p = build_patch(&base, &e, None, None);
        assert_eq!(
            (p.agency_responsible.as_deref(), p.line),
            (Some("line2-network"), Some(2))
        );
    }
}
