//! Failed sign-in counters (`login_throttle`) and the addresses accounts signed in from
//! (`login_known_addresses`); the policy is [`crate::login_throttle`].
//!
//! Keys: a `pair` row has both `username` and `address`, an `account` row only `username`, an
//! `address` row only `address` (the other column is `''`; an unknown address is `''` too).

use crate::db::{self, Pool};
use crate::login_throttle::{
    lock_in_force as policy_lock, Attempt, Counter, Lock, Scope, FORGET_AFTER_HOURS,
    KNOWN_ADDRESS_DAYS,
};
use chrono::{DateTime, Duration, Utc};

/// The counters of an attempt and whether its address is known to the account.
async fn counters(
    conn: &mut sqlx::AnyConnection,
    username: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<(Vec<Counter>, bool), sqlx::Error> {
    let forgotten = db::ts(now - Duration::hours(FORGET_AFTER_HOURS));
    let rows: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT scope, failures, last_failure FROM login_throttle \
         WHERE last_failure >= $3 AND ( \
            (scope = 'pair' AND username = $1 AND address = $2) \
         OR (scope = 'account' AND username = $1 AND address = '') \
         OR (scope = 'address' AND username = '' AND address = $2))",
    )
    .bind(username)
    .bind(address)
    .bind(&forgotten)
    .fetch_all(&mut *conn)
    .await?;
    let counters = rows
        .into_iter()
        .filter_map(|(scope, failures, last)| {
            let scope = Scope::parse(&scope)?;
            Some(db::parse_ts(&last).map(|last_failure| Counter {
                scope,
                failures,
                last_failure,
            }))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let known: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_known_addresses \
         WHERE username = $1 AND address = $2 AND last_success >= $3",
    )
    .bind(username)
    .bind(address)
    .bind(db::ts(now - Duration::days(KNOWN_ADDRESS_DAYS)))
    .fetch_one(&mut *conn)
    .await?;
    Ok((counters, known > 0))
}

/// The delay that holds `attempt` back at `now`, if any (reads only).
pub async fn lock_in_force(
    pool: &Pool,
    attempt: &Attempt<'_>,
    now: DateTime<Utc>,
) -> Result<Option<Lock>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let (counters, known) =
        counters(&mut conn, attempt.username, &attempt.address_key(), now).await?;
    Ok(policy_lock(&counters, known, now))
}

/// In one write transaction (so concurrent attempts, from any server process, are counted one
/// after the other): `Err(lock)` when a delay holds the attempt back (nothing is counted);
/// otherwise counts one failure on each of its counters, forgets stale rows, and returns the
/// counters after counting.
pub async fn count_attempt(
    pool: &Pool,
    attempt: &Attempt<'_>,
    now: DateTime<Utc>,
) -> Result<Result<Vec<Counter>, Lock>, sqlx::Error> {
    let address = attempt.address_key();
    let username = attempt.username;
    let mut tx = db::begin_write(pool).await?;
    let (counters, known) = counters(&mut tx, username, &address, now).await?;
    if let Some(lock) = policy_lock(&counters, known, now) {
        tx.rollback().await?;
        return Ok(Err(lock));
    }
    let forgotten = db::ts(now - Duration::hours(FORGET_AFTER_HOURS));
    let mut after = Vec::with_capacity(Scope::ALL.len());
    for scope in Scope::ALL {
        let (user_key, address_key) = match scope {
            Scope::Pair => (username, address.as_str()),
            Scope::Account => (username, ""),
            Scope::Address => ("", address.as_str()),
        };
        let failures: i64 = sqlx::query_scalar(
            "INSERT INTO login_throttle (scope, username, address, failures, last_failure) \
             VALUES ($1, $2, $3, 1, $4) \
             ON CONFLICT (scope, username, address) DO UPDATE SET \
             failures = CASE WHEN login_throttle.last_failure < $5 THEN 1 \
                             ELSE login_throttle.failures + 1 END, \
             last_failure = $4 \
             RETURNING failures",
        )
        .bind(scope.as_str())
        .bind(user_key)
        .bind(address_key)
        .bind(db::ts(now))
        .bind(&forgotten)
        .fetch_one(&mut *tx)
        .await?;
        after.push(Counter {
            scope,
            failures,
            last_failure: now,
        });
    }
    sqlx::query("DELETE FROM login_throttle WHERE last_failure < $1")
        .bind(&forgotten)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(after))
}

