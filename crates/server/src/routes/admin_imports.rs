//! `/admin/imports`: administrators upload the operator's own data (issue 21), the same files
//! `spotdesk-server import` reads, and follow the import until it is done or rejected. The
//! upload is streamed to a temporary file (never held in memory) under its own size cap; the
//! import runs as a job ([`crate::import_jobs`]).

use crate::access;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery};
use crate::import_jobs::{self, Request};
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use crate::store::audit::Actor;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use serde::Deserialize;
use spotdesk_api::{
    codes, field_codes, layer_name, ErrorBody, ImportFormat, ImportId, ImportJob, ImportKind,
    ImportParams, IMPORT_MAX_BYTES, IMPORT_MAX_GEOJSON_BYTES, MAX_LAYER_NAME,
};
use std::io::Write;

/// `{kind}` of the import routes.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct KindParam {
    /// What the file holds.
    pub kind: ImportKind,
}

/// `{kind}/{import_id}` of the status route.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct JobParam {
    /// What the file holds.
    pub kind: ImportKind,
    /// The import.
    pub import_id: ImportId,
}

/// The format a `Content-Type` names, if any.
fn format_of(headers: &HeaderMap) -> Option<ImportFormat> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next()?.trim().to_ascii_lowercase();
    match essence.as_str() {
        "text/csv" | "application/csv" => Some(ImportFormat::Csv),
        "application/geo+json" | "application/json" => Some(ImportFormat::Geojson),
        _ => None,
    }
}

/// Uploads a file and starts importing it (202 with the import; follow it at its
/// `Location`, `GET /admin/imports/{kind}/{import_id}`).
///
/// The body is the file itself: CSV (`Content-Type: text/csv`) or GeoJSON
/// (`application/geo+json`), or any type with `?format=csv|geojson`. Kinds, the same files
/// as `spotdesk-server import <kind>` reads:
/// - `addresses`: CSV or GeoJSON points with `id`, `address`, `lat`, `long` and optional
///   `region`, `city`, `street`, `house`, `building`;
/// - `coverage`: GeoJSON `Polygon`/`MultiPolygon` features with properties `technology` (the
///   layer: `2G`, `LTE`, `fixed`, ...; or `?technology=` for features without one) and
///   optional `quality` (0..1);
/// - `customers`: CSV, one place per row by `address_id` (of the address register) or `lat`
///   and `long`, with counts in `customers`, `tech:<layer>` or `service:<code>` columns;
/// - `tickets`: CSV of past tickets from the previous system, one per row: `external_id` (or
///   Open311's `service_request_id`), `service_code`, `created_at` (or `requested_datetime`),
///   `lat` and `long` or an `address_id` of the address register, and optional `status`,
///   `resolved_at`, `channel`, `topic`, `description`, `customer_phone`, `group`, ...
///
/// A format the kind does not take is 422 `unsupported` on `format`. With `?replace=true`
/// the rows the file does not have are removed (coverage: the polygons of the file's layers;
/// customers: every stored count); tickets are never removed: `replace` overwrites the
/// tickets imported before (matched by their previous-system id) from the file's rows, and
/// without it they are left as they are (the result's `unchanged`).
///
/// The file is read and checked whole before anything is written: an import with bad rows
/// ends `rejected` with a report naming each bad row (line, column, reason; the first 100,
/// with counts per column and reason) and nothing imported. A good file is written in one
/// transaction (all or nothing) and ends `done` with the rows added, updated and removed
/// (tickets: added, updated and unchanged); the audit log gets an `import.<kind>` entry with
/// who imported what and how many rows (`spotdesk-server import` writes the same, by `cli`).
///
/// Limits: at most 1 GiB (GeoJSON: 256 MiB, parsed in memory) — a larger `Content-Length` is
/// refused with 413 before the body is read, a body that grows past it mid-way likewise; one
/// import at a time and 30 an hour per server (429 `rate_limited` with `Retry-After`).
#[utoipa::path(post, path = "/admin/imports/{kind}", tag = "admin", operation_id = "startImport",
    security(("bearer" = [])),
    params(("kind" = ImportKind, Path, description = "What the file holds"), ImportParams),
    request_body(content(
        (String = "text/csv"),
        (String = "application/geo+json"),
    ), description = "The file"),
    responses(
        (status = 202, description = "Accepted: the import runs; follow it at `Location`", body = ImportJob, headers(("Location" = String, description = "The import's status"))),
        (status = 400, description = "Malformed kind or query, or the upload broke off", body = ErrorBody),
        (status = 403, description = "`forbidden`: administrators only; `password_change_required`", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: more than 1 GiB (GeoJSON: 256 MiB)", body = ErrorBody),
        (status = 415, description = "`unsupported_media_type`: neither CSV nor GeoJSON, and no `format`", body = ErrorBody),
        (status = 422, description = "`validation_failed`: an empty file (`body`: `required`), a format the kind does not take (`format`: `unsupported`), `technology` on another kind (`unsupported`) or not a layer name (`invalid`)", body = ErrorBody),
        (status = 429, description = "`rate_limited`: another import is running, or 30 this hour; `Retry-After`", body = ErrorBody),
        SignedIn,
    ))]
