//! `GET /public/status`: known problems at a place, for customers. No sign-in, no personal data.

use crate::address_query::{check_address, GeocodeQuery};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::extract::ApiQuery;
use crate::geocoder;
use crate::rate_limit::ClientAddr;
use crate::state::AppState;
use crate::store::{incidents, spots, subscriptions};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use spotdesk_api::{
    field_codes, ErrorBody, FieldError, GeocodeResponse, IncidentStatus, LocalizedText,
    ProblemKind, PublicProblem, PublicState, PublicStatus, PublicStatusQuery, SpotStatus,
    SubscriptionAccepted, SubscriptionRequest,
};
use spotdesk_core::geo::{point_in_polygon, valid_lat_long};

/// Most active incidents/spots considered.
const SCAN_LIMIT: u32 = 1000;
/// How long after its resolution an incident reported again by a customer still shows as
/// "reported again" (unless it is reopened, then it is simply active).
pub const REPORTED_AGAIN_DAYS: i64 = 7;

/// Summary shown for an incident without a public note.
fn incident_summary() -> LocalizedText {
    LocalizedText::new(
        "A known network problem affects this area. Specialists are working on it.",
        "В этом районе известная проблема со связью. Специалисты уже работают над ней.",
    )
}

/// Summary shown for a spot without a public note.
fn spot_summary() -> LocalizedText {
    LocalizedText::new(
        "Known network quality problems at this place. Engineers are working on them.",
        "В этом месте известны проблемы с качеством связи. Инженеры уже работают над ними.",
    )
}

/// End of a local calendar day, in UTC.
fn end_of_day(date: NaiveDate, utc_offset_minutes: i32) -> Option<DateTime<Utc>> {
    let local = date.and_hms_opt(23, 59, 59)?;
    Some(local.and_utc() - Duration::minutes(i64::from(utc_offset_minutes)))
}

/// Resolves the query to a point, or `None` for an address that was not found.
async fn point(state: &AppState, q: &PublicStatusQuery) -> ApiResult<Option<(f64, f64)>> {
    locate(state, q.lat, q.long, q.address.as_deref()).await
}

/// Resolves `lat`/`long` or else an address to a point (`None`: address not found).
async fn locate(
    state: &AppState,
    lat: Option<f64>,
    long: Option<f64>,
    address: Option<&str>,
) -> ApiResult<Option<(f64, f64)>> {
    match (lat, long) {
        (Some(lat), Some(long)) => {
            if !valid_lat_long(lat, long) {
                return Err(ApiError::bad_field(
                    "lat",
                    field_codes::OUT_OF_RANGE,
                    "lat is -90..=90 and long -180..=180",
                ));
            }
            Ok(Some((lat, long)))
        }
        (Some(_), None) => Err(ApiError::bad_field(
            "long",
            field_codes::REQUIRED,
            "send lat and long together",
        )),
        (None, Some(_)) => Err(ApiError::bad_field(
            "lat",
            field_codes::REQUIRED,
            "send lat and long together",
        )),
        (None, None) => {
            if address.is_none() {
                return Err(ApiError::bad_field(
                    "address",
                    field_codes::REQUIRED,
                    "send lat and long, or address",
                ));
            }
            let address = check_address("address", address)?;
            Ok(geocoder::search(state, &address, 1)
                .await?
                .into_iter()
                .next()
                .map(|r| (r.lat, r.long)))
        }
    }
}

/// Known problems (mass incidents and network-quality spots still being worked on) whose area
/// contains the place, each with its `state`: `investigating`, `being fixed`, or `reported
/// again` for an incident resolved (or confirmed) in the last 7 days that a linked customer
/// has since reported as still not working. An unknown address and a place without problems
/// give the same answer.
#[utoipa::path(get, path = "/public/status", tag = "public", operation_id = "publicStatus",
    params(PublicStatusQuery),
    responses(
        (status = 200, description = "Problems at the place (possibly none)", body = PublicStatus),
        (status = 400, description = "Neither lat/long nor address, or a bad value", body = ErrorBody),
        (status = 429, description = "Too many look-ups from this client; see `Retry-After`", body = ErrorBody),
    ))]
