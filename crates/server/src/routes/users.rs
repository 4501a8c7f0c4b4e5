//! `GET /users/assignable`: the people a ticket, incident or spot may be assigned to.

use crate::access;
use crate::assignment;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::extract::ApiQuery;
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use spotdesk_api::{Actor, AssignableQuery, ErrorBody};

/// The people who may be assigned a ticket, incident or spot (`work`, default `ticket`) of
/// `group`, by display name: enabled accounts who could change it themselves (for a ticket:
/// agents, coordinators, administrators and the group's engineers; for an incident or a spot:
/// coordinators, administrators and the group's engineers; without a group, no engineers).
///
/// Each is only an id and a display name, nothing else of the account: any signed-in staff
/// member may ask, to fill an "Assignee" choice. The `PATCH` of the object checks the same
/// rule again, so a list read before a change elsewhere can only lead to a 422.
#[utoipa::path(get, path = "/users/assignable", tag = "users", operation_id = "listAssignableUsers",
    security(("bearer" = [])),
    params(AssignableQuery),
    responses(
        (status = 200, description = "Who may be assigned, by display name", body = Vec<Actor>),
        (status = 400, description = "Bad query parameter (see `fields`)", body = ErrorBody),
        SignedIn,
    ))]
pub async fn assignable_users(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(q): ApiQuery<AssignableQuery>,
) -> ApiResult<Json<Vec<Actor>>> {
    access::ASSIGNABLE_USERS.check(&user)?;
    let group = q.group.as_deref().map(str::trim).filter(|g| !g.is_empty());
    let people = assignment::candidates(&state.db, q.work.unwrap_or_default(), group).await?;
    Ok(Json(people))
}
