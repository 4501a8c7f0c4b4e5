//! What the ticket history import (`crate::ticket_import`) reads and writes beyond
//! `store::tickets`: past tickets inserted many at a time with the previous system's id
//! (`tickets.external_id`) and their history entries, the addresses of the register a file
//! refers to, and overwriting an imported ticket from a newer export (`--replace`).

use crate::db::{self, Executor, QueryBuilder, Tx};
use chrono::{DateTime, Utc};
use spotdesk_api::{Ticket, TicketId};
use std::collections::HashMap;

/// Rows the import looks up and writes together.
pub const MAX_BATCH: usize = 250;
/// Tickets in one `INSERT` (22 arguments each): sqlx names every argument of a SQLite
/// statement at a cost that grows with their number, so a few hundred rows write faster than
/// a thousand.
const TICKETS_PER_STATEMENT: usize = 50;
/// History entries in one `INSERT` (4 arguments each).
const HISTORY_PER_STATEMENT: usize = 250;

/// One `ticket_history` entry to write (no author: the import's).
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    /// The ticket.
    pub ticket: TicketId,
    /// When the change happened.
    pub at: DateTime<Utc>,
    /// The version it gave the ticket.
    pub version: i64,
    /// `{"field": {"from": .., "to": ..}}`.
    pub changes: serde_json::Value,
}

/// Inserts tickets (ids ignored; no links, fields, author or rating) each under its previous
/// system's id; their new ids by previous-system id. The caller writes their history
/// ([`add_history`]).
pub async fn insert(
    tx: &mut Tx,
    rows: &[(String, Ticket)],
) -> Result<HashMap<String, TicketId>, sqlx::Error> {
    let mut ids = HashMap::with_capacity(rows.len());
    for chunk in rows.chunks(TICKETS_PER_STATEMENT) {
        let mut q = QueryBuilder::new(
            "INSERT INTO tickets (service_code, kind, channel, topic, description, customer_phone, \
             customer_name, address_string, lat, long, segment, line, agency_responsible, status, \
             status_notes, expected_datetime, fields, created_at, updated_at, resolved_at, version, \
             external_id) VALUES ",
        );
        for (i, (external, t)) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push("(")
                .push_bind(t.service_code.clone())
                .push(", ")
                .push_bind(db::enum_str(&t.kind))
                .push(", ")
                .push_bind(db::enum_str(&t.channel))
                .push(", ")
                .push_bind(t.topic.clone())
                .push(", ")
                .push_bind(t.description.clone())
                .push(", ")
                .push_bind(t.customer_phone.clone())
                .push(", ")
                .push_bind(t.customer_name.clone())
                .push(", ")
                .push_bind(t.address_string.clone())
                .push(", ")
                .push_bind(t.lat)
                .push(", ")
                .push_bind(t.long)
                .push(", ")
                .push_bind(t.segment.as_ref().map(db::enum_str))
                .push(", ")
                .push_bind(i64::from(t.line))
                .push(", ")
                .push_bind(t.agency_responsible.clone())
                .push(", ")
                .push_bind(t.status.as_str())
                .push(", ")
                .push_bind(t.status_notes.clone())
                .push(", ")
                .push_bind(db::ts(t.expected_datetime))
                .push(", ")
                .push_bind(db::json_col(&t.fields))
                .push(", ")
                .push_bind(db::ts(t.created_at))
                .push(", ")
                .push_bind(db::ts(t.updated_at))
                .push(", ")
                .push_bind(db::ts_opt(t.resolved_at))
                .push(", ")
                .push_bind(t.version)
                .push(", ")
                .push_bind(external.clone())
                .push(")");
        }
        q.build().execute(&mut **tx).await?;
        let externals: Vec<String> = chunk.iter().map(|(e, _)| e.clone()).collect();
        ids.extend(existing(&mut **tx, &externals).await?);
    }
    Ok(ids)
}

/// Appends history entries, many at a time.
pub async fn add_history(tx: &mut Tx, entries: &[HistoryEntry]) -> Result<(), sqlx::Error> {
    for chunk in entries.chunks(HISTORY_PER_STATEMENT) {
        let mut q = QueryBuilder::new(
            "INSERT INTO ticket_history (ticket_id, user_id, at, version, changes) VALUES ",
        );
        for (i, e) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push("(")
                .push_bind(e.ticket.0)
                .push(", NULL, ")
                .push_bind(db::ts(e.at))
                .push(", ")
                .push_bind(e.version)
                .push(", ")
                .push_bind(e.changes.to_string())
                .push(")");
        }
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// An address of the register: its text and point.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterAddress {
    /// The full address text.
    pub address: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub long: f64,
}

/// The addresses of the register with these ids (missing ids are absent from the answer).
pub async fn addresses<'e>(
    ex: impl Executor<'e>,
    ids: &[String],
) -> Result<HashMap<String, RegisterAddress>, sqlx::Error> {
    let mut found = HashMap::new();
    if ids.is_empty() {
        return Ok(found);
    }
    let mut q = QueryBuilder::new("SELECT id, address, lat, long FROM addresses WHERE id IN (");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind(id.clone());
    }
    q.push(")");
    let rows: Vec<(String, String, f64, f64)> = q.build_query_as().fetch_all(ex).await?;
    for (id, address, lat, long) in rows {
        found.insert(id, RegisterAddress { address, lat, long });
    }
    Ok(found)
}

/// The tickets already imported under these previous-system ids.
pub async fn existing<'e>(
    ex: impl Executor<'e>,
    external_ids: &[String],
) -> Result<HashMap<String, TicketId>, sqlx::Error> {
    let mut found = HashMap::new();
    if external_ids.is_empty() {
        return Ok(found);
    }
    let mut q = QueryBuilder::new("SELECT external_id, id FROM tickets WHERE external_id IN (");
    for (i, id) in external_ids.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind(id.clone());
    }
    q.push(")");
    let rows: Vec<(String, i64)> = q.build_query_as().fetch_all(ex).await?;
    for (external, id) in rows {
        found.insert(external, TicketId(id));
    }
    Ok(found)
}

/// Writes every column an import file sets (service, kind, channel, texts, place, routing,
/// status, times, deadline) and the version of an imported ticket; links, fields, rating and
/// author stay.
pub async fn overwrite(tx: &mut Tx, t: &Ticket) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE tickets SET service_code = $1, kind = $2, channel = $3, topic = $4, \
         description = $5, customer_phone = $6, customer_name = $7, address_string = $8, \
         lat = $9, long = $10, segment = $11, line = $12, agency_responsible = $13, status = $14, \
         status_notes = $15, expected_datetime = $16, created_at = $17, updated_at = $18, \
         resolved_at = $19, version = $20 WHERE id = $21",
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
    .bind(i64::from(t.line))
    .bind(&t.agency_responsible)
    .bind(t.status.as_str())
    .bind(&t.status_notes)
    .bind(db::ts(t.expected_datetime))
    .bind(db::ts(t.created_at))
    .bind(db::ts(t.updated_at))
    .bind(db::ts_opt(t.resolved_at))
    .bind(t.version)
    .bind(t.id.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many tickets were imported from a previous system.
pub async fn count<'e>(ex: impl Executor<'e>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM tickets WHERE external_id IS NOT NULL")
        .fetch_one(ex)
        .await
}
