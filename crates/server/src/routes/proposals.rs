//! Burst proposals: the server runs the core burst detector over recent tickets and offers
//! each burst as a mass incident to register. Accepting registers it (linking the burst's
//! tickets); dismissals are stored, so every coordinator sees the same list.

use crate::access;
use crate::auth::AuthUser;
use crate::commit::commit_and_announce;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath};
use crate::incident_ops;
use crate::incident_view::{location, with_timers};
use crate::openapi::responses::{JsonBody, SignedIn};
use crate::routes::{check_group, clean_text, created};
use crate::state::AppState;
use crate::store::events::{self, Changed};
use crate::store::{incidents, tickets};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use spotdesk_api::{
    field_codes, AffectedSource, ChangeAction, ErrorBody, Incident, IncidentId, IncidentProposal,
    IncidentStatus, TicketId,
};
use spotdesk_core::bursts::{BurstDetector, BurstParams};
use spotdesk_core::complaint::ComplaintRecord;
use spotdesk_core::incidents::MAX_TITLE;

/// Longest proposal key.
const MAX_KEY: usize = 300;

/// The `{key}` path parameter.
#[derive(Debug, Clone, Deserialize)]
pub struct KeyParam {
    /// The proposal key.
    pub key: String,
}

/// The current proposals, before removing dismissed and accepted ones.
async fn detect(state: &AppState, now: DateTime<Utc>) -> ApiResult<Vec<IncidentProposal>> {
    let params = BurstParams::from_settings(&state.catalogue().detection);
    let since =
        now - Duration::days(params.baseline_days) - Duration::minutes(params.window_minutes);
    let rows = incidents::complaints_since(&state.db, &db::ts(since)).await?;
    let mut detector = BurstDetector::new(params);
    let mut linked = std::collections::HashSet::new();
    for r in &rows {
        let Ok(at) = db::parse_ts(&r.created_at) else {
            continue;
        };
        if r.linked {
            linked.insert(r.id);
        }
        detector.push(&ComplaintRecord {
            id: r.id,
            lat: r.lat,
            long: r.long,
            time: at.timestamp(),
            customer: &r.customer_phone,
            service: &r.service_code,
            topic: &r.topic,
            segment: None,
            lifetime_value: None,
        });
    }
    Ok(detector
        .proposals(now.timestamp())
        .into_iter()
        // A burst mostly linked to an incident already is handled.
        .filter(|p| {
            p.ticket_ids.iter().filter(|t| linked.contains(t)).count() * 2 < p.ticket_ids.len()
        })
        .map(|p| IncidentProposal {
            key: p.key,
            service_code: p.service_code,
            topic: p.topic,
            area: p.area,
            center_lat: p.center_lat,
            center_long: p.center_long,
            ticket_ids: p.ticket_ids.into_iter().map(TicketId).collect(),
            customers: i64::try_from(p.customers).unwrap_or(i64::MAX),
            window_start: p.window_start,
            window_end: p.window_end,
            expected: p.expected,
        })
        .collect())
}

/// Open proposals: detected, not dismissed, not accepted.
async fn open_proposals(state: &AppState) -> ApiResult<Vec<IncidentProposal>> {
    let dismissed = incidents::dismissed_keys(&state.db).await?;
    let accepted = incidents::accepted_keys(&state.db).await?;
    Ok(detect(state, state.clock.now())
        .await?
        .into_iter()
        .filter(|p| !dismissed.contains(&p.key) && !accepted.contains(&p.key))
        .collect())
}

fn check_key(key: &str) -> ApiResult<()> {
    if key.is_empty() || key.len() > MAX_KEY {
        return Err(ApiError::bad_field(
            "key",
            field_codes::INVALID,
            "1..=300 characters",
        ));
    }
    Ok(())
}

/// Mass incidents proposed from bursts of similar complaints (same service and topic, same
/// area, well above the usual rate), most surprising first. Dismissed and accepted ones are left out.
#[utoipa::path(get, path = "/incidents/proposals", tag = "incidents", operation_id = "listIncidentProposals",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Open proposals", body = Vec<IncidentProposal>),
        (status = 403, description = "Only coordinators, managers and administrators", body = ErrorBody),
        SignedIn,
    ))]
pub async fn list_proposals(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Json<Vec<IncidentProposal>>> {
    access::LIST_PROPOSALS.check(&user)?;
    Ok(Json(open_proposals(&state).await?))
}

/// Registers the proposed incident (title from the burst unless given) and links the
/// burst's tickets. Accepting the same proposal again answers the incident already registered (200).
#[utoipa::path(post, path = "/incidents/proposals/{key}/accept", tag = "incidents", operation_id = "acceptIncidentProposal",
    security(("bearer" = [])),
    params(("key" = String, Path, description = "Proposal key")),
    request_body = spotdesk_api::ProposalAccept,
    responses(
        (status = 201, description = "Registered", body = Incident,
            headers(("ETag" = String, description = "\"<version>\""), ("Location" = String, description = "URL of the incident"))),
        (status = 200, description = "Accepted before: the incident registered then", body = Incident),
        (status = 400, description = "Malformed key or body", body = ErrorBody),
        (status = 403, description = "Only coordinators and administrators", body = ErrorBody),
        (status = 404, description = "No such open proposal (gone or dismissed)", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        JsonBody,
    ))]
