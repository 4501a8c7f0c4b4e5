//! The Users section: every account in a table, a form to create one, and the panel of the
//! account being managed (edit, disable or enable, one-time password, unlock).

use super::one_time::OneTimePassword;
use super::user_create::CreateUserForm;
use super::user_panel::UserPanel;
use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, Skeleton};
use crate::format;
use crate::i18n::{AdminMsg, Msg};
use crate::state::{role_msg, use_app};
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{CreatedUser, Group, UserAccount, UserId};
use wasm_bindgen::JsCast;

/// What a creation showed: the new account's username and the one-time password the server
/// generated, or `None` when there is none to show (see [`CreatedNote`]).
#[derive(Debug, Clone, PartialEq)]
struct Created {
    username: String,
    password: Option<String>,
    note: CreatedNote,
}

/// Why a creation has no password to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CreatedNote {
    /// The server generated one: it is shown.
    Generated,
    /// The administrator typed the initial password.
    Given,
    /// The answer repeated an earlier creation (same idempotency key): the password was
    /// answered then, not now.
    Repeated,
}

/// The name of a group in the current language, or its code when the catalogue lacks it.
pub fn group_name(groups: &[Group], code: &str, lang: &str) -> String {
    groups
        .iter()
        .find(|g| g.code == code)
        .map(|g| g.name.get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// Puts `account` into the list in place of the one with its id, or adds it, keeping the
/// list in username order.
fn put(list: &mut Vec<UserAccount>, account: UserAccount) {
    match list.iter_mut().find(|a| a.id == account.id) {
        Some(a) => *a = account,
        None => {
            list.push(account);
            spotdesk_core::sort::sort_by(list, |a, b| a.username.cmp(&b.username));
        }
    }
}

/// The Users section.
#[component]
pub fn UsersSection() -> impl IntoView {
    let app = use_app();
    let catalogue = app.catalogue_resource();
    let groups = Signal::derive(move || {
        catalogue
            .get()
            .and_then(Result::ok)
            .map(|c| c.groups)
            .unwrap_or_default()
    });
    let accounts = RwSignal::new(Vec::<UserAccount>::new());
    let loading = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let creating = RwSignal::new(false);
    let created = RwSignal::new(None::<Created>);
    let open = RwSignal::new(None::<UserId>);

    let load = move || {
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::admin::users(&c).await })
                .await;
            match r {
                Ok(list) => {
                    let _ = accounts.try_set(list);
                    let _ = loaded.try_set(true);
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
            let _ = loading.try_set(false);
        });
    };
    load();

    let changed = Callback::new(move |a: UserAccount| accounts.update(|l| put(l, a)));
    let on_created = Callback::new(move |(c, given): (CreatedUser, bool)| {
        let note = match (&c.one_time_password, given) {
            (Some(_), _) => CreatedNote::Generated,
            (None, true) => CreatedNote::Given,
            (None, false) => CreatedNote::Repeated,
        };
        created.set(Some(Created {
            username: c.user.username.clone(),
            password: c.one_time_password.clone(),
            note,
        }));
        accounts.update(|l| put(l, c.user));
        creating.set(false);
    });
    let close_form = Callback::new(move |_| {
        creating.set(false);
        focus_by_id("new-user-open");
    });

    view! {
        <section class="admin-users" aria-labelledby="users-title">
            <div class="section-head">
                <h2 id="users-title">{move || app.t(AdminMsg::Users)}</h2>
                <div class="form-actions">
                <button type="button" class="btn btn-secondary" data-testid="users-refresh" on:click=move |_| load()
                    disabled=move || loading.get() aria-busy=move || loading.get().to_string()>
                    {move || app.t(if loading.get() { AdminMsg::Loading } else { AdminMsg::Refresh })}
                </button>
                <button type="button" id="new-user-open" class="btn btn-primary" data-testid="new-user-open"
                    aria-expanded=move || creating.get().to_string() aria-controls="new-user-form"
                    on:click=move |_| { created.set(None); creating.update(|c| *c = !*c); }>
                    {move || app.t(AdminMsg::NewUser)}
                </button>
                </div>
            </div>
            <Show when=move || creating.get()>
                <CreateUserForm groups=groups on_created=on_created on_cancel=close_form/>
            </Show>
            {move || created.get().map(|c| match (c.password, c.note) {
                (Some(password), _) => view! {
                    <OneTimePassword username=c.username password=password
                        on_done=Callback::new(move |_| { created.set(None); focus_by_id("new-user-open"); })/>
                }.into_any(),
                (None, note) => {
                    let msg = if note == CreatedNote::Given { AdminMsg::CreatedWithGiven } else { AdminMsg::CreatedRepeated };
                    view! {
                        <p class="banner banner-ok" role="status" data-testid="user-created">
                            <span>{format!("{} {}", app.t(AdminMsg::AccountCreated), c.username)}</span>
                            <span>{move || app.t(msg)}</span>
                        </p>
                    }.into_any()
                }
            })}
            {move || error.get().map(|e| view! {
                <ErrorBanner error=e test_id="users-error" on_retry=Callback::new(move |_| load())/>
            })}
            {move || (!loaded.get() && loading.get()).then(|| view! { <Skeleton lines=5/> })}
            <Show when=move || loaded.get()>
                <div class="table-wrap">
                    <table class="tickets users-table" data-testid="users-table">
                        <caption class="visually-hidden">{move || app.t(AdminMsg::Users)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{move || app.t(AdminMsg::Username)}</th>
                                <th scope="col">{move || app.t(AdminMsg::DisplayName)}</th>
                                <th scope="col">{move || app.t(AdminMsg::Role)}</th>
                                <th scope="col">{move || app.t(Msg::ColGroup)}</th>
                                <th scope="col">{move || app.t(AdminMsg::SignInTitle)}</th>
                                <th scope="col"><span class="visually-hidden">{move || app.t(AdminMsg::Manage)}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || accounts.with(|l| l.iter().map(|a| a.id).collect::<Vec<_>>())
                                key=|id| id.0 let:id>
                                <UserRow id=id accounts=accounts groups=groups open=open changed=changed/>
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

/// One account's row, and below it its panel while it is being managed. The row reads its
/// account from the list, so a change redraws the cells but keeps an open panel (and what
/// was typed into it).
#[component]
fn UserRow(
    id: UserId,
    accounts: RwSignal<Vec<UserAccount>>,
    #[prop(into)] groups: Signal<Vec<Group>>,
    open: RwSignal<Option<UserId>>,
    changed: Callback<UserAccount>,
) -> impl IntoView {
    let app = use_app();
    let account = Memo::new(move |_| accounts.with(|l| l.iter().find(|a| a.id == id).cloned()));
    let is_open = Memo::new(move |_| open.get() == Some(id));
    let cell = move |f: fn(&UserAccount) -> String| {
        move || account.with(|a| a.as_ref().map(f).unwrap_or_default())
    };
    let group = move || {
        let lang = app.lang.get().code();
        account.with(|a| {
            a.as_ref()
                .and_then(|a| a.group.clone())
                .map(|g| groups.with(|gs| group_name(gs, &g, lang)))
                .unwrap_or_else(|| "—".to_owned())
        })
    };
    // Whether the account may sign in: its disabling, one-time password and sign-in delay as
    // badges, or "Active" when there is none.
    let state = move || {
        let lang = app.lang.get();
        let (disabled, must_change, locked) = account.with(|a| {
            a.as_ref()
                .map(|a| (a.disabled, a.must_change_password, a.locked_until))
                .unwrap_or_default()
        });
        let mut badges = Vec::new();
        if disabled {
            badges.push(view! {
                <span class="badge badge-danger" data-state="disabled">{app.t(AdminMsg::Disabled)}</span>
            }.into_any());
        }
        if must_change {
            badges.push(view! {
                <span class="badge badge-warning" data-state="must-change">{app.t(AdminMsg::MustChange)}</span>
            }.into_any());
        }
        if let Some(t) = locked {
            badges.push(
                view! {
                    <span class="badge badge-warning" data-state="locked">
                        {format!("{} {}", app.t(AdminMsg::LockedUntil), format::datetime(lang, t))}
                    </span>
                }
                .into_any(),
            );
        }
        if badges.is_empty() {
            badges.push(
                view! { <span class="hint" data-state="active">{app.t(AdminMsg::Active)}</span> }
                    .into_any(),
            );
        }
        badges
    };
    let button_id = format!("manage-{id}");
    let panel_id = format!("user-panel-{id}");
    let username = cell(|a| a.username.clone());
    view! {
        <tr data-testid="user-row" data-username=username class:row-disabled=move || account.with(|a| a.as_ref().is_some_and(|a| a.disabled))>
            <td data-col="username"><strong>{cell(|a| a.username.clone())}</strong></td>
            <td data-col="display-name">{cell(|a| a.display_name.clone())}</td>
            <td data-col="role">{move || account.with(|a| a.as_ref().map(|a| app.t(role_msg(a.role))).unwrap_or_default())}</td>
            <td data-col="group">{group}</td>
            <td data-col="state" class="user-state-cell">{state}</td>
            <td data-col="manage">
                <button type="button" id=button_id class="btn btn-secondary" data-testid="user-manage"
                    aria-expanded=move || is_open.get().to_string() aria-controls=panel_id.clone()
                    on:click=move |_| open.update(|o| *o = if *o == Some(id) { None } else { Some(id) })>
                    {move || app.t(if is_open.get() { AdminMsg::Close } else { AdminMsg::Manage })}
                    <span class="visually-hidden">" " {cell(|a| a.username.clone())}</span>
                </button>
            </td>
        </tr>
        {move || {
            if !is_open.get() {
                return None;
            }
            let initial = account.get_untracked()?;
            let on_close = Callback::new(move |_| {
                open.set(None);
                focus_by_id(&format!("manage-{id}"));
            });
            Some(view! {
                <tr class="user-panel-row">
                    <td colspan="6">
                        <UserPanel initial=initial groups=groups on_changed=changed on_close=on_close/>
                    </td>
                </tr>
            })
        }}
    }
}

/// Moves the keyboard focus to the element with `id`, if it is there.
pub fn focus_by_id(id: &str) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}
