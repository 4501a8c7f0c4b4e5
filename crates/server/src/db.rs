//! The SQLite pool, migrations, write transactions and the stored time format.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// A write transaction.
pub type Tx = Transaction<'static, Sqlite>;

/// Opens (creating if missing) the database: WAL journal, 5 s busy timeout, foreign keys on.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
}

/// Applies the embedded migrations (`crates/server/migrations`).
pub async fn migrate(pool: &SqlitePool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("./migrations").run(pool).await
}

/// Begins a write transaction with `BEGIN IMMEDIATE`: the write lock is taken up front, so
/// concurrent writers queue on the busy timeout instead of failing with `SQLITE_BUSY` when a
/// read transaction later tries to upgrade. Read-check-write sequences inside it are atomic.
pub async fn begin_write(pool: &SqlitePool) -> Result<Tx, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// The current instant, truncated to microseconds (what the database stores).
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
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
    fn enums_round_trip() {
        assert_eq!(enum_str(&TicketStatus::InWork), "in_work");
        assert_eq!(
            parse_enum::<TicketStatus>("in_work").unwrap(),
            TicketStatus::InWork
        );
        assert!(parse_enum::<TicketStatus>("nope").is_err());
    }
}
