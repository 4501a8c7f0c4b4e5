//! Changes an incident makes to its tickets: bulk linking, resolving the linked tickets
//! (with the customer notifications) and reopening a ticket whose customer says the fix did
//! not help. Each runs inside the caller's write transaction and records ticket history and
//! change events.

use crate::db::Tx;
use crate::store::events::{self, Changed};
use crate::store::outbox::{queue_fix_done, FixSource};
use crate::store::{incidents, tickets};
use chrono::{DateTime, Utc};
use serde_json::json;
use spotdesk_api::{
    AffectedSource, ChangeAction, Incident, IncidentId, Ticket, TicketId, TicketStatus, UserId,
};

/// What resolving the linked tickets did.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Tickets moved to `resolved`.
    pub tickets: Vec<TicketId>,
    /// Customers a `fix_done` message was queued for.
    pub notified: usize,
    /// Their contacts (customer phones), so subscribers are not told a second time.
    pub recipients: Vec<String>,
    /// The last change event written.
    pub last_seq: Option<i64>,
}

/// Writes a changed ticket with its history entry and change event; returns the event's seq.
async fn save_ticket(
    tx: &mut Tx,
    before: &Ticket,
    after: &Ticket,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let mut changes = serde_json::Map::new();
    if before.status != after.status {
        changes.insert(
            "status".into(),
            json!({"from": before.status.as_str(), "to": after.status.as_str()}),
        );
    }
    if before.status_notes != after.status_notes {
        changes.insert(
            "status_notes".into(),
            json!({"from": before.status_notes, "to": after.status_notes}),
        );
    }
    if before.resolution_cause != after.resolution_cause {
        changes.insert(
            "resolution_cause".into(),
            json!({"from": before.resolution_cause, "to": after.resolution_cause}),
        );
    }
    if before.incident_id != after.incident_id {
        changes.insert(
            "incident_id".into(),
            json!({"from": before.incident_id, "to": after.incident_id}),
        );
    }
    tickets::update(tx, after).await?;
    tickets::record_history(
        tx,
        after.id,
        Some(user),
        now,
        after.version,
        &serde_json::Value::Object(changes),
    )
    .await?;
    events::record(tx, Changed::Ticket(after.id), ChangeAction::Updated, now).await
}

/// Resolves every open ticket linked to `incident` with `note` and queues one `fix_done`
/// message per affected customer.
pub async fn resolve_linked(
    tx: &mut Tx,
    incident: &Incident,
    note: Option<&str>,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Resolved, sqlx::Error> {
    let default_note = format!("Resolved with mass incident #{}", incident.id.0);
    let note = note.unwrap_or(&default_note).to_owned();
    let mut out = Resolved::default();
    for id in incidents::linked_ticket_ids(&mut **tx, incident.id).await? {
        let Some(before) = tickets::get(&mut **tx, id).await? else {
            continue;
        };
        if !before.status.is_open() {
            continue;
        }
        let mut after = before.clone();
        after.status = TicketStatus::Resolved;
        after.status_notes = Some(note.clone());
        after.resolved_at = Some(now);
        after.updated_at = now;
        after.version = before.version + 1;
        out.last_seq = Some(save_ticket(tx, &before, &after, user, now).await?);
        out.tickets.push(id);
    }
    let public = incident.public_note.as_ref().map(|n| n.en.as_str());
    out.recipients = queue_fix_done(
        tx,
        FixSource::Incident(incident.id),
        &out.tickets,
        public.or(Some(note.as_str())),
        now,
    )
    .await?;
    out.notified = out.recipients.len();
    Ok(out)
}

/// Links `ticket` to `incident` (moving it from another incident if needed); returns the
/// last event seq, or `None` when it was linked already.
pub async fn link_ticket(
    tx: &mut Tx,
    incident: IncidentId,
    before: &Ticket,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    if before.incident_id == Some(incident) {
        tickets::link_incident(tx, incident, before.id, now).await?;
        return Ok(None);
    }
    let mut seq = None;
    if let Some(old) = before.incident_id {
        tickets::unlink_incident(tx, old, before.id).await?;
        seq = Some(events::record(tx, Changed::Incident(old), ChangeAction::Updated, now).await?);
    }
    let mut after = before.clone();
    after.incident_id = Some(incident);
    after.updated_at = now;
    after.version = before.version + 1;
    tickets::link_incident(tx, incident, before.id, now).await?;
    let s = save_ticket(tx, before, &after, user, now).await?;
    Ok(Some(seq.map_or(s, |x: i64| x.max(s))))
}

/// Reopens a resolved or closed ticket whose customer says it still does not work.
pub async fn reopen_ticket(
    tx: &mut Tx,
    before: &Ticket,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<(Ticket, Option<i64>), sqlx::Error> {
    if before.status.is_open() {
        return Ok((before.clone(), None));
    }
    let mut after = before.clone();
    after.status = TicketStatus::Reopened;
    after.status_notes = Some("Customer reports it still does not work".to_owned());
    after.resolved_at = None;
    after.resolution_cause = None;
    after.updated_at = now;
    after.version = before.version + 1;
    let seq = save_ticket(tx, before, &after, user, now).await?;
    Ok((after, Some(seq)))
}

/// Re-counts the distinct customers of an incident's linked tickets and its impact.
pub async fn recount(tx: &mut Tx, incident: &mut Incident) -> Result<(), sqlx::Error> {
    incident.affected_linked = incidents::linked_customers(&mut **tx, incident.id).await?;
    incident.affected_customers =
        spotdesk_core::impact::affected(incident.affected_linked, incident.affected_estimated);
    Ok(())
}

/// Customers estimated inside an area, and where the figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// Customers inside the area.
    pub customers: i64,
    /// The customer register or the density model.
    pub source: AffectedSource,
}

/// Customers inside `area`: the sum of the operator's customer register
/// (`store::customers`, every counted technology and service) at the places inside the area
/// when it has any there; otherwise the density model over the coverage cells (see
/// [`spotdesk_core::impact`]). Reads the tables on every call, so an import is used as soon as
/// it commits.
pub async fn coverage_estimate(
    ex: &mut sqlx::AnyConnection,
    area: &spotdesk_api::Polygon,
) -> Result<Estimate, sqlx::Error> {
    let none = Estimate {
        customers: 0,
        source: AffectedSource::DensityModel,
    };
    let Some((min_long, min_lat, max_long, max_lat)) = spotdesk_core::impact::bounds(area) else {
        return Ok(none);
    };
    if area.ring.len() < 3 {
        return Ok(none);
    }
    let points =
        crate::store::customers::in_box(&mut *ex, min_lat, max_lat, min_long, max_long).await?;
    let counted: Option<i64> = points
        .iter()
        .filter(|p| spotdesk_core::geo::point_in_polygon(p.lat, p.long, area))
        .map(|p| p.customers)
        .reduce(i64::saturating_add);
    if let Some(customers) = counted {
        return Ok(Estimate {
            customers,
            source: AffectedSource::CustomerRegister,
        });
    }
    let cells =
        crate::store::coverage::cells_in_box(&mut *ex, min_lat, max_lat, min_long, max_long)
            .await?;
    Ok(Estimate {
        customers: spotdesk_core::impact::estimate_from_coverage(area, &cells),
        source: AffectedSource::DensityModel,
    })
}
