//! The business units to inform about an incident (sales, retail shops, …), each with its
//! instructions for after the fix, and who marked it informed when. Changes go through
//! `PATCH /incidents/{id}` (`informed_units`); the server fills in who and when.

use super::{BoardCtx, CardError};
use crate::api::ApiError;
use crate::format;
use crate::i18n::BoardMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::{Incident, IncidentPatch, InformedUnit};

/// A change to the unit list, applied to the newest list when it is sent.
type Change = Box<dyn FnOnce(&mut Vec<InformedUnit>)>;

/// The unit list of the incident in `incident`; `can_edit` shows the buttons and the add
/// form. The list follows the incident live; the add form keeps what was typed.
#[component]
pub fn Units(incident: Signal<Incident>, #[prop(into)] can_edit: Signal<bool>) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<BoardCtx>();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let name = RwSignal::new(String::new());
    let instructions = RwSignal::new(String::new());
    let units = Memo::new(move |_| incident.with(|i| i.informed_units.clone()));
    // Sends the whole list, changed by `change`, against the newest version seen.
    let save = move |change: Change, clear_form: bool| {
        let mut list = incident.with_untracked(|i| i.informed_units.clone());
        change(&mut list);
        let patch = IncidentPatch {
            informed_units: Some(list),
            ..Default::default()
        };
        ctx.send(app, incident, patch, busy, error, move || {
            if clear_form {
                name.set(String::new());
                instructions.set(String::new());
            }
        });
    };
    let rows = move || {
        units
            .get()
            .into_iter()
            .enumerate()
            .map(|(n, u)| {
                let informed = u.informed;
                let who = u.informed_by.clone().unwrap_or_default();
                let when = u.informed_at;
                let unit_name = u.unit.clone();
                let same = move |list: &Vec<InformedUnit>| {
                    list.get(n).is_some_and(|x| x.unit == unit_name)
                };
                let (same1, same2) = (same.clone(), same);
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
                                    let same = same1.clone();
                                    view! {
                                        <button type="button" class="btn btn-primary" data-testid="unit-mark-informed"
                                            disabled=move || busy.get()
                                            on:click=move |_| {
                                                let same = same.clone();
                                                save(Box::new(move |list| {
                                                    if same(list) {
                                                        if let Some(u) = list.get_mut(n) { u.informed = true; }
                                                    }
                                                }), false);
                                            }>{move || app.t(BoardMsg::MarkInformed)}</button>
                                    }
                                })}
                                {
                                    let same = same2.clone();
                                    view! {
                                        <button type="button" class="btn btn-secondary" data-testid="unit-remove"
                                            disabled=move || busy.get()
                                            on:click=move |_| {
                                                let same = same.clone();
                                                save(Box::new(move |list| {
                                                    if same(list) { list.remove(n); }
                                                }), false);
                                            }>{move || app.t(BoardMsg::RemoveUnit)}</button>
                                    }
                                }
                            </div>
                        </Show>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="units" aria-label=move || app.t(BoardMsg::Units)>
            <h3 class="small-h">{move || app.t(BoardMsg::Units)}</h3>
            <Show when=move || units.with(Vec::is_empty)
                fallback=move || view! { <ul class="unit-list">{rows}</ul> }>
                <p class="muted small" data-testid="no-units">{move || app.t(BoardMsg::NoUnits)}</p>
            </Show>
            <Show when=move || can_edit.get()>
                <form class="unit-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let unit = name.get_untracked().trim().to_owned();
                    if unit.is_empty() {
                        return;
                    }
                    let instructions = instructions.get_untracked().trim().to_owned();
                    save(Box::new(move |list| list.push(InformedUnit {
                        unit,
                        instructions,
                        ..Default::default()
                    })), true);
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
            <CardError error=error/>
        </section>
    }
}
