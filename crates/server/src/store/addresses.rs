//! The operator's address register (`addresses`) and its search tables (`address_places`,
//! `address_words`, `address_typos`), written by `spotdesk-server import addresses`
//! (`crate::address_import`) and read by the geocoder (`crate::geocoder`).
//!
//! Writes happen inside the import's one transaction, in batches of multi-row statements
//! (one round trip per [`BATCH_ROWS`] rows). The search tables are derived: an import adds
//! what its rows need and [`remove_orphans`] drops what no address uses any more.

use crate::db::{self, Backend, Executor, Pool, QueryBuilder, Tx};
use chrono::{DateTime, Utc};
use spotdesk_core::street_plan::PlanHouse;

/// Rows per multi-row statement. Measured (benches/addresses.rs, SQLite, 100,000 rows):
/// 10 rows 40k rows/s, 25 rows 71k, 50 rows 49k, 100 rows 20k, 1000 rows 5k: the cost of a
/// statement through sqlx grows faster than its number of parameters.
pub const BATCH_ROWS: usize = 25;

/// Rows per statement for the two-column search tables (the same size of statement).
const PAIR_BATCH: usize = 100;

/// One import run; the rows it wrote carry its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportRun(pub i64);

/// An address row as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAddress {
    /// The operator's id.
    pub key: String,
    /// The full address text.
    pub address: String,
    /// Optional components, as in the file.
    pub region: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Street.
    pub street: Option<String>,
    /// House.
    pub house: Option<String>,
    /// Building or corpus.
    pub building: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub long: f64,
    /// Normalised place words (core's `AddressKey::place`).
    pub place: String,
    /// House number.
    pub house_no: Option<i64>,
    /// Normalised house (`12k2`), empty without a number.
    pub house_key: String,
}

/// A place of the register: its key, display name and a point.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Normalised words joined by spaces.
    pub place: String,
    /// Display name.
    pub name: String,
    /// Latitude of one of its houses.
    pub lat: f64,
    /// Longitude of one of its houses.
    pub long: f64,
}

/// One house found for a search.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundHouse {
    /// The full address text.
    pub address: String,
    /// Normalised house.
    pub house_key: String,
    /// House number.
    pub house_no: Option<i64>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub long: f64,
}

/// How one query word selects places.
#[derive(Debug, Clone, PartialEq)]
pub enum WordMatch {
    /// Places with a word starting with this.
    Prefix(String),
    /// Places with one of these words (found with a typo).
    AnyOf(Vec<String>),
}

/// Key of the PostgreSQL advisory lock that lets one address import write at a time.
const IMPORT_LOCK_KEY: i64 = 0x5370_6f74_4164_6472; // "SpotAddr"

/// Begins an import's transaction. PostgreSQL: not [`db::begin_write`]'s lock, which would stop
/// every ticket and incident write for the minutes a large import takes (an import writes
/// only the register's tables and records no change event), but a lock of its own, so two
/// imports queue. SQLite has one writer per file: `BEGIN IMMEDIATE`, other writes wait.
pub async fn begin_import(pool: &Pool) -> Result<Tx, sqlx::Error> {
    match Backend::of_pool(pool) {
        Backend::Sqlite => db::begin_write(pool).await,
        Backend::Postgres => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(IMPORT_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        }
    }
}

/// Starts an import: its row in `address_imports`, whose id marks the rows it writes.
pub async fn start_import(
    tx: &mut Tx,
    file: &str,
    replace: bool,
    now: DateTime<Utc>,
) -> Result<ImportRun, sqlx::Error> {
    let run: i64 = sqlx::query_scalar(
        "INSERT INTO address_imports (at, file, rows, replaced) VALUES ($1, $2, 0, $3) \
         RETURNING id",
    )
    .bind(crate::db::ts(now))
    .bind(file)
    .bind(i64::from(replace))
    .fetch_one(&mut **tx)
    .await?;
    Ok(ImportRun(run))
}

