//! `POST /auth/login`, `POST /auth/logout`, `GET /auth/me`, `POST /auth/password`.

use crate::access;
use crate::auth::{self as authn, AuthUser};
use crate::commit::commit_and_announce;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::login_throttle::{self, Attempt};
use crate::openapi::responses::{JsonBody, SignedIn};
use crate::password_policy;
use crate::rate_limit::ClientAddr;
use crate::state::AppState;
use crate::store::users;
use crate::user_admin;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use spotdesk_api::{
    field_codes, ErrorBody, FieldError, LoginRequest, LoginResponse, PasswordChange, User,
    PASSWORD_MAX_CHARS,
};

/// Longest username or password looked at, in bytes (longer ones simply fail): the longest
/// password the policy allows, 256 characters of up to 4 bytes each.
const MAX_CREDENTIAL_LEN: usize = 4 * PASSWORD_MAX_CHARS;

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
///
/// A disabled account gets the same 401 as a wrong password. After a password reset the user
/// signs in with the one-time password: the answer's `user.must_change_password` is `true`,
/// and that session may only change the password (`POST /auth/password`), read
/// `GET /auth/me` and sign out; everything else answers 403 `password_change_required`.
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
    // No stored username holds a control character (and PostgreSQL refuses NUL in text):
    // such a name is simply wrong, never a database error.
    if req.username.len() > MAX_CREDENTIAL_LEN
        || req.password.len() > MAX_CREDENTIAL_LEN
        || req.username.chars().any(char::is_control)
    {
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
    // A disabled account fails exactly like a wrong password (after the same check).
    let Some(stored) = stored.filter(|s| ok && !s.disabled) else {
        counted.log_failure(&attempt);
        return Err(wrong());
    };
    login_throttle::record_success(&state, &attempt).await?;
    let (token, expires_at) =
        authn::create_session(&state.db, stored.user.id, state.clock.now()).await?;
    tracing::info!(
        user = %stored.user.username,
        must_change_password = stored.user.must_change_password,
        "signed in"
    );
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
        SignedIn,
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
        SignedIn,
    ))]
pub async fn me(user: AuthUser) -> ApiResult<Json<User>> {
    access::ME.check(&user)?;
    Ok(Json(user.to_user()))
}

/// Changes the signed-in user's own password: `current_password` must be the one they signed
/// in with (the one-time password after a reset), `new_password` must follow the password
/// policy and differ from it. Clears `must_change_password` and ends every other session of
/// the user (their open event streams get `signed-out` within seconds); this session goes on.
///
/// **Password policy** (every password set by anyone): 12 to 256 characters of any script,
/// spaces allowed, no control characters, no composition rules; not containing the username
/// (`contains_username`); not one of the 49,233 most common passwords, alone or with only
/// digits and punctuation around it, nor a plain repeat or sequence (`too_common`); too short
/// or long: `too_short`, `too_long`.
///
/// A wrong `current_password` counts as a failed sign-in of the account: the same delays
/// apply (429 `rate_limited` with `Retry-After`).
#[utoipa::path(post, path = "/auth/password", tag = "auth", operation_id = "changeOwnPassword",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 200, description = "Changed; the signed-in user, `must_change_password` now false", body = User),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 422, description = "`validation_failed` (see `fields`: `current_password` `required` or `invalid` (not the current password); `new_password` `required`, `too_short`, `too_long`, `too_common`, `contains_username`, `invalid` (control characters, or the same as the current one))", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many wrong passwords; retry after `Retry-After` seconds", body = ErrorBody,
            headers(("Retry-After" = u32, description = "Seconds until attempts are accepted again"))),
        (status = 503, description = "`busy`: every password check is in use; retry after `Retry-After` seconds", body = ErrorBody,
            headers(("Retry-After" = u32, description = "Seconds to wait before retrying"))),
        JsonBody,
    ))]
pub async fn change_own_password(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    user: AuthUser,
    body: Result<ApiJson<PasswordChange>, ApiError>,
) -> ApiResult<Json<User>> {
    access::CHANGE_OWN_PASSWORD.check(&user)?;
    let ApiJson(req) = body?;
    let mut errors = Vec::new();
    if req.current_password.is_empty() {
        errors.push(FieldError::new(
            "current_password",
            field_codes::REQUIRED,
            "your current password is required",
        ));
    }
    errors.extend(password_policy::check(
        "new_password",
        &req.new_password,
        &user.username,
    ));
    if errors.is_empty() && req.new_password == req.current_password {
        errors.push(FieldError::new(
            "new_password",
            field_codes::INVALID,
            "must differ from the current password",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let wrong = || {
        ApiError::invalid_field(
            "current_password",
            field_codes::INVALID,
            "this is not your current password",
        )
    };
    if req.current_password.len() > MAX_CREDENTIAL_LEN {
        return Err(wrong());
    }
    // Guessing the current password through a session is guessing a sign-in.
    let attempt = Attempt {
        username: &user.username,
        address: client,
    };
    login_throttle::refuse_if_locked(&state, &attempt).await?;
    let permit = state.password_checks.acquire().await?;
    let counted = login_throttle::count_attempt(&state, &attempt).await?;
    let current = users::password_hash(&state.db, user.id)
        .await?
        .unwrap_or_else(|| authn::dummy_hash().to_owned());
    if !permit.verify(current, req.current_password).await? {
        counted.log_failure(&attempt);
        return Err(wrong());
    }
    login_throttle::record_success(&state, &attempt).await?;
    let hash = state
        .password_checks
        .acquire()
        .await?
        .hash(req.new_password)
        .await?;
    let now = state.clock.now();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let (account, ended) =
        user_admin::change_own_password(&mut tx, user.id, &hash, &user.token_hash, now).await?;
    commit_and_announce(tx, &state, []).await?;
    user_admin::close_streams(&state, &ended);
    tracing::info!(user = %user.username, other_sessions_ended = ended.len(), "password changed");
    Ok(Json(User {
        id: account.id,
        username: account.username,
        display_name: account.display_name,
        role: account.role,
        group: account.group,
        must_change_password: account.must_change_password,
    }))
}
