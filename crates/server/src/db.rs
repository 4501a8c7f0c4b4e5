//! The database pool (SQLite or PostgreSQL), migrations, write transactions and the stored
//! time format.
//!
//! # Two databases, one set of queries
//!
//! The server talks to the database through sqlx's [`Any`] driver: the backend is chosen at
//! run time by the URL (`sqlite:` or `postgres://`/`postgresql://`), and every query is
//! written once in the SQL both databases accept: `$N` placeholders (SQLite reads `$N` as
//! parameter N), `RETURNING`, `ON CONFLICT`, row-value comparisons, `IS NOT DISTINCT FROM`.
//! Values cross the driver as the few types both share (integers, floats, text); instants,
//! dates, enums and JSON are TEXT in both schemas, so row mapping is identical. This was
//! chosen over an enum of two typed pools because the store is ~90 hand-written queries:
//! `Any` keeps each of them single and unchanged in shape, where two pools would need every
//! store function generic over the database or written twice.
//!
//! What differs per backend lives here and in the migrations:
//! * schemas: `migrations/` (SQLite) and `migrations-postgres/` carry the same version numbers;
//! * connection set-up: SQLite keeps WAL, a 5 s busy timeout and foreign keys;
//! * write transactions ([`begin_write`]): SQLite `BEGIN IMMEDIATE`; PostgreSQL `BEGIN` plus a
//!   transaction-scoped advisory lock, so writers are serialised on both (read-check-write
//!   sequences stay atomic, and `events.seq` is committed in order, which `GET /events` relies on);
//! * change notification ([`spawn_change_listener`]): PostgreSQL `LISTEN` (triggers on `events`
//!   and `catalogue` notify on commit) wakes the event streams and refreshes the cached
//!   catalogue of every server process.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sqlx::any::{AnyArguments, AnyPoolOptions};
use sqlx::{Any, Arguments as _, Executor as _, Transaction};
use std::time::Duration;

/// The database pool (either backend).
pub type Pool = sqlx::AnyPool;

/// A row read through the pool.
pub type Row = sqlx::any::AnyRow;

/// Anything that runs a query: `&Pool`, `&mut *tx`, a pooled connection.
pub trait Executor<'e>: sqlx::Executor<'e, Database = Any> {}
impl<'e, T: sqlx::Executor<'e, Database = Any>> Executor<'e> for T {}

/// A write transaction.
pub type Tx = Transaction<'static, Any>;

/// The database behind a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a database URL names, `None` for other schemes.
    pub fn of_url(url: &str) -> Option<Self> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Some(Self::Sqlite),
            "postgres" | "postgresql" => Some(Self::Postgres),
            _ => None,
        }
    }

    /// The backend of an open pool.
    pub fn of_pool(pool: &Pool) -> Self {
        Self::of_url(pool.connect_options().database_url.as_str()).unwrap_or(Self::Sqlite)
    }
}

/// Key of the PostgreSQL advisory lock that serialises write transactions (any constant
/// unique to Spotdesk on this database).
const WRITE_LOCK_KEY: i64 = 0x5370_6f74_6465_736b; // "Spotdesk"

/// The PostgreSQL notification channel of committed `events` rows (payload: the `seq`).
pub const EVENTS_CHANNEL: &str = "spotdesk_events";

/// Opens the database. SQLite: creates the file when missing, WAL journal, 5 s busy timeout,
/// foreign keys on. PostgreSQL: the database must exist.
pub async fn connect(url: &str) -> Result<Pool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    match Backend::of_url(url) {
        Some(Backend::Sqlite) => {
            // Create the file when missing unless the URL says otherwise (`mode=ro`, ...).
            let url = if url.contains("mode=") || url.contains(":memory:") {
                url.to_owned()
            } else if url.contains('?') {
                format!("{url}&mode=rwc")
            } else {
                format!("{url}?mode=rwc")
            };
            AnyPoolOptions::new()
                .max_connections(8)
                .after_connect(|conn, _meta| {
                    Box::pin(async move {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
                        )
                        .await?;
                        Ok(())
                    })
                })
                .connect(&url)
                .await
        }
        Some(Backend::Postgres) => AnyPoolOptions::new().max_connections(16).connect(url).await,
        None => Err(sqlx::Error::Configuration(
            format!("unsupported database URL {url:?}: use sqlite:... or postgres://...").into(),
        )),
    }
}

/// Applies the embedded migrations of the pool's backend (`crates/server/migrations` or
/// `crates/server/migrations-postgres`).
pub async fn migrate(pool: &Pool) -> Result<(), sqlx::migrate::MigrateError> {
    match Backend::of_pool(pool) {
        Backend::Sqlite => sqlx::migrate!("./migrations").run(pool).await,
        Backend::Postgres => sqlx::migrate!("./migrations-postgres").run(pool).await,
    }
}

