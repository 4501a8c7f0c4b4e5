//! The root component: state, config loading, layout and routes.

use crate::api;
use crate::components::{NavBar, RequireAuth, Spinner};
use crate::i18n::Msg;
use crate::outbox::Outbox;
use crate::pages::{
    board::Board, dashboard::Dashboard, desk::Desk, home::Home, login::Login, map::MapPage,
};
use crate::pages::{
    not_found::NotFound, rate::RatePage, status::Status, ticket::TicketPage, tickets::TicketsPage,
};
use crate::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::JsCast;

/// Root component: provides [`AppState`], reads `/config.json`, then shows the app.
#[component]
pub fn App() -> impl IntoView {
    let app = AppState::new();
    provide_context(app);
    let outbox = Outbox::load();
    provide_context(outbox);
    outbox.start(app);
    let config_failed = RwSignal::new(false);

    // Keep <html lang> in step with the chosen language (screen readers, hyphenation).
    Effect::new(move |_| {
        let code = app.lang.get().code();
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("lang", code);
        }
    });

    spawn_local(async move {
        match api::config::load().await {
            Ok(c) => app.config.set(Some(c)),
            Err(_) => {
                config_failed.set(true);
                app.config.set(Some(Default::default()));
            }
        }
        // A remembered session may have been revoked: ask the server who we are.
        if app.session.get_untracked().is_some() {
            if let Ok(user) = app.call(|c| async move { api::auth::me(&c).await }).await {
                app.session.update(|s| {
                    if let Some(s) = s {
                        s.user = user;
                    }
                });
            }
        }
    });

    view! {
        <Router>
            <a class="skip-link" href="#main" on:click=skip_to_main>
                {move || app.t(Msg::SkipToContent)}
            </a>
            <NavBar/>
            <Show when=move || config_failed.get()>
                <p class="banner banner-warn" role="status">{move || app.t(Msg::ConfigFailed)}</p>
            </Show>
            <main id="main" tabindex="-1">
                <Show when=move || app.config.with(Option::is_some) fallback=|| view! { <Spinner/> }>
                    <AppRoutes/>
                </Show>
            </main>
        </Router>
    }
}

/// The route table. Every page except login, status and not-found requires a session.
#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFound/> }>
            <Route path=path!("/") view=Home/>
            <Route path=path!("/login") view=Login/>
            <Route path=path!("/status") view=Status/>
            <Route path=path!("/rate/:token") view=RatePage/>
            <Route path=path!("/desk") view=|| view! { <RequireAuth><Desk/></RequireAuth> }/>
            <Route path=path!("/tickets") view=|| view! { <RequireAuth><TicketsPage/></RequireAuth> }/>
            <Route path=path!("/tickets/:id") view=|| view! { <RequireAuth><TicketPage/></RequireAuth> }/>
            <Route path=path!("/board") view=|| view! { <RequireAuth><Board/></RequireAuth> }/>
            <Route path=path!("/map") view=|| view! { <RequireAuth><MapPage/></RequireAuth> }/>
            <Route path=path!("/dashboard") view=|| view! { <RequireAuth><Dashboard/></RequireAuth> }/>
        </Routes>
    }
}

/// Moves focus to `<main>` without a route change (the router would treat `#main` as one).
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    let main = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        let _ = main.focus();
    }
}
