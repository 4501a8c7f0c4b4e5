//! `POST /auth/login`, `POST /auth/logout`, `GET /auth/me`.

use crate::access;
use crate::auth::{self as authn, AuthUser};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::login_throttle::{self, Attempt};
use crate::rate_limit::ClientAddr;
use crate::state::AppState;
use crate::store::users;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use spotdesk_api::{ErrorBody, LoginRequest, LoginResponse, User};

/// Longest username or password looked at (longer ones simply fail).
const MAX_CREDENTIAL_LEN: usize = 256;

/// Signs in with username and password; answers a bearer token valid for 12 hours.
///
/// Unknown user and wrong password give the same 401. Failed sign-ins are throttled per
/// account and client address, per account and per address: from the 5th consecutive failure
/// of an account from one address (20th from any address, 30th for any account from one
/// address) further attempts wait 30 s, doubling with each failure up to 15 minutes; meanwhile
/// they get 429 `rate_limited` with `Retry-After` (seconds) without the password being
/// checked. A successful sign-in resets the account's count; addresses the account signed in
/// from before are spared the account-wide and address-wide delays. Password checks are
/// bounded (`--max-password-checks`): a sign-in that finds none free within 2 s gets 503
/// `busy` with `Retry-After`.
#[utoipa::path(post, path = "/auth/login", tag = "auth", operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = LoginResponse),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 401, description = "Wrong username or password (`unauthenticated`)", body = ErrorBody),
        (status = 415, description = "Body is not JSON", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many failed sign-ins; retry after `Retry-After` seconds (the password was not checked)", body = ErrorBody,
            headers(("Retry-After" = u32, description = "Seconds until sign-ins are accepted again"))),
        (status = 503, description = "`busy`: every password check is in use; retry after `Retry-After` seconds", body = ErrorBody,
            headers(("Retry-After" = u32, description = "Seconds to wait before retrying"))),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Json<LoginResponse>> {
    let wrong = || ApiError::unauthenticated("wrong username or password");
    if req.username.len() > MAX_CREDENTIAL_LEN || req.password.len() > MAX_CREDENTIAL_LEN {
        return Err(wrong());
    }
    let attempt = Attempt {
        username: req.username.trim(),
        address: client,
    };
    // Held back: 429 before any password check (cheap; the right password gets it too).
    login_throttle::refuse_if_locked(&state, &attempt).await?;
    let permit = state.password_checks.acquire().await?;
    let counted = login_throttle::count_attempt(&state, &attempt).await?;
    let stored = users::by_username(&state.db, attempt.username).await?;
    // Unknown users are checked against a dummy hash, through the same permits and buffers.
    let hash = stored.as_ref().map_or_else(
        || authn::dummy_hash().to_owned(),
        |s| s.password_hash.clone(),
    );
    let ok = permit.verify(hash, req.password).await?;
    let Some(stored) = stored.filter(|_| ok) else {
        counted.log_failure(&attempt);
        return Err(wrong());
    };
    login_throttle::record_success(&state, &attempt).await?;
    let (token, expires_at) =
        authn::create_session(&state.db, stored.user.id, state.clock.now()).await?;
    tracing::info!(user = %stored.user.username, "signed in");
    Ok(Json(LoginResponse {
        token,
        expires_at,
        user: stored.user,
    }))
}

/// Ends the session of the bearer token sent.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", operation_id = "logout",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out; the token no longer works"),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn logout(State(state): State<AppState>, user: AuthUser) -> ApiResult<StatusCode> {
    access::LOGOUT.check(&user)?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(&user.token_hash)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    // This process's streams of the session end now; other processes' within seconds.
    state.stream_sessions.end(&user.token_hash);
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user.
#[utoipa::path(get, path = "/auth/me", tag = "auth", operation_id = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = User),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn me(user: AuthUser) -> ApiResult<Json<User>> {
    access::ME.check(&user)?;
    Ok(Json(user.to_user()))
}
