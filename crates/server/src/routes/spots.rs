//! Spots (complaint hotspots): list, register (idempotent by key), read, update (If-Match).

use crate::access;
use crate::assignment;
use crate::auth::AuthUser;
use crate::commit::commit_and_announce;
use crate::db::{self, Tx};
use crate::error::{ApiError, ApiResult};
use crate::extract::{change_parts, ApiJson, ApiPath, ApiQuery, IdParam, IfMatch};
use crate::openapi::responses::{JsonBody, SignedIn, VersionedChange};
use crate::routes::{check_group, check_polygon, clean_text, created, versioned};
use crate::state::AppState;
use crate::store::events::{self, Changed};
use crate::store::outbox::{queue_fix_done, FixSource};
use crate::store::{spots, tickets};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use spotdesk_api::WorkKind;
use spotdesk_api::{
    field_codes, ChangeAction, ErrorBody, FieldError, NewSpot, Polygon, Spot, SpotId, SpotPatch,
    SpotStatus, Technology, TicketId,
};
use spotdesk_core::geo::polygons_overlap;
use spotdesk_core::spot_flow::{self, group_for_topic};
use utoipa::IntoParams;

/// Longest key, topic or group.
const MAX_SHORT: usize = spot_flow::MAX_SHORT;
/// Most tickets linked in one registration.
const MAX_TICKETS: usize = 10_000;

/// The API path of a spot.
fn location(id: SpotId) -> String {
    format!("{}/spots/{id}", spotdesk_api::API_PREFIX)
}

/// `GET /spots` query.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SpotQuery {
    /// `true`: only spots not yet resolved.
    pub active: Option<bool>,
    /// At most this many, newest first (1..=1000, default 200).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

/// Centre of a ring: the mean of its distinct points, as `(lat, long)`.
fn centre(poly: &Polygon) -> (f64, f64) {
    let mut ring = poly.ring.as_slice();
    if ring.len() > 1 && ring.first() == ring.last() {
        ring = &ring[..ring.len() - 1];
    }
    let n = ring.len().max(1) as f64;
    let (long, lat) = ring
        .iter()
        .fold((0.0, 0.0), |(a, b), [x, y]| (a + x, b + y));
    (lat / n, long / n)
}

/// Links tickets to a new spot: link rows, and `spot_id` on tickets that had none (a change
/// of the ticket: version bump, history, event). Returns the change sequence numbers.
async fn link_tickets(
    tx: &mut Tx,
    spot: SpotId,
    ids: &[TicketId],
    user: &AuthUser,
    now: DateTime<Utc>,
) -> ApiResult<Vec<i64>> {
    let mut seqs = Vec::new();
    for &id in ids {
        let Some(mut t) = tickets::get(&mut **tx, id).await? else {
            continue;
        };
        tickets::link_spot(tx, spot, id, now).await?;
        if t.spot_id.is_none() {
            t.spot_id = Some(spot);
            t.version += 1;
            t.updated_at = now;
            tickets::update(tx, &t).await?;
            let changes = serde_json::json!({ "spot_id": { "from": null, "to": spot } });
            tickets::record_history(tx, id, Some(user.id), now, t.version, &changes).await?;
            seqs.push(events::record(tx, Changed::Ticket(id), ChangeAction::Updated, now).await?);
        }
    }
    Ok(seqs)
}

/// The spot a candidate is already registered as: the one with its key, else an unresolved
/// spot of the same topic whose outline overlaps the candidate's.
async fn same_spot(
    tx: &mut Tx,
    key: &str,
    topic: Option<&str>,
    outline: &Polygon,
) -> ApiResult<Option<SpotId>> {
    if let Some(id) = spots::id_by_key(&mut **tx, key).await? {
        return Ok(Some(id));
    }
    Ok(spots::open_with_topic(&mut **tx, topic)
        .await?
        .into_iter()
        .find(|s| polygons_overlap(&s.outline, outline))
        .map(|s| s.id))
}

/// Answers a repeated registration with the existing spot (200), after linking the
/// candidate's tickets it did not have yet (a new link is a change: version bump, event).
async fn merge_into(
    state: AppState,
    mut tx: Tx,
    id: SpotId,
    ids: &[TicketId],
    user: &AuthUser,
) -> ApiResult<Response> {
    let linked = spots::ticket_ids(&mut *tx, id).await?;
    let fresh: Vec<TicketId> = ids
        .iter()
        .copied()
        .filter(|t| !linked.contains(t))
        .collect();
    let mut spot = spots::get(&mut *tx, id)
        .await?
        .ok_or_else(|| ApiError::not_found("spot"))?;
    // Another group's spot is the engineer's to read, not to change: answered as it is.
    let foreign = access::may_change_spot(user, &spot).is_err();
    if fresh.is_empty() || spot.status == SpotStatus::Resolved || foreign {
        tx.rollback().await?;
        return Ok(created(false, location(id), spot.version, &spot));
    }
    let now = state.clock.now();
    let mut seqs = link_tickets(&mut tx, id, &fresh, user, now).await?;
    spot.version += 1;
    spot.updated_at = now;
    spots::update(&mut tx, &spot).await?;
    seqs.push(events::record(&mut tx, Changed::Spot(id), ChangeAction::Updated, now).await?);
    let stored = spots::get(&mut *tx, id)
        .await?
        .ok_or_else(|| ApiError::not_found("spot"))?;
    commit_and_announce(tx, &state, seqs).await?;
    Ok(created(false, location(id), stored.version, &stored))
}

