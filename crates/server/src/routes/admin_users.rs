//! `/admin/users`: administrators list, create and change accounts, set one-time passwords
//! and lift sign-in delays. The rules and writes (shared with `spotdesk-server admin …`) are
//! in [`crate::user_admin`]; every change is in the audit log (`GET /admin/audit`).

use crate::access;
use crate::auth::AuthUser;
use crate::commit::commit_and_announce;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{change_parts, ApiJson, ApiPath, IdParam, IdempotencyKey, IfMatch};
use crate::openapi::responses::{JsonBody, SignedIn, VersionedChange};
use crate::password_policy;
use crate::routes::{created, versioned};
use crate::state::AppState;
use crate::store::audit::Actor;
use crate::store::idempotency::{self, Prior};
use crate::store::{login_throttle, users};
use crate::user_admin;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use spotdesk_api::{
    CreatedUser, ErrorBody, NewUser, PasswordReset, UserAccount, UserId, UserPatch,
};

/// Idempotency scope of account creation.
const SCOPE: &str = "users";

/// The API path of an account.
fn location(id: UserId) -> String {
    format!("{}/admin/users/{}", spotdesk_api::API_PREFIX, id.0)
}

/// The signed-in administrator as the audit log's actor.
fn actor(user: &AuthUser) -> Actor {
    Actor::User {
        id: user.id,
        username: user.username.clone(),
    }
}

/// The account with its current sign-in delay, if any.
async fn with_lock(state: &AppState, mut account: UserAccount) -> ApiResult<UserAccount> {
    let locks = login_throttle::account_locks(&state.db, state.clock.now()).await?;
    account.locked_until = locks.get(&account.username).copied();
    Ok(account)
}

/// Every account, by username, with whether failed sign-ins currently delay its sign-ins.
#[utoipa::path(get, path = "/admin/users", tag = "admin", operation_id = "listUsers",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every account, by username", body = Vec<UserAccount>),
        (status = 403, description = "`forbidden`: administrators only; `password_change_required`: signed in with a one-time password", body = ErrorBody),
        SignedIn,
    ))]
pub async fn list_users(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Json<Vec<UserAccount>>> {
    access::LIST_USERS.check(&user)?;
    let mut accounts = users::accounts(&state.db).await?;
    let locks = login_throttle::account_locks(&state.db, state.clock.now()).await?;
    for a in &mut accounts {
        a.locked_until = locks.get(&a.username).copied();
    }
    Ok(Json(accounts))
}

/// Creates an account with a one-time password, which the user must change at the first
/// sign-in: the one given in `password` (it must follow the password policy), or one the
/// server generates and answers this once in `one_time_password`.
///
/// Requires `Idempotency-Key`: repeating the same key with the same body answers the account
/// created first (200, without the password); the same key with another body is 422
/// `idempotency_key_reused`. The password is not part of that comparison (no value derived
/// from it is stored outside its argon2 hash).
///
/// **Password policy** (every password set by anyone): 12 to 256 characters of any script,
/// spaces allowed, no control characters, no composition rules; not containing the username
/// (`contains_username`); not one of the 49,233 most common passwords, alone or with only
/// digits and punctuation around it, nor a plain repeat or sequence (`too_common`); too short
/// or long: `too_short`, `too_long`.
#[utoipa::path(post, path = "/admin/users", tag = "admin", operation_id = "createUser",
    security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, min_length = 1, max_length = 200, pattern = "^[!-~]+$", description = "Client-chosen key, 1..=200 characters")),
    request_body = NewUser,
    responses(
        (status = 201, description = "Created", body = CreatedUser,
            headers(("ETag" = String, description = "\"<version>\""), ("Location" = String, description = "URL of the account"))),
        (status = 200, description = "Replay of an earlier request with the same key and body (no password)", body = CreatedUser,
            headers(("ETag" = String, description = "\"<version>\""), ("Location" = String, description = "URL of the account"))),
        (status = 400, description = "Malformed body (e.g. an unknown role) or missing Idempotency-Key", body = ErrorBody),
        (status = 403, description = "`forbidden`: administrators only; `password_change_required`", body = ErrorBody),
        (status = 422, description = "`validation_failed` (see `fields`: `username` `required`/`too_short`/`too_long`/`invalid`/`duplicate`, `group` `unknown`, `display_name`, `password` `too_short`/`too_long`/`too_common`/`contains_username`/`invalid`) or `idempotency_key_reused`", body = ErrorBody),
        (status = 503, description = "`busy`: every password check is in use; retry after `Retry-After` seconds", body = ErrorBody),
        JsonBody,
    ))]
