//! `--demo`: fills an empty database with generated demo data in one IMMEDIATE transaction.

use crate::auth::hash_password;
use crate::config::Config;
use crate::db;
use crate::db::Pool;
use crate::store::users;
use crate::StartupError;
use chrono::{DateTime, Utc};
use spotdesk_api::{Role, UserId};
use spotdesk_demo::{DemoConfig, DemoData};
use std::time::Instant;

pub mod addresses;
mod history;

/// Whether the database holds no users and no tickets yet.
async fn is_empty(pool: &Pool) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM tickets)")
            .fetch_one(pool)
            .await?;
    Ok(n == 0)
}

/// Generates and inserts demo data unless the database already has users or tickets; `now`
/// (the server clock's) is the demo's present, the end of its generated past.
pub async fn seed_if_empty(
    pool: &Pool,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<(), StartupError> {
    if !is_empty(pool).await? {
        tracing::info!("database is not empty; demo data not inserted");
        return Ok(());
    }
    let started = Instant::now();
    let demo_config = DemoConfig {
        seed: config.seed,
        days: config.demo_days,
        tickets_per_day: config.demo_tickets_per_day,
        now,
    };
    let data = tokio::task::spawn_blocking(move || spotdesk_demo::generate(&demo_config)).await?;
    let passwords: Vec<String> = data.users.iter().map(|u| u.password.clone()).collect();
    let hashes = tokio::task::spawn_blocking(move || {
        passwords
            .iter()
            .map(|p| hash_password(p))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?
    .map_err(|e| format!("hashing demo passwords: {e}"))?;
    let generated = started.elapsed();
    let (users, coverage_cells, written) = insert(pool, &data, &hashes, now).await?;
    tracing::info!(
        users,
        coverage_cells,
        tickets = written.tickets,
        incidents = written.incidents,
        spots = written.spots,
        ratings = written.ratings,
        seed = config.seed,
        days = config.demo_days,
        generate_ms = generated.as_millis() as u64,
        total_ms = started.elapsed().as_millis() as u64,
        "inserted demo data"
    );
    Ok(())
}

/// Inserts everything in one transaction; returns (users, coverage cells, the rest).
async fn insert(
    pool: &Pool,
    data: &DemoData,
    hashes: &[String],
    now: DateTime<Utc>,
) -> Result<(usize, usize, history::Written), StartupError> {
    let mut tx = db::begin_write(pool).await?;
    // The demo city's configuration goes through the checks of PUT /admin/configuration.
    crate::configuration::seed(&mut tx, &data.catalogue, now).await?;

    let mut user_ids: Vec<(Role, UserId)> = Vec::new();
    for (u, hash) in data.users.iter().zip(hashes) {
        let id = users::insert(
            &mut tx,
            &u.username,
            hash,
            &u.display_name,
            u.role,
            u.group.as_deref(),
            now,
        )
        .await?;
        user_ids.push((u.role, UserId(id)));
    }
    let first_of = |role: Role| user_ids.iter().find(|(r, _)| *r == role).map(|(_, id)| *id);
    let agent = first_of(Role::Agent);

    for f in &data.coverage {
        let ring = f
            .geometry
            .coordinates
            .first()
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let lats = ring.iter().map(|p| p[1]);
        let longs = ring.iter().map(|p| p[0]);
        let (min_lat, max_lat) = lats.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        });
        let (min_long, max_long) = longs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        });
        sqlx::query(
            "INSERT INTO coverage_features (technology, quality, geometry, min_lat, max_lat, min_long, max_long) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(f.properties.technology.as_str())
        .bind(f.properties.quality)
        .bind(db::json_col(&f.geometry))
        .bind(if min_lat.is_finite() { min_lat } else { 0.0 })
        .bind(if max_lat.is_finite() { max_lat } else { 0.0 })
        .bind(if min_long.is_finite() { min_long } else { 0.0 })
        .bind(if max_long.is_finite() { max_long } else { 0.0 })
        .execute(&mut *tx)
        .await?;
    }

    let staff = history::Staff {
        agent,
        coordinator: first_of(Role::Coordinator).ok_or("the demo has no coordinator")?,
        engineer: first_of(Role::Engineer).ok_or("the demo has no engineer")?,
    };
    let written = history::insert(&mut tx, data, &staff, now).await?;
    tx.commit().await?;
    Ok((data.users.len(), data.coverage.len(), written))
}
