//! `GET /events`: the server-sent-events stream of changes, for live pages.
//!
//! `EventSource` cannot send headers, so the token goes as `?access_token=` (the server
//! accepts either). The browser reconnects by itself after a dropped connection.

use super::client::{ApiError, Client};
use spotdesk_api::ChangeEvent;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// An open stream; dropping it closes the connection.
pub struct Subscription {
    source: web_sys::EventSource,
    _on_change: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Calls `on_change` for every change the server announces (malformed events are skipped).
pub fn subscribe(
    c: &Client,
    mut on_change: impl FnMut(ChangeEvent) + 'static,
) -> Result<Subscription, ApiError> {
    let mut url = c.url("/events");
    if let Some(token) = c.token() {
        url.push_str("?access_token=");
        url.push_str(&String::from(js_sys::encode_uri_component(token)));
    }
    let source =
        web_sys::EventSource::new(&url).map_err(|e| ApiError::Network(format!("{e:?}")))?;
    let on_change =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(text) = ev.data().as_string() {
                if let Ok(change) = serde_json::from_str::<ChangeEvent>(&text) {
                    on_change(change);
                }
            }
        });
    source
        .add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())
        .map_err(|e| ApiError::Network(format!("{e:?}")))?;
    Ok(Subscription {
        source,
        _on_change: on_change,
    })
}
