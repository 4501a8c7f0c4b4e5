//! `GET /public/status`: known problems at a place; no sign-in needed.

use super::client::{ApiError, Client};
use spotdesk_api::PublicStatus;

/// Known problems at a free-text address (geocoded by the server).
pub async fn status_at_address(c: &Client, address: &str) -> Result<PublicStatus, ApiError> {
    c.get("/public/status", &[("address", address.to_owned())])
        .await
}

/// Known problems at coordinates.
pub async fn status_at(c: &Client, lat: f64, long: f64) -> Result<PublicStatus, ApiError> {
    c.get(
        "/public/status",
        &[("lat", lat.to_string()), ("long", long.to_string())],
    )
    .await
}
