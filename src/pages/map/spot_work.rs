//! Work on a registered spot: route it to an engineering group, record the cause and the
//! expected fix date, start work, resolve (which notifies every complainant). Every change is
//! sent with `If-Match`; if someone changed the spot meanwhile the page says so and shows the
//! current version.

use super::candidates::may_edit;
use super::layers::spot_lines;
use crate::api::{self, ApiError};
use crate::components::{AssigneePicker, ErrorBanner};
use crate::i18n::{MapMsg, Msg};
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Catalogue, Role, Spot, SpotPatch, SpotStatus, UserId, WorkKind};

/// The `If-Match` value for a spot version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// The patch for the form's values plus an optional status change; unchanged fields are
/// left out.
pub fn patch_of(
    spot: &Spot,
    group: &str,
    cause: &str,
    expected_fix: &str,
    status: Option<SpotStatus>,
) -> SpotPatch {
    let group = Some(group.trim().to_owned()).filter(|g| !g.is_empty());
    let cause = Some(cause.trim().to_owned()).filter(|c| !c.is_empty());
    let fix = spotdesk_core::validate::parse_ymd(expected_fix.trim());
    SpotPatch {
        status: status.filter(|s| *s != spot.status),
        group: group.filter(|g| spot.group.as_ref() != Some(g)),
        cause: cause.filter(|c| spot.cause.as_ref() != Some(c)),
        public_note: None,
        expected_fix: fix.filter(|d| spot.expected_fix != Some(*d)),
        assignee_id: None,
    }
}

/// Whether `role` (of `my_group`) may change a spot owned by `spot_group`, as the server
/// decides (`access::may_change_spot`): coordinators and administrators any spot, engineers
/// only their own group's (not an unassigned one), nobody else.
pub fn may_change_spot(
    role: Option<Role>,
    my_group: Option<&str>,
    spot_group: Option<&str>,
) -> bool {
    match role {
        Some(Role::Coordinator | Role::Admin) => true,
        Some(Role::Engineer) => {
            matches!((my_group, spot_group), (Some(m), Some(g)) if !g.is_empty() && m == g)
        }
        _ => false,
    }
}

