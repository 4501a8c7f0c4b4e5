//! The `tickets` table: row mapping, insert, update, history and the keyset-paged list.

use crate::db::{self, Tx};
use chrono::{DateTime, Utc};
use spotdesk_api::{IncidentId, SpotId, Ticket, TicketId, TicketSort, TicketStatus, UserId};
use spotdesk_core::find::parse_find;
use spotdesk_core::repeat_contact;

/// Every column, in [`TicketRow`] order.
const COLUMNS: &str = "id, service_code, kind, channel, topic, description, customer_phone, customer_name, \
    address_string, lat, long, segment, lifetime_value, line, agency_responsible, status, status_notes, \
    expected_datetime, planned_at, fields, incident_id, spot_id, created_by, created_at, updated_at, \
    resolved_at, version, rating, repeat_of, resolution_cause, assignee_id, \
    (SELECT u.display_name FROM users u WHERE u.id = tickets.assignee_id) AS assignee_name";

/// A `tickets` row as stored.
#[derive(Debug, sqlx::FromRow)]
struct TicketRow {
    id: i64,
    service_code: String,
    kind: String,
    channel: String,
    topic: String,
    description: String,
    customer_phone: String,
    customer_name: Option<String>,
    address_string: String,
    lat: f64,
    long: f64,
    segment: Option<String>,
    lifetime_value: Option<f64>,
    line: i64,
    agency_responsible: String,
    status: String,
    status_notes: Option<String>,
    expected_datetime: String,
    planned_at: Option<String>,
    fields: String,
    incident_id: Option<i64>,
    spot_id: Option<i64>,
    created_by: Option<i64>,
    created_at: String,
    updated_at: String,
    resolved_at: Option<String>,
    version: i64,
    rating: Option<i64>,
    repeat_of: Option<i64>,
    resolution_cause: Option<String>,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
}

impl TryFrom<TicketRow> for Ticket {
    type Error = sqlx::Error;

    fn try_from(r: TicketRow) -> Result<Self, Self::Error> {
        Ok(Ticket {
            id: TicketId(r.id),
            service_code: r.service_code,
            kind: db::parse_enum(&r.kind)?,
            channel: db::parse_enum(&r.channel)?,
            topic: r.topic,
            description: r.description,
            customer_phone: r.customer_phone,
            customer_name: r.customer_name,
            address_string: r.address_string,
            lat: r.lat,
            long: r.long,
            segment: r.segment.as_deref().map(db::parse_enum).transpose()?,
            lifetime_value: r.lifetime_value,
            line: u8::try_from(r.line).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            agency_responsible: r.agency_responsible,
            status: db::parse_enum(&r.status)?,
            status_notes: r.status_notes,
            expected_datetime: db::parse_ts(&r.expected_datetime)?,
            planned_at: db::parse_date_opt(r.planned_at.as_deref())?,
            fields: db::parse_json_col(&r.fields)?,
            incident_id: r.incident_id.map(IncidentId),
            spot_id: r.spot_id.map(SpotId),
            created_by: r.created_by.map(UserId),
            created_at: db::parse_ts(&r.created_at)?,
            updated_at: db::parse_ts(&r.updated_at)?,
            resolved_at: db::parse_ts_opt(r.resolved_at.as_deref())?,
            version: r.version,
            rating: r.rating.and_then(|v| u8::try_from(v).ok()),
            repeat_of: r.repeat_of.map(TicketId),
            resolution_cause: r.resolution_cause,
            assignee: super::users::actor_of(r.assignee_id, r.assignee_name),
        })
    }
}

/// Loads one ticket.
pub async fn get<'e>(
    ex: impl db::Executor<'e>,
    id: TicketId,
) -> Result<Option<Ticket>, sqlx::Error> {
    let row: Option<TicketRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM tickets WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(ex)
            .await?;
    row.map(Ticket::try_from).transpose()
}

