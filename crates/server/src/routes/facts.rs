//! `GET /tickets/facts`: every ticket of a period as compact binary columns, the bulk
//! download behind the map, spot detection and dashboards (computed in the client).

use crate::access;
use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use crate::store::facts::{self, FactsSpec};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use spotdesk_api::facts::{FactsQuery, TICKET_FACTS_MEDIA_TYPE};
use spotdesk_api::field_codes;
use spotdesk_api::ErrorBody;

/// A binary body, for the OpenAPI document (`type: string, format: binary`).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)] // only its schema is used
pub struct BinaryBody(Vec<u8>);

/// Tickets registered in `[from, to)` (both optional) as a binary columnar body.
///
/// Format version 1 (`application/vnd.spotdesk.ticket-facts`), little-endian throughout:
/// `"SDTF"`, version `u8` = 1, ticket count n `u32`, base time `i64` (Unix seconds); three
/// string tables (services, topics, groups), each `u16` count then per string `u16` byte length
/// + UTF-8; then columns of n values each: id `u32`, created `u32`, resolved `u32`
/// (0xFFFFFFFF = never), deadline `u32` (times in seconds after base), lat `f32`, long `f32`,
/// service `u16`, topic `u16`, group `u16` (table indices), line `u8`, status `u8` (index in
/// new, in_work, waiting, planned, resolved, closed, reopened), kind `u8` (0 incident, 1
/// service_request), channel `u8` (index in phone, email, office, social, partner), segment
/// `u8` (0 unknown, 1 mass, 2 business, 3 vip), rating `u8` (0 none), flags `u8` (bit 0 passed
/// to another line, bit 1 linked to a known incident/spot at registration), lifetime value
/// `f32` (NaN unknown), customer `u64` (FNV-1a 64 of the phone's digits), incident `u32`
/// (0 none), spot `u32` (0 none). 57 bytes per ticket before compression. The reference
/// decoder is `spotdesk_api::facts::TicketFacts::decode`. Engineers get their group's tickets.
///
/// Format version 2 (only for `?version=2`, and only when some ticket has an assignee, so a
/// version-1 client never gets it): version `u8` = 2; after the three string tables a table of
/// people, `u16` count then per person user id `u32` + `u16` byte length + UTF-8 display name;
/// after the `spot` column one more, assignee `u16` (0 none, else 1 + index into the people
/// table). 59 bytes per ticket.
#[utoipa::path(get, path = "/tickets/facts", tag = "tickets", operation_id = "ticketFacts",
    security(("bearer" = [])),
    params(FactsQuery),
    responses(
        (status = 200, description = "Binary ticket facts, format version 1, or 2 when asked for (see the operation description)",
            content_type = "application/vnd.spotdesk.ticket-facts", body = BinaryBody),
        (status = 400, description = "Bad query parameter (see `fields`)", body = ErrorBody),
        SignedIn,
    ))]
pub async fn ticket_facts(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(q): ApiQuery<FactsQuery>,
) -> ApiResult<Response> {
    access::TICKET_FACTS.check(&user)?;
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if to < from {
            return Err(ApiError::bad_field(
                "to",
                field_codes::BEFORE_FROM,
                "the end of the period is before its start",
            ));
        }
    }
    let spec = FactsSpec {
        from: q.from.map(db::ts),
        to: q.to.map(db::ts),
        visible_group: access::ticket_scope(&user).map(str::to_owned),
        assignees: q.version.is_some_and(|v| v >= 2),
    };
    let body = facts::load(&state.db, &spec)
        .await?
        .encode()
        .map_err(ApiError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, TICKET_FACTS_MEDIA_TYPE),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}
