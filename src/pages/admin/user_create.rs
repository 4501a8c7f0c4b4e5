//! Creating an account: username, display name, role, group (from the catalogue) and, if the
//! administrator wants to choose it, the initial one-time password.

use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, FieldErrorText};
use crate::i18n::AdminMsg;
use crate::state::{role_msg, use_app};
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{field_codes, CreatedUser, FieldError, Group, NewUser, Role};

/// The request the form's values make (blank optional fields are left out; the password is
/// taken exactly as typed).
pub fn new_user(
    username: &str,
    display_name: &str,
    role: Role,
    group: &str,
    password: &str,
) -> NewUser {
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    NewUser {
        username: username.trim().to_owned(),
        display_name: opt(display_name),
        role,
        group: opt(group),
        password: (!password.is_empty()).then(|| password.to_owned()),
    }
}

/// The form. `on_created` gets the answer and whether a password was given (then the server
/// answers none).
#[component]
pub fn CreateUserForm(
    #[prop(into)] groups: Signal<Vec<Group>>,
    on_created: Callback<(CreatedUser, bool)>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Agent);
    let group = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let fields = RwSignal::new(Vec::<FieldError>::new());
    // A request that got no answer may have created the account: sending the same body again
    // goes with the same key (the server then answers the account once, not twice).
    let unanswered = StoredValue::new(None::<(NewUser, String)>);
    let first = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = first.get() {
            let _ = el.focus();
        }
    });

    let code_of = move |f: &'static str| {
        Signal::derive(move || {
            fields.with(|v| v.iter().find(|e| e.field == f).map(|e| e.code.clone()))
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = new_user(
            &username.get_untracked(),
            &display_name.get_untracked(),
            role.get_untracked(),
            &group.get_untracked(),
            &password.get_untracked(),
        );
        error.set(None);
        if body.username.is_empty() {
            fields.set(vec![FieldError::new(
                "username",
                field_codes::REQUIRED,
                "required",
            )]);
            return;
        }
        fields.set(vec![]);
        let key = match unanswered.get_value() {
            Some((sent, key)) if sent == body => key,
            _ => api::client::new_idempotency_key(),
        };
        busy.set(true);
        spawn_local(async move {
            let (b, k) = (body.clone(), key.clone());
            let r = app
                .call(|c| async move { api::admin::create_user(&c, &b, &k).await })
                .await;
            let given = body.password.is_some();
            match r {
                Ok(created) => {
                    unanswered.set_value(None);
                    let _ = busy.try_set(false);
                    on_created.run((created, given));
                    return;
                }
                Err(e) => {
                    if e.is_no_answer() {
                        unanswered.set_value(Some((body, key)));
                    }
                    let _ = fields.try_set(e.field_errors().to_vec());
                    let _ = error.try_set(Some(e));
                }
            }
            let _ = busy.try_set(false);
        });
    };

    let field_class = move |f: &'static str| {
        move || {
            if fields.with(|v| v.iter().any(|e| e.field == f)) {
                "field has-error"
            } else {
                "field"
            }
        }
    };
    let described = |f: &str| format!("new-user-{f}-error");
    view! {
        <form id="new-user-form" class="card form new-user" novalidate on:submit=submit data-testid="new-user-form"
            aria-labelledby="new-user-title">
            <h3 id="new-user-title">{move || app.t(AdminMsg::NewUserTitle)}</h3>
            <div class="field-row">
                <div class=field_class("username")>
                    <label for="new-user-username">{move || app.t(AdminMsg::Username)} <span class="req" aria-hidden="true">"*"</span></label>
                    <input id="new-user-username" type="text" node_ref=first autocomplete="off" autocapitalize="none" spellcheck="false"
                        required aria-describedby=format!("{} new-user-username-hint", described("username"))
                        aria-invalid=move || fields.with(|v| v.iter().any(|e| e.field == "username")).to_string()
                        prop:value=username on:input=move |ev| username.set(event_target_value(&ev))/>
                    <p class="hint" id="new-user-username-hint">{move || app.t(AdminMsg::UsernameHint)}</p>
                    <FieldErrorText id=described("username") field="username" code=code_of("username")/>
                </div>
                <div class=field_class("display_name")>
                    <label for="new-user-display-name">{move || app.t(AdminMsg::DisplayName)}</label>
                    <input id="new-user-display-name" type="text" autocomplete="off"
                        aria-describedby=format!("{} new-user-display-name-hint", described("display_name"))
                        prop:value=display_name on:input=move |ev| display_name.set(event_target_value(&ev))/>
                    <p class="hint" id="new-user-display-name-hint">{move || app.t(AdminMsg::DisplayNameHint)}</p>
                    <FieldErrorText id=described("display_name") field="display_name" code=code_of("display_name")/>
                </div>
            </div>
            <div class="field-row">
                <div class=field_class("role")>
                    <label for="new-user-role">{move || app.t(AdminMsg::Role)}</label>
                    <select id="new-user-role" aria-describedby=described("role")
                        on:change=move |ev| if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r) }>
                        {Role::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() prop:selected=move || role.get() == r>{move || app.t(role_msg(r))}</option>
                        }).collect_view()}
                    </select>
                    <FieldErrorText id=described("role") field="role" code=code_of("role")/>
                </div>
                <div class=field_class("group")>
                    <label for="new-user-group">{move || app.t(AdminMsg::Group)}</label>
                    <select id="new-user-group" aria-describedby=format!("{} new-user-group-hint", described("group"))
                        on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || group.with(String::is_empty)>{move || app.t(AdminMsg::NoGroup)}</option>
                        {move || {
                            let lang = app.lang.get().code();
                            groups.get().into_iter().map(|g| {
                                let code = g.code.clone();
                                view! { <option value=g.code.clone() prop:selected=move || group.with(|v| *v == code)>{g.name.get(lang).to_owned()}</option> }
                            }).collect_view()
                        }}
                    </select>
                    <p class="hint" id="new-user-group-hint">{move || app.t(AdminMsg::GroupHint)}</p>
                    <FieldErrorText id=described("group") field="group" code=code_of("group")/>
                </div>
            </div>
            <div class=field_class("password")>
                <label for="new-user-password">{move || app.t(AdminMsg::InitialPassword)}</label>
                <input id="new-user-password" type="text" autocomplete="off" autocapitalize="none" spellcheck="false"
                    aria-describedby=format!("{} new-user-password-hint", described("password"))
                    prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                <p class="hint" id="new-user-password-hint">{move || app.t(AdminMsg::InitialPasswordHint)}</p>
                <FieldErrorText id=described("password") field="password" code=code_of("password")/>
            </div>
            {move || error.get().map(|e| view! { <ErrorBanner error=e test_id="new-user-error"/> })}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="new-user-submit"
                    disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                    {move || app.t(if busy.get() { AdminMsg::Creating } else { AdminMsg::CreateAccount })}
                </button>
                <button type="button" class="btn btn-secondary" on:click=move |_| on_cancel.run(())>
                    {move || app.t(AdminMsg::Cancel)}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_optional_fields_are_left_out() {
        let b = new_user("  anna ", " ", Role::Engineer, "", "");
        assert_eq!(b.username, "anna");
        assert_eq!(b.display_name, None);
        assert_eq!(b.group, None);
        assert_eq!(b.password, None);
        let b = new_user(
            "anna",
            " Anna K ",
            Role::Agent,
            "line2-network",
            " pass phrase ",
        );
        assert_eq!(b.display_name.as_deref(), Some("Anna K"));
        assert_eq!(b.group.as_deref(), Some("line2-network"));
        // The password is never trimmed: spaces may be part of it.
        assert_eq!(b.password.as_deref(), Some(" pass phrase "));
    }
}
