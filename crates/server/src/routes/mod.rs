//! API v1 routes, one module per resource. Every handler carries a `#[utoipa::path]`, and the
//! router is built with [`OpenApiRouter`], so a route cannot exist without being documented.

pub mod admin_audit;
pub mod admin_configuration;
pub mod admin_imports;
pub mod admin_outbox;
pub mod admin_users;
pub mod auth;
pub mod catalogue;
pub mod comments;
pub mod coverage;
pub mod customers;
pub mod events;
pub mod facts;
pub mod geocode;
pub mod incident_links;
pub mod incidents;
pub mod location;
pub mod meta;
pub mod proposals;
pub mod public;
pub mod ratings;
pub mod search;
pub mod spots;
pub mod street_plan;
pub mod test_clock;
pub mod tickets;
pub mod users;

/// The checks every body shares (texts, polygons, groups) live in core: the SPA can run them too.
pub use spotdesk_core::validate::{check_group, check_polygon, clean_text};

use crate::error::{etag_value, ApiError};
use crate::openapi::ApiDoc;
use crate::state::AppState;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::Serialize;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The API v1 router (paths relative to `/api/v1`) and its OpenAPI document.
pub fn api_router() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(meta::health))
        .routes(routes!(meta::openapi_json))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(auth::change_own_password))
        .routes(routes!(catalogue::get_catalogue))
        .routes(routes!(tickets::list_tickets, tickets::create_ticket))
        .routes(routes!(facts::ticket_facts))
        .routes(routes!(tickets::get_ticket, tickets::patch_ticket))
        .routes(routes!(tickets::ticket_history))
        .routes(routes!(comments::list_comments, comments::create_comment))
        .routes(routes!(
            incidents::list_incidents,
            incidents::create_incident
        ))
        .routes(routes!(incidents::get_incident, incidents::patch_incident))
        .routes(routes!(incident_links::link_tickets))
        .routes(routes!(incident_links::link_suggestions))
        .routes(routes!(incident_links::still_broken))
        .routes(routes!(proposals::list_proposals))
        .routes(routes!(proposals::accept_proposal))
        .routes(routes!(proposals::dismiss_proposal))
        .routes(routes!(test_clock::get_clock, test_clock::set_clock))
        .routes(routes!(spots::list_spots, spots::create_spot))
        .routes(routes!(spots::get_spot, spots::patch_spot))
        .routes(routes!(users::assignable_users))
        .routes(routes!(coverage::list_layers))
        .routes(routes!(coverage::get_coverage))
        .routes(routes!(geocode::geocode))
        .routes(routes!(search::search))
        .routes(routes!(customers::customer_history))
        .routes(routes!(location::location_context))
        .routes(routes!(public::public_status))
        .routes(routes!(public::subscribe))
        .routes(routes!(public::public_geocode))
        .routes(routes!(street_plan::street_plan))
        .routes(routes!(ratings::rate_fix, ratings::rating_link))
        .routes(routes!(ratings::rating_summary))
        .routes(routes!(events::events))
        .routes(routes!(events::create_stream_ticket))
        .routes(routes!(admin_outbox::list_outbox))
        .routes(routes!(admin_users::list_users, admin_users::create_user))
        .routes(routes!(admin_users::get_user, admin_users::patch_user))
        .routes(routes!(
            admin_configuration::get_configuration,
            admin_configuration::put_configuration
        ))
        .routes(routes!(admin_configuration::check_configuration))
        .routes(routes!(admin_users::reset_user_password))
        .routes(routes!(admin_users::unlock_user))
        .routes(routes!(admin_audit::list_audit_log))
        .routes(routes!(admin_imports::start_import))
        .routes(routes!(admin_imports::get_import))
        .split_for_parts()
}

/// JSON with an `ETag: "<version>"` header and the given status.
pub fn versioned<T: Serialize>(status: StatusCode, version: i64, body: &T) -> Response {
    let mut res = (status, Json(body)).into_response();
    res.headers_mut().insert(header::ETAG, etag_value(version));
    res
}

/// A create answer: 201 (new) or 200 (idempotent replay) with `ETag` and `Location`.
pub fn created<T: Serialize>(new: bool, location: String, version: i64, body: &T) -> Response {
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let mut res = versioned(status, version, body);
    if let Ok(value) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, value);
    }
    res
}

/// Fallback of the API router: no such route.
pub async fn api_not_found() -> ApiError {
    ApiError::route_not_found()
}

/// Method fallback of the API router: the path exists, the method does not.
pub async fn api_method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}