/// The panel of the selected spot. `conflict` and `saved` are owned by the page, so the
/// messages survive the reload of the spot list (which rebuilds this panel).
#[component]
pub fn SpotWork(
    spot: Spot,
    /// Topic and group names (`None` until loaded).
    catalogue: Option<Catalogue>,
    conflict: RwSignal<bool>,
    saved: RwSignal<bool>,
    on_changed: Callback<Option<Spot>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let group = RwSignal::new(spot.group.clone().unwrap_or_default());
    let cause = RwSignal::new(spot.cause.clone().unwrap_or_default());
    let fix = RwSignal::new(spot.expected_fix.map(|d| d.to_string()).unwrap_or_default());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let s = StoredValue::new(spot);
    let status = s.with_value(|s| s.status);

    // Sends a patch against the version on screen.
    let send_patch = move |body: SpotPatch| {
        let (id, tag) = s.with_value(|sp| (sp.id, etag(sp.version)));
        busy.set(true);
        error.set(None);
        saved.set(false);
        conflict.set(false);
        spawn_local(async move {
            let r = app
                .call(|c| async move { api::spots::update(&c, id, &body, &tag).await })
                .await;
            busy.set(false);
            match r {
                Ok((spot, _)) => {
                    saved.set(true);
                    on_changed.run(Some(spot));
                }
                Err(e) if e.status() == Some(412) => {
                    conflict.set(true);
                    on_changed.run(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let send = move |new_status: Option<SpotStatus>| {
        let body = s.with_value(|sp| {
            patch_of(
                sp,
                &group.get_untracked(),
                &cause.get_untracked(),
                &fix.get_untracked(),
                new_status,
            )
        });
        send_patch(body);
    };
    let assign = Callback::new(move |who: Option<UserId>| {
        send_patch(SpotPatch {
            assignee_id: Some(who),
            ..Default::default()
        });
    });
    let spot_group = s.with_value(|sp| sp.group.clone());
    let assignee = s.with_value(|sp| sp.assignee.clone());
    let spot_key = s.with_value(|sp| format!("spot-{}", sp.id.0));
    let groups = catalogue
        .as_ref()
        .map(|c| c.groups.clone())
        .unwrap_or_default();
    // The owning group and the catalogue, for the rule and for the owner's name.
    let owner = StoredValue::new((s.with_value(|sp| sp.group.clone()), catalogue.clone()));
    let lines = move || s.with_value(|sp| spot_lines(app.lang.get(), catalogue.as_ref(), sp));
    let my_group = move || {
        app.session
            .with(|se| se.as_ref().and_then(|se| se.user.group.clone()))
    };
    let may_change = move || {
        owner.with_value(|(g, _)| may_change_spot(app.role(), my_group().as_deref(), g.as_deref()))
    };
    let editable = move || may_change() && status != SpotStatus::Resolved;
    // An engineer on another group's (or an unassigned) spot learns it here, before any form.
    let not_theirs =
        move || may_edit(app.role()) && !may_change() && status != SpotStatus::Resolved;
    let owner_name = move || {
        owner.with_value(|(g, c)| {
            g.as_deref()
                .filter(|g| !g.is_empty())
                .map(|g| crate::components::names::group_name(c.as_ref(), app.lang.get(), g))
        })
    };
    view! {
        <section class="card spot-work" aria-labelledby="spot-work-heading" data-testid="spot-work">
            <div class="card-head">
                <h2 id="spot-work-heading">{move || app.t(MapMsg::SpotWork)}</h2>
                <button type="button" class="btn btn-secondary" on:click=move |_| on_close.run(())>{move || app.t(MapMsg::Close)}</button>
            </div>
            {move || conflict.get().then(|| view! {
                <p class="banner banner-warning" role="alert" data-testid="spot-conflict">{app.t(MapMsg::Conflict)}</p>
            })}
            <ul class="spot-summary">{move || lines().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            {move || not_theirs().then(|| view! {
                <p class="banner banner-warning" role="note" data-testid="spot-not-yours">
                    {move || match owner_name() {
                        Some(name) => format!("{} {name}", app.t(MapMsg::OwnedByOther)),
                        None => app.t(MapMsg::NotAssignedYet).to_owned(),
                    }}
                </p>
            })}
            {(status != SpotStatus::Resolved).then(|| view! {
                <AssigneePicker work=WorkKind::Spot key=spot_key
                    group=Signal::derive(move || spot_group.clone()) current=Signal::derive(move || assignee.clone())
                    busy=Signal::derive(move || busy.get()) on_assign=assign/>
            })}
            {move || editable().then(|| view! {
                <form class="form spot-form" on:submit=move |ev| { ev.prevent_default(); send(None); }>
                    <label for="spot-group">{move || app.t(MapMsg::Group)}</label>
                    <select id="spot-group" data-testid="spot-group" on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || group.get().is_empty()>{move || app.t(MapMsg::Unassigned)}</option>
                        {groups.iter().map(|g| {
                            let code = g.code.clone();
                            let c2 = code.clone();
                            let name = g.name.clone();
                            view! { <option value=code prop:selected=move || group.get() == c2>{move || name.get(app.lang.get().code()).to_owned()}</option> }
                        }).collect_view()}
                    </select>
                    <label for="spot-cause">{move || app.t(MapMsg::Cause)}</label>
                    <input id="spot-cause" type="text" maxlength="2000" data-testid="spot-cause"
                        prop:value=move || cause.get() on:input=move |ev| cause.set(event_target_value(&ev))/>
                    <label for="spot-fix">{move || app.t(MapMsg::ExpectedFix)}</label>
                    <input id="spot-fix" type="date" data-testid="spot-fix"
                        prop:value=move || fix.get() on:input=move |ev| fix.set(event_target_value(&ev))/>
                    <div class="actions">
                        <button type="submit" class="btn btn-secondary" data-testid="spot-save" prop:disabled=move || busy.get()>
                            {move || app.t(if busy.get() { MapMsg::Saving } else { MapMsg::Save })}
                        </button>
                        {(status == SpotStatus::Registered).then(|| view! {
                            <button type="button" class="btn btn-secondary" data-testid="spot-start" prop:disabled=move || busy.get()
                                on:click=move |_| send(Some(SpotStatus::InWork))>{move || app.t(MapMsg::StartWork)}</button>
                        })}
                        <button type="button" class="btn btn-primary" data-testid="spot-resolve" prop:disabled=move || busy.get()
                            on:click=move |_| send(Some(SpotStatus::Resolved))>{move || app.t(MapMsg::Resolve)}</button>
                    </div>
                </form>
            })}
            {move || saved.get().then(|| view! { <p class="banner banner-ok" role="status" data-testid="spot-saved">{app.t(MapMsg::Saved)}</p> })}
            {move || error.get().map(|e| view! { <ErrorBanner error=e/> })}
            <p class="visually-hidden">{move || app.t(Msg::Spots)}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_owning_group_or_a_coordinator_changes_a_spot() {
        let net = Some("line2-network");
        assert!(may_change_spot(Some(Role::Coordinator), None, net));
        assert!(may_change_spot(Some(Role::Admin), None, None));
        assert!(may_change_spot(Some(Role::Engineer), net, net));
        assert!(!may_change_spot(
            Some(Role::Engineer),
            Some("line2-billing"),
            net
        ));
        assert!(
            !may_change_spot(Some(Role::Engineer), net, None),
            "unassigned"
        );
        assert!(!may_change_spot(Some(Role::Engineer), net, Some("")));
        assert!(!may_change_spot(Some(Role::Engineer), None, net));
        assert!(!may_change_spot(Some(Role::Agent), None, net));
        assert!(!may_change_spot(Some(Role::Manager), None, net));
        assert!(!may_change_spot(None, None, net));
    }
    use spotdesk_api::{Polygon, SpotId};

    fn spot() -> Spot {
        Spot {
            id: SpotId(4),
            key: "k".into(),
            status: SpotStatus::Registered,
            outline: Polygon { ring: vec![] },
            center_lat: 0.0,
            center_long: 0.0,
            topic: None,
            technology: None,
            complaints: 1,
            priority: 1.0,
            group: Some("line2-network".into()),
            cause: None,
            public_note: None,
            expected_fix: None,
            registered_at: chrono::DateTime::default(),
            updated_at: chrono::DateTime::default(),
            resolved_at: None,
            version: 3,
            assignee: None,
        }
    }

    #[test]
    fn only_changes_are_sent() {
        let p = patch_of(
            &spot(),
            "line2-network",
            "  Antenna ",
            "2030-01-02",
            Some(SpotStatus::Resolved),
        );
        assert_eq!(p.group, None);
        assert_eq!(p.cause.as_deref(), Some("Antenna"));
        assert_eq!(
            p.expected_fix.map(|d| d.to_string()).as_deref(),
            Some("2030-01-02")
        );
        assert_eq!(p.status, Some(SpotStatus::Resolved));
        let none = patch_of(&spot(), "", "", "not a date", Some(SpotStatus::Registered));
        assert_eq!(none, SpotPatch::default());
        assert_eq!(etag(3), "\"3\"");
    }
}
