//! The `customer_counts` table: where the operator's customers are, per counted technology or
//! service (`spotdesk-server import customers`), read by the estimate of an incident's
//! affected customers (`incident_ops::coverage_estimate`).

use crate::db::{self, QueryBuilder, Tx};
use std::collections::HashMap;

/// Rows per multi-row statement: 5 parameters each stays far under SQLite's 32,766 and
/// PostgreSQL's 65,535.
pub const BATCH_ROWS: usize = 2000;

/// One stored count.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerCount {
    /// `a:<address id>` or `p:<lat>,<long>`.
    pub place_key: String,
    /// A coverage layer name (`4g`, `fixed`) or `service:<code>`.
    pub category: String,
    /// Customers counted.
    pub customers: i64,
    /// The place's latitude.
    pub lat: f64,
    /// The place's longitude.
    pub long: f64,
}

/// Customers at one point (every category summed).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PointCount {
    pub lat: f64,
    pub long: f64,
    pub customers: i64,
}

/// The customers at each point inside a box (every category summed).
pub async fn in_box<'e>(
    ex: impl db::Executor<'e>,
    min_lat: f64,
    max_lat: f64,
    min_long: f64,
    max_long: f64,
) -> Result<Vec<PointCount>, sqlx::Error> {
    sqlx::query_as(
        "SELECT lat, long, CAST(SUM(customers) AS BIGINT) AS customers FROM customer_counts \
         WHERE lat >= $1 AND lat <= $2 AND long >= $3 AND long <= $4 GROUP BY lat, long",
    )
    .bind(min_lat)
    .bind(max_lat)
    .bind(min_long)
    .bind(max_long)
    .fetch_all(ex)
    .await
}

/// The points of the given addresses of the register (ids the register lacks are missing
/// from the answer).
pub async fn address_points<'e>(
    ex: impl db::Executor<'e>,
    keys: &[String],
) -> Result<HashMap<String, (f64, f64)>, sqlx::Error> {
    let mut found = HashMap::new();
    if keys.is_empty() {
        return Ok(found);
    }
    let mut q = QueryBuilder::new("SELECT id, lat, long FROM addresses WHERE id IN (");
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind(k.clone());
    }
    q.push(")");
    let rows: Vec<(String, f64, f64)> = q.build_query_as().fetch_all(ex).await?;
    for (id, lat, long) in rows {
        found.insert(id, (lat, long));
    }
    Ok(found)
}

/// Writes counts, replacing the count of a place and category already there.
pub async fn upsert(tx: &mut Tx, rows: &[CustomerCount]) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(BATCH_ROWS) {
        let mut q = QueryBuilder::new(
            "INSERT INTO customer_counts (place_key, category, customers, lat, long) VALUES ",
        );
        for (i, r) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push("(")
                .push_bind(r.place_key.clone())
                .push(", ")
                .push_bind(r.category.clone())
                .push(", ")
                .push_bind(r.customers)
                .push(", ")
                .push_bind(r.lat)
                .push(", ")
                .push_bind(r.long)
                .push(")");
        }
        q.push(
            " ON CONFLICT (place_key, category) DO UPDATE SET customers = excluded.customers, \
             lat = excluded.lat, long = excluded.long",
        );
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Deletes every count (`--replace`); how many rows.
pub async fn delete_all(tx: &mut Tx) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM customer_counts")
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}

/// Rows and customers in the register.
pub async fn totals<'e>(ex: impl db::Executor<'e>) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(customers), 0) AS BIGINT) FROM customer_counts",
    )
    .fetch_one(ex)
    .await
}
