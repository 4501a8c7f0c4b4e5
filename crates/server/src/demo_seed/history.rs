//! Writes the demo's past (see `spotdesk_demo::history`): the incidents and spots already
//! fixed, the tickets with their later changes (a transfer to another line, a link made when
//! the incident or spot was registered) and the customers' ratings.

use crate::auth::hash_token;
use crate::db::{self, Tx};
use crate::incident_ops;
use crate::store::outbox::FixSource;
use crate::store::{incidents, spots, tickets};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use spotdesk_api::{
    AffectedSource, Channel, Incident, IncidentId, IncidentStatus, Spot, SpotId, SpotStatus,
    Ticket, TicketId, TicketKind, TicketStatus, UserId,
};
use spotdesk_demo::history::{self, DemoIncident, DemoSpot};
use spotdesk_demo::{DemoData, DemoEvent, DemoTicket};
use std::collections::HashMap;

/// Who did what in the demo's past.
pub struct Staff {
    /// Registers tickets and transfers them.
    pub agent: Option<UserId>,
    /// Registers and resolves incidents, links tickets to them.
    pub coordinator: UserId,
    /// Registers and resolves spots, links tickets to them.
    pub engineer: UserId,
}

/// A registered event: the incident or spot and when it was registered.
#[derive(Clone, Copy)]
struct Registered {
    link: Link,
    at: DateTime<Utc>,
}

/// What a demo event was registered as.
#[derive(Clone, Copy)]
enum Link {
    Incident(IncidentId),
    Spot(SpotId),
}

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    /// Tickets.
    pub tickets: usize,
    /// Past mass incidents.
    pub incidents: usize,
    /// Past spots.
    pub spots: usize,
    /// Customer ratings.
    pub ratings: usize,
}

/// Inserts tickets, incidents, spots and ratings in `tx`.
pub async fn insert(
    tx: &mut Tx,
    data: &DemoData,
    staff: &Staff,
    now: DateTime<Utc>,
) -> Result<Written, sqlx::Error> {
    let mut registered: HashMap<DemoEvent, Registered> = HashMap::new();
    let demo_incidents = history::incidents(&data.catalogue, &data.tickets, &data.bursts, now);
    let mut incident_rows = Vec::new();
    for d in &demo_incidents {
        let incident = insert_incident(tx, data, d, staff.coordinator).await?;
        registered.insert(
            DemoEvent::Burst(d.burst),
            Registered {
                link: Link::Incident(incident.id),
                at: d.registered_at,
            },
        );
        incident_rows.push(incident);
    }
    let demo_spots = history::spots(&data.tickets, &data.hotspots, now);
    for s in &demo_spots {
        let id = insert_spot(tx, data, s, staff.engineer).await?;
        registered.insert(
            DemoEvent::Hotspot(s.hotspot),
            Registered {
                link: Link::Spot(id),
                at: s.registered_at,
            },
        );
    }

    let mut ids = Vec::with_capacity(data.tickets.len());
    for d in &data.tickets {
        let link = d.event.and_then(|e| registered.get(&e).copied());
        ids.push(insert_ticket(tx, data, d, link, staff, now).await?);
    }

    // Linked counts and the coverage estimate, now that the tickets are in.
    for incident in &mut incident_rows {
        let estimate = incident_ops::coverage_estimate(tx, &incident.area).await?;
        incident.affected_estimated = estimate.customers;
        incident.affected_source = estimate.source;
        incident_ops::recount(tx, incident).await?;
        incidents::update(tx, incident).await?;
    }

    for r in &data.ratings {
        let Some(&ticket) = ids.get(r.ticket) else {
            continue;
        };
        let fixed = match r.event.and_then(|e| registered.get(&e)) {
            Some(Registered {
                link: Link::Incident(id),
                ..
            }) => FixSource::Incident(*id),
            Some(Registered {
                link: Link::Spot(id),
                ..
            }) => FixSource::Spot(*id),
            None => FixSource::Ticket(ticket),
        };
        let (source, source_id) = fixed.parts();
        // Nobody holds these tokens: the hash only keeps each rating unique.
        let token = format!("demo-rating-{}-{}", r.ticket, r.at.timestamp());
        sqlx::query(
            "INSERT INTO fix_ratings (token_hash, source, source_id, score, comment, rated_at) \
             VALUES ($1, $2, $3, $4, NULL, $5) ON CONFLICT (token_hash) DO NOTHING",
        )
        .bind(hash_token(&token))
        .bind(source)
        .bind(source_id)
        .bind(i64::from(r.score))
        .bind(db::ts(r.at))
        .execute(&mut **tx)
        .await?;
    }
    Ok(Written {
        tickets: ids.len(),
        incidents: demo_incidents.len(),
        spots: demo_spots.len(),
        ratings: data.ratings.len(),
    })
}

