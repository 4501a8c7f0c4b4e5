//! `GET /geocode?q=` (signed-in users only).

use super::client::{ApiError, Client};
use spotdesk_api::GeocodeResponse;

/// Address suggestions for free text, best first.
pub async fn search(c: &Client, q: &str) -> Result<GeocodeResponse, ApiError> {
    c.get("/geocode", &[("q", q.to_owned())]).await
}
