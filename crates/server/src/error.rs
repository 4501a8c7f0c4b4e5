//! The one error type of every handler: rendered as a JSON [`ErrorBody`] with the right status.

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use spotdesk_api::{codes, field_codes, ErrorBody, FieldError};

/// An error answer: HTTP status, JSON body and optional extra headers.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// The JSON body.
    pub body: ErrorBody,
    /// Extra response headers (e.g. `WWW-Authenticate`, `Allow`).
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

/// Result type of handlers and helpers.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with any status, code and message, without field details.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                code: code.to_owned(),
                message: message.into(),
                fields: Vec::new(),
            },
            headers: Vec::new(),
        }
    }

    /// Adds field problems.
    pub fn with_fields(mut self, fields: Vec<FieldError>) -> Self {
        self.body.fields = fields;
        self
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// 400 `bad_request`: the request could not be read (syntax, shape, header, query types).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, message)
    }

    /// 400 `bad_request` about one named field (body field, query parameter or header).
    pub fn bad_field(field: &str, code: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::bad_request(format!("{field}: {message}"))
            .with_fields(vec![FieldError::new(field, code, message)])
    }

    /// 422 `validation_failed` with per-field problems.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::VALIDATION_FAILED,
            "the request failed validation",
        )
        .with_fields(fields)
    }

    /// 422 `validation_failed` about one field.
    pub fn invalid_field(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, code, message)])
    }

    /// 401 `unauthenticated`, with `WWW-Authenticate: Bearer`.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, codes::UNAUTHENTICATED, message)
            .with_header(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))
    }

    /// 403 `forbidden`: the caller's role may not do this.
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            codes::FORBIDDEN,
            "your role may not do this",
        )
    }

    /// 403 `password_change_required`: the session was signed in with a one-time password.
    pub fn password_change_required() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            codes::PASSWORD_CHANGE_REQUIRED,
            "you signed in with a one-time password: choose your own password first \
             (POST /auth/password)",
        )
    }

    /// 404 `not_found`.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            codes::NOT_FOUND,
            format!("{what} not found"),
        )
    }

    /// 412 `version_conflict`: `If-Match` names an older version; refetch and retry.
    pub fn version_conflict(current: i64) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            codes::VERSION_CONFLICT,
            format!("the object was changed meanwhile; its current version is {current}"),
        )
        .with_header(header::ETAG, etag_value(current))
    }

    /// 428 `precondition_required`: an update without `If-Match`.
    pub fn precondition_required() -> Self {
        Self::new(
            StatusCode::PRECONDITION_REQUIRED,
            codes::PRECONDITION_REQUIRED,
            "send If-Match with the ETag of the version you are changing",
        )
    }

    /// 422 `idempotency_key_reused`: same key, different body.
    pub fn idempotency_mismatch() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::IDEMPOTENCY_MISMATCH,
            "this Idempotency-Key was already used with a different request body",
        )
        .with_fields(vec![FieldError::new(
            spotdesk_api::IDEMPOTENCY_KEY_HEADER,
            field_codes::REUSED,
            "already used with a different body",
        )])
    }

    /// 413 `payload_too_large`.
    pub fn payload_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::PAYLOAD_TOO_LARGE,
            "the request body is too large",
        )
    }

    /// 415 `unsupported_media_type`: the body is not `application/json`.
    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            codes::UNSUPPORTED_MEDIA_TYPE,
            "the request body must be sent with Content-Type: application/json",
        )
    }

    /// 405 `method_not_allowed`.
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            codes::METHOD_NOT_ALLOWED,
            "this method is not allowed here",
        )
    }

    /// 404 `route_not_found`: no such API route (distinct from an absent object).
    pub fn route_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            codes::ROUTE_NOT_FOUND,
            "no such API route",
        )
    }

    /// 500 `internal`; the cause is logged, never sent.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL,
            "internal server error",
        )
    }
}

/// The `ETag` header value for a version: `"<version>"`.
pub fn etag_value(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::internal(format_args!("database: {e}"))
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        ApiError::internal(format_args!("stored JSON: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(self.body)).into_response();
        for (name, value) in self.headers {
            res.headers_mut().insert(name, value);
        }
        res
    }
}

#[cfg(test)]
mod tests;
