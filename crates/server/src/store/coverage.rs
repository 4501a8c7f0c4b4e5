//! The `coverage_features` table: the map's layers (`GET /coverage`), and the input of
//! impact estimates.

use crate::db;
use spotdesk_api::{GeoJsonPolygon, Polygon};
use spotdesk_core::coverage_view::ViewBox;
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

/// One polygon of an imported coverage layer, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFeature {
    /// The layer name (`4g`, `fixed`).
    pub technology: String,
    /// 0.0 ..= 1.0.
    pub quality: f64,
    /// The GeoJSON Polygon, as JSON text.
    pub geometry: String,
    /// `(min_lat, max_lat, min_long, max_long)`.
    pub bbox: (f64, f64, f64, f64),
    /// SHA-256 of layer, quality and geometry (hex): the same polygon is stored once.
    pub content_key: String,
}

/// Rows per multi-row insert: 8 parameters each.
pub const BATCH_ROWS: usize = 1000;

/// Adds polygons a layer does not have yet (by `content_key`); how many were added.
pub async fn insert_new(tx: &mut db::Tx, rows: &[StoredFeature]) -> Result<u64, sqlx::Error> {
    let mut added = 0;
    for chunk in rows.chunks(BATCH_ROWS) {
        let mut q = db::QueryBuilder::new(
            "INSERT INTO coverage_features (technology, quality, geometry, min_lat, max_lat, \
             min_long, max_long, content_key) VALUES ",
        );
        for (i, r) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            let (a, b, c, d) = r.bbox;
            q.push("(")
                .push_bind(r.technology.clone())
                .push(", ")
                .push_bind(r.quality)
                .push(", ")
                .push_bind(r.geometry.clone())
                .push(", ")
                .push_bind(a)
                .push(", ")
                .push_bind(b)
                .push(", ")
                .push_bind(c)
                .push(", ")
                .push_bind(d)
                .push(", ")
                .push_bind(r.content_key.clone())
                .push(")");
        }
        q.push(" ON CONFLICT (technology, content_key) DO NOTHING");
        added += q.build().execute(&mut **tx).await?.rows_affected();
    }
    Ok(added)
}

/// Deletes the polygons of a layer whose content key is not in `keep` (demo cells, which have
/// none, included): `--replace`. How many.
pub async fn delete_others(
    tx: &mut db::Tx,
    technology: &str,
    keep: &std::collections::HashSet<&str>,
) -> Result<u64, sqlx::Error> {
    let stored: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, content_key FROM coverage_features WHERE technology = $1")
            .bind(technology)
            .fetch_all(&mut **tx)
            .await?;
    let gone: Vec<i64> = stored
        .into_iter()
        .filter(|(_, k)| !k.as_deref().is_some_and(|k| keep.contains(k)))
        .map(|(row, _)| row)
        .collect();
    let mut deleted = 0;
    for chunk in gone.chunks(BATCH_ROWS) {
        let mut q = db::QueryBuilder::new("DELETE FROM coverage_features WHERE id IN (");
        for (i, row) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push_bind(*row);
        }
        q.push(")");
        deleted += q.build().execute(&mut **tx).await?.rows_affected();
    }
    Ok(deleted)
}

/// Polygons per layer, by name.
pub async fn layer_sizes<'e>(ex: impl db::Executor<'e>) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT technology, COUNT(*) FROM coverage_features GROUP BY technology ORDER BY technology",
    )
    .fetch_all(ex)
    .await
}

/// `(quality, geometry JSON)` of a layer's polygons in stored order; with a box, only those
/// whose bounding box meets it.
pub async fn layer_polygons<'e>(
    ex: impl db::Executor<'e>,
    technology: &str,
    bbox: Option<ViewBox>,
) -> Result<Vec<(f64, String)>, sqlx::Error> {
    match bbox {
        None => {
            sqlx::query_as(
                "SELECT quality, geometry FROM coverage_features WHERE technology = $1 ORDER BY id",
            )
            .bind(technology)
            .fetch_all(ex)
            .await
        }
        Some(b) => {
            sqlx::query_as(
                "SELECT quality, geometry FROM coverage_features WHERE technology = $1 \
                 AND max_lat >= $2 AND min_lat <= $3 AND max_long >= $4 AND min_long <= $5 \
                 ORDER BY id",
            )
            .bind(technology)
            .bind(b.south)
            .bind(b.north)
            .bind(b.west)
            .bind(b.east)
            .fetch_all(ex)
            .await
        }
    }
}

/// Whether a layer has any polygon.
pub async fn layer_exists<'e>(
    ex: impl db::Executor<'e>,
    technology: &str,
) -> Result<bool, sqlx::Error> {
    let n: Option<i64> =
        sqlx::query_scalar("SELECT id FROM coverage_features WHERE technology = $1 LIMIT 1")
            .bind(technology)
            .fetch_optional(ex)
            .await?;
    Ok(n.is_some())
}

/// Every stored layer: name, polygons and `[west, south, east, north]`, by name.
pub async fn layer_extents<'e>(
    ex: impl db::Executor<'e>,
) -> Result<Vec<(String, i64, [f64; 4])>, sqlx::Error> {
    let rows: Vec<(String, i64, f64, f64, f64, f64)> = sqlx::query_as(
        "SELECT technology, COUNT(*), MIN(min_long), MIN(min_lat), MAX(max_long), MAX(max_lat) \
         FROM coverage_features GROUP BY technology ORDER BY technology",
    )
    .fetch_all(ex)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(t, n, w, s, e, no)| (t, n, [w, s, e, no]))
        .collect())
}
