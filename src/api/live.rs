//! The live change stream (`GET /events`, server-sent events) with everything a board needs
//! to stay in step with the API:
//!
//! * authentication without the bearer token in a URL: before every (re)connect a single-use
//!   stream ticket is fetched with the normal `Authorization` header
//!   (`POST /events/stream-tickets`, [`stream_ticket`]) and the stream opened with
//!   `?stream_ticket=` ([`stream_url`]); `EventSource` cannot send headers;
//! * the end of the session: the server's last event `signed-out` (or a 401 for a new ticket)
//!   closes the stream for good and signs the user out locally, so the page shows the sign-in
//!   screen, whichever tab or device ended the session;
//! * heartbeats: the server sends `event: heartbeat` every 15 s of silence; no message for
//!   [`WATCHDOG_MS`] counts as a dead connection;
//! * reconnect with exponential backoff ([`backoff_ms`]) and `last_event_id`, so changes
//!   made while away are replayed;
//! * a polling fallback while the stream is down (the caller refetches on every tick);
//! * [`LiveStatus`] for an on-screen sign, and a re-sync (a tick) after every reconnect, so
//!   the screen reaches the API's state whatever was missed.
//!
//! The caller watches [`Live::version`]: it changes whenever the data may have changed. A
//! `configuration` change also makes every catalogue resource fetch `GET /catalogue` again
//! (`AppState::catalogue_changed`).
//!
//! One feed per tab, for the whole session ([`provide_session_feed`], started by the app):
//! every page, the desk included, learns within seconds that its session ended (signed out
//! elsewhere, the account disabled, its password reset or role changed), and pages that
//! follow changes ([`use_live`]) share it instead of each opening a stream. A session that
//! must first replace a one-time password gets no feed (the server would refuse its ticket).

use super::client::{ApiError, Client};
use crate::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{ChangeEvent, EntityKind, StreamTicket, SIGNED_OUT_EVENT};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

/// No message (change or heartbeat) for this long: the connection is presumed dead.
pub const WATCHDOG_MS: u32 = 40_000;
/// Polling period while the stream is down.
pub const POLL_MS: u32 = 5_000;

/// The state of the live connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveStatus {
    /// Opening the first connection.
    Connecting,
    /// Receiving live changes.
    Live,
    /// The stream is down; reconnecting with backoff and polling meanwhile.
    Interrupted,
}

/// A running live feed.
#[derive(Debug, Clone, Copy)]
pub struct Live {
    /// Connection state, for the on-screen sign.
    pub status: ReadSignal<LiveStatus>,
    /// Bumped on every change, every poll while interrupted and every reconnect.
    pub version: ReadSignal<u64>,
    /// The newest change seen (`None` before the first).
    pub last_change: ReadSignal<Option<ChangeEvent>>,
}

/// Milliseconds to wait before reconnect attempt `attempt` (0-based): 1 s doubling to 30 s.
pub fn backoff_ms(attempt: u32) -> u32 {
    1_000u32.saturating_mul(1 << attempt.min(5)).min(30_000)
}

/// `POST /events/stream-tickets`: a single-use ticket that opens one stream within a minute.
pub async fn stream_ticket(c: &Client) -> Result<StreamTicket, ApiError> {
    c.post_bare("/events/stream-tickets").await
}

/// The URL that opens the stream at `events_url` with `ticket`, resuming after `last_seq`.
pub fn stream_url(events_url: &str, ticket: &str, last_seq: Option<i64>) -> String {
    let mut url = format!(
        "{events_url}?stream_ticket={}",
        crate::url::encode_query_value(ticket)
    );
    if let Some(seq) = last_seq {
        url.push_str(&format!("&last_event_id={seq}"));
    }
    url
}

/// Mutable connection state shared by the callbacks.
#[derive(Default)]
struct Inner {
    source: Option<EventSource>,
    /// Keeps the event handlers alive while the source is open.
    handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    last_seq: Option<i64>,
    attempt: u32,
    /// `Date.now()` of the last message.
    last_seen: f64,
    stopped: bool,
    /// Bumped per connection, so stale timers of an old connection do nothing.
    generation: u64,
}

type Shared = Rc<RefCell<Inner>>;

/// Signals the callbacks update.
#[derive(Clone, Copy)]
struct Sinks {
    app: AppState,
    set_status: WriteSignal<LiveStatus>,
    set_version: WriteSignal<u64>,
    set_last: WriteSignal<Option<ChangeEvent>>,
}

