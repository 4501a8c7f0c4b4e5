//! A free-text address in a request: the `?q=` of both address searches (staff `GET /geocode`,
//! public `GET /public/geocode`) and the `address` of the public status, checked the same way
//! wherever it arrives.

use crate::error::{ApiError, ApiResult};
use serde::Deserialize;
use spotdesk_api::field_codes;
use utoipa::IntoParams;

/// Longest accepted query.
pub const MAX_QUERY: usize = 200;

/// The `?q=` of both address searches, `GET /geocode` and `GET /public/geocode`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GeocodeQuery {
    /// Free-text address, 1..=200 characters once leading and trailing white space is
    /// removed (the pattern: not blank).
    #[param(
        required = true,
        max_length = 200,
        pattern = r"[^ \t\n\x0b\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    )]
    pub q: Option<String>,
}

/// Checks a free-text address parameter: present, not blank, at most 200 characters.
pub fn check_address(field: &str, value: Option<&str>) -> ApiResult<String> {
    let text = value.map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Err(ApiError::bad_field(
            field,
            field_codes::REQUIRED,
            "enter an address",
        ));
    }
    if text.chars().count() > MAX_QUERY {
        return Err(ApiError::bad_field(
            field,
            field_codes::TOO_LONG,
            "at most 200 characters",
        ));
    }
    Ok(text.to_owned())
}

/// 400 on `field` when a search text has control characters: a NUL cannot even be bound on
/// PostgreSQL, and no search box types these. The ticket list's `q` and `GET /search`'s are checked with it.
pub fn check_plain(field: &str, text: &str) -> ApiResult<()> {
    if text.chars().any(char::is_control) {
        return Err(ApiError::bad_field(
            field,
            field_codes::INVALID,
            "control characters (tabs, line breaks, NUL) are not searched: type plain text",
        ));
    }
    Ok(())
}
