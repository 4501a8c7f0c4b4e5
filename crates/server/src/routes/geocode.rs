//! `GET /geocode?q=`: address search (the address register: the operator's, or the demo city's imported by `--demo`).

use crate::access;
use crate::address_query::{check_address, GeocodeQuery};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::extract::ApiQuery;
use crate::geocoder;
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use spotdesk_api::{ErrorBody, GeocodeResponse};

/// Most results returned.
const RESULTS: usize = 10;

/// Best matches for an address, best first.
#[utoipa::path(get, path = "/geocode", tag = "geocode", operation_id = "geocode",
    security(("bearer" = [])),
    params(GeocodeQuery),
    responses(
        (status = 200, description = "Matches, best first (possibly none)", body = GeocodeResponse),
        (status = 400, description = "`q` missing, blank or longer than 200 characters", body = ErrorBody),
        SignedIn,
    ))]
pub async fn geocode(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<GeocodeQuery>,
) -> ApiResult<Json<GeocodeResponse>> {
    access::GEOCODE.check(&user)?;
    let q = check_address("q", query.q.as_deref())?;
    Ok(Json(GeocodeResponse {
        results: geocoder::search(&state, &q, RESULTS).await?,
    }))
}
