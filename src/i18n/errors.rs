//! Translations of API error codes and field error codes.

use super::{text, Lang, Msg};
use crate::api::ApiError;
use spotdesk_api::codes;

/// The user-facing text for an API error, chosen by HTTP status and `ErrorBody::code`.
pub fn error_text(lang: Lang, e: &ApiError) -> &'static str {
    let msg = match e {
        ApiError::Network(_) => Msg::ErrNetwork,
        ApiError::Timeout => Msg::ErrTimeout,
        ApiError::Decode(_) => Msg::ErrDecode,
        ApiError::Http { status, body, .. } => match body.as_ref().map(|b| b.code.as_str()) {
            Some(codes::VALIDATION_FAILED) => Msg::ErrValidation,
            Some(codes::BAD_REQUEST) => Msg::ErrBadRequest,
            Some(codes::UNAUTHENTICATED) => Msg::ErrUnauthenticated,
            Some(codes::FORBIDDEN) => Msg::ErrForbidden,
            Some(codes::NOT_FOUND) => Msg::ErrNotFound,
            Some(codes::VERSION_CONFLICT) => Msg::ErrVersionConflict,
            Some(codes::PRECONDITION_REQUIRED) => Msg::ErrPrecondition,
            Some(codes::IDEMPOTENCY_MISMATCH) => Msg::ErrIdempotency,
            Some(codes::RATE_LIMITED) => Msg::ErrRateLimited,
            Some(codes::PAYLOAD_TOO_LARGE) => Msg::ErrTooLarge,
            Some(codes::INTERNAL) => Msg::ErrInternal,
            _ => match status {
                400 | 422 => Msg::ErrBadRequest,
                401 => Msg::ErrUnauthenticated,
                403 => Msg::ErrForbidden,
                404 => Msg::ErrNotFound,
                409 | 412 => Msg::ErrVersionConflict,
                428 => Msg::ErrPrecondition,
                413 => Msg::ErrTooLarge,
                429 => Msg::ErrRateLimited,
                500..=599 => Msg::ErrInternal,
                _ => Msg::ErrUnknown,
            },
        },
    };
    text(lang, msg)
}

/// The user-facing text for a `FieldError::code`.
pub fn field_error_text(lang: Lang, code: &str) -> &'static str {
    let msg = match code {
        "required" => Msg::FieldRequired,
        "invalid" => Msg::FieldInvalid,
        "too_long" => Msg::FieldTooLong,
        "out_of_range" => Msg::FieldOutOfRange,
        "unknown_choice" => Msg::FieldUnknownChoice,
        "not_geocoded" => Msg::FieldNotGeocoded,
        "invalid_transition" => Msg::FieldInvalidTransition,
        _ => Msg::FieldUnknown,
    };
    text(lang, msg)
}
