//! The OpenAPI document of API v1, generated from the handlers' `#[utoipa::path]` attributes.

pub mod guide;
pub mod links;
pub mod responses;

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
coverage, geocoding, a public status lookup, a server-sent change stream, and the administration \
of user accounts with its audit log.\n\n\
Creates take an `Idempotency-Key` header; updates require `If-Match` with the object's `ETag`.\n\n\
**Errors.** Every error response is an `ErrorBody`: a stable top-level `code` for programs, an English \
`message` for people, and in `fields` each problem with one request field (`field` as named in the \
request, a stable field `code`, a `message`). A request that is readable but wrong is 422 \
`validation_failed` with every problem of the body listed together; an unreadable one is 400 \
`bad_request`. The same mistake gets the same answer everywhere: a status change the lifecycle of a \
ticket, incident or spot does not allow is 422 `validation_failed` with field `status`, code \
`invalid_transition`, its message naming the allowed next statuses. Top-level codes: \
`validation_failed`, `bad_request`, `unauthenticated`, `forbidden`, `password_change_required`, \
`not_found`, `route_not_found`, \
`test_clock_disabled`, `method_not_allowed`, `already_rated`, `version_conflict`, `payload_too_large`, \
`unsupported_media_type`, `idempotency_key_reused`, `precondition_required`, `rate_limited`, `internal`, \
`busy`. Field codes: `required`, `invalid`, `too_long`, `too_many`, `out_of_range`, `unknown_choice`, \
`not_geocoded`, `not_found`, `unknown`, `duplicate`, `invalid_transition`, `not_linked`, `reused`, \
`unsupported`, `before_from`, `too_short`, `too_common`, `contains_username`, `in_use` (a configuration \
entry still used by tickets, incidents or users removed: retire it instead), `retired` (a new ticket for a \
retired service), `not_assignable` (an `assignee_id` who may not work on that ticket, incident or spot). A session signed in \
with a one-time password (after an administrator set it) gets 403 `password_change_required` from \
every operation but `changeOwnPassword`, `me` and `logout` until it changes the password. A client meeting a code it does not know falls back on the HTTP status.",
        license(name = "MIT", identifier = "MIT"),
    ),
    servers((url = "/api/v1", description = "This server")),
    modifiers(&BearerAuth),
    // Referenced from query parameters only, which utoipa does not collect by itself.
    components(schemas(spotdesk_api::TicketSort, spotdesk_api::WorkKind)),
    tags(
        (name = "meta", description = "Health and this document"),
        (name = "auth", description = "Sign-in and sessions"),
        (name = "catalogue", description = "Services, SLA policies, routing, groups"),
        (name = "tickets", description = "Customer contacts"),
        (name = "incidents", description = "Mass incidents"),
        (name = "spots", description = "Complaint hotspots"),
        (name = "users", description = "Staff as others see them: who may be assigned work (display names only)"),
        (name = "coverage", description = "Network coverage layers (GeoJSON)"),
        (name = "geocode", description = "Address search"),
        (name = "search", description = "Find anything: tickets, customers, incidents, spots and addresses from one search box"),
        (name = "location", description = "What is known at a place: incidents, spots, nearby tickets"),
        (name = "public", description = "Unauthenticated status lookup for customers"),
        (name = "events", description = "Server-sent change stream"),
        (name = "admin", description = "Administration: user accounts, the audit log of administrative changes, and staff views of server internals (notification outbox)"),
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

/// The complete document: the handlers' paths, each operation's description ending with who
/// may call it and what an engineer of another group gets ([`crate::access`]).
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = crate::routes::api_router().1;
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in operations.into_iter().flatten() {
            add_to_operation(op);
            state_access(op);
        }
    }
    add_guide(&mut doc);
    links::add(&mut doc);
    doc
}

/// Appends to an operation's description what is generated from the code: the framing of the
/// change stream, the facts format's details.
fn add_to_operation(op: &mut utoipa::openapi::path::Operation) {
    let extra = match op.operation_id.as_deref() {
        Some("events") => guide::stream_framing(),
        Some("ticketFacts") => guide::facts_details(),
        _ => return,
    };
    op.description = Some(match op.description.take() {
        Some(d) if !d.is_empty() => format!("{d}\n\n{extra}"),
        _ => extra,
    });
}

