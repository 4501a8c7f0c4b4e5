//! `/test/clock`: moves the server clock ahead for tests of time-based rules (escalations).
//! Exists only when the server runs with `--test-clock`; otherwise every call is 404.

use crate::access;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::escalation;
use crate::extract::ApiJson;
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use spotdesk_api::{codes, field_codes, ClockSet, ClockState, ErrorBody};

/// Largest offset: one year.
const MAX_OFFSET: i64 = 366 * 86_400;

fn enabled(state: &AppState) -> ApiResult<()> {
    if state.config.test_clock {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::NOT_FOUND,
            codes::TEST_CLOCK_DISABLED,
            "the server does not run with --test-clock",
        ))
    }
}

fn clock_state(state: &AppState) -> ClockState {
    ClockState {
        now: state.clock.now(),
        offset_seconds: state.clock.offset(),
    }
}

/// The server clock (test servers only).
#[utoipa::path(get, path = "/test/clock", tag = "test", operation_id = "getTestClock",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The clock", body = ClockState),
        (status = 403, description = "Administrators only", body = ErrorBody),
        (status = 404, description = "`test_clock_disabled`: the server does not run with --test-clock", body = ErrorBody),
        SignedIn,
    ))]
pub async fn get_clock(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Json<ClockState>> {
    enabled(&state)?;
    access::GET_TEST_CLOCK.check(&user)?;
    Ok(Json(clock_state(&state)))
}

/// Sets how far the server clock runs ahead of real time, then evaluates escalations at once
/// (test servers only).
#[utoipa::path(post, path = "/test/clock", tag = "test", operation_id = "setTestClock",
    security(("bearer" = [])),
    request_body = ClockSet,
    responses(
        (status = 200, description = "The clock after the change", body = ClockState),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Administrators only", body = ErrorBody),
        (status = 404, description = "`test_clock_disabled`: the server does not run with --test-clock", body = ErrorBody),
        (status = 422, description = "`validation_failed`: offset out of range", body = ErrorBody),
        SignedIn,
    ))]
pub async fn set_clock(
    State(state): State<AppState>,
    user: AuthUser,
    body: Result<ApiJson<ClockSet>, ApiError>,
) -> ApiResult<Json<ClockState>> {
    enabled(&state)?;
    access::SET_TEST_CLOCK.check(&user)?;
    let ApiJson(set) = body?;
    if !(0..=MAX_OFFSET).contains(&set.offset_seconds) {
        return Err(ApiError::invalid_field(
            "offset_seconds",
            field_codes::OUT_OF_RANGE,
            format!("0..={MAX_OFFSET}"),
        ));
    }
    state.clock.set_offset(set.offset_seconds);
    escalation::evaluate(&state, state.clock.now()).await?;
    Ok(Json(clock_state(&state)))
}
