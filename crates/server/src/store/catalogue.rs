//! The catalogue document (one JSON row).

use crate::db;
use crate::db::Pool;
use chrono::{DateTime, Utc};
use spotdesk_api::Catalogue;

/// The stored catalogue, if any.
pub async fn load(pool: &Pool) -> Result<Option<Catalogue>, sqlx::Error> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM catalogue WHERE id = 1")
        .fetch_optional(pool)
        .await?;
    body.as_deref().map(db::parse_json_col).transpose()
}

/// Stores the catalogue, replacing any previous one, as of `now`.
pub async fn store(
    pool: &Pool,
    catalogue: &Catalogue,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    sqlx::query(
        "INSERT INTO catalogue (id, body, updated_at) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
    )
    .bind(db::json_col(catalogue))
    .bind(db::ts(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}
