//! Passwords (argon2id), opaque bearer tokens stored hashed, and the [`AuthUser`] extractor.

use crate::db;
use crate::db::Pool;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use spotdesk_api::{Role, User, UserId};
use std::sync::OnceLock;

/// How long a session token stays valid, by the server's [`Clock`](crate::clock::Clock)
/// (moving a test clock further ahead than this ends every session).
pub const SESSION_HOURS: i64 = 12;

/// The signed-in caller of a request.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The user's id.
    pub id: UserId,
    /// Login name.
    pub username: String,
    /// Name shown in the UI.
    pub display_name: String,
    /// What the user may do.
    pub role: Role,
    /// Assignee group, if any.
    pub group: Option<String>,
    /// SHA-256 of the bearer token that authenticated this request (for logout).
    pub token_hash: String,
    /// When the session ends by itself.
    pub session_expires_at: DateTime<Utc>,
    /// Signed in with a one-time password: only the operations whose rule allows it
    /// ([`crate::access::Rule::check`]) until the password is changed.
    pub must_change_password: bool,
}

impl AuthUser {
    /// The user as sent to clients.
    pub fn to_user(&self) -> User {
        User {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            group: self.group.clone(),
            must_change_password: self.must_change_password,
        }
    }
}

/// Hashes a password with argon2id (default parameters: 19 MiB, 2 passes).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Checks a password against a stored hash; a malformed hash never matches.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to verify against when the user does not exist, so both failures take equally long.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default())
}

/// A fresh random 256-bit token (base64url) and its stored form.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

/// SHA-256 of a token, lowercase hex: what the `sessions` table stores.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Stores a new session for `user_id`, begun `now` (the server clock's); returns the token and
/// its expiry, [`SESSION_HOURS`] later.
pub async fn create_session(
    pool: &Pool,
    user_id: UserId,
    now: DateTime<Utc>,
) -> ApiResult<(String, DateTime<Utc>)> {
    let (token, hash) = new_token();
    let expires = now + chrono::Duration::hours(SESSION_HOURS);
    let mut tx = db::begin_write(pool).await?;
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(db::ts(now))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&hash)
    .bind(user_id.0)
    .bind(db::ts(now))
    .bind(db::ts(expires))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((token, expires))
}

/// Resolves a bearer token to its user; 401 when unknown or expired by `now`.
pub async fn authenticate(pool: &Pool, token: &str, now: DateTime<Utc>) -> ApiResult<AuthUser> {
    authenticate_hash(pool, hash_token(token), now).await
}

/// Resolves a session by its stored hash ([`hash_token`]); 401 when unknown or expired by
/// `now`, or when its user is disabled (whose sessions are deleted anyway).
pub async fn authenticate_hash(
    pool: &Pool,
    hash: String,
    now: DateTime<Utc>,
) -> ApiResult<AuthUser> {
    type Row = (i64, String, String, String, Option<String>, String, i64);
    let row: Option<Row> = sqlx::query_as(
        "SELECT u.id, u.username, u.display_name, u.role, u.group_code, s.expires_at, \
         u.must_change_password \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL",
    )
    .bind(&hash)
    .bind(db::ts(now))
    .fetch_optional(pool)
    .await?;
    let Some((id, username, display_name, role, group, expires, must_change)) = row else {
        return Err(ApiError::unauthenticated(
            "the token is unknown or expired; sign in again",
        ));
    };
    let role = Role::parse(&role)
        .ok_or_else(|| ApiError::internal(format_args!("user {id} has bad role {role}")))?;
    Ok(AuthUser {
        id: UserId(id),
        username,
        display_name,
        role,
        group,
        token_hash: hash,
        session_expires_at: db::parse_ts(&expires).map_err(ApiError::internal)?,
        must_change_password: must_change != 0,
    })
}

/// The token of an `Authorization: Bearer <token>` header, if present.
pub fn bearer_token(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or("");
    let (scheme, token) = text.split_once(' ').unwrap_or((text, ""));
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(ApiError::unauthenticated(
            "expected Authorization: Bearer <token>",
        ));
    }
    Ok(Some(token.to_owned()))
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match bearer_token(&parts.headers)? {
            Some(token) => authenticate(&state.db, &token, state.clock.now()).await,
            None => Err(ApiError::unauthenticated(
                "sign in first: send Authorization: Bearer <token>",
            )),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify() {
        let hash = hash_password("secret").unwrap();
        assert!(verify_password(&hash, "secret"));
        assert!(!verify_password(&hash, "Secret"));
        assert!(!verify_password("garbage", "secret"));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(ha, hash_token(&a));
        assert_eq!(ha.len(), 64);
    }
}
