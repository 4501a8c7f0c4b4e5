//! Mass incidents: list, register (idempotent), read, update (If-Match).

use crate::access;
use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::escalation;
use crate::extract::{ApiJson, ApiPath, ApiQuery, IdParam, IdempotencyKey, IfMatch};
use crate::incident_ops;
use crate::routes::{check_group, check_polygon, clean_text, created, versioned};
use crate::state::AppState;
use crate::store::idempotency::{self, Prior};
use crate::store::{events, incidents, spots};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use spotdesk_api::{
    ChangeAction, EntityKind, ErrorBody, FieldError, Incident, IncidentId, IncidentPatch,
    IncidentStatus, InformedUnit, NewIncident, Polygon,
};
use spotdesk_core::incidents as rules;
use utoipa::IntoParams;

/// Idempotency scope of incident registration.
const SCOPE: &str = "incidents";
/// Longest title.
pub const MAX_TITLE: usize = 200;
/// Longest free text (cause, notes, instructions).
pub const MAX_TEXT: usize = 2000;

/// The API path of an incident.
pub fn location(id: i64) -> String {
    format!("{}/incidents/{id}", spotdesk_api::API_PREFIX)
}

/// `GET /incidents` query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IncidentQuery {
    /// `true`: only incidents still affecting customers (not resolved or confirmed).
    pub active: Option<bool>,
    /// At most this many, newest first (1..=1000, default 200).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

/// Validates the optional texts of a public note.
fn check_note(
    errors: &mut Vec<FieldError>,
    field: &str,
    note: Option<&spotdesk_api::LocalizedText>,
) {
    if let Some(n) = note {
        if n.en.chars().count() > MAX_TEXT || n.ru.chars().count() > MAX_TEXT {
            errors.push(FieldError::new(
                field,
                "too_long",
                format!("at most {MAX_TEXT} characters per language"),
            ));
        }
    }
}

/// Most business units on one incident.
pub const MAX_UNITS: usize = 50;

/// Validates the informed units list.
fn check_units(errors: &mut Vec<FieldError>, units: &[spotdesk_api::InformedUnit]) {
    if units.len() > MAX_UNITS {
        errors.push(FieldError::new(
            "informed_units",
            "too_many",
            format!("at most {MAX_UNITS} units"),
        ));
    }
    for (i, u) in units.iter().enumerate() {
        let name = u.unit.trim().to_lowercase();
        if !name.is_empty()
            && units[..i]
                .iter()
                .any(|o| o.unit.trim().to_lowercase() == name)
        {
            errors.push(FieldError::new(
                format!("informed_units[{i}].unit"),
                "duplicate",
                "this unit is listed already",
            ));
        }
        if u.unit.trim().is_empty() {
            errors.push(FieldError::new(
                format!("informed_units[{i}].unit"),
                "required",
                "name the unit",
            ));
        }
        if u.unit.chars().count() > MAX_TITLE || u.instructions.chars().count() > MAX_TEXT {
            errors.push(FieldError::new(
                format!("informed_units[{i}]"),
                "too_long",
                "text too long",
            ));
        }
    }
}

/// The units as sent, trimmed, with the server-owned `informed_by`/`informed_at`: kept
/// from `current` while a unit stays informed, set to `user` and `now` when it becomes
/// informed, cleared when it is not.
pub fn merge_units(
    current: &[InformedUnit],
    sent: Vec<InformedUnit>,
    user: &AuthUser,
    now: DateTime<Utc>,
) -> Vec<InformedUnit> {
    sent.into_iter()
        .map(|u| {
            let unit = u.unit.trim().to_owned();
            let key = unit.to_lowercase();
            let before = current
                .iter()
                .find(|c| c.informed && c.unit.trim().to_lowercase() == key);
            let (informed_by, informed_at) = match (u.informed, before) {
                (false, _) => (None, None),
                (true, Some(b)) => (b.informed_by.clone(), b.informed_at),
                (true, None) => (Some(user.display_name.clone()), Some(now)),
            };
            InformedUnit {
                unit,
                instructions: u.instructions.trim().to_owned(),
                informed: u.informed,
                informed_by,
                informed_at,
            }
        })
        .collect()
}

