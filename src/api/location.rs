//! `GET /location/context`: incidents, spots and open tickets at a place.

use super::client::{ApiError, Client};
use spotdesk_api::LocationContext;

/// What is known within `radius_m` metres of a point (all services).
pub async fn context(
    c: &Client,
    lat: f64,
    long: f64,
    radius_m: f64,
) -> Result<LocationContext, ApiError> {
    c.get(
        "/location/context",
        &[
            ("lat", lat.to_string()),
            ("long", long.to_string()),
            ("radius_m", radius_m.to_string()),
        ],
    )
    .await
}
