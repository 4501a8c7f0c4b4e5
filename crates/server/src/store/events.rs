//! The `events` change log behind `GET /events`.

use crate::db::Pool;
use crate::db::{self, Tx};
use chrono::{DateTime, Utc};
use spotdesk_api::{ChangeAction, ChangeEvent, EntityKind};

/// Appends a change inside the caller's transaction; returns its sequence number.
pub async fn record(
    tx: &mut Tx,
    entity: EntityKind,
    id: i64,
    action: ChangeAction,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO events (entity, entity_id, action, at) VALUES ($1, $2, $3, $4) RETURNING seq",
    )
    .bind(db::enum_str(&entity))
    .bind(id)
    .bind(db::enum_str(&action))
    .bind(db::ts(at))
    .fetch_one(&mut **tx)
    .await
}

/// Up to `limit` changes with a sequence number above `after`, oldest first.
pub async fn after(pool: &Pool, after: i64, limit: i64) -> Result<Vec<ChangeEvent>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, String, String)> = sqlx::query_as(
        "SELECT seq, entity, entity_id, action, at FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(seq, entity, id, action, at)| {
            Ok(ChangeEvent {
                seq,
                entity: db::parse_enum(&entity)?,
                id,
                action: db::parse_enum(&action)?,
                at: db::parse_ts(&at)?,
            })
        })
        .collect()
}

/// The newest sequence number, 0 when there are none.
pub async fn latest(pool: &Pool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM events")
        .fetch_one(pool)
        .await
}
