//! Applying a validated [`TicketPatch`] to a ticket, and describing what changed.

use chrono::{DateTime, Utc};
use spotdesk_api::{Catalogue, Ticket, TicketPatch};
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
/// to an open status clears it; a new support line recomputes the SLA deadline from the
/// ticket's registration time.
pub fn apply_patch(
    current: &Ticket,
    patch: &TicketPatch,
    cat: &Catalogue,
    now: DateTime<Utc>,
) -> (Ticket, serde_json::Value) {
    let mut t = current.clone();
    if let Some(status) = patch.status {
        t.status = status;
        if status.is_open() {
            t.resolved_at = None;
        } else if t.resolved_at.is_none() {
            t.resolved_at = Some(now);
        }
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
    if let Some(line) = patch.line {
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