/// After a successful sign-in: takes back the failure [`count_attempt`] counted ahead on the
/// address, resets the account's counter and the pair's, remembers the address as known to the
/// account, and forgets addresses not used for [`KNOWN_ADDRESS_DAYS`].
pub async fn record_success(
    pool: &Pool,
    attempt: &Attempt<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let address = attempt.address_key();
    let mut tx = db::begin_write(pool).await?;
    sqlx::query(
        "DELETE FROM login_throttle WHERE username = $1 AND \
         ((scope = 'pair' AND address = $2) OR scope = 'account')",
    )
    .bind(attempt.username)
    .bind(&address)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE login_throttle SET failures = failures - 1 \
         WHERE scope = 'address' AND username = '' AND address = $1 AND failures > 0",
    )
    .bind(&address)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO login_known_addresses (username, address, last_success) VALUES ($1, $2, $3) \
         ON CONFLICT (username, address) DO UPDATE SET last_success = $3",
    )
    .bind(attempt.username)
    .bind(&address)
    .bind(db::ts(now))
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM login_known_addresses WHERE last_success < $1")
        .bind(db::ts(now - Duration::days(KNOWN_ADDRESS_DAYS)))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Lifts every sign-in delay of the account `username` and forgets its failures, from every
/// address (its own counter and each of its pairs). The addresses' own counters, which span
/// accounts, stay. For administrators helping a user who is locked out; returns how many
/// counters were removed (0: nothing held the account back).
pub async fn unlock_account(pool: &Pool, username: &str) -> Result<u64, sqlx::Error> {
    let mut tx = db::begin_write(pool).await?;
    let done = unlock_account_in(&mut tx, username).await?;
    tx.commit().await?;
    Ok(done)
}

/// [`unlock_account`] inside the caller's write transaction (which records it in the audit
/// log too).
pub async fn unlock_account_in(tx: &mut db::Tx, username: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM login_throttle WHERE username = $1 AND scope IN ('pair', 'account')",
    )
    .bind(username)
    .execute(&mut **tx)
    .await?;
    tracing::info!(username = ?username, counters = done.rows_affected(), "sign-in delays lifted");
    Ok(done.rows_affected())
}

/// The accounts whose own counters (account-wide or of one of their pairs) delay sign-ins at
/// `now`, each with the end of its longest delay. For the administrators' list: one query over
/// the (small, self-cleaning) table.
pub async fn account_locks(
    pool: &Pool,
    now: DateTime<Utc>,
) -> Result<std::collections::HashMap<String, DateTime<Utc>>, sqlx::Error> {
    let forgotten = db::ts(now - Duration::hours(FORGET_AFTER_HOURS));
    let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT username, scope, failures, last_failure FROM login_throttle \
         WHERE scope IN ('pair', 'account') AND last_failure >= $1",
    )
    .bind(&forgotten)
    .fetch_all(pool)
    .await?;
    let mut locks = std::collections::HashMap::new();
    for (username, scope, failures, last) in rows {
        let Some(scope) = Scope::parse(&scope) else {
            continue;
        };
        let counter = Counter {
            scope,
            failures,
            last_failure: db::parse_ts(&last)?,
        };
        if let Some(until) = counter.locked_until(now) {
            let entry = locks.entry(username).or_insert(until);
            if until > *entry {
                *entry = until;
            }
        }
    }
    Ok(locks)
}
