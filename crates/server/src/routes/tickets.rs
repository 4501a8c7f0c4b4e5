//! Tickets: create (idempotent), list (filters + keyset paging), read, update (If-Match).

use crate::access;
use crate::assignment;
use crate::auth::AuthUser;
use crate::commit::commit_and_announce;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{change_parts, ApiJson, ApiPath, ApiQuery, IdParam, IdempotencyKey, IfMatch};
use crate::geocoder;
use crate::openapi::responses::{JsonBody, SignedIn, VersionedChange};
use crate::routes::{created, versioned};
use crate::state::AppState;
use crate::store::events::{self, Changed};
use crate::store::idempotency::{self, Prior};
use crate::store::outbox::{queue_fix_done, FixSource};
use crate::store::{tickets, users};
use crate::ticket_patch::{apply_patch, change_list, reconstructed_creation};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use spotdesk_api::{
    field_codes, Actor, ChangeAction, ErrorBody, FieldError, NewTicket, Ticket, TicketHistoryEntry,
    TicketId, TicketPage, TicketPatch, TicketQuery, TicketSort, TicketStatus, UserId, WorkKind,
};
use spotdesk_core::validate::{validate_new_ticket, validate_patch};

/// Idempotency scope of ticket creation.
const SCOPE: &str = "tickets";
/// Default and largest page sizes.
const DEFAULT_LIMIT: u32 = 50;
/// Largest page size.
const MAX_LIMIT: u32 = 500;
/// Longest accepted search text.
const MAX_Q: usize = 200;

/// The API path of a ticket.
fn location(id: TicketId) -> String {
    format!("{}/tickets/{id}", spotdesk_api::API_PREFIX)
}

/// Fills `lat`/`long` from the address search when only an address was sent.
async fn geocode_missing(state: &AppState, t: &mut NewTicket) -> ApiResult<()> {
    if t.lat.is_none() && t.long.is_none() && !t.address_string.trim().is_empty() {
        if let Some(best) = geocoder::search(state, t.address_string.trim(), 1)
            .await?
            .into_iter()
            .next()
        {
            t.lat = Some(best.lat);
            t.long = Some(best.long);
        }
    }
    Ok(())
}

/// Registers a ticket. Requires `Idempotency-Key`: repeating the same key with the same body
/// answers the ticket created first (200); the same key with another body is 422
/// `idempotency_key_reused`. The server sets status `new`, the SLA deadline, line and group.
#[utoipa::path(post, path = "/tickets", tag = "tickets", operation_id = "createTicket",
    security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, min_length = 1, max_length = 200, pattern = "^[!-~]+$", description = "Client-chosen key, 1..=200 characters")),
    request_body = NewTicket,
    responses(
        (status = 201, description = "Created", body = Ticket,
            headers(("ETag" = String, description = "\"<version>\""), ("Location" = String, description = "URL of the ticket"))),
        (status = 200, description = "Replay of an earlier request with the same key and body", body = Ticket,
            headers(("ETag" = String, description = "\"<version>\""), ("Location" = String, description = "URL of the ticket"))),
        (status = 400, description = "Malformed body or missing Idempotency-Key", body = ErrorBody),
        (status = 403, description = "Role may not register tickets", body = ErrorBody),
        (status = 422, description = "`validation_failed` (see `fields`) or `idempotency_key_reused`", body = ErrorBody),
        JsonBody,
    ))]
