//! `GET /catalogue`.

use crate::access;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use spotdesk_api::Catalogue;

/// The service catalogue: services, required fields, SLA policies, routing, groups, calendar.
#[utoipa::path(get, path = "/catalogue", tag = "catalogue", operation_id = "getCatalogue",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The catalogue", body = Catalogue),
        SignedIn,
    ))]
pub async fn get_catalogue(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Json<Catalogue>> {
    access::GET_CATALOGUE.check(&user)?;
    Ok(Json(Catalogue::clone(&state.catalogue())))
}
