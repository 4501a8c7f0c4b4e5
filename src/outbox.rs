//! The outbox: ticket registrations that could not reach the server, kept in localStorage
//! and sent again automatically (on the `online` event and on a timer with backoff).
//!
//! Every item carries the idempotency key of its draft, so however often it is sent, the
//! server registers it once. An item leaves the outbox only when the server acknowledged it.

use crate::api::{self, ApiError};
use crate::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use spotdesk_api::{ErrorBody, NewTicket, Ticket};
use wasm_bindgen::prelude::*;

/// localStorage key of the queued items.
const ITEMS_KEY: &str = "spotdesk.outbox";
/// localStorage key of `(idempotency key, ticket id)` pairs the outbox delivered lately.
const DELIVERED_KEY: &str = "spotdesk.outbox.delivered";
/// How many delivered pairs are remembered.
const DELIVERED_KEEP: usize = 50;
/// First retry delay; doubles per attempt up to [`MAX_DELAY_MS`].
const FIRST_DELAY_MS: f64 = 1_000.0;
const MAX_DELAY_MS: f64 = 30_000.0;
/// How often the outbox looks for due items.
const TICK_MS: i32 = 1_000;

/// One queued registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    /// Idempotency key (the draft's).
    pub key: String,
    /// The user who queued it: only their session sends it (keys are per user).
    pub user_id: i64,
    pub body: NewTicket,
    /// The form's draft as it was, so the work can be put back into the form.
    pub draft: serde_json::Value,
    /// `Date.now()` when queued.
    pub queued_at: f64,
    pub attempts: u32,
    /// `Date.now()` of the next attempt.
    pub next_at: f64,
    /// Set when the server refused it for good (4xx): no more automatic retries.
    pub refused: Option<Refusal>,
}

/// A definitive refusal (status and error body), kept to show the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub status: u16,
    pub body: Option<ErrorBody>,
}

impl Refusal {
    /// The refusal as an [`ApiError`] for display.
    pub fn error(&self) -> ApiError {
        ApiError::Http {
            status: self.status,
            body: self.body.clone(),
            retry_after: None,
        }
    }
}

/// The outbox, shared through context; `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct Outbox {
    items: RwSignal<Vec<OutboxItem>>,
    /// Tickets delivered by the outbox in this page's life, with their keys, oldest first.
    pub delivered: RwSignal<Vec<(String, Ticket)>>,
    sending: StoredValue<bool>,
}

impl Outbox {
    /// The outbox as stored.
    pub fn load() -> Self {
        let items = crate::storage::get(ITEMS_KEY)
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        Self {
            items: RwSignal::new(items),
            delivered: RwSignal::new(Vec::new()),
            sending: StoredValue::new(false),
        }
    }

    fn save(&self) {
        self.items.with_untracked(|v| {
            if let Ok(json) = serde_json::to_string(v) {
                crate::storage::set(ITEMS_KEY, &json);
            }
        });
    }

    /// Queues a registration (replacing an item with the same key) and tries to send it soon.
    pub fn enqueue(&self, item: OutboxItem) {
        self.items.update(|v| {
            v.retain(|i| i.key != item.key);
            v.push(item);
        });
        self.save();
    }

    /// Items of one user, tracked.
    pub fn items_of(&self, user_id: i64) -> Vec<OutboxItem> {
        self.items
            .with(|v| v.iter().filter(|i| i.user_id == user_id).cloned().collect())
    }

    /// Whether an item with this key is queued, tracked.
    pub fn contains(&self, key: &str) -> bool {
        self.items.with(|v| v.iter().any(|i| i.key == key))
    }

    /// Drops an item (the user discarded it or took it back into the form).
    pub fn remove(&self, key: &str) {
        self.items.update(|v| v.retain(|i| i.key != key));
        self.save();
    }