pub async fn create_ticket(
    State(state): State<AppState>,
    user: AuthUser,
    key: Result<IdempotencyKey, ApiError>,
    body: Result<ApiJson<NewTicket>, ApiError>,
) -> ApiResult<Response> {
    access::CREATE_TICKET.check(&user)?;
    let IdempotencyKey(key) = key?;
    let ApiJson(body) = body?;
    let hash = idempotency::body_hash(&body);

    let cat = state.catalogue();
    let mut input = body;
    geocode_missing(&state, &mut input).await?;
    let v = validate_new_ticket(&input, &cat).map_err(|errors| {
        if errors.is_empty() {
            ApiError::invalid_field(
                "service_code",
                field_codes::UNKNOWN,
                "this ticket cannot be routed",
            )
        } else {
            ApiError::validation(errors)
        }
    })?;
    let now = state.clock.now();
    let sla = spotdesk_core::sla::compute(&cat, &v.ticket.service_code, v.kind, v.line, now)
        .ok_or_else(|| {
            ApiError::invalid_field(
                "kind",
                field_codes::INVALID,
                "the service has no SLA policy for this kind of ticket",
            )
        })?;
    let t = v.ticket;
    let ticket = Ticket {
        id: TicketId(0),
        service_code: t.service_code,
        kind: v.kind,
        channel: v.channel,
        topic: t.topic,
        description: t.description,
        customer_phone: t.customer_phone,
        customer_name: t.customer_name,
        address_string: t.address_string,
        lat: v.lat,
        long: v.long,
        segment: t.segment,
        lifetime_value: t.lifetime_value,
        line: v.line,
        agency_responsible: v.group,
        status: TicketStatus::New,
        status_notes: None,
        expected_datetime: sla.deadline,
        planned_at: None,
        fields: t.fields,
        incident_id: t.incident_id,
        spot_id: t.spot_id,
        created_by: Some(user.id),
        created_at: now,
        updated_at: now,
        resolved_at: None,
        version: 1,
        rating: None,
        repeat_of: None,
        resolution_cause: None,
        assignee: None,
    };

    let mut tx = db::begin_write(&state.db).await?;
    match idempotency::check(&mut tx, user.id, SCOPE, &key, &hash).await? {
        Prior::Same(id) => {
            let existing = tickets::get(&mut *tx, id)
                .await?
                .ok_or_else(|| ApiError::not_found("ticket"))?;
            tx.rollback().await?;
            return Ok(created(false, location(id), existing.version, &existing));
        }
        Prior::Different => return Err(ApiError::idempotency_mismatch()),
        Prior::None => {}
    }
    let mut missing = Vec::new();
    if let Some(i) = ticket.incident_id {
        if crate::store::incidents::get(&mut *tx, i).await?.is_none() {
            missing.push(spotdesk_api::FieldError::new(
                "incident_id",
                field_codes::UNKNOWN,
                "no such incident",
            ));
        }
    }
    if let Some(s) = ticket.spot_id {
        if crate::store::spots::get(&mut *tx, s).await?.is_none() {
            missing.push(spotdesk_api::FieldError::new(
                "spot_id",
                field_codes::UNKNOWN,
                "no such spot",
            ));
        }
    }
    if !missing.is_empty() {
        return Err(ApiError::validation(missing));
    }
    let id = tickets::insert(&mut tx, &ticket).await?;
    idempotency::remember(&mut tx, user.id, SCOPE, &key, &hash, id, now).await?;
    let seq = events::record(&mut tx, Changed::Ticket(id), ChangeAction::Created, now).await?;
    // As stored: the insert also decided whether it is a repeat contact.
    let ticket = tickets::get(&mut *tx, id)
        .await?
        .unwrap_or(Ticket { id, ..ticket });
    commit_and_announce(tx, &state, [seq]).await?;
    tracing::info!(ticket = id.0, user = %user.username, "ticket registered");
    Ok(created(true, location(id), ticket.version, &ticket))
}

/// The position encoded in a `next_cursor`.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    /// Sort order the cursor belongs to.
    s: TicketSort,
    /// Sort key (stored text) of the last row.
    k: String,
    /// Id of the last row.
    i: TicketId,
}

/// Encodes a cursor as opaque base64url text.
fn encode_cursor(c: &Cursor) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(c).unwrap_or_default())
}

/// Decodes a cursor for `sort`; 400 on anything malformed or belonging to another order.
fn decode_cursor(text: &str, sort: TicketSort) -> ApiResult<(String, TicketId)> {
    let bad = || {
        ApiError::bad_field(
            "cursor",
            field_codes::INVALID,
            "not a cursor from this list; start again without one",
        )
    };
    let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| bad())?;
    let c: Cursor = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if c.s != sort || db::parse_ts(&c.k).is_err() {
        return Err(bad());
    }
    Ok((c.k, c.i))
}

