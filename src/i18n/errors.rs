//! Translations of API error codes and field error codes.

use super::{text, Lang, Msg};
use crate::api::ApiError;
use spotdesk_api::{codes, field_codes};

/// The user-facing text for an API error, chosen by `ErrorBody::code` and, for a code this
/// app does not know, by the HTTP status.
pub fn error_text(lang: Lang, e: &ApiError) -> &'static str {
    let msg = match e {
        ApiError::Network(_) => Msg::ErrNetwork,
        ApiError::Timeout => Msg::ErrTimeout,
        ApiError::Decode(_) => Msg::ErrDecode,
        ApiError::Http { status, body, .. } => body
            .as_ref()
            .and_then(|b| code_msg(&b.code))
            .unwrap_or_else(|| status_msg(*status)),
    };
    text(lang, msg)
}

/// The message of a top-level code (`spotdesk_api::codes`); `None` for a code this app does
/// not know.
fn code_msg(code: &str) -> Option<Msg> {
    Some(match code {
        codes::VALIDATION_FAILED => Msg::ErrValidation,
        codes::BAD_REQUEST | codes::METHOD_NOT_ALLOWED | codes::UNSUPPORTED_MEDIA_TYPE => {
            Msg::ErrBadRequest
        }
        codes::UNAUTHENTICATED => Msg::ErrUnauthenticated,
        codes::FORBIDDEN => Msg::ErrForbidden,
        codes::PASSWORD_CHANGE_REQUIRED => Msg::ErrPasswordChangeRequired,
        codes::NOT_FOUND | codes::ROUTE_NOT_FOUND | codes::TEST_CLOCK_DISABLED => Msg::ErrNotFound,
        codes::ALREADY_RATED => Msg::ErrAlreadyRated,
        codes::VERSION_CONFLICT => Msg::ErrVersionConflict,
        codes::PAYLOAD_TOO_LARGE => Msg::ErrTooLarge,
        codes::IDEMPOTENCY_MISMATCH => Msg::ErrIdempotency,
        codes::PRECONDITION_REQUIRED => Msg::ErrPrecondition,
        codes::RATE_LIMITED => Msg::ErrRateLimited,
        codes::INTERNAL => Msg::ErrInternal,
        codes::BUSY => Msg::ErrBusy,
        _ => return None,
    })
}

/// The message of an error answer without a code this app knows, by its status.
fn status_msg(status: u16) -> Msg {
    match status {
        400 | 422 => Msg::ErrBadRequest,
        401 => Msg::ErrUnauthenticated,
        403 => Msg::ErrForbidden,
        404 => Msg::ErrNotFound,
        409 | 412 => Msg::ErrVersionConflict,
        428 => Msg::ErrPrecondition,
        413 => Msg::ErrTooLarge,
        429 => Msg::ErrRateLimited,
        503 => Msg::ErrBusy,
        500..=599 => Msg::ErrInternal,
        _ => Msg::ErrUnknown,
    }
}

/// The user-facing text for a `FieldError::code` (`spotdesk_api::field_codes`).
pub fn field_error_text(lang: Lang, code: &str) -> &'static str {
    text(lang, field_msg(code).unwrap_or(Msg::FieldUnknown))
}

/// The message of a field code; `None` for a code this app does not know.
fn field_msg(code: &str) -> Option<Msg> {
    Some(match code {
        field_codes::REQUIRED => Msg::FieldRequired,
        field_codes::INVALID => Msg::FieldInvalid,
        field_codes::TOO_LONG => Msg::FieldTooLong,
        field_codes::TOO_MANY => Msg::FieldTooMany,
        field_codes::OUT_OF_RANGE => Msg::FieldOutOfRange,
        field_codes::UNKNOWN_CHOICE => Msg::FieldUnknownChoice,
        field_codes::NOT_GEOCODED => Msg::FieldNotGeocoded,
        field_codes::NOT_FOUND => Msg::FieldNotFound,
        field_codes::UNKNOWN => Msg::FieldUnknown,
        field_codes::DUPLICATE => Msg::FieldDuplicate,
        field_codes::INVALID_TRANSITION => Msg::FieldInvalidTransition,
        field_codes::NOT_LINKED => Msg::FieldNotLinked,
        field_codes::REUSED => Msg::FieldReused,
        field_codes::UNSUPPORTED => Msg::FieldUnsupported,
        field_codes::BEFORE_FROM => Msg::FieldBeforeFrom,
        field_codes::TOO_SHORT => Msg::FieldTooShort,
        field_codes::TOO_COMMON => Msg::FieldTooCommon,
        field_codes::CONTAINS_USERNAME => Msg::FieldContainsUsername,
        field_codes::IN_USE => Msg::FieldInUse,
        field_codes::RETIRED => Msg::FieldRetired,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_text() {
        for code in codes::ALL {
            assert!(code_msg(code).is_some(), "{code} has no text");
        }
        for code in field_codes::ALL {
            assert!(field_msg(code).is_some(), "{code} has no text");
            assert_ne!(
                field_error_text(Lang::Ru, code),
                field_error_text(Lang::En, code),
                "{code}"
            );
        }
    }

    #[test]
    fn busy_and_already_rated_are_not_other_errors() {
        let busy = code_msg(codes::BUSY);
        let rated = code_msg(codes::ALREADY_RATED);
        assert!(busy.is_some() && busy != code_msg(codes::INTERNAL));
        assert!(rated.is_some() && rated != code_msg(codes::VERSION_CONFLICT));
        assert_eq!(status_msg(503), Msg::ErrBusy);
    }
}
