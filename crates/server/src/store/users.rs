//! User accounts, and the sessions that belong to them.

use crate::db::Pool;
use crate::db::{self, Tx};
use chrono::{DateTime, Utc};
use spotdesk_api::{Actor, Role, User, UserAccount, UserId};

/// A user row with its password hash.
#[derive(Debug, Clone)]
pub struct StoredUser {
    /// The account as clients see it.
    pub user: User,
    /// argon2 PHC string.
    pub password_hash: String,
    /// A disabled account cannot sign in.
    pub disabled: bool,
}

/// The columns of [`UserAccount`] (without `locked_until`, which the throttle knows), in the
/// order [`account_of`] reads them.
const ACCOUNT_COLUMNS: &str = "id, username, display_name, role, group_code, disabled_at, \
     must_change_password, created_at, password_changed_at, version";

/// One row of [`ACCOUNT_COLUMNS`].
type AccountRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    String,
    Option<String>,
    i64,
);

fn role_of(role: &str) -> Result<Role, sqlx::Error> {
    Role::parse(role).ok_or_else(|| sqlx::Error::Decode(format!("bad role {role}").into()))
}

fn account_of(row: AccountRow) -> Result<UserAccount, sqlx::Error> {
    let (id, username, display_name, role, group, disabled_at, must, created, changed, version) =
        row;
    Ok(UserAccount {
        id: UserId(id),
        username,
        display_name,
        role: role_of(&role)?,
        group,
        disabled: disabled_at.is_some(),
        must_change_password: must != 0,
        locked_until: None,
        created_at: db::parse_ts(&created)?,
        password_changed_at: db::parse_ts_opt(changed.as_deref())?,
        version,
    })
}

/// Finds a user by login name.
pub async fn by_username(pool: &Pool, username: &str) -> Result<Option<StoredUser>, sqlx::Error> {
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        Option<String>,
        i64,
        Option<String>,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, username, password_hash, display_name, role, group_code, \
             must_change_password, disabled_at FROM users WHERE username = $1",
    )
    .bind(username)
    .fetch_optional(pool)
    .await?;
    row.map(
        |(id, username, password_hash, display_name, role, group, must, disabled_at)| {
            Ok(StoredUser {
                user: User {
                    id: UserId(id),
                    username,
                    display_name,
                    role: role_of(&role)?,
                    group,
                    must_change_password: must != 0,
                },
                password_hash,
                disabled: disabled_at.is_some(),
            })
        },
    )
    .transpose()
}

/// The password hash of an account (for checking the current password).
pub async fn password_hash<'e>(
    ex: impl db::Executor<'e>,
    id: UserId,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(id.0)
        .fetch_optional(ex)
        .await
}

/// The display name of a user, if the account exists.
pub async fn display_name<'e>(
    ex: impl db::Executor<'e>,
    id: UserId,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
        .bind(id.0)
        .fetch_optional(ex)
        .await
}

/// The [`Actor`] of an `assignee_id` column and the display name joined to it (an id whose
/// account has no name yet reads as an empty name, never as nobody).
pub fn actor_of(column: Option<i64>, display_name: Option<String>) -> Option<Actor> {
    column.map(|id| Actor {
        id: UserId(id),
        display_name: display_name.unwrap_or_default(),
    })
}

/// A person who could be assigned work: an account's name, role and group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    /// The account.
    pub id: UserId,
    /// Shown to others.
    pub display_name: String,
    /// What they may do.
    pub role: Role,
    /// Their group, if any.
    pub group: Option<String>,
    /// A disabled account is never assigned.
    pub disabled: bool,
}

/// Columns of [`Worker`].
type WorkerRow = (i64, String, String, Option<String>, Option<String>);

fn worker_of(
    (id, display_name, role, group, disabled_at): WorkerRow,
) -> Result<Worker, sqlx::Error> {
    Ok(Worker {
        id: UserId(id),
        display_name,
        role: role_of(&role)?,
        group,
        disabled: disabled_at.is_some(),
    })
}

/// One account as a possible assignee.
pub async fn worker<'e>(
    ex: impl db::Executor<'e>,
    id: UserId,
) -> Result<Option<Worker>, sqlx::Error> {
    let row: Option<WorkerRow> = sqlx::query_as(
        "SELECT id, display_name, role, group_code, disabled_at FROM users WHERE id = $1",
    )
    .bind(id.0)
    .fetch_optional(ex)
    .await?;
    row.map(worker_of).transpose()
}