/// Keeps only the tickets of `group` (an engineer's scope, `access::ticket_scope`) when there is
/// one: ` AND <column> = group`, `column` being `agency_responsible` or a qualified form of it.
pub fn push_group(qb: &mut db::QueryBuilder, column: &str, group: Option<&str>) {
    if let Some(group) = group {
        qb.push(format!(" AND {column} = "))
            .push_bind(group.to_owned());
    }
}

/// One customer's tickets (`phone`, E.164), newest first, at most `limit`; `visible_group`
/// (engineers) keeps only that group's.
pub async fn of_customer<'e>(
    ex: impl db::Executor<'e>,
    phone: &str,
    visible_group: Option<&str>,
    limit: usize,
) -> Result<Vec<Ticket>, sqlx::Error> {
    let mut qb: db::QueryBuilder = db::QueryBuilder::new(format!(
        "SELECT {COLUMNS} FROM tickets WHERE customer_phone = "
    ));
    qb.push_bind(phone.to_owned());
    push_group(&mut qb, "agency_responsible", visible_group);
    qb.push(" ORDER BY created_at DESC, id DESC LIMIT ")
        .push_bind(i64::try_from(limit).unwrap_or(i64::MAX));
    let rows: Vec<TicketRow> = qb.build_query_as().fetch_all(ex).await?;
    rows.into_iter().map(Ticket::try_from).collect()
}

/// Inserts a ticket (its `id` is ignored); returns the new id. Also records the creation
/// entry of its history and links it to its incident/spot.
pub async fn insert(tx: &mut Tx, t: &Ticket) -> Result<TicketId, sqlx::Error> {
    let id = sqlx::query_scalar(
        "INSERT INTO tickets (service_code, kind, channel, topic, description, customer_phone, customer_name, \
         address_string, lat, long, segment, lifetime_value, line, agency_responsible, status, status_notes, \
         expected_datetime, planned_at, fields, incident_id, spot_id, created_by, created_at, updated_at, \
         resolved_at, version, rating, assignee_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28) RETURNING id",
    )
    .bind(&t.service_code)
    .bind(db::enum_str(&t.kind))
    .bind(db::enum_str(&t.channel))
    .bind(&t.topic)
    .bind(&t.description)
    .bind(&t.customer_phone)
    .bind(&t.customer_name)
    .bind(&t.address_string)
    .bind(t.lat)
    .bind(t.long)
    .bind(t.segment.as_ref().map(db::enum_str))
    .bind(t.lifetime_value)
    .bind(i64::from(t.line))
    .bind(&t.agency_responsible)
    .bind(t.status.as_str())
    .bind(&t.status_notes)
    .bind(db::ts(t.expected_datetime))
    .bind(t.planned_at.map(|d| d.to_string()))
    .bind(db::json_col(&t.fields))
    .bind(t.incident_id.map(|i| i.0))
    .bind(t.spot_id.map(|i| i.0))
    .bind(t.created_by.map(|u| u.0))
    .bind(db::ts(t.created_at))
    .bind(db::ts(t.updated_at))
    .bind(db::ts_opt(t.resolved_at))
    .bind(t.version)
    .bind(t.rating.map(i64::from))
    .bind(t.assignee.as_ref().map(|a| a.id.0))
    .fetch_one(&mut **tx)
    .await
    .map(TicketId)?;
    record_history(
        tx,
        id,
        t.created_by,
        t.created_at,
        t.version,
        &crate::ticket_patch::creation_changes(t),
    )
    .await?;
    if let Some(incident) = t.incident_id {
        link_incident(tx, incident, id, t.created_at).await?;
    }
    if let Some(spot) = t.spot_id {
        link_spot(tx, spot, id, t.created_at).await?;
    }
    refresh_repeats(tx, &t.customer_phone, t.created_at, t.created_at).await?;
    Ok(id)
}

