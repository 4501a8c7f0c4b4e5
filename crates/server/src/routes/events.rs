//! `GET /events`: the change stream (server-sent events) with replay from `Last-Event-ID`,
//! and `POST /events/stream-tickets`, which lets a browser open it without a token in the URL.
//!
//! A stream carries only the changes its reader may see ([`access::may_see_change`]) and ends
//! with its session: an `event: signed-out` is its last event (see [`crate::stream_sessions`]).

use crate::access;
use crate::auth::{authenticate, authenticate_hash, bearer_token, AuthUser};
use crate::db::Pool;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use crate::store::{events, stream_tickets};
use crate::stream_sessions::SessionWatch;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use spotdesk_api::{
    field_codes, ChangeEvent, ErrorBody, StreamEnd, StreamTicket, SIGNED_OUT_EVENT,
};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use utoipa::IntoParams;

/// Seconds of silence before a `heartbeat` event.
pub const HEARTBEAT_SECS: u64 = 15;
/// Events read from the database at a time.
const BATCH: i64 = 500;

/// `GET /events` query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Replay changes after this sequence number (the `Last-Event-ID` header wins if both are sent).
    pub last_event_id: Option<i64>,
    /// A single-use ticket from `POST /events/stream-tickets`, for clients (like `EventSource`)
    /// that cannot send the `Authorization` header.
    pub stream_ticket: Option<String>,
    /// Not accepted: a bearer token must never ride in a URL (400). Use `stream_ticket`.
    pub access_token: Option<String>,
}

/// Where a stream is: the last sequence number read, what is buffered, and whose it is.
struct Tail {
    db: Pool,
    changes: broadcast::Receiver<i64>,
    shutdown: watch::Receiver<bool>,
    last: i64,
    buffer: VecDeque<ChangeEvent>,
    /// The engineer's group (only its tickets' changes are sent); `None`: everything.
    scope: Option<String>,
    /// Ends the stream when the session ends.
    session: SessionWatch,
    /// When the session expires by itself.
    expires: tokio::time::Instant,
    /// The `signed-out` event was sent: the stream is over.
    over: bool,
}

/// Resolves when the server shuts down (never, if the signal is gone).
async fn shutting_down(rx: &mut watch::Receiver<bool>) {
    if rx.wait_for(|down| *down).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// The last event of a stream whose session ended.
fn signed_out() -> Event {
    let end = StreamEnd {
        reason: "session_ended".to_owned(),
    };
    Event::default()
        .event(SIGNED_OUT_EVENT)
        .data(serde_json::to_string(&end).unwrap_or_default())
}

/// The next SSE event of a stream, or `None` when it ends (shutdown, database failure, or
/// after `signed-out`; the client reconnects with `Last-Event-ID` unless signed out).
async fn next(mut t: Tail) -> Option<(Result<Event, Infallible>, Tail)> {
    loop {
        if t.over {
            return None;
        }
        if let Some(change) = t.buffer.pop_front() {
            let data = serde_json::to_string(&change).unwrap_or_default();
            let event = Event::default()
                .event("change")
                .id(change.seq.to_string())
                .data(data);
            return Some((Ok(event), t));
        }
        match events::after(&t.db, t.last, BATCH).await {
            Ok(batch) if !batch.is_empty() => {
                t.last = batch.last().map_or(t.last, |s| s.event.seq);
                let scope = t.scope.as_deref();
                t.buffer.extend(
                    batch
                        .into_iter()
                        .filter(|s| {
                            access::may_see_change(scope, s.event.entity, s.ticket_group.as_deref())
                        })
                        .map(|s| s.event),
                );
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
            () = t.session.ended() => {
                t.over = true;
                return Some((Ok(signed_out()), t));
            }
            () = tokio::time::sleep_until(t.expires) => {
                t.over = true;
                return Some((Ok(signed_out()), t));
            }
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
                    ApiError::bad_field(
                        "Last-Event-ID",
                        field_codes::INVALID,
                        "expected a sequence number",
                    )
                })
        })
        .transpose()
}