/// Begins a write transaction; writers are serialised, so read-check-write sequences inside
/// it are atomic and change-log sequence numbers commit in order.
///
/// SQLite: `BEGIN IMMEDIATE`: the write lock is taken up front, so concurrent writers queue on
/// the busy timeout instead of failing with `SQLITE_BUSY` when a read transaction later tries
/// to upgrade. PostgreSQL: `BEGIN` and a transaction-scoped advisory lock, the same queue
/// across every server process on the database (readers never wait for it).
pub async fn begin_write(pool: &Pool) -> Result<Tx, sqlx::Error> {
    match Backend::of_pool(pool) {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        }
    }
}

/// The PostgreSQL notification channel of catalogue changes (no payload).
pub const CATALOGUE_CHANNEL: &str = "spotdesk_catalogue";

/// What another server process (or this one) committed, as told by PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// A change-log row with this sequence number.
    Change(i64),
    /// The catalogue row was written.
    Catalogue,
    /// The listening connection was lost and re-established: notices may have been missed.
    Reconnected,
}

/// PostgreSQL: forwards what triggers announce on commit (`NOTIFY spotdesk_events, '<seq>'`
/// for every change-log row, `NOTIFY spotdesk_catalogue` for the catalogue) to `on_notice`, so
/// this process's event streams and cached catalogue follow changes made through any process.
/// Reconnects after a lost connection and then reports [`Notice::Reconnected`].
/// SQLite: nothing to do (one process per database file); returns `Ok(false)`.
pub async fn spawn_change_listener(
    url: &str,
    on_notice: impl Fn(Notice) + Send + Sync + 'static,
) -> Result<bool, sqlx::Error> {
    if Backend::of_url(url) != Some(Backend::Postgres) {
        return Ok(false);
    }
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener
        .listen_all([EVENTS_CHANNEL, CATALOGUE_CHANNEL])
        .await?;
    tokio::spawn(async move {
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) if n.channel() == CATALOGUE_CHANNEL => on_notice(Notice::Catalogue),
                Ok(Some(n)) => on_notice(Notice::Change(n.payload().parse().unwrap_or(0))),
                // The connection was lost; `try_recv` reconnects (and re-listens) next time.
                Ok(None) => on_notice(Notice::Reconnected),
                Err(e) => {
                    tracing::warn!(error = %e, "change listener failed; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    on_notice(Notice::Reconnected);
                }
            }
        }
    });
    Ok(true)
}

/// A 0/1 integer result read as a `bool` (`#[sqlx(try_from = "db::Flag")]`): SQLite has no
/// boolean type and PostgreSQL's does not decode as an integer, so portable queries return
/// `CASE WHEN … THEN 1 ELSE 0 END`.
#[derive(Debug, Clone, Copy, sqlx::Type)]
#[sqlx(transparent)]
pub struct Flag(pub i64);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0 != 0
    }
}

/// A typed id of `spotdesk_api::ids` as the `BIGINT` column that stores it.
///
/// Store functions take and return the typed ids (`TicketId`, `IncidentId`, ...), never a bare
/// `i64`. The API crate stays free of sqlx (and the orphan rule keeps sqlx's traits off its
/// types here), so a query binds `id.0` and a row's column becomes `TicketId(column)` at the
/// store boundary. This trait is for the few queries generic over whose id a column holds
/// (an idempotency key remembers what its request created).
pub trait RowId: Copy {
    /// The id read from its column.
    fn from_column(value: i64) -> Self;
    /// The column value.
    fn column(self) -> i64;
}

macro_rules! row_id {
    ($($id:ty),*) => {$(
        impl RowId for $id {
            fn from_column(value: i64) -> Self {
                Self(value)
            }
            fn column(self) -> i64 {
                self.0
            }
        }
    )*};
}
row_id!(
    spotdesk_api::TicketId,
    spotdesk_api::IncidentId,
    spotdesk_api::SpotId,
    spotdesk_api::UserId,
    spotdesk_api::CommentId
);

/// A query assembled piece by piece with `$N` placeholders (sqlx's `QueryBuilder` writes `?`
/// for the `Any` driver, which PostgreSQL rejects).
pub struct QueryBuilder {
    sql: String,
    args: AnyArguments<'static>,
}

impl QueryBuilder {
    /// Starts with `init`.
    pub fn new(init: impl Into<String>) -> Self {
        Self {
            sql: init.into(),
            args: AnyArguments::default(),
        }
    }

