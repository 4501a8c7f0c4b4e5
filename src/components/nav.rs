//! The header: app name, role-filtered navigation, language switch, own password, sign-out.

use super::{AddressCheck, FindBox, LangSwitch};
use crate::api;
use crate::i18n::{AccountMsg, Msg};
use crate::state::{role_msg, role_pages, use_app, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};

/// Where the signed-in user changes their own password.
const PASSWORD_PATH: &str = "/account/password";

/// Header bar. Links show only the pages of the signed-in user's role; the server enforces
/// roles anyway. While a one-time password must be replaced there is nowhere else to go: no
/// links, no address check (the server would refuse it), only language and sign-out.
#[component]
pub fn NavBar() -> impl IntoView {
    let app = use_app();
    let location = use_location();
    let navigate = use_navigate();
    let logout = move |_| {
        let client = app.client();
        // Leave the page first, then forget the session: the other order would let the
        // page's login guard redirect to `/login?next=…` as if the session had expired.
        navigate("/login", Default::default());
        set_timeout(move || app.sign_out_locally(), std::time::Duration::ZERO);
        // Revoke the token on the server; the local session is gone either way.
        spawn_local(async move {
            let _ = api::auth::logout(&client).await;
        });
    };
    let links = move || {
        let pages = match app.role() {
            Some(_) if app.must_change_password() => &[],
            Some(role) => role_pages(role),
            None => &[],
        };
        pages
            .iter()
            .map(|&p| {
                // A section's own sub-pages (`/admin/audit`) are that page too.
                let current = move || {
                    let here = location.pathname.get();
                    let within = here.strip_prefix(p.path()).is_some_and(|rest| {
                        rest.is_empty() || (p == Page::Admin && rest.starts_with('/'))
                    });
                    within.then_some("page")
                };
                view! {
                    <li>
                        <a href=p.path() class="nav-link" aria-current=current data-testid=p.test_id()>
                            {move || app.t(p.label())}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    let user = move || {
        app.session.with(|s| {
            s.as_ref()
                .map(|s| (s.user.display_name.clone(), s.user.role))
        })
    };
    view! {
        <header class="app-header">
            <a href="/" class="brand">{move || app.t(Msg::AppName)}</a>
            <nav aria-label=move || app.t(Msg::MainNav) data-testid="nav">
                <ul class="nav-list">{links}</ul>
            </nav>
            <div class="header-tools">
                {move || (app.role().is_some() && !app.must_change_password()).then(|| view! { <FindBox/> <AddressCheck/> })}
                <LangSwitch/>
                {move || match user() {
                    Some((name, role)) => view! {
                        <span class="whoami" data-testid="whoami">
                            <span class="visually-hidden">{app.t(Msg::SignedInAs)} " "</span>
                            {name} " · " {app.t(role_msg(role))}
                        </span>
                        {(!app.must_change_password()).then(|| {
                            let current = move || (location.pathname.get() == PASSWORD_PATH).then_some("page");
                            view! {
                                <a href=PASSWORD_PATH class="nav-link" aria-current=current data-testid="nav-password">
                                    {app.t(AccountMsg::NavPassword)}
                                </a>
                            }
                        })}
                        <button type="button" class="btn btn-secondary" data-testid="logout" on:click=logout.clone()>
                            {app.t(Msg::Logout)}
                        </button>
                    }.into_any(),
                    None => view! {
                        <a href="/login" class="btn btn-secondary" data-testid="nav-login">{app.t(Msg::SignIn)}</a>
                    }.into_any(),
                }}
            </div>
        </header>
    }
}
