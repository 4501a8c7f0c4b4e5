//! Applying a validated [`TicketPatch`] to a ticket, and describing what changed.

use chrono::{DateTime, Utc};
use spotdesk_api::{Actor, Catalogue, FieldChange, Ticket, TicketPatch};
use std::collections::BTreeMap;

/// Fields that change on every update and are not worth recording in the history.
const UNRECORDED: [&str; 2] = ["updated_at", "version"];

/// Trims an optional text; blank means "clear".
fn text_or_clear(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The ticket after `patch` (already validated against `current`), with `updated_at` = `now`
/// and the version bumped, plus the changes as `{"field": {"from": .., "to": ..}}` (empty
/// object when nothing changed; the caller then keeps the current version).
///
/// Side effects of the lifecycle: resolving or closing sets `resolved_at` (once); going back
/// to an open status clears it and the resolution cause; a new support line recomputes the SLA deadline from the
/// ticket's registration time.
///
/// Reassignment: `agency_responsible` without `line` moves the ticket to that group's line
/// (from the catalogue); `line` without `agency_responsible` keeps the group; both together
/// are taken as sent.
///
/// `assignee` is the patch's `assignee_id` already checked (`assignment::settle`): `Some`
/// sets the person (`Some(None)`: nobody), recorded in the history as field `assignee`
/// with both names.
pub fn apply_patch(
    current: &Ticket,
    patch: &TicketPatch,
    cat: &Catalogue,
    assignee: Option<Option<Actor>>,
    now: DateTime<Utc>,
) -> (Ticket, serde_json::Value) {
    let mut t = current.clone();
    if let Some(a) = assignee {
        t.assignee = a;
    }
    if let Some(status) = patch.status {
        t.status = status;
        if status.is_open() {
            t.resolved_at = None;
            t.resolution_cause = None;
        } else if t.resolved_at.is_none() {
            t.resolved_at = Some(now);
        }
    }
    if let Some(cause) = &patch.resolution_cause {
        t.resolution_cause = text_or_clear(cause);
    }
    if let Some(notes) = &patch.status_notes {
        t.status_notes = text_or_clear(notes);
    }
    if let Some(d) = &patch.description {
        t.description = d.trim().to_owned();
    }
    if let Some(n) = &patch.customer_name {
        t.customer_name = text_or_clear(n);
    }
    if let Some(g) = &patch.agency_responsible {
        t.agency_responsible = g.trim().to_owned();
    }
    if let Some(d) = patch.planned_at {
        t.planned_at = Some(d);
    }
    if let Some(topic) = &patch.topic {
        t.topic = topic.trim().to_owned();
    }
    if let Some(fields) = &patch.fields {
        t.fields = match cat.services.iter().find(|s| s.code == t.service_code) {
            Some(service) => {
                spotdesk_core::validate::validate_fields(service, fields, &mut Vec::new())
            }
            None => fields.clone(),
        };
    }
    if let Some(incident) = patch.incident_id {
        t.incident_id = Some(incident);
    }
    if let Some(spot) = patch.spot_id {
        t.spot_id = Some(spot);
    }
    if let Some(line) = patch.line.or_else(|| group_line(cat, patch)) {
        if line != t.line {
            t.line = line;
            if let Some(sla) =
                spotdesk_core::sla::compute(cat, &t.service_code, t.kind, line, t.created_at)
            {
                t.expected_datetime = sla.deadline;
            }
        }
    }
    let changes = diff(current, &t);
    if !changes.is_empty() {
        t.updated_at = now;
        t.version = current.version + 1;
    }
    (t, serde_json::Value::Object(changes.into_iter().collect()))
}

/// The catalogue line of the group a patch assigns, when it assigns one.
fn group_line(cat: &Catalogue, patch: &TicketPatch) -> Option<u8> {
    let code = patch.agency_responsible.as_deref()?.trim();
    cat.groups.iter().find(|g| g.code == code).map(|g| g.line)
}

/// Fields listed (from `null`) in the creation entry of a ticket's history.
const CREATION_FIELDS: [&str; 10] = [
    "service_code",
    "kind",
    "channel",
    "topic",
    "status",
    "line",
    "agency_responsible",
    "expected_datetime",
    "incident_id",
    "spot_id",
];

/// The history changes of a ticket's registration: its initial routing and lifecycle fields,
/// each `{"from": null, "to": ..}` (absent links are left out).
pub fn creation_changes(t: &Ticket) -> serde_json::Value {
    match serde_json::to_value(t) {
        Ok(serde_json::Value::Object(all)) => creation_changes_of(all),
        _ => serde_json::Value::Object(serde_json::Map::new()),
    }
}

/// [`creation_changes`] of a ticket's JSON form.
fn creation_changes_of(all: serde_json::Map<String, serde_json::Value>) -> serde_json::Value {
    all.into_iter()
        .filter(|(k, v)| CREATION_FIELDS.contains(&k.as_str()) && !v.is_null())
        .map(|(k, to)| (k, serde_json::json!({ "from": null, "to": to })))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// The creation changes of a ticket registered before creation entries were recorded:
/// its initial state is rebuilt from the current one by undoing the recorded changes
/// (`later`, oldest first), newest first.
pub fn reconstructed_creation(current: &Ticket, later: &[serde_json::Value]) -> serde_json::Value {
    let Ok(serde_json::Value::Object(mut state)) = serde_json::to_value(current) else {
        return serde_json::Value::Object(serde_json::Map::new());
    };
    for changes in later.iter().rev() {
        for (field, c) in changes.as_object().into_iter().flatten() {
            state.insert(field.clone(), c.get("from").cloned().unwrap_or_default());
        }
    }
    creation_changes_of(state)
}

/// A stored changes object (`{"field": {"from": .., "to": ..}}`) as a list, by field name.
pub fn change_list(changes: &serde_json::Value) -> Vec<FieldChange> {
    changes
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(field, c)| FieldChange {
                    field: field.clone(),
                    from: c.get("from").cloned().unwrap_or_default(),
                    to: c.get("to").cloned().unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Field-by-field differences between two tickets, by their JSON form.
fn diff(before: &Ticket, after: &Ticket) -> BTreeMap<String, serde_json::Value> {
    let (Ok(serde_json::Value::Object(b)), Ok(serde_json::Value::Object(a))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return BTreeMap::new();
    };
    a.into_iter()
        .filter(|(k, _)| !UNRECORDED.contains(&k.as_str()))
        .filter_map(|(k, to)| {
            let from = b.get(&k).cloned().unwrap_or(serde_json::Value::Null);
            (from != to).then(|| (k, serde_json::json!({ "from": from, "to": to })))
        })
        .collect()
}
