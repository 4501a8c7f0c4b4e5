//! User accounts.

use crate::db::Pool;
use crate::db::{self, Tx};
use chrono::{DateTime, Utc};
use spotdesk_api::{Role, User, UserId};

/// A user row with its password hash.
#[derive(Debug, Clone)]
pub struct StoredUser {
    /// The account as clients see it.
    pub user: User,
    /// argon2 PHC string.
    pub password_hash: String,
}

/// Finds a user by login name.
pub async fn by_username(pool: &Pool, username: &str) -> Result<Option<StoredUser>, sqlx::Error> {
    let row: Option<(i64, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, username, password_hash, display_name, role, group_code FROM users WHERE username = $1",
    )
    .bind(username)
    .fetch_optional(pool)
    .await?;
    row.map(|(id, username, password_hash, display_name, role, group)| {
        let role = Role::parse(&role)
            .ok_or_else(|| sqlx::Error::Decode(format!("bad role {role}").into()))?;
        Ok(StoredUser {
            user: User {
                id: UserId(id),
                username,
                display_name,
                role,
                group,
            },
            password_hash,
        })
    })
    .transpose()
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

/// Inserts a user; returns its id.
pub async fn insert(
    tx: &mut Tx,
    username: &str,
    password_hash: &str,
    display_name: &str,
    role: Role,
    group: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (username, password_hash, display_name, role, group_code, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(username)
    .bind(password_hash)
    .bind(display_name)
    .bind(role.as_str())
    .bind(group)
    .bind(db::ts(now))
    .fetch_one(&mut **tx)
    .await
}
