//! Sign-in throttling: growing delays after consecutive failed sign-ins, kept in the database so
//! every server process on it applies the same ones.
//!
//! Three counters see every failed sign-in (unknown usernames alike, so throttling tells
//! nothing about which accounts exist):
//!
//! | counter | counts failures of | delays from failure | against |
//! |---|---|---|---|
//! | pair | one account from one client address | 5th | guessing one password |
//! | account | one account from any address | 20th | guessing from many addresses |
//! | address | any account from one address | 30th | one password tried on many accounts |
//!
//! The first delay is 30 s, each further failure doubles it, up to 15 minutes: the lock always
//! ends by itself. While a delay runs, sign-ins it covers are answered 429 `rate_limited` with
//! `Retry-After` and the password is not even checked (the right one gets 429 too, and no
//! argon2 runs); such attempts are not counted and do not extend the delay. A successful
//! sign-in resets the account's counter and its pair's, and makes the address a *known*
//! address of the account for [`KNOWN_ADDRESS_DAYS`]. The account and address counters do not
//! apply to a known address, so someone failing on purpose elsewhere cannot lock the owner out
//! of their own address; there only the pair counter applies. A counter without a failure for
//! [`FORGET_AFTER_HOURS`] starts again at zero, and its row is deleted, so made-up usernames
//! leave no lasting rows.
//!
//! An attempt is counted as a failure *before* its password is checked (while it holds one of
//! the few password-check permits) and the count is taken back on success, so a burst of
//! concurrent guesses cannot get more checks than the limit allows. Administrators lift an
//! account's delays (`POST /admin/users/{id}/unlock`, `spotdesk-server admin unlock`:
//! [`crate::store::login_throttle::unlock_account_in`]). A wrong current password given to
//! `POST /auth/password` counts like a failed sign-in.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::login_throttle as store;
use axum::http::{header, HeaderValue, StatusCode};
use chrono::{DateTime, Duration, Utc};
use spotdesk_api::codes;
use std::net::IpAddr;

/// Delay after the first failure that starts delays.
pub const FIRST_DELAY_SECS: i64 = 30;
/// Longest delay.
pub const MAX_DELAY_SECS: i64 = 15 * 60;
/// A counter without failures for this long is forgotten.
pub const FORGET_AFTER_HOURS: i64 = 24;
/// How long after a successful sign-in its address stays known to the account.
pub const KNOWN_ADDRESS_DAYS: i64 = 30;

/// What a failure counter is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One account from one client address.
    Pair,
    /// One account from every address.
    Account,
    /// Every account from one address.
    Address,
}

impl Scope {
    /// Every scope.
    pub const ALL: [Scope; 3] = [Scope::Pair, Scope::Account, Scope::Address];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Pair => "pair",
            Scope::Account => "account",
            Scope::Address => "address",
        }
    }

    /// The scope of a stored name.
    pub fn parse(text: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Consecutive failures allowed before delays start.
    pub const fn free_failures(self) -> i64 {
        match self {
            Scope::Pair => 4,
            Scope::Account => 19,
            Scope::Address => 29,
        }
    }

    /// Whether the counter applies to an address the account signed in from recently.
    pub const fn applies_to_known_address(self) -> bool {
        matches!(self, Scope::Pair)
    }
}

/// The delay a counter imposes after its last failure, when it imposes one.
pub fn delay(scope: Scope, failures: i64) -> Option<Duration> {
    let over = failures.checked_sub(scope.free_failures() + 1)?;
    if over < 0 {
        return None;
    }
    // 30 s doubled `over` times; from 2^5 on it is past the cap anyway.
    let secs = FIRST_DELAY_SECS.saturating_mul(1 << over.min(5));
    Some(Duration::seconds(secs.min(MAX_DELAY_SECS)))
}

/// One failure counter as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    /// What it counts.
    pub scope: Scope,
    /// Consecutive failures.
    pub failures: i64,
    /// When the last one was counted.
    pub last_failure: DateTime<Utc>,
}

impl Counter {
    /// When its delay ends, if it imposes one that has not ended by `now`.
    pub fn locked_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let until = self.last_failure + delay(self.scope, self.failures)?;
        (until > now).then_some(until)
    }
}

/// A running delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lock {
    /// The counter that imposes it.
    pub scope: Scope,
    /// When it ends.
    pub until: DateTime<Utc>,
}

impl Lock {
    /// Whole seconds until it ends (at least 1).
    pub fn retry_after_secs(&self, now: DateTime<Utc>) -> i64 {
        let millis = (self.until - now).num_milliseconds();
        ((millis + 999) / 1000).max(1)
    }

    /// 429 `rate_limited` with `Retry-After`.
    pub fn error(&self, now: DateTime<Utc>) -> ApiError {
        let secs = self.retry_after_secs(now);
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            codes::RATE_LIMITED,
            format!("too many failed sign-ins; try again in {secs} seconds"),
        )
        .with_header(header::RETRY_AFTER, HeaderValue::from(secs))
    }
}

/// The delay that holds an attempt back: the longest running one among the counters that
/// apply (only the pair's on an address known to the account).
pub fn lock_in_force(
    counters: &[Counter],
    known_address: bool,
    now: DateTime<Utc>,
) -> Option<Lock> {
    counters
        .iter()
        .filter(|c| !known_address || c.scope.applies_to_known_address())
        .filter_map(|c| {
            c.locked_until(now).map(|until| Lock {
                scope: c.scope,
                until,
            })
        })
        .max_by_key(|l| l.until)
}

