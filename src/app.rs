//! The root component: state, config loading, layout and routes.

use crate::api;
use crate::components::{NavBar, RequireAuth, Spinner};
use crate::i18n::Msg;
use crate::lazy::{load, LazyPage};
use crate::outbox::Outbox;
use crate::pages::{home::Home, login::Login, not_found::NotFound};
use crate::state::{role_pages, use_app, AppState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use spotdesk_api::Role;
use wasm_bindgen::JsCast;

/// Root component: provides [`AppState`], reads `/config.json`, then shows the app.
#[component]
pub fn App() -> impl IntoView {
    let app = AppState::new();
    provide_context(app);
    // One live stream for the signed-in session, shared by every page: each page (the desk
    // too) shows the sign-in screen within seconds of the session ending elsewhere.
    api::live::provide_session_feed(app);
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

    // Once someone is signed in, the chunks of the other pages in their menu are fetched in
    // the background (see `lazy::prefetch`); again only when the role changes.
    Effect::new(move |prev: Option<Option<Role>>| {
        let role = app.role();
        if role != prev.flatten() {
            if let Some(role) = role {
                crate::lazy::prefetch(role_pages(role));
            }
        }
        role
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
/// Home, login and not-found are in the main wasm (first paint); every other page is a
/// [`LazyPage`], its code fetched as a separate wasm chunk on the first visit.
#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFound/> }>
            <Route path=path!("/") view=Home/>
            <Route path=path!("/login") view=Login/>
            <Route path=path!("/status") view=|| view! { <LazyPage load=load::STATUS/> }/>
            <Route path=path!("/rate/:token") view=|| view! { <LazyPage load=load::RATE/> }/>
            <Route path=path!("/desk") view=|| authed(load::DESK)/>
            <Route path=path!("/tickets") view=|| authed(load::TICKETS)/>
            <Route path=path!("/tickets/:id") view=|| authed(load::TICKET)/>
            <Route path=path!("/find") view=|| authed(load::FIND)/>
            <Route path=path!("/customers/:phone") view=|| authed(load::CUSTOMER)/>
            <Route path=path!("/my-work") view=|| authed(load::MY_WORK)/>
            <Route path=path!("/board") view=|| authed(load::BOARD)/>
            <Route path=path!("/map") view=|| authed(load::MAP)/>
            <Route path=path!("/dashboard") view=|| authed(load::DASHBOARD)/>
            // One route for every section, so moving between them keeps the page.
            <Route path=path!("/admin/:section?") view=|| authed(load::ADMIN)/>
            <Route path=path!("/account/password") view=|| view! { <RequireAuth><LazyPage load=load::PASSWORD/></RequireAuth> }/>
        </Routes>
    }
}

/// A split page behind [`RequireAuth`]: without a session its chunk is not even fetched.
/// While the user must replace a one-time password, the change-password page stands in for
/// every such page (the server refuses their calls until then); once it is changed, the page
/// asked for shows.
fn authed(load: crate::lazy::PageLoader) -> impl IntoView {
    let app = use_app();
    let must_change = Memo::new(move |_| app.must_change_password());
    view! {
        <RequireAuth>
            {move || {
                let page = if must_change.get() { load::PASSWORD } else { load };
                view! { <LazyPage load=page/> }
            }}
        </RequireAuth>
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