async fn insert_incident(
    tx: &mut Tx,
    data: &DemoData,
    d: &DemoIncident,
    coordinator: UserId,
) -> Result<Incident, sqlx::Error> {
    let b = &data.bursts[d.burst];
    let (status, since) = match d.confirmed_at {
        Some(at) => (IncidentStatus::Confirmed, at),
        None => (IncidentStatus::Resolved, d.resolved_at),
    };
    let mut incident = Incident {
        id: IncidentId(0),
        title: d.title.clone(),
        status,
        area: spotdesk_core::geo::circle_polygon(b.center_lat, b.center_long, b.radius_m, 24),
        service_codes: vec![b.service_code.clone()],
        topic: Some(b.topic.clone()),
        affected_customers: 0,
        affected_linked: 0,
        affected_estimated: 0,
        affected_source: AffectedSource::DensityModel,
        owner_group: Some(d.owner_group.clone()),
        cause: Some(d.cause.clone()),
        public_note: Some(d.public_note.clone()),
        expected_resolution: Some(d.expected_resolution),
        informed_units: Vec::new(),
        spot_id: None,
        linked_tickets: 0,
        registered_at: d.registered_at,
        updated_at: since,
        resolved_at: Some(d.resolved_at),
        // registered, in work, resolved (and confirmed)
        version: if d.confirmed_at.is_some() { 4 } else { 3 },
        status_since: Some(since),
        notified_customers: 0,
        still_broken_reports: 0,
        proposal_key: None,
        escalations: Vec::new(),
        assignee: None,
    };
    incident.id = incidents::insert(tx, &incident, coordinator).await?;
    Ok(incident)
}

async fn insert_spot(
    tx: &mut Tx,
    data: &DemoData,
    s: &DemoSpot,
    engineer: UserId,
) -> Result<SpotId, sqlx::Error> {
    let h = &data.hotspots[s.hotspot];
    let spot = Spot {
        id: SpotId(0),
        // Live candidates have cell keys; this one can never collide with them.
        key: format!("demo-hotspot-{}", s.hotspot),
        status: SpotStatus::Resolved,
        outline: spotdesk_core::geo::circle_polygon(h.center_lat, h.center_long, h.radius_m, 24),
        center_lat: h.center_lat,
        center_long: h.center_long,
        topic: Some(h.topic.clone()),
        technology: None,
        complaints: 0,
        priority: (h.tickets as f64 / 4.0 * 10.0).round() / 10.0,
        group: spotdesk_core::spot_flow::group_for_topic(Some(&h.topic), &data.catalogue.groups),
        cause: Some(s.cause.clone()),
        public_note: Some(s.public_note.clone()),
        expected_fix: Some(s.resolved_at.date_naive()),
        registered_at: s.registered_at,
        updated_at: s.resolved_at,
        resolved_at: Some(s.resolved_at),
        // registered, in work, resolved
        version: 3,
        assignee: None,
    };
    spots::insert(tx, &spot, engineer).await
}