    /// The ticket id an earlier delivery of `key` produced, if remembered.
    pub fn delivered_id(key: &str) -> Option<i64> {
        load_delivered()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, id)| id)
    }

    /// Remembers that `key` produced ticket `id` (also for sends made by the form itself).
    pub fn remember_delivered(key: &str, id: i64) {
        let mut list = load_delivered();
        list.retain(|(k, _)| k != key);
        list.push((key.to_owned(), id));
        let skip = list.len().saturating_sub(DELIVERED_KEEP);
        let list: Vec<_> = list.into_iter().skip(skip).collect();
        if let Ok(json) = serde_json::to_string(&list) {
            crate::storage::set(DELIVERED_KEY, &json);
        }
    }

    /// Makes every waiting item due now and sends.
    pub fn flush_now(self, app: AppState) {
        let now = js_sys::Date::now();
        self.items.update(|v| {
            for i in v.iter_mut().filter(|i| i.refused.is_none()) {
                i.next_at = now;
            }
        });
        self.save();
        self.tick(app);
    }

    /// Starts the timer and the `online` listener for the app's lifetime.
    pub fn start(self, app: AppState) {
        let tick = Closure::<dyn Fn()>::new(move || self.tick(app));
        let online = Closure::<dyn Fn()>::new(move || self.flush_now(app));
        if let Some(w) = web_sys::window() {
            let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                TICK_MS,
            );
            let _ = w.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        }
        // Both live as long as the page.
        tick.forget();
        online.forget();
    }

    /// Sends the first due item of the signed-in user, if online and nothing is in flight.
    /// A session that must first replace a one-time password sends nothing: the server would
    /// refuse (403), which is no verdict on the ticket; it waits for the new password.
    fn tick(self, app: AppState) {
        if self.sending.get_value() || !is_online() {
            return;
        }
        let Some(user_id) = app.session.with_untracked(|s| {
            s.as_ref()
                .filter(|s| !s.user.must_change_password)
                .map(|s| s.user.id.0)
        }) else {
            return;
        };
        let now = js_sys::Date::now();
        let due = self.items.with_untracked(|v| {
            v.iter()
                .find(|i| i.user_id == user_id && i.refused.is_none() && i.next_at <= now)
                .cloned()
        });
        let Some(item) = due else { return };
        self.sending.set_value(true);
        spawn_local(async move {
            let (body, key) = (item.body.clone(), item.key.clone());
            let r = app
                .call(|c| async move { api::tickets::create(&c, &body, &key).await })
                .await;
            self.settle(&item.key, r);
            self.sending.set_value(false);
        });
    }

    /// Applies the answer to one send.
    fn settle(&self, key: &str, r: Result<Ticket, ApiError>) {
        match r {
            Ok(t) => {
                Self::remember_delivered(key, t.id.0);
                self.items.update(|v| v.retain(|i| i.key != key));
                self.delivered.update(|d| d.push((key.to_owned(), t)));
            }
            Err(e) => {
                let now = js_sys::Date::now();
                self.items.update(|v| {
                    if let Some(i) = v.iter_mut().find(|i| i.key == key) {
                        if is_transient(&e) {
                            i.attempts += 1;
                            i.next_at = now + backoff_ms(i.attempts);
                        } else if let ApiError::Http { status, body, .. } = e {
                            i.refused = Some(Refusal { status, body });
                        }
                    }
                });
            }
        }
        self.save();
    }
}

/// Whether sending again later may succeed: no answer, a server error, overload, or an
/// ended session (the item waits for the user to sign in again).
pub fn is_transient(e: &ApiError) -> bool {
    match e {
        ApiError::Http { status, .. } => matches!(status, 401 | 408 | 429 | 500..=599),
        e => e.is_no_answer(),
    }
}

/// Delay before attempt `attempts + 1`: 1 s, 2 s, 4 s … at most 30 s.
pub fn backoff_ms(attempts: u32) -> f64 {
    let exp = attempts.saturating_sub(1).min(16);
    (FIRST_DELAY_MS * f64::from(1u32 << exp)).min(MAX_DELAY_MS)
}

/// `navigator.onLine` (true when unknown).
pub fn is_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

fn load_delivered() -> Vec<(String, i64)> {
    crate::storage::get(DELIVERED_KEY)
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

/// The outbox from context.
pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff_ms(1), 1_000.0);
        assert_eq!(backoff_ms(2), 2_000.0);
        assert_eq!(backoff_ms(3), 4_000.0);
        assert_eq!(backoff_ms(10), 30_000.0);
        assert_eq!(backoff_ms(u32::MAX), 30_000.0);
    }

    #[test]
    fn only_answers_that_may_change_are_retried() {
        assert!(is_transient(&ApiError::Network("x".into())));
        assert!(is_transient(&ApiError::Timeout));
        for status in [401, 429, 500, 503] {
            assert!(
                is_transient(&ApiError::Http {
                    status,
                    body: None,
                    retry_after: None
                }),
                "{status}"
            );
        }
        for status in [400, 403, 422] {
            assert!(
                !is_transient(&ApiError::Http {
                    status,
                    body: None,
                    retry_after: None
                }),
                "{status}"
            );
        }
    }
}
