//! The server's one clock: every "now" of the server comes from [`Clock::now`].
//!
//! Real time, truncated to microseconds (what the database stores), plus an offset that only
//! `POST /test/clock` changes (servers started with `--test-clock`). So a test that moves the
//! clock moves every time-based rule at once: escalations, SLA deadlines and the "now" of
//! ticket filters, sessions and stream tickets, sign-in delays, public rate windows, and the
//! timestamps of changes, comments, ratings and outbox deliveries.
//!
//! Handlers read `state.clock.now()`, store functions take `now` as a parameter, background
//! workers read `state.clock`. This module is the only one that reads the wall clock
//! (`tests/tidy.rs` and `crates/server/clippy.toml` keep it so); measuring how long something
//! took with `Instant` is not reading the time and is fine anywhere.
//!
//! Sessions follow this clock too: moving it more than
//! [`SESSION_HOURS`](crate::auth::SESSION_HOURS) ahead ends every session, so a test that
//! does so signs in again afterwards.

use chrono::{DateTime, Duration, Utc};
use std::sync::atomic::{AtomicI64, Ordering};

/// Real time plus an offset that only the test-clock endpoint changes.
#[derive(Debug, Default)]
pub struct Clock {
    offset_seconds: AtomicI64,
}

impl Clock {
    /// The current instant as every rule of the server sees it, to the microsecond.
    pub fn now(&self) -> DateTime<Utc> {
        // The one reading of the wall clock on the server (see the module docs).
        #[allow(clippy::disallowed_methods)]
        let real = Utc::now();
        let real = DateTime::from_timestamp_micros(real.timestamp_micros()).unwrap_or(real);
        real + Duration::seconds(self.offset())
    }

    /// Seconds ahead of real time.
    pub fn offset(&self) -> i64 {
        self.offset_seconds.load(Ordering::Relaxed)
    }

    /// Sets how far ahead of real time the clock runs.
    pub fn set_offset(&self, seconds: i64) {
        self.offset_seconds.store(seconds, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_ahead_by_the_offset_in_whole_microseconds() {
        let clock = Clock::default();
        let before = clock.now();
        assert_eq!(before.timestamp_subsec_nanos() % 1_000, 0);
        clock.set_offset(3_600);
        let after = clock.now();
        assert_eq!(clock.offset(), 3_600);
        assert!(
            after - before >= Duration::seconds(3_600),
            "{before} {after}"
        );
        assert!(
            after - before < Duration::seconds(3_660),
            "{before} {after}"
        );
    }
}
