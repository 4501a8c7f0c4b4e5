//! The notification outbox: messages to customers, written in the same transaction as the
//! change that causes them and delivered later by an adapter.

use crate::auth::new_token;
use crate::db::{self, Tx};
use crate::store::events::Changed;
use chrono::{DateTime, Utc};
use serde::Serialize;
use spotdesk_api::{CommentId, IncidentId, SpotId, TicketId};

/// What was fixed: the resolved spot, incident or single ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixSource {
    Spot(SpotId),
    Incident(IncidentId),
    Ticket(TicketId),
}

impl FixSource {
    /// As stored and sent: the `source` column (`spot`, `incident`, `ticket`) and the
    /// `source_id` column (the id of that kind).
    pub fn parts(self) -> (&'static str, i64) {
        match self {
            FixSource::Spot(id) => ("spot", id.0),
            FixSource::Incident(id) => ("incident", id.0),
            FixSource::Ticket(id) => ("ticket", id.0),
        }
    }

    /// From the `source` and `source_id` columns; `None` for an unknown source.
    pub fn from_parts(source: &str, source_id: i64) -> Option<Self> {
        match source {
            "spot" => Some(FixSource::Spot(SpotId(source_id))),
            "incident" => Some(FixSource::Incident(IncidentId(source_id))),
            "ticket" => Some(FixSource::Ticket(TicketId(source_id))),
            _ => None,
        }
    }

    /// The fixed object as a change of the event log.
    pub fn changed(self) -> Changed {
        match self {
            FixSource::Spot(id) => Changed::Spot(id),
            FixSource::Incident(id) => Changed::Incident(id),
            FixSource::Ticket(id) => Changed::Ticket(id),
        }
    }
}

/// The body of a `fix_done` outbox message. It carries no internal notes: only what the
/// customer may read and the token of their rating invitation.
#[derive(Debug, Serialize)]
struct FixDonePayload<'a> {
    source: &'static str,
    source_id: i64,
    ticket_id: TicketId,
    /// Secret for `…/public/ratings/{token}`; the database keeps only its hash.
    rating_token: &'a str,
    /// Plain-language note for the customer (e.g. the public note of the spot), if any.
    note: Option<&'a str>,
}

/// Queues one `fix_done` message per distinct complainant (customer phone) among `ticket_ids`,
/// each with a fresh invitation to rate the fix for that customer's newest ticket.
/// Returns the recipients (customer phones) messages were queued for, so public subscribers
/// with the same contact are not told twice. Runs inside the caller's write transaction.
pub async fn queue_fix_done(
    tx: &mut Tx,
    source: FixSource,
    ticket_ids: &[TicketId],
    note: Option<&str>,
    at: DateTime<Utc>,
) -> Result<Vec<String>, sqlx::Error> {
    let (source_name, source_id) = source.parts();
    // Newest ticket per customer phone: one message per person, however often they called.
    let mut per_customer: Vec<(String, TicketId)> = Vec::new();
    for &ticket_id in ticket_ids {
        let phone: Option<String> =
            sqlx::query_scalar("SELECT customer_phone FROM tickets WHERE id = $1")
                .bind(ticket_id.0)
                .fetch_optional(&mut **tx)
                .await?;
        let Some(phone) = phone else { continue };
        match per_customer.iter_mut().find(|(p, _)| *p == phone) {
            Some(entry) => entry.1 = entry.1.max(ticket_id),
            None => per_customer.push((phone, ticket_id)),
        }
    }
    let at_text = db::ts(at);
    for (phone, ticket_id) in &per_customer {
        let (token, token_hash) = new_token();
        sqlx::query(
            "INSERT INTO rating_invitations (token_hash, ticket_id, source, source_id, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&token_hash)
        .bind(ticket_id.0)
        .bind(source_name)
        .bind(source_id)
        .bind(&at_text)
        .execute(&mut **tx)
        .await?;
        let payload = FixDonePayload {
            source: source_name,
            source_id,
            ticket_id: *ticket_id,
            rating_token: &token,
            note,
        };
        sqlx::query(
            "INSERT INTO notification_outbox (channel, recipient, payload, created_at, kind) \
             VALUES ('sms', $1, $2, $3, 'fix_done')",
        )
        .bind(phone)
        .bind(db::json_col(&payload))
        .bind(&at_text)
        .execute(&mut **tx)
        .await?;
    }
    Ok(per_customer.into_iter().map(|(phone, _)| phone).collect())
}

/// The body of a `reply` outbox message: a staff reply to the customer about their ticket
/// (a comment of kind `reply`). It carries only the text written for the customer.
#[derive(Debug, Serialize)]
struct ReplyPayload<'a> {
    source: &'static str,
    source_id: i64,
    ticket_id: TicketId,
    comment_id: CommentId,
    /// The message as the agent sent it.
    text: &'a str,
}

/// Queues a staff reply (`comment`, with `text`) to the customer of `ticket` at `phone`, as
/// an `sms` of kind `reply`. Runs inside the caller's write transaction.
pub async fn queue_reply(
    tx: &mut Tx,
    ticket: TicketId,
    phone: &str,
    comment: CommentId,
    text: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let payload = ReplyPayload {
        source: "ticket",
        source_id: ticket.0,
        ticket_id: ticket,
        comment_id: comment,
        text,
    };
    sqlx::query(
        "INSERT INTO notification_outbox (channel, recipient, payload, created_at, kind) \
         VALUES ('sms', $1, $2, $3, 'reply')",
    )
    .bind(phone)
    .bind(db::json_col(&payload))
    .bind(db::ts(at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An outbox row as stored.
#[derive(Debug, sqlx::FromRow)]
struct OutboxRow {
    id: i64,
    channel: String,
    recipient: String,
    kind: String,
    payload: String,
    created_at: String,
    sent_at: Option<String>,
}

/// What staff may read of a payload (never the rating token).
#[derive(Debug, serde::Deserialize)]
struct PayloadView {
    source: Option<String>,
    source_id: Option<i64>,
    ticket_id: Option<i64>,
    /// The note of a `fix_done`, the text of a `reply`.
    #[serde(alias = "text")]
    note: Option<String>,
}

/// Queued messages, oldest first (at most `limit`), optionally only those caused by one
/// source kind (`spot`, `incident`, `ticket`) and/or source id.
pub async fn list<'e>(
    ex: impl db::Executor<'e>,
    source: Option<&str>,
    source_id: Option<i64>,
    limit: u32,
) -> Result<Vec<spotdesk_api::OutboxMessage>, sqlx::Error> {
    let rows: Vec<OutboxRow> = sqlx::query_as(
        "SELECT id, channel, recipient, kind, payload, created_at, sent_at FROM notification_outbox \
         WHERE ($1 IS NULL OR json_extract(payload, '$.source') = $1) \
         AND ($2 IS NULL OR CAST(json_extract(payload, '$.source_id') AS BIGINT) = $2) \
         ORDER BY id LIMIT $3",
    )
    .bind(source)
    .bind(source_id)
    .bind(i64::from(limit))
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            let view: PayloadView = serde_json::from_str(&r.payload).unwrap_or(PayloadView {
                source: None,
                source_id: None,
                ticket_id: None,
                note: None,
            });
            Ok(spotdesk_api::OutboxMessage {
                id: r.id,
                channel: r.channel,
                recipient: r.recipient,
                kind: r.kind,
                source: view.source,
                source_id: view.source_id,
                ticket_id: view.ticket_id,
                note: view.note,
                created_at: db::parse_ts(&r.created_at)?,
                sent_at: db::parse_ts_opt(r.sent_at.as_deref())?,
            })
        })
        .collect()
}
