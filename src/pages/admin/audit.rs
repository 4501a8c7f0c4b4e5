//! The Audit log section: administrative changes, newest first, filtered by actor, action,
//! object and period (in the URL), paged with "load more"; each entry's before and after as
//! a table of the fields that changed.

use super::audit_filter::{AuditFilter, ACTIONS};
use super::diff::{changes, Change};
use super::users::group_name;
use crate::api::{self, ApiError};
use crate::components::{ErrorBanner, Skeleton};
use crate::format;
use crate::i18n::{audit_action_msg, AdminMsg, Lang, ListMsg};
use crate::state::{role_msg, use_app};
use chrono::{DateTime, Local, Offset, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::Value;
use spotdesk_api::{AuditEntry, Group, Role, UserAccount};

/// Entries per page.
const PAGE: u32 = 50;

/// The Audit log section.
#[component]
pub fn AuditSection() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let navigate = use_navigate();
    let filter = Memo::new(move |_| query.with(|q| AuditFilter::from_params(|k| q.get(k))));
    let catalogue = app.catalogue_resource();
    let groups = Signal::derive(move || {
        catalogue
            .get()
            .and_then(Result::ok)
            .map(|c| c.groups)
            .unwrap_or_default()
    });
    // The accounts, for the object filter (by name rather than id).
    let accounts =
        LocalResource::new(move || app.call(|c| async move { api::admin::users(&c).await }));
    let accounts = Signal::derive(move || accounts.get().and_then(Result::ok).unwrap_or_default());

    let rows = RwSignal::new(Vec::<AuditEntry>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // Bumped on every new filter so answers for an old filter are dropped.
    let generation = StoredValue::new(0u64);

    let load = move |more: bool| {
        if more && loading.get_untracked() {
            return;
        }
        if !more {
            generation.update_value(|g| *g += 1);
            rows.set(vec![]);
            cursor.set(None);
            loaded.set(false);
        }
        let gen = generation.get_value();
        let tz = Local::now().offset().fix();
        let mut q = filter.get_untracked().to_query(tz, PAGE);
        q.cursor = if more { cursor.get_untracked() } else { None };
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::admin::audit(&c, &q).await })
                .await;
            if generation.try_get_value() != Some(gen) {
                return;
            }
            match r {
                Ok(page) => {
                    rows.update(|r| r.extend(page.items));
                    cursor.set(page.next_cursor);
                    loaded.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    Effect::new(move |_| {
        filter.track();
        load(false);
    });

    let on_change = Callback::new(move |f: AuditFilter| {
        navigate(
            &format!("/admin/audit{}", f.to_query_string()),
            Default::default(),
        );
    });

    view! {
        <section class="admin-audit" aria-labelledby="audit-title">
            <h2 id="audit-title">{move || app.t(AdminMsg::AuditLog)}</h2>
            <Filters filter=filter accounts=accounts on_change=on_change/>
            <div class="toolbar">
                <span class="progress" role="status" aria-live="polite" data-testid="audit-count">
                    {move || format!("{} {}", app.t(ListMsg::Shown), rows.with(Vec::len))}
                    {move || cursor.with(Option::is_some).then(|| app.t(ListMsg::MoreAvailable))}
                </span>
            </div>
            {move || error.get().map(|e| view! { <ErrorBanner error=e test_id="audit-error"
                on_retry=Callback::new(move |_| load(loaded.get_untracked()))/> })}
            {move || (!loaded.get() && loading.get()).then(|| view! { <Skeleton lines=6/> })}
            {move || (loaded.get() && rows.with(Vec::is_empty)).then(|| view! {
                <p class="empty" data-testid="audit-empty">{app.t(AdminMsg::AuditNone)}</p>
            })}
            <ol class="audit-list" data-testid="audit-list">
                <For each=move || rows.get() key=|e| e.id let:entry>
                    <Entry entry=entry groups=groups/>
                </For>
            </ol>
            {move || cursor.with(Option::is_some).then(|| view! {
                <button type="button" class="btn btn-secondary load-more" data-testid="audit-load-more"
                    disabled=move || loading.get() aria-busy=move || loading.get().to_string() on:click=move |_| load(true)>
                    {move || app.t(if loading.get() { AdminMsg::Loading } else { AdminMsg::LoadOlder })}
                </button>
            })}
        </section>
    }
}

/// The filter bar. Selects and dates apply at once; the actor on Enter or "Search".
#[component]
fn Filters(
    filter: Memo<AuditFilter>,
    #[prop(into)] accounts: Signal<Vec<UserAccount>>,
    on_change: Callback<AuditFilter>,
) -> impl IntoView {
    let app = use_app();
    let actor = RwSignal::new(String::new());
    // Back/forward changes the URL: show its actor.
    Effect::new(move |_| actor.set(filter.with(|f| f.actor.clone())));
    let change = move |f: &dyn Fn(&mut AuditFilter)| {
        let mut next = filter.get_untracked();
        next.actor = actor.get_untracked().trim().to_owned();
        f(&mut next);
        on_change.run(next);
    };
    view! {
        <form class="card filters" role="search" aria-labelledby="audit-filters-title" novalidate data-testid="audit-filters"
            on:submit=move |ev| { ev.prevent_default(); change(&|_| {}); }>
            <h3 id="audit-filters-title" class="visually-hidden">{move || app.t(ListMsg::Filters)}</h3>
            <div class="filter-grid">
                <div class="field">
                    <label for="audit-actor">{move || app.t(AdminMsg::Actor)}</label>
                    <input id="audit-actor" type="search" autocomplete="off" autocapitalize="none" spellcheck="false"
                        aria-describedby="audit-actor-hint"
                        prop:value=actor on:input=move |ev| actor.set(event_target_value(&ev))/>
                    <p class="hint" id="audit-actor-hint">{move || app.t(AdminMsg::ActorHint)}</p>
                </div>
                <div class="field">
                    <label for="audit-action">{move || app.t(AdminMsg::Action)}</label>
                    <select id="audit-action" on:change=move |ev| { let v = event_target_value(&ev); change(&|f| f.action = v.clone()); }>
                        <option value="" prop:selected=move || filter.with(|f| f.action.is_empty())>{move || app.t(ListMsg::All)}</option>
                        {ACTIONS.into_iter().map(|a| view! {
                            <option value=a prop:selected=move || filter.with(|f| f.action == a)>{move || app.t(audit_action_msg(a))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="audit-object">{move || app.t(AdminMsg::Object)}</label>
                    <select id="audit-object" on:change=move |ev| { let v = event_target_value(&ev); change(&|f| f.set_object(&v)); }>
                        <option value="" prop:selected=move || filter.with(|f| f.object_kind.is_empty())>{move || app.t(ListMsg::All)}</option>
                        <option value="user" prop:selected=move || filter.with(|f| f.object_value() == "user")>{move || app.t(AdminMsg::AnyAccount)}</option>
                        {move || {
                            let mut list = accounts.get();
                            // An account filtered by id that the list lacks still shows.
                            let chosen = filter.with(|f| (f.object_kind == "user").then_some(f.object_id).flatten());
                            if let Some(id) = chosen {
                                if !list.iter().any(|a| a.id.0 == id) {
                                    list.push(UserAccount { username: format!("#{id}"), ..placeholder(id) });
                                }
                            }
                            list.into_iter().map(|a| {
                                let value = format!("user:{}", a.id);
                                let v = value.clone();
                                view! {
                                    <option value=value prop:selected=move || filter.with(|f| f.object_value() == v)>
                                        {format!("{} ({})", a.username, a.display_name)}
                                    </option>
                                }
                            }).collect_view()
                        }}
                    </select>
                </div>
                <div class="field">
                    <label for="audit-from">{move || app.t(AdminMsg::From)}</label>
                    <input id="audit-from" type="date" prop:value=move || filter.with(|f| f.from.map(|d| d.to_string()).unwrap_or_default())
                        on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); change(&|f| f.from = v); }/>
                </div>
                <div class="field">
                    <label for="audit-to">{move || app.t(AdminMsg::To)}</label>
                    <input id="audit-to" type="date" prop:value=move || filter.with(|f| f.to.map(|d| d.to_string()).unwrap_or_default())
                        on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); change(&|f| f.to = v); }/>
                </div>
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="audit-search">{move || app.t(ListMsg::Search)}</button>
                <button type="button" class="btn btn-secondary" data-testid="audit-reset"
                    on:click=move |_| { actor.set(String::new()); on_change.run(AuditFilter::default()); }>
                    {move || app.t(ListMsg::Reset)}
                </button>
            </div>
        </form>
    }
}

/// An account known only by its id (the object filter names one the list does not have).
fn placeholder(id: i64) -> UserAccount {
    UserAccount {
        id: spotdesk_api::UserId(id),
        username: String::new(),
        display_name: String::new(),
        role: Role::Agent,
        group: None,
        disabled: false,
        must_change_password: false,
        locked_until: None,
        created_at: DateTime::<Utc>::default(),
        password_changed_at: None,
        version: 0,
    }
}

/// One entry: when, who, what, to which object, and what changed.
#[component]
fn Entry(entry: AuditEntry, #[prop(into)] groups: Signal<Vec<Group>>) -> impl IntoView {
    let app = use_app();
    let list = changes(entry.before.as_ref(), entry.after.as_ref());
    let object = object_label(&entry);
    let action = entry.action.clone();
    let at = entry.at;
    let title_id = format!("audit-{}", entry.id);
    let labelled_by = title_id.clone();
    let rows = list
        .into_iter()
        .map(|c: Change| {
            let Change { key, before, after } = c;
            let k = key.clone();
            let label = move || field_label(app.lang.get(), &k);
            let show = move |v: Option<Value>| {
                let key = key.clone();
                move || groups.with(|g| show_value(app.lang.get(), &key, v.as_ref(), g))
            };
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td data-col="before">{show(before)}</td>
                    <td data-col="after">{show(after)}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    let empty = rows.is_empty();
    view! {
        <li class="card audit-entry" data-testid="audit-entry" data-action=entry.action.clone() aria-labelledby=labelled_by>
            <p class="audit-head" id=title_id>
                <time datetime=at.to_rfc3339()>{move || format::datetime(app.lang.get(), at)}</time>
                " · "
                <strong data-testid="audit-actor">{entry.actor.username.clone()}</strong>
                " · "
                <span data-testid="audit-action">{move || app.t(audit_action_msg(&action))}</span>
                " · "
                <span data-testid="audit-object">{object}</span>
            </p>
            {if empty {
                view! { <p class="hint">{move || app.t(AdminMsg::NoFieldChanged)}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table audit-diff" data-testid="audit-diff">
                        <thead>
                            <tr>
                                <th scope="col">{move || app.t(AdminMsg::Field)}</th>
                                <th scope="col">{move || app.t(AdminMsg::Before)}</th>
                                <th scope="col">{move || app.t(AdminMsg::After)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
        </li>
    }
}

/// The object of an entry as a person reads it: its kind, username (when it has one) and id.
fn object_label(e: &AuditEntry) -> String {
    let name = [e.after.as_ref(), e.before.as_ref()]
        .into_iter()
        .flatten()
        .find_map(|v| v.get("username").and_then(Value::as_str))
        .map(str::to_owned);
    let id = e.object_id.map(|i| format!("#{i}")).unwrap_or_default();
    match name {
        Some(n) => format!("{} {n} {id}", e.object_kind).trim().to_owned(),
        None => format!("{} {id}", e.object_kind).trim().to_owned(),
    }
}

/// The label of a changed key: known keys translated, others as they are.
fn field_label(lang: Lang, key: &str) -> String {
    let msg = match key {
        "username" => AdminMsg::Username,
        "display_name" => AdminMsg::DisplayName,
        "role" => AdminMsg::Role,
        "group" => AdminMsg::Group,
        "disabled" => AdminMsg::Disabled,
        "must_change_password" => AdminMsg::MustChange,
        "locked_until" => AdminMsg::LockedUntil,
        "password_changed_at" => AdminMsg::PasswordChangedAt,
        "counters_removed" => AdminMsg::CountersRemoved,
        "" => AdminMsg::Value,
        other => return other.to_owned(),
    };
    crate::i18n::text(lang, msg).to_owned()
}

/// A value as a person reads it: roles and groups by name, instants in local time, yes/no,
/// "—" for none; anything else as compact JSON.
fn show_value(lang: Lang, key: &str, v: Option<&Value>, groups: &[Group]) -> String {
    let t = |m| crate::i18n::text(lang, m).to_owned();
    match v {
        None | Some(Value::Null) => "—".to_owned(),
        Some(Value::Bool(b)) => t(if *b { AdminMsg::Yes } else { AdminMsg::No }),
        Some(Value::String(s)) => {
            if key == "role" {
                if let Some(r) = Role::parse(s) {
                    return crate::i18n::text(lang, role_msg(r)).to_owned();
                }
            }
            if key == "group" {
                return group_name(groups, s, lang.code());
            }
            if key.ends_with("_at") || key.ends_with("_until") {
                if let Ok(at) = s.parse::<DateTime<Utc>>() {
                    return format::datetime(lang, at);
                }
            }
            s.clone()
        }
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use spotdesk_api::{AuditActor, LocalizedText};

    #[test]
    fn values_read_like_text() {
        let groups = vec![Group {
            code: "line2-network".into(),
            name: LocalizedText {
                ru: "Сеть".into(),
                en: "Network".into(),
            },
            line: 2,
        }];
        let v = |j: Value| Some(j);
        assert_eq!(
            show_value(Lang::En, "role", v(json!("admin")).as_ref(), &groups),
            "Administrator"
        );
        assert_eq!(
            show_value(
                Lang::Ru,
                "group",
                v(json!("line2-network")).as_ref(),
                &groups
            ),
            "Сеть"
        );
        assert_eq!(
            show_value(Lang::En, "group", v(json!("gone")).as_ref(), &groups),
            "gone"
        );
        assert_eq!(
            show_value(Lang::En, "disabled", v(json!(true)).as_ref(), &groups),
            "Yes"
        );
        assert_eq!(show_value(Lang::En, "group", None, &groups), "—");
        assert_eq!(
            show_value(Lang::En, "counters_removed", v(json!(3)).as_ref(), &groups),
            "3"
        );
        assert_eq!(field_label(Lang::En, "something_new"), "something_new");
    }

    #[test]
    fn the_object_is_named_by_its_username() {
        let e = AuditEntry {
            id: 1,
            at: DateTime::<Utc>::default(),
            actor: AuditActor {
                id: None,
                username: "cli".into(),
            },
            action: "user.create".into(),
            object_kind: "user".into(),
            object_id: Some(5),
            before: None,
            after: Some(json!({"username": "anna"})),
        };
        assert_eq!(object_label(&e), "user anna #5");
        let e = AuditEntry {
            after: None,
            object_id: None,
            ..e
        };
        assert_eq!(object_label(&e), "user");
    }
}