/// Validates the query into a list spec.
fn list_spec(q: TicketQuery, user: &AuthUser, now: DateTime<Utc>) -> ApiResult<tickets::ListSpec> {
    let mut statuses = Vec::new();
    for s in q
        .status
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        statuses.push(TicketStatus::parse(s).ok_or_else(|| {
            ApiError::bad_field(
                "status",
                field_codes::UNKNOWN_CHOICE,
                format!("unknown status {s:?}"),
            )
        })?);
    }
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_field(
            "limit",
            field_codes::OUT_OF_RANGE,
            "page size is 1..=500",
        ));
    }
    if let Some(line) = q.line {
        if !(1..=3).contains(&line) {
            return Err(ApiError::bad_field(
                "line",
                field_codes::OUT_OF_RANGE,
                "support line is 1, 2 or 3",
            ));
        }
    }
    let search = q.q.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if let Some(s) = &search {
        crate::address_query::check_plain("q", s)?;
    }
    if search.as_ref().is_some_and(|s| s.chars().count() > MAX_Q) {
        return Err(ApiError::bad_field(
            "q",
            field_codes::TOO_LONG,
            "at most 200 characters",
        ));
    }
    let assignee = match q
        .assignee
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        None => None,
        Some("me") => Some(user.id),
        Some(a) => Some(a.parse::<i64>().map(UserId).map_err(|_| {
            ApiError::bad_field(
                "assignee",
                field_codes::INVALID,
                "a user id, or `me` for the caller",
            )
        })?),
    };
    let sort = q.sort.unwrap_or_default();
    let after = q
        .cursor
        .as_deref()
        .map(|c| decode_cursor(c, sort))
        .transpose()?;
    Ok(tickets::ListSpec {
        statuses,
        service_code: q.service_code.filter(|s| !s.is_empty()),
        line: q.line,
        group: q.group.filter(|s| !s.is_empty()),
        incident_id: q.incident_id,
        assignee,
        overdue: q.overdue,
        q: search,
        from: q.from,
        to: q.to,
        sort,
        after,
        limit,
        visible_group: access::ticket_scope(user).map(str::to_owned),
        now,
    })
}

/// Lists tickets, filtered, in pages. Follow `next_cursor` (same filters) for the next page.
#[utoipa::path(get, path = "/tickets", tag = "tickets", operation_id = "listTickets",
    security(("bearer" = [])),
    params(TicketQuery),
    responses(
        (status = 200, description = "One page of tickets", body = TicketPage),
        (status = 400, description = "Bad query parameter (see `fields`), e.g. a malformed cursor", body = ErrorBody),
        SignedIn,
    ))]
pub async fn list_tickets(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(q): ApiQuery<TicketQuery>,
) -> ApiResult<Json<TicketPage>> {
    access::LIST_TICKETS.check(&user)?;
    let spec = list_spec(q, &user, state.clock.now())?;
    let mut items = tickets::list(&state.db, &spec).await?;
    let next_cursor = if items.len() > spec.limit as usize {
        items.truncate(spec.limit as usize);
        items.last().map(|t| {
            encode_cursor(&Cursor {
                s: spec.sort,
                k: tickets::sort_key(spec.sort, t),
                i: t.id,
            })
        })
    } else {
        None
    };
    Ok(Json(TicketPage { items, next_cursor }))
}

/// One ticket, with `ETag: "<version>"`.
#[utoipa::path(get, path = "/tickets/{id}", tag = "tickets", operation_id = "getTicket",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "The ticket", body = Ticket, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 404, description = "No such ticket, or not visible to the caller", body = ErrorBody),
        SignedIn,
    ))]
pub async fn get_ticket(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(IdParam { id }): ApiPath<IdParam<TicketId>>,
) -> ApiResult<Response> {
    access::GET_TICKET.check(&user)?;
    let t = access::visible_ticket(&state.db, &user, id).await?;
    Ok(versioned(StatusCode::OK, t.version, &t))
}

