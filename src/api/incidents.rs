//! `/incidents`: mass incidents.

use super::client::{ApiError, Client};
use spotdesk_api::{Incident, IncidentPatch, NewIncident};

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
pub async fn get(c: &Client, id: i64) -> Result<Incident, ApiError> {
    c.get(&format!("/incidents/{id}"), &[]).await
}

/// `PATCH /incidents/{id}` with `If-Match: etag`.
pub async fn update(
    c: &Client,
    id: i64,
    patch: &IncidentPatch,
    etag: &str,
) -> Result<(Incident, Option<String>), ApiError> {
    c.patch(&format!("/incidents/{id}"), patch, etag).await
}
