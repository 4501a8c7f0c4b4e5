//! The password policy of every password a person or an administrator sets (never applied to
//! sign-in, so older passwords keep working until changed), and one-time passwords.
//!
//! The rules (after NIST SP 800-63B 5.1.1.2; why these, in `spotdesk_core::password`):
//!
//! 1. 12 to 256 characters, any script, spaces allowed, no control characters; no
//!    composition rules;
//! 2. not containing the username;
//! 3. not a plain repeat or sequence (`aaaaaaaaaaaa`, `abcdefghijkl`, `123456789012`);
//! 4. not one of the 49,233 most common passwords (`crates/server/data/common-passwords.txt.gz`,
//!    shipped in the binary, source and licence in `crates/server/data/README.md`), compared
//!    in lower case, also after taking digits and punctuation off both ends (so
//!    `Password2024!` and `!!qwerty123456` are refused too).
//!
//! Each refusal is a field error whose code says which rule (`too_short`, `too_long`,
//! `invalid`, `contains_username`, `too_common`) and whose message says what is allowed.

use flate2::read::GzDecoder;
use rand::Rng;
use spotdesk_api::{field_codes, FieldError};
use std::collections::HashSet;
use std::io::Read;
use std::sync::OnceLock;

/// The list, gzip-compressed, one lower-case password per line.
const COMMON_GZ: &[u8] = include_bytes!("../data/common-passwords.txt.gz");

/// Letters and digits of generated passwords: no `0`/`o`, `1`/`l`/`i`, so one can be read out
/// over the phone.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Characters of a generated password, in groups of 4 joined by `-` (24 with the dashes; 20
/// characters of 31 give 99 bits).
const GENERATED_CHARS: usize = 20;

/// The common passwords, unpacked on first use (about 2 MB in memory).
fn common() -> &'static HashSet<String> {
    static LIST: OnceLock<HashSet<String>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut text = String::new();
        if let Err(e) = GzDecoder::new(COMMON_GZ).read_to_string(&mut text) {
            // Cannot happen with the shipped file (a unit test reads it); refuse nothing
            // extra rather than every password.
            tracing::error!(error = %e, "cannot read the list of common passwords");
        }
        text.lines().map(str::to_owned).collect()
    })
}

/// Reads the list now, so the first password set after start does not wait for it.
pub fn preload() {
    let _ = common();
}

/// Whether `password` is a common password, alone or with digits and punctuation around it.
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let list = common();
    let core =
        lower.trim_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation() || c == ' ');
    list.contains(lower.as_str()) || (!core.is_empty() && list.contains(core))
}

/// The problems of `password` as the new password of `username`, as field errors on `field`;
/// empty when the policy accepts it.
pub fn check(field: &str, password: &str, username: &str) -> Vec<FieldError> {
    let errors = spotdesk_core::password::check(field, password, username);
    if !errors.is_empty() {
        return errors;
    }
    if is_common(password) {
        return vec![FieldError::new(
            field,
            field_codes::TOO_COMMON,
            "this is one of the most common passwords (or one with only digits or punctuation \
             added), which attackers try first; choose something unrelated to you, e.g. a few \
             random words",
        )];
    }
    Vec::new()
}

/// A fresh random one-time password, e.g. `k7mq-x2rd-9pwh-tc4e-a8nz`, that the policy accepts.
pub fn generate_one_time() -> String {
    let mut rng = rand::rngs::OsRng;
    loop {
        let mut out = String::with_capacity(GENERATED_CHARS + GENERATED_CHARS / 4);
        for i in 0..GENERATED_CHARS {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]));
        }
        // Practically always accepted; a rare repeat-heavy draw is simply drawn again.
        if check("password", &out, "").is_empty() {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_is_read_whole() {
        let list = common();
        assert_eq!(list.len(), 49_233);
        for p in ["123456", "password", "qwerty123456", "1qaz2wsx3edc"] {
            assert!(list.contains(p), "{p}");
        }
    }

    #[test]
    fn common_passwords_are_refused_with_their_decorations() {
        let code = |p: &str| {
            check("new_password", p, "anna")
                .first()
                .map(|e| e.code.clone())
        };
        for p in [
            "qwerty123456",
            "QWERTY123456",
            "1qaz2wsx3edc",
            "Password2024!",
            "!!Sunshine!!2025",
            "administrator",
            "iloveyou1234567",
        ] {
            assert_eq!(code(p).as_deref(), Some(field_codes::TOO_COMMON), "{p}");
        }
        for p in [
            "sorrel-kettle-orbit",
            "Четыре ветра 1999",
            "my cat eats 3 plums",
        ] {
            assert_eq!(code(p), None, "{p}");
        }
        let message = &check("new_password", "qwerty123456", "anna")[0].message;
        assert!(message.contains("most common"), "{message}");
    }

    #[test]
    fn generated_passwords_are_fresh_and_pass_the_policy() {
        let a = generate_one_time();
        let b = generate_one_time();
        assert_ne!(a, b);
        assert_eq!(a.len(), 24);
        assert!(check("password", &a, "someone").is_empty());
        assert!(a.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
    }
}
