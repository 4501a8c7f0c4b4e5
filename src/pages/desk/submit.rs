//! Sending a draft: validate with `spotdesk_core`, send with the draft's idempotency key,
//! queue in the outbox when the network fails, and acknowledge only what the server answered.

use super::draft::{value_error, Draft};
use crate::api::{self, ApiError};
use crate::outbox::{backoff_ms, is_online, Outbox, OutboxItem};
use crate::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Catalogue, FieldError, Service, Ticket};
use spotdesk_core::validate;
use wasm_bindgen::JsCast;

/// What the form tells the agent after an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// Registered as ticket `id`.
    Created(i64),
    /// Added to ticket `id` as a repeat contact.
    Repeat(i64),
    /// Put in the outbox: will be sent when the network returns.
    Queued,
}

/// The form's submission state, `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct Submitter {
    pub app: AppState,
    pub outbox: Outbox,
    pub user_id: i64,
    pub draft: Draft,
    pub cat: StoredValue<Catalogue>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub failure: RwSignal<Option<ApiError>>,
    pub busy: RwSignal<bool>,
    pub notice: RwSignal<Option<Notice>>,
    pub on_created: Callback<Ticket>,
}

impl Submitter {
    /// Validates and sends the draft (or, when it is already queued, sends the queue now).
    pub fn submit(self, service: Option<Service>) {
        if self.busy.get_untracked() {
            return;
        }
        self.failure.set(None);
        self.notice.set(None);
        let key = self.draft.key.get_untracked();
        if untrack(|| self.outbox.contains(&key)) {
            self.outbox.flush_now(self.app);
            self.notice.set(Some(Notice::Queued));
            return;
        }
        let input = self.draft.to_new_ticket(service.as_ref());
        let mut errors = Vec::new();
        let valid = self
            .cat
            .with_value(|c| validate::validate_new_ticket(&input, c))
            .map_err(|e| errors.extend(e))
            .ok();
        errors.extend(value_error(&self.draft.value.get_untracked()));
        let Some(valid) = valid.filter(|_| errors.is_empty()) else {
            self.errors.set(errors);
            focus_first_invalid();
            return;
        };
        self.errors.set(vec![]);
        let body = valid.ticket;
        // Show the number as it will be stored.
        self.draft.phone.set(body.customer_phone.clone());
        let now = js_sys::Date::now();
        let mut item = OutboxItem {
            key: key.clone(),
            user_id: self.user_id,
            body: body.clone(),
            draft: serde_json::to_value(untrack(|| self.draft.snapshot())).unwrap_or_default(),
            queued_at: now,
            attempts: 0,
            next_at: now,
            refused: None,
        };
        if !is_online() {
            self.outbox.enqueue(item);
            self.notice.set(Some(Notice::Queued));
            return;
        }
        self.busy.set(true);
        let app = self.app;
        spawn_local(async move {
            let (b, k) = (body, key.clone());
            let r = app
                .call(|c| async move { api::tickets::create(&c, &b, &k).await })
                .await;
            self.busy.set(false);
            match r {
                Ok(t) => self.finish(&key, t, true),
                Err(e) if e.is_no_answer() => {
                    // No answer: the server may or may not have it. The same key makes the
                    // automatic resend safe either way.
                    item.attempts = 1;
                    item.next_at = js_sys::Date::now() + backoff_ms(1);
                    self.outbox.enqueue(item);
                    self.failure.set(Some(e));
                    self.notice.set(Some(Notice::Queued));
                }
                Err(e) => {
                    self.errors.set(e.field_errors().to_vec());
                    let fields = !e.field_errors().is_empty();
                    self.failure.set(Some(e));
                    if fields {
                        focus_first_invalid();
                    }
                }
            }
        });
    }

    /// The server acknowledged the draft `key` as ticket `t`: clear the form for the next call.
    pub fn finish(self, key: &str, t: Ticket, report: bool) {
        Outbox::remember_delivered(key, t.id.0);
        self.outbox.remove(key);
        // The form may be gone (the agent moved on); the saved draft is then cleared on return.
        if self.draft.key.try_get_untracked().as_deref() != Some(key) {
            return;
        }
        self.draft.reset();
        self.errors.set(vec![]);
        self.failure.set(None);
        self.notice.set(Some(Notice::Created(t.id.0)));
        if report {
            self.on_created.run(t);
        }
        super::picker::focus_by_id("ticket-service-search");
    }
}

/// Moves keyboard focus to the first field marked invalid, once the DOM shows the marks.
pub fn focus_first_invalid() {
    request_animation_frame(|| {
        let el = web_sys::window().and_then(|w| w.document()).and_then(|d| {
            d.query_selector(".ticket-form [aria-invalid=\"true\"]")
                .ok()
                .flatten()
        });
        if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}
