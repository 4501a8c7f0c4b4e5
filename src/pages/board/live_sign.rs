//! The on-screen sign of the live connection.

use crate::api::live::LiveStatus;
use crate::i18n::BoardMsg;
use crate::state::use_app;
use leptos::prelude::*;

/// "Live", "Connecting…" or a warning that live updates are interrupted.
#[component]
pub fn LiveSign(status: ReadSignal<LiveStatus>) -> impl IntoView {
    let app = use_app();
    move || {
        match status.get() {
        LiveStatus::Live => view! {
            <span class="live-sign live-on" data-testid="live-status" data-live="on">
                <span class="dot" aria-hidden="true"></span>{app.t(BoardMsg::LiveOn)}
            </span>
        }
        .into_any(),
        LiveStatus::Connecting => view! {
            <span class="live-sign" data-testid="live-status" data-live="connecting">{app.t(BoardMsg::LiveConnecting)}</span>
        }
        .into_any(),
        LiveStatus::Interrupted => view! {
            <span class="live-sign live-off banner banner-warn" role="status" aria-live="polite" data-testid="live-status" data-live="interrupted">
                {app.t(BoardMsg::LiveInterrupted)}
            </span>
        }
        .into_any(),
    }
    }
}
