//! Fix ratings: `GET` and `POST /public/ratings/{token}` (the customer's link: still good?
//! then rate) and `GET /ratings` (totals for dashboards).

use crate::access;
use crate::auth::AuthUser;
use crate::commit::commit_and_announce;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::openapi::responses::SignedIn;
use crate::rate_limit::ClientAddr;
use crate::state::AppState;
use crate::store::subscriptions;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use spotdesk_api::{
    codes, field_codes, ErrorBody, FieldError, Rating, RatingLink, RatingQuery, RatingRequest,
    RatingSummary,
};
use spotdesk_core::public::check_rating;
use utoipa::IntoParams;

/// Newest ratings listed without a period.
const RECENT: u32 = 100;
/// Most ratings listed for a period (a dashboard's trend needs each one's date).
const PERIOD_MAX: u32 = 10_000;

/// Path of a rating link.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TokenParam {
    /// The token from the customer's message.
    pub token: String,
}

/// Whether a rating link can still be used: the rating page asks before showing its form, so a
/// mistyped or used link says so at once instead of after the customer wrote a comment.
#[utoipa::path(get, path = "/public/ratings/{token}", tag = "public", operation_id = "getRatingLink",
    params(TokenParam),
    responses(
        (status = 200, description = "The link is good and not used yet", body = RatingLink),
        (status = 400, description = "Malformed token", body = ErrorBody),
        (status = 404, description = "Unknown link", body = ErrorBody),
        (status = 409, description = "This fix was already rated with this link (`already_rated`)", body = ErrorBody),
        (status = 429, description = "Too many requests from this client", body = ErrorBody),
    ))]
pub async fn rating_link(
    State(state): State<AppState>,
    client: ClientAddr,
    path: Result<ApiPath<TokenParam>, ApiError>,
) -> ApiResult<Json<RatingLink>> {
    state.public_limiter.check(client.0, state.clock.now())?;
    let ApiPath(TokenParam { token }) = path?;
    let fixed = invitation(&state, &token).await?;
    if subscriptions::is_rated(&state.db, &token).await? {
        return Err(already_rated());
    }
    Ok(Json(RatingLink {
        source: fixed.parts().0.to_owned(),
    }))
}

/// What a rating link invites to rate; 404 for an unknown (or impossibly long) token.
async fn invitation(state: &AppState, token: &str) -> ApiResult<crate::store::outbox::FixSource> {
    if token.len() > 100 {
        return Err(ApiError::not_found("rating link"));
    }
    subscriptions::invitation(&state.db, token)
        .await?
        .ok_or_else(|| ApiError::not_found("rating link"))
}

/// 409 `already_rated`.
fn already_rated() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        codes::ALREADY_RATED,
        "You have already rated this fix. Thank you!",
    )
}

/// Rates a fix once, with the token from the "fixed" message.
///
/// The rating is announced on `GET /events` as an `updated` change of what was fixed
/// (`source`, `source_id`), so open dashboards refetch their ratings.
#[utoipa::path(post, path = "/public/ratings/{token}", tag = "public", operation_id = "rateFix",
    params(TokenParam),
    request_body = RatingRequest,
    responses(
        (status = 201, description = "Recorded", body = Rating),
        (status = 400, description = "Malformed token or body", body = ErrorBody),
        (status = 404, description = "Unknown link", body = ErrorBody),
        (status = 409, description = "This fix was already rated with this link", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Body is not JSON", body = ErrorBody),
        (status = 422, description = "Score not 1-5 or comment too long", body = ErrorBody),
        (status = 429, description = "Too many requests from this client", body = ErrorBody),
    ))]
pub async fn rate_fix(
    State(state): State<AppState>,
    client: ClientAddr,
    path: Result<ApiPath<TokenParam>, ApiError>,
    body: Result<ApiJson<RatingRequest>, ApiError>,
) -> ApiResult<(StatusCode, Json<Rating>)> {
    let now = state.clock.now();
    state.public_limiter.check(client.0, now)?;
    let ApiPath(TokenParam { token }) = path?;
    let ApiJson(req) = body?;
    let comment = req
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if let Err((field, message)) = check_rating(req.score, comment) {
        return Err(ApiError::validation(vec![FieldError::new(
            field,
            field_codes::INVALID,
            message,
        )]));
    }
    let fixed = invitation(&state, &token).await?;
    let mut tx = db::begin_write(&state.db).await?;
    let recorded = subscriptions::rate(&mut tx, &token, fixed, req.score, comment, now).await?;
    // Open dashboards refetch their ratings.
    commit_and_announce(tx, &state, recorded).await?;
    let Some(_) = recorded else {
        return Err(already_rated());
    };
    let (source, source_id) = fixed.parts();
    Ok((
        StatusCode::CREATED,
        Json(Rating {
            source: source.to_owned(),
            source_id,
            score: req.score,
            comment: comment.map(str::to_owned),
            rated_at: now,
            ticket_id: None,
            service_code: None,
            group: None,
            line: None,
        }),
    ))
}

/// Rating totals and the newest ratings (managers, coordinators, admins), optionally of the
/// ratings given in a period `[from, to)`: the dashboards' ratings and their trend.
#[utoipa::path(get, path = "/ratings", tag = "public", operation_id = "ratingSummary",
    security(("bearer" = [])),
    params(RatingQuery),
    responses(
        (status = 200, description = "Totals and newest ratings", body = RatingSummary),
        (status = 400, description = "A bad `from`/`to`, or `to` before `from`", body = ErrorBody),
        (status = 403, description = "Not a manager, coordinator or admin", body = ErrorBody),
        SignedIn,
    ))]
pub async fn rating_summary(
    State(state): State<AppState>,
    user: AuthUser,
    q: Result<ApiQuery<RatingQuery>, ApiError>,
) -> ApiResult<Json<RatingSummary>> {
    access::RATING_SUMMARY.check(&user)?;
    let ApiQuery(q) = q?;
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if to < from {
            return Err(ApiError::bad_field(
                "to",
                field_codes::BEFORE_FROM,
                "the end of the period is before its start",
            ));
        }
    }
    let limit = if q.from.is_some() || q.to.is_some() {
        PERIOD_MAX
    } else {
        RECENT
    };
    let (count, average, by_score, recent) =
        subscriptions::summary(&state.db, q.from, q.to, limit).await?;
    Ok(Json(RatingSummary {
        count,
        average,
        by_score,
        recent,
    }))
}