/// Inserts or updates (by id) up to [`BATCH_ROWS`] addresses in one statement.
pub async fn upsert(
    tx: &mut Tx,
    rows: &[StoredAddress],
    run: ImportRun,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut q = QueryBuilder::new(
        "INSERT INTO addresses (id, address, region, city, street, house, building, lat, long, \
         place, house_no, house_key, import_id) VALUES ",
    );
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push("(")
            .push_bind(r.key.clone())
            .push(", ")
            .push_bind(r.address.clone())
            .push(", ")
            .push_bind(r.region.clone())
            .push(", ")
            .push_bind(r.city.clone())
            .push(", ")
            .push_bind(r.street.clone())
            .push(", ")
            .push_bind(r.house.clone())
            .push(", ")
            .push_bind(r.building.clone())
            .push(", ")
            .push_bind(r.lat)
            .push(", ")
            .push_bind(r.long)
            .push(", ")
            .push_bind(r.place.clone())
            .push(", ")
            .push_bind(r.house_no)
            .push(", ")
            .push_bind(r.house_key.clone())
            .push(", ")
            .push_bind(run.0)
            .push(")");
    }
    q.push(
        " ON CONFLICT (id) DO UPDATE SET address = excluded.address, region = excluded.region, \
         city = excluded.city, street = excluded.street, house = excluded.house, \
         building = excluded.building, lat = excluded.lat, long = excluded.long, \
         place = excluded.place, house_no = excluded.house_no, house_key = excluded.house_key, \
         import_id = excluded.import_id",
    );
    q.build().execute(&mut **tx).await?;
    Ok(())
}

/// Deletes the addresses this import did not write (`--replace`); how many.
pub async fn delete_others(tx: &mut Tx, run: ImportRun) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM addresses WHERE import_id <> $1")
        .bind(run.0)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}

/// Adds places (kept when already there).
pub async fn add_places(tx: &mut Tx, places: &[Place]) -> Result<(), sqlx::Error> {
    for chunk in places.chunks(PAIR_BATCH / 4) {
        let mut q =
            QueryBuilder::new("INSERT INTO address_places (place, name, lat, long) VALUES ");
        for (i, p) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push("(")
                .push_bind(p.place.clone())
                .push(", ")
                .push_bind(p.name.clone())
                .push(", ")
                .push_bind(p.lat)
                .push(", ")
                .push_bind(p.long)
                .push(")");
        }
        q.push(" ON CONFLICT (place) DO NOTHING");
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Adds `(word, place)` rows of `address_words` (kept when already there).
pub async fn add_words(tx: &mut Tx, pairs: &[(String, String)]) -> Result<(), sqlx::Error> {
    add_pairs(tx, "address_words (word, place)", "(word, place)", pairs).await
}

/// Adds `(typo key, word)` rows of `address_typos` (kept when already there).
pub async fn add_typos(tx: &mut Tx, pairs: &[(String, String)]) -> Result<(), sqlx::Error> {
    add_pairs(
        tx,
        "address_typos (typo_key, word)",
        "(typo_key, word)",
        pairs,
    )
    .await
}

async fn add_pairs(
    tx: &mut Tx,
    table: &str,
    key: &str,
    pairs: &[(String, String)],
) -> Result<(), sqlx::Error> {
    for chunk in pairs.chunks(PAIR_BATCH) {
        let mut q = QueryBuilder::new(format!("INSERT INTO {table} VALUES "));
        for (i, (a, b)) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push("(")
                .push_bind(a.clone())
                .push(", ")
                .push_bind(b.clone())
                .push(")");
        }
        q.push(format_args!(" ON CONFLICT {key} DO NOTHING"));
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Drops places no address has any more, then words of no place and typo keys of no word.
pub async fn remove_orphans(tx: &mut Tx) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM address_places WHERE NOT EXISTS \
         (SELECT 1 FROM addresses a WHERE a.place = address_places.place)",
        "DELETE FROM address_words WHERE NOT EXISTS \
         (SELECT 1 FROM address_places p WHERE p.place = address_words.place)",
        "DELETE FROM address_typos WHERE NOT EXISTS \
         (SELECT 1 FROM address_words w WHERE w.word = address_typos.word)",
    ] {
        sqlx::query(sql).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Records how many rows the import wrote.
pub async fn finish_import(tx: &mut Tx, run: ImportRun, rows: u64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE address_imports SET rows = $1 WHERE id = $2")
        .bind(i64::try_from(rows).unwrap_or(i64::MAX))
        .bind(run.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Number of addresses.
pub async fn count<'e>(db: impl Executor<'e>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM addresses")
        .fetch_one(db)
        .await
}

/// Whether the register has any address (then the geocoder searches it).
pub async fn any(pool: &Pool) -> Result<bool, sqlx::Error> {
    let row: Option<i64> = sqlx::query_scalar("SELECT 1 FROM address_places LIMIT 1")
        .fetch_optional(pool)
        .await?;
    Ok(row.is_some())
}

/// The exclusive upper end of the words starting with `prefix` (byte order).
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Whether some place word starts with `prefix`.
pub async fn prefix_exists(pool: &Pool, prefix: &str) -> Result<bool, sqlx::Error> {
    let row: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM address_words WHERE word >= $1 AND word < $2 LIMIT 1")
            .bind(prefix)
            .bind(prefix_end(prefix))
            .fetch_optional(pool)
            .await?;
    Ok(row.is_some())
}

/// The words stored under any of these typo keys.
pub async fn typo_words(pool: &Pool, keys: &[String]) -> Result<Vec<String>, sqlx::Error> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = QueryBuilder::new("SELECT DISTINCT word FROM address_typos WHERE typo_key IN (");
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind(k.clone());
    }
    q.push(") LIMIT 200");
    let rows: Vec<(String,)> = q.build_query_as().fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(w,)| w).collect())
}

