//! Whether a ticket fits a mass incident, for bulk linking on the board (issue 22): why a
//! suggested ticket fits (in the area, the incident's service and topic, registered around
//! it), and what should make a coordinator stop before linking a ticket typed by number (of
//! another service, outside the area, already resolved or closed, linked elsewhere).

use crate::geo::distance_to_polygon_m;
use spotdesk_api::{Incident, IncidentId, Ticket, TicketStatus};

/// A ticket this close outside an incident's area still counts as in it (geocoding error).
pub const AREA_TOLERANCE_M: f64 = 100.0;

/// Why a ticket fits an incident.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FitReason {
    /// Its place is inside the incident's area.
    InArea,
    /// Its service is one of the incident's services.
    SameService,
    /// Its topic is the incident's topic.
    SameTopic,
    /// It was registered this many minutes after the incident (negative: before).
    Registered { minutes_after: i64 },
}

/// What speaks against linking a ticket to an incident.
#[derive(Debug, Clone, PartialEq)]
pub enum FitConcern {
    /// Its service is not among the incident's services (which has some).
    OtherService,
    /// Its place is this many metres outside the incident's area.
    OutsideArea { metres: f64 },
    /// It is resolved or closed already.
    Finished(TicketStatus),
    /// It is linked to another incident.
    LinkedElsewhere(IncidentId),
}

/// Why a ticket fits an incident and what speaks against it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinkFit {
    pub reasons: Vec<FitReason>,
    pub concerns: Vec<FitConcern>,
}

impl LinkFit {
    /// Nothing speaks against linking.
    pub fn is_clean(&self) -> bool {
        self.concerns.is_empty()
    }
}

/// How `ticket` fits `incident`.
pub fn link_fit(incident: &Incident, ticket: &Ticket) -> LinkFit {
    let mut fit = LinkFit::default();
    match distance_to_polygon_m(ticket.lat, ticket.long, &incident.area) {
        Some(d) if d <= AREA_TOLERANCE_M => fit.reasons.push(FitReason::InArea),
        Some(d) => fit.concerns.push(FitConcern::OutsideArea { metres: d }),
        None => {}
    }
    if !incident.service_codes.is_empty() {
        if incident.service_codes.contains(&ticket.service_code) {
            fit.reasons.push(FitReason::SameService);
        } else {
            fit.concerns.push(FitConcern::OtherService);
        }
    }
    if incident
        .topic
        .as_deref()
        .is_some_and(|t| !t.is_empty() && t == ticket.topic)
    {
        fit.reasons.push(FitReason::SameTopic);
    }
    fit.reasons.push(FitReason::Registered {
        minutes_after: (ticket.created_at - incident.registered_at).num_minutes(),
    });
    if matches!(ticket.status, TicketStatus::Resolved | TicketStatus::Closed) {
        fit.concerns.push(FitConcern::Finished(ticket.status));
    }
    if let Some(other) = ticket.incident_id.filter(|&i| i != incident.id) {
        fit.concerns.push(FitConcern::LinkedElsewhere(other));
    }
    fit
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An incident of `internet` over a 0.02-degree square at (56.3, 44.0).
    fn sample_incident() -> Incident {
        serde_json::from_value(json!({
            "id": 7, "title": "Outage", "status": "registered",
            "area": {"ring": [[44.0, 56.3], [44.02, 56.3], [44.02, 56.32], [44.0, 56.32]]},
            "service_codes": ["internet"], "topic": "no-signal", "affected_customers": 0,
            "owner_group": null, "cause": null, "public_note": null, "expected_resolution": null,
            "informed_units": [], "spot_id": null, "linked_tickets": 0,
            "registered_at": "2026-11-02T10:00:00Z", "updated_at": "2026-11-02T10:00:00Z",
            "resolved_at": null, "version": 1
        }))
        .unwrap()
    }

    /// An open `internet` ticket `below` degrees south of the incident's area, 30 min after it.
    fn sample_ticket(_inc: &Incident, below: f64) -> Ticket {
        serde_json::from_value(json!({
            "id": 1, "service_code": "internet", "kind": "incident", "channel": "phone",
            "topic": "no-signal", "description": "", "customer_phone": "+79123456789",
            "customer_name": null, "address_string": "ул. Ленина, 1",
            "lat": if below > 0.0 { 56.3 - below } else { 56.31 }, "long": 44.01,
            "segment": null, "lifetime_value": null, "line": 1, "agency_responsible": "line1",
            "status": "new", "status_notes": null, "expected_datetime": "2026-11-03T10:00:00Z",
            "planned_at": null, "fields": {}, "incident_id": null, "spot_id": null,
            "created_by": null, "created_at": "2026-11-02T10:30:00Z",
            "updated_at": "2026-11-02T10:30:00Z", "resolved_at": null, "version": 1,
            "rating": null
        }))
        .unwrap()
    }

    #[test]
    fn a_ticket_of_the_service_inside_the_area_fits_cleanly() {
        let inc = sample_incident();
        let t = sample_ticket(&inc, 0.0);
        let fit = link_fit(&inc, &t);
        assert!(fit.is_clean(), "{fit:?}");
        assert!(fit.reasons.contains(&FitReason::InArea));
        assert!(fit.reasons.contains(&FitReason::SameService));
        assert!(fit.reasons.contains(&FitReason::SameTopic));
        assert!(fit
            .reasons
            .contains(&FitReason::Registered { minutes_after: 30 }));
    }

    #[test]
    fn another_service_far_outside_and_resolved_are_all_named() {
        let inc = sample_incident();
        let mut t = sample_ticket(&inc, 0.02);
        t.service_code = "tv".into();
        t.status = TicketStatus::Resolved;
        t.incident_id = Some(IncidentId(99));
        let fit = link_fit(&inc, &t);
        assert!(fit.concerns.contains(&FitConcern::OtherService));
        assert!(fit
            .concerns
            .contains(&FitConcern::Finished(TicketStatus::Resolved)));
        assert!(fit
            .concerns
            .contains(&FitConcern::LinkedElsewhere(IncidentId(99))));
        let far = fit.concerns.iter().find_map(|c| match c {
            FitConcern::OutsideArea { metres } => Some(*metres),
            _ => None,
        });
        // 0.02 degree of latitude beyond the edge: about 2.2 km.
        assert!(
            far.is_some_and(|m| (2_000.0..2_400.0).contains(&m)),
            "{far:?}"
        );
    }

    #[test]
    fn just_outside_the_edge_still_counts_as_inside() {
        let inc = sample_incident();
        let t = sample_ticket(&inc, 0.0005);
        assert!(link_fit(&inc, &t).reasons.contains(&FitReason::InArea));
    }
}
