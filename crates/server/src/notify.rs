//! Delivery of the notification outbox through an adapter.
//!
//! - [`LogAdapter`] (default) writes each message to the log.
//! - [`WebhookAdapter`] (`--notify-webhook URL`) POSTs each message as JSON to the URL and
//!   retries with exponential back-off; a message is marked sent only after a 2xx answer.

use crate::db;
use crate::db::Pool;
use crate::state::{AppState, Clock};
use serde::Serialize;
use spotdesk_core::public::backoff;
use sqlx::Row;
use std::time::Duration;

/// How often the worker looks for unsent messages.
const POLL: Duration = Duration::from_secs(2);
/// Messages taken per round.
const BATCH: i64 = 50;

/// One outbox message, as adapters receive it (and as the webhook body).
#[derive(Debug, Clone, Serialize)]
pub struct OutboxMessage {
    pub id: i64,
    /// `sms` (complainants of tickets) or `subscription` (public subscribers).
    pub channel: String,
    /// Where to send it: the customer's phone or contact.
    pub recipient: String,
    /// `fix_done`, `reply` (a staff reply about a ticket) or `message`.
    pub kind: String,
    /// The kind-specific body (for `fix_done`: source, source_id, rating_token, note; for
    /// `reply`: source `ticket`, source_id, ticket_id, comment_id, text).
    pub payload: serde_json::Value,
    pub created_at: String,
}

/// A delivery channel.
pub enum Adapter {
    /// Writes messages to the log.
    Log(LogAdapter),
    /// POSTs messages to a URL.
    Webhook(WebhookAdapter),
}

impl Adapter {
    /// The adapter the configuration asks for: the webhook, else the log (in full when
    /// `full`: development and demos).
    pub fn from_config(webhook: Option<&str>, full: bool) -> Self {
        match webhook {
            Some(url) => Adapter::Webhook(WebhookAdapter::new(url)),
            None => Adapter::Log(LogAdapter { full }),
        }
    }

    /// Delivers one message; `Err` leaves it in the outbox for the next round.
    pub async fn deliver(&self, msg: &OutboxMessage) -> Result<(), String> {
        match self {
            Adapter::Log(a) => a.deliver(msg),
            Adapter::Webhook(a) => a.deliver(msg).await,
        }
    }
}

/// The default adapter: logs the message (recipient masked, or everything when `full`) and
/// counts it as sent.
pub struct LogAdapter {
    /// Log the recipient, the payload and the rating link (`/rate/<token>`) as they are.
    pub full: bool,
}

impl LogAdapter {
    fn deliver(&self, msg: &OutboxMessage) -> Result<(), String> {
        if self.full {
            let link = msg
                .payload
                .get("rating_token")
                .and_then(|t| t.as_str())
                .map(|t| format!("/rate/{t}"))
                .unwrap_or_default();
            tracing::warn!(id = msg.id, channel = %msg.channel, kind = %msg.kind,
                recipient = %msg.recipient, payload = %msg.payload, rating_link = %link,
                "notification delivered (log adapter, in full: development only)");
            return Ok(());
        }
        let masked: String = msg
            .recipient
            .chars()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        tracing::info!(id = msg.id, channel = %msg.channel, kind = %msg.kind,
            recipient = %format!("…{masked}"), "notification delivered (log adapter)");
        Ok(())
    }
}

/// POSTs JSON to a URL with retries.
pub struct WebhookAdapter {
    url: String,
    client: reqwest::Client,
    /// Attempts per message per round.
    pub attempts: u32,
    /// First retry delay (doubles each time, capped at 30 s).
    pub base_delay: Duration,
}

