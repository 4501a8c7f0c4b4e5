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
    let instant = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let query: Vec<(&str, String)> = [("from", from), ("to", to)]
        .into_iter()
        .filter_map(|(k, t)| t.map(|t| (k, instant(t))))
        .collect();
    let bytes = c
        .get_bytes("/tickets/facts", &query, TICKET_FACTS_MEDIA_TYPE)
        .await?;
    TicketFacts::decode(&bytes).map_err(|e| ApiError::Decode(e.to_string()))
}