/// Changes a ticket.
///
/// Requires `If-Match` with the ETag of the version being changed; every accepted change bumps
/// the version and is recorded in the ticket's history (`GET /tickets/{id}/history`). A patch
/// that changes nothing answers the current ticket and version.
///
/// Rules:
/// * **Status** follows the lifecycle: `new` -> `in_work`, `waiting`, `planned`, `resolved` or
///   `closed`; `in_work`/`waiting`/`planned`/`reopened` -> each other or `resolved`;
///   `resolved` -> `closed`, `reopened` or `in_work`; `closed` -> `reopened` only. Anything
///   else is 422 with field `status` code `invalid_transition`. Resolving or closing sets
///   `resolved_at`; reopening clears it.
/// * **Planned work**: status `planned` needs `planned_at` (sent now or already set), else
///   field `planned_at` code `required`; `planned_at` is accepted only when the resulting
///   status is `planned`, else code `invalid`.
/// * **Reassignment**: `agency_responsible` must be a catalogue group (code `unknown`).
///   Sent without `line`, the ticket moves to that group's line (the group's `line` in the
///   catalogue); `line` sent without `agency_responsible` keeps the group; both together are
///   taken as sent. A changed line recomputes the SLA deadline (`expected_datetime`) from the
///   registration time.
/// * **Topic**: a new topic must be one of the service's topics (code `unknown_choice`).
/// * **Links**: `incident_id` / `spot_id` link the ticket to an existing incident / spot
///   (else code `unknown`); linking elsewhere moves the link. Links cannot be removed here.
/// * `fields` replace the service-specific values and are validated against the service.
/// * **Resolving** (status `resolved` from any other status) needs the resolution note in
///   `status_notes` of the same patch (blank or absent: field `status_notes` code `required`)
///   and, when the ticket's service has `resolution_causes`, `resolution_cause` set to one of
///   their codes (absent: code `required`; not a cause of this service: code
///   `unknown_choice`). `resolution_cause` sent without resolving is code `invalid`. The cause
///   is kept on the ticket (`resolution_cause`) until it is reopened or taken back into work.
///   Resolving queues one `fix_done` message (channel `sms`) to the customer's phone in the
///   notification outbox with the note and a fresh rating link (`/rate/{token}`; the token
///   works with `GET`/`POST /public/ratings/{token}`, source `ticket`, and the rating becomes
///   the ticket's `rating`). Resolved again after a reopening, the customer gets a new message
///   with a new link.
/// * **Assignee**: `assignee_id` assigns the ticket to a person (`null`: nobody), recorded in
///   the history as field `assignee`. The person must be an enabled account (else code
///   `unknown`) who may work on the ticket: an agent, coordinator or administrator, or an
///   engineer of the ticket's group after this patch (else code `not_assignable`, the message
///   saying why; `GET /users/assignable` lists them). A ticket moved to another group loses
///   an assignee who may not work on it there. An engineer cannot take or assign another
///   group's ticket: it does not exist for them (404).
#[utoipa::path(patch, path = "/tickets/{id}", tag = "tickets", operation_id = "patchTicket",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "Ticket id"),
        ("If-Match" = String, Header, pattern = r#"^(\*|(W/)?"[0-9]{1,18}")$"#, description = "ETag of the version being changed, e.g. \"3\""),
    ),
    request_body = TicketPatch,
    responses(
        (status = 200, description = "The changed ticket", body = Ticket, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed id, body or If-Match", body = ErrorBody),
        (status = 403, description = "Role may not change tickets", body = ErrorBody),
        (status = 404, description = "No such ticket, or not visible to the caller", body = ErrorBody),
        (status = 422, description = "`validation_failed` (see `fields`: `invalid_transition`, `required` (e.g. `status_notes` or `resolution_cause` when resolving), `invalid`, `unknown`, `unknown_choice`, `not_assignable`, ...)", body = ErrorBody),
        VersionedChange,
    ))]
pub async fn patch_ticket(
    State(state): State<AppState>,
    user: AuthUser,
    id: Result<ApiPath<IdParam<TicketId>>, ApiError>,
    if_match: Result<IfMatch, ApiError>,
    body: Result<ApiJson<TicketPatch>, ApiError>,
) -> ApiResult<Response> {
    access::PATCH_TICKET.check(&user)?;
    let (id, if_match, patch) = change_parts(id, if_match, body)?;
    let cat = state.catalogue();

    let mut tx = db::begin_write(&state.db).await?;
    let current = access::visible_ticket(&mut *tx, &user, id).await?;
    if_match.check(current.version)?;
    let mut errors = validate_patch(&patch, &current, &cat)
        .err()
        .unwrap_or_default();
    let group_after = patch
        .agency_responsible
        .as_deref()
        .map_or(current.agency_responsible.as_str(), str::trim);
    let assignee = assignment::settle(
        &mut *tx,
        WorkKind::Ticket,
        patch.assignee_id,
        current.assignee.as_ref(),
        Some(group_after),
    )
    .await;
    if let Some(i) = patch.incident_id {
        if crate::store::incidents::get(&mut *tx, i).await?.is_none() {
            errors.push(FieldError::new(
                "incident_id",
                field_codes::UNKNOWN,
                "no such incident",
            ));
        }
    }
    if let Some(s) = patch.spot_id {
        if crate::store::spots::get(&mut *tx, s).await?.is_none() {
            errors.push(FieldError::new(
                "spot_id",
                field_codes::UNKNOWN,
                "no such spot",
            ));
        }
    }
    let rest = if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    };
    let ((), assignee) = assignment::together(rest, assignee)?;
    let now = state.clock.now();
    let (next, changes) = apply_patch(&current, &patch, &cat, assignee, now);
    if changes.as_object().is_none_or(|m| m.is_empty()) {
        tx.rollback().await?;
        return Ok(versioned(StatusCode::OK, current.version, &current));
    }
    tickets::update(&mut tx, &next).await?;
    tickets::record_history(&mut tx, id, Some(user.id), now, next.version, &changes).await?;
    if next.status == TicketStatus::Resolved && current.status != TicketStatus::Resolved {
        // The customer is told, with the resolution note and a link to rate the fix.
        queue_fix_done(
            &mut tx,
            FixSource::Ticket(id),
            &[id],
            next.status_notes.as_deref(),
            now,
        )
        .await?;
    }
    let mut seq = events::record(&mut tx, Changed::Ticket(id), ChangeAction::Updated, now).await?;
    // A moved link changes the linked-ticket counts of both ends.
    if next.incident_id != current.incident_id {
        if let Some(old) = current.incident_id {
            tickets::unlink_incident(&mut tx, old, id).await?;
            seq =
                events::record(&mut tx, Changed::Incident(old), ChangeAction::Updated, now).await?;
        }
        if let Some(new) = next.incident_id {
            tickets::link_incident(&mut tx, new, id, now).await?;
            seq =
                events::record(&mut tx, Changed::Incident(new), ChangeAction::Updated, now).await?;
        }
    }
    if next.spot_id != current.spot_id {
        if let Some(old) = current.spot_id {
            tickets::unlink_spot(&mut tx, old, id).await?;
            seq = events::record(&mut tx, Changed::Spot(old), ChangeAction::Updated, now).await?;
        }
        if let Some(new) = next.spot_id {
            tickets::link_spot(&mut tx, new, id, now).await?;
            seq = events::record(&mut tx, Changed::Spot(new), ChangeAction::Updated, now).await?;
        }
    }
    commit_and_announce(tx, &state, [seq]).await?;
    Ok(versioned(StatusCode::OK, next.version, &next))
}