/// Every enabled account as a possible assignee, by display name.
pub async fn active_workers<'e>(ex: impl db::Executor<'e>) -> Result<Vec<Worker>, sqlx::Error> {
    let rows: Vec<WorkerRow> = sqlx::query_as(
        "SELECT id, display_name, role, group_code, disabled_at FROM users \
         WHERE disabled_at IS NULL ORDER BY display_name, id",
    )
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(worker_of).collect()
}

/// An account as administrators see it (`locked_until` left empty).
pub async fn account<'e>(
    ex: impl db::Executor<'e>,
    id: UserId,
) -> Result<Option<UserAccount>, sqlx::Error> {
    let row: Option<AccountRow> = sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM users WHERE id = $1"
    ))
    .bind(id.0)
    .fetch_optional(ex)
    .await?;
    row.map(account_of).transpose()
}

/// An account by its username (`locked_until` left empty).
pub async fn account_by_username<'e>(
    ex: impl db::Executor<'e>,
    username: &str,
) -> Result<Option<UserAccount>, sqlx::Error> {
    let row: Option<AccountRow> = sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM users WHERE username = $1"
    ))
    .bind(username)
    .fetch_optional(ex)
    .await?;
    row.map(account_of).transpose()
}

/// Every account, by username (`locked_until` left empty).
pub async fn accounts(pool: &Pool) -> Result<Vec<UserAccount>, sqlx::Error> {
    let rows: Vec<AccountRow> = sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM users ORDER BY username"
    ))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(account_of).collect()
}

/// Whether an enabled administrator account exists.
pub async fn admin_exists(pool: &Pool) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL",
    )
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// How many enabled administrators there are besides `id`.
pub async fn enabled_admins_besides<'e>(
    ex: impl db::Executor<'e>,
    id: UserId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1",
    )
    .bind(id.0)
    .fetch_one(ex)
    .await
}

/// Inserts a user whose password needs no change (the demo's); returns its id.
pub async fn insert(
    tx: &mut Tx,
    username: &str,
    password_hash: &str,
    display_name: &str,
    role: Role,
    group: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    create(
        tx,
        username,
        password_hash,
        display_name,
        role,
        group,
        false,
        now,
    )
    .await
}

/// Inserts a user, its password set `now` and to be changed at the first sign-in when
/// `must_change_password`; returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    tx: &mut Tx,
    username: &str,
    password_hash: &str,
    display_name: &str,
    role: Role,
    group: Option<&str>,
    must_change_password: bool,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (username, password_hash, display_name, role, group_code, created_at, \
         must_change_password, password_changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $6) RETURNING id",
    )
    .bind(username)
    .bind(password_hash)
    .bind(display_name)
    .bind(role.as_str())
    .bind(group)
    .bind(db::ts(now))
    .bind(i64::from(must_change_password))
    .fetch_one(&mut **tx)
    .await
}

/// Writes an account's administrable fields and counts a new version; `disabled_at` is the
/// instant it was disabled (kept while it stays disabled), `None` when enabled.
pub async fn update(
    tx: &mut Tx,
    id: UserId,
    display_name: &str,
    role: Role,
    group: Option<&str>,
    disabled_at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET display_name = $2, role = $3, group_code = $4, \
         disabled_at = CASE WHEN $5 = 0 THEN NULL ELSE COALESCE(disabled_at, $6) END, \
         version = version + 1 WHERE id = $1",
    )
    .bind(id.0)
    .bind(display_name)
    .bind(role.as_str())
    .bind(group)
    .bind(i64::from(disabled_at.is_some()))
    .bind(db::ts_opt(disabled_at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sets a new password hash at `now` (a one-time password when `must_change_password`) and
/// counts a new version.
pub async fn set_password(
    tx: &mut Tx,
    id: UserId,
    password_hash: &str,
    must_change_password: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET password_hash = $2, must_change_password = $3, \
         password_changed_at = $4, version = version + 1 WHERE id = $1",
    )
    .bind(id.0)
    .bind(password_hash)
    .bind(i64::from(must_change_password))
    .bind(db::ts(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ends the sessions of a user (all, or all but the one stored as `keep`); returns the
/// stored hashes of the sessions ended, so this process can close their live streams at once
/// (other processes' streams close within seconds, [`crate::stream_sessions`]).
pub async fn end_sessions(
    tx: &mut Tx,
    id: UserId,
    keep: Option<&str>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2 RETURNING token_hash",
    )
    .bind(id.0)
    .bind(keep.unwrap_or(""))
    .fetch_all(&mut **tx)
    .await
}
