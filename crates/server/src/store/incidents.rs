//! The `incidents` table.

use crate::db::{self, Tx};
use spotdesk_api::{Incident, IncidentId, SpotId, UserId};
use sqlx::SqliteExecutor;

/// Every column plus the linked-ticket count, in [`IncidentRow`] order.
const SELECT: &str = "SELECT id, title, status, area, service_codes, topic, affected_customers, owner_group, \
    cause, public_note, expected_resolution, informed_units, spot_id, registered_at, updated_at, resolved_at, \
    version, (SELECT COUNT(*) FROM incident_tickets l WHERE l.incident_id = incidents.id) AS linked_tickets \
    FROM incidents";

/// An `incidents` row as stored.
#[derive(Debug, sqlx::FromRow)]
struct IncidentRow {
    id: i64,
    title: String,
    status: String,
    area: String,
    service_codes: String,
    topic: Option<String>,
    affected_customers: i64,
    owner_group: Option<String>,
    cause: Option<String>,
    public_note: Option<String>,
    expected_resolution: Option<String>,
    informed_units: String,
    spot_id: Option<i64>,
    registered_at: String,
    updated_at: String,
    resolved_at: Option<String>,
    version: i64,
    linked_tickets: i64,
}

impl TryFrom<IncidentRow> for Incident {
    type Error = sqlx::Error;

    fn try_from(r: IncidentRow) -> Result<Self, Self::Error> {
        Ok(Incident {
            id: IncidentId(r.id),
            title: r.title,
            status: db::parse_enum(&r.status)?,
            area: db::parse_json_col(&r.area)?,
            service_codes: db::parse_json_col(&r.service_codes)?,
            topic: r.topic,
            affected_customers: r.affected_customers,
            owner_group: r.owner_group,
            cause: r.cause,
            public_note: r
                .public_note
                .as_deref()
                .map(db::parse_json_col)
                .transpose()?,
            expected_resolution: db::parse_ts_opt(r.expected_resolution.as_deref())?,
            informed_units: db::parse_json_col(&r.informed_units)?,
            spot_id: r.spot_id.map(SpotId),
            linked_tickets: r.linked_tickets,
            registered_at: db::parse_ts(&r.registered_at)?,
            updated_at: db::parse_ts(&r.updated_at)?,
            resolved_at: db::parse_ts_opt(r.resolved_at.as_deref())?,
            version: r.version,
        })
    }
}

/// Loads one incident.
pub async fn get<'e>(
    ex: impl SqliteExecutor<'e>,
    id: i64,
) -> Result<Option<Incident>, sqlx::Error> {
    let row: Option<IncidentRow> = sqlx::query_as(&format!("{SELECT} WHERE id = ?"))
        .bind(id)
        .fetch_optional(ex)
        .await?;
    row.map(Incident::try_from).transpose()
}

/// Incidents, newest first (at most `limit`); `active_only` drops resolved and confirmed ones.
pub async fn list<'e>(
    ex: impl SqliteExecutor<'e>,
    active_only: bool,
    limit: u32,
) -> Result<Vec<Incident>, sqlx::Error> {
    let filter = if active_only {
        " WHERE status NOT IN ('resolved', 'confirmed')"
    } else {
        ""
    };
    let rows: Vec<IncidentRow> = sqlx::query_as(&format!(
        "{SELECT}{filter} ORDER BY registered_at DESC, id DESC LIMIT ?"
    ))
    .bind(i64::from(limit))
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(Incident::try_from).collect()
}

/// Inserts an incident (its `id` and `linked_tickets` are ignored); returns the new id.
pub async fn insert(tx: &mut Tx, i: &Incident, created_by: UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO incidents (title, status, area, service_codes, topic, affected_customers, owner_group, cause, \
         public_note, expected_resolution, informed_units, spot_id, created_by, registered_at, updated_at, \
         resolved_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&i.title)
    .bind(db::enum_str(&i.status))
    .bind(db::json_col(&i.area))
    .bind(db::json_col(&i.service_codes))
    .bind(&i.topic)
    .bind(i.affected_customers)
    .bind(&i.owner_group)
    .bind(&i.cause)
    .bind(i.public_note.as_ref().map(db::json_col))
    .bind(db::ts_opt(i.expected_resolution))
    .bind(db::json_col(&i.informed_units))
    .bind(i.spot_id.map(|s| s.0))
    .bind(created_by.0)
    .bind(db::ts(i.registered_at))
    .bind(db::ts(i.updated_at))
    .bind(db::ts_opt(i.resolved_at))
    .bind(i.version)
    .fetch_one(&mut **tx)
    .await
}

/// Writes the mutable columns of a changed incident.
pub async fn update(tx: &mut Tx, i: &Incident) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE incidents SET title = ?, status = ?, owner_group = ?, cause = ?, public_note = ?, \
         expected_resolution = ?, informed_units = ?, updated_at = ?, resolved_at = ?, version = ? WHERE id = ?",
    )
    .bind(&i.title)
    .bind(db::enum_str(&i.status))
    .bind(&i.owner_group)
    .bind(&i.cause)
    .bind(i.public_note.as_ref().map(db::json_col))
    .bind(db::ts_opt(i.expected_resolution))
    .bind(db::json_col(&i.informed_units))
    .bind(db::ts(i.updated_at))
    .bind(db::ts_opt(i.resolved_at))
    .bind(i.version)
    .bind(i.id.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
