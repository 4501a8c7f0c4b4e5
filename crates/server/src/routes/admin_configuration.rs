//! `/admin/configuration`: administrators read and replace the whole configuration (services
//! with their forms and SLA policies, routing, groups, the calendar, business units,
//! escalation, detection) as one versioned document, and check an import before applying it.
//! The checks and the write are in [`crate::configuration`]; every change is in the audit log.

use crate::access;
use crate::auth::AuthUser;
use crate::commit::commit_then_announce;
use crate::configuration;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, IfMatch};
use crate::openapi::responses::{JsonBody, SignedIn, VersionedChange};
use crate::routes::versioned;
use crate::state::AppState;
use crate::store;
use crate::store::audit::Actor;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use spotdesk_api::{Catalogue, ConfigurationCheck, ConfigurationDocument, ErrorBody};
use spotdesk_core::config_check;

/// The whole configuration with its version, `ETag: "<version>"`. Export it by saving this;
/// import it elsewhere by sending its `catalogue` to `PUT /admin/configuration` there.
#[utoipa::path(get, path = "/admin/configuration", tag = "admin", operation_id = "getConfiguration",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The configuration", body = ConfigurationDocument, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 403, description = "`forbidden`: administrators only; `password_change_required`", body = ErrorBody),
        SignedIn,
    ))]
pub async fn get_configuration(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Response> {
    access::GET_CONFIGURATION.check(&user)?;
    let doc = store::catalogue::document(&state.db)
        .await?
        .ok_or_else(|| ApiError::internal("no configuration stored (prepare stores one)"))?;
    Ok(versioned(StatusCode::OK, doc.version, &doc))
}

/// Replaces the whole configuration, all or nothing.
///
/// Requires `If-Match` with the version it was read at (two administrators saving: the second
/// gets 412 `version_conflict` with the current ETag, and nothing of theirs is applied).
/// The body is checked whole; 422 `validation_failed` lists every problem, each `field` the
/// path of the row and field (`services[3].sla[0].hours`, `routing[2].group`,
/// `escalation.levels[1].level`; a service's problems name its code in the message): codes
/// unique (`duplicate`), references that resolve (`unknown`), numbers in range
/// (`out_of_range`), names in both languages (`required`), choice fields with options, and a
/// service, group or business unit that tickets, incidents or accounts still use may not be
/// removed (`in_use` on `services`, `groups` or `business_units`: retire the service instead).
///
/// **Tickets already registered keep their deadlines, routing and fields**: a retired
/// service takes no new tickets (422 `retired` on `service_code`) but its tickets are still
/// read, changed and counted; a newly required field is demanded of new tickets, and of an old
/// one only when a change touches its fields.
///
/// Applied at once on every server process; open clients get a `configuration` change event
/// (refetch `GET /catalogue`). The audit log gets one `configuration.update` entry with each
/// changed entry before and after. A body equal to the stored configuration changes nothing
/// (same version).
#[utoipa::path(put, path = "/admin/configuration", tag = "admin", operation_id = "putConfiguration",
    security(("bearer" = [])),
    params(
        ("If-Match" = String, Header, pattern = r#"^(\*|(W/)?"[0-9]{1,18}")$"#, description = "ETag of the version being replaced, e.g. \"3\""),
    ),
    request_body = Catalogue,
    responses(
        (status = 200, description = "The stored configuration", body = ConfigurationDocument, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 400, description = "Malformed body or If-Match", body = ErrorBody),
        (status = 403, description = "`forbidden`: administrators only; `password_change_required`", body = ErrorBody),
        (status = 422, description = "`validation_failed`: every problem in `fields`, each named by its path (`services[3].sla[0].hours`); codes `required`, `invalid`, `too_long`, `too_many`, `out_of_range`, `unknown`, `duplicate`, `in_use`", body = ErrorBody),
        VersionedChange,
    ))]
pub async fn put_configuration(
    State(state): State<AppState>,
    user: AuthUser,
    if_match: Result<IfMatch, ApiError>,
    body: Result<ApiJson<Catalogue>, ApiError>,
) -> ApiResult<Response> {
    access::PUT_CONFIGURATION.check(&user)?;
    let if_match = if_match?;
    let ApiJson(new) = body?;
    let actor = Actor::User {
        id: user.id,
        username: user.username.clone(),
    };
    let now = state.clock.now();
    let mut tx = db::begin_write(&state.db).await?;
    let (doc, seq) = configuration::replace(
        &mut tx,
        &actor,
        &user.display_name,
        &new,
        Some(if_match),
        now,
    )
    .await?;
    let changed = seq.is_some();
    commit_then_announce(tx, &state, seq, || {
        if changed {
            state.set_catalogue(doc.catalogue.clone());
        }
    })
    .await?;
    if changed {
        tracing::info!(version = doc.version, by = %user.username, "configuration replaced");
    }
    Ok(versioned(StatusCode::OK, doc.version, &doc))
}

/// What `PUT /admin/configuration` of this body would change, changing nothing: one line per
/// changed entry (`services[mobile-data]: changed`, `added`, `removed`, `retired`), or the
/// same 422 `validation_failed` as the `PUT` (the import preview).
#[utoipa::path(post, path = "/admin/configuration/check", tag = "admin", operation_id = "checkConfiguration",
    security(("bearer" = [])),
    request_body = Catalogue,
    responses(
        (status = 200, description = "What would change", body = ConfigurationCheck),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "`forbidden`: administrators only; `password_change_required`", body = ErrorBody),
        (status = 422, description = "`validation_failed`: as `PUT /admin/configuration`", body = ErrorBody),
        JsonBody,
    ))]
pub async fn check_configuration(
    State(state): State<AppState>,
    user: AuthUser,
    body: Result<ApiJson<Catalogue>, ApiError>,
) -> ApiResult<Json<ConfigurationCheck>> {
    access::CHECK_CONFIGURATION.check(&user)?;
    let ApiJson(new) = body?;
    let mut tx = state.db.begin().await?;
    let (_, changes) = configuration::check(&mut tx, &new, None).await?;
    tx.rollback().await?;
    Ok(Json(ConfigurationCheck {
        changes: config_check::summary(&changes),
    }))
}
