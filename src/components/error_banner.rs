//! An [`ApiError`] shown in the user's language.

use crate::api::ApiError;
use crate::i18n::{error_text, wait_text, Msg};
use crate::state::use_app;
use leptos::prelude::*;

/// An alert describing `error`; with `on_retry`, also a "Try again" button.
#[component]
pub fn ErrorBanner(
    #[prop(into)] error: Signal<ApiError>,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
    #[prop(default = "error")] test_id: &'static str,
) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="banner banner-error" role="alert" data-testid=test_id>
            <span>{move || error.with(|e| match (e.status(), e.retry_after()) {
                // Rate limited: say when to try again (from `Retry-After`).
                (Some(429), Some(secs)) => wait_text(app.lang.get(), secs),
                _ => error_text(app.lang.get(), e).to_owned(),
            })}</span>
            {on_retry.map(|cb| view! {
                <button type="button" class="btn btn-secondary" on:click=move |_| cb.run(())>
                    {move || app.t(Msg::Retry)}
                </button>
            })}
        </div>
    }
}
