//! The one error body every API error response carries.

use serde::{Deserialize, Serialize};

/// Body of every 4xx/5xx response: a machine code, a human message, and per-field problems.
///
/// `code` is stable and meant for programs, one of [`codes`] (e.g. `validation_failed`,
/// `not_found`, `version_conflict`); `message` is English text for logs and developers; the
/// SPA shows its own translated text chosen by `code` and each field's `code`.
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
    /// Stable code of the problem, one of [`field_codes`] (`required`, `invalid`, `too_long`,
    /// `unknown`, `invalid_transition`, ...).
    pub code: String,
    /// Human-readable description (English).
    pub message: String,
    /// For `too_long`, `too_short` and `too_many`: the most (or, for `too_short`, the fewest)
    /// characters or items allowed, so a client can say what is allowed in its own language
    /// ("at most 2,000 characters, you typed 2,314").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// With `limit`: how many characters or items the request had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<i64>,
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
            limit: None,
            actual: None,
        }
    }

    /// The same error with the allowed `limit` and the `actual` count (see the fields).
    pub fn with_counts(mut self, limit: usize, actual: usize) -> Self {
        self.limit = i64::try_from(limit).ok();
        self.actual = i64::try_from(actual).ok();
        self
    }
}

/// Top-level error codes (`ErrorBody::code`), the one list every backend and client uses.
///
/// Each is sent with one HTTP status, named beside it. A client that meets a code it does not
/// know should fall back on the status.
pub mod codes {
    /// 422: the request is readable but wrong; every problem is in `fields` (with a code of
    /// [`field_codes`](super::field_codes)).
    pub const VALIDATION_FAILED: &str = "validation_failed";
    /// 400: the request could not be read (JSON syntax or shape, a header, a query
    /// parameter's type); `fields` names the part when it can.
    pub const BAD_REQUEST: &str = "bad_request";
    /// 401: no bearer token, or an unknown or expired one (or stream ticket).
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    /// 403: signed in, but the role may not do this, or the incident or spot belongs to
    /// another group.
    pub const FORBIDDEN: &str = "forbidden";
    /// 403: the session was signed in with a one-time password (set by an administrator):
    /// every operation but `POST /auth/password`, `GET /auth/me` and `POST /auth/logout` is
    /// refused until the user chooses their own password.
    pub const PASSWORD_CHANGE_REQUIRED: &str = "password_change_required";
    /// 404: the addressed object does not exist, or is not visible to the caller (the same
    /// answer).
    pub const NOT_FOUND: &str = "not_found";
    /// 404: no such API route (a path the API does not have, unlike [`NOT_FOUND`]).
    pub const ROUTE_NOT_FOUND: &str = "route_not_found";
    /// 404: `/test/clock` on a server started without `--test-clock`.
    pub const TEST_CLOCK_DISABLED: &str = "test_clock_disabled";
    /// 405: the route exists, the method does not (the answer carries `Allow`).
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    /// 409: a rating link was already used.
    pub const ALREADY_RATED: &str = "already_rated";
    /// 412: `If-Match` names an older version; the answer carries the current `ETag`.
    pub const VERSION_CONFLICT: &str = "version_conflict";
    /// 413: the body is larger than the server accepts (1 MiB).
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    /// 415: the body is not sent as `application/json`.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    /// 422: the same `Idempotency-Key` was used before with a different body.
    pub const IDEMPOTENCY_MISMATCH: &str = "idempotency_key_reused";
    /// 428: an update was sent without `If-Match`.
    pub const PRECONDITION_REQUIRED: &str = "precondition_required";
    /// 429: too many requests from this client (public look-ups, failed sign-ins); retry
    /// after `Retry-After`.
    pub const RATE_LIMITED: &str = "rate_limited";
    /// 500: unexpected server-side failure (the cause is logged, never sent).
    pub const INTERNAL: &str = "internal";
    /// 503: the server is busy (e.g. every password check is in use); retry after
    /// `Retry-After`.
    pub const BUSY: &str = "busy";

    /// Every top-level code above.
    pub const ALL: [&str; 18] = [
        VALIDATION_FAILED,
        BAD_REQUEST,
        UNAUTHENTICATED,
        FORBIDDEN,
        PASSWORD_CHANGE_REQUIRED,
        NOT_FOUND,
        ROUTE_NOT_FOUND,
        TEST_CLOCK_DISABLED,
        METHOD_NOT_ALLOWED,
        ALREADY_RATED,
        VERSION_CONFLICT,
        PAYLOAD_TOO_LARGE,
        UNSUPPORTED_MEDIA_TYPE,
        IDEMPOTENCY_MISMATCH,
        PRECONDITION_REQUIRED,
        RATE_LIMITED,
        INTERNAL,
        BUSY,
    ];
}

