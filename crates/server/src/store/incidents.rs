//! The `incidents` table.

use crate::db::{self, Tx};
use spotdesk_api::{AffectedSource, Incident, IncidentId, SpotId, TicketId, UserId};

/// Every column plus the linked-ticket count, in [`IncidentRow`] order.
const SELECT: &str = "SELECT id, title, status, area, service_codes, topic, owner_group, \
    cause, public_note, expected_resolution, informed_units, spot_id, registered_at, updated_at, resolved_at, \
    version, (SELECT COUNT(*) FROM incident_tickets l WHERE l.incident_id = incidents.id) AS linked_tickets, \
    status_since, notified_customers, proposal_key, affected_estimated, affected_source, \
    (SELECT COUNT(DISTINCT t.customer_phone) FROM incident_tickets l JOIN tickets t ON t.id = l.ticket_id \
      WHERE l.incident_id = incidents.id) AS affected_linked, \
    (SELECT COUNT(DISTINCT b.ticket_id) FROM incident_still_broken b WHERE b.incident_id = incidents.id \
      AND b.reported_at >= COALESCE(incidents.resolved_at, incidents.status_since, incidents.registered_at)) AS still_broken, \
    assignee_id, (SELECT u.display_name FROM users u WHERE u.id = incidents.assignee_id) AS assignee_name \
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
    status_since: Option<String>,
    notified_customers: i64,
    proposal_key: Option<String>,
    affected_estimated: i64,
    affected_source: String,
    affected_linked: i64,
    still_broken: i64,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
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
            // Derived on read, so it never lags behind the links; the stored column keeps
            // the value of the last write for SQL readers.
            affected_customers: spotdesk_core::impact::affected(
                r.affected_linked,
                r.affected_estimated,
            ),
            affected_linked: r.affected_linked,
            affected_estimated: r.affected_estimated,
            affected_source: AffectedSource::parse(&r.affected_source),
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
            status_since: db::parse_ts_opt(r.status_since.as_deref())?,
            notified_customers: r.notified_customers,
            still_broken_reports: r.still_broken,
            proposal_key: r.proposal_key,
            escalations: Vec::new(),
            assignee: super::users::actor_of(r.assignee_id, r.assignee_name),
        })
    }
}

/// Loads one incident.
pub async fn get<'e>(
    ex: impl db::Executor<'e>,
    id: IncidentId,
) -> Result<Option<Incident>, sqlx::Error> {
    let row: Option<IncidentRow> = sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(ex)
        .await?;
    row.map(Incident::try_from).transpose()
}

/// Incidents, newest first (at most `limit`); `active_only` drops resolved and confirmed ones.
pub async fn list<'e>(
    ex: impl db::Executor<'e>,
    active_only: bool,
    limit: u32,
) -> Result<Vec<Incident>, sqlx::Error> {
    let filter = if active_only {
        " WHERE status NOT IN ('resolved', 'confirmed')"
    } else {
        ""
    };
    let rows: Vec<IncidentRow> = sqlx::query_as(&format!(
        "{SELECT}{filter} ORDER BY registered_at DESC, id DESC LIMIT $1"
    ))
    .bind(i64::from(limit))
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(Incident::try_from).collect()
}

/// Incidents resolved or confirmed since `since` that a linked customer reported as still not
/// working after the resolution, newest first (at most `limit`).
pub async fn reported_again<'e>(
    ex: impl db::Executor<'e>,
    since: chrono::DateTime<chrono::Utc>,
    limit: u32,
) -> Result<Vec<Incident>, sqlx::Error> {
    let rows: Vec<IncidentRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE status IN ('resolved', 'confirmed') AND resolved_at >= $1 \
         AND EXISTS (SELECT 1 FROM incident_still_broken b WHERE b.incident_id = incidents.id \
           AND b.reported_at >= incidents.resolved_at) \
         ORDER BY registered_at DESC, id DESC LIMIT $2"
    ))
    .bind(db::ts(since))
    .bind(i64::from(limit))
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(Incident::try_from).collect()
}

/// Inserts an incident (its `id` and `linked_tickets` are ignored); returns the new id.
pub async fn insert(
    tx: &mut Tx,
    i: &Incident,
    created_by: UserId,
) -> Result<IncidentId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO incidents (title, status, area, service_codes, topic, affected_customers, owner_group, cause, \
         public_note, expected_resolution, informed_units, spot_id, created_by, registered_at, updated_at, \
         resolved_at, version, status_since, proposal_key, affected_estimated, affected_source) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) \
         RETURNING id",
    )
    .bind(&i.title)
    .bind(db::enum_str(&i.status))
    .bind(db::json_col(&i.area))
    .bind(db::json_col(&i.service_codes))
    .bind(&i.topic)
    .bind(spotdesk_core::impact::affected(i.affected_linked, i.affected_estimated))
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
    .bind(db::ts_opt(i.status_since))
    .bind(&i.proposal_key)
    .bind(i.affected_estimated)
    .bind(i.affected_source.as_str())
    .fetch_one(&mut **tx)
    .await
    .map(IncidentId)
}