/// Adds the lifecycles, cross-origin use and where each rule is written to the document's
/// description, and each rule's paragraph to the schemas it concerns.
fn add_guide(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{RefOr, Schema};
    let rules = guide::rules();
    if let Some(components) = doc.components.as_mut() {
        for (targets, text) in &rules {
            for name in *targets {
                if let Some(RefOr::T(Schema::Object(o))) = components.schemas.get_mut(*name) {
                    o.description = Some(match o.description.take() {
                        Some(d) if !d.is_empty() => format!("{d}\n\n{text}"),
                        _ => text.clone(),
                    });
                }
            }
        }
    }
    let index: Vec<String> = rules
        .iter()
        .map(|(targets, text)| {
            let title = text
                .strip_prefix("**")
                .and_then(|t| t.split("**").next())
                .unwrap_or("")
                .trim_end_matches('.');
            let at: Vec<String> = targets.iter().map(|t| format!("`{t}`")).collect();
            format!("- {title}: {}", at.join(", "))
        })
        .collect();
    let description = doc.info.description.get_or_insert_with(String::new);
    description.push_str(&format!(
        "\n\n{}\n\n{}\n\n## Rules\n\nThe numbers and rules behind what the server decides are in \
the descriptions of the schemas they concern (defaults of the catalogue's settings shown):\n\n{}",
        crate::cors::describe(),
        guide::lifecycles(),
        index.join("\n"),
    ));
}

/// Appends the operation's access rule to its description, and states it as the extension
/// `x-spotdesk-access` (`{"anonymous": bool, "roles": [...], "other_group": "..."}`) for tools.
fn state_access(op: &mut utoipa::openapi::path::Operation) {
    let Some(rule) = op.operation_id.as_deref().and_then(crate::access::rule) else {
        // A test (`access_rules_cover_the_document`) fails on an operation without a rule.
        return;
    };
    let text = crate::access::describe(rule);
    op.description = Some(match op.description.take() {
        Some(d) if !d.is_empty() => format!("{d}\n\n{text}"),
        _ => text,
    });
    let roles: Vec<&str> = rule.roles.iter().map(|r| r.as_str()).collect();
    let ext = utoipa::openapi::extensions::ExtensionsBuilder::new()
        .add(
            "x-spotdesk-access",
            serde_json::json!({
                "anonymous": rule.anonymous,
                "roles": roles,
                "other_group": rule.other_group.text(),
            }),
        )
        .build();
    match op.extensions.as_mut() {
        Some(existing) => existing.merge(ext),
        None => op.extensions = Some(ext),
    }
}

/// The document as pretty JSON with a trailing newline (the form committed to
/// `openapi/spotdesk-v1.json`), built once.
pub fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        // utoipa 5 writes a link's `operationId` as `operation_id`; an unescaped quote can only
        // be JSON syntax, so this replaces keys only.
        let mut text = document()
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
            .replace("\"operation_id\": \"", "\"operationId\": \"");
        text.push('\n');
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_names_every_error_code() {
        let description = ApiDoc::openapi().info.description.unwrap_or_default();
        for code in spotdesk_api::codes::ALL
            .into_iter()
            .chain(spotdesk_api::field_codes::ALL)
        {
            assert!(
                description.contains(&format!("`{code}`")),
                "the Errors paragraph does not name {code}"
            );
        }
    }

    #[test]
    fn access_rules_cover_the_document() {
        let doc = document();
        let mut ids = Vec::new();
        for item in doc.paths.paths.values() {
            for op in [&item.get, &item.post, &item.put, &item.patch, &item.delete]
                .into_iter()
                .flatten()
            {
                let id = op.operation_id.clone().unwrap_or_default();
                assert!(
                    crate::access::rule(&id).is_some(),
                    "operation {id} has no rule in access::RULES"
                );
                assert!(op
                    .description
                    .as_deref()
                    .is_some_and(|d| d.contains("**Who may call it:**")));
                ids.push(id);
            }
        }
        for rule in crate::access::RULES {
            assert!(
                ids.iter().any(|i| i == rule.operation),
                "access rule {} names no operation of the document",
                rule.operation
            );
        }
    }
}
