//! Who works on a ticket, an incident or a spot: the current person's name, "Assign to me"
//! and a choice of the people the server would accept (`GET /users/assignable`), shared by
//! the ticket page, the board's incident cards and the map's spot work.
//!
//! The widget only offers what the server would allow (`may_assign` mirrors
//! `access::may_work_on`; "Assign to me" appears only when the signed-in user is among the
//! people the server lists); the server still decides. The caller sends the change (with
//! its `If-Match`) through `on_assign`.

use crate::api;
use crate::i18n::WorkMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Actor, Role, UserId, WorkKind};

/// Whether `role` (of `my_group`) may assign a `work` owned by `owner`, as the server decides
/// (`access::may_work_on` with the `PATCH` rules): tickets by agents, engineers, coordinators
/// and administrators; incidents and spots by engineers, coordinators and administrators; an
/// engineer only their own group's.
pub fn may_assign(
    work: WorkKind,
    role: Option<Role>,
    my_group: Option<&str>,
    owner: Option<&str>,
) -> bool {
    let Some(role) = role else {
        return false;
    };
    let role_may = match work {
        WorkKind::Ticket => !matches!(role, Role::Manager),
        WorkKind::Incident | WorkKind::Spot => !matches!(role, Role::Manager | Role::Agent),
    };
    role_may
        && (role != Role::Engineer
            || matches!((my_group, owner), (Some(m), Some(o)) if !o.is_empty() && m == o))
}

/// The assignee of one object. `key` makes the element ids unique on a page with many
/// (the board's cards); `on_assign` gets the chosen person (`None`: nobody).
#[component]
pub fn AssigneePicker(
    work: WorkKind,
    /// The owning group's code, as the object now is.
    #[prop(into)]
    group: Signal<Option<String>>,
    /// The person assigned now.
    #[prop(into)]
    current: Signal<Option<Actor>>,
    /// While a change is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    #[prop(into)] key: String,
    on_assign: Callback<Option<UserId>>,
) -> impl IntoView {
    let app = use_app();
    let me = move || app.session.with(|s| s.as_ref().map(|s| s.user.id));
    let my_group = move || {
        app.session
            .with(|s| s.as_ref().and_then(|s| s.user.group.clone()))
    };
    let allowed = Memo::new(move |_| {
        group.with(|g| may_assign(work, app.role(), my_group().as_deref(), g.as_deref()))
    });
    // Asked for again when the owning group changes.
    let people = LocalResource::new(move || {
        let g = group.get();
        let ask = allowed.get();
        async move {
            if !ask {
                return Ok(Vec::new());
            }
            app.call(move |c| async move { api::users::assignable(&c, work, g.as_deref()).await })
                .await
        }
    });
    let list = move || people.get().and_then(Result::ok).unwrap_or_default();
    let choice = RwSignal::new(String::new());
    // The select follows the current assignee until the user picks someone.
    Effect::new(move |_| {
        let id = current.with(|c| c.as_ref().map(|a| a.id.0.to_string()));
        choice.set(id.unwrap_or_default());
    });
    let can_take = move || {
        let me = me();
        allowed.get()
            && current.with(|c| c.as_ref().map(|a| a.id)) != me
            && me.is_some_and(|me| list().iter().any(|p| p.id == me))
    };
    let select_id = format!("assignee-{key}");
    let label_for = select_id.clone();
    view! {
        <div class="assignee" data-testid="assignee">
            <p class="assignee-now">
                <span>{move || app.t(WorkMsg::Assignee)}</span>": "
                <strong data-testid="assignee-name">{move || match current.get() {
                    Some(a) => a.display_name,
                    None => app.t(WorkMsg::Nobody).to_owned(),
                }}</strong>
            </p>
            {move || can_take().then(|| view! {
                <button type="button" class="btn btn-secondary" data-testid="assign-to-me" disabled=move || busy.get()
                    on:click=move |_| on_assign.run(me())>{move || app.t(WorkMsg::AssignToMe)}</button>
            })}
            <Show when=move || allowed.get()>
                <div class="field-row assignee-row">
                    <label for=label_for.clone()>{move || app.t(WorkMsg::ChoosePerson)}</label>
                    <select id=select_id.clone() data-testid="assignee-select"
                        on:change=move |ev| choice.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || choice.get().is_empty()>{move || app.t(WorkMsg::NoOne)}</option>
                        {move || {
                            let mut shown = list();
                            // The current person stays shown even if no longer on the list.
                            if let Some(c) = current.get() {
                                if !shown.iter().any(|p| p.id == c.id) {
                                    shown.push(c);
                                }
                            }
                            shown.into_iter().map(|p| {
                                let v = p.id.0.to_string();
                                let v2 = v.clone();
                                view! { <option value=v prop:selected=move || choice.get() == v2>{p.display_name}</option> }
                            }).collect_view()
                        }}
                    </select>
                    <button type="button" class="btn btn-secondary" data-testid="assign" disabled=move || busy.get()
                        on:click=move |_| {
                            let id = choice.get_untracked().parse::<i64>().ok().map(UserId);
                            if id != current.with_untracked(|c| c.as_ref().map(|a| a.id)) {
                                on_assign.run(id);
                            }
                        }>{move || app.t(WorkMsg::Assign)}</button>
                </div>
                {move || people.get().is_none().then(|| view! { <p class="muted small">{app.t(WorkMsg::LoadingPeople)}</p> })}
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirrors_who_the_server_lets_assign() {
        use WorkKind::{Incident, Spot, Ticket};
        let net = Some("line2-network");
        assert!(may_assign(Ticket, Some(Role::Agent), None, net));
        assert!(!may_assign(Incident, Some(Role::Agent), None, net));
        assert!(!may_assign(Spot, Some(Role::Manager), None, net));
        for w in [Ticket, Incident, Spot] {
            assert!(may_assign(w, Some(Role::Engineer), net, net));
            assert!(!may_assign(
                w,
                Some(Role::Engineer),
                Some("line2-billing"),
                net
            ));
            assert!(!may_assign(w, Some(Role::Engineer), net, None));
            assert!(may_assign(w, Some(Role::Coordinator), None, None));
            assert!(may_assign(w, Some(Role::Admin), None, net));
            assert!(!may_assign(w, None, None, net));
        }
    }
}
