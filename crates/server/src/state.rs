//! Shared application state handed to every handler.

pub use crate::clock::Clock;
use crate::config::Config;
use crate::db::Pool;
use spotdesk_api::Catalogue;
use std::sync::{Arc, RwLock};
use tokio::sync::{broadcast, watch};

/// Everything handlers share: the pool, the cached catalogue and the change bus.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Pool,
    /// The service catalogue, loaded from the database at start (kept in memory: every ticket
    /// create validates against it).
    catalogue: Arc<RwLock<Arc<Catalogue>>>,
    /// Wakes `GET /events` streams after a change commits; carries the newest sequence number.
    pub changes: broadcast::Sender<i64>,
    /// Set to `true` when the server shuts down, ending long-lived streams.
    pub shutdown: Arc<watch::Sender<bool>>,
    /// The configuration the server was started with.
    pub config: Arc<Config>,
    /// Per-client counters of public look-ups.
    pub public_limiter: Arc<crate::rate_limit::RateLimiter>,
    /// The server's one clock: every time-based rule reads it; `--test-clock` tests move it.
    pub clock: Arc<Clock>,
    /// The bounded, pooled argon2 checks of sign-ins.
    pub password_checks: Arc<crate::password_check::PasswordChecks>,
    /// Sessions with open live streams, so the streams end with their session.
    pub stream_sessions: Arc<crate::stream_sessions::StreamSessions>,
    /// Imports started by uploads to `/admin/imports` and their limits.
    pub imports: Arc<crate::import_jobs::ImportJobs>,
    /// The street plan of the address register, with the import it was drawn from.
    street_plan: Arc<std::sync::Mutex<Option<CachedStreetPlan>>>,
}

/// A street plan with the address import it was drawn from.
type CachedStreetPlan = (i64, Arc<spotdesk_api::StreetPlan>);

impl AppState {
    /// Assembles the state around the clock `prepare` started with.
    pub fn new(db: Pool, catalogue: Catalogue, config: Config, clock: Arc<Clock>) -> Self {
        let (changes, _) = broadcast::channel(256);
        let (shutdown, _) = watch::channel(false);
        Self {
            db,
            catalogue: Arc::new(RwLock::new(Arc::new(catalogue))),
            changes,
            shutdown: Arc::new(shutdown),
            public_limiter: Arc::new(crate::rate_limit::RateLimiter::new(
                config.public_rate_limit,
                config.public_rate_window,
            )),
            password_checks: Arc::new(crate::password_check::PasswordChecks::new(
                config
                    .max_password_checks
                    .map_or_else(crate::password_check::default_permits, |n| n as usize),
            )),
            config: Arc::new(config),
            clock,
            stream_sessions: Arc::default(),
            imports: Arc::default(),
            street_plan: Arc::default(),
        }
    }

    /// The current catalogue.
    pub fn catalogue(&self) -> Arc<Catalogue> {
        match self.catalogue.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replaces the cached catalogue (after it was stored).
    pub fn set_catalogue(&self, catalogue: Catalogue) {
        let mut guard = match self.catalogue.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Arc::new(catalogue);
    }

    /// The cached street plan when it was drawn from address import `import`.
    pub fn street_plan(&self, import: i64) -> Option<Arc<spotdesk_api::StreetPlan>> {
        let guard = match self.street_plan.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        guard
            .as_ref()
            .filter(|(at, _)| *at == import)
            .map(|(_, plan)| plan.clone())
    }

    /// Keeps `plan`, drawn from address import `import`, for the next requests.
    pub fn set_street_plan(&self, import: i64, plan: Arc<spotdesk_api::StreetPlan>) {
        let mut guard = match self.street_plan.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Some((import, plan));
    }

    /// Ends long-lived streams (called on shutdown).
    pub fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Tells live event streams that changes up to `seq` are committed.
    pub fn notify_change(&self, seq: i64) {
        // No receivers is fine: nobody is listening.
        let _ = self.changes.send(seq);
    }
}
