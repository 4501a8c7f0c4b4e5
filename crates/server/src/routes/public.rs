//! `GET /public/status`: known problems at a place, for customers. No sign-in, no personal data.

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;
use crate::routes::geocode::check_address;
use crate::state::AppState;
use crate::store::{incidents, spots};
use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use spotdesk_api::{
    ErrorBody, IncidentStatus, LocalizedText, ProblemKind, PublicProblem, PublicStatus,
    PublicStatusQuery, SpotStatus,
};
use spotdesk_core::geo::{point_in_polygon, valid_lat_long};

/// Most active incidents/spots considered.
const SCAN_LIMIT: u32 = 1000;

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
fn point(state: &AppState, q: &PublicStatusQuery) -> ApiResult<Option<(f64, f64)>> {
    match (q.lat, q.long) {
        (Some(lat), Some(long)) => {
            if !valid_lat_long(lat, long) {
                return Err(ApiError::bad_field(
                    "lat",
                    "out_of_range",
                    "lat is -90..=90 and long -180..=180",
                ));
            }
            Ok(Some((lat, long)))
        }
        (Some(_), None) => Err(ApiError::bad_field(
            "long",
            "required",
            "send lat and long together",
        )),
        (None, Some(_)) => Err(ApiError::bad_field(
            "lat",
            "required",
            "send lat and long together",
        )),
        (None, None) => {
            if q.address.is_none() {
                return Err(ApiError::bad_field(
                    "address",
                    "required",
                    "send lat and long, or address",
                ));
            }
            let address = check_address("address", q.address.as_deref())?;
            Ok(state
                .gazetteer
                .search(&address, 1)
                .into_iter()
                .next()
                .map(|r| (r.lat, r.long)))
        }
    }
}

/// Known problems (mass incidents and network-quality spots still being worked on) whose area
/// contains the place. An unknown address and a place without problems give the same answer.
#[utoipa::path(get, path = "/public/status", tag = "public", operation_id = "publicStatus",
    params(PublicStatusQuery),
    responses(
        (status = 200, description = "Problems at the place (possibly none)", body = PublicStatus),
        (status = 400, description = "Neither lat/long nor address, or a bad value", body = ErrorBody),
    ))]
pub async fn public_status(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PublicStatusQuery>,
) -> ApiResult<Json<PublicStatus>> {
    let Some((lat, long)) = point(&state, &q)? else {
        return Ok(Json(PublicStatus {
            problems: Vec::new(),
        }));
    };
    let offset = state.catalogue().business_day.utc_offset_minutes;
    let mut problems = Vec::new();
    for i in incidents::list(&state.db, true, SCAN_LIMIT).await? {
        if i.area.ring.len() >= 3 && point_in_polygon(lat, long, &i.area) {
            let state = match i.status {
                IncidentStatus::Registered | IncidentStatus::Diagnosis => "investigating",
                _ => "being fixed",
            };
            problems.push(PublicProblem {
                kind: ProblemKind::Incident,
                summary: i.public_note.unwrap_or_else(incident_summary),
                since: i.registered_at,
                expected_fix: i.expected_resolution,
                last_update: i.updated_at,
                state: state.to_owned(),
            });
        }
    }
    for s in spots::list(&state.db, true, SCAN_LIMIT).await? {
        if point_in_polygon(lat, long, &s.outline) {
            let state = if s.status == SpotStatus::InWork {
                "being fixed"
            } else {
                "investigating"
            };
            problems.push(PublicProblem {
                kind: ProblemKind::Spot,
                summary: s.public_note.unwrap_or_else(spot_summary),
                since: s.registered_at,
                expected_fix: s.expected_fix.and_then(|d| end_of_day(d, offset)),
                last_update: s.updated_at,
                state: state.to_owned(),
            });
        }
    }
    problems.sort_by_key(|p| p.since);
    Ok(Json(PublicStatus { problems }))
}
