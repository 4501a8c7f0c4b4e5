//! The panel of one account: change its display name, role and group (sent with `If-Match`
//! of the version read; when someone else changed it meanwhile the input stays and the
//! current version can be loaded), disable or enable it, set a one-time password, lift
//! sign-in delays. Every action shows its progress and its own errors.

use super::one_time::OneTimePassword;
use super::users::group_name;
use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, FieldErrorText};
use crate::format;
use crate::i18n::AdminMsg;
use crate::state::{role_msg, use_app};
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{FieldError, Group, Role, UserAccount, UserPatch};

/// An action of the panel, for its progress state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Save,
    Reload,
    Disable,
    Enable,
    Reset,
    Unlock,
}

/// An action waiting for the administrator to confirm it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Confirm {
    Disable,
    Enable,
    Reset,
}

/// The form's values.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub display_name: String,
    pub role: Role,
    /// A group code, empty for none.
    pub group: String,
}

impl Input {
    /// The values of `a`.
    pub fn of(a: &UserAccount) -> Self {
        Self {
            display_name: a.display_name.clone(),
            role: a.role,
            group: a.group.clone().unwrap_or_default(),
        }
    }

    /// Moves the input from `old` onto `current` (someone else's newer version): what the
    /// person changed stays, what they left alone takes the current value, so saving again
    /// changes only what they changed.
    pub fn rebase(&mut self, old: &UserAccount, current: &UserAccount) {
        let (was, now) = (Input::of(old), Input::of(current));
        if self.display_name == was.display_name {
            self.display_name = now.display_name;
        }
        if self.role == was.role {
            self.role = now.role;
        }
        if self.group == was.group {
            self.group = now.group;
        }
    }

    /// The patch that makes `base` look like this input: only what differs.
    pub fn patch_from(&self, base: &UserAccount) -> UserPatch {
        let was = Input::of(base);
        let name = self.display_name.trim();
        UserPatch {
            display_name: (name != was.display_name).then(|| name.to_owned()),
            role: (self.role != was.role).then_some(self.role),
            group: (self.group != was.group).then(|| self.group.clone()),
            disabled: None,
        }
    }
}