/// Writes the mutable columns of a changed incident.
pub async fn update(tx: &mut Tx, i: &Incident) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE incidents SET title = $1, status = $2, owner_group = $3, cause = $4, public_note = $5, \
         expected_resolution = $6, informed_units = $7, updated_at = $8, resolved_at = $9, version = $10, \
         status_since = $11, notified_customers = $12, affected_customers = $13, area = $14, service_codes = $15, \
         spot_id = $16, affected_estimated = $17, affected_source = $18, assignee_id = $19 WHERE id = $20",
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
    .bind(db::ts_opt(i.status_since))
    .bind(i.notified_customers)
    .bind(spotdesk_core::impact::affected(i.affected_linked, i.affected_estimated))
    .bind(db::json_col(&i.area))
    .bind(db::json_col(&i.service_codes))
    .bind(i.spot_id.map(|s| s.0))
    .bind(i.affected_estimated)
    .bind(i.affected_source.as_str())
    .bind(i.assignee.as_ref().map(|a| a.id.0))
    .bind(i.id.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ids of the tickets linked to an incident, ascending.
pub async fn linked_ticket_ids<'e>(
    ex: impl db::Executor<'e>,
    id: IncidentId,
) -> Result<Vec<TicketId>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT ticket_id FROM incident_tickets WHERE incident_id = $1 ORDER BY ticket_id",
    )
    .bind(id.0)
    .fetch_all(ex)
    .await?;
    Ok(ids.into_iter().map(TicketId).collect())
}

/// Distinct customers (phones) among the tickets linked to an incident.
pub async fn linked_customers<'e>(
    ex: impl db::Executor<'e>,
    id: IncidentId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(DISTINCT t.customer_phone) FROM incident_tickets l JOIN tickets t ON t.id = l.ticket_id \
         WHERE l.incident_id = $1",
    )
    .bind(id.0)
    .fetch_one(ex)
    .await
}

/// The incident registered from a proposal, if any.
pub async fn by_proposal<'e>(
    ex: impl db::Executor<'e>,
    key: &str,
) -> Result<Option<Incident>, sqlx::Error> {
    let row: Option<IncidentRow> = sqlx::query_as(&format!("{SELECT} WHERE proposal_key = $1"))
        .bind(key)
        .fetch_optional(ex)
        .await?;
    row.map(Incident::try_from).transpose()
}

/// Every fired escalation level: `(incident, rule, deadline, level)`.
pub async fn fired_escalations<'e>(
    ex: impl db::Executor<'e>,
) -> Result<Vec<(IncidentId, String, String, i64)>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT incident_id, rule, deadline, level FROM incident_escalations")
            .fetch_all(ex)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(incident, rule, deadline, level)| (IncidentId(incident), rule, deadline, level))
        .collect())
}

/// Records a fired escalation level; `false` when it was already recorded.
pub async fn record_escalation(
    tx: &mut Tx,
    incident: IncidentId,
    rule: &str,
    deadline: &str,
    level: u8,
    at: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO incident_escalations (incident_id, rule, deadline, level, fired_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT DO NOTHING",
    )
    .bind(incident.0)
    .bind(rule)
    .bind(deadline)
    .bind(i64::from(level))
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Keys of dismissed proposals.
pub async fn dismissed_keys<'e>(ex: impl db::Executor<'e>) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT proposal_key FROM incident_proposal_dismissals")
        .fetch_all(ex)
        .await
}

/// Keys of accepted proposals.
pub async fn accepted_keys<'e>(ex: impl db::Executor<'e>) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT proposal_key FROM incidents WHERE proposal_key IS NOT NULL")
        .fetch_all(ex)
        .await
}

/// Stores a dismissal (idempotent); `true` when it is new.
pub async fn dismiss(tx: &mut Tx, key: &str, user: UserId, at: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO incident_proposal_dismissals (proposal_key, dismissed_by, dismissed_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(key)
    .bind(user.0)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a "still not working" report.
pub async fn record_still_broken(
    tx: &mut Tx,
    incident: IncidentId,
    ticket: TicketId,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO incident_still_broken (incident_id, ticket_id, reported_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(incident.0)
    .bind(ticket.0)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One complaint row for burst detection.
#[derive(Debug, sqlx::FromRow)]
pub struct ComplaintRow {
    pub id: i64,
    pub lat: f64,
    pub long: f64,
    pub created_at: String,
    pub customer_phone: String,
    pub service_code: String,
    pub topic: String,
    /// Whether the ticket is linked to an incident already.
    #[sqlx(try_from = "db::Flag")]
    pub linked: bool,
}

/// Tickets created at or after `since`, oldest first, as burst-detection input.
pub async fn complaints_since<'e>(
    ex: impl db::Executor<'e>,
    since: &str,
) -> Result<Vec<ComplaintRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, lat, long, created_at, customer_phone, service_code, topic, CASE WHEN incident_id IS NOT NULL THEN 1 ELSE 0 END AS linked \
         FROM tickets WHERE created_at >= $1 ORDER BY created_at, id",
    )
    .bind(since)
    .fetch_all(ex)
    .await
}
