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
    layer_name, CoverageCollection, CoverageFeature, CoverageProperties, ErrorBody, GeoJsonPolygon,
    Technology,
};

/// The coverage cells of one layer: a radio technology (`2g` ... `5g`) or a layer the operator
/// imported under its own name (`fixed`, ...). Names are read as imports store them
/// (`spotdesk_api::layer_name`: `4G` and `LTE` are `4g`). Read from the database on every
/// call, so an import is served as soon as it commits.
#[utoipa::path(get, path = "/coverage/{technology}", tag = "coverage", operation_id = "getCoverage",
    security(("bearer" = [])),
    params(("technology" = String, Path, description = "`2g`, `3g`, `4g`, `5g` or an imported layer's name")),
    responses(
        (status = 200, description = "GeoJSON FeatureCollection (empty for a standard technology without cells)", body = CoverageCollection),
        (status = 404, description = "No such layer", body = ErrorBody),
        SignedIn,
    ))]
pub async fn get_coverage(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(technology): ApiPath<String>,
) -> ApiResult<Json<CoverageCollection>> {
    access::GET_COVERAGE.check(&user)?;
    let tech = layer_name(&technology).ok_or_else(|| ApiError::not_found("technology"))?;
    let rows: Vec<(f64, String)> = sqlx::query_as(
        "SELECT quality, geometry FROM coverage_features WHERE technology = $1 ORDER BY id",
    )
    .bind(tech.as_str())
    .fetch_all(&state.db)
    .await?;
    if rows.is_empty() && Technology::parse(&tech).is_none() {
        return Err(ApiError::not_found("technology"));
    }
    let features = rows
        .into_iter()
        .map(|(quality, geometry)| {
            Ok(CoverageFeature {
                kind: "Feature".to_owned(),
                geometry: db::parse_json_col::<GeoJsonPolygon>(&geometry)?,
                properties: CoverageProperties {
                    technology: tech.clone(),
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
