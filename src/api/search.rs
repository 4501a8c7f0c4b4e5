//! `GET /search?q=`: "find anything" (signed-in users only).

use super::client::{ApiError, Client};
use spotdesk_api::SearchResults;

/// Tickets, customers, incidents, spots and addresses matching one search box's text.
pub async fn find(c: &Client, q: &str) -> Result<SearchResults, ApiError> {
    c.get("/search", &[("q", q.to_owned())]).await
}