/// A ticket's history, oldest first.
///
/// The first entry is the registration (version 1: the initial service, kind, channel, topic,
/// status, line, group, deadline and links, each `from: null`); then one entry per accepted
/// change with the version it produced. `by` is the user who made the change, absent for
/// changes made by the system.
#[utoipa::path(get, path = "/tickets/{id}/history", tag = "tickets", operation_id = "getTicketHistory",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "The history, oldest first", body = Vec<TicketHistoryEntry>),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 404, description = "No such ticket, or not visible to the caller", body = ErrorBody),
        SignedIn,
    ))]
pub async fn ticket_history(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(IdParam { id }): ApiPath<IdParam<TicketId>>,
) -> ApiResult<Json<Vec<TicketHistoryEntry>>> {
    access::TICKET_HISTORY.check(&user)?;
    let mut tx = state.db.begin().await?;
    let ticket = access::visible_ticket(&mut *tx, &user, id).await?;
    let rows = tickets::history(&mut *tx, id).await?;
    let mut entries = Vec::with_capacity(rows.len() + 1);
    if rows.first().is_none_or(|r| r.version > 1) {
        // Registered before creation entries were recorded: rebuild it.
        let later = rows
            .iter()
            .map(|r| db::parse_json_col::<serde_json::Value>(&r.changes))
            .collect::<Result<Vec<_>, _>>()?;
        let by = match ticket.created_by {
            Some(u) => users::display_name(&mut *tx, u)
                .await?
                .map(|display_name| Actor {
                    id: u,
                    display_name,
                }),
            None => None,
        };
        entries.push(TicketHistoryEntry {
            at: ticket.created_at,
            by,
            version: 1,
            changes: change_list(&reconstructed_creation(&ticket, &later)),
        });
    }
    tx.rollback().await?;
    for r in rows {
        let changes: serde_json::Value = db::parse_json_col(&r.changes)?;
        entries.push(TicketHistoryEntry {
            at: db::parse_ts(&r.at)?,
            by: r.user_id.map(|u| Actor {
                id: u,
                display_name: r.display_name.unwrap_or_default(),
            }),
            version: r.version,
            changes: change_list(&changes),
        });
    }
    Ok(Json(entries))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_junk() {
        let c = Cursor {
            s: TicketSort::CreatedAsc,
            k: db::ts(DateTime::from_timestamp(1_700_000_000, 123_000).unwrap()),
            i: TicketId(7),
        };
        let text = encode_cursor(&c);
        assert_eq!(
            decode_cursor(&text, TicketSort::CreatedAsc).unwrap(),
            (c.k.clone(), TicketId(7))
        );
        assert!(decode_cursor(&text, TicketSort::CreatedDesc).is_err());
        assert!(decode_cursor("!!!", TicketSort::CreatedAsc).is_err());
        assert!(decode_cursor("e30", TicketSort::CreatedAsc).is_err());
    }
}