/// Validates the services of an incident against the catalogue.
fn check_services(errors: &mut Vec<FieldError>, codes: &[String], cat: &spotdesk_api::Catalogue) {
    if codes.len() > 100 {
        errors.push(FieldError::new(
            "service_codes",
            "too_many",
            "at most 100 services",
        ));
    }
    for (i, code) in codes.iter().enumerate() {
        if !cat.services.iter().any(|s| &s.code == code) {
            errors.push(FieldError::new(
                format!("service_codes[{i}]"),
                "unknown",
                "no such service",
            ));
        } else if codes[..i].contains(code) {
            errors.push(FieldError::new(
                format!("service_codes[{i}]"),
                "duplicate",
                "this service is listed already",
            ));
        }
    }
}

/// Lists incidents, newest first.
#[utoipa::path(get, path = "/incidents", tag = "incidents", operation_id = "listIncidents",
    security(("bearer" = [])),
    params(IncidentQuery),
    responses(
        (status = 200, description = "Incidents, newest first", body = Vec<Incident>),
        (status = 400, description = "Bad query parameter", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn list_incidents(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(q): ApiQuery<IncidentQuery>,
) -> ApiResult<Json<Vec<Incident>>> {
    access::LIST_INCIDENTS.check(&user)?;
    let limit = q.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::bad_field("limit", "out_of_range", "1..=1000"));
    }
    let mut list = incidents::list(&state.db, q.active.unwrap_or(false), limit).await?;
    escalation::attach(&state.db, &mut list).await?;
    Ok(Json(list))
}

/// Registers a mass incident. Requires `Idempotency-Key` (same semantics as for tickets).
/// Without `area`, a linked spot's outline is used.
#[utoipa::path(post, path = "/incidents", tag = "incidents", operation_id = "createIncident",
    security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, min_length = 1, max_length = 200, pattern = "^[!-~]+$", description = "Client-chosen key, 1..=200 characters")),
    request_body = NewIncident,
    responses(
        (status = 201, description = "Registered", body = Incident,
            headers(("ETag" = String, description = "\"<version>\""), ("Location" = String, description = "URL of the incident"))),
        (status = 200, description = "Replay of an earlier request with the same key and body", body = Incident),
        (status = 400, description = "Malformed body or missing Idempotency-Key", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Only coordinators and administrators register incidents", body = ErrorBody),
        (status = 413, description = "Body larger than 1 MiB", body = ErrorBody),
        (status = 415, description = "Body is not JSON", body = ErrorBody),
        (status = 422, description = "`validation_failed` or `idempotency_key_reused`", body = ErrorBody),
    ))]
