//! Idempotency keys of create requests: `(user, scope, key)` -> body hash and created entity.

use crate::auth::hex;
use crate::db::{self, Tx};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use spotdesk_api::UserId;

/// What an earlier request with the same key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prior {
    /// The key is new.
    None,
    /// Same key and same body: it created this entity.
    Same(i64),
    /// Same key, different body.
    Different,
}

/// SHA-256 (hex) of the canonical JSON of a parsed body, so formatting differences do not matter.
pub fn body_hash<T: serde::Serialize>(body: &T) -> String {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    hex(&Sha256::digest(&bytes))
}

/// Looks the key up inside the caller's (IMMEDIATE) transaction.
pub async fn check(
    tx: &mut Tx,
    user: UserId,
    scope: &str,
    key: &str,
    hash: &str,
) -> Result<Prior, sqlx::Error> {
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
        Some((stored, id)) if stored == hash => Prior::Same(id),
        Some(_) => Prior::Different,
    })
}

/// Records the key for the entity just created at `now`, in the same transaction.
pub async fn remember(
    tx: &mut Tx,
    user: UserId,
    scope: &str,
    key: &str,
    hash: &str,
    entity_id: i64,
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
    .bind(entity_id)
    .bind(db::ts(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
