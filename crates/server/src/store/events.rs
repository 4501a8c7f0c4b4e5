//! The `events` change log behind `GET /events`.

use crate::db::Pool;
use crate::db::{self, Tx};
use chrono::{DateTime, Utc};
use spotdesk_api::{ChangeAction, ChangeEvent, EntityKind, IncidentId, SpotId, TicketId};

/// What changed: the kind of object with its typed id (a change event's `entity` and `id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    Ticket(TicketId),
    Incident(IncidentId),
    Spot(SpotId),
    /// The list of burst proposals (stored with id 0).
    Proposals,
    /// The configuration document, replaced as this version (stored as the id).
    Configuration {
        /// The new version.
        version: i64,
    },
}

impl Changed {
    /// The event's `entity`.
    pub fn kind(self) -> EntityKind {
        match self {
            Changed::Ticket(_) => EntityKind::Ticket,
            Changed::Incident(_) => EntityKind::Incident,
            Changed::Spot(_) => EntityKind::Spot,
            Changed::Proposals => EntityKind::Proposal,
            Changed::Configuration { .. } => EntityKind::Configuration,
        }
    }

    /// The event's `id` (the `entity_id` column).
    fn column(self) -> i64 {
        match self {
            Changed::Ticket(id) => id.0,
            Changed::Incident(id) => id.0,
            Changed::Spot(id) => id.0,
            Changed::Proposals => 0,
            Changed::Configuration { version } => version,
        }
    }
}

/// Appends a change inside the caller's transaction; returns its sequence number.
///
/// A ticket's change is stamped with the ticket's group as it stands in the transaction, so
/// that a stream shows it only to those who may see the ticket.
pub async fn record(
    tx: &mut Tx,
    changed: Changed,
    action: ChangeAction,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let ticket_group: Option<String> = match changed {
        Changed::Ticket(id) => {
            sqlx::query_scalar("SELECT agency_responsible FROM tickets WHERE id = $1")
                .bind(id.0)
                .fetch_optional(&mut **tx)
                .await?
        }
        _ => None,
    };
    sqlx::query_scalar(
        "INSERT INTO events (entity, entity_id, action, at, ticket_group) \
         VALUES ($1, $2, $3, $4, $5) RETURNING seq",
    )
    .bind(db::enum_str(&changed.kind()))
    .bind(changed.column())
    .bind(db::enum_str(&action))
    .bind(db::ts(at))
    .bind(ticket_group)
    .fetch_one(&mut **tx)
    .await
}

/// A change as stored: the event and, for tickets, the ticket's group at the change.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    /// The change as clients see it.
    pub event: ChangeEvent,
    /// The ticket's group when it changed (`None` for other kinds).
    pub ticket_group: Option<String>,
}

/// Up to `limit` changes with a sequence number above `after`, oldest first.
pub async fn after(pool: &Pool, after: i64, limit: i64) -> Result<Vec<Stored>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT seq, entity, entity_id, action, at, ticket_group FROM events \
         WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(seq, entity, id, action, at, ticket_group)| {
            Ok(Stored {
                event: ChangeEvent {
                    seq,
                    entity: db::parse_enum(&entity)?,
                    id,
                    action: db::parse_enum(&action)?,
                    at: db::parse_ts(&at)?,
                },
                ticket_group,
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