pub async fn create_incident(
    State(state): State<AppState>,
    user: AuthUser,
    key: Result<IdempotencyKey, ApiError>,
    body: Result<ApiJson<NewIncident>, ApiError>,
) -> ApiResult<Response> {
    access::CREATE_INCIDENT.check(&user)?;
    let IdempotencyKey(key) = key?;
    let ApiJson(n) = body?;
    let hash = idempotency::body_hash(&n);
    let cat = state.catalogue();

    let mut errors = Vec::new();
    let title = n.title.trim().to_owned();
    if title.is_empty() {
        errors.push(FieldError::new(
            "title",
            "required",
            "give the incident a title",
        ));
    } else if title.chars().count() > MAX_TITLE {
        errors.push(FieldError::new(
            "title",
            "too_long",
            format!("at most {MAX_TITLE} characters"),
        ));
    }
    if let Some(area) = &n.area {
        check_polygon(&mut errors, "area", area);
    }
    check_services(&mut errors, &n.service_codes, &cat);
    let topic = clean_text(&mut errors, "topic", n.topic, MAX_TITLE);
    let owner_group = clean_text(&mut errors, "owner_group", n.owner_group, MAX_TITLE);
    check_group(&mut errors, "owner_group", owner_group.as_deref(), &cat);
    let cause = clean_text(&mut errors, "cause", n.cause, MAX_TEXT);
    check_note(&mut errors, "public_note", n.public_note.as_ref());
    check_units(&mut errors, &n.informed_units);

    let mut tx = db::begin_write(&state.db).await?;
    match idempotency::check(&mut tx, user.id, SCOPE, &key, &hash).await? {
        Prior::Same(id) => {
            let existing = incidents::get(&mut *tx, id)
                .await?
                .ok_or_else(|| ApiError::not_found("incident"))?;
            tx.rollback().await?;
            return Ok(created(false, location(id), existing.version, &existing));
        }
        Prior::Different => return Err(ApiError::idempotency_mismatch()),
        Prior::None => {}
    }
    let spot = match n.spot_id {
        Some(s) => {
            let spot = spots::get(&mut *tx, s.0).await?;
            if spot.is_none() {
                errors.push(FieldError::new("spot_id", "unknown", "no such spot"));
            }
            spot
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let area = n
        .area
        .or_else(|| spot.map(|s| s.outline))
        .unwrap_or_else(Polygon::default);
    let now = state.clock.now();
    let estimated = incident_ops::coverage_estimate(&mut *tx, &area).await?;
    let incident = Incident {
        id: IncidentId(0),
        title,
        status: IncidentStatus::Registered,
        area,
        service_codes: n.service_codes,
        topic,
        affected_customers: estimated,
        affected_linked: 0,
        affected_estimated: estimated,
        owner_group,
        cause,
        public_note: n.public_note,
        expected_resolution: n.expected_resolution,
        informed_units: merge_units(&[], n.informed_units, &user, now),
        spot_id: n.spot_id,
        linked_tickets: 0,
        registered_at: now,
        updated_at: now,
        resolved_at: None,
        version: 1,
        status_since: Some(now),
        notified_customers: 0,
        still_broken_reports: 0,
        proposal_key: None,
        escalations: Vec::new(),
    };
    let id = incidents::insert(&mut tx, &incident, user.id).await?;
    idempotency::remember(&mut tx, user.id, SCOPE, &key, &hash, id, now).await?;
    let seq = events::record(
        &mut tx,
        EntityKind::Incident,
        id,
        ChangeAction::Created,
        now,
    )
    .await?;
    tx.commit().await?;
    state.notify_change(seq);
    tracing::info!(incident = id, user = %user.username, "incident registered");
    let incident = with_timers(
        &state,
        Incident {
            id: IncidentId(id),
            ..incident
        },
    )
    .await?;
    Ok(created(true, location(id), 1, &incident))
}

/// One incident, with `ETag`.
#[utoipa::path(get, path = "/incidents/{id}", tag = "incidents", operation_id = "getIncident",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Incident id")),
    responses(
        (status = 200, description = "The incident", body = Incident, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
    ))]
pub async fn get_incident(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(IdParam { id }): ApiPath<IdParam>,
) -> ApiResult<Response> {
    access::GET_INCIDENT.check(&user)?;
    let i = incidents::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    let i = with_timers(&state, i).await?;
    Ok(versioned(StatusCode::OK, i.version, &i))
}

/// Fills the escalation timers of one incident.
pub async fn with_timers(state: &AppState, i: Incident) -> Result<Incident, ApiError> {
    let mut list = [i];
    escalation::attach(&state.db, &mut list).await?;
    let [i] = list;
    Ok(i)
}

/// Changes an incident. Requires `If-Match`. Engineers may change only incidents owned by their group.
///
/// Status changes follow the lifecycle (registered → diagnosis → in_work → resolved →
/// confirmed; resolved/confirmed → reopened); anything else is 422 `invalid_transition`.
/// Resolving resolves every open linked ticket with `resolution_note` and queues one
/// `fix_done` message per affected customer (`notified_customers`).
///
/// A new `area` (or a `spot_id` whose outline becomes the area) re-estimates the customers
/// affected from coverage (`affected_estimated`). `informed_units` replaces the list; a unit
/// whose `informed` turns true gets `informed_by` (the caller) and `informed_at` (now).
#[utoipa::path(patch, path = "/incidents/{id}", tag = "incidents", operation_id = "patchIncident",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "Incident id"),
        ("If-Match" = String, Header, pattern = r#"^(\*|(W/)?"[0-9]{1,18}")$"#, description = "ETag of the version being changed"),
    ),
    request_body = IncidentPatch,
    responses(
        (status = 200, description = "The changed incident", body = Incident, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed id, body or If-Match", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Role may not change this incident", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        (status = 412, description = "`version_conflict`", body = ErrorBody),
        (status = 413, description = "Body larger than 1 MiB", body = ErrorBody),
        (status = 415, description = "Body is not JSON", body = ErrorBody),
        (status = 422, description = "`validation_failed` or `invalid_transition`", body = ErrorBody),
        (status = 428, description = "`precondition_required`", body = ErrorBody),
    ))]
