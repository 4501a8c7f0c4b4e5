//! Live streams end with their session.
//!
//! Every open `GET /events` stream registers the session it belongs to ([`StreamSessions::watch`]).
//! A session ends by logout, expiry, a password change or the user being disabled, on this
//! server process or another one on the same database. Logout on this process ends its
//! streams at once ([`StreamSessions::end`]); everything else is found by the sweeper
//! ([`spawn_sweeper`]), which every [`SWEEP_SECS`] asks the database, in one query per
//! 500 sessions, which of the sessions with open streams still exist. So a stream outlives its
//! session by at most a few seconds, at a cost independent of the number of streams.

use crate::db::{self, Pool};
use chrono::{DateTime, Utc};
use sqlx::Arguments as _;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

/// Seconds between two checks of the sessions that have open streams.
pub const SWEEP_SECS: u64 = 2;
/// Sessions asked about in one query.
const CHUNK: usize = 500;

/// One session's open streams.
#[derive(Debug)]
struct Entry {
    ended: watch::Sender<bool>,
    streams: usize,
}

/// The sessions that have open streams on this process.
#[derive(Debug, Default)]
pub struct StreamSessions {
    open: Mutex<HashMap<String, Entry>>,
}

/// A stream's hold on its session; resolves [`SessionWatch::ended`] when the session ends.
#[derive(Debug)]
pub struct SessionWatch {
    hash: String,
    ended: watch::Receiver<bool>,
    registry: Arc<StreamSessions>,
}

impl SessionWatch {
    /// Resolves once the session has ended (at once if it already has).
    pub async fn ended(&mut self) {
        if self.ended.wait_for(|ended| *ended).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

impl Drop for SessionWatch {
    fn drop(&mut self) {
        let mut open = self.registry.lock();
        if let Some(entry) = open.get_mut(&self.hash) {
            entry.streams = entry.streams.saturating_sub(1);
            if entry.streams == 0 {
                open.remove(&self.hash);
            }
        }
    }
}

impl StreamSessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        match self.open.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Registers a stream of the session stored as `hash`.
    pub fn watch(self: &Arc<Self>, hash: &str) -> SessionWatch {
        let mut open = self.lock();
        let entry = open.entry(hash.to_owned()).or_insert_with(|| Entry {
            ended: watch::channel(false).0,
            streams: 0,
        });
        entry.streams += 1;
        SessionWatch {
            hash: hash.to_owned(),
            ended: entry.ended.subscribe(),
            registry: Arc::clone(self),
        }
    }

    /// Ends the streams of a session (it was signed out on this process).
    pub fn end(&self, hash: &str) {
        if let Some(entry) = self.lock().get(hash) {
            entry.ended.send_replace(true);
        }
    }

    /// Number of sessions with open streams.
    pub fn sessions(&self) -> usize {
        self.lock().len()
    }

    /// Ends the streams of every session that no longer exists or has expired at `now`;
    /// returns how many sessions were ended.
    pub async fn sweep(&self, pool: &Pool, now: DateTime<Utc>) -> Result<usize, sqlx::Error> {
        let hashes: Vec<String> = self.lock().keys().cloned().collect();
        let mut ended = 0;
        for chunk in hashes.chunks(CHUNK) {
            let live = live_sessions(pool, chunk, now).await?;
            for hash in chunk.iter().filter(|h| !live.contains(*h)) {
                self.end(hash);
                ended += 1;
            }
        }
        Ok(ended)
    }
}

/// Which of `hashes` are sessions that exist and have not expired at `now`.
async fn live_sessions(
    pool: &Pool,
    hashes: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<String>, sqlx::Error> {
    let placeholders: Vec<String> = (2..hashes.len() + 2).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT token_hash FROM sessions WHERE expires_at > $1 AND token_hash IN ({})",
        placeholders.join(", ")
    );
    let mut args = sqlx::any::AnyArguments::default();
    args.add(db::ts(now)).map_err(sqlx::Error::Encode)?;
    for h in hashes {
        args.add(h.clone()).map_err(sqlx::Error::Encode)?;
    }
    sqlx::query_scalar_with(&sql, args).fetch_all(pool).await
}

/// Checks the sessions of open streams every [`SWEEP_SECS`] until the server shuts down.
pub fn spawn_sweeper(state: crate::AppState) {
    tokio::spawn(async move {
        let mut shutdown = state.shutdown.subscribe();
        let mut tick = tokio::time::interval(Duration::from_secs(SWEEP_SECS));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = shutdown.wait_for(|down| *down) => return,
            }
            if state.stream_sessions.sessions() == 0 {
                continue;
            }
            let now = state.clock.now();
            match state.stream_sessions.sweep(&state.db, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, "ended the live streams of ended sessions"),
                Err(e) => tracing::warn!(error = %e, "cannot check the sessions of live streams"),
            }
        }
    });
}
