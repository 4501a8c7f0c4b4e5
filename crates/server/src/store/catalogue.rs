//! The catalogue document (one JSON row): the whole configuration, with its version, and what
//! stored objects still use of it.

use crate::db::{self, Executor, Pool, Tx};
use chrono::{DateTime, Utc};
use spotdesk_api::{Catalogue, ConfigurationDocument, InformedUnit};
use spotdesk_core::config_check::InUse;

/// The stored catalogue, if any.
pub async fn load(pool: &Pool) -> Result<Option<Catalogue>, sqlx::Error> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM catalogue WHERE id = 1")
        .fetch_optional(pool)
        .await?;
    body.as_deref().map(db::parse_json_col).transpose()
}

/// The stored document with its version, who changed it last and when (`updated_at` only
/// once someone has: a seeded document has none).
pub async fn document<'e>(
    ex: impl Executor<'e>,
) -> Result<Option<ConfigurationDocument>, sqlx::Error> {
    let row: Option<(String, i64, String, Option<String>)> =
        sqlx::query_as("SELECT body, version, updated_at, updated_by FROM catalogue WHERE id = 1")
            .fetch_optional(ex)
            .await?;
    row.map(|(body, version, at, by)| {
        Ok(ConfigurationDocument {
            version,
            updated_at: by.as_ref().map(|_| db::parse_ts(&at)).transpose()?,
            updated_by: by,
            catalogue: db::parse_json_col(&body)?,
        })
    })
    .transpose()
}

/// Writes the document as `version`, changed by `updated_by` (`None`: seeded), in the
/// caller's transaction. On PostgreSQL the row's trigger tells every server process to reload
/// it when the transaction commits.
pub async fn write(
    tx: &mut Tx,
    catalogue: &Catalogue,
    version: i64,
    updated_by: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO catalogue (id, body, updated_at, version, updated_by) \
         VALUES (1, $1, $2, $3, $4) \
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, \
         version = excluded.version, updated_by = excluded.updated_by",
    )
    .bind(db::json_col(catalogue))
    .bind(db::ts(now))
    .bind(version)
    .bind(updated_by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores the catalogue, replacing any previous one (its version goes up by one), as of
/// `now`, without the checks and the audit entry of `PUT /admin/configuration` (which goes
/// through [`crate::configuration`]); what tests use to play another server process.
pub async fn store(
    pool: &Pool,
    catalogue: &Catalogue,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    let version = document(&mut *tx).await?.map_or(1, |d| d.version + 1);
    write(&mut tx, catalogue, version, None, now).await?;
    tx.commit().await
}

/// The services, groups and business units that tickets, incidents, spots and user accounts
/// use (so a new configuration may retire them, never drop them).
pub async fn in_use(tx: &mut Tx) -> Result<InUse, sqlx::Error> {
    let mut used = InUse::default();
    let column = |sql: &'static str| sqlx::query_scalar::<_, Option<String>>(sql);
    used.services.extend(
        column("SELECT DISTINCT service_code FROM tickets")
            .fetch_all(&mut **tx)
            .await?
            .into_iter()
            .flatten(),
    );
    for sql in [
        "SELECT DISTINCT agency_responsible FROM tickets",
        "SELECT DISTINCT owner_group FROM incidents",
        "SELECT DISTINCT group_code FROM spots",
        "SELECT DISTINCT group_code FROM users",
    ] {
        used.groups.extend(
            column(sql)
                .fetch_all(&mut **tx)
                .await?
                .into_iter()
                .flatten(),
        );
    }
    let incidents: Vec<(String, String)> =
        sqlx::query_as("SELECT DISTINCT service_codes, informed_units FROM incidents")
            .fetch_all(&mut **tx)
            .await?;
    for (services, units) in incidents {
        let services: Vec<String> = db::parse_json_col(&services)?;
        let units: Vec<InformedUnit> = db::parse_json_col(&units)?;
        used.services.extend(services);
        used.units.extend(units.into_iter().map(|u| u.unit));
    }
    Ok(used)
}