impl Sinks {
    fn bump(&self) {
        self.set_version.update(|v| *v += 1);
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Starts a (re)connection, closing any previous stream: fetches a stream ticket, then opens
/// the stream with it ([`open`]).
fn connect(inner: &Shared, sinks: Sinks) {
    let generation = {
        let mut me = inner.borrow_mut();
        if me.stopped {
            return;
        }
        if let Some(old) = me.source.take() {
            old.close();
        }
        me.handlers.clear();
        me.generation += 1;
        me.generation
    };
    let inner = inner.clone();
    spawn_local(async move {
        // Through `AppState::call`: a 401 (the session is gone) signs the user out locally.
        let ticket = sinks
            .app
            .call(|c| async move { stream_ticket(&c).await })
            .await;
        let current = {
            let me = inner.borrow();
            !me.stopped && me.generation == generation
        };
        if !current {
            return;
        }
        match ticket {
            Ok(t) => open(&inner, sinks, generation, &t.ticket),
            Err(e) if e.status() == Some(401) => stop(&inner),
            Err(_) => interrupted(&inner, sinks, generation),
        }
    });
}

/// Opens the stream of `generation` with a fresh stream `ticket`.
fn open(inner: &Shared, sinks: Sinks, generation: u64, ticket: &str) {
    let mut me = inner.borrow_mut();
    // A client without the token: nothing of the session but the ticket goes into the URL.
    let events = Client::new(sinks.app.api_base(), None).url("/events");
    let url = stream_url(&events, ticket, me.last_seq);
    let Ok(source) = EventSource::new(&url) else {
        drop(me);
        interrupted(inner, sinks, generation);
        return;
    };
    me.last_seen = now_ms();

    let on_open = {
        let inner = inner.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            let reconnected = {
                let mut me = inner.borrow_mut();
                me.last_seen = now_ms();
                let was = me.attempt;
                me.attempt = 0;
                was > 0
            };
            sinks.set_status.set(LiveStatus::Live);
            if reconnected {
                // Re-sync: whatever the replay misses, a fresh read reaches the API state.
                sinks.bump();
            }
        })
    };
    let on_change = {
        let inner = inner.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let Some(msg) = e.dyn_ref::<MessageEvent>() else {
                return;
            };
            let Some(text) = msg.data().as_string() else {
                return;
            };
            let Ok(change) = serde_json::from_str::<ChangeEvent>(&text) else {
                return;
            };
            {
                let mut me = inner.borrow_mut();
                me.last_seen = now_ms();
                me.last_seq = Some(me.last_seq.map_or(change.seq, |s| s.max(change.seq)));
            }
            if change.entity == EntityKind::Configuration {
                // An administrator saved a new configuration: every catalogue resource of the
                // tab fetches it (forms, routing and SLA previews follow at once).
                sinks.app.catalogue_changed();
            }
            sinks.set_last.set(Some(change));
            sinks.bump();
        })
    };
    let on_heartbeat = {
        let inner = inner.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            inner.borrow_mut().last_seen = now_ms();
        })
    };
    let on_signed_out = {
        let inner = inner.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            // The session ended (here or elsewhere): no reconnect, and the page shows sign-in.
            stop(&inner);
            // Outside this handler: signing out unmounts the page, which drops the handlers.
            let app = sinks.app;
            gloo_timers::callback::Timeout::new(0, move || app.sign_out_locally()).forget();
        })
    };
    let on_error = {
        let inner = inner.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            interrupted(&inner, sinks, generation);
        })
    };
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let _ = source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    let _ =
        source.add_event_listener_with_callback("heartbeat", on_heartbeat.as_ref().unchecked_ref());
    let _ = source
        .add_event_listener_with_callback(SIGNED_OUT_EVENT, on_signed_out.as_ref().unchecked_ref());
    me.handlers = vec![on_open, on_change, on_heartbeat, on_signed_out, on_error];
    me.source = Some(source);
    drop(me);
    watchdog(inner, sinks, generation);
}

/// Ends the feed for good: closes the stream; no reconnect, poll or watchdog follows. The
/// handlers stay until the feed is dropped (this may run inside one of them).
fn stop(inner: &Shared) {
    let mut me = inner.borrow_mut();
    me.stopped = true;
    if let Some(s) = me.source.take() {
        s.close();
    }
}

/// The stream of `generation` failed: close it, show the sign, poll, and reconnect later.
fn interrupted(inner: &Shared, sinks: Sinks, generation: u64) {
    let delay = {
        let mut me = inner.borrow_mut();
        if me.stopped || me.generation != generation {
            return;
        }
        if let Some(s) = me.source.take() {
            s.close();
        }
        // Invalidate this connection's timers; the reconnect starts a new generation.
        me.generation += 1;
        let delay = backoff_ms(me.attempt);
        me.attempt = me.attempt.saturating_add(1);
        delay
    };
    let generation = inner.borrow().generation;
    sinks.set_status.set(LiveStatus::Interrupted);
    poll(inner, sinks, generation);
    let inner2 = inner.clone();
    gloo_timers::callback::Timeout::new(delay, move || {
        if inner2.borrow().generation == generation {
            connect(&inner2, sinks);
        }
    })
    .forget();
}

