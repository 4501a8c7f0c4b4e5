//! `POST /auth/login`, `POST /auth/logout`, `GET /auth/me`.

use crate::access;
use crate::auth::{self as authn, AuthUser};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
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
/// Unknown user and wrong password give the same 401.
#[utoipa::path(post, path = "/auth/login", tag = "auth", operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = LoginResponse),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 401, description = "Wrong username or password (`unauthenticated`)", body = ErrorBody),
        (status = 415, description = "Body is not JSON", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Json<LoginResponse>> {
    let wrong = || ApiError::unauthenticated("wrong username or password");
    if req.username.len() > MAX_CREDENTIAL_LEN || req.password.len() > MAX_CREDENTIAL_LEN {
        return Err(wrong());
    }
    let stored = users::by_username(&state.db, req.username.trim()).await?;
    let hash = stored.as_ref().map_or_else(
        || authn::dummy_hash().to_owned(),
        |s| s.password_hash.clone(),
    );
    let password = req.password;
    let ok = tokio::task::spawn_blocking(move || authn::verify_password(&hash, &password))
        .await
        .map_err(ApiError::internal)?;
    let Some(stored) = stored.filter(|_| ok) else {
        return Err(wrong());
    };
    let (token, expires_at) = authn::create_session(&state.db, stored.user.id).await?;
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