pub async fn start_import(
    State(state): State<AppState>,
    user: AuthUser,
    kind: Result<ApiPath<KindParam>, ApiError>,
    params: Result<ApiQuery<ImportParams>, ApiError>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    access::START_IMPORT.check(&user)?;
    let ApiPath(KindParam { kind }) = kind?;
    let ApiQuery(params) = params?;
    let format = params
        .format
        .or_else(|| format_of(&headers))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                codes::UNSUPPORTED_MEDIA_TYPE,
                "send the file as text/csv or application/geo+json, or say ?format=csv|geojson",
            )
        })?;
    match (kind, format) {
        (ImportKind::Coverage, ImportFormat::Csv) => {
            return Err(ApiError::invalid_field(
                "format",
                field_codes::UNSUPPORTED,
                "coverage layers are GeoJSON polygons: send application/geo+json",
            ));
        }
        (ImportKind::Customers, ImportFormat::Geojson) => {
            return Err(ApiError::invalid_field(
                "format",
                field_codes::UNSUPPORTED,
                "customer counts are CSV: send text/csv",
            ));
        }
        (ImportKind::Tickets, ImportFormat::Geojson) => {
            return Err(ApiError::invalid_field(
                "format",
                field_codes::UNSUPPORTED,
                "a ticket history is CSV: send text/csv",
            ));
        }
        _ => {}
    }
    let technology = match (&params.technology, kind) {
        (None, _) => None,
        (Some(_), ImportKind::Addresses | ImportKind::Customers | ImportKind::Tickets) => {
            return Err(ApiError::invalid_field(
                "technology",
                field_codes::UNSUPPORTED,
                "only a coverage import takes a layer name",
            ));
        }
        (Some(t), ImportKind::Coverage) => Some(layer_name(t).ok_or_else(|| {
            ApiError::invalid_field(
                "technology",
                field_codes::INVALID,
                format!(
                    "a layer name is 1 to {MAX_LAYER_NAME} letters, digits, '-', '_' or '.' \
                     (2G, LTE, fixed)"
                ),
            )
        })?),
    };
    let cap = match format {
        ImportFormat::Csv => IMPORT_MAX_BYTES,
        ImportFormat::Geojson => IMPORT_MAX_GEOJSON_BYTES,
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > cap) {
        return Err(ApiError::payload_too_large());
    }
    let slot = state.imports.reserve()?;
    let (upload, mut file) = import_jobs::Upload::create(format)
        .map_err(|e| ApiError::internal(format_args!("import upload file: {e}")))?;
    let mut bytes = 0u64;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::bad_request(format!("the upload broke off: {e}")))?;
        bytes += chunk.len() as u64;
        if bytes > cap {
            return Err(ApiError::payload_too_large());
        }
        // A chunk is tens of kilobytes: a write to the page cache, not worth a blocking task.
        file.write_all(&chunk)
            .map_err(|e| ApiError::internal(format_args!("import upload file: {e}")))?;
    }
    file.flush()
        .map_err(|e| ApiError::internal(format_args!("import upload file: {e}")))?;
    drop(file);
    if bytes == 0 {
        return Err(ApiError::invalid_field(
            "body",
            field_codes::REQUIRED,
            "the file is empty",
        ));
    }
    let job = import_jobs::start(
        &state,
        slot,
        upload,
        Request {
            kind,
            format,
            replace: params.replace.unwrap_or(false),
            technology,
            bytes,
            actor: Actor::User {
                id: user.id,
                username: user.username.clone(),
            },
            username: user.username.clone(),
        },
    );
    let location = format!(
        "{}/admin/imports/{}/{}",
        spotdesk_api::API_PREFIX,
        kind.as_str(),
        job.id
    );
    let mut res = (StatusCode::ACCEPTED, Json(job)).into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, value);
    }
    Ok(res)
}

/// An import's state: `checking` and `writing` with the rows done, rows per second and (when
/// the total is known) the seconds left; then `done` with what changed, `rejected` with the
/// bad rows or the file's problem, or `failed`. Ask again until the state is final. Imports
/// are known to the server process that took the upload, the newest 16.
#[utoipa::path(get, path = "/admin/imports/{kind}/{import_id}", tag = "admin", operation_id = "getImport",
    security(("bearer" = [])),
    params(
        ("kind" = ImportKind, Path, description = "What the file holds"),
        ("import_id" = i64, Path, description = "The import's id"),
    ),
    responses(
        (status = 200, description = "The import", body = ImportJob),
        (status = 400, description = "Malformed kind or id", body = ErrorBody),
        (status = 403, description = "`forbidden`: administrators only; `password_change_required`", body = ErrorBody),
        (status = 404, description = "No such import (of this kind) here", body = ErrorBody),
        SignedIn,
    ))]
pub async fn get_import(
    State(state): State<AppState>,
    user: AuthUser,
    params: Result<ApiPath<JobParam>, ApiError>,
) -> ApiResult<Json<ImportJob>> {
    access::GET_IMPORT.check(&user)?;
    let ApiPath(JobParam { kind, import_id }) = params?;
    state
        .imports
        .get(import_id)
        .map(|job| job.status())
        .filter(|job| job.kind == kind)
        .map(Json)
        .ok_or_else(|| ApiError::not_found("import"))
}
