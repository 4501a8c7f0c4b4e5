//! Loading indicators.

use crate::i18n::Msg;
use crate::state::use_app;
use leptos::prelude::*;

/// A spinner with a screen-reader announcement ("Loading…").
#[component]
pub fn Spinner() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="spinner" role="status" aria-live="polite" data-testid="loading">
            <span class="spinner-dot" aria-hidden="true"></span>
            <span>{move || app.t(Msg::Loading)}</span>
        </div>
    }
}

/// Grey placeholder lines while a list loads.
#[component]
pub fn Skeleton(#[prop(default = 3)] lines: usize) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="skeleton" role="status" aria-busy="true" data-testid="loading">
            <span class="visually-hidden">{move || app.t(Msg::Loading)}</span>
            {(0..lines).map(|_| view! { <div class="skeleton-line" aria-hidden="true"></div> }).collect_view()}
        </div>
    }
}
