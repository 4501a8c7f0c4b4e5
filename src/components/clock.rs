//! A ticking "now" for live countdowns.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::time::Duration;

/// A signal holding the current time, refreshed every `every_secs` seconds while the calling
/// component lives.
pub fn use_clock(every_secs: u64) -> ReadSignal<DateTime<Utc>> {
    let (now, set_now) = signal(Utc::now());
    if let Ok(handle) = set_interval_with_handle(
        move || set_now.set(Utc::now()),
        Duration::from_secs(every_secs),
    ) {
        on_cleanup(move || handle.clear());
    }
    now
}
