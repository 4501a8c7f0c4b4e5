//! `GET /geocode?q=`: address search in the gazetteer.

use crate::access;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use spotdesk_api::{field_codes, ErrorBody, GeocodeResponse};
use utoipa::IntoParams;

/// Longest accepted query.
pub const MAX_QUERY: usize = 200;
/// Most results returned.
const RESULTS: usize = 10;

/// `GET /geocode` query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GeocodeQuery {
    /// Free-text address, 1..=200 characters.
    pub q: Option<String>,
}

/// Checks a free-text address parameter: present, not blank, at most 200 characters.
pub fn check_address(field: &str, value: Option<&str>) -> ApiResult<String> {
    let text = value.map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Err(ApiError::bad_field(
            field,
            field_codes::REQUIRED,
            "enter an address",
        ));
    }
    if text.chars().count() > MAX_QUERY {
        return Err(ApiError::bad_field(
            field,
            field_codes::TOO_LONG,
            "at most 200 characters",
        ));
    }
    Ok(text.to_owned())
}

/// Best matches for an address, best first.
#[utoipa::path(get, path = "/geocode", tag = "geocode", operation_id = "geocode",
    security(("bearer" = [])),
    params(GeocodeQuery),
    responses(
        (status = 200, description = "Matches, best first (possibly none)", body = GeocodeResponse),
        (status = 400, description = "`q` missing, blank or longer than 200 characters", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn geocode(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<GeocodeQuery>,
) -> ApiResult<Json<GeocodeResponse>> {
    access::GEOCODE.check(&user)?;
    let q = check_address("q", query.q.as_deref())?;
    Ok(Json(GeocodeResponse {
        results: state.gazetteer.search(&q, RESULTS),
    }))
}
