//! The `coverage_features` table, as input of impact estimates.

use crate::db;
use spotdesk_api::{GeoJsonPolygon, Polygon};
use spotdesk_core::impact::CoverageCell;

/// Coverage cells of every technology whose bounding box meets the given box.
pub async fn cells_in_box<'e>(
    ex: impl db::Executor<'e>,
    min_lat: f64,
    max_lat: f64,
    min_long: f64,
    max_long: f64,
) -> Result<Vec<CoverageCell>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT technology, geometry FROM coverage_features \
         WHERE max_lat >= $1 AND min_lat <= $2 AND max_long >= $3 AND min_long <= $4 ORDER BY id",
    )
    .bind(min_lat)
    .bind(max_lat)
    .bind(min_long)
    .bind(max_long)
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|(technology, geometry)| {
            let g: GeoJsonPolygon = db::parse_json_col(&geometry)?;
            Ok(CoverageCell {
                outline: Polygon {
                    ring: g.coordinates.into_iter().next().unwrap_or_default(),
                },
                technology,
            })
        })
        .collect()
}