/// While the stream of `generation` is down, asks the caller to refetch every [`POLL_MS`].
fn poll(inner: &Shared, sinks: Sinks, generation: u64) {
    let inner2 = inner.clone();
    gloo_timers::callback::Timeout::new(POLL_MS, move || {
        let me = inner2.borrow();
        let down = !me.stopped
            && me
                .source
                .as_ref()
                .is_none_or(|s| s.ready_state() != EventSource::OPEN);
        // A newer connection attempt (or a newer interruption with its own poll) takes over.
        let current = me.generation == generation;
        drop(me);
        if down && current {
            sinks.bump();
            let generation = inner2.borrow().generation;
            poll(&inner2, sinks, generation);
        }
    })
    .forget();
}

/// Checks every few seconds that messages (at least heartbeats) still arrive.
fn watchdog(inner: &Shared, sinks: Sinks, generation: u64) {
    let inner2 = inner.clone();
    gloo_timers::callback::Timeout::new(WATCHDOG_MS / 4, move || {
        let (stale, alive) = {
            let me = inner2.borrow();
            (
                now_ms() - me.last_seen > f64::from(WATCHDOG_MS),
                !me.stopped && me.generation == generation,
            )
        };
        if !alive {
            return;
        }
        if stale {
            interrupted(&inner2, sinks, generation);
        } else {
            watchdog(&inner2, sinks, generation);
        }
    })
    .forget();
}

/// The live feed: the session's shared one when the app provides it
/// ([`provide_session_feed`]), otherwise one of the calling component's own, which closes
/// when the component goes.
pub fn use_live(app: AppState) -> Live {
    use_context::<Live>().unwrap_or_else(|| own_feed(app))
}

/// Runs one live feed for whichever session is signed in, from sign-in to sign-out (a new
/// session, e.g. another user, gets a new stream), and provides it as context for
/// [`use_live`]. Call once, in the app's root.
pub fn provide_session_feed(app: AppState) {
    let (status, set_status) = signal(LiveStatus::Connecting);
    let (version, set_version) = signal(0u64);
    let (last_change, set_last) = signal(None);
    let sinks = Sinks {
        app,
        set_status,
        set_version,
        set_last,
    };
    // The session the stream belongs to: its token, while it may use the API.
    let session = Memo::new(move |_| {
        app.session.with(|s| {
            s.as_ref()
                .filter(|s| !s.user.must_change_password)
                .map(|s| s.token.clone())
        })
    });
    let current: StoredValue<Option<Shared>, LocalStorage> = StoredValue::new_local(None);
    let close = move || {
        if let Some(inner) = current.try_update_value(Option::take).flatten() {
            stop(&inner);
            inner.borrow_mut().handlers.clear();
        }
    };
    Effect::new(move |_| {
        let signed_in = session.with(Option::is_some);
        close();
        if signed_in {
            set_status.set(LiveStatus::Connecting);
            let inner: Shared = Rc::new(RefCell::new(Inner::default()));
            connect(&inner, sinks);
            current.set_value(Some(inner));
        }
    });
    on_cleanup(close);
    provide_context(Live {
        status,
        version,
        last_change,
    });
}

/// A live feed of the calling component's own; it closes when the component goes.
fn own_feed(app: AppState) -> Live {
    let (status, set_status) = signal(LiveStatus::Connecting);
    let (version, set_version) = signal(0u64);
    let (last_change, set_last) = signal(None);
    let sinks = Sinks {
        app,
        set_status,
        set_version,
        set_last,
    };
    let inner: Shared = Rc::new(RefCell::new(Inner::default()));
    connect(&inner, sinks);
    let keep: StoredValue<Option<Shared>, LocalStorage> = StoredValue::new_local(Some(inner));
    on_cleanup(move || {
        if let Some(inner) = keep.try_update_value(Option::take).flatten() {
            stop(&inner);
            inner.borrow_mut().handlers.clear();
        }
    });
    Live {
        status,
        version,
        last_change,
    }
}

#[cfg(test)]
mod tests {
    use super::{backoff_ms, stream_url};

    #[test]
    fn stream_url_carries_the_ticket_encoded_and_the_last_seen_change() {
        assert_eq!(
            stream_url("/api/v1/events", "abc-DEF_1.2~", None),
            "/api/v1/events?stream_ticket=abc-DEF_1.2~"
        );
        assert_eq!(
            stream_url("https://api.example/api/v1/events", "a+b/c=&d é", Some(42)),
            "https://api.example/api/v1/events?stream_ticket=a%2Bb%2Fc%3D%26d%20%C3%A9&last_event_id=42"
        );
        assert!(!stream_url("/api/v1/events", "t", Some(0)).contains("access_token"));
    }

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff_ms(0), 1_000);
        assert_eq!(backoff_ms(1), 2_000);
        assert_eq!(backoff_ms(4), 16_000);
        assert_eq!(backoff_ms(5), 30_000);
        assert_eq!(backoff_ms(40), 30_000);
    }
}
