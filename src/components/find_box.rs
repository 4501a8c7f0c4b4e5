//! The header's "find anything" box: Enter (or the button) opens `/find?q=…`, where the
//! results are listed by kind.

use crate::i18n::FindMsg;
use crate::state::use_app;
use crate::url::encode_query_value;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

/// The search form of the header.
#[component]
pub fn FindBox() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let location = use_location();
    let text = RwSignal::new(String::new());
    // On the results page the box shows what was searched (back/forward included).
    Effect::new(move |_| {
        if location.pathname.get() == "/find" {
            let q = location
                .query
                .with(|q| q.get("q").map(|v| v.to_owned()))
                .unwrap_or_default();
            text.set(q);
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = text.get_untracked().trim().to_owned();
        if q.is_empty() {
            return;
        }
        navigate(
            &format!("/find?q={}", encode_query_value(&q)),
            Default::default(),
        );
    };
    view! {
        <form class="find-box" role="search" on:submit=on_submit data-testid="find-box">
            <label for="find-q" class="visually-hidden">{move || app.t(FindMsg::Label)}</label>
            <input
                id="find-q"
                type="search"
                maxlength="200"
                autocomplete="off"
                placeholder=move || app.t(FindMsg::Placeholder)
                title=move || app.t(FindMsg::Hint)
                prop:value=text
                on:input=move |ev| text.set(event_target_value(&ev))
                data-testid="find-input"
            />
            <button type="submit" class="btn btn-secondary" data-testid="find-submit">
                {move || app.t(FindMsg::Button)}
            </button>
        </form>
    }
}
