//! The error answers many operations share, documented once (outside `routes/`, which holds
//! only handlers): `responses(...)` of a
//! `#[utoipa::path]` lists these types beside its own tuples (the answers whose description
//! says something particular to the operation: which 403, which 404, which 422).

use spotdesk_api::ErrorBody;
use std::collections::BTreeMap;
use utoipa::openapi::{Ref, RefOr, Response, ResponseBuilder};
use utoipa::{IntoResponses, ToSchema};

/// One `application/json` error answer with the shared `ErrorBody` schema.
fn error(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            utoipa::openapi::ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                .build(),
        )
        .build()
        .into()
}

fn map(entries: &[(&str, &str)]) -> BTreeMap<String, RefOr<Response>> {
    entries
        .iter()
        .map(|(status, description)| (status.to_string(), error(description)))
        .collect()
}

const NOT_SIGNED_IN: (&str, &str) = (
    "401",
    "`unauthenticated`: not signed in, or the session has ended",
);
const TOO_LARGE: (&str, &str) = ("413", "`payload_too_large`: body larger than 1 MiB");
const NOT_JSON: (&str, &str) = ("415", "`unsupported_media_type`: the body is not JSON");
const STALE: (&str, &str) = (
    "412",
    "`version_conflict`: changed since the version in If-Match; read it again",
);
const NO_IF_MATCH: (&str, &str) = ("428", "`precondition_required`: If-Match missing");

/// 401 of every operation that needs a session.
pub struct SignedIn;

impl IntoResponses for SignedIn {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        map(&[NOT_SIGNED_IN])
    }
}

/// 401, 413 and 415 of an operation with a JSON body.
pub struct JsonBody;

impl IntoResponses for JsonBody {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        map(&[NOT_SIGNED_IN, TOO_LARGE, NOT_JSON])
    }
}

/// 401, 412, 413, 415 and 428 of a change with a JSON body and `If-Match`.
pub struct VersionedChange;

impl IntoResponses for VersionedChange {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        map(&[NOT_SIGNED_IN, STALE, TOO_LARGE, NOT_JSON, NO_IF_MATCH])
    }
}
