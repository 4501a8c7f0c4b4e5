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
    /// The configuration (the catalogue document) was replaced through
    /// `PUT /admin/configuration`; `id` is its new version. Every server process already
    /// uses it; clients refetch `GET /catalogue` (and administrators
    /// `GET /admin/configuration`).
    Configuration,
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

/// A short-lived, single-use ticket that opens one `GET /events` stream
/// (`POST /events/stream-tickets`).
///
/// Browsers' `EventSource` cannot send an `Authorization` header, and a bearer token in a URL
/// is kept by proxies' logs and the browser's history. A stream ticket may sit in the URL:
/// it opens one stream within [`STREAM_TICKET_SECONDS`] and is worthless after that. The
/// stream it opens belongs to the session that asked for it and ends with that session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StreamTicket {
    /// Opaque; send it as `GET /events?stream_ticket=...`.
    pub ticket: String,
    /// After this instant the ticket opens nothing.
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// How long a [`StreamTicket`] stays usable, in seconds.
pub const STREAM_TICKET_SECONDS: i64 = 60;

/// Why the server ended a stream: the `data` of its last event, `event: signed-out`.
///
/// After it the stream closes; the session is over, so the client signs the user out instead
/// of reconnecting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamEnd {
    /// `session_ended`: signed out, expired, password changed or the user disabled.
    pub reason: String,
}

/// SSE event name of the last event of a stream whose session ended.
pub const SIGNED_OUT_EVENT: &str = "signed-out";