/// Lists spots, newest first.
#[utoipa::path(get, path = "/spots", tag = "spots", operation_id = "listSpots",
    security(("bearer" = [])),
    params(SpotQuery),
    responses(
        (status = 200, description = "Spots, newest first", body = Vec<Spot>),
        (status = 400, description = "Bad query parameter", body = ErrorBody),
        SignedIn,
    ))]
pub async fn list_spots(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(q): ApiQuery<SpotQuery>,
) -> ApiResult<Json<Vec<Spot>>> {
    access::LIST_SPOTS.check(&user)?;
    let limit = q.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::bad_field(
            "limit",
            field_codes::OUT_OF_RANGE,
            "1..=1000",
        ));
    }
    Ok(Json(
        spots::list(&state.db, q.active.unwrap_or(false), limit).await?,
    ))
}

/// Registers a detected spot candidate, once: a candidate with the key of a registered spot,
/// or whose outline overlaps an unresolved spot of the same topic, answers that spot with 200
/// (its tickets not linked yet are linked to it). Without `group` the spot is routed to an
/// engineering group by its topic (radio topics to infrastructure, others to network
/// support). `complaints` counts distinct customers.
#[utoipa::path(post, path = "/spots", tag = "spots", operation_id = "createSpot",
    security(("bearer" = [])),
    request_body = NewSpot,
    responses(
        (status = 201, description = "Registered", body = Spot,
            headers(("ETag" = String, description = "\"<version>\""), ("Location" = String, description = "URL of the spot"))),
        (status = 200, description = "The candidate is already registered (same key, or overlapping an unresolved spot of the same topic)", body = Spot),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Role may not register spots", body = ErrorBody),
        (status = 422, description = "`validation_failed`", body = ErrorBody),
        JsonBody,
    ))]
pub async fn create_spot(
    State(state): State<AppState>,
    user: AuthUser,
    body: Result<ApiJson<NewSpot>, ApiError>,
) -> ApiResult<Response> {
    access::CREATE_SPOT.check(&user)?;
    let ApiJson(n) = body?;
    let cat = state.catalogue();
    let mut errors = Vec::new();
    let key = n.key.trim().to_owned();
    if key.is_empty() || key.chars().count() > MAX_SHORT {
        errors.push(FieldError::new(
            "key",
            if key.is_empty() {
                field_codes::REQUIRED
            } else {
                field_codes::TOO_LONG
            },
            "1..=200 characters",
        ));
    }
    check_polygon(&mut errors, "outline", &n.outline);
    if !n.priority.is_finite() {
        errors.push(FieldError::new(
            "priority",
            field_codes::INVALID,
            "must be a finite number",
        ));
    }
    let topic = clean_text(&mut errors, "topic", n.topic, MAX_SHORT);
    let technology = clean_text(&mut errors, "technology", n.technology, MAX_SHORT);
    if technology
        .as_deref()
        .is_some_and(|t| Technology::parse(t).is_none())
    {
        errors.push(FieldError::new(
            "technology",
            field_codes::UNKNOWN_CHOICE,
            "one of 2g, 3g, 4g, 5g",
        ));
    }
    let group = clean_text(&mut errors, "group", n.group, MAX_SHORT);
    check_group(&mut errors, "group", group.as_deref(), &cat);
    if n.ticket_ids.len() > MAX_TICKETS {
        errors.push(FieldError::new(
            "ticket_ids",
            field_codes::TOO_LONG,
            format!("at most {MAX_TICKETS} tickets"),
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }

    let mut tx = db::begin_write(&state.db).await?;
    access::visible_tickets(&mut tx, &user, "ticket_ids", &n.ticket_ids).await?;
    if let Some(id) = same_spot(&mut tx, &key, topic.as_deref(), &n.outline).await? {
        return merge_into(state, tx, id, &n.ticket_ids, &user).await;
    }
    let group = group.or_else(|| group_for_topic(topic.as_deref(), &cat.groups));
    let now = state.clock.now();
    let (center_lat, center_long) = centre(&n.outline);
    let spot = Spot {
        id: SpotId(0),
        key,
        status: SpotStatus::Registered,
        outline: n.outline,
        center_lat,
        center_long,
        topic,
        technology,
        complaints: 0,
        priority: n.priority,
        group,
        cause: None,
        public_note: None,
        expected_fix: None,
        registered_at: now,
        updated_at: now,
        resolved_at: None,
        version: 1,
        assignee: None,
    };
    let id = spots::insert(&mut tx, &spot, user.id).await?;
    let mut seqs =
        vec![events::record(&mut tx, Changed::Spot(id), ChangeAction::Created, now).await?];
    seqs.extend(link_tickets(&mut tx, id, &n.ticket_ids, &user, now).await?);
    let stored = spots::get(&mut *tx, id)
        .await?
        .ok_or_else(|| ApiError::not_found("spot"))?;
    commit_and_announce(tx, &state, seqs).await?;
    tracing::info!(spot = id.0, user = %user.username, "spot registered");
    Ok(created(true, location(id), stored.version, &stored))
}

/// One spot, with `ETag`.
#[utoipa::path(get, path = "/spots/{id}", tag = "spots", operation_id = "getSpot",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Spot id")),
    responses(
        (status = 200, description = "The spot", body = Spot, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 404, description = "No such spot", body = ErrorBody),
        SignedIn,
    ))]
