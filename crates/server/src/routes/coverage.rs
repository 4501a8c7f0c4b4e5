//! `GET /coverage/{technology}`: a coverage layer as GeoJSON.

use crate::access;
use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiPath;
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use spotdesk_api::{
    CoverageCollection, CoverageFeature, CoverageProperties, ErrorBody, GeoJsonPolygon, Technology,
};

/// The coverage cells of one radio technology.
#[utoipa::path(get, path = "/coverage/{technology}", tag = "coverage", operation_id = "getCoverage",
    security(("bearer" = [])),
    params(("technology" = String, Path, description = "`2g`, `3g`, `4g` or `5g`")),
    responses(
        (status = 200, description = "GeoJSON FeatureCollection", body = CoverageCollection),
        (status = 404, description = "Unknown technology", body = ErrorBody),
        SignedIn,
    ))]
pub async fn get_coverage(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(technology): ApiPath<String>,
) -> ApiResult<Json<CoverageCollection>> {
    access::GET_COVERAGE.check(&user)?;
    let tech = Technology::parse(&technology).ok_or_else(|| ApiError::not_found("technology"))?;
    let rows: Vec<(f64, String)> = sqlx::query_as(
        "SELECT quality, geometry FROM coverage_features WHERE technology = $1 ORDER BY id",
    )
    .bind(tech.as_str())
    .fetch_all(&state.db)
    .await?;
    let features = rows
        .into_iter()
        .map(|(quality, geometry)| {
            Ok(CoverageFeature {
                kind: "Feature".to_owned(),
                geometry: db::parse_json_col::<GeoJsonPolygon>(&geometry)?,
                properties: CoverageProperties {
                    technology: tech,
                    quality,
                },
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Json(CoverageCollection {
        kind: "FeatureCollection".to_owned(),
        features,
    }))
}
