//! Two buttons switching between Russian and English.

use crate::i18n::{Lang, Msg};
use crate::state::use_app;
use leptos::prelude::*;

/// The language switch shown in the header.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let app = use_app();
    let button = move |l: Lang, label: &'static str, name: &'static str| {
        view! {
            <button
                type="button"
                class="btn btn-lang"
                lang=l.code()
                aria-pressed=move || (app.lang.get() == l).to_string()
                data-testid=format!("lang-{}", l.code())
                on:click=move |_| app.set_lang(l)
            >
                {label}
                <span class="visually-hidden">" " {name}</span>
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label=move || app.t(Msg::Language)>
            {button(Lang::Ru, "RU", "Русский")}
            {button(Lang::En, "EN", "English")}
        </div>
    }
}
