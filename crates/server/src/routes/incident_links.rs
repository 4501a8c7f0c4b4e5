//! An incident's tickets: bulk linking, suggestions of new tickets in its area, and a
//! customer's "still not working" after the resolution.

use crate::access;
use crate::auth::AuthUser;
use crate::commit::commit_and_announce;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, IdParam};
use crate::incident_ops;
use crate::incident_view::with_timers;
use crate::openapi::responses::{JsonBody, SignedIn};
use crate::routes::versioned;
use crate::state::AppState;
use crate::store::events::{self, Changed};
use crate::store::tickets::BoundingBox;
use crate::store::{incidents, tickets};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::Duration;
use spotdesk_api::{
    field_codes, ChangeAction, ErrorBody, Incident, IncidentId, IncidentLinkRequest,
    IncidentStatus, StillBrokenOutcome, StillBrokenReport, Ticket,
};
use spotdesk_core::geo::point_in_polygon;
use spotdesk_core::incidents as rules;

/// Most tickets linked by one request.
const MAX_LINK: usize = 500;
/// Most suggestions returned.
const MAX_SUGGESTIONS: usize = 200;
/// Tickets this long before the registration still count as new.
const SUGGEST_LOOKBACK_HOURS: i64 = 6;

/// Loads an incident the user may change (engineers: only their group's).
async fn editable<'e>(
    ex: impl db::Executor<'e>,
    user: &AuthUser,
    id: IncidentId,
) -> ApiResult<Incident> {
    let current = incidents::get(ex, id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    access::may_change_incident(user, &current)?;
    Ok(current)
}

/// Links tickets to an incident in bulk (moving them from another incident if needed) and
/// re-counts its affected customers. Already linked tickets are left as they are.
#[utoipa::path(post, path = "/incidents/{id}/tickets", tag = "incidents", operation_id = "linkIncidentTickets",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Incident id")),
    request_body = IncidentLinkRequest,
    responses(
        (status = 200, description = "The incident after linking", body = Incident, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed id or body", body = ErrorBody),
        (status = 403, description = "Role may not change this incident", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        (status = 422, description = "`validation_failed`: empty list, too many, unknown tickets", body = ErrorBody),
        JsonBody,
    ))]
pub async fn link_tickets(
    State(state): State<AppState>,
    user: AuthUser,
    id: Result<ApiPath<IdParam<IncidentId>>, ApiError>,
    body: Result<ApiJson<IncidentLinkRequest>, ApiError>,
) -> ApiResult<Response> {
    access::LINK_TICKETS.check(&user)?;
    let ApiPath(IdParam { id }) = id?;
    let ApiJson(req) = body?;
    if req.ticket_ids.is_empty() || req.ticket_ids.len() > MAX_LINK {
        return Err(ApiError::invalid_field(
            "ticket_ids",
            field_codes::OUT_OF_RANGE,
            format!("1..={MAX_LINK} tickets"),
        ));
    }
    let mut tx = db::begin_write(&state.db).await?;
    let mut incident = editable(&mut *tx, &user, id).await?;
    let found = access::visible_tickets(&mut tx, &user, "ticket_ids", &req.ticket_ids).await?;
    let now = state.clock.now();
    let mut seq = None;
    for ticket in &found {
        if let Some(s) = incident_ops::link_ticket(&mut tx, id, ticket, user.id, now).await? {
            seq = Some(s);
        }
    }
    let Some(_) = seq else {
        tx.rollback().await?;
        let incident = with_timers(&state, incident).await?;
        return Ok(versioned(StatusCode::OK, incident.version, &incident));
    };
    incident_ops::recount(&mut tx, &mut incident).await?;
    incident.updated_at = now;
    incident.version += 1;
    incidents::update(&mut tx, &incident).await?;
    let seq = events::record(&mut tx, Changed::Incident(id), ChangeAction::Updated, now).await?;
    commit_and_announce(tx, &state, [seq]).await?;
    let incident = incidents::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    let incident = with_timers(&state, incident).await?;
    Ok(versioned(StatusCode::OK, incident.version, &incident))
}

/// New open tickets in the incident's area not linked to any incident (same services, when
/// the incident names any), newest first: candidates for bulk linking.
#[utoipa::path(get, path = "/incidents/{id}/suggestions", tag = "incidents", operation_id = "incidentLinkSuggestions",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Incident id")),
    responses(
        (status = 200, description = "Suggested tickets, newest first (at most 200)", body = Vec<Ticket>),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 403, description = "Role may not link tickets", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        SignedIn,
    ))]