/// Keeps `repeat_of` (core's `repeat_contact`) right for the tickets of customer `phone`
/// after tickets created between `from` and `to` were added or changed: every ticket of the
/// phone created from `from` to `to` plus the window may now repeat another (a ticket imported
/// into the past can be the predecessor of one registered later). Tickets without a phone are
/// never repeats. Reads only the phone's tickets around the range (an index).
pub async fn refresh_repeats(
    tx: &mut Tx,
    phone: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if phone.is_empty() {
        return Ok(());
    }
    let window = repeat_contact::window();
    let rows: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, created_at, repeat_of FROM tickets \
         WHERE customer_phone = $1 AND created_at >= $2 AND created_at <= $3",
    )
    .bind(phone)
    .bind(db::ts(from - window))
    .bind(db::ts(to + window))
    .fetch_all(&mut **tx)
    .await?;
    let mut times = Vec::with_capacity(rows.len());
    for (id, created, _) in &rows {
        times.push((*id, db::parse_ts(created)?));
    }
    let found = repeat_contact::repeats_of(&times);
    for (((id, created), (_, _, stored)), want) in times.iter().zip(&rows).zip(found) {
        // Earlier tickets of the range may repeat one outside it: only those from `from` on
        // have their whole window read.
        if *created >= from && *stored != want {
            sqlx::query("UPDATE tickets SET repeat_of = $1 WHERE id = $2")
                .bind(want)
                .bind(*id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

/// Records the incident <-> ticket link (idempotent).
pub async fn link_incident(
    tx: &mut Tx,
    incident: IncidentId,
    ticket: TicketId,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO incident_tickets (incident_id, ticket_id, linked_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(incident.0)
        .bind(ticket.0)
        .bind(db::ts(at))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Removes the incident <-> ticket link (when the ticket is linked elsewhere).
pub async fn unlink_incident(
    tx: &mut Tx,
    incident: IncidentId,
    ticket: TicketId,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM incident_tickets WHERE incident_id = $1 AND ticket_id = $2")
        .bind(incident.0)
        .bind(ticket.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Removes the spot <-> ticket link (when the ticket is linked elsewhere).
pub async fn unlink_spot(tx: &mut Tx, spot: SpotId, ticket: TicketId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM spot_tickets WHERE spot_id = $1 AND ticket_id = $2")
        .bind(spot.0)
        .bind(ticket.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records the spot <-> ticket link (idempotent).
pub async fn link_spot(
    tx: &mut Tx,
    spot: SpotId,
    ticket: TicketId,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO spot_tickets (spot_id, ticket_id, linked_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(spot.0)
        .bind(ticket.0)
        .bind(db::ts(at))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Writes the mutable columns of a changed ticket (status, notes, resolution cause, text,
/// routing, deadline, links, assignee, timestamps, version).
pub async fn update(tx: &mut Tx, t: &Ticket) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE tickets SET status = $1, status_notes = $2, description = $3, customer_name = $4, line = $5, \
         agency_responsible = $6, planned_at = $7, topic = $8, fields = $9, expected_datetime = $10, incident_id = $11, \
         spot_id = $12, updated_at = $13, resolved_at = $14, version = $15, rating = $16, \
         resolution_cause = $17, assignee_id = $18 WHERE id = $19",
    )
    .bind(t.status.as_str())
    .bind(&t.status_notes)
    .bind(&t.description)
    .bind(&t.customer_name)
    .bind(i64::from(t.line))
    .bind(&t.agency_responsible)
    .bind(t.planned_at.map(|d| d.to_string()))
    .bind(&t.topic)
    .bind(db::json_col(&t.fields))
    .bind(db::ts(t.expected_datetime))
    .bind(t.incident_id.map(|i| i.0))
    .bind(t.spot_id.map(|i| i.0))
    .bind(db::ts(t.updated_at))
    .bind(db::ts_opt(t.resolved_at))
    .bind(t.version)
    .bind(t.rating.map(i64::from))
    .bind(&t.resolution_cause)
    .bind(t.assignee.as_ref().map(|a| a.id.0))
    .bind(t.id.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Appends a `ticket_history` row: who changed what (`{"field": {"from": .., "to": ..}}`).
pub async fn record_history(
    tx: &mut Tx,
    ticket: TicketId,
    user: Option<UserId>,
    at: DateTime<Utc>,
    version: i64,
    changes: &serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO ticket_history (ticket_id, user_id, at, version, changes) VALUES ($1, $2, $3, $4, $5)")
        .bind(ticket.0)
        .bind(user.map(|u| u.0))
        .bind(db::ts(at))
        .bind(version)
        .bind(changes.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One stored history entry, with the display name of its author.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    /// When.
    pub at: String,
    /// The version the change produced.
    pub version: i64,
    /// `{"field": {"from": .., "to": ..}}`.
    pub changes: String,
    /// Who (`None`: the system).
    pub user_id: Option<UserId>,
    /// Their display name.
    pub display_name: Option<String>,
}

/// A ticket's history rows, oldest first.
pub async fn history<'e>(
    ex: impl db::Executor<'e>,
    ticket: TicketId,
) -> Result<Vec<HistoryRow>, sqlx::Error> {
    /// A history row as stored.
    #[derive(sqlx::FromRow)]
    struct Stored {
        at: String,
        version: i64,
        changes: String,
        user_id: Option<i64>,
        display_name: Option<String>,
    }
    let rows: Vec<Stored> = sqlx::query_as(
        "SELECT h.at, h.version, h.changes, h.user_id, u.display_name FROM ticket_history h \
         LEFT JOIN users u ON u.id = h.user_id WHERE h.ticket_id = $1 ORDER BY h.id",
    )
    .bind(ticket.0)
    .fetch_all(ex)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| HistoryRow {
            at: r.at,
            version: r.version,
            changes: r.changes,
            user_id: r.user_id.map(UserId),
            display_name: r.display_name,
        })
        .collect())
}

/// A latitude/longitude box (degrees, inclusive) for the nearby-tickets prefilter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub min_lat: f64,
    pub max_lat: f64,
    /// `None`: any longitude (the box would cross the antimeridian or a pole).
    pub long: Option<(f64, f64)>,
}

/// Open tickets inside a box (the index prefilter; the caller measures exact distances),
/// optionally of one service and one assignee group.
pub async fn open_in_box<'e>(
    ex: impl db::Executor<'e>,
    bbox: BoundingBox,
    service_code: Option<&str>,
    group: Option<&str>,
) -> Result<Vec<Ticket>, sqlx::Error> {
    let mut qb: db::QueryBuilder =
        db::QueryBuilder::new(format!("SELECT {COLUMNS} FROM tickets WHERE lat BETWEEN "));
    qb.push_bind(bbox.min_lat)
        .push(" AND ")
        .push_bind(bbox.max_lat);
    if let Some((min_long, max_long)) = bbox.long {
        qb.push(" AND long BETWEEN ")
            .push_bind(min_long)
            .push(" AND ")
            .push_bind(max_long);
    }
    qb.push(" AND status NOT IN ('resolved', 'closed')");
    if let Some(code) = service_code {
        qb.push(" AND service_code = ").push_bind(code.to_owned());
    }
    push_group(&mut qb, "agency_responsible", group);
    let rows: Vec<TicketRow> = qb.build_query_as().fetch_all(ex).await?;
    rows.into_iter().map(Ticket::try_from).collect()
}

/// The filters, order and position of one `GET /tickets` page, already validated.
#[derive(Debug, Clone, Default)]
pub struct ListSpec {
    /// Any of these statuses (empty: all).
    pub statuses: Vec<TicketStatus>,
    /// Exact service code.
    pub service_code: Option<String>,
    /// Exact support line.
    pub line: Option<u8>,
    /// Exact assignee group.
    pub group: Option<String>,
    /// Linked to this incident.
    pub incident_id: Option<IncidentId>,
    /// Assigned to this person.
    pub assignee: Option<UserId>,
    /// `Some(true)`: open and past the deadline; `Some(false)`: the rest.
    pub overdue: Option<bool>,
    /// Search text: a substring of description, address, topic, customer name, phone or the
    /// previous system's id; a ticket number; a phone in any notation (see
    /// [`push_text_match`]).
    pub q: Option<String>,
    /// Created at or after.
    pub from: Option<DateTime<Utc>>,
    /// Created before.
    pub to: Option<DateTime<Utc>>,
    /// Order.
    pub sort: TicketSort,
    /// Keyset position: the sort key (stored text) and id of the last row of the previous page.
    pub after: Option<(String, TicketId)>,
    /// Page size.
    pub limit: u32,
    /// Engineers: only this group.
    pub visible_group: Option<String>,
    /// "now" for the overdue filter.
    pub now: DateTime<Utc>,
}

/// The sort column of an order.
pub fn sort_column(sort: TicketSort) -> &'static str {
    match sort {
        TicketSort::CreatedDesc | TicketSort::CreatedAsc => "created_at",
        TicketSort::DeadlineAsc => "expected_datetime",
    }
}

/// The stored sort key of a ticket for an order.
pub fn sort_key(sort: TicketSort, t: &Ticket) -> String {
    match sort {
        TicketSort::CreatedDesc | TicketSort::CreatedAsc => db::ts(t.created_at),
        TicketSort::DeadlineAsc => db::ts(t.expected_datetime),
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern.
fn like_pattern(q: &str) -> String {
    let mut p = String::with_capacity(q.len() + 2);
    p.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Case variants of a search text for `LIKE`: as typed, lower case, upper case, each word
/// capitalised and the first letter capitalised. SQLite's `LIKE` and `LOWER` fold ASCII letters only, so `иванов` finds
/// `Иванов` through its capitalised variant (PostgreSQL's `LOWER` folds every letter).
pub fn case_variants(q: &str) -> Vec<String> {
    let title: String = q
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ");
    let lower = q.to_lowercase();
    let mut chars = lower.chars();
    let sentence: String = match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    let mut v = vec![q.to_owned(), lower, q.to_uppercase(), title, sentence];
    v.sort();
    v.dedup();
    v
}

/// `LIKE` patterns of every case variant of `q`.
fn like_variants(q: &str) -> Vec<String> {
    case_variants(q).iter().map(|v| like_pattern(v)).collect()
}

/// ` OR ...`: column `col` contains `text` in any case. LOWER on both sides, since
/// PostgreSQL's LIKE does not ignore case (its LOWER folds every letter); plus each of
/// [`case_variants`], since SQLite's LOWER and LIKE fold ASCII letters only.
pub fn push_contains(qb: &mut db::QueryBuilder, col: &str, text: &str) {
    qb.push(format!(" OR LOWER({col}) LIKE LOWER("))
        .push_bind(like_pattern(text))
        .push(") ESCAPE '\\'");
    for p in like_variants(text) {
        qb.push(format!(" OR {col} LIKE "))
            .push_bind(p)
            .push(" ESCAPE '\\'");
    }
}

/// ` AND (...)`: the ticket matches search text `q` (the rules of "find anything",
/// `spotdesk_core::find`): its number, its phone in any notation (E.164 as stored), digits of
/// a phone as typed, or a case-tolerant substring of description, address, topic, customer
/// name or previous system's id.
fn push_text_match(qb: &mut db::QueryBuilder, q: &str) {
    let find = parse_find(q);
    qb.push(" AND (1 = 0");
    if let Some(n) = find.number {
        qb.push(" OR id = ").push_bind(n);
    }
    if let Some(phone) = &find.phone {
        qb.push(" OR customer_phone = ").push_bind(phone.clone());
    } else if let Some(digits) = phone_digits(q) {
        qb.push(" OR customer_phone LIKE ")
            .push_bind(format!("%{digits}%"));
    }
    if find.phone.is_none() {
        for col in [
            "description",
            "address_string",
            "topic",
            "customer_name",
            "external_id",
        ] {
            push_contains(qb, col, q.trim());
        }
    }
    qb.push(")");
}

/// The digits of a search text that looks like (part of) a phone number as typed, e.g.
/// `912 345-67` -> `91234567`, so it matches the stored E.164 form; `None` for other text
/// or fewer than 3 digits.
fn phone_digits(q: &str) -> Option<String> {
    let phone_like = q
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.'));
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    (phone_like && digits.len() >= 3).then_some(digits)
}

/// One page: up to `limit + 1` rows (the extra row tells whether there is a next page).
pub async fn list<'e>(
    ex: impl db::Executor<'e>,
    spec: &ListSpec,
) -> Result<Vec<Ticket>, sqlx::Error> {
    let mut qb: db::QueryBuilder =
        db::QueryBuilder::new(format!("SELECT {COLUMNS} FROM tickets WHERE 1 = 1"));
    if !spec.statuses.is_empty() {
        qb.push(" AND status IN (");
        for (i, s) in spec.statuses.iter().enumerate() {
            if i > 0 {
                qb.push(", ");
            }
            qb.push_bind(s.as_str());
        }
        qb.push(")");
    }
    if let Some(code) = &spec.service_code {
        qb.push(" AND service_code = ").push_bind(code.clone());
    }
    if let Some(line) = spec.line {
        qb.push(" AND line = ").push_bind(i64::from(line));
    }
    push_group(&mut qb, "agency_responsible", spec.group.as_deref());
    if let Some(incident) = spec.incident_id {
        qb.push(" AND incident_id = ").push_bind(incident.0);
    }
    if let Some(assignee) = spec.assignee {
        qb.push(" AND assignee_id = ").push_bind(assignee.0);
    }
    push_group(&mut qb, "agency_responsible", spec.visible_group.as_deref());
    if let Some(overdue) = spec.overdue {
        qb.push(if overdue { " AND (" } else { " AND NOT (" });
        qb.push("status NOT IN ('resolved', 'closed') AND expected_datetime < ")
            .push_bind(db::ts(spec.now));
        qb.push(")");
    }
    if let Some(q) = &spec.q {
        push_text_match(&mut qb, q);
    }
    if let Some(from) = spec.from {
        qb.push(" AND created_at >= ").push_bind(db::ts(from));
    }
    if let Some(to) = spec.to {
        qb.push(" AND created_at < ").push_bind(db::ts(to));
    }
    let col = sort_column(spec.sort);
    let (cmp, dir) = match spec.sort {
        TicketSort::CreatedDesc => ("<", "DESC"),
        TicketSort::CreatedAsc | TicketSort::DeadlineAsc => (">", "ASC"),
    };
    if let Some((key, id)) = &spec.after {
        qb.push(format!(" AND ({col}, id) {cmp} ("));
        qb.push_bind(key.clone())
            .push(", ")
            .push_bind(id.0)
            .push(")");
    }
    qb.push(format!(" ORDER BY {col} {dir}, id {dir} LIMIT "));
    qb.push_bind(i64::from(spec.limit) + 1);
    let rows: Vec<TicketRow> = qb.build_query_as().fetch_all(ex).await?;
    rows.into_iter().map(Ticket::try_from).collect()
}

#[cfg(test)]
mod tests {
    use super::{like_pattern, phone_digits};

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("a%b_c\\"), "%a\\%b\\_c\\\\%");
    }

    #[test]
    fn phone_shaped_searches_match_by_digits() {
        assert_eq!(phone_digits("912 345-67").as_deref(), Some("91234567"));
        assert_eq!(phone_digits("+7 (912)").as_deref(), Some("7912"));
        assert_eq!(phone_digits("12"), None);
        assert_eq!(phone_digits("flat 12 345"), None);
    }
}
