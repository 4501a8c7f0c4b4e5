//! "Find anything" (issue 22): what one search box's text asks for. A number (`123`, `#123`,
//! `№ 123`, `N123`) names a ticket, an incident or a spot; a phone number in any common
//! notation (`8 912 345-67-89`, `+7 (912) 3456789`, `9123456789`) names a customer; anything
//! else is text: a customer's name, an address, words of a ticket.

use crate::phone::normalize_phone;

/// Longest number taken as an id (a longer run of digits is a phone or nothing).
const MAX_ID_DIGITS: usize = 9;
/// Fewest characters of text worth searching.
pub const MIN_TEXT_CHARS: usize = 2;

/// What a query asks for; more than one part may be set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FindQuery {
    /// An id of a ticket, incident or spot.
    pub number: Option<i64>,
    /// A phone number in E.164 (`+79123456789`).
    pub phone: Option<String>,
    /// Text to match names, addresses and ticket words against (trimmed).
    pub text: Option<String>,
}

impl FindQuery {
    /// Whether the query asks for nothing (blank, or one character).
    pub fn is_empty(&self) -> bool {
        self.number.is_none() && self.phone.is_none() && self.text.is_none()
    }
}

/// Reads a search box's text (see the module docs). A number is also text (a house number,
/// words of a ticket): only a phone number is not searched as text.
pub fn parse_find(input: &str) -> FindQuery {
    let q = input.trim();
    let mut found = FindQuery::default();
    if q.is_empty() {
        return found;
    }
    let digits_only = strip_number_sign(q);
    if !digits_only.is_empty()
        && digits_only.len() <= MAX_ID_DIGITS
        && digits_only.bytes().all(|b| b.is_ascii_digit())
    {
        found.number = digits_only.parse().ok().filter(|n: &i64| *n > 0);
    }
    let digit_count = q.chars().filter(char::is_ascii_digit).count();
    if digit_count >= 10 {
        if let Ok(phone) = normalize_phone(q) {
            found.phone = Some(phone);
            return found;
        }
    }
    if q.chars().count() >= MIN_TEXT_CHARS {
        found.text = Some(q.to_owned());
    }
    found
}

/// The text without a leading number sign (`#`, `№`, `N`, `No.`) and the blanks after it.
fn strip_number_sign(q: &str) -> &str {
    let rest = ["#", "№", "No.", "no.", "N", "n"]
        .iter()
        .find_map(|p| q.strip_prefix(p))
        .unwrap_or(q);
    rest.trim_start()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_in_their_usual_spellings_are_ids() {
        for q in ["123", "#123", "№ 123", "№123", "N123", "No. 123", " 123 "] {
            assert_eq!(parse_find(q).number, Some(123), "{q}");
        }
        assert_eq!(parse_find("0").number, None);
        assert_eq!(parse_find("1234567890").number, None, "ten digits: a phone");
        assert_eq!(parse_find("12a").number, None);
    }

    #[test]
    fn phones_in_any_common_notation_are_the_same_customer() {
        for q in [
            "8 912 345-67-89",
            "+7 (912) 3456789",
            "9123456789",
            "89123456789",
            "+7 912 345 67 89",
        ] {
            let f = parse_find(q);
            assert_eq!(f.phone.as_deref(), Some("+79123456789"), "{q}");
            assert_eq!((f.number, f.text), (None, None), "{q}");
        }
    }

    #[test]
    fn names_and_addresses_are_text() {
        let f = parse_find("  Иванов  ");
        assert_eq!(f.text.as_deref(), Some("Иванов"));
        assert_eq!((f.number, f.phone), (None, None));
        assert_eq!(parse_find("Ленина 12").text.as_deref(), Some("Ленина 12"));
        // A short number is an id and text (a house, words of a ticket).
        assert_eq!(parse_find("12").text.as_deref(), Some("12"));
        assert!(parse_find(" ").is_empty());
        assert!(parse_find("a").is_empty());
        // Partial phones are text (a ticket list matches them by digits).
        let f = parse_find("345-67");
        assert_eq!((f.phone, f.text.as_deref()), (None, Some("345-67")));
    }

    proptest! {
        #[test]
        fn any_input_is_read_without_panicking(s in "\\PC{0,40}") {
            let f = parse_find(&s);
            if let Some(p) = f.phone {
                prop_assert!(p.starts_with('+'));
            }
            if let Some(t) = f.text {
                prop_assert_eq!(t.trim(), t.as_str());
            }
        }
    }
}