pub async fn link_suggestions(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(IdParam { id }): ApiPath<IdParam<IncidentId>>,
) -> ApiResult<Json<Vec<Ticket>>> {
    access::LINK_SUGGESTIONS.check(&user)?;
    let incident = editable(&state.db, &user, id).await?;
    let ring = &incident.area.ring;
    if ring.len() < 3 {
        return Ok(Json(Vec::new()));
    }
    let lats = ring.iter().map(|p| p[1]);
    let longs = ring.iter().map(|p| p[0]);
    let bbox = BoundingBox {
        min_lat: lats.clone().fold(f64::INFINITY, f64::min),
        max_lat: lats.fold(f64::NEG_INFINITY, f64::max),
        long: Some((
            longs.clone().fold(f64::INFINITY, f64::min),
            longs.fold(f64::NEG_INFINITY, f64::max),
        )),
    };
    let since = incident.registered_at - Duration::hours(SUGGEST_LOOKBACK_HOURS);
    let mut list: Vec<Ticket> = tickets::open_in_box(&state.db, bbox, None, None)
        .await?
        .into_iter()
        .filter(|t| t.incident_id.is_none())
        .filter(|t| access::may_see_ticket(&user, t))
        .filter(|t| t.created_at >= since)
        .filter(|t| {
            incident.service_codes.is_empty() || incident.service_codes.contains(&t.service_code)
        })
        .filter(|t| point_in_polygon(t.lat, t.long, &incident.area))
        .collect();
    list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    list.truncate(MAX_SUGGESTIONS);
    Ok(Json(list))
}

/// A linked customer says the problem is still there: their ticket is reopened and, once
/// enough distinct customers said so ([`rules::reopen_threshold`] of the linked tickets),
/// a resolved or confirmed incident is reopened too.
#[utoipa::path(post, path = "/incidents/{id}/still-broken", tag = "incidents", operation_id = "reportStillBroken",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Incident id")),
    request_body = StillBrokenReport,
    responses(
        (status = 200, description = "The reopened ticket and the incident", body = StillBrokenOutcome),
        (status = 400, description = "Malformed id or body", body = ErrorBody),
        (status = 403, description = "Role may not record reports", body = ErrorBody),
        (status = 404, description = "No such incident", body = ErrorBody),
        (status = 422, description = "`validation_failed`: the ticket is not linked to this incident", body = ErrorBody),
        JsonBody,
    ))]
pub async fn still_broken(
    State(state): State<AppState>,
    user: AuthUser,
    id: Result<ApiPath<IdParam<IncidentId>>, ApiError>,
    body: Result<ApiJson<StillBrokenReport>, ApiError>,
) -> ApiResult<Json<StillBrokenOutcome>> {
    access::STILL_BROKEN.check(&user)?;
    let ApiPath(IdParam { id }) = id?;
    let ApiJson(report) = body?;
    let mut tx = db::begin_write(&state.db).await?;
    let incident = incidents::get(&mut *tx, id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    let ticket = tickets::get(&mut *tx, report.ticket_id)
        .await?
        .filter(|t| access::may_see_ticket(&user, t))
        .filter(|t| t.incident_id == Some(incident.id))
        .ok_or_else(|| {
            ApiError::invalid_field(
                "ticket_id",
                field_codes::NOT_LINKED,
                "no such ticket on this incident",
            )
        })?;
    let now = state.clock.now();
    let (ticket, seq) = incident_ops::reopen_ticket(&mut tx, &ticket, user.id, now).await?;
    incidents::record_still_broken(&mut tx, id, ticket.id, &db::ts(now)).await?;
    let counted = incidents::get(&mut *tx, id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    let mut reopened = false;
    if !incident.status.is_active()
        && counted.still_broken_reports >= rules::reopen_threshold(incident.linked_tickets)
    {
        let mut next = counted.clone();
        next.status = IncidentStatus::Reopened;
        next.status_since = Some(now);
        next.resolved_at = None;
        next.updated_at = now;
        next.version += 1;
        incidents::update(&mut tx, &next).await?;
        reopened = true;
    }
    let s = events::record(&mut tx, Changed::Incident(id), ChangeAction::Updated, now).await?;
    commit_and_announce(tx, &state, seq.into_iter().chain([s])).await?;
    if reopened {
        tracing::info!(incident = id.0, "incident reopened by still-broken reports");
    }
    let incident = incidents::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    let incident = with_timers(&state, incident).await?;
    Ok(Json(StillBrokenOutcome {
        ticket,
        incident,
        incident_reopened: reopened,
    }))
}
