//! The `spots` table.

use crate::db::{self, Tx};
use spotdesk_api::{Spot, SpotId, TicketId, UserId};

/// Every column plus the complaint count (distinct customers among the linked tickets: a
/// customer who called three times is one complaint), in [`SpotRow`] order.
const SELECT: &str = "SELECT id, spot_key, status, outline, center_lat, center_long, topic, technology, \
    priority, group_code, cause, public_note, expected_fix, registered_at, updated_at, resolved_at, version, \
    (SELECT COUNT(DISTINCT t.customer_phone) FROM spot_tickets l JOIN tickets t ON t.id = l.ticket_id \
     WHERE l.spot_id = spots.id) AS complaints, assignee_id, \
    (SELECT u.display_name FROM users u WHERE u.id = spots.assignee_id) AS assignee_name FROM spots";

/// A `spots` row as stored.
#[derive(Debug, sqlx::FromRow)]
struct SpotRow {
    id: i64,
    spot_key: String,
    status: String,
    outline: String,
    center_lat: f64,
    center_long: f64,
    topic: Option<String>,
    technology: Option<String>,
    priority: f64,
    group_code: Option<String>,
    cause: Option<String>,
    public_note: Option<String>,
    expected_fix: Option<String>,
    registered_at: String,
    updated_at: String,
    resolved_at: Option<String>,
    version: i64,
    complaints: i64,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
}

impl TryFrom<SpotRow> for Spot {
    type Error = sqlx::Error;

    fn try_from(r: SpotRow) -> Result<Self, Self::Error> {
        Ok(Spot {
            id: SpotId(r.id),
            key: r.spot_key,
            status: db::parse_enum(&r.status)?,
            outline: db::parse_json_col(&r.outline)?,
            center_lat: r.center_lat,
            center_long: r.center_long,
            topic: r.topic,
            technology: r.technology,
            complaints: r.complaints,
            priority: r.priority,
            group: r.group_code,
            cause: r.cause,
            public_note: r
                .public_note
                .as_deref()
                .map(db::parse_json_col)
                .transpose()?,
            expected_fix: db::parse_date_opt(r.expected_fix.as_deref())?,
            registered_at: db::parse_ts(&r.registered_at)?,
            updated_at: db::parse_ts(&r.updated_at)?,
            resolved_at: db::parse_ts_opt(r.resolved_at.as_deref())?,
            version: r.version,
            assignee: super::users::actor_of(r.assignee_id, r.assignee_name),
        })
    }
}

/// Loads one spot.
pub async fn get<'e>(ex: impl db::Executor<'e>, id: SpotId) -> Result<Option<Spot>, sqlx::Error> {
    let row: Option<SpotRow> = sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(ex)
        .await?;
    row.map(Spot::try_from).transpose()
}

/// The id of the spot with this key, if registered.
pub async fn id_by_key<'e>(
    ex: impl db::Executor<'e>,
    key: &str,
) -> Result<Option<SpotId>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM spots WHERE spot_key = $1")
        .bind(key)
        .fetch_optional(ex)
        .await?;
    Ok(id.map(SpotId))
}

/// Unresolved spots of this topic (`None` matches spots without a topic), oldest first.
pub async fn open_with_topic<'e>(
    ex: impl db::Executor<'e>,
    topic: Option<&str>,
) -> Result<Vec<Spot>, sqlx::Error> {
    let rows: Vec<SpotRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE status <> 'resolved' AND topic IS NOT DISTINCT FROM $1 ORDER BY id"
    ))
    .bind(topic)
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(Spot::try_from).collect()
}

/// Ids of the tickets linked to a spot, ascending.
pub async fn ticket_ids<'e>(
    ex: impl db::Executor<'e>,
    spot: SpotId,
) -> Result<Vec<TicketId>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT ticket_id FROM spot_tickets WHERE spot_id = $1 ORDER BY ticket_id",
    )
    .bind(spot.0)
    .fetch_all(ex)
    .await?;
    Ok(ids.into_iter().map(TicketId).collect())
}

/// Spots, newest first (at most `limit`); `active_only` drops resolved ones.
pub async fn list<'e>(
    ex: impl db::Executor<'e>,
    active_only: bool,
    limit: u32,
) -> Result<Vec<Spot>, sqlx::Error> {
    let filter = if active_only {
        " WHERE status <> 'resolved'"
    } else {
        ""
    };
    let rows: Vec<SpotRow> = sqlx::query_as(&format!(
        "{SELECT}{filter} ORDER BY registered_at DESC, id DESC LIMIT $1"
    ))
    .bind(i64::from(limit))
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(Spot::try_from).collect()
}

/// Inserts a spot (its `id` and `complaints` are ignored); returns the new id.
pub async fn insert(tx: &mut Tx, s: &Spot, created_by: UserId) -> Result<SpotId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO spots (spot_key, status, outline, center_lat, center_long, topic, technology, priority, \
         group_code, cause, public_note, expected_fix, created_by, registered_at, updated_at, resolved_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(&s.key)
    .bind(db::enum_str(&s.status))
    .bind(db::json_col(&s.outline))
    .bind(s.center_lat)
    .bind(s.center_long)
    .bind(&s.topic)
    .bind(&s.technology)
    .bind(s.priority)
    .bind(&s.group)
    .bind(&s.cause)
    .bind(s.public_note.as_ref().map(db::json_col))
    .bind(s.expected_fix.map(|d| d.to_string()))
    .bind(created_by.0)
    .bind(db::ts(s.registered_at))
    .bind(db::ts(s.updated_at))
    .bind(db::ts_opt(s.resolved_at))
    .bind(s.version)
    .fetch_one(&mut **tx)
    .await
    .map(SpotId)
}

/// Writes the mutable columns of a changed spot.
pub async fn update(tx: &mut Tx, s: &Spot) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE spots SET status = $1, group_code = $2, cause = $3, public_note = $4, expected_fix = $5, \
         updated_at = $6, resolved_at = $7, version = $8, assignee_id = $9 WHERE id = $10",
    )
    .bind(db::enum_str(&s.status))
    .bind(&s.group)
    .bind(&s.cause)
    .bind(s.public_note.as_ref().map(db::json_col))
    .bind(s.expected_fix.map(|d| d.to_string()))
    .bind(db::ts(s.updated_at))
    .bind(db::ts_opt(s.resolved_at))
    .bind(s.version)
    .bind(s.assignee.as_ref().map(|a| a.id.0))
    .bind(s.id.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