pub async fn accept_proposal(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(KeyParam { key }): ApiPath<KeyParam>,
    body: Result<ApiJson<spotdesk_api::ProposalAccept>, ApiError>,
) -> ApiResult<Response> {
    access::ACCEPT_PROPOSAL.check(&user)?;
    check_key(&key)?;
    let ApiJson(req) = body?;
    if let Some(existing) = incidents::by_proposal(&state.db, &key).await? {
        let existing = with_timers(&state, existing).await?;
        return Ok(created(
            false,
            location(existing.id),
            existing.version,
            &existing,
        ));
    }
    let cat = state.catalogue();
    let mut errors = Vec::new();
    let title = clean_text(&mut errors, "title", req.title, MAX_TITLE);
    let owner_group = clean_text(&mut errors, "owner_group", req.owner_group, MAX_TITLE);
    check_group(&mut errors, "owner_group", owner_group.as_deref(), &cat);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let proposal = open_proposals(&state)
        .await?
        .into_iter()
        .find(|p| p.key == key)
        .ok_or_else(|| ApiError::not_found("proposal"))?;
    let service_name = cat
        .services
        .iter()
        .find(|s| s.code == proposal.service_code)
        .map_or(proposal.service_code.clone(), |s| s.name.en.clone());
    let title = title.unwrap_or_else(|| format!("{service_name}: {}", proposal.topic));
    let now = state.clock.now();
    let mut incident = Incident {
        id: IncidentId(0),
        title,
        status: IncidentStatus::Registered,
        area: proposal.area.clone(),
        service_codes: vec![proposal.service_code.clone()],
        topic: Some(proposal.topic.clone()),
        affected_customers: proposal.customers,
        affected_linked: 0,
        affected_estimated: 0,
        affected_source: AffectedSource::DensityModel,
        owner_group,
        cause: None,
        public_note: None,
        expected_resolution: req.expected_resolution,
        informed_units: Vec::new(),
        spot_id: None,
        linked_tickets: 0,
        registered_at: now,
        updated_at: now,
        resolved_at: None,
        version: 1,
        status_since: Some(now),
        notified_customers: 0,
        still_broken_reports: 0,
        proposal_key: Some(key.clone()),
        escalations: Vec::new(),
        assignee: None,
    };
    let mut tx = db::begin_write(&state.db).await?;
    let estimate = incident_ops::coverage_estimate(&mut tx, &incident.area).await?;
    incident.affected_estimated = estimate.customers;
    incident.affected_source = estimate.source;
    let id = incidents::insert(&mut tx, &incident, user.id).await?;
    incident.id = id;
    let mut seq =
        events::record(&mut tx, Changed::Incident(id), ChangeAction::Created, now).await?;
    for &t in &proposal.ticket_ids {
        if let Some(ticket) = tickets::get(&mut *tx, t).await? {
            if let Some(s) = incident_ops::link_ticket(&mut tx, id, &ticket, user.id, now).await? {
                seq = seq.max(s);
            }
        }
    }
    incident_ops::recount(&mut tx, &mut incident).await?;
    incidents::update(&mut tx, &incident).await?;
    commit_and_announce(tx, &state, [seq]).await?;
    tracing::info!(incident = id.0, proposal = %key, user = %user.username, "proposal accepted");
    let incident = incidents::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("incident"))?;
    let incident = with_timers(&state, incident).await?;
    Ok(created(true, location(id), incident.version, &incident))
}

/// Dismisses a proposal for everyone (idempotent). The first dismissal writes a `proposal`
/// change to `GET /events`, so open boards drop it at once.
#[utoipa::path(post, path = "/incidents/proposals/{key}/dismiss", tag = "incidents", operation_id = "dismissIncidentProposal",
    security(("bearer" = [])),
    params(("key" = String, Path, description = "Proposal key")),
    responses(
        (status = 204, description = "Dismissed"),
        (status = 400, description = "Malformed key", body = ErrorBody),
        (status = 403, description = "Only coordinators and administrators", body = ErrorBody),
        SignedIn,
    ))]
pub async fn dismiss_proposal(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(KeyParam { key }): ApiPath<KeyParam>,
) -> ApiResult<Response> {
    access::DISMISS_PROPOSAL.check(&user)?;
    check_key(&key)?;
    let now = state.clock.now();
    let mut tx = db::begin_write(&state.db).await?;
    let seq = if incidents::dismiss(&mut tx, &key, user.id, &db::ts(now)).await? {
        // Every board drops the proposal live.
        Some(events::record(&mut tx, Changed::Proposals, ChangeAction::Updated, now).await?)
    } else {
        None
    };
    commit_and_announce(tx, &state, seq).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