pub async fn patch_incident(
    State(state): State<AppState>,
    user: AuthUser,
    id: Result<ApiPath<IdParam>, ApiError>,
    if_match: Result<IfMatch, ApiError>,
    body: Result<ApiJson<IncidentPatch>, ApiError>,
) -> ApiResult<Response> {
    access::PATCH_INCIDENT.check(&user)?;
    let ApiPath(IdParam { id }) = id?;
    let if_match = if_match?;
    let ApiJson(p) = body?;
    let cat = state.catalogue();

    let mut tx = db::begin_write(&state.db).await?;
    let current = incidents::get(&mut *tx, id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    access::may_change_incident(&user, &current)?;
    if !if_match.matches(current.version) {
        return Err(ApiError::version_conflict(current.version));
    }
    let mut errors = Vec::new();
    let mut next = current.clone();
    if let Some(title) = p.title {
        let title = title.trim().to_owned();
        if title.is_empty() || title.chars().count() > MAX_TITLE {
            errors.push(FieldError::new(
                "title",
                "invalid",
                format!("1..={MAX_TITLE} characters"),
            ));
        }
        next.title = title;
    }
    if let Some(g) = p.owner_group {
        next.owner_group = clean_text(&mut errors, "owner_group", Some(g), MAX_TITLE);
        check_group(
            &mut errors,
            "owner_group",
            next.owner_group.as_deref(),
            &cat,
        );
    }
    if let Some(c) = p.cause {
        next.cause = clean_text(&mut errors, "cause", Some(c), MAX_TEXT);
    }
    if let Some(note) = p.public_note {
        check_note(&mut errors, "public_note", Some(&note));
        next.public_note = Some(note);
    }
    if let Some(e) = p.expected_resolution {
        next.expected_resolution = Some(e);
    }
    let now = state.clock.now();
    if let Some(units) = p.informed_units {
        check_units(&mut errors, &units);
        next.informed_units = merge_units(&current.informed_units, units, &user, now);
    }
    if let Some(codes) = p.service_codes {
        check_services(&mut errors, &codes, &cat);
        next.service_codes = codes;
    }
    if let Some(area) = &p.area {
        check_polygon(&mut errors, "area", area);
    }
    let mut new_area = p.area;
    if let Some(s) = p.spot_id {
        match spots::get(&mut *tx, s.0).await? {
            Some(spot) => {
                next.spot_id = Some(s);
                if new_area.is_none() {
                    new_area = Some(spot.outline);
                }
            }
            None => errors.push(FieldError::new("spot_id", "unknown", "no such spot")),
        }
    }
    if let Some(area) = new_area {
        if errors.is_empty() && area != current.area {
            next.affected_estimated = incident_ops::coverage_estimate(&mut *tx, &area).await?;
            next.affected_customers =
                spotdesk_core::impact::affected(next.affected_linked, next.affected_estimated);
        }
        next.area = area;
    }
    let note = clean_text(&mut errors, "resolution_note", p.resolution_note, MAX_TEXT);
    if let Some(status) = p.status {
        if !rules::transition_allowed(current.status, status) {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_transition",
                format!(
                    "an incident cannot go from {} to {}",
                    db::enum_str(&current.status),
                    db::enum_str(&status)
                ),
            )
            .with_fields(vec![FieldError::new(
                "status",
                "invalid_transition",
                format!("allowed: {:?}", rules::next_statuses(current.status)),
            )]));
        }
        if status != current.status {
            next.status = status;
            next.status_since = Some(now);
        }
        if status.is_active() {
            next.resolved_at = None;
        } else if next.resolved_at.is_none() {
            next.resolved_at = Some(now);
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if next == current {
        tx.rollback().await?;
        let current = with_timers(&state, current).await?;
        return Ok(versioned(StatusCode::OK, current.version, &current));
    }
    let resolving = next.status == IncidentStatus::Resolved && current.status != next.status;
    next.updated_at = now;
    next.version = current.version + 1;
    let mut seq = 0;
    // Complainants already told of this fix (subscribers with the same contact are skipped).
    let mut told = Vec::new();
    if resolving {
        let resolved =
            incident_ops::resolve_linked(&mut tx, &next, note.as_deref(), user.id, now).await?;
        seq = resolved.last_seq.unwrap_or(0);
        next.notified_customers = i64::try_from(resolved.notified).unwrap_or(i64::MAX);
        told = resolved.recipients;
    }
    incidents::update(&mut tx, &next).await?;
    crate::store::subscriptions::incident_changed(&mut tx, &current, &next, &told, now).await?;
    seq = seq.max(
        events::record(
            &mut tx,
            EntityKind::Incident,
            id,
            ChangeAction::Updated,
            now,
        )
        .await?,
    );
    tx.commit().await?;
    state.notify_change(seq);
    let next = incidents::get(&state.db, id).await?.unwrap_or(next);
    let next = with_timers(&state, next).await?;
    Ok(versioned(StatusCode::OK, next.version, &next))
}