    /// Appends SQL text.
    pub fn push(&mut self, sql: impl std::fmt::Display) -> &mut Self {
        use std::fmt::Write as _;
        let _ = write!(self.sql, "{sql}");
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'static + Send + sqlx::Encode<'static, Any> + sqlx::Type<Any>,
    {
        if let Err(e) = self.args.add(value) {
            // Only custom `Encode` impls fail; the types used here never do.
            tracing::error!(error = %e, "cannot bind a query argument");
        }
        let n = self.args.len();
        self.push(format_args!("${n}"))
    }

    /// The SQL so far.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The query, with its arguments (taken: build once).
    pub fn build(&mut self) -> sqlx::query::Query<'_, Any, AnyArguments<'_>> {
        sqlx::query_with(&self.sql, std::mem::take(&mut self.args))
    }

    /// The query mapping rows to `T` (arguments taken: build once).
    pub fn build_query_as<T>(&mut self) -> sqlx::query::QueryAs<'_, Any, T, AnyArguments<'_>>
    where
        T: for<'r> sqlx::FromRow<'r, Row>,
    {
        sqlx::query_as_with(&self.sql, std::mem::take(&mut self.args))
    }
}

/// Formats an instant as stored: fixed-width `YYYY-MM-DDTHH:MM:SS.ffffffZ`, so text order is time order.
pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Formats an optional instant as stored.
pub fn ts_opt(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(ts)
}

/// Parses a stored instant.
pub fn parse_ts(text: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| sqlx::Error::Decode(format!("bad stored instant {text:?}: {e}").into()))
}

/// Parses an optional stored instant.
pub fn parse_ts_opt(text: Option<&str>) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    text.map(parse_ts).transpose()
}

/// Parses an optional stored date (`YYYY-MM-DD`).
pub fn parse_date_opt(text: Option<&str>) -> Result<Option<NaiveDate>, sqlx::Error> {
    text.map(|t| {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map_err(|e| sqlx::Error::Decode(format!("bad stored date {t:?}: {e}").into()))
    })
    .transpose()
}

/// The wire name of a unit enum (`TicketStatus::InWork` -> `in_work`), as stored in TEXT columns.
pub fn enum_str<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

/// Parses a stored wire name back into a unit enum.
pub fn parse_enum<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| sqlx::Error::Decode(format!("bad stored value {text:?}: {e}").into()))
}

/// Parses a stored JSON column.
pub fn parse_json_col<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(text)
        .map_err(|e| sqlx::Error::Decode(format!("bad stored JSON: {e}").into()))
}

/// Serialises a value for a JSON column.
pub fn json_col<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use spotdesk_api::TicketStatus;

    #[test]
    fn stored_instants_sort_as_text() {
        let a = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let b = DateTime::from_timestamp_micros(1_700_000_000_000_001).unwrap();
        assert!(ts(a) < ts(b));
        assert_eq!(ts(a).len(), ts(b).len());
        assert_eq!(parse_ts(&ts(b)).unwrap(), b);
    }

    #[test]
    fn backends_come_from_the_url_scheme() {
        assert_eq!(Backend::of_url("sqlite://x.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("sqlite::memory:"), Some(Backend::Sqlite));
        assert_eq!(
            Backend::of_url("postgres://u@h/db"),
            Some(Backend::Postgres)
        );
        assert_eq!(
            Backend::of_url("postgresql://u@h/db"),
            Some(Backend::Postgres)
        );
        assert_eq!(Backend::of_url("mysql://u@h/db"), None);
    }

    #[test]
    fn both_dialects_have_the_same_migrations() {
        let versions = |m: sqlx::migrate::Migrator| {
            m.iter()
                .map(|m| (m.version, m.description.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            versions(sqlx::migrate!("./migrations")),
            versions(sqlx::migrate!("./migrations-postgres")),
            "every migration in migrations/ needs its PostgreSQL dialect in migrations-postgres/"
        );
    }

    #[test]
    fn built_queries_number_their_placeholders() {
        let mut q = QueryBuilder::new("SELECT 1 WHERE a = ");
        q.push_bind(1_i64).push(" AND b IN (");
        q.push_bind("x").push(", ").push_bind("y").push(")");
        assert_eq!(q.sql(), "SELECT 1 WHERE a = $1 AND b IN ($2, $3)");
    }

    #[tokio::test]
    async fn sqlite_keeps_wal_busy_timeout_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect(&format!("sqlite://{}", dir.path().join("t.db").display()))
            .await
            .unwrap();
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .unwrap();
        let timeout: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
            .fetch_one(&pool)
            .await
            .unwrap();
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!((mode.as_str(), timeout, fk), ("wal", 5000, 1));
        migrate(&pool).await.unwrap();
        let mut tx = begin_write(&pool).await.unwrap();
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE id = $1")
            .bind(1_i64)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        assert_eq!(n, 0);
        tx.commit().await.unwrap();
    }

    #[test]
    fn enums_round_trip() {
        assert_eq!(enum_str(&TicketStatus::InWork), "in_work");
        assert_eq!(
            parse_enum::<TicketStatus>("in_work").unwrap(),
            TicketStatus::InWork
        );
        assert!(parse_enum::<TicketStatus>("nope").is_err());
    }
}