/// Field error codes (`FieldError::code`): what is wrong with one named field.
///
/// Used with `validation_failed` (422) for a readable request with wrong values, and with
/// `bad_request` (400) for a header, query parameter or body part that could not be read.
pub mod field_codes {
    /// A required value is missing (or blank).
    pub const REQUIRED: &str = "required";
    /// The value has the wrong form (a phone number with letters, an unparsable date or
    /// header, a value that does not go with the rest of the request).
    pub const INVALID: &str = "invalid";
    /// Text (or a list) longer than allowed.
    pub const TOO_LONG: &str = "too_long";
    /// A list with more entries than allowed.
    pub const TOO_MANY: &str = "too_many";
    /// A number (or a count) outside its allowed range.
    pub const OUT_OF_RANGE: &str = "out_of_range";
    /// A choice that is not among the options (a topic, a technology, a status filter).
    pub const UNKNOWN_CHOICE: &str = "unknown_choice";
    /// The address could not be turned into coordinates (a ticket's address).
    pub const NOT_GEOCODED: &str = "not_geocoded";
    /// The place named was not found (a public subscription's address).
    pub const NOT_FOUND: &str = "not_found";
    /// A reference to something that does not exist or is not visible (service, group,
    /// ticket, incident, spot), or a body field the API does not have.
    pub const UNKNOWN: &str = "unknown";
    /// The same entry is listed twice (a unit, a service).
    pub const DUPLICATE: &str = "duplicate";
    /// A status change the lifecycle does not allow; the message lists the allowed next
    /// statuses.
    pub const INVALID_TRANSITION: &str = "invalid_transition";
    /// The ticket exists but is not linked to this incident.
    pub const NOT_LINKED: &str = "not_linked";
    /// The `Idempotency-Key` was already used with a different body (with
    /// `idempotency_key_reused`).
    pub const REUSED: &str = "reused";
    /// A parameter the API refuses on purpose (a bearer token in a URL).
    pub const UNSUPPORTED: &str = "unsupported";
    /// The end of a period is before its start.
    pub const BEFORE_FROM: &str = "before_from";
    /// Text shorter than allowed (a new password: the message says the minimum).
    pub const TOO_SHORT: &str = "too_short";
    /// A new password that is easy to guess: on the list of common passwords (alone or with
    /// only digits and punctuation around it), or a plain repeat or sequence.
    pub const TOO_COMMON: &str = "too_common";
    /// A new password that contains the account's username.
    pub const CONTAINS_USERNAME: &str = "contains_username";
    /// A configuration entry that existing tickets, incidents or users still use cannot be
    /// removed (a service or business unit: retire it instead; a group: keep it).
    pub const IN_USE: &str = "in_use";
    /// A retired service (or business unit) takes no new tickets (incidents); its old ones
    /// keep it.
    pub const RETIRED: &str = "retired";
    /// A person who may not work on the ticket, incident or spot (`assignee_id`): another
    /// group's engineer, or a role that does not work on such things; the message says why.
    pub const NOT_ASSIGNABLE: &str = "not_assignable";

    /// Every field code above.
    pub const ALL: [&str; 21] = [
        REQUIRED,
        INVALID,
        TOO_LONG,
        TOO_MANY,
        OUT_OF_RANGE,
        UNKNOWN_CHOICE,
        NOT_GEOCODED,
        NOT_FOUND,
        UNKNOWN,
        DUPLICATE,
        INVALID_TRANSITION,
        NOT_LINKED,
        REUSED,
        UNSUPPORTED,
        BEFORE_FROM,
        TOO_SHORT,
        TOO_COMMON,
        CONTAINS_USERNAME,
        IN_USE,
        RETIRED,
        NOT_ASSIGNABLE,
    ];
}

#[cfg(test)]
mod tests {
    use super::{codes, field_codes};

    fn well_formed(list: &[&str]) {
        for (i, code) in list.iter().enumerate() {
            assert!(
                !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{code:?} is not snake_case"
            );
            assert!(!list[..i].contains(code), "{code:?} is listed twice");
        }
    }

    #[test]
    fn codes_are_distinct_snake_case() {
        well_formed(&codes::ALL);
        well_formed(&field_codes::ALL);
    }

    #[test]
    fn every_code_is_in_its_list() {
        // The source of this file: each `pub const X: &str = "..."` of a module is in its
        // `ALL`, so a code added without listing it fails here.
        let source = include_str!("error.rs");
        let module = |name: &str| {
            let start = source
                .find(&format!("pub mod {name} {{"))
                .unwrap_or_else(|| panic!("module {name}"));
            let rest = &source[start..];
            let end = rest.find("\n}\n").unwrap_or(rest.len());
            rest[..end]
                .lines()
                .filter_map(|l| l.trim().strip_prefix("pub const "))
                .filter(|l| l.contains(": &str = \""))
                .filter_map(|l| l.split('"').nth(1))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let top = module("codes");
        let field = module("field_codes");
        assert_eq!(top.len(), codes::ALL.len(), "{top:?}");
        assert_eq!(field.len(), field_codes::ALL.len(), "{field:?}");
        assert!(top.iter().all(|c| codes::ALL.contains(&c.as_str())));
        assert!(field.iter().all(|c| field_codes::ALL.contains(&c.as_str())));
    }
}
