//! Fallback for unknown addresses.

use crate::i18n::Msg;
use crate::state::use_app;
use leptos::prelude::*;

/// "Page not found" with a link home.
#[component]
pub fn NotFound() -> impl IntoView {
    let app = use_app();
    view! {
        <section class="page narrow" data-testid="not-found">
            <h1>{move || app.t(Msg::NotFoundTitle)}</h1>
            <p>{move || app.t(Msg::NotFoundText)}</p>
            <p><a href="/" class="btn btn-primary">{move || app.t(Msg::BackHome)}</a></p>
        </section>
    }
}
