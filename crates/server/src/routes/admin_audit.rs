//! `GET /admin/audit`: the audit log of administrative changes, newest first, filtered, in
//! pages.

use crate::access;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use crate::store::audit;
use axum::extract::State;
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use spotdesk_api::{field_codes, AuditPage, AuditQuery, ErrorBody};

/// Default page size.
const DEFAULT_LIMIT: u32 = 50;
/// Largest page size.
const MAX_LIMIT: u32 = 500;
/// Longest text filter.
const MAX_FILTER: usize = 200;

/// The position encoded in a `next_cursor`: the id of the last entry of the page.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    /// The audit log's cursor, never another list's.
    a: u8,
    /// Id of the last entry.
    i: i64,
}

fn encode_cursor(id: i64) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&Cursor { a: 1, i: id }).unwrap_or_default())
}

fn decode_cursor(text: &str) -> ApiResult<i64> {
    let bad = || {
        ApiError::bad_field(
            "cursor",
            field_codes::INVALID,
            "not a cursor from this list; start again without one",
        )
    };
    let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| bad())?;
    let c: Cursor = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if c.a != 1 {
        return Err(bad());
    }
    Ok(c.i)
}

/// A text filter: trimmed, empty is none, at most [`MAX_FILTER`] characters, no control
/// characters (PostgreSQL refuses a NUL in text).
fn text_filter(field: &str, value: Option<String>) -> ApiResult<Option<String>> {
    let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if value
        .as_ref()
        .is_some_and(|v| v.chars().any(char::is_control))
    {
        return Err(ApiError::bad_field(
            field,
            field_codes::INVALID,
            "control characters are not allowed",
        ));
    }
    if value
        .as_ref()
        .is_some_and(|v| v.chars().count() > MAX_FILTER)
    {
        return Err(ApiError::bad_field(
            field,
            field_codes::TOO_LONG,
            format!("at most {MAX_FILTER} characters"),
        ));
    }
    Ok(value)
}

/// Validates the query into a list spec.
fn list_spec(q: AuditQuery) -> ApiResult<audit::ListSpec> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_field(
            "limit",
            field_codes::OUT_OF_RANGE,
            "page size is 1..=500",
        ));
    }
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if to < from {
            return Err(ApiError::bad_field(
                "to",
                field_codes::BEFORE_FROM,
                "the end of the period is before its start",
            ));
        }
    }
    Ok(audit::ListSpec {
        actor: text_filter("actor", q.actor)?,
        action_prefix: text_filter("action", q.action)?,
        object_kind: text_filter("object_kind", q.object_kind)?,
        object_id: q.object_id,
        from: q.from,
        to: q.to,
        before_id: q.cursor.as_deref().map(decode_cursor).transpose()?,
        limit,
    })
}

/// Administrative changes, newest first: who (a user, or `cli` for the command line) did
/// what (`user.create`, `user.update`, `user.disable`, `user.enable`, `user.password_reset`,
/// `user.password_change`, `user.unlock`, `configuration.update`) to which object, with the
/// object's administrable fields before and after (never a password or a hash; for
/// `configuration.update` each changed entry by name, e.g. `services[mobile-data]`, absent on
/// the side where it did not exist). Each entry was written in the same
/// transaction as its change. Follow `next_cursor` (same filters) for older entries.
#[utoipa::path(get, path = "/admin/audit", tag = "admin", operation_id = "listAuditLog",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of entries, newest first", body = AuditPage),
        (status = 400, description = "Bad query parameter (see `fields`), e.g. a malformed cursor or `to` before `from`", body = ErrorBody),
        (status = 403, description = "`forbidden`: administrators only; `password_change_required`", body = ErrorBody),
        SignedIn,
    ))]
pub async fn list_audit_log(
    State(state): State<AppState>,
    user: AuthUser,
    q: Result<ApiQuery<AuditQuery>, ApiError>,
) -> ApiResult<Json<AuditPage>> {
    access::LIST_AUDIT_LOG.check(&user)?;
    let ApiQuery(q) = q?;
    let spec = list_spec(q)?;
    let mut items = audit::list(&state.db, &spec).await?;
    let next_cursor = if items.len() > spec.limit as usize {
        items.truncate(spec.limit as usize);
        items.last().map(|e| encode_cursor(e.id))
    } else {
        None
    };
    Ok(Json(AuditPage { items, next_cursor }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_junk() {
        assert_eq!(decode_cursor(&encode_cursor(42)).unwrap(), 42);
        assert!(decode_cursor("!!!").is_err());
        assert!(decode_cursor("e30").is_err());
        let ticket_cursor = URL_SAFE_NO_PAD.encode(br#"{"s":"created_desc","k":"x","i":1}"#);
        assert!(decode_cursor(&ticket_cursor).is_err());
    }
}