/// One sign-in attempt: the username as looked up and the client's address.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    /// The username sent (trimmed), whether or not such an account exists.
    pub username: &'a str,
    /// The client's address ([`crate::rate_limit::ClientAddr`]), `None` when unknown.
    pub address: Option<IpAddr>,
}

impl Attempt<'_> {
    /// The address as stored: its text, empty when unknown.
    pub fn address_key(&self) -> String {
        self.address.map(|a| a.to_string()).unwrap_or_default()
    }

    /// The address for logs: its text, `unknown` when unknown.
    fn client(&self) -> String {
        self.address
            .map_or_else(|| "unknown".to_owned(), |a| a.to_string())
    }
}

/// 429 when a delay holds this attempt back (a read only; nothing is counted).
pub async fn refuse_if_locked(state: &AppState, attempt: &Attempt<'_>) -> ApiResult<()> {
    let now = state.clock.now();
    match store::lock_in_force(&state.db, attempt, now).await? {
        Some(lock) => Err(refused(attempt, lock, now)),
        None => Ok(()),
    }
}

/// Counts the attempt as a failure ahead of its password check (taken back by
/// [`record_success`]); 429 instead, counting nothing, when a delay holds it back meanwhile.
pub async fn count_attempt(state: &AppState, attempt: &Attempt<'_>) -> ApiResult<Counted> {
    let now = state.clock.now();
    match store::count_attempt(&state.db, attempt, now).await? {
        Ok(counters) => Ok(Counted { counters, at: now }),
        Err(lock) => Err(refused(attempt, lock, now)),
    }
}

/// The 429 of a held-back attempt (logged at debug level: a flood must not flood the log).
fn refused(attempt: &Attempt<'_>, lock: Lock, now: DateTime<Utc>) -> ApiError {
    tracing::debug!(
        username = ?attempt.username,
        client = %attempt.client(),
        scope = lock.scope.as_str(),
        until = %lock.until,
        "sign-in refused: delayed after failed sign-ins"
    );
    lock.error(now)
}

/// An attempt counted as failed, with the counters after it.
#[derive(Debug, Clone)]
pub struct Counted {
    counters: Vec<Counter>,
    at: DateTime<Utc>,
}

impl Counted {
    /// Logs the failed sign-in (never the password) and every delay it starts.
    pub fn log_failure(&self, attempt: &Attempt<'_>) {
        let failures = |scope| {
            self.counters
                .iter()
                .find(|c| c.scope == scope)
                .map_or(0, |c| c.failures)
        };
        tracing::warn!(
            username = ?attempt.username,
            client = %attempt.client(),
            failures = failures(Scope::Pair),
            account_failures = failures(Scope::Account),
            address_failures = failures(Scope::Address),
            "failed sign-in"
        );
        for c in &self.counters {
            if let Some(until) = c.locked_until(self.at) {
                tracing::warn!(
                    username = ?attempt.username,
                    client = %attempt.client(),
                    scope = c.scope.as_str(),
                    failures = c.failures,
                    until = %until,
                    "sign-ins locked after consecutive failures"
                );
            }
        }
    }
}

/// Takes back the failure counted ahead, resets the account's and the pair's counters and
/// remembers the address as known to the account.
pub async fn record_success(state: &AppState, attempt: &Attempt<'_>) -> ApiResult<()> {
    Ok(store::record_success(&state.db, attempt, state.clock.now()).await?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn delays_start_at_the_threshold_double_and_stop_at_15_minutes() {
        let secs = |scope, n| delay(scope, n).map(|d| d.num_seconds());
        assert_eq!(secs(Scope::Pair, 0), None);
        assert_eq!(secs(Scope::Pair, 4), None);
        assert_eq!(secs(Scope::Pair, 5), Some(30));
        assert_eq!(secs(Scope::Pair, 6), Some(60));
        assert_eq!(secs(Scope::Pair, 9), Some(480));
        assert_eq!(secs(Scope::Pair, 10), Some(900));
        assert_eq!(secs(Scope::Pair, i64::MAX), Some(900));
        assert_eq!(secs(Scope::Account, 19), None);
        assert_eq!(secs(Scope::Account, 20), Some(30));
        assert_eq!(secs(Scope::Address, 29), None);
        assert_eq!(secs(Scope::Address, 30), Some(30));
        assert_eq!(secs(Scope::Address, i64::MIN), None);
        for s in Scope::ALL {
            assert_eq!(Scope::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn the_longest_applicable_delay_holds_and_known_addresses_skip_the_wide_ones() {
        let pair = Counter {
            scope: Scope::Pair,
            failures: 5,
            last_failure: at(0),
        };
        let account = Counter {
            scope: Scope::Account,
            failures: 21,
            last_failure: at(0),
        };
        let both = [pair, account];
        let lock = lock_in_force(&both, false, at(10)).unwrap();
        assert_eq!((lock.scope, lock.until), (Scope::Account, at(60)));
        assert_eq!(lock.retry_after_secs(at(10)), 50);
        let lock = lock_in_force(&both, true, at(10)).unwrap();
        assert_eq!((lock.scope, lock.until), (Scope::Pair, at(30)));
        assert_eq!(lock_in_force(&both, true, at(30)), None);
        assert_eq!(lock_in_force(&both, false, at(60)), None);
        assert_eq!(lock_in_force(&[], false, at(0)), None);
        let err = lock.error(at(29));
        assert_eq!(err.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(err.body.code, codes::RATE_LIMITED);
        assert!(err
            .headers
            .contains(&(header::RETRY_AFTER, HeaderValue::from(1))));
    }
}
