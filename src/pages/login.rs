//! `/login`: username and password form.

use crate::api::{self, ApiError};
use crate::components::ErrorBanner;
use crate::i18n::Msg;
use crate::state::{use_app, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Where to go after signing in: `next` if it is a local path, else `/`.
/// Anything else (`//evil`, `https://…`) is ignored so the link cannot redirect off-site.
fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n,
        _ => "/".to_owned(),
    }
}

/// The sign-in page.
#[component]
pub fn Login() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (u, p) = (username.get_untracked(), password.get_untracked());
        let next = safe_next(query.with_untracked(|q| q.get("next")));
        let navigate = navigate.clone();
        spawn_local(async move {
            let client = api::Client::new(app.api_base(), None);
            match api::auth::login(&client, u.trim(), &p).await {
                Ok(r) => {
                    app.sign_in(Session {
                        token: r.token,
                        expires_at: r.expires_at,
                        user: r.user,
                    });
                    password.set(String::new());
                    navigate(&next, Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let message = move || {
        error.get().map(|e| {
            if e.status() == Some(401) {
                view! { <p class="banner banner-error" role="alert" data-testid="login-error">{app.t(Msg::WrongCredentials)}</p> }
                    .into_any()
            } else {
                view! { <ErrorBanner error=e test_id="login-error"/> }.into_any()
            }
        })
    };

    view! {
        <section class="page narrow">
            <h1>{move || app.t(Msg::LoginTitle)}</h1>
            <form class="card form" on:submit=submit novalidate data-testid="login-form">
                <div class="field">
                    <label for="login-username">{move || app.t(Msg::Username)}</label>
                    <input id="login-username" name="username" type="text" autocomplete="username" autocapitalize="none"
                        spellcheck="false" prop:value=username on:input=move |ev| username.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="login-password">{move || app.t(Msg::Password)}</label>
                    <input id="login-password" name="password" type="password" autocomplete="current-password"
                        prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                {message}
                <button type="submit" class="btn btn-primary" data-testid="login-submit" aria-busy=move || busy.get().to_string()
                    disabled=move || busy.get()>
                    {move || app.t(if busy.get() { Msg::SigningIn } else { Msg::SignIn })}
                </button>
            </form>
            <p class="hint">{move || app.t(Msg::LoginHint)}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(safe_next(Some("/map?x=1".into())), "/map?x=1");
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/");
        assert_eq!(safe_next(None), "/");
    }
}
