//! The one error body every API error response carries.

use serde::{Deserialize, Serialize};

/// Body of every 4xx/5xx response: a machine code, a human message, and per-field problems.
///
/// `code` is stable and meant for programs (e.g. `validation_failed`, `not_found`,
/// `version_conflict`); `message` is English text for logs and developers; the SPA shows
/// its own translated text chosen by `code` and each field's `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable machine-readable error code.
    pub code: String,
    /// Human-readable description (English).
    pub message: String,
    /// Problems with individual request fields; empty when the error is not about a field.
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

/// One problem with one request field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as in the request body, e.g. `customer_phone` or `fields.contract_no`.
    pub field: String,
    /// Stable code of the problem: `required`, `invalid`, `too_long`, `out_of_range`, `unknown_choice`, `unknown`.
    pub code: String,
    /// Human-readable description (English).
    pub message: String,
}

impl FieldError {
    /// A field error with the given field name, code and message.
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Stable top-level error codes used by the reference server.
pub mod codes {
    /// The request body or query failed validation; see `fields`.
    pub const VALIDATION_FAILED: &str = "validation_failed";
    /// The body was not valid JSON or had the wrong shape.
    pub const BAD_REQUEST: &str = "bad_request";
    /// No or invalid bearer token.
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    /// Authenticated, but the role may not do this.
    pub const FORBIDDEN: &str = "forbidden";
    /// The addressed object does not exist (or is not visible to the caller).
    pub const NOT_FOUND: &str = "not_found";
    /// If-Match did not match the current version.
    pub const VERSION_CONFLICT: &str = "version_conflict";
    /// 409: a rating link was already used.
    pub const ALREADY_RATED: &str = "already_rated";
    /// An update was sent without If-Match.
    pub const PRECONDITION_REQUIRED: &str = "precondition_required";
    /// The same Idempotency-Key was reused with a different body.
    pub const IDEMPOTENCY_MISMATCH: &str = "idempotency_key_reused";
    /// Too many requests from this client.
    pub const RATE_LIMITED: &str = "rate_limited";
    /// 503: the server is busy (e.g. every password check is in use); retry after `Retry-After`.
    pub const BUSY: &str = "busy";
    /// The body is larger than the server accepts.
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    /// Unexpected server-side failure.
    pub const INTERNAL: &str = "internal";
}