/// Live changes as server-sent events: `event: change`, `id: <seq>`, `data: <ChangeEvent JSON>`.
///
/// With `Last-Event-ID` (header or `last_event_id` parameter) every later change is replayed
/// first; without it the stream starts with the next change. An `event: heartbeat` with
/// `data: {}` is sent every 15 s of silence.
///
/// Authenticate with the `Authorization` header, or with `stream_ticket` (from
/// `POST /events/stream-tickets`) where headers cannot be sent. A bearer token in the URL
/// (`access_token`) is refused with 400.
///
/// The stream carries only changes the reader may see: an engineer is told of ticket
/// changes of their own group only (by the ticket's group after the change), and of every
/// incident, spot and proposal change. It belongs to the session that opened it: within a few
/// seconds of that session ending (sign-out anywhere, expiry, a password change, the user
/// disabled) the server sends `event: signed-out` with `data: {"reason":"session_ended"}`
/// and closes the stream; the client should then sign the user out, not reconnect.
#[utoipa::path(get, path = "/events", tag = "events", operation_id = "events",
    security(("bearer" = [])),
    params(
        EventsQuery,
        ("Last-Event-ID" = Option<i64>, Header, description = "Replay changes after this sequence number"),
    ),
    responses(
        (status = 200, description = "An endless `text/event-stream`; each `change` event's `data` is a ChangeEvent; the last event of a stream whose session ended is `signed-out` with a StreamEnd",
            content_type = "text/event-stream", body = ChangeEvent),
        (status = 400, description = "Malformed Last-Event-ID, or a token in the URL (`access_token`)", body = ErrorBody),
        (status = 401, description = "Not signed in, or the stream ticket is unknown, used or expired", body = ErrorBody),
    ))]
pub async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<EventsQuery>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    if q.access_token.is_some() {
        return Err(ApiError::bad_field(
            "access_token",
            field_codes::UNSUPPORTED,
            "a token must not be sent in a URL: send Authorization: Bearer, or get a \
             single-use stream_ticket from POST /events/stream-tickets",
        ));
    }
    let now = state.clock.now();
    let user = match (
        bearer_token(&headers)?,
        q.stream_ticket.filter(|t| !t.is_empty()),
    ) {
        (Some(token), _) => authenticate(&state.db, &token, now).await?,
        (None, Some(ticket)) => {
            let Some(session) = stream_tickets::redeem(&state.db, &ticket, now).await? else {
                return Err(ApiError::unauthenticated(
                    "the stream ticket is unknown, used or expired; get a new one",
                ));
            };
            authenticate_hash(&state.db, session, now).await?
        }
        (None, None) => {
            return Err(ApiError::unauthenticated(
                "sign in first: send a bearer token, or a stream_ticket",
            ))
        }
    };
    access::EVENTS.check(&user)?;
    // Watch the session and subscribe before reading, so nothing in between is missed.
    let session = state.stream_sessions.watch(&user.token_hash);
    let changes = state.changes.subscribe();
    let last = match last_event_id(&headers)?.or(q.last_event_id) {
        Some(n) => n,
        None => events::latest(&state.db).await?,
    };
    let left = (user.session_expires_at - now)
        .to_std()
        .unwrap_or(Duration::ZERO);
    let tail = Tail {
        db: state.db.clone(),
        changes,
        shutdown: state.shutdown.subscribe(),
        last,
        buffer: VecDeque::new(),
        scope: access::ticket_scope(&user).map(str::to_owned),
        session,
        expires: tokio::time::Instant::now() + left,
        over: false,
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

/// A single-use ticket that opens one event stream of this session within 60 s, for
/// browsers, whose `EventSource` cannot send `Authorization`: `GET /events?stream_ticket=...`.
/// The stream it opens belongs to this session and ends with it.
#[utoipa::path(post, path = "/events/stream-tickets", tag = "events", operation_id = "createStreamTicket",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The ticket", body = StreamTicket),
        SignedIn,
    ))]
pub async fn create_stream_ticket(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<(StatusCode, Json<StreamTicket>)> {
    access::STREAM_TICKET.check(&user)?;
    let (ticket, expires_at) = stream_tickets::issue(
        &state.db,
        &user.token_hash,
        user.session_expires_at,
        state.clock.now(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(StreamTicket { ticket, expires_at }),
    ))
}
