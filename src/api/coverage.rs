//! `GET /coverage/{technology}`: GeoJSON coverage layers.

use super::client::{ApiError, Client};
use spotdesk_api::{CoverageCollection, Technology};

/// The coverage cells of one technology.
pub async fn get(c: &Client, t: Technology) -> Result<CoverageCollection, ApiError> {
    c.get(&format!("/coverage/{}", t.as_str()), &[]).await
}
