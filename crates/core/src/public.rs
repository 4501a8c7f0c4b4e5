//! Pure rules of the public (no sign-in) side: per-client rate windows, rating checks and
//! webhook retry back-off.

use std::time::Duration;

/// A fixed-window request counter for one client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Start of the current window, in seconds since any fixed epoch.
    pub start: u64,
    /// Requests counted in the current window.
    pub count: u32,
}

/// Outcome of [`hit`]: allowed, or refused with the seconds to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The request may proceed.
    Allowed,
    /// Too many requests; retry after this many seconds (at least 1).
    RetryAfter(u64),
}

/// Counts one request at time `now` (seconds) against a limit of `limit` requests per
/// `window_secs`. A `limit` of 0 disables the limit.
pub fn hit(window: &mut Window, now: u64, limit: u32, window_secs: u64) -> Verdict {
    if limit == 0 {
        return Verdict::Allowed;
    }
    let window_secs = window_secs.max(1);
    if now >= window.start.saturating_add(window_secs) || now < window.start {
        *window = Window {
            start: now,
            count: 0,
        };
    }
    if window.count >= limit {
        let wait = window.start.saturating_add(window_secs).saturating_sub(now);
        return Verdict::RetryAfter(wait.max(1));
    }
    window.count += 1;
    Verdict::Allowed
}

/// The form of a customer contact used to tell whether two contacts are the same person:
/// a phone number in E.164 (`8 (900) 111-22-33` and `+7 900 111 22 33` agree), anything else
/// (an e-mail address) trimmed and in lower case.
pub fn contact_key(contact: &str) -> String {
    crate::phone::normalize_phone(contact).unwrap_or_else(|_| contact.trim().to_lowercase())
}

/// Longest accepted rating comment, in characters.
pub const MAX_RATING_COMMENT: usize = 2000;

/// Checks a rating: score 1..=5 and a comment of at most [`MAX_RATING_COMMENT`] characters.
/// Returns the field name and message of the first problem.
pub fn check_rating(score: i64, comment: Option<&str>) -> Result<(), (&'static str, String)> {
    if !(1..=5).contains(&score) {
        return Err(("score", "a score is 1 to 5".to_owned()));
    }
    if comment.is_some_and(|c| c.chars().count() > MAX_RATING_COMMENT) {
        return Err((
            "comment",
            format!("at most {MAX_RATING_COMMENT} characters"),
        ));
    }
    Ok(())
}

/// Delay before webhook attempt `attempt` (0 = first retry): doubling from `base`, capped at
/// `max`.
pub fn backoff(attempt: u32, base: Duration, max: Duration) -> Duration {
    let factor = 1u32.checked_shl(attempt.min(20)).unwrap_or(u32::MAX);
    base.checked_mul(factor).unwrap_or(max).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn contacts_compare_after_normalisation() {
        assert_eq!(
            contact_key("8 (900) 111-22-33"),
            contact_key("+7 900 111 22 33")
        );
        assert_eq!(contact_key("+7 900 111-22-33"), "+79001112233");
        assert_eq!(contact_key(" Anna@Example.org "), "anna@example.org");
        assert_ne!(
            contact_key("+7 900 111-22-33"),
            contact_key("+7 900 111-22-34")
        );
    }

    #[test]
    fn the_limit_plus_one_request_waits_for_the_window_to_end() {
        let mut w = Window { start: 0, count: 0 };
        for _ in 0..3 {
            assert_eq!(hit(&mut w, 100, 3, 60), Verdict::Allowed);
        }
        assert_eq!(hit(&mut w, 110, 3, 60), Verdict::RetryAfter(50));
        assert_eq!(hit(&mut w, 160, 3, 60), Verdict::Allowed);
    }

    #[test]
    fn zero_disables_the_limit() {
        let mut w = Window { start: 0, count: 0 };
        for _ in 0..1000 {
            assert_eq!(hit(&mut w, 5, 0, 60), Verdict::Allowed);
        }
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert!(check_rating(0, None).is_err());
        assert!(check_rating(6, None).is_err());
        assert!(check_rating(5, Some("great")).is_ok());
        assert!(check_rating(3, Some(&"x".repeat(MAX_RATING_COMMENT + 1))).is_err());
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let b = Duration::from_millis(100);
        let m = Duration::from_secs(5);
        assert_eq!(backoff(0, b, m), b);
        assert_eq!(backoff(2, b, m), Duration::from_millis(400));
        assert_eq!(backoff(30, b, m), m);
    }

    proptest! {
        #[test]
        fn never_more_than_limit_allowed_in_one_window(limit in 1u32..50, n in 0u32..200, t in 0u64..59) {
            let mut w = Window { start: 1000, count: 0 };
            let allowed = (0..n).filter(|_| hit(&mut w, 1000 + t, limit, 60) == Verdict::Allowed).count();
            prop_assert_eq!(allowed as u32, n.min(limit));
        }

        #[test]
        fn retry_after_is_within_the_window(limit in 1u32..5, t in 0u64..120) {
            let mut w = Window { start: 0, count: 0 };
            for _ in 0..limit { let _ = hit(&mut w, t, limit, 60); }
            match hit(&mut w, t, limit, 60) {
                Verdict::RetryAfter(s) => prop_assert!((1..=60).contains(&s)),
                Verdict::Allowed => prop_assert!(false, "should be limited"),
            }
        }

        #[test]
        fn backoff_never_exceeds_max(attempt in 0u32..100) {
            let m = Duration::from_secs(5);
            prop_assert!(backoff(attempt, Duration::from_millis(100), m) <= m);
        }
    }
}
