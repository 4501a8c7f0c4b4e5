//! Lifecycle actions of a card (only the allowed next statuses), the resolution form with
//! its note for the linked tickets, and assigning the owner group.

use super::BoardCtx;
use crate::api::{self, ApiError};
use crate::components::ErrorBanner;
use crate::i18n::{action_msg, BoardMsg};
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Incident, IncidentPatch, IncidentStatus};
use spotdesk_core::incidents::next_statuses;

/// The action buttons of `incident`.
#[component]
pub fn Actions(incident: Incident) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = incident.id.0;
    // Kept across the card's re-creation on every live update, so nothing typed is lost.
    let resolving_kept = ctx.kept(id, "resolving");
    let resolving = Signal::derive(move || !resolving_kept.get().is_empty());
    let set_resolving =
        move |on: bool| resolving_kept.set(if on { "1".into() } else { String::new() });
    let note = ctx.kept(id, "note");
    let owner = ctx.kept(id, "owner");
    let etag = format!("\"{}\"", incident.version);
    let has_owner = incident.owner_group.is_some();

    let send = {
        let etag = etag.clone();
        move |patch: IncidentPatch| {
            let etag = etag.clone();
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                let r = app
                    .call(|c| async move { api::incidents::update(&c, id, &patch, &etag).await })
                    .await;
                busy.set(false);
                match r {
                    Ok(_) => {
                        set_resolving(false);
                        note.set(String::new());
                        owner.set(String::new());
                        ctx.refresh.run(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    let buttons = next_statuses(incident.status)
        .into_iter()
        .map(|to| {
            let send = send.clone();
            let primary = matches!(to, IncidentStatus::InWork | IncidentStatus::Resolved);
            view! {
                <button type="button" class="btn" class:btn-primary=primary class:btn-secondary=!primary
                    data-testid=format!("action-{}", status_code(to))
                    disabled=move || busy.get()
                    on:click=move |_| {
                        if to == IncidentStatus::Resolved {
                            set_resolving(true);
                        } else {
                            send(IncidentPatch { status: Some(to), ..Default::default() });
                        }
                    }>
                    {move || app.t(action_msg(to))}
                </button>
            }
        })
        .collect_view();
    let send_resolve = send.clone();
    let send_owner = send.clone();
    view! {
        <div class="actions">
            <div class="btn-row">{buttons}</div>
            <Show when=move || resolving.get()>
                <form class="resolve-form" on:submit={
                    let send = send_resolve.clone();
                    move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let text = note.get_untracked().trim().to_owned();
                        send(IncidentPatch {
                            status: Some(IncidentStatus::Resolved),
                            resolution_note: (!text.is_empty()).then_some(text),
                            ..Default::default()
                        });
                    }
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
                        <button type="button" class="btn btn-secondary" on:click=move |_| set_resolving(false)>
                            {move || app.t(BoardMsg::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
            {(!has_owner).then(|| {
                let send = send_owner.clone();
                view! {
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
                }
            })}
            {move || error.get().map(|e| view! { <ErrorBanner error=e/> })}
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
