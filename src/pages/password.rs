//! `/account/password`: the signed-in user changes their own password. After signing in
//! with a one-time password (set by an administrator) this is the only screen the app shows
//! (`app.rs` puts it in place of every page behind sign-in) until the password is changed;
//! the server refuses every other call of such a session (403 `password_change_required`).

use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, FieldErrorText};
use crate::i18n::AccountMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{field_codes, FieldError, PASSWORD_MIN_CHARS};

/// The problems the app can see before sending: the policy's rules that need no word list
/// (core's, the same the server applies), and the repetition not matching.
pub fn local_problems(username: &str, new: &str, repeat: &str) -> Vec<FieldError> {
    let mut problems = spotdesk_core::password::check("new_password", new, username);
    if problems.is_empty() && new != repeat {
        problems.push(FieldError::new(
            "new_password_repeat",
            field_codes::INVALID,
            "the passwords differ",
        ));
    }
    problems
}

/// The change-password page.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let app = use_app();
    // Whether the page stands in for every other one (a one-time password is in use).
    let forced = app
        .session
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.user.must_change_password));
    let username = app
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.user.username.clone()))
        .unwrap_or_default();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let fields = RwSignal::new(Vec::<FieldError>::new());

    let name = username.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        done.set(false);
        error.set(None);
        let (c, n, r) = (
            current.get_untracked(),
            new.get_untracked(),
            repeat.get_untracked(),
        );
        let mut problems = local_problems(&name, &n, &r);
        if c.is_empty() {
            problems.insert(
                0,
                FieldError::new("current_password", field_codes::REQUIRED, "required"),
            );
        }
        fields.set(problems);
        if fields.with_untracked(|f| !f.is_empty()) {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let r = app
                .call(|cl| async move { api::auth::change_password(&cl, &c, &n).await })
                .await;
            match r {
                Ok(user) => {
                    let _ = current.try_set(String::new());
                    let _ = new.try_set(String::new());
                    let _ = repeat.try_set(String::new());
                    let _ = done.try_set(true);
                    let _ = busy.try_set(false);
                    // Last: when the page stood in for another one, this shows that page.
                    app.update_user(user);
                    return;
                }
                Err(e) => {
                    let _ = fields.try_set(e.field_errors().to_vec());
                    let _ = error.try_set(Some(e));
                }
            }
            let _ = busy.try_set(false);
        });
    };

    let code_of = move |f: &'static str| {
        Signal::derive(move || {
            fields.with(|v| v.iter().find(|e| e.field == f).map(|e| e.code.clone()))
        })
    };
    let has = move |f: &'static str| fields.with(|v| v.iter().any(|e| e.field == f));
    let class = move |f: &'static str| move || if has(f) { "field has-error" } else { "field" };
    let min = PASSWORD_MIN_CHARS;
    view! {
        <section class="page narrow" data-testid="password-page">
            <h1>{move || app.t(if forced { AccountMsg::ChooseTitle } else { AccountMsg::ChangeTitle })}</h1>
            {forced.then(|| view! {
                <p class="banner banner-warning" data-testid="password-required">{move || app.t(AccountMsg::ChooseIntro)}</p>
            })}
            <form class="card form" novalidate on:submit=submit data-testid="password-form">
                // For password managers: whose password this is.
                <input type="text" class="visually-hidden" autocomplete="username" tabindex="-1" aria-hidden="true"
                    readonly prop:value=username.clone()/>
                <div class=class("current_password")>
                    <label for="password-current">
                        {move || app.t(if forced { AccountMsg::OneTimePassword } else { AccountMsg::CurrentPassword })}
                    </label>
                    <input id="password-current" type="password" autocomplete="current-password" required
                        aria-describedby="password-current-error" aria-invalid=move || has("current_password").to_string()
                        prop:value=current on:input=move |ev| current.set(event_target_value(&ev))/>
                    <FieldErrorText id="password-current-error" field="current_password" code=code_of("current_password")/>
                </div>
                <div class=class("new_password")>
                    <label for="password-new">{move || app.t(AccountMsg::NewPassword)}</label>
                    <input id="password-new" type="password" autocomplete="new-password" required
                        aria-describedby="password-new-hint password-new-error" aria-invalid=move || has("new_password").to_string()
                        prop:value=new on:input=move |ev| new.set(event_target_value(&ev))/>
                    <p class="hint" id="password-new-hint">{move || app.t(AccountMsg::PolicyHint).replace("{min}", &min.to_string())}</p>
                    <FieldErrorText id="password-new-error" field="new_password" code=code_of("new_password")/>
                </div>
                <div class=class("new_password_repeat")>
                    <label for="password-repeat">{move || app.t(AccountMsg::RepeatPassword)}</label>
                    <input id="password-repeat" type="password" autocomplete="new-password" required
                        aria-describedby="password-repeat-error" aria-invalid=move || has("new_password_repeat").to_string()
                        prop:value=repeat on:input=move |ev| repeat.set(event_target_value(&ev))/>
                    <FieldErrorText id="password-repeat-error" field="new_password_repeat" code=code_of("new_password_repeat")/>
                </div>
                {move || error.get().map(|e| view! { <ErrorBanner error=e test_id="password-error"/> })}
                <p class="banner banner-ok" role="status" data-testid="password-changed" hidden=move || !done.get()>
                    {move || done.get().then(|| app.t(AccountMsg::Changed))}
                </p>
                <button type="submit" class="btn btn-primary" data-testid="password-submit"
                    disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                    {move || app.t(if busy.get() { AccountMsg::Changing } else { AccountMsg::ChangePassword })}
                </button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::local_problems;

    #[test]
    fn the_app_catches_what_it_can_before_sending() {
        let codes = |v: Vec<spotdesk_api::FieldError>| {
            v.into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>()
        };
        assert_eq!(
            codes(local_problems("anna", "short", "short")),
            vec![("new_password".to_owned(), "too_short".to_owned())]
        );
        assert_eq!(
            codes(local_problems(
                "anna",
                "a river of tea and toast",
                "a river of tea"
            )),
            vec![("new_password_repeat".to_owned(), "invalid".to_owned())]
        );
        assert!(local_problems(
            "anna",
            "a river of tea and toast",
            "a river of tea and toast"
        )
        .is_empty());
    }
}
