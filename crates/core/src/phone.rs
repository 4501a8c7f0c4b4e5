//! Customer phone numbers: validation and normalisation to E.164 (`+79123456789`).

/// Why a phone number was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// Nothing but blanks.
    Empty,
    /// A character that has no place in a phone number (letters, `#`, ...).
    BadCharacter,
    /// Too few or too many digits for a real number.
    BadLength,
}

/// Normalises a phone number as people type it to E.164.
///
/// Accepts spaces, dashes, dots and parentheses. Russian conventions are understood:
/// `8 (912) 345-67-89`, `+7 912 345 67 89` and a bare ten-digit `912 345 67 89` all become
/// `+79123456789`. Other numbers must start with `+` and have 8 to 15 digits.
pub fn normalize_phone(input: &str) -> Result<String, PhoneError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(PhoneError::Empty);
    }
    let mut digits = String::with_capacity(16);
    let mut plus = false;
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            ' ' | '-' | '(' | ')' | '.' | '\u{a0}' => {}
            _ => return Err(PhoneError::BadCharacter),
        }
    }
    let russian = match (plus, digits.len(), digits.as_bytes().first()) {
        (false, 11, Some(b'8')) | (_, 11, Some(b'7')) => Some(&digits[1..]),
        (false, 10, _) => Some(digits.as_str()),
        _ => None,
    };
    if let Some(national) = russian {
        return Ok(format!("+7{national}"));
    }
    if plus && (8..=15).contains(&digits.len()) && !digits.starts_with('0') {
        return Ok(format!("+{digits}"));
    }
    Err(PhoneError::BadLength)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn russian_forms_normalise_to_the_same_number() {
        for s in [
            "+7 912 345-67-89",
            "8 (912) 345-67-89",
            "89123456789",
            "912 345 67 89",
            "7.912.345.67.89",
        ] {
            assert_eq!(normalize_phone(s), Ok("+79123456789".to_string()), "{s}");
        }
    }

    #[test]
    fn foreign_numbers_need_a_plus() {
        assert_eq!(
            normalize_phone("+44 20 7946 0958"),
            Ok("+442079460958".to_string())
        );
        assert_eq!(normalize_phone("442079460958"), Err(PhoneError::BadLength));
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(normalize_phone("   "), Err(PhoneError::Empty));
        assert_eq!(normalize_phone("call me"), Err(PhoneError::BadCharacter));
        assert_eq!(normalize_phone("12345"), Err(PhoneError::BadLength));
        assert_eq!(normalize_phone("+7 912"), Err(PhoneError::BadLength));
        assert_eq!(
            normalize_phone("9+123456789"),
            Err(PhoneError::BadCharacter)
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_e164(s in "\\PC{0,40}") {
            if let Ok(n) = normalize_phone(&s) {
                prop_assert!(n.starts_with('+'));
                prop_assert!(n[1..].chars().all(|c| c.is_ascii_digit()));
                prop_assert!((9..=16).contains(&n.len()));
                // Normalising twice changes nothing.
                prop_assert_eq!(normalize_phone(&n), Ok(n.clone()));
            }
        }
    }
}
