//! Idempotency keys of create requests: `(user, scope, key)` -> body hash and created entity.

use crate::auth::hex;
use crate::db::{self, RowId, Tx};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use spotdesk_api::UserId;

/// What an earlier request with the same key did; `I` is the id of what the scope creates
/// (`TicketId` for ticket registrations, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prior<I> {
    /// The key is new.
    None,
    /// Same key and same body: it created this entity.
    Same(I),
    /// Same key, different body.
    Different,
}

/// SHA-256 (hex) of the canonical JSON of a parsed body, so formatting differences do not matter.
pub fn body_hash<T: serde::Serialize>(body: &T) -> String {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    hex(&Sha256::digest(&bytes))
}

/// Looks the key up inside the caller's (IMMEDIATE) transaction.
pub async fn check<I: RowId>(
    tx: &mut Tx,
    user: UserId,
    scope: &str,
    key: &str,
    hash: &str,
) -> Result<Prior<I>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT body_hash, entity_id FROM idempotency_keys WHERE user_id = $1 AND scope = $2 AND idem_key = $3",
    )
    .bind(user.0)
    .bind(scope)
    .bind(key)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(match row {
        None => Prior::None,
        Some((stored, id)) if stored == hash => Prior::Same(I::from_column(id)),
        Some(_) => Prior::Different,
    })
}

/// Records the key for the entity just created at `now`, in the same transaction.
pub async fn remember<I: RowId>(
    tx: &mut Tx,
    user: UserId,
    scope: &str,
    key: &str,
    hash: &str,
    created: I,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (user_id, scope, idem_key, body_hash, entity_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user.0)
    .bind(scope)
    .bind(key)
    .bind(hash)
    .bind(created.column())
    .bind(db::ts(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
