//! Request extractors whose every rejection is a JSON [`ApiError`] naming the field at fault.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;
use spotdesk_api::field_codes;

/// Longest accepted `Idempotency-Key`.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 200;

/// A JSON request body. Requires `Content-Type: application/json`; malformed JSON is 400
/// `bad_request`, a well-formed body of the wrong shape is 400 `bad_request` naming the field.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

/// Whether a `Content-Type` value denotes JSON (`application/json` or `application/*+json`).
fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(is_json);
        if !json {
            return Err(ApiError::unsupported_media_type());
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::payload_too_large()
            } else {
                ApiError::bad_request(format!("could not read the request body: {rejection}"))
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Parses a JSON document into `T`, mapping errors to [`ApiError`]s that name the field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => data_error(&path, &inner.to_string()),
            _ => ApiError::bad_request(format!("malformed JSON: {inner}")),
        }
    })?;
    de.end()
        .map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
    Ok(value)
}

/// The text between the first pair of backticks, e.g. the name in "unknown field `x`".
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// A 400 for a JSON/query value of the wrong shape, naming the field.
fn data_error(path: &str, message: &str) -> ApiError {
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_owned();
    let parent = if path == "." || path == "?" { "" } else { path };
    let (code, name) = if message.starts_with("unknown field") {
        (field_codes::UNKNOWN, quoted(&message))
    } else if message.starts_with("missing field") {
        (field_codes::REQUIRED, quoted(&message))
    } else {
        (field_codes::INVALID, None)
    };
    let field = match name {
        Some(n) if parent.is_empty() => n.to_owned(),
        Some(n) if !parent.ends_with(n) => format!("{parent}.{n}"),
        _ if parent.is_empty() => "body".to_owned(),
        _ => parent.to_owned(),
    };
    ApiError::bad_field(&field, code, message)
}

/// Query parameters; a bad value is 400 `bad_request` naming the parameter.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| {
                let path = e.path().to_string();
                data_error(&path, &e.into_inner().to_string())
            })
    }
}

/// The `{id}` path parameter of an object route (named, so a bad value names the field `id`),
/// typed by its object: `ApiPath<IdParam<TicketId>>`. The ids of `spotdesk_api::ids` are
/// transparent over `i64`, so `/tickets/abc` is 400 `bad_request` naming `id` whatever the type.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
pub struct IdParam<I> {
    /// The object id.
    pub id: I,
}

/// Path parameters; a bad value (e.g. `/tickets/abc`) is 400 `bad_request` naming the parameter.
#[derive(Debug, Clone, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        match rejection {
            PathRejection::FailedToDeserializePathParams(e) => {
                let field = match e.kind() {
                    axum::extract::path::ErrorKind::ParseErrorAtKey { key, .. }
                    | axum::extract::path::ErrorKind::InvalidUtf8InPathParam { key } => key.clone(),
                    _ => "path".to_owned(),
                };
                ApiError::bad_field(&field, field_codes::INVALID, e.body_text())
            }
            other => ApiError::internal(format_args!("path extraction: {other}")),
        }
    }
}

/// The `Idempotency-Key` header (1..=200 visible ASCII characters); required.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let name = spotdesk_api::IDEMPOTENCY_KEY_HEADER;
        let Some(value) = parts.headers.get(name) else {
            return Err(ApiError::bad_field(
                name,
                field_codes::REQUIRED,
                "this request requires an Idempotency-Key header",
            ));
        };
        let Ok(key) = value.to_str() else {
            return Err(ApiError::bad_field(
                name,
                field_codes::INVALID,
                "must be visible ASCII",
            ));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(ApiError::bad_field(
                name,
                field_codes::REQUIRED,
                "must not be empty",
            ));
        }
        if key.len() > MAX_IDEMPOTENCY_KEY_LEN {
            return Err(ApiError::bad_field(
                name,
                field_codes::TOO_LONG,
                "at most 200 characters",
            ));
        }
        // The document's pattern, `^[!-~]+$`: a space or tab inside is not part of a key.
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ApiError::bad_field(
                name,
                field_codes::INVALID,
                "must be visible ASCII without spaces",
            ));
        }
        Ok(IdempotencyKey(key.to_owned()))
    }
}

/// The `If-Match` header of an update: the version the client is changing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMatch {
    /// `If-Match: "<version>"`.
    Version(i64),
    /// `If-Match: *`: any current version.
    Any,
}

impl IfMatch {
    /// Whether the current version satisfies the precondition.
    pub fn matches(self, current: i64) -> bool {
        match self {
            IfMatch::Any => true,
            IfMatch::Version(v) => v == current,
        }
    }

    /// `Ok` when the current version satisfies the precondition; otherwise 412
    /// `version_conflict` naming the current version.
    pub fn check(self, current: i64) -> Result<(), ApiError> {
        if self.matches(current) {
            Ok(())
        } else {
            Err(ApiError::version_conflict(current))
        }
    }
}

/// The parts of a change request (`PATCH /things/{id}` with `If-Match` and a JSON body),
/// rejected in the order callers see documented: a malformed id, then a missing or malformed
/// `If-Match`, then the body. Handlers take the three as `Result`s so that the access check
/// runs before any of them.
pub fn change_parts<I, B>(
    id: Result<ApiPath<IdParam<I>>, ApiError>,
    if_match: Result<IfMatch, ApiError>,
    body: Result<ApiJson<B>, ApiError>,
) -> Result<(I, IfMatch, B), ApiError> {
    let ApiPath(IdParam { id }) = id?;
    let if_match = if_match?;
    let ApiJson(body) = body?;
    Ok((id, if_match, body))
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else {
            return Err(ApiError::precondition_required());
        };
        let text = value.to_str().unwrap_or("").trim();
        if text == "*" {
            return Ok(IfMatch::Any);
        }
        let tag = text.strip_prefix("W/").unwrap_or(text);
        let tag = tag
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(tag);
        tag.parse::<i64>().map(IfMatch::Version).map_err(|_| {
            ApiError::bad_field(
                "If-Match",
                field_codes::INVALID,
                "expected an ETag such as \"3\"",
            )
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use spotdesk_api::{NewTicket, TicketQuery};

    fn field_of(e: &ApiError) -> (&str, &str) {
        let f = &e.body.fields[0];
        (f.field.as_str(), f.code.as_str())
    }

    #[test]
    fn json_errors_name_the_field() {
        let e = parse_json::<NewTicket>(br#"{"service_code": 5}"#).unwrap_err();
        assert_eq!(field_of(&e), ("service_code", "invalid"));
        let e = parse_json::<NewTicket>(br#"{"service_code": "x", "bogus": 1}"#).unwrap_err();
        assert_eq!(field_of(&e), ("bogus", "unknown"));
        let e = parse_json::<NewTicket>(br#"{"topic": "x"}"#).unwrap_err();
        assert_eq!(field_of(&e), ("service_code", "required"));
        let e = parse_json::<NewTicket>(br#"{"service_code": "x", "line": 900}"#).unwrap_err();
        assert_eq!(field_of(&e), ("line", "invalid"));
        let e = parse_json::<NewTicket>(br#"{"service_code": "#).unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert!(e.body.fields.is_empty());
        let e = parse_json::<NewTicket>(br#"{"service_code": "x"} trailing"#).unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn query_errors_name_the_parameter() {
        let q = "limit=abc";
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(q.as_bytes()));
        let e = serde_path_to_error::deserialize::<_, TicketQuery>(de).unwrap_err();
        let e = data_error(&e.path().to_string(), &e.into_inner().to_string());
        assert_eq!(field_of(&e), ("limit", "invalid"));
    }
}
