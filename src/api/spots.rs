//! `/spots`: complaint hotspots.

use super::client::{ApiError, Client};
use spotdesk_api::{NewSpot, Spot, SpotId};

/// `GET /spots`.
pub async fn list(c: &Client) -> Result<Vec<Spot>, ApiError> {
    c.get("/spots", &[]).await
}

/// `POST /spots` (idempotent by the candidate's `key`).
pub async fn create(c: &Client, s: &NewSpot) -> Result<Spot, ApiError> {
    c.post("/spots", s, None).await
}

/// `PATCH /spots/{id}` with `If-Match: etag`.
pub async fn update(
    c: &Client,
    id: SpotId,
    patch: &spotdesk_api::SpotPatch,
    etag: &str,
) -> Result<(Spot, Option<String>), ApiError> {
    c.patch(&format!("/spots/{id}"), patch, etag).await
}

/// `GET /spots?limit=`: up to `limit` spots (1..=1000), newest first.
pub async fn list_up_to(c: &Client, limit: u32) -> Result<Vec<Spot>, ApiError> {
    c.get("/spots", &[("limit", limit.to_string())]).await
}