pub async fn create_user(
    State(state): State<AppState>,
    user: AuthUser,
    key: Result<IdempotencyKey, ApiError>,
    body: Result<ApiJson<NewUser>, ApiError>,
) -> ApiResult<Response> {
    access::CREATE_USER.check(&user)?;
    let IdempotencyKey(key) = key?;
    let ApiJson(body) = body?;
    let hash = idempotency::body_hash(&NewUser {
        password: body.password.as_ref().map(|_| String::new()),
        ..body.clone()
    });
    let checked = user_admin::check_new(&body, &state.catalogue())?;
    let generated = match &checked.password {
        Some(_) => None,
        None => Some(password_policy::generate_one_time()),
    };
    let password = checked
        .password
        .clone()
        .or_else(|| generated.clone())
        .unwrap_or_default();
    let password_hash = state
        .password_checks
        .acquire()
        .await?
        .hash(password)
        .await?;
    let now = state.clock.now();
    let mut tx = db::begin_write(&state.db).await?;
    match idempotency::check(&mut tx, user.id, SCOPE, &key, &hash).await? {
        Prior::Same(id) => {
            let existing = users::account(&mut *tx, id)
                .await?
                .ok_or_else(|| ApiError::not_found("user"))?;
            tx.rollback().await?;
            let existing = with_lock(&state, existing).await?;
            let body = CreatedUser {
                user: existing,
                one_time_password: None,
            };
            return Ok(created(false, location(id), body.user.version, &body));
        }
        Prior::Different => return Err(ApiError::idempotency_mismatch()),
        Prior::None => {}
    }
    let account =
        user_admin::create(&mut tx, &actor(&user), &checked, &password_hash, true, now).await?;
    idempotency::remember(&mut tx, user.id, SCOPE, &key, &hash, account.id, now).await?;
    commit_and_announce(tx, &state, []).await?;
    tracing::info!(user = %account.username, role = account.role.as_str(), by = %user.username, "account created");
    let id = account.id;
    let body = CreatedUser {
        user: account,
        one_time_password: generated,
    };
    Ok(created(true, location(id), body.user.version, &body))
}

/// One account, with `ETag: "<version>"`.
#[utoipa::path(get, path = "/admin/users/{id}", tag = "admin", operation_id = "getUser",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Account id")),
    responses(
        (status = 200, description = "The account", body = UserAccount, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 403, description = "`forbidden`: administrators only; `password_change_required`", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        SignedIn,
    ))]
pub async fn get_user(
    State(state): State<AppState>,
    user: AuthUser,
    id: Result<ApiPath<IdParam<UserId>>, ApiError>,
) -> ApiResult<Response> {
    access::GET_USER.check(&user)?;
    let ApiPath(IdParam { id }) = id?;
    let account = users::account(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))?;
    let account = with_lock(&state, account).await?;
    Ok(versioned(StatusCode::OK, account.version, &account))
}

/// Changes an account's display name, role, group or whether it is disabled.
///
/// Requires `If-Match` with the ETag of the version being changed (two administrators
/// changing one account: the second gets 412 `version_conflict` with the current ETag). A
/// patch that changes nothing answers the account unchanged.
///
/// **Sessions:** disabling ends every session of the user at once (their open event streams
/// get `signed-out` within seconds), and a disabled account cannot sign in (the same 401 as a
/// wrong password); a changed role or group ends their sessions too (rights, menus and the
/// tickets an open stream carries follow them), so they sign in again. The last enabled
/// administrator can be neither disabled nor given another role (422 on `disabled` or `role`,
/// code `invalid`). The username never changes.
#[utoipa::path(patch, path = "/admin/users/{id}", tag = "admin", operation_id = "patchUser",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "Account id"),
        ("If-Match" = String, Header, pattern = r#"^(\*|(W/)?"[0-9]{1,18}")$"#, description = "ETag of the version being changed, e.g. \"3\""),
    ),
    request_body = UserPatch,
    responses(
        (status = 200, description = "The changed account", body = UserAccount, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed id, body (e.g. an unknown role) or If-Match", body = ErrorBody),
        (status = 403, description = "`forbidden`: administrators only; `password_change_required`", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        (status = 422, description = "`validation_failed` (see `fields`: `display_name` `required`/`too_long`, `group` `unknown`, `disabled`/`role` `invalid` for the last administrator)", body = ErrorBody),
        VersionedChange,
    ))]