/// The panel of the account `initial` (as the list last read it).
#[component]
pub fn UserPanel(
    initial: UserAccount,
    #[prop(into)] groups: Signal<Vec<Group>>,
    on_changed: Callback<UserAccount>,
    on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let id = initial.id;
    let panel_id = format!("user-panel-{id}");
    let title_id = format!("user-panel-{id}-title");
    let labelled_by = title_id.clone();
    // The version the form's changes are made on.
    let base = RwSignal::new(initial.clone());
    let input = RwSignal::new(Input::of(&initial));
    let busy = RwSignal::new(None::<Action>);
    let error = RwSignal::new(None::<ApiError>);
    let fields = RwSignal::new(Vec::<FieldError>::new());
    // Someone else saved the account after it was read: the last change was refused.
    let conflict = RwSignal::new(false);
    // After loading the current version: (the version the input was made on, the current).
    let reloaded = RwSignal::new(None::<(UserAccount, UserAccount)>);
    let notice = RwSignal::new(None::<AdminMsg>);
    let confirm = RwSignal::new(None::<Confirm>);
    let one_time = RwSignal::new(None::<String>);

    let heading = NodeRef::<leptos::html::H3>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = confirm_button.get() {
            let _ = b.focus();
        }
    });

    // Starts `action` unless another one is under way.
    let begin = move |action: Action| -> bool {
        if busy.get_untracked().is_some() {
            return false;
        }
        busy.set(Some(action));
        error.set(None);
        fields.set(vec![]);
        notice.set(None);
        true
    };
    // The account as the server now holds it, after one of this panel's own changes: the
    // list shows it, and an untouched form follows it (a form with unsaved input keeps it).
    let applied = move |a: UserAccount| {
        let untouched = input.with_untracked(|i| base.with_untracked(|b| *i == Input::of(b)));
        if untouched {
            input.set(Input::of(&a));
        }
        base.set(a.clone());
        on_changed.run(a);
    };
    // A refused change: a version conflict keeps the input and offers the current version;
    // field errors go beside their fields.
    let refused = move |e: ApiError| {
        if e.status() == Some(412) {
            let _ = conflict.try_set(true);
            let _ = reloaded.try_set(None);
        } else {
            let _ = fields.try_set(e.field_errors().to_vec());
            let _ = error.try_set(Some(e));
        }
    };
    let done = move || {
        let _ = busy.try_set(None);
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let b = base.get_untracked();
        let patch = input.with_untracked(|i| i.patch_from(&b));
        if patch == UserPatch::default() {
            notice.set(Some(AdminMsg::NothingChanged));
            return;
        }
        if !begin(Action::Save) {
            return;
        }
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::admin::update_user(&c, id, &patch, b.version).await })
                .await;
            match r {
                Ok(a) => {
                    input.set(Input::of(&a));
                    applied(a);
                    conflict.set(false);
                    reloaded.set(None);
                    notice.set(Some(AdminMsg::Saved));
                }
                Err(e) => refused(e),
            }
            done();
        });
    };

    let reload = move |_| {
        if !begin(Action::Reload) {
            return;
        }
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::admin::user(&c, id).await })
                .await;
            match r {
                Ok(current) => {
                    let old = base.get_untracked();
                    input.update(|i| i.rebase(&old, &current));
                    base.set(current.clone());
                    on_changed.run(current.clone());
                    conflict.set(false);
                    reloaded.set(Some((old, current)));
                }
                Err(e) => refused(e),
            }
            done();
        });
    };

    let set_disabled = move |disabled: bool| {
        if !begin(if disabled {
            Action::Disable
        } else {
            Action::Enable
        }) {
            return;
        }
        confirm.set(None);
        let version = base.with_untracked(|b| b.version);
        let patch = UserPatch {
            disabled: Some(disabled),
            ..Default::default()
        };
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::admin::update_user(&c, id, &patch, version).await })
                .await;
            match r {
                Ok(a) => {
                    applied(a);
                    notice.set(Some(if disabled {
                        AdminMsg::DisabledNow
                    } else {
                        AdminMsg::EnabledNow
                    }));
                }
                Err(e) => refused(e),
            }
            done();
        });
    };

    let reset = move || {
        if !begin(Action::Reset) {
            return;
        }
        confirm.set(None);
        one_time.set(None);
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::admin::reset_password(&c, id).await })
                .await;
            match r {
                Ok(r) => {
                    applied(r.user);
                    one_time.set(Some(r.one_time_password));
                }
                Err(e) => refused(e),
            }
            done();
        });
    };

    let unlock = move |_| {
        if !begin(Action::Unlock) {
            return;
        }
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::admin::unlock(&c, id).await })
                .await;
            match r {
                Ok(a) => {
                    applied(a);
                    notice.set(Some(AdminMsg::UnlockedNow));
                }
                Err(e) => refused(e),
            }
            done();
        });
    };

    let code_of = move |f: &'static str| {
        Signal::derive(move || {
            fields.with(|v| v.iter().find(|e| e.field == f).map(|e| e.code.clone()))
        })
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
    let fid = move |f: &str| format!("user-{id}-{f}");
    let err_id = move |f: &str| format!("user-{id}-{f}-error");
    let is_busy = move |a: Action| busy.get() == Some(a);
    let disabled_now = move || base.with(|b| b.disabled);
    let username = initial.username.clone();

    // What someone else changed, as "field: value" lines, after loading the current version.
    let others_changed = move || {
        let lang = app.lang.get();
        reloaded.with(|r| {
            let (old, now) = r.as_ref()?;
            let mut lines = Vec::new();
            if old.display_name != now.display_name {
                lines.push((AdminMsg::DisplayName, now.display_name.clone()));
            }
            if old.role != now.role {
                lines.push((AdminMsg::Role, app.t(role_msg(now.role)).to_owned()));
            }
            if old.group != now.group {
                let g = now
                    .group
                    .as_ref()
                    .map(|g| groups.with(|gs| group_name(gs, g, lang.code())))
                    .unwrap_or_else(|| app.t(AdminMsg::NoGroup).to_owned());
                lines.push((AdminMsg::Group, g));
            }
            if old.disabled != now.disabled {
                let v = if now.disabled {
                    AdminMsg::Yes
                } else {
                    AdminMsg::No
                };
                lines.push((AdminMsg::Disabled, app.t(v).to_owned()));
            }
            Some(lines)
        })
    };

    view! {
        <div id=panel_id class="user-panel" role="region" aria-labelledby=labelled_by data-testid="user-panel">
            <div class="section-head">
                <h3 id=title_id tabindex="-1" node_ref=heading>
                    {move || app.t(AdminMsg::ManageAccount)} " " {username.clone()}
                </h3>
                <button type="button" class="btn btn-secondary" data-testid="user-panel-close" on:click=move |_| on_close.run(())>
                    {move || app.t(AdminMsg::Close)}
                </button>
            </div>

            <Show when=move || conflict.get()>
                <div class="banner banner-error" role="alert" data-testid="user-conflict">
                    <span>{move || app.t(AdminMsg::ChangedMeanwhile)}</span>
                    <button type="button" class="btn btn-secondary" data-testid="user-reload" on:click=reload
                        disabled=move || is_busy(Action::Reload) aria-busy=move || is_busy(Action::Reload).to_string()>
                        {move || app.t(if is_busy(Action::Reload) { AdminMsg::Loading } else { AdminMsg::LoadCurrent })}
                    </button>
                </div>
            </Show>
            {move || others_changed().map(|lines| {
                let same = lines.is_empty();
                view! {
                <div class="banner banner-warning stack" role="status" data-testid="user-reloaded">
                    <p>{move || app.t(if same { AdminMsg::ReloadedSame } else { AdminMsg::ReloadedKept })}</p>
                    {(!same).then(|| view! {
                        <dl class="facts">
                            {lines.clone().into_iter().map(|(label, value)| view! {
                                <dt>{move || app.t(label)}</dt><dd>{value}</dd>
                            }).collect_view()}
                        </dl>
                    })}
                </div>
                }
            })}

            <form class="form user-edit" novalidate on:submit=save data-testid="user-edit-form">
                <div class="field-row">
                    <div class=field_class("display_name")>
                        <label for=fid("display-name")>{move || app.t(AdminMsg::DisplayName)}</label>
                        <input id=fid("display-name") type="text" autocomplete="off" aria-describedby=err_id("display_name")
                            aria-invalid=move || fields.with(|v| v.iter().any(|e| e.field == "display_name")).to_string()
                            prop:value=move || input.with(|i| i.display_name.clone())
                            on:input=move |ev| input.update(|i| i.display_name = event_target_value(&ev))/>
                        <FieldErrorText id=err_id("display_name") field="display_name" code=code_of("display_name")/>
                    </div>
                    <div class=field_class("role")>
                        <label for=fid("role")>{move || app.t(AdminMsg::Role)}</label>
                        <select id=fid("role") aria-describedby=format!("{} {}", err_id("role"), fid("role-hint"))
                            on:change=move |ev| if let Some(r) = Role::parse(&event_target_value(&ev)) { input.update(|i| i.role = r) }>
                            {Role::ALL.into_iter().map(|r| view! {
                                <option value=r.as_str() prop:selected=move || input.with(|i| i.role == r)>{move || app.t(role_msg(r))}</option>
                            }).collect_view()}
                        </select>
                        <p class="hint" id=fid("role-hint")>{move || app.t(AdminMsg::RoleHint)}</p>
                        <FieldErrorText id=err_id("role") field="role" code=code_of("role")/>
                    </div>
                    <div class=field_class("group")>
                        <label for=fid("group")>{move || app.t(AdminMsg::Group)}</label>
                        <select id=fid("group") aria-describedby=err_id("group")
                            on:change=move |ev| input.update(|i| i.group = event_target_value(&ev))>
                            <option value="" prop:selected=move || input.with(|i| i.group.is_empty())>{move || app.t(AdminMsg::NoGroup)}</option>
                            {move || {
                                let lang = app.lang.get().code();
                                let mut list: Vec<(String, String)> = groups.with(|gs| gs.iter().map(|g| (g.code.clone(), g.name.get(lang).to_owned())).collect());
                                // A group the catalogue no longer has still shows as it is.
                                let current = base.with(|b| b.group.clone()).unwrap_or_default();
                                if !current.is_empty() && !list.iter().any(|(c, _)| *c == current) {
                                    list.push((current.clone(), current));
                                }
                                list.into_iter().map(|(code, name)| {
                                    let c = code.clone();
                                    view! { <option value=code prop:selected=move || input.with(|i| i.group == c)>{name}</option> }
                                }).collect_view()
                            }}
                        </select>
                        <FieldErrorText id=err_id("group") field="group" code=code_of("group")/>
                    </div>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" data-testid="user-save"
                        disabled=move || is_busy(Action::Save) aria-busy=move || is_busy(Action::Save).to_string()>
                        {move || app.t(if is_busy(Action::Save) { AdminMsg::Saving } else { AdminMsg::Save })}
                    </button>
                </div>
            </form>

            <div class="user-signin" role="group" aria-labelledby=fid("signin-title")>
                <h4 id=fid("signin-title")>{move || app.t(AdminMsg::SignInTitle)}</h4>
                <ul class="user-state" data-testid="user-state">
                    <li>{move || app.t(if disabled_now() { AdminMsg::StateDisabled } else { AdminMsg::StateEnabled })}</li>
                    {move || base.with(|b| b.must_change_password).then(|| view! { <li>{move || app.t(AdminMsg::StateMustChange)}</li> })}
                    {move || base.with(|b| b.locked_until).map(|t| view! {
                        <li>{move || app.t(AdminMsg::StateLocked)} " " {move || format::datetime(app.lang.get(), t)}</li>
                    })}
                </ul>
                <div class="action-buttons">
                    {move || if disabled_now() {
                        view! {
                            <button type="button" class="btn btn-secondary" data-testid="user-enable"
                                disabled=move || is_busy(Action::Enable) aria-busy=move || is_busy(Action::Enable).to_string()
                                on:click=move |_| confirm.set(Some(Confirm::Enable))>
                                {move || app.t(if is_busy(Action::Enable) { AdminMsg::Enabling } else { AdminMsg::Enable })}
                            </button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="btn btn-secondary btn-danger" data-testid="user-disable"
                                aria-describedby=err_id("disabled")
                                disabled=move || is_busy(Action::Disable) aria-busy=move || is_busy(Action::Disable).to_string()
                                on:click=move |_| confirm.set(Some(Confirm::Disable))>
                                {move || app.t(if is_busy(Action::Disable) { AdminMsg::Disabling } else { AdminMsg::Disable })}
                            </button>
                        }.into_any()
                    }}
                    <button type="button" class="btn btn-secondary" data-testid="user-reset"
                        disabled=move || is_busy(Action::Reset) aria-busy=move || is_busy(Action::Reset).to_string()
                        on:click=move |_| confirm.set(Some(Confirm::Reset))>
                        {move || app.t(if is_busy(Action::Reset) { AdminMsg::Resetting } else { AdminMsg::ResetPassword })}
                    </button>
                    {move || base.with(|b| b.locked_until.is_some()).then(|| view! {
                        <button type="button" class="btn btn-secondary" data-testid="user-unlock" on:click=unlock
                            disabled=move || is_busy(Action::Unlock) aria-busy=move || is_busy(Action::Unlock).to_string()>
                            {move || app.t(if is_busy(Action::Unlock) { AdminMsg::Unlocking } else { AdminMsg::Unlock })}
                        </button>
                    })}
                </div>
                <FieldErrorText id=err_id("disabled") field="disabled" code=code_of("disabled")/>
                {move || confirm.get().map(|c| {
                    let (question, yes) = match c {
                        Confirm::Disable => (AdminMsg::ConfirmDisable, AdminMsg::Disable),
                        Confirm::Enable => (AdminMsg::ConfirmEnable, AdminMsg::Enable),
                        Confirm::Reset => (AdminMsg::ConfirmReset, AdminMsg::ResetPassword),
                    };
                    let go = move |_| match c {
                        Confirm::Disable => set_disabled(true),
                        Confirm::Enable => set_disabled(false),
                        Confirm::Reset => reset(),
                    };
                    view! {
                        <div class="confirm banner banner-warning" role="group" aria-labelledby=fid("confirm-text") data-testid="user-confirm">
                            <p id=fid("confirm-text")>{move || app.t(question)}</p>
                            <div class="form-actions">
                                <button type="button" class="btn btn-primary" data-testid="user-confirm-yes" node_ref=confirm_button on:click=go>
                                    {move || app.t(yes)}
                                </button>
                                <button type="button" class="btn btn-secondary" data-testid="user-confirm-no"
                                    on:click=move |_| confirm.set(None)>
                                    {move || app.t(AdminMsg::Cancel)}
                                </button>
                            </div>
                        </div>
                    }
                })}
            </div>

            {move || one_time.get().map(|password| view! {
                <OneTimePassword username=base.with_untracked(|b| b.username.clone()) password=password
                    on_done=Callback::new(move |_| one_time.set(None))/>
            })}
            <p class="banner banner-ok" role="status" data-testid="user-notice" hidden=move || notice.with(Option::is_none)>
                {move || notice.get().map(|m| app.t(m))}
            </p>
            {move || error.get().map(|e| view! { <ErrorBanner error=e test_id="user-error"/> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use spotdesk_api::UserId;

    fn account() -> UserAccount {
        UserAccount {
            id: UserId(4),
            username: "anna".into(),
            display_name: "Anna".into(),
            role: Role::Agent,
            group: None,
            disabled: false,
            must_change_password: false,
            locked_until: None,
            created_at: Utc
                .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or_default(),
            password_changed_at: None,
            version: 3,
        }
    }

    #[test]
    fn the_patch_carries_only_what_changed() {
        let a = account();
        assert_eq!(Input::of(&a).patch_from(&a), UserPatch::default());
        let mut i = Input::of(&a);
        i.display_name = " Anna K ".into();
        i.group = "line2-network".into();
        let p = i.patch_from(&a);
        assert_eq!(p.display_name.as_deref(), Some("Anna K"));
        assert_eq!(p.role, None);
        assert_eq!(p.group.as_deref(), Some("line2-network"));
        assert_eq!(p.disabled, None);
        // Clearing a group sends "" (none).
        let mut b = account();
        b.group = Some("line2-network".into());
        let mut i = Input::of(&b);
        i.group.clear();
        i.role = Role::Engineer;
        let p = i.patch_from(&b);
        assert_eq!(p.group.as_deref(), Some(""));
        assert_eq!(p.role, Some(Role::Engineer));
    }

    #[test]
    fn loading_the_current_version_keeps_only_what_the_person_changed() {
        let old = account();
        let mut current = account();
        current.display_name = "Anna Sidorova".into();
        current.group = Some("line2-billing".into());
        current.version = 4;
        let mut i = Input::of(&old);
        i.display_name = "Anna K".into();
        i.rebase(&old, &current);
        assert_eq!(i.display_name, "Anna K");
        assert_eq!(i.group, "line2-billing");
        let p = i.patch_from(&current);
        assert_eq!(p.display_name.as_deref(), Some("Anna K"));
        assert_eq!(p.group, None, "someone else's group change is not undone");
    }
}
