//! Single-use tickets that open one live stream (`stream_tickets`): the browser's
//! `EventSource` cannot send `Authorization`, and a bearer token must never ride in a URL.

use crate::auth::{hash_token, new_token};
use crate::db::{self, Pool};
use chrono::{DateTime, Duration, Utc};
use spotdesk_api::STREAM_TICKET_SECONDS;

/// Issues a ticket for the session stored as `session_hash`, valid until
/// [`STREAM_TICKET_SECONDS`] from `now` (or the session's end, if sooner); removes expired
/// ones. Returns the ticket and its expiry.
pub async fn issue(
    pool: &Pool,
    session_hash: &str,
    session_expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), sqlx::Error> {
    let (ticket, hash) = new_token();
    let expires = (now + Duration::seconds(STREAM_TICKET_SECONDS)).min(session_expires_at);
    let mut tx = db::begin_write(pool).await?;
    sqlx::query("DELETE FROM stream_tickets WHERE expires_at <= $1")
        .bind(db::ts(now))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO stream_tickets (ticket_hash, session_hash, expires_at) VALUES ($1, $2, $3)",
    )
    .bind(&hash)
    .bind(session_hash)
    .bind(db::ts(expires))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((ticket, expires))
}

/// Uses up a ticket: the stored hash of its session, or `None` when the ticket is unknown,
/// used or expired.
pub async fn redeem(
    pool: &Pool,
    ticket: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    let session: Option<(String, String)> = sqlx::query_as(
        "DELETE FROM stream_tickets WHERE ticket_hash = $1 RETURNING session_hash, expires_at",
    )
    .bind(hash_token(ticket))
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(session
        .filter(|(_, expires)| db::parse_ts(expires).is_ok_and(|e| e > now))
        .map(|(hash, _)| hash))
}
