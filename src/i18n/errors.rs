//! Translations of API error codes and field error codes.

use super::{text, Lang, Msg};
use crate::api::ApiError;
use spotdesk_api::{codes, field_codes, FieldError, FieldKind};

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

/// The text of a field error, saying what is allowed and what was given when the answer
/// has the counts ("At most 2,000 characters, you typed 2,314"); else the code's text.
pub fn field_problem_text(lang: Lang, e: &FieldError) -> String {
    let (Some(limit), Some(actual)) = (e.limit, e.actual) else {
        return field_error_text(lang, &e.code).to_owned();
    };
    let (limit, actual) = (grouped(lang, limit), grouped(lang, actual));
    match (e.code.as_str(), lang) {
        (field_codes::TOO_LONG, Lang::En) => {
            format!("At most {limit} characters, you typed {actual}")
        }
        (field_codes::TOO_LONG, Lang::Ru) => {
            format!("Не больше {limit} символов, введено {actual}")
        }
        (field_codes::TOO_SHORT, Lang::En) => {
            format!("At least {limit} characters, you typed {actual}")
        }
        (field_codes::TOO_SHORT, Lang::Ru) => {
            format!("Не меньше {limit} символов, введено {actual}")
        }
        (field_codes::TOO_MANY, Lang::En) => format!("At most {limit}, there are {actual}"),
        (field_codes::TOO_MANY, Lang::Ru) => format!("Не больше {limit}, указано {actual}"),
        _ => field_error_text(lang, &e.code).to_owned(),
    }
}

/// A whole number with its thousands grouped as the language writes them: `2,314` /
/// `2 314` (a no-break space).
fn grouped(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = match lang {
        Lang::En => ',',
        Lang::Ru => '\u{a0}',
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// What a standard request field accepts, for an `invalid` or `out_of_range` error on it, so
/// the form says what is wrong and what is allowed instead of "Invalid value"; `None` for a
/// field or code without its own text.
pub fn standard_field_text(lang: Lang, field: &str, code: &str) -> Option<&'static str> {
    let bad = matches!(code, field_codes::INVALID | field_codes::OUT_OF_RANGE);
    let en = matches!(lang, Lang::En);
    Some(match field {
        "customer_phone" if bad => {
            if en {
                "Not a phone number: type 10 digits (912 345-67-89), or 11 starting with 8 or 7, or + and the country code"
            } else {
                "Это не номер телефона: 10 цифр (912 345-67-89), 11 цифр с 8 или 7 в начале, или + и код страны"
            }
        }
        "lifetime_value" if bad => {
            if en {
                "A number of zero or more, e.g. 1200.50"
            } else {
                "Число не меньше нуля, например 1200,50"
            }
        }
        "line" if bad => {
            if en {
                "The support line is 1, 2 or 3"
            } else {
                "Линия поддержки: 1, 2 или 3"
            }
        }
        "lat" if bad => {
            if en {
                "Latitude is a number from -90 to 90"
            } else {
                "Широта: число от -90 до 90"
            }
        }
        "long" if bad => {
            if en {
                "Longitude is a number from -180 to 180"
            } else {
                "Долгота: число от -180 до 180"
            }
        }
        "planned_at" if code == field_codes::INVALID => {
            if en {
                "A planned date goes only with the status \"Planned\""
            } else {
                "Плановая дата указывается только со статусом «Запланировано»"
            }
        }
        _ => return None,
    })
}

/// What a service field of `kind` accepts, for an `invalid`, `out_of_range` or
/// `unknown_choice` error on it ("A number from 1 to 100"); `None` for other codes.
pub fn service_field_text(lang: Lang, kind: &FieldKind, code: &str) -> Option<String> {
    if !matches!(
        code,
        field_codes::INVALID | field_codes::OUT_OF_RANGE | field_codes::UNKNOWN_CHOICE
    ) {
        return None;
    }
    let en = matches!(lang, Lang::En);
    Some(match kind {
        FieldKind::Number { min, max } => {
            if en {
                format!("A number from {min} to {max}")
            } else {
                format!("Число от {min} до {max}")
            }
        }
        FieldKind::Date => (if en {
            "A date, e.g. 2026-12-07"
        } else {
            "Дата, например 07.12.2026"
        })
        .to_owned(),
        FieldKind::Choice { .. } | FieldKind::MultiChoice { .. } => (if en {
            "Choose from the list"
        } else {
            "Выберите из списка"
        })
        .to_owned(),
        FieldKind::Text { max_len } => {
            if en {
                format!("Text of at most {max_len} characters")
            } else {
                format!("Текст не длиннее {max_len} символов")
            }
        }
    })
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
        field_codes::NOT_ASSIGNABLE => Msg::FieldNotAssignable,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_value_says_what_the_field_accepts() {
        for lang in [Lang::En, Lang::Ru] {
            for field in ["customer_phone", "lifetime_value", "line", "lat", "long"] {
                let t = standard_field_text(lang, field, field_codes::INVALID);
                assert!(
                    t.is_some_and(|t| t != text(lang, Msg::FieldInvalid)),
                    "{field}"
                );
            }
            assert_eq!(
                standard_field_text(lang, "description", field_codes::INVALID),
                None
            );
            assert_eq!(
                standard_field_text(lang, "customer_phone", field_codes::REQUIRED),
                None
            );
        }
        let number = FieldKind::Number {
            min: 1.0,
            max: 100.0,
        };
        assert_eq!(
            service_field_text(Lang::En, &number, field_codes::OUT_OF_RANGE).as_deref(),
            Some("A number from 1 to 100")
        );
        assert_eq!(
            service_field_text(Lang::Ru, &number, field_codes::INVALID).as_deref(),
            Some("Число от 1 до 100")
        );
        assert_eq!(
            service_field_text(Lang::En, &number, field_codes::REQUIRED),
            None
        );
        assert_eq!(
            service_field_text(Lang::En, &FieldKind::Date, field_codes::INVALID).as_deref(),
            Some("A date, e.g. 2026-12-07")
        );
    }

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
    fn a_length_problem_says_what_is_allowed_and_what_was_typed() {
        let e = FieldError::new("description", field_codes::TOO_LONG, "x").with_counts(2000, 2314);
        assert_eq!(
            field_problem_text(Lang::En, &e),
            "At most 2,000 characters, you typed 2,314"
        );
        assert_eq!(
            field_problem_text(Lang::Ru, &e),
            "Не больше 2\u{a0}000 символов, введено 2\u{a0}314"
        );
        let plain = FieldError::new("description", field_codes::TOO_LONG, "x");
        assert_eq!(field_problem_text(Lang::En, &plain), "Too long");
        assert_eq!(grouped(Lang::En, 999), "999");
        assert_eq!(grouped(Lang::En, 1_234_567), "1,234,567");
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
