//! The business units to inform about an incident (sales, retail shops, …), each with its
//! instructions for after the fix, and who marked it informed when. Changes go through
//! `PATCH /incidents/{id}` (`informed_units`); the server fills in who and when.

use super::BoardCtx;
use crate::api::{self, ApiError};
use crate::components::ErrorBanner;
use crate::format;
use crate::i18n::BoardMsg;
use crate::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::{Incident, IncidentPatch, InformedUnit};

/// The unit list of `incident`; `can_edit` shows the buttons and the add form.
#[component]
pub fn Units(incident: Incident, #[prop(into)] can_edit: Signal<bool>) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = incident.id.0;
    // Kept across the card's re-creation on every live update, so nothing typed is lost.
    let name = ctx.kept(id, "unit_name");
    let instructions = ctx.kept(id, "unit_instructions");
    let etag = format!("\"{}\"", incident.version);
    let units = incident.informed_units.clone();
    let save = {
        let etag = etag.clone();
        move |list: Vec<InformedUnit>, clear_form: bool| {
            let etag = etag.clone();
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                let patch = IncidentPatch {
                    informed_units: Some(list),
                    ..Default::default()
                };
                let r = app
                    .call(|c| async move { api::incidents::update(&c, id, &patch, &etag).await })
                    .await;
                busy.set(false);
                match r {
                    Ok(_) => {
                        if clear_form {
                            name.set(String::new());
                            instructions.set(String::new());
                        }
                        ctx.refresh.run(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    let rows = units
        .iter()
        .enumerate()
        .map(|(n, u)| {
            let informed = u.informed;
            let who = u.informed_by.clone().unwrap_or_default();
            let when = u.informed_at;
            let (mark, remove) = (save.clone(), save.clone());
            let (all1, all2) = (units.clone(), units.clone());
            view! {
                <li class="unit" data-testid="unit" data-informed=informed.to_string()>
                    <p><strong data-testid="unit-name">{u.unit.clone()}</strong></p>
                    {(!u.instructions.is_empty()).then(|| view! { <p class="small">{u.instructions.clone()}</p> })}
                    <p class="small" data-testid="unit-state">{move || if informed {
                        let at = when.map(|t| format::datetime(app.lang.get(), t)).unwrap_or_default();
                        format!("{} {who}, {at}", app.t(BoardMsg::InformedBy))
                    } else {
                        app.t(BoardMsg::NotInformed).to_owned()
                    }}</p>
                    <Show when=move || can_edit.get()>
                        <div class="btn-row">
                            {(!informed).then(|| {
                                let mark = mark.clone();
                                let all = all1.clone();
                                view! {
                                    <button type="button" class="btn btn-primary" data-testid="unit-mark-informed"
                                        disabled=move || busy.get()
                                        on:click=move |_| {
                                            let mut list = all.clone();
                                            if let Some(u) = list.get_mut(n) { u.informed = true; }
                                            mark(list, false);
                                        }>{move || app.t(BoardMsg::MarkInformed)}</button>
                                }
                            })}
                            {
                                let remove = remove.clone();
                                let all = all2.clone();
                                view! {
                                    <button type="button" class="btn btn-secondary" data-testid="unit-remove"
                                        disabled=move || busy.get()
                                        on:click=move |_| {
                                            let mut list = all.clone();
                                            if n < list.len() { list.remove(n); }
                                            remove(list, false);
                                        }>{move || app.t(BoardMsg::RemoveUnit)}</button>
                                }
                            }
                        </div>
                    </Show>
                </li>
            }
        })
        .collect_view();
    let empty = units.is_empty();
    let add = save.clone();
    let all = units.clone();
    view! {
        <section class="units" aria-label=move || app.t(BoardMsg::Units)>
            <h3 class="small-h">{move || app.t(BoardMsg::Units)}</h3>
            {if empty {
                view! { <p class="muted small" data-testid="no-units">{move || app.t(BoardMsg::NoUnits)}</p> }.into_any()
            } else {
                view! { <ul class="unit-list">{rows}</ul> }.into_any()
            }}
            <Show when=move || can_edit.get()>
                <form class="unit-form" on:submit={
                    let add = add.clone();
                    let all = all.clone();
                    move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let unit = name.get_untracked().trim().to_owned();
                        if unit.is_empty() {
                            return;
                        }
                        let mut list = all.clone();
                        list.push(InformedUnit {
                            unit,
                            instructions: instructions.get_untracked().trim().to_owned(),
                            ..Default::default()
                        });
                        add(list, true);
                    }
                }>
                    <label>
                        <span>{move || app.t(BoardMsg::UnitName)}</span>
                        <input type="text" required maxlength="200" data-testid="unit-new-name"
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    </label>
                    <label>
                        <span>{move || app.t(BoardMsg::UnitInstructions)}</span>
                        <textarea rows="2" maxlength="2000" data-testid="unit-new-instructions"
                            prop:value=move || instructions.get()
                            on:input=move |ev| instructions.set(event_target_value(&ev))></textarea>
                    </label>
                    <button type="submit" class="btn btn-secondary" data-testid="unit-add" disabled=move || busy.get()>
                        {move || app.t(BoardMsg::AddUnit)}
                    </button>
                </form>
            </Show>
            {move || error.get().map(|e| view! { <ErrorBanner error=e/> })}
        </section>
    }
}