pub async fn patch_user(
    State(state): State<AppState>,
    user: AuthUser,
    id: Result<ApiPath<IdParam<UserId>>, ApiError>,
    if_match: Result<IfMatch, ApiError>,
    body: Result<ApiJson<UserPatch>, ApiError>,
) -> ApiResult<Response> {
    access::PATCH_USER.check(&user)?;
    let (id, if_match, patch) = change_parts(id, if_match, body)?;
    let cat = state.catalogue();
    let now = state.clock.now();
    let mut tx = db::begin_write(&state.db).await?;
    let (account, ended) = user_admin::update(
        &mut tx,
        &actor(&user),
        id,
        &patch,
        Some(if_match),
        &cat,
        now,
    )
    .await?;
    commit_and_announce(tx, &state, []).await?;
    user_admin::close_streams(&state, &ended);
    let account = with_lock(&state, account).await?;
    Ok(versioned(StatusCode::OK, account.version, &account))
}

/// Sets a new one-time password, generated by the server and answered this once; the user
/// must change it at the next sign-in. Ends every session of the user at once (their open
/// event streams get `signed-out` within seconds). Sign-in delays stay (see `unlockUser`).
#[utoipa::path(post, path = "/admin/users/{id}/password-reset", tag = "admin", operation_id = "resetUserPassword",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Account id")),
    responses(
        (status = 200, description = "The account and its one-time password", body = PasswordReset, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 403, description = "`forbidden`: administrators only; `password_change_required`", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        (status = 503, description = "`busy`: every password check is in use; retry after `Retry-After` seconds", body = ErrorBody),
        SignedIn,
    ))]
pub async fn reset_user_password(
    State(state): State<AppState>,
    user: AuthUser,
    id: Result<ApiPath<IdParam<UserId>>, ApiError>,
) -> ApiResult<Response> {
    access::RESET_USER_PASSWORD.check(&user)?;
    let ApiPath(IdParam { id }) = id?;
    if users::account(&state.db, id).await?.is_none() {
        return Err(ApiError::not_found("user"));
    }
    let password = password_policy::generate_one_time();
    let hash = state
        .password_checks
        .acquire()
        .await?
        .hash(password.clone())
        .await?;
    let now = state.clock.now();
    let mut tx = db::begin_write(&state.db).await?;
    let (account, ended) =
        user_admin::reset_password(&mut tx, &actor(&user), id, &hash, now).await?;
    commit_and_announce(tx, &state, []).await?;
    user_admin::close_streams(&state, &ended);
    tracing::info!(user = %account.username, by = %user.username, sessions = ended.len(), "one-time password set");
    let account = with_lock(&state, account).await?;
    let body = PasswordReset {
        user: account,
        one_time_password: password,
    };
    Ok(versioned(StatusCode::OK, body.user.version, &body))
}

/// Lifts the sign-in delays that failed sign-ins put on the account (from every address), so
/// its user can sign in again at once. The delays of addresses (which span accounts) stay.
#[utoipa::path(post, path = "/admin/users/{id}/unlock", tag = "admin", operation_id = "unlockUser",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Account id")),
    responses(
        (status = 200, description = "The account, no longer delayed", body = UserAccount, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 403, description = "`forbidden`: administrators only; `password_change_required`", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        SignedIn,
    ))]
pub async fn unlock_user(
    State(state): State<AppState>,
    user: AuthUser,
    id: Result<ApiPath<IdParam<UserId>>, ApiError>,
) -> ApiResult<Response> {
    access::UNLOCK_USER.check(&user)?;
    let ApiPath(IdParam { id }) = id?;
    let now = state.clock.now();
    let locks = login_throttle::account_locks(&state.db, now).await?;
    let mut tx = db::begin_write(&state.db).await?;
    let locked_until = match users::account(&mut *tx, id).await? {
        Some(a) => locks.get(&a.username).copied(),
        None => return Err(ApiError::not_found("user")),
    };
    let (account, _) = user_admin::unlock(&mut tx, &actor(&user), id, locked_until, now).await?;
    commit_and_announce(tx, &state, []).await?;
    let account = with_lock(&state, account).await?;
    Ok(versioned(StatusCode::OK, account.version, &account))
}
