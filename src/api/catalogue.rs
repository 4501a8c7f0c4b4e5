//! `GET /catalogue`.

use super::client::{ApiError, Client};
use spotdesk_api::Catalogue;

/// The whole service catalogue (services, fields, SLA policies, routing, calendar).
pub async fn get(c: &Client) -> Result<Catalogue, ApiError> {
    c.get("/catalogue", &[]).await
}
