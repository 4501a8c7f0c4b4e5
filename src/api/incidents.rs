//! `/incidents`: mass incidents.

use super::client::{ApiError, Client};
use spotdesk_api::{
    Incident, IncidentId, IncidentLinkRequest, IncidentPatch, IncidentProposal, NewIncident,
    ProposalAccept, StillBrokenOutcome, StillBrokenReport, Ticket, TicketId,
};

/// `GET /incidents`.
pub async fn list(c: &Client) -> Result<Vec<Incident>, ApiError> {
    c.get("/incidents", &[]).await
}

/// `POST /incidents`.
pub async fn create(
    c: &Client,
    i: &NewIncident,
    idempotency_key: &str,
) -> Result<Incident, ApiError> {
    c.post("/incidents", i, Some(idempotency_key)).await
}

/// `GET /incidents/{id}`.
pub async fn get(c: &Client, id: IncidentId) -> Result<Incident, ApiError> {
    c.get(&format!("/incidents/{id}"), &[]).await
}

/// `PATCH /incidents/{id}` with `If-Match: etag`.
pub async fn update(
    c: &Client,
    id: IncidentId,
    patch: &IncidentPatch,
    etag: &str,
) -> Result<(Incident, Option<String>), ApiError> {
    c.patch(&format!("/incidents/{id}"), patch, etag).await
}

/// `POST /incidents/{id}/tickets`: link tickets in bulk.
pub async fn link(
    c: &Client,
    id: IncidentId,
    ticket_ids: Vec<TicketId>,
) -> Result<Incident, ApiError> {
    let body = IncidentLinkRequest { ticket_ids };
    c.post(&format!("/incidents/{id}/tickets"), &body, None)
        .await
}

/// `GET /incidents/{id}/suggestions`: new open tickets in the area.
pub async fn suggestions(c: &Client, id: IncidentId) -> Result<Vec<Ticket>, ApiError> {
    c.get(&format!("/incidents/{id}/suggestions"), &[]).await
}

/// `POST /incidents/{id}/still-broken`.
pub async fn still_broken(
    c: &Client,
    id: IncidentId,
    ticket_id: TicketId,
) -> Result<StillBrokenOutcome, ApiError> {
    let body = StillBrokenReport { ticket_id };
    c.post(&format!("/incidents/{id}/still-broken"), &body, None)
        .await
}

/// `GET /incidents/proposals`.
pub async fn proposals(c: &Client) -> Result<Vec<IncidentProposal>, ApiError> {
    c.get("/incidents/proposals", &[]).await
}

/// `POST /incidents/proposals/{key}/accept`.
pub async fn accept_proposal(
    c: &Client,
    key: &str,
    body: &ProposalAccept,
) -> Result<Incident, ApiError> {
    c.post(
        &format!("/incidents/proposals/{}/accept", encode(key)),
        body,
        None,
    )
    .await
}

/// `POST /incidents/proposals/{key}/dismiss`.
pub async fn dismiss_proposal(c: &Client, key: &str) -> Result<(), ApiError> {
    c.post_empty(&format!("/incidents/proposals/{}/dismiss", encode(key)))
        .await
}

/// Percent-encodes a path segment.
fn encode(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}

/// `GET /incidents?limit=`: up to `limit` incidents (1..=1000), newest first.
pub async fn list_up_to(c: &Client, limit: u32) -> Result<Vec<Incident>, ApiError> {
    c.get("/incidents", &[("limit", limit.to_string())]).await
}
