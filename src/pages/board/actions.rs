//! Lifecycle actions of a card (only the allowed next statuses), the resolution form with
//! its note for the linked tickets, and assigning the owner group.

use super::{BoardCtx, CardError};
use crate::api::ApiError;
use crate::i18n::{action_msg, BoardMsg};
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Incident, IncidentPatch, IncidentStatus};
use spotdesk_core::incidents::next_statuses;

/// The action buttons of the incident in `incident`. The card outlives live updates of
/// its incident, so the resolution form and the owner choice keep what was typed or chosen;
/// a change is sent against the newest version the card has seen.
#[component]
pub fn Actions(incident: Signal<Incident>) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let resolving = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let status = Memo::new(move |_| incident.with(|i| i.status));
    let has_owner = Memo::new(move |_| incident.with(|i| i.owner_group.is_some()));

    let send = move |patch: IncidentPatch| {
        ctx.send(app, incident, patch, busy, error, move || {
            resolving.set(false);
            note.set(String::new());
            owner.set(String::new());
        });
    };
    let buttons = move || {
        next_statuses(status.get())
            .into_iter()
            .map(|to| {
                let primary = matches!(to, IncidentStatus::InWork | IncidentStatus::Resolved);
                view! {
                    <button type="button" class="btn" class:btn-primary=primary class:btn-secondary=!primary
                        data-testid=format!("action-{}", status_code(to))
                        disabled=move || busy.get()
                        on:click=move |_| {
                            if to == IncidentStatus::Resolved {
                                resolving.set(true);
                            } else {
                                send(IncidentPatch { status: Some(to), ..Default::default() });
                            }
                        }>
                        {move || app.t(action_msg(to))}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="actions">
            <div class="btn-row">{buttons}</div>
            // Only while resolving is still a next step (someone else may have resolved it).
            <Show when=move || resolving.get() && next_statuses(status.get()).contains(&IncidentStatus::Resolved)>
                <form class="resolve-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let text = note.get_untracked().trim().to_owned();
                    send(IncidentPatch {
                        status: Some(IncidentStatus::Resolved),
                        resolution_note: (!text.is_empty()).then_some(text),
                        ..Default::default()
                    });
                }>
                    <label>
                        <span>{move || app.t(BoardMsg::ResolutionNote)}</span>
                        <textarea rows="2" data-testid="resolution-note" maxlength="2000"
                            prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="btn-row">
                        <button type="submit" class="btn btn-primary" data-testid="confirm-resolve" disabled=move || busy.get()>
                            {move || if busy.get() { app.t(BoardMsg::Working) } else { app.t(BoardMsg::ConfirmResolve) }}
                        </button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| resolving.set(false)>
                            {move || app.t(BoardMsg::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
            <Show when=move || !has_owner.get()>
                <form class="owner-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let g = owner.get_untracked();
                    if !g.is_empty() {
                        send(IncidentPatch { owner_group: Some(g), ..Default::default() });
                    }
                }>
                    <label>
                        <span>{move || app.t(BoardMsg::SetOwner)}</span>
                        <select data-testid="owner-select" on:change=move |ev| owner.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {move || ctx.catalogue.get().map(|c| c.groups.into_iter().map(|g| {
                                let name = g.name.get(app.lang.get().code()).to_owned();
                                let selected = owner.get_untracked() == g.code;
                                view! { <option value=g.code.clone() selected=selected>{name}</option> }
                            }).collect_view())}
                        </select>
                    </label>
                    <button type="submit" class="btn btn-secondary" data-testid="owner-save" disabled=move || busy.get()>
                        {move || app.t(BoardMsg::Save)}
                    </button>
                </form>
            </Show>
            <CardError error=error/>
        </div>
    }
}

/// The wire name of a status, for test ids.
fn status_code(s: IncidentStatus) -> &'static str {
    match s {
        IncidentStatus::Registered => "registered",
        IncidentStatus::Diagnosis => "diagnosis",
        IncidentStatus::InWork => "in_work",
        IncidentStatus::Resolved => "resolved",
        IncidentStatus::Confirmed => "confirmed",
        IncidentStatus::Reopened => "reopened",
    }
}
