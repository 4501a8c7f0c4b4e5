//! The OpenAPI document of API v1, generated from the handlers' `#[utoipa::path]` attributes.

use std::sync::OnceLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Document-level metadata; the paths and schemas are added by [`crate::routes::api_router`].
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Spotdesk API",
        version = "1.0.0",
        description = "Spotdesk contact-centre API v1: tickets, mass incidents, complaint hotspots (spots), \
coverage, geocoding, a public status lookup and a server-sent change stream.\n\n\
Every error response carries an `ErrorBody` with a stable `code` and per-field problems in `fields`. \
Creates take an `Idempotency-Key` header; updates require `If-Match` with the object's `ETag`.",
        license(name = "MIT", identifier = "MIT"),
    ),
    servers((url = "/api/v1", description = "This server")),
    modifiers(&BearerAuth),
    // Referenced from query parameters only, which utoipa does not collect by itself.
    components(schemas(spotdesk_api::TicketSort)),
    tags(
        (name = "meta", description = "Health and this document"),
        (name = "auth", description = "Sign-in and sessions"),
        (name = "catalogue", description = "Services, SLA policies, routing, groups"),
        (name = "tickets", description = "Customer contacts"),
        (name = "incidents", description = "Mass incidents"),
        (name = "spots", description = "Complaint hotspots"),
        (name = "coverage", description = "Network coverage layers (GeoJSON)"),
        (name = "geocode", description = "Address search"),
        (name = "location", description = "What is known at a place: incidents, spots, nearby tickets"),
        (name = "public", description = "Unauthenticated status lookup for customers"),
        (name = "events", description = "Server-sent change stream"),
        (name = "admin", description = "Staff views of server internals (notification outbox)"),
        (name = "test", description = "Test-only controls (404 unless the server runs with --test-clock)"),
    )
)]
pub struct ApiDoc;

/// Adds the `bearer` security scheme (opaque token from `POST /auth/login`).
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("opaque")
                    .description(Some("Token from POST /auth/login, valid 12 hours"))
                    .build(),
            ),
        );
    }
}

/// The complete document.
pub fn document() -> utoipa::openapi::OpenApi {
    crate::routes::api_router().1
}

/// The document as pretty JSON with a trailing newline (the form committed to
/// `openapi/spotdesk-v1.json`), built once.
pub fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let mut text = document()
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        text.push('\n');
        text
    })
}
