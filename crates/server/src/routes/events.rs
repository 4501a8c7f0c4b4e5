//! `GET /events`: the change stream (server-sent events) with replay from `Last-Event-ID`.

use crate::auth::{authenticate, bearer_token};
use crate::db::Pool;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::state::AppState;
use crate::store::events;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use spotdesk_api::{ChangeEvent, ErrorBody};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use utoipa::IntoParams;

/// Seconds of silence before a `heartbeat` event.
const HEARTBEAT_SECS: u64 = 15;
/// Events read from the database at a time.
const BATCH: i64 = 500;

/// `GET /events` query, for clients (like `EventSource`) that cannot set headers.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Replay changes after this sequence number (the `Last-Event-ID` header wins if both are sent).
    pub last_event_id: Option<i64>,
    /// Bearer token, when the `Authorization` header cannot be sent.
    pub access_token: Option<String>,
}

/// Where a stream is: the last sequence number sent and what is buffered.
struct Tail {
    db: Pool,
    changes: broadcast::Receiver<i64>,
    shutdown: watch::Receiver<bool>,
    last: i64,
    buffer: VecDeque<ChangeEvent>,
}

/// Resolves when the server shuts down (never, if the signal is gone).
async fn shutting_down(rx: &mut watch::Receiver<bool>) {
    if rx.wait_for(|down| *down).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// The next SSE event of a stream, or `None` when it ends (shutdown or database failure;
/// the client reconnects with `Last-Event-ID`).
async fn next(mut t: Tail) -> Option<(Result<Event, Infallible>, Tail)> {
    loop {
        if let Some(change) = t.buffer.pop_front() {
            t.last = change.seq;
            let data = serde_json::to_string(&change).unwrap_or_default();
            let event = Event::default()
                .event("change")
                .id(change.seq.to_string())
                .data(data);
            return Some((Ok(event), t));
        }
        match events::after(&t.db, t.last, BATCH).await {
            Ok(batch) if !batch.is_empty() => {
                t.buffer.extend(batch);
                continue;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "event stream ended by a database error");
                return None;
            }
        }
        tokio::select! {
            received = t.changes.recv() => {
                if let Err(broadcast::error::RecvError::Closed) = received {
                    return None;
                }
            }
            () = shutting_down(&mut t.shutdown) => return None,
        }
    }
}

/// Parses the `Last-Event-ID` header, if sent.
fn last_event_id(headers: &HeaderMap) -> ApiResult<Option<i64>> {
    headers
        .get("Last-Event-ID")
        .map(|v| {
            v.to_str()
                .ok()
                .and_then(|s| s.trim().parse::<i64>().ok())
                .ok_or_else(|| {
                    ApiError::bad_field("Last-Event-ID", "invalid", "expected a sequence number")
                })
        })
        .transpose()
}

/// Live changes as server-sent events: `event: change`, `id: <seq>`, `data: <ChangeEvent JSON>`.
///
/// With `Last-Event-ID` (header or `last_event_id` parameter) every later change is replayed
/// first; without it the stream starts with the next change. An `event: heartbeat` is sent
/// every 15 s of silence.
/// Authenticate with the `Authorization` header or the `access_token` parameter.
#[utoipa::path(get, path = "/events", tag = "events", operation_id = "events",
    security(("bearer" = [])),
    params(
        EventsQuery,
        ("Last-Event-ID" = Option<i64>, Header, description = "Replay changes after this sequence number"),
    ),
    responses(
        (status = 200, description = "An endless `text/event-stream`; each `data` line is a ChangeEvent",
            content_type = "text/event-stream", body = ChangeEvent),
        (status = 400, description = "Malformed Last-Event-ID", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<EventsQuery>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let token = bearer_token(&headers)?.or(q.access_token.filter(|t| !t.is_empty()));
    let Some(token) = token else {
        return Err(ApiError::unauthenticated(
            "sign in first: send a bearer token or access_token",
        ));
    };
    authenticate(&state.db, &token).await?;
    // Subscribe before reading, so no change committed in between is missed.
    let changes = state.changes.subscribe();
    let last = match last_event_id(&headers)?.or(q.last_event_id) {
        Some(n) => n,
        None => events::latest(&state.db).await?,
    };
    let tail = Tail {
        db: state.db.clone(),
        changes,
        shutdown: state.shutdown.subscribe(),
        last,
        buffer: VecDeque::new(),
    };
    let stream = stream::unfold(tail, next);
    // The keep-alive is a named `heartbeat` event (not a comment) so browser clients can see
    // it and detect a silently dead connection.
    let heartbeat = Event::default().event("heartbeat").data("{}");
    Ok(Sse::new(stream).keep_alive(
        KeepAlive::new()
            .interval(Duration::from_secs(HEARTBEAT_SECS))
            .event(heartbeat),
    ))
}