impl WebhookAdapter {
    /// An adapter posting to `url` (3 attempts, 500 ms first back-off, 10 s timeout).
    pub fn new(url: &str) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        Self {
            url: url.to_owned(),
            client,
            attempts: 3,
            base_delay: Duration::from_millis(500),
        }
    }

    async fn deliver(&self, msg: &OutboxMessage) -> Result<(), String> {
        let mut last = String::new();
        for attempt in 0..self.attempts.max(1) {
            if attempt > 0 {
                tokio::time::sleep(backoff(
                    attempt - 1,
                    self.base_delay,
                    Duration::from_secs(30),
                ))
                .await;
            }
            match self.client.post(&self.url).json(msg).send().await {
                Ok(r) if r.status().is_success() => return Ok(()),
                Ok(r) => last = format!("webhook answered {}", r.status()),
                Err(e) => last = format!("webhook failed: {e}"),
            }
            tracing::warn!(id = msg.id, attempt, error = %last, "webhook delivery failed");
        }
        Err(last)
    }
}

/// Unsent messages, oldest first.
pub async fn pending(pool: &Pool, limit: i64) -> Result<Vec<OutboxMessage>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, channel, recipient, kind, payload, created_at FROM notification_outbox \
         WHERE sent_at IS NULL ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let payload: String = row.try_get(4)?;
        out.push(OutboxMessage {
            id: row.try_get(0)?,
            channel: row.try_get(1)?,
            recipient: row.try_get(2)?,
            kind: row.try_get(3)?,
            payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
            created_at: row.try_get(5)?,
        });
    }
    Ok(out)
}

/// Key of the PostgreSQL advisory lock held by the one server process delivering a batch.
const DELIVERY_LOCK_KEY: i64 = 0x5370_6f74_6f75_7462; // "Spotoutb"

/// Delivers up to one batch of unsent messages; returns how many were delivered.
///
/// On PostgreSQL several server processes share the outbox: a session advisory lock lets one
/// of them deliver at a time (the others skip the round), so a message is not sent once per
/// process. Delivery stays at-least-once (a crash between sending and marking resends).
/// `sent_at` is the `clock`'s time when each message was handed over.
pub async fn deliver_pending(
    pool: &Pool,
    adapter: &Adapter,
    clock: &Clock,
) -> Result<usize, sqlx::Error> {
    if db::Backend::of_pool(pool) != db::Backend::Postgres {
        return deliver_batch(pool, adapter, clock).await;
    }
    let mut conn = pool.acquire().await?;
    let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(DELIVERY_LOCK_KEY)
        .fetch_one(&mut *conn)
        .await?;
    if !locked {
        return Ok(0);
    }
    let result = deliver_batch(pool, adapter, clock).await;
    let unlocked = sqlx::query_scalar::<_, bool>("SELECT pg_advisory_unlock($1)")
        .bind(DELIVERY_LOCK_KEY)
        .fetch_one(&mut *conn)
        .await;
    if !matches!(unlocked, Ok(true)) {
        // Never hand a connection that may still hold the lock back to the pool.
        drop(conn.detach());
    }
    result
}

/// One delivery round without coordination.
async fn deliver_batch(
    pool: &Pool,
    adapter: &Adapter,
    clock: &Clock,
) -> Result<usize, sqlx::Error> {
    let mut sent = 0;
    for msg in pending(pool, BATCH).await? {
        if adapter.deliver(&msg).await.is_ok() {
            sqlx::query("UPDATE notification_outbox SET sent_at = $1 WHERE id = $2")
                .bind(db::ts(clock.now()))
                .bind(msg.id)
                .execute(pool)
                .await?;
            sent += 1;
        }
    }
    Ok(sent)
}

/// Runs delivery rounds in the background until shutdown.
pub fn spawn_worker(state: AppState) {
    let full = state.config.log_full_messages || state.config.demo;
    let adapter = Adapter::from_config(state.config.notify_webhook.as_deref(), full);
    let mut stop = state.shutdown.subscribe();
    tokio::spawn(async move {
        loop {
            if let Err(e) = deliver_pending(&state.db, &adapter, &state.clock).await {
                tracing::warn!(error = %e, "outbox delivery round failed");
            }
            tokio::select! {
                () = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => break,
            }
        }
    });
}
