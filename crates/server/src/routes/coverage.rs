//! `GET /coverage`: the coverage layers there are; `GET /coverage/{technology}`: one layer as
//! GeoJSON, whole or cut to a map view (`?bbox=&zoom=`, `spotdesk_core::coverage_view`).

use crate::access;
use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery};
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use crate::store::coverage as store;
use axum::extract::State;
use axum::Json;
use spotdesk_api::{
    layer_name, CoverageCollection, CoverageFeature, CoverageLayer, CoverageLayers,
    CoverageProperties, CoverageQuery, ErrorBody, GeoJsonPolygon, Technology,
};
use spotdesk_core::coverage_view::{for_view, parse_view, Piece, MAX_VIEW_VERTICES};

/// The coverage layers: the four standard technologies always (with no polygons when none
/// are stored), then every layer the operator imported under its own name. Read on every
/// call, so an import shows as soon as it commits.
#[utoipa::path(get, path = "/coverage", tag = "coverage", operation_id = "listCoverageLayers",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The layers, standard ones first", body = CoverageLayers),
        SignedIn,
    ))]
pub async fn list_layers(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Json<CoverageLayers>> {
    access::LIST_COVERAGE_LAYERS.check(&user)?;
    let stored = store::layer_extents(&state.db).await?;
    let mut layers: Vec<CoverageLayer> = Technology::ALL
        .iter()
        .map(|t| {
            let found = stored.iter().find(|(name, ..)| name == t.as_str());
            CoverageLayer {
                name: t.as_str().to_owned(),
                standard: true,
                polygons: found.map_or(0, |(_, n, _)| *n),
                bbox: found.map(|(_, _, b)| *b),
            }
        })
        .collect();
    layers.extend(
        stored
            .into_iter()
            .filter(|(name, ..)| Technology::parse(name).is_none())
            .map(|(name, polygons, bbox)| CoverageLayer {
                name,
                standard: false,
                polygons,
                bbox: Some(bbox),
            }),
    );
    Ok(Json(CoverageLayers { layers }))
}

/// The polygons of one layer: a radio technology (`2g` ... `5g`) or a layer the operator
/// imported under its own name (`fixed`, ...). Names are read as imports store them
/// (`spotdesk_api::layer_name`: `4G` and `LTE` are `4g`). Read from the database on every
/// call, so an import is served as soon as it commits.
///
/// Without parameters, every polygon as stored. With `bbox`, only the polygons meeting it;
/// with `zoom`, simplified for that zoom (about one screen pixel; polygons under two pixels
/// merged into two-pixel blocks carrying their best quality; at most 60,000 positions: over
/// that, polygons up to 32 pixels are merged, then the tolerance and the blocks double), which
/// is how the map asks, so that a region's tens of thousands of polygons never reach the
/// browser at once.
#[utoipa::path(get, path = "/coverage/{technology}", tag = "coverage", operation_id = "getCoverage",
    security(("bearer" = [])),
    params(("technology" = String, Path, description = "`2g`, `3g`, `4g`, `5g` or an imported layer's name"), CoverageQuery),
    responses(
        (status = 200, description = "GeoJSON FeatureCollection (empty for a standard technology without cells, or when nothing meets the box)", body = CoverageCollection),
        (status = 400, description = "Malformed query (a parameter given twice, an unknown one)", body = ErrorBody),
        (status = 404, description = "No such layer", body = ErrorBody),
        (status = 422, description = "`validation_failed` (see `fields`: `bbox` or `zoom` `invalid` when unreadable, `out_of_range` outside their bounds)", body = ErrorBody),
        SignedIn,
    ))]
pub async fn get_coverage(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(technology): ApiPath<String>,
    ApiQuery(query): ApiQuery<CoverageQuery>,
) -> ApiResult<Json<CoverageCollection>> {
    access::GET_COVERAGE.check(&user)?;
    let tech = layer_name(&technology).ok_or_else(|| ApiError::not_found("technology"))?;
    let view =
        parse_view(query.bbox.as_deref(), query.zoom.as_deref()).map_err(ApiError::validation)?;
    let rows = store::layer_polygons(&state.db, &tech, view.bbox).await?;
    if rows.is_empty()
        && Technology::parse(&tech).is_none()
        && !store::layer_exists(&state.db, &tech).await?
    {
        return Err(ApiError::not_found("technology"));
    }
    let polygons = rows
        .into_iter()
        .map(|(quality, geometry)| Ok((quality, db::parse_json_col::<GeoJsonPolygon>(&geometry)?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let feature = |quality: f64, coordinates: Vec<Vec<[f64; 2]>>| CoverageFeature {
        kind: "Feature".to_owned(),
        geometry: GeoJsonPolygon {
            kind: "Polygon".to_owned(),
            coordinates,
        },
        properties: CoverageProperties {
            technology: tech.clone(),
            quality,
        },
    };
    let features = if view.zoom.is_none() {
        // The stored polygons themselves (the box, if any, was applied by the query).
        polygons
            .into_iter()
            .map(|(quality, g)| feature(quality, g.coordinates))
            .collect()
    } else {
        let pieces: Vec<Piece> = polygons
            .into_iter()
            .map(|(quality, g)| Piece {
                quality,
                rings: g.coordinates,
            })
            .collect();
        // Tens of thousands of polygons take a while: off the async workers.
        let shown =
            tokio::task::spawn_blocking(move || for_view(&pieces, &view, MAX_VIEW_VERTICES))
                .await
                .map_err(ApiError::internal)?;
        shown
            .pieces
            .into_iter()
            .map(|p| feature(p.quality, p.rings))
            .collect()
    };
    Ok(Json(CoverageCollection {
        kind: "FeatureCollection".to_owned(),
        features,
    }))
}
