//! Mass incidents: list, register (idempotent), read, update (If-Match).

use crate::access;
use crate::assignment;
use crate::auth::AuthUser;
use crate::commit::commit_and_announce;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::escalation;
use crate::extract::{change_parts, ApiJson, ApiPath, ApiQuery, IdParam, IdempotencyKey, IfMatch};
use crate::incident_ops;
use crate::incident_view::{location, with_timers};
use crate::openapi::responses::{JsonBody, SignedIn, VersionedChange};
use crate::routes::{check_group, check_polygon, clean_text, created, versioned};
use crate::state::AppState;
use crate::store::events::{self, Changed};
use crate::store::idempotency::{self, Prior};
use crate::store::{incidents, spots};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use spotdesk_api::WorkKind;
use spotdesk_api::{
    field_codes, ChangeAction, ErrorBody, FieldError, Incident, IncidentId, IncidentPatch,
    IncidentStatus, NewIncident, Polygon,
};
use spotdesk_core::incidents as rules;
use utoipa::IntoParams;

/// Idempotency scope of incident registration.
const SCOPE: &str = "incidents";
/// Longest title (core's rule).
pub const MAX_TITLE: usize = rules::MAX_TITLE;

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

/// Lists incidents, newest first.
#[utoipa::path(get, path = "/incidents", tag = "incidents", operation_id = "listIncidents",
    security(("bearer" = [])),
    params(IncidentQuery),
    responses(
        (status = 200, description = "Incidents, newest first", body = Vec<Incident>),
        (status = 400, description = "Bad query parameter", body = ErrorBody),
        SignedIn,
    ))]
pub async fn list_incidents(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(q): ApiQuery<IncidentQuery>,
) -> ApiResult<Json<Vec<Incident>>> {
    access::LIST_INCIDENTS.check(&user)?;
    let limit = q.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::bad_field(
            "limit",
            field_codes::OUT_OF_RANGE,
            "1..=1000",
        ));
    }
    let mut list = incidents::list(&state.db, q.active.unwrap_or(false), limit).await?;
    escalation::attach(&state, &mut list).await?;
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
        (status = 403, description = "Only coordinators and administrators register incidents", body = ErrorBody),
        (status = 422, description = "`validation_failed` or `idempotency_key_reused`", body = ErrorBody),
        JsonBody,
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
            field_codes::REQUIRED,
            "give the incident a title",
        ));
    } else if title.chars().count() > MAX_TITLE {
        errors.push(FieldError::new(
            "title",
            field_codes::TOO_LONG,
            format!("at most {MAX_TITLE} characters"),
        ));
    }
    if let Some(area) = &n.area {
        check_polygon(&mut errors, "area", area);
    }
    rules::check_services(&mut errors, &n.service_codes, &cat);
    let topic = clean_text(&mut errors, "topic", n.topic, MAX_TITLE);
    let owner_group = clean_text(&mut errors, "owner_group", n.owner_group, MAX_TITLE);
    check_group(&mut errors, "owner_group", owner_group.as_deref(), &cat);
    let cause = clean_text(&mut errors, "cause", n.cause, rules::MAX_TEXT);
    rules::check_note(&mut errors, "public_note", n.public_note.as_ref());
    rules::check_units(&mut errors, &n.informed_units);

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
            let spot = spots::get(&mut *tx, s).await?;
            if spot.is_none() {
                errors.push(FieldError::new(
                    "spot_id",
                    field_codes::UNKNOWN,
                    "no such spot",
                ));
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
    let estimate = incident_ops::coverage_estimate(&mut tx, &area).await?;
    let estimated = estimate.customers;
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
        affected_source: estimate.source,
        owner_group,
        cause,
        public_note: n.public_note,
        expected_resolution: n.expected_resolution,
        informed_units: rules::merge_units(&[], n.informed_units, &user.display_name, now),
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
        assignee: None,
    };
    let id = incidents::insert(&mut tx, &incident, user.id).await?;
    idempotency::remember(&mut tx, user.id, SCOPE, &key, &hash, id, now).await?;
    let seq = events::record(&mut tx, Changed::Incident(id), ChangeAction::Created, now).await?;
    commit_and_announce(tx, &state, [seq]).await?;
    tracing::info!(incident = id.0, user = %user.username, "incident registered");
    let incident = with_timers(&state, Incident { id, ..incident }).await?;
    Ok(created(true, location(id), 1, &incident))
}

/// One incident, with `ETag`.
#[utoipa::path(get, path = "/incidents/{id}", tag = "incidents", operation_id = "getIncident",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Incident id")),
    responses(
        (status = 200, description = "The incident", body = Incident, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        SignedIn,
    ))]
pub async fn get_incident(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(IdParam { id }): ApiPath<IdParam<IncidentId>>,
) -> ApiResult<Response> {
    access::GET_INCIDENT.check(&user)?;
    let i = incidents::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    let i = with_timers(&state, i).await?;
    Ok(versioned(StatusCode::OK, i.version, &i))
}