/// Places matching every word clause, at most `limit`.
pub async fn places(
    pool: &Pool,
    words: &[WordMatch],
    limit: i64,
) -> Result<Vec<Place>, sqlx::Error> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = QueryBuilder::new(
        "SELECT p.place, p.name, p.lat, p.long FROM address_places p WHERE p.place IN (",
    );
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            q.push(" INTERSECT ");
        }
        q.push("SELECT place FROM address_words WHERE ");
        match w {
            WordMatch::Prefix(p) => {
                q.push("word >= ")
                    .push_bind(p.clone())
                    .push(" AND word < ")
                    .push_bind(prefix_end(p));
            }
            WordMatch::AnyOf(list) => {
                q.push("word IN (");
                for (j, word) in list.iter().enumerate() {
                    if j > 0 {
                        q.push(", ");
                    }
                    q.push_bind(word.clone());
                }
                q.push(")");
            }
        }
    }
    q.push(") LIMIT ").push_bind(limit);
    let rows: Vec<(String, String, f64, f64)> = q.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(place, name, lat, long)| Place {
            place,
            name,
            lat,
            long,
        })
        .collect())
}

const HOUSE_COLUMNS: &str = "address, house_key, house_no, lat, long";

type HouseRow = (String, String, Option<i64>, f64, f64);

fn house_of((address, house_key, house_no, lat, long): HouseRow) -> FoundHouse {
    FoundHouse {
        address,
        house_key,
        house_no,
        lat,
        long,
    }
}

/// The houses of a place with this number (at most 20, in house order).
pub async fn houses(pool: &Pool, place: &str, number: i64) -> Result<Vec<FoundHouse>, sqlx::Error> {
    let rows: Vec<HouseRow> = sqlx::query_as(&format!(
        "SELECT {HOUSE_COLUMNS} FROM addresses WHERE place = $1 AND house_no = $2 \
         ORDER BY house_key LIMIT 20"
    ))
    .bind(place)
    .bind(number)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(house_of).collect())
}

/// The houses of a place with the nearest lower and the nearest higher number.
pub async fn neighbours(
    pool: &Pool,
    place: &str,
    number: i64,
) -> Result<(Option<FoundHouse>, Option<FoundHouse>), sqlx::Error> {
    let below: Option<HouseRow> = sqlx::query_as(&format!(
        "SELECT {HOUSE_COLUMNS} FROM addresses WHERE place = $1 AND house_no < $2 \
         ORDER BY house_no DESC, house_key LIMIT 1"
    ))
    .bind(place)
    .bind(number)
    .fetch_optional(pool)
    .await?;
    let above: Option<HouseRow> = sqlx::query_as(&format!(
        "SELECT {HOUSE_COLUMNS} FROM addresses WHERE place = $1 AND house_no > $2 \
         ORDER BY house_no, house_key LIMIT 1"
    ))
    .bind(place)
    .bind(number)
    .fetch_optional(pool)
    .await?;
    Ok((below.map(house_of), above.map(house_of)))
}

/// The newest applied import of the register (0 without any): what a cached plan is of.
pub async fn latest_import(pool: &Pool) -> Result<i64, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM address_imports")
        .fetch_one(pool)
        .await?;
    Ok(id.unwrap_or(0))
}

/// Every numbered house with its street's display name, for the street plan.
pub async fn plan_houses(pool: &Pool) -> Result<Vec<PlanHouse>, sqlx::Error> {
    let rows: Vec<(String, i64, f64, f64)> = sqlx::query_as(
        "SELECT p.name, a.house_no, a.lat, a.long FROM addresses a \
         JOIN address_places p ON p.place = a.place WHERE a.house_no IS NOT NULL",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(street, number, lat, long)| {
            Some(PlanHouse {
                street,
                number: u32::try_from(number).ok()?,
                lat,
                long,
            })
        })
        .collect())
}
