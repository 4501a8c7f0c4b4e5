//! Comments on tickets: list, add (idempotent).

use crate::access;
use crate::auth::AuthUser;
use crate::commit::commit_and_announce;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, IdParam, IdempotencyKey};
use crate::openapi::responses::{JsonBody, SignedIn};
use crate::state::AppState;
use crate::store::events::{self, Changed};
use crate::store::idempotency::{self, Prior};
use crate::store::{comments, outbox};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use spotdesk_api::{
    field_codes, Actor, ChangeAction, Comment, CommentKind, ErrorBody, NewComment, TicketId,
};
use spotdesk_core::validate::MAX_REPLY;

/// Idempotency scope of adding comments.
const SCOPE: &str = "ticket_comments";
/// Longest comment, in characters after trimming.
pub const MAX_COMMENT: usize = 4000;

/// A ticket's comments, oldest first.
#[utoipa::path(get, path = "/tickets/{id}/comments", tag = "tickets", operation_id = "listTicketComments",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "The comments, oldest first", body = Vec<Comment>),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 404, description = "No such ticket, or not visible to the caller", body = ErrorBody),
        SignedIn,
    ))]
pub async fn list_comments(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(IdParam { id }): ApiPath<IdParam<TicketId>>,
) -> ApiResult<Json<Vec<Comment>>> {
    access::LIST_COMMENTS.check(&user)?;
    let mut tx = state.db.begin().await?;
    access::visible_ticket(&mut *tx, &user, id).await?;
    let list = comments::list(&mut *tx, id).await?;
    tx.rollback().await?;
    Ok(Json(list))
}

/// Adds a comment to a ticket.
///
/// Requires `Idempotency-Key`: repeating the same key with the same ticket and body answers
/// the comment added first (200); the same key with another ticket or body is 422
/// `idempotency_key_reused`. The text is trimmed and must then be 1..=4000 characters (field
/// `text`, code `required` or `too_long`; a reply at most 1000). A comment does not change
/// the ticket's version; it is announced on the change stream as a ticket `updated` event.
/// Managers read only.
///
/// `kind` is `note` (the default: internal, seen by staff only) or `reply`: a message to the
/// customer, which is also queued in the notification outbox in the same transaction (channel
/// `sms`, kind `reply`, to the ticket's customer phone, with the text as written and nothing
/// else of the ticket) and is listed as a comment of kind `reply` (sent).
#[utoipa::path(post, path = "/tickets/{id}/comments", tag = "tickets", operation_id = "createTicketComment",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "Ticket id"),
        ("Idempotency-Key" = String, Header, min_length = 1, max_length = 200, pattern = "^[!-~]+$", description = "Client-chosen key, 1..=200 characters"),
    ),
    request_body = NewComment,
    responses(
        (status = 201, description = "Added", body = Comment),
        (status = 200, description = "Replay of an earlier request with the same key, ticket and body", body = Comment),
        (status = 400, description = "Malformed id or body, or missing Idempotency-Key", body = ErrorBody),
        (status = 403, description = "Role may not comment (managers read only)", body = ErrorBody),
        (status = 404, description = "No such ticket, or not visible to the caller", body = ErrorBody),
        (status = 422, description = "`validation_failed` (field `text`) or `idempotency_key_reused`", body = ErrorBody),
        JsonBody,
    ))]
pub async fn create_comment(
    State(state): State<AppState>,
    user: AuthUser,
    id: Result<ApiPath<IdParam<TicketId>>, ApiError>,
    key: Result<IdempotencyKey, ApiError>,
    body: Result<ApiJson<NewComment>, ApiError>,
) -> ApiResult<Response> {
    access::CREATE_COMMENT.check(&user)?;
    let ApiPath(IdParam { id }) = id?;
    let IdempotencyKey(key) = key?;
    let ApiJson(body) = body?;
    let hash = idempotency::body_hash(&(id, &body));

    let mut tx = db::begin_write(&state.db).await?;
    let ticket = access::visible_ticket(&mut *tx, &user, id).await?;
    match idempotency::check(&mut tx, user.id, SCOPE, &key, &hash).await? {
        Prior::Same(comment) => {
            let existing = comments::get(&mut *tx, comment)
                .await?
                .ok_or_else(|| ApiError::not_found("comment"))?;
            tx.rollback().await?;
            return Ok((StatusCode::OK, Json(existing)).into_response());
        }
        Prior::Different => return Err(ApiError::idempotency_mismatch()),
        Prior::None => {}
    }
    let text = body.text.trim();
    if text.is_empty() {
        return Err(ApiError::invalid_field(
            "text",
            field_codes::REQUIRED,
            "write something",
        ));
    }
    let max = match body.kind {
        CommentKind::Note => MAX_COMMENT,
        CommentKind::Reply => MAX_REPLY,
    };
    let typed = text.chars().count();
    if typed > max {
        return Err(ApiError::validation(vec![
            spotdesk_core::validate::too_long("text", max, typed),
        ]));
    }
    let now = state.clock.now();
    let comment_id = comments::insert(&mut tx, id, user.id, text, body.kind, now).await?;
    if body.kind == CommentKind::Reply {
        outbox::queue_reply(&mut tx, id, &ticket.customer_phone, comment_id, text, now).await?;
    }
    idempotency::remember(&mut tx, user.id, SCOPE, &key, &hash, comment_id, now).await?;
    let seq = events::record(&mut tx, Changed::Ticket(id), ChangeAction::Updated, now).await?;
    commit_and_announce(tx, &state, [seq]).await?;
    let comment = Comment {
        id: comment_id,
        ticket_id: id,
        author: Actor {
            id: user.id,
            display_name: user.display_name.clone(),
        },
        text: text.to_owned(),
        at: now,
        kind: body.kind,
    };
    Ok((StatusCode::CREATED, Json(comment)).into_response())
}