/// Changes an incident. Requires `If-Match`. Engineers may change only incidents owned by their group.
///
/// Status changes follow the lifecycle (registered → diagnosis | in_work | resolved;
/// diagnosis ↔ in_work → resolved → confirmed; resolved/confirmed → reopened → diagnosis |
/// in_work | resolved); anything else is 422 `validation_failed` with field `status` code
/// `invalid_transition`, its message listing the allowed next statuses (as for tickets and
/// spots). Every problem of a body is answered together.
/// Resolving resolves every open linked ticket with `resolution_note` and queues one
/// `fix_done` message per affected customer, and one to each subscriber of the public page
/// inside the area not told already (`notified_customers` counts both).
///
/// A new `area` (or a `spot_id` whose outline becomes the area) re-estimates the customers
/// affected from coverage (`affected_estimated`). `informed_units` replaces the list; a unit
/// whose `informed` turns true gets `informed_by` (the caller) and `informed_at` (now).
///
/// `assignee_id` assigns the incident to a person (`null`: nobody): an enabled account
/// (else field `assignee_id` code `unknown`) who may change it, i.e. a coordinator or an
/// administrator, or an engineer of its owner group after this patch (else code
/// `not_assignable`, the message saying why; `GET /users/assignable?work=incident&group=`
/// lists them). A new owner group unassigns an engineer of the old one.
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
        (status = 403, description = "Role may not change this incident", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        (status = 422, description = "`validation_failed` (see `fields`: `invalid_transition`, `invalid`, `too_long`, `too_many`, `duplicate`, `unknown`, `not_assignable`, ...)", body = ErrorBody),
        VersionedChange,
    ))]
pub async fn patch_incident(
    State(state): State<AppState>,
    user: AuthUser,
    id: Result<ApiPath<IdParam<IncidentId>>, ApiError>,
    if_match: Result<IfMatch, ApiError>,
    body: Result<ApiJson<IncidentPatch>, ApiError>,
) -> ApiResult<Response> {
    access::PATCH_INCIDENT.check(&user)?;
    let (id, if_match, p) = change_parts(id, if_match, body)?;
    let cat = state.catalogue();

    let mut tx = db::begin_write(&state.db).await?;
    let current = incidents::get(&mut *tx, id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    access::may_change_incident(&user, &current)?;
    if_match.check(current.version)?;
    let spot = match p.spot_id {
        Some(s) => spots::get(&mut *tx, s).await?,
        None => None,
    };
    let now = state.clock.now();
    let change = rules::apply_patch(
        &current,
        &p,
        &cat,
        spot.as_ref().map(|s| &s.outline),
        now,
        &user.display_name,
    );
    // The assignee is checked against the owner group the patch leaves.
    let owner = match &change {
        Ok(c) => c.next.owner_group.clone(),
        Err(_) => current.owner_group.clone(),
    };
    let assignee = assignment::settle(
        &mut *tx,
        WorkKind::Incident,
        p.assignee_id,
        current.assignee.as_ref(),
        owner.as_deref(),
    )
    .await;
    let (mut change, assignee) = assignment::together(change, assignee)?;
    if let Some(a) = assignee.filter(|a| *a != current.assignee) {
        change.next.assignee = a;
        if !change.changed {
            change.changed = true;
            change.next.updated_at = now;
            change.next.version = current.version + 1;
        }
    }
    if !change.changed {
        tx.rollback().await?;
        let current = with_timers(&state, current).await?;
        return Ok(versioned(StatusCode::OK, current.version, &current));
    }
    if change.area_changed {
        let estimate = incident_ops::coverage_estimate(&mut tx, &change.next.area).await?;
        change.set_estimate(estimate.customers);
        change.next.affected_source = estimate.source;
    }
    let mut next = change.next;
    let mut seqs = Vec::new();
    // Complainants already told of this fix (subscribers with the same contact are skipped).
    let mut told = Vec::new();
    if change.resolving {
        let resolved = incident_ops::resolve_linked(
            &mut tx,
            &next,
            change.resolution_note.as_deref(),
            user.id,
            now,
        )
        .await?;
        seqs.extend(resolved.last_seq);
        next.notified_customers = i64::try_from(resolved.notified).unwrap_or(i64::MAX);
        told = resolved.recipients;
    }
    // Subscribers of the public page told of the fix are customers notified too: the card's
    // "N customers notified" counts every message that went out.
    let subscribers =
        crate::store::subscriptions::incident_changed(&mut tx, &current, &next, &told, now).await?;
    next.notified_customers = next
        .notified_customers
        .saturating_add(i64::try_from(subscribers).unwrap_or(i64::MAX));
    incidents::update(&mut tx, &next).await?;
    seqs.push(events::record(&mut tx, Changed::Incident(id), ChangeAction::Updated, now).await?);
    commit_and_announce(tx, &state, seqs).await?;
    let next = incidents::get(&state.db, id).await?.unwrap_or(next);
    let next = with_timers(&state, next).await?;
    Ok(versioned(StatusCode::OK, next.version, &next))
}
