//! `GET /tickets/facts`: every ticket of a period as binary columns, for client-side
//! aggregation (map, spots, dashboards).

use super::client::{ApiError, Client};
use chrono::{DateTime, SecondsFormat, Utc};
use spotdesk_api::facts::{TicketFacts, TICKET_FACTS_MEDIA_TYPE};

/// Tickets registered in `[from, to)`; `None` leaves that end open.
pub async fn fetch(
    c: &Client,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> Result<TicketFacts, ApiError> {
    fetch_version(c, from, to, false).await
}

/// [`fetch`] with who each ticket is assigned to (format version 2, when anyone is), for the
/// dashboard's SLA per person.
pub async fn fetch_with_assignees(
    c: &Client,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> Result<TicketFacts, ApiError> {
    fetch_version(c, from, to, true).await
}

async fn fetch_version(
    c: &Client,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    assignees: bool,
) -> Result<TicketFacts, ApiError> {
    let instant = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut query: Vec<(&str, String)> = [("from", from), ("to", to)]
        .into_iter()
        .filter_map(|(k, t)| t.map(|t| (k, instant(t))))
        .collect();
    if assignees {
        query.push(("version", "2".to_owned()));
    }
    let bytes = c
        .get_bytes("/tickets/facts", &query, TICKET_FACTS_MEDIA_TYPE)
        .await?;
    TicketFacts::decode(&bytes).map_err(|e| ApiError::Decode(e.to_string()))
}
