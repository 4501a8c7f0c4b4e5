//! `GET /admin/outbox`: the queued customer messages, for coordinators and admins (and tests).

use crate::access;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use crate::store::outbox;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use spotdesk_api::{field_codes, ErrorBody, OutboxMessage};
use utoipa::IntoParams;

/// `GET /admin/outbox` query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// Only messages caused by this kind of source: `spot`, `incident` or `ticket`.
    pub source: Option<String>,
    /// Only messages caused by the source with this id.
    pub source_id: Option<i64>,
    /// At most this many, oldest first (1..=10000, default 1000).
    pub limit: Option<u32>,
}

/// Queued customer messages, oldest first. Rating tokens are never shown.
#[utoipa::path(get, path = "/admin/outbox", tag = "admin", operation_id = "listOutbox",
    security(("bearer" = [])),
    params(OutboxQuery),
    responses(
        (status = 200, description = "Queued messages, oldest first", body = Vec<OutboxMessage>),
        (status = 400, description = "Bad query parameter (see `fields`)", body = ErrorBody),
        (status = 403, description = "Only coordinators and admins", body = ErrorBody),
        SignedIn,
    ))]
pub async fn list_outbox(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(q): ApiQuery<OutboxQuery>,
) -> ApiResult<Json<Vec<OutboxMessage>>> {
    access::LIST_OUTBOX.check(&user)?;
    let limit = q.limit.unwrap_or(1000);
    if !(1..=10_000).contains(&limit) {
        return Err(ApiError::bad_field(
            "limit",
            field_codes::OUT_OF_RANGE,
            "1..=10000",
        ));
    }
    if let Some(s) = q.source.as_deref() {
        if !["spot", "incident", "ticket"].contains(&s) {
            return Err(ApiError::bad_field(
                "source",
                field_codes::UNKNOWN_CHOICE,
                "one of spot, incident, ticket",
            ));
        }
    }
    Ok(Json(
        outbox::list(&state.db, q.source.as_deref(), q.source_id, limit).await?,
    ))
}