/// Inserts a ticket as it was registered (`new`, first line group), then replays its later
/// changes as history entries: status changes, a transfer, a link to an incident or spot
/// registered after it.
async fn insert_ticket(
    tx: &mut Tx,
    data: &DemoData,
    d: &DemoTicket,
    link: Option<Registered>,
    staff: &Staff,
    now: DateTime<Utc>,
) -> Result<TicketId, sqlx::Error> {
    let n = &d.ticket;
    let kind = n.kind.unwrap_or(TicketKind::Incident);
    let registered_line = n.line.unwrap_or(d.line);
    let deadline =
        spotdesk_core::sla::compute(&data.catalogue, &n.service_code, kind, d.line, d.created_at)
            .map_or(d.created_at + Duration::hours(24), |s| s.deadline);
    let linked_at_creation = link.filter(|l| l.at <= d.created_at);
    let mut t = Ticket {
        id: TicketId(0),
        service_code: n.service_code.clone(),
        kind,
        channel: n.channel.unwrap_or(Channel::Phone),
        topic: n.topic.clone(),
        description: n.description.clone(),
        customer_phone: n.customer_phone.clone(),
        customer_name: n.customer_name.clone(),
        address_string: n.address_string.clone(),
        lat: n.lat.unwrap_or_default(),
        long: n.long.unwrap_or_default(),
        segment: n.segment,
        lifetime_value: n.lifetime_value,
        line: registered_line,
        agency_responsible: d.registered_group.clone(),
        status: TicketStatus::New,
        status_notes: None,
        expected_datetime: deadline,
        planned_at: None,
        fields: n.fields.clone(),
        incident_id: linked_at_creation.and_then(|l| match l.link {
            Link::Incident(id) => Some(id),
            Link::Spot(_) => None,
        }),
        spot_id: linked_at_creation.and_then(|l| match l.link {
            Link::Spot(id) => Some(id),
            Link::Incident(_) => None,
        }),
        created_by: staff.agent,
        created_at: d.created_at,
        updated_at: d.created_at,
        resolved_at: None,
        version: 1,
        rating: None,
        repeat_of: None,
        resolution_cause: None,
        assignee: None,
    };
    let id = tickets::insert(tx, &t).await?;
    t.id = id;

    let mut later: Vec<(DateTime<Utc>, Option<UserId>, serde_json::Value)> = Vec::new();
    let (mut status, mut resolved) = (TicketStatus::New, None::<DateTime<Utc>>);
    for (at, next) in history::status_path(d, now) {
        let mut changes = json!({"status": {"from": status.as_str(), "to": next.as_str()}});
        let next_resolved = match next {
            TicketStatus::Resolved | TicketStatus::Closed => Some(resolved.unwrap_or(at)),
            _ => None,
        };
        if next_resolved != resolved {
            changes["resolved_at"] = json!({"from": resolved, "to": next_resolved});
        }
        later.push((at, staff.agent, changes));
        (status, resolved) = (next, next_resolved);
    }
    t.status = d.status;
    t.resolved_at = d.resolved_at;
    if registered_line != d.line || d.registered_group != d.group {
        later.push((
            history::transfer_at(d, now),
            staff.agent,
            json!({
                "line": {"from": registered_line, "to": d.line},
                "agency_responsible": {"from": d.registered_group, "to": d.group},
            }),
        ));
        t.line = d.line;
        t.agency_responsible = d.group.clone();
    }
    if let Some(l) = link.filter(|l| l.at > d.created_at) {
        match l.link {
            Link::Incident(incident) => {
                tickets::link_incident(tx, incident, id, l.at).await?;
                t.incident_id = Some(incident);
                later.push((
                    l.at,
                    Some(staff.coordinator),
                    json!({"incident_id": {"from": null, "to": incident}}),
                ));
            }
            Link::Spot(spot) => {
                tickets::link_spot(tx, spot, id, l.at).await?;
                t.spot_id = Some(spot);
                later.push((
                    l.at,
                    Some(staff.engineer),
                    json!({"spot_id": {"from": null, "to": spot}}),
                ));
            }
        }
    }
    if later.is_empty() {
        return Ok(id);
    }
    later.sort_by_key(|(at, _, _)| *at);
    for (at, user, changes) in &later {
        t.version += 1;
        t.updated_at = t.updated_at.max(*at);
        tickets::record_history(tx, id, *user, *at, t.version, changes).await?;
    }
    tickets::update(tx, &t).await?;
    Ok(id)
}
