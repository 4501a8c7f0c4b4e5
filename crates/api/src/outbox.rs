//! The notification outbox as staff see it (`GET /admin/outbox`): what was queued for whom.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One queued message. Secrets carried to the customer (rating tokens) are left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    pub id: i64,
    /// Delivery channel, e.g. `sms`.
    pub channel: String,
    /// Customer phone (or address) the message goes to.
    pub recipient: String,
    /// `fix_done` ("your problem is fixed") or `message`.
    pub kind: String,
    /// What caused it: `spot`, `incident` or `ticket` (`None` for free-form messages).
    pub source: Option<String>,
    /// Id of that spot, incident or ticket.
    pub source_id: Option<i64>,
    /// The complaint (newest ticket of this customer) the message answers.
    pub ticket_id: Option<i64>,
    /// Plain-language note for the customer, if any.
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When an adapter delivered it; `None` while queued.
    pub sent_at: Option<DateTime<Utc>>,
}