pub async fn get_spot(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(IdParam { id }): ApiPath<IdParam<SpotId>>,
) -> ApiResult<Response> {
    access::GET_SPOT.check(&user)?;
    let s = spots::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("spot"))?;
    Ok(versioned(StatusCode::OK, s.version, &s))
}

/// Changes a spot (status, group, cause, public note, expected fix date). Requires `If-Match`.
///
/// Status moves forward only (`registered` → `in_work` → `resolved`); anything else is 422
/// `validation_failed` with field `status` code `invalid_transition`, its message listing the
/// allowed next statuses (as for tickets and incidents). Engineers may change only spots of their
/// own group (403). Resolving queues one "fixed" message with a rating invitation per
/// distinct complainant in the notification outbox, in the same transaction.
///
/// `assignee_id` assigns the spot to a person (`null`: nobody): an enabled account (else
/// field `assignee_id` code `unknown`) who may change it, i.e. a coordinator or an
/// administrator, or an engineer of its group after this patch (else code `not_assignable`,
/// the message saying why; `GET /users/assignable?work=spot&group=` lists them). A new group
/// unassigns an engineer of the old one.
#[utoipa::path(patch, path = "/spots/{id}", tag = "spots", operation_id = "patchSpot",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "Spot id"),
        ("If-Match" = String, Header, pattern = r#"^(\*|(W/)?"[0-9]{1,18}")$"#, description = "ETag of the version being changed"),
    ),
    request_body = SpotPatch,
    responses(
        (status = 200, description = "The changed spot", body = Spot, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed id, body or If-Match", body = ErrorBody),
        (status = 403, description = "Role may not change spots, or the spot belongs to another group", body = ErrorBody),
        (status = 404, description = "No such spot", body = ErrorBody),
        (status = 422, description = "`validation_failed` (see `fields`: `invalid_transition`, `too_long`, `unknown`, `not_assignable`)", body = ErrorBody),
        VersionedChange,
    ))]
pub async fn patch_spot(
    State(state): State<AppState>,
    user: AuthUser,
    id: Result<ApiPath<IdParam<SpotId>>, ApiError>,
    if_match: Result<IfMatch, ApiError>,
    body: Result<ApiJson<SpotPatch>, ApiError>,
) -> ApiResult<Response> {
    access::PATCH_SPOT.check(&user)?;
    let (id, if_match, p) = change_parts(id, if_match, body)?;
    let cat = state.catalogue();

    let mut tx = db::begin_write(&state.db).await?;
    let current = spots::get(&mut *tx, id)
        .await?
        .ok_or_else(|| ApiError::not_found("spot"))?;
    access::may_change_spot(&user, &current)?;
    if_match.check(current.version)?;
    let now = state.clock.now();
    let change = spot_flow::apply_patch(&current, &p, &cat, now);
    // The assignee is checked against the group the patch leaves.
    let group = match &change {
        Ok(c) => c.next.group.clone(),
        Err(_) => current.group.clone(),
    };
    let assignee = assignment::settle(
        &mut *tx,
        WorkKind::Spot,
        p.assignee_id,
        current.assignee.as_ref(),
        group.as_deref(),
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
        return Ok(versioned(StatusCode::OK, current.version, &current));
    }
    let next = change.next;
    spots::update(&mut tx, &next).await?;
    // Complainants first: a subscriber with the same contact is then not told twice.
    let mut told = Vec::new();
    if change.resolving {
        let ticket_ids = spots::ticket_ids(&mut *tx, id).await?;
        told = queue_fix_done(
            &mut tx,
            FixSource::Spot(id),
            &ticket_ids,
            spot_flow::fix_note(&next),
            now,
        )
        .await?;
        tracing::info!(
            spot = id.0,
            queued = told.len(),
            "spot resolved, complainants notified"
        );
    }
    crate::store::subscriptions::spot_changed(&mut tx, &current, &next, &told, now).await?;
    let seq = events::record(&mut tx, Changed::Spot(id), ChangeAction::Updated, now).await?;
    commit_and_announce(tx, &state, [seq]).await?;
    Ok(versioned(StatusCode::OK, next.version, &next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centre_ignores_the_closing_point() {
        let p = Polygon {
            ring: vec![[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [0.0, 0.0]],
        };
        assert_eq!(centre(&p), (1.0, 1.0));
    }
}
