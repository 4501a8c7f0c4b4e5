//! The server-sent-events change stream (`GET /events`).

use serde::{Deserialize, Serialize};

/// Which kind of object changed.
///
/// A customer's rating of a fix (`POST /public/ratings/{token}`) is announced as `updated` of
/// what was fixed: the `spot`, `incident` or `ticket` named by the rating's `source` and
/// `source_id`. Dashboards refetch `GET /ratings` on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Ticket,
    Incident,
    Spot,
    /// The list of burst proposals changed (one was dismissed); `id` is 0. Refetch
    /// `GET /incidents/proposals`.
    Proposal,
}

/// What happened to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    Created,
    Updated,
}

/// One change, sent as SSE `event: change`, `id: <seq>`, `data: <this as JSON>`.
///
/// Clients reconnect with `Last-Event-ID: <seq>` and receive every later change; they fetch
/// the object itself through the normal endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeEvent {
    /// Monotonic sequence number of the change.
    pub seq: i64,
    pub entity: EntityKind,
    pub id: i64,
    pub action: ChangeAction,
    pub at: chrono::DateTime<chrono::Utc>,
}