pub async fn public_status(
    State(state): State<AppState>,
    client: ClientAddr,
    q: Result<ApiQuery<PublicStatusQuery>, ApiError>,
) -> ApiResult<Json<PublicStatus>> {
    state.public_limiter.check(client.0, state.clock.now())?;
    let ApiQuery(q) = q?;
    let Some((lat, long)) = point(&state, &q).await? else {
        return Ok(Json(PublicStatus {
            problems: Vec::new(),
        }));
    };
    let offset = state.catalogue().business_day.utc_offset_minutes;
    let mut problems = Vec::new();
    for i in incidents::list(&state.db, true, SCAN_LIMIT).await? {
        if i.area.ring.len() >= 3 && point_in_polygon(lat, long, &i.area) {
            let state = match i.status {
                IncidentStatus::Registered | IncidentStatus::Diagnosis => {
                    PublicState::Investigating
                }
                _ => PublicState::BeingFixed,
            };
            problems.push(PublicProblem {
                kind: ProblemKind::Incident,
                summary: i.public_note.unwrap_or_else(incident_summary),
                since: i.registered_at,
                expected_fix: i.expected_resolution,
                last_update: i.updated_at,
                state,
            });
        }
    }
    // Fixed lately, but a customer of it said it is still broken: not "all clear".
    let since = state.clock.now() - Duration::days(REPORTED_AGAIN_DAYS);
    for i in incidents::reported_again(&state.db, since, SCAN_LIMIT).await? {
        if i.area.ring.len() >= 3 && point_in_polygon(lat, long, &i.area) {
            problems.push(PublicProblem {
                kind: ProblemKind::Incident,
                summary: i.public_note.unwrap_or_else(incident_summary),
                since: i.registered_at,
                expected_fix: None,
                last_update: i.updated_at,
                state: PublicState::ReportedAgain,
            });
        }
    }
    for s in spots::list(&state.db, true, SCAN_LIMIT).await? {
        if point_in_polygon(lat, long, &s.outline) {
            let state = if s.status == SpotStatus::InWork {
                PublicState::BeingFixed
            } else {
                PublicState::Investigating
            };
            problems.push(PublicProblem {
                kind: ProblemKind::Spot,
                summary: s.public_note.unwrap_or_else(spot_summary),
                since: s.registered_at,
                expected_fix: s.expected_fix.and_then(|d| end_of_day(d, offset)),
                last_update: s.updated_at,
                state,
            });
        }
    }
    problems.sort_by_key(|p| p.since);
    Ok(Json(PublicStatus { problems }))
}

/// Longest accepted subscription contact.
const MAX_CONTACT: usize = 200;

/// Checks a contact: a phone number (digits, `+`, spaces, dashes, brackets; 5..=20 digits) or
/// an e-mail address.
fn check_contact(contact: &str) -> Option<FieldError> {
    let c = contact.trim();
    let digits = c.chars().filter(char::is_ascii_digit).count();
    let phone_like = c
        .chars()
        .all(|ch| ch.is_ascii_digit() || " +-()".contains(ch))
        && (5..=20).contains(&digits);
    let mail_like = c.chars().count() <= MAX_CONTACT
        && c.split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
        && !c.chars().any(char::is_whitespace);
    (!(phone_like || mail_like)).then(|| {
        FieldError::new(
            "contact",
            field_codes::INVALID,
            "enter a phone number or an e-mail address",
        )
    })
}

/// Subscribes a contact to hear when the problem at a place is fixed. The answer is the same
/// whether or not a problem is known there.
#[utoipa::path(post, path = "/public/subscriptions", tag = "public",
    operation_id = "publicSubscribe",
    request_body = SubscriptionRequest,
    responses(
        (status = 201, description = "Subscribed", body = SubscriptionAccepted),
        (status = 400, description = "Unreadable body or a bad lat/long", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Body is not JSON", body = ErrorBody),
        (status = 422, description = "Bad contact, or the address was not found", body = ErrorBody),
        (status = 429, description = "Too many requests from this client", body = ErrorBody),
    ))]
pub async fn subscribe(
    State(state): State<AppState>,
    client: ClientAddr,
    body: Result<ApiJson<SubscriptionRequest>, ApiError>,
) -> ApiResult<(StatusCode, Json<SubscriptionAccepted>)> {
    state.public_limiter.check(client.0, state.clock.now())?;
    let ApiJson(req) = body?;
    if let Some(e) = check_contact(&req.contact) {
        return Err(ApiError::validation(vec![e]));
    }
    let Some((lat, long)) = locate(&state, req.lat, req.long, req.address.as_deref()).await? else {
        return Err(ApiError::validation(vec![FieldError::new(
            "address",
            field_codes::NOT_FOUND,
            "address not found; pick the place on the map",
        )]));
    };
    let now = state.clock.now();
    subscriptions::insert(&state.db, req.contact.trim(), lat, long, now).await?;
    Ok((
        StatusCode::CREATED,
        Json(SubscriptionAccepted {
            status: "subscribed".to_owned(),
        }),
    ))
}

/// Address suggestions for the public page (the address register only: no personal data).
#[utoipa::path(get, path = "/public/geocode", tag = "public", operation_id = "publicGeocode",
    params(GeocodeQuery),
    responses(
        (status = 200, description = "Matches, best first (possibly none)", body = GeocodeResponse),
        (status = 400, description = "`q` missing, blank or too long", body = ErrorBody),
        (status = 429, description = "Too many requests from this client", body = ErrorBody),
    ))]
pub async fn public_geocode(
    State(state): State<AppState>,
    client: ClientAddr,
    q: Result<ApiQuery<GeocodeQuery>, ApiError>,
) -> ApiResult<Json<GeocodeResponse>> {
    state.public_limiter.check(client.0, state.clock.now())?;
    let ApiQuery(q) = q?;
    let text = check_address("q", q.q.as_deref())?;
    Ok(Json(GeocodeResponse {
        results: geocoder::search(&state, &text, 8).await?,
    }))
}
