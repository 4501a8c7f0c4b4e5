//! The password policy's rules that need no word list: length, the username, plain patterns.
//! The server adds the list of common passwords (`crates/server/src/password_policy.rs`).
//!
//! Chosen after NIST SP 800-63B (5.1.1.2, "Memorized Secret Verifiers"): what makes a password
//! hard to guess is its length and not being a password attackers try first, so the policy asks
//! for at least [`PASSWORD_MIN_CHARS`] characters (NIST's floor is 8; 12 because these
//! accounts read customers' personal data and a passphrase of three words is already longer),
//! allows up to [`PASSWORD_MAX_CHARS`] (long passphrases welcome; argon2 hashes any length
//! in the same time), accepts every printable character including spaces and any script, and
//! has **no composition rules** (no "one digit, one capital": they push people to
//! `Password1!`, which the common-password check refuses anyway). A password must not contain
//! the username, and must not be a plain repeat or sequence (`aaaaaaaaaaaa`, `abcdefghijkl`,
//! `123456789012`), which no word list holds in full.

use spotdesk_api::{field_codes, FieldError, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};

/// Fewest distinct characters a password must have (fewer is a repeat like `abababababab`).
pub const MIN_DISTINCT_CHARS: usize = 5;

/// Shortest username whose presence inside a password is refused (shorter ones would refuse
/// too many innocent passwords; equality is always refused).
const MIN_USERNAME_INSIDE: usize = 3;

/// The problems of `password` as a new password of `username`, as field errors on `field`
/// (at most one: the first rule it breaks, in the order length, characters, username,
/// pattern). Empty: these rules accept it.
pub fn check(field: &str, password: &str, username: &str) -> Vec<FieldError> {
    let chars = password.chars().count();
    let problem = if password.is_empty() {
        Some((field_codes::REQUIRED, "a password is required".to_owned()))
    } else if chars < PASSWORD_MIN_CHARS {
        Some((
            field_codes::TOO_SHORT,
            format!(
                "at least {PASSWORD_MIN_CHARS} characters (this one has {chars}); a few \
                 unrelated words make a good one"
            ),
        ))
    } else if chars > PASSWORD_MAX_CHARS {
        Some((
            field_codes::TOO_LONG,
            format!("at most {PASSWORD_MAX_CHARS} characters"),
        ))
    } else if password.chars().any(char::is_control) {
        Some((
            field_codes::INVALID,
            "control characters (such as line breaks or tabs) are not allowed; letters of any \
             script, digits, spaces and punctuation are"
                .to_owned(),
        ))
    } else if contains_username(password, username) {
        Some((
            field_codes::CONTAINS_USERNAME,
            "must not contain the username".to_owned(),
        ))
    } else if is_plain_pattern(password) {
        Some((
            field_codes::TOO_COMMON,
            format!(
                "too easy to guess: a repeat or a sequence of characters; use at least \
                 {MIN_DISTINCT_CHARS} different characters, not in keyboard or alphabet order"
            ),
        ))
    } else {
        None
    };
    problem
        .map(|(code, message)| vec![FieldError::new(field, code, message)])
        .unwrap_or_default()
}

/// Whether the password, in lower case, contains the username (or equals it, however short).
fn contains_username(password: &str, username: &str) -> bool {
    let name = username.trim().to_lowercase();
    if name.is_empty() {
        return false;
    }
    let pw = password.to_lowercase();
    pw == name || (name.chars().count() >= MIN_USERNAME_INSIDE && pw.contains(&name))
}

/// A repeat (fewer than [`MIN_DISTINCT_CHARS`] different characters) or a straight run of
/// consecutive characters up or down (`abcdef…`, `987654…`; digits wrap, `…7890123`).
pub fn is_plain_pattern(password: &str) -> bool {
    let lower: Vec<char> = password.to_lowercase().chars().collect();
    let mut distinct = lower.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < MIN_DISTINCT_CHARS {
        return true;
    }
    let step = |a: char, b: char| -> Option<i64> {
        // Digits wrap around: 9 -> 0 is a step up, 0 -> 9 a step down.
        let digits = a.is_ascii_digit() && b.is_ascii_digit();
        let d = i64::from(u32::from(b)) - i64::from(u32::from(a));
        match d {
            1 | -1 => Some(d),
            -9 if digits => Some(1),
            9 if digits => Some(-1),
            _ => None,
        }
    };
    let steps: Vec<Option<i64>> = lower.windows(2).map(|w| step(w[0], w[1])).collect();
    steps.first().copied().flatten().is_some() && steps.iter().all(|s| *s == steps[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(password: &str, username: &str) -> Option<String> {
        check("password", password, username)
            .first()
            .map(|e| e.code.clone())
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(code("", "anna").as_deref(), Some(field_codes::REQUIRED));
        assert_eq!(
            code("short pass", "anna").as_deref(),
            Some(field_codes::TOO_SHORT)
        );
        // 12 Cyrillic letters are 24 bytes but 12 characters: long enough.
        assert_eq!(code("пароль-длинный", "anna"), None);
        assert_eq!(code("ёжик в тумане", "anna"), None);
        let long = |n| {
            "correct horse battery staple "
                .chars()
                .cycle()
                .take(n)
                .collect::<String>()
        };
        assert_eq!(code(&long(256), "anna"), None);
        assert_eq!(
            code(&long(257), "anna").as_deref(),
            Some(field_codes::TOO_LONG)
        );
        assert_eq!(
            code("line one\nline two", "anna").as_deref(),
            Some(field_codes::INVALID)
        );
        let message = &check("password", "short", "anna")[0].message;
        assert!(message.contains("at least 12"), "{message}");
    }

    #[test]
    fn the_username_is_refused_inside_in_any_case() {
        let contains = Some(field_codes::CONTAINS_USERNAME);
        assert_eq!(code("my-Agent7-passphrase", "agent7").as_deref(), contains);
        assert_eq!(code("annabelle lee 1849", "ann").as_deref(), contains);
        // A two-letter username is refused only as the whole password (which is too short
        // anyway); inside, it would refuse too much.
        assert_eq!(code("blue ox carries hay", "ox"), None);
    }

    #[test]
    fn repeats_and_sequences_are_refused() {
        let common = Some(field_codes::TOO_COMMON);
        for p in [
            "aaaaaaaaaaaa",
            "abababababab",
            "abcdefghijkl",
            "ABCDEFGHIJKLM",
            "123456789012",
            "987654321098",
            "zyxwvutsrqpo",
            "1212121212121",
        ] {
            assert_eq!(code(p, "anna").as_deref(), common, "{p}");
        }
        for p in ["correct horse battery", "abcdefghijkm", "kettle-Orbit-42"] {
            assert_eq!(code(p, "anna"), None, "{p}");
        }
    }
}
